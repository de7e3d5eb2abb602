package dev.mosaic.jobs.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Mosaic service as packaged by this build, running as a child process configured by its environment
 * alone: the real auth-service that tests get their tokens from (jobs-service verifies them against its
 * JWKS, as in production), or a second jobs-service replica on the same database.
 */
public final class PackagedService implements AutoCloseable {
    public static final String AUTH_SERVICE = "auth-service";
    public static final String JOBS_SERVICE = "jobs-service";

    private final String service;
    private final Process process;
    private final Path log;
    public final String baseUrl;

    private PackagedService(String service, Process process, Path log, String baseUrl) {
        this.service = service;
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Where the process writes its output. */
    public Path log() {
        return log;
    }

    /**
     * Starts {@code service} ({@link #AUTH_SERVICE} or {@link #JOBS_SERVICE}) with the given environment on
     * a free port and waits until it is ready; its output goes to {@code target/<service>-logs/<name>.log}.
     */
    public static PackagedService start(String service, String name, Map<String, String> environment) {
        Path jar = Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: package " + service + " first "
                    + "(./mvnw verify builds auth-service before jobs-service, and packages jobs-service before the "
                    + "tests that need it)");
        }
        try {
            int port = freePort();
            String baseUrl = "http://localhost:" + port;
            Map<String, String> env = new HashMap<>(environment);
            env.put("MOSAIC_HTTP_PORT", Integer.toString(port));
            env.putIfAbsent("MOSAIC_AUTH_ISSUER", baseUrl);
            Path log = Files.createDirectories(Path.of("target", service + "-logs")).resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx256m", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            PackagedService started = new PackagedService(service, builder.start(), log, baseUrl);
            started.awaitReady();
            return started;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start " + service, e);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " exited during start; see " + log.toAbsolutePath());
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException(service + " was not ready within 90 s; see " + log.toAbsolutePath());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
