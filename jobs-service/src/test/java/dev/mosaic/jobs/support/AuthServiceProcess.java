package dev.mosaic.jobs.support;

import java.util.Map;

/**
 * The real auth-service, as packaged by this build, running as a child process: tests get their
 * tokens from it and jobs-service verifies them against its JWKS, as in production.
 */
public final class AuthServiceProcess implements AutoCloseable {
    private final PackagedService process;
    public final String baseUrl;

    private AuthServiceProcess(PackagedService process) {
        this.process = process;
        this.baseUrl = process.baseUrl;
    }

    /** Starts auth-service with the given environment on a free port and waits until it is ready. */
    public static AuthServiceProcess start(String name, Map<String, String> environment) {
        return new AuthServiceProcess(PackagedService.start(PackagedService.AUTH_SERVICE, name, environment));
    }

    @Override
    public void close() {
        process.close();
    }
}
