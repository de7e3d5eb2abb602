package dev.mosaic.deploy.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Gives the service under test a real PostgreSQL: the one named by {@code MOSAIC_TEST_DB_URL}
 * (a JDBC URL, with {@code MOSAIC_TEST_DB_USER} and {@code MOSAIC_TEST_DB_PASSWORD}) or by the
 * usual {@code QUARKUS_DATASOURCE_*} variables when set, otherwise an embedded PostgreSQL 17 on a
 * free port with its own database per service (init arg {@code database}).
 *
 * <p>The embedded server can be stopped and started again on the same port and data
 * ({@link #stopDatabase()}, {@link #startDatabase()}), for tests of a database outage.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private static final Map<String, String> SERVER_CONFIG = Map.of("fsync", "off", "synchronous_commit", "off");
    private static volatile EmbeddedPostgresServer server;
    private static volatile Path dataDirectory;
    private static volatile int port;
    private String database = "mosaic";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        if (System.getenv("QUARKUS_DATASOURCE_JDBC_URL") != null) {
            return Map.of();
        }
        String external = System.getenv("MOSAIC_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return datasource(external, external.substring("jdbc:".length()),
                    System.getenv().getOrDefault("MOSAIC_TEST_DB_USER", "postgres"),
                    System.getenv().getOrDefault("MOSAIC_TEST_DB_PASSWORD", ""));
        }
        try {
            dataDirectory = Files.createTempDirectory("mosaic-test-postgres");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = EmbeddedPostgresServer.start(0, dataDirectory, SERVER_CONFIG);
        port = server.port();
        server.createDatabase(database);
        return datasource(server.jdbcUrl(database), server.reactiveUrl(database),
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    private static Map<String, String> datasource(String jdbcUrl, String reactiveUrl, String user, String password) {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.reactive.url", reactiveUrl,
                "quarkus.datasource.username", user,
                "quarkus.datasource.password", password);
    }

    /** Stops the embedded server as an outage would; its data stays. */
    public static synchronized void stopDatabase() {
        if (server == null) {
            throw new IllegalStateException("No embedded PostgreSQL is running");
        }
        server.close();
        server = null;
    }

    /** Starts the embedded server again, on the same port and the same data. */
    public static synchronized void startDatabase() {
        if (server != null || dataDirectory == null) {
            throw new IllegalStateException("The embedded PostgreSQL is running, or was never started");
        }
        server = EmbeddedPostgresServer.start(port, dataDirectory, SERVER_CONFIG);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
        if (dataDirectory != null) {
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            dataDirectory = null;
        }
    }
}
