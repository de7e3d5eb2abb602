package dev.mosaic.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real stack (embedded PostgreSQL + both built services) on free ports in a throw-away state
 * directory, and checks readiness, the clean stop, and the port-busy error. No network needed.
 */
class LocalStackTest {
    /** The embedded PostgreSQL's own chatter (through SLF4J → JUL) stays out of the build output. */
    private static final java.util.logging.Logger ZONKY = java.util.logging.Logger.getLogger("io.zonky");

    static {
        ZONKY.setLevel(java.util.logging.Level.WARNING);
    }

    @TempDir
    Path state;

    private static Path root() {
        String root = System.getProperty("mosaic.root");
        return StackConfig.findRoot(root != null ? Path.of(root) : Path.of(""));
    }

    private StackConfig config(int db, int auth, int jobs) throws IOException {
        return new StackConfig(root(), state, "127.0.0.1", db, auth, jobs, ThrowawayStack.freePort(), Duration.ofSeconds(90), Duration.ofSeconds(15));
    }

    @Test
    void startsBothServicesReadyAndStopsEverything() throws Exception {
        for (Service service : Service.values()) {
            assertTrue(Files.isRegularFile(service.quarkusApp(root()).resolve("quarkus-run.jar")),
                    service.directory() + " must be built before this test (the reactor builds it first)");
        }
        int db = ThrowawayStack.freePort();
        StackConfig config = config(db, ThrowawayStack.freePort(), ThrowawayStack.freePort());
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<ProcessHandle> services;
        try (LocalStack stack = new LocalStack(config, new PrintStream(console, true, StandardCharsets.UTF_8))) {
            stack.start();
            services = stack.serviceProcesses();
            HttpClient http = HttpClient.newHttpClient();
            for (Service service : Service.values()) {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                        URI.create(stack.baseUrl(service) + "/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ready.statusCode(), service + ": " + ready.body());
                assertTrue(ready.body().replace(" ", "").contains("\"status\":\"UP\""), ready.body());
            }
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(stack.consoleUrl() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), "the console is served once both services are ready");
            HttpResponse<String> settings = http.send(HttpRequest.newBuilder(URI.create(stack.consoleUrl() + "/config.js")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(settings.body().contains(stack.baseUrl(Service.AUTH)) && settings.body().contains(stack.baseUrl(Service.JOBS)),
                    settings.body());
            HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl(Service.AUTH) + "/api/auth/token"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", stack.consoleUrl())
                    .header("Access-Control-Request-Method", "GET").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(stack.consoleUrl(), preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    "auth-service lets the console's origin (on its own port here) call it");
            String output = console.toString(StandardCharsets.UTF_8);
            assertTrue(output.indexOf(stack.consoleUrl()) >= 0
                    && output.indexOf(stack.consoleUrl()) < output.indexOf(stack.baseUrl(Service.AUTH) + "/q/health"),
                    "the console's URL is printed first: " + output);
            assertTrue(output.contains("[auth] ") && output.contains("[jobs] "), "service output is prefixed on the console");
            assertTrue(Files.size(config.logDir().resolve("auth.log")) > 0, "auth log file");
            assertTrue(Files.size(config.logDir().resolve("jobs.log")) > 0, "jobs log file");

            // What the AOT training asks of the services (on a JDK 25 with -Daot, before the stack starts) holds
            // against the stack itself: each call answers as documented, and the jobs end COMPLETED.
            String coordinatorSecret = ServiceEnvironment.devSecrets(config.secretsFile(),
                    Set.of("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET")).get("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET");
            List<String> trained = new TrainingWorkload(http, stack.baseUrl(Service.AUTH), stack.baseUrl(Service.JOBS),
                    config.logDir().resolve("auth.log"), coordinatorSecret).run("workload@example.com", 2);
            assertEquals(2, Set.copyOf(trained).size(), "two jobs, each its own: " + trained);

            StackException busy = assertThrows(StackException.class,
                    () -> new LocalStack(config, new PrintStream(new ByteArrayOutputStream())).start());
            assertTrue(busy.getMessage().contains("is busy"), busy.getMessage());
        }
        for (ProcessHandle service : services) {
            assertFalse(service.isAlive(), "service pid " + service.pid() + " still runs after close()");
        }
        assertFalse(listening(db), "PostgreSQL still listens after close()");
        assertFalse(Files.exists(config.dataDir().resolve("postmaster.pid")), "postmaster.pid left behind");
    }

    @Test
    void refusesABadPortVariable() {
        StackException e = assertThrows(StackException.class,
                () -> StackConfig.fromEnvironment(root(), Map.of("MOSAIC_STACK_DB_PORT", "70000")));
        assertTrue(e.getMessage().contains("MOSAIC_STACK_DB_PORT"), e.getMessage());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
