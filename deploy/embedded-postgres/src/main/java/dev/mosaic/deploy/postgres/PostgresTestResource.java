package dev.mosaic.deploy.postgres;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives the service under test a real PostgreSQL: the one named by {@code MOSAIC_TEST_DB_URL}
 * (a JDBC URL, with {@code MOSAIC_TEST_DB_USER} and {@code MOSAIC_TEST_DB_PASSWORD}) or by the
 * usual {@code QUARKUS_DATASOURCE_*} variables when set, otherwise an embedded PostgreSQL 17 on a
 * free port with its own database per service (init arg {@code database}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private String database = "mosaic";
    private EmbeddedPostgresServer server;

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
        server = EmbeddedPostgresServer.start(0, null, Map.of("fsync", "off", "synchronous_commit", "off"));
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

    @Override
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
