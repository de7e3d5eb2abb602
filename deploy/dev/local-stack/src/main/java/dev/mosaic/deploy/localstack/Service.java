package dev.mosaic.deploy.localstack;

import java.nio.file.Path;

/** One of the two Mosaic services, as the local stack runs it. */
public enum Service {
    AUTH("auth-service", "auth", "mosaic_auth"),
    JOBS("jobs-service", "jobs", "mosaic_jobs");

    private final String directory;
    private final String label;
    private final String database;

    Service(String directory, String label, String database) {
        this.directory = directory;
        this.label = label;
        this.database = database;
    }

    public String directory() {
        return directory;
    }

    /** The console prefix and log file name. */
    public String label() {
        return label;
    }

    public String database() {
        return database;
    }

    public int port(StackConfig config) {
        return this == AUTH ? config.authPort() : config.jobsPort();
    }

    public Path quarkusApp(Path root) {
        return root.resolve(directory).resolve("target/quarkus-app");
    }
}
