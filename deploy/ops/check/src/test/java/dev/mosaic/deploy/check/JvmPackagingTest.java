package dev.mosaic.deploy.check;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The JVM packaging, proven: each service's built {@code target/quarkus-app} starts with exactly the
 * environment variables that compose.yaml sets (same names; values from .env.example with placeholder
 * secrets; host and ports pointed at an embedded PostgreSQL 17 and free ports, another service's address at
 * where it runs here), with nothing inherited
 * from this JVM's environment, and answers UP on its readiness, liveness and startup probes. The databases
 * and roles come from deploy/ops/postgres/init-databases.sh, run with psql where psql is installed.
 */
class JvmPackagingTest {
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final List<String> SERVICES = List.of("auth-service", "jobs-service");

    @Test
    void eachQuarkusAppStartsWithOnlyComposesVariables() throws Exception {
        for (String name : SERVICES) {
            Path jar = Repo.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: the reactor builds " + name + " before deploy-check");
        }
        Map<String, String> dotEnv = placeholderDotEnv();
        List<Process> processes = new ArrayList<>();
        Map<String, Path> logs = new LinkedHashMap<>();
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(0, null, Map.of("fsync", "off"))) {
            createDatabases(postgres, dotEnv);
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String name : SERVICES) {
                Map<String, String> composeEnv = Compose.environment(Compose.service(name));
                Map<String, String> env = new LinkedHashMap<>();
                composeEnv.forEach((key, value) -> env.put(key, value == null ? "" : reachable(
                        Compose.interpolate(value, dotEnv), ports)));
                int port = freePort();
                ports.put(name, port);
                env.put("MOSAIC_HTTP_PORT", String.valueOf(port));
                env.put("MOSAIC_DB_HOST", "localhost");
                env.put("MOSAIC_DB_PORT", String.valueOf(postgres.port()));
                assertEquals(composeEnv.keySet(), env.keySet(), "exactly compose's variables");

                Path log = Files.createTempFile(name, ".log");
                logs.put(name, log);
                ProcessBuilder builder = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-jar",
                        Repo.root().resolve(name).resolve("target/quarkus-app/quarkus-run.jar").toString())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                builder.environment().clear();
                builder.environment().putAll(env);
                processes.add(builder.start());
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            for (int i = 0; i < SERVICES.size(); i++) {
                String name = SERVICES.get(i);
                ServiceConfig config = ServiceConfig.of(name);
                String base = "http://localhost:" + ports.get(name);
                Process process = processes.get(i);
                try {
                    await().atMost(START_LIMIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                        if (!process.isAlive()) {
                            fail(name + " exited (" + process.exitValue() + "):\n" + tail(logs.get(name)));
                        }
                        return status(http, base + config.healthPath("ready")) == 200;
                    });
                } catch (ConditionTimeoutException e) {
                    fail(name + " not ready within " + START_LIMIT.toSeconds() + " s:\n" + tail(logs.get(name)));
                }
                for (String kind : List.of("ready", "live", "started")) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + config.healthPath(kind))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, response.statusCode(), name + " " + kind + ": " + response.body());
                    assertTrue(response.body().replace(" ", "").contains("\"status\":\"UP\""), name + " " + kind + ": " + response.body());
                }
                String log = Files.readString(logs.get(name));
                assertTrue(log.contains("Profile prod activated"), name + " runs the prod profile");
            }
        } finally {
            for (Process process : processes) {
                process.toHandle().destroy();
            }
            for (Process process : processes) {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            for (Path log : logs.values()) {
                Files.deleteIfExists(log);
            }
        }
    }

    /**
     * Compose's network names another service by its name and port (jobs-service reads auth-service's JWKS and
     * revocation feed, and is not ready before it has read the feed once); here each runs on localhost.
     */
    private static String reachable(String value, Map<String, Integer> ports) {
        String result = value;
        for (Map.Entry<String, Integer> started : ports.entrySet()) {
            result = result.replace("http://" + started.getKey() + ":" + ServiceConfig.of(started.getKey()).port(),
                    "http://localhost:" + started.getValue());
        }
        return result;
    }

    /**
     * .env.example's values; its empty placeholders filled with test values long enough for the services' checks,
     * except where compose gives a default ({@code ${NAME:-}}): there empty is a real setting (no trusted proxy).
     */
    private static Map<String, String> placeholderDotEnv() {
        Set<String> optional = new TreeSet<>();
        Compose.file().path("services").forEach(service -> Compose.environment(service).values().forEach(value -> {
            Matcher m = Compose.INTERPOLATION.matcher(value == null ? "" : value);
            while (m.find()) {
                if (m.group(2) != null && m.group(2).endsWith("-")) {
                    optional.add(m.group(1));
                }
            }
        }));
        Map<String, String> values = new LinkedHashMap<>();
        Compose.envFile(Repo.ops().resolve(".env.example")).forEach((key, value) -> values.put(key,
                !value.isEmpty() || optional.contains(key) ? value
                        : Repo.looksSecret(key) ? "placeholder-" + key.toLowerCase() + "-0123456789abcdef0123456789"
                        : "placeholder"));
        return values;
    }

    private static void createDatabases(EmbeddedPostgresServer postgres, Map<String, String> dotEnv) throws Exception {
        Path script = Repo.ops().resolve("postgres/init-databases.sh");
        if (KustomizeCheckTest.onPath("psql") != null && KustomizeCheckTest.onPath("bash") != null) {
            ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
            builder.environment().putAll(Map.of("PGHOST", "localhost", "PGPORT", String.valueOf(postgres.port()),
                    "PGUSER", EmbeddedPostgresServer.USER, "PGPASSWORD", EmbeddedPostgresServer.PASSWORD,
                    "MOSAIC_AUTH_DB_PASSWORD", dotEnv.get("MOSAIC_AUTH_DB_PASSWORD"),
                    "MOSAIC_JOBS_DB_PASSWORD", dotEnv.get("MOSAIC_JOBS_DB_PASSWORD")));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, process.exitValue(), script + " failed:\n" + output);
            return;
        }
        // No psql here: the same statements over JDBC.
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"),
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
             Statement statement = connection.createStatement()) {
            for (String name : List.of("mosaic_auth", "mosaic_jobs")) {
                String password = dotEnv.get(name.toUpperCase() + "_DB_PASSWORD").replace("'", "''");
                statement.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'");
                statement.execute("CREATE DATABASE " + name + " OWNER " + name);
            }
        }
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
