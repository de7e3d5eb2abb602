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
 * The real auth-service, as packaged by this build, running as a child process: tests get their
 * tokens from it and jobs-service verifies them against its JWKS, as in production.
 */
public final class AuthServiceProcess implements AutoCloseable {
    private static final Path JAR = Path.of("..", "auth-service", "target", "quarkus-app", "quarkus-run.jar");
    private final Process process;
    private final Path log;
    public final String baseUrl;

    private AuthServiceProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts auth-service with the given environment on a free port and waits until it is ready. */
    public static AuthServiceProcess start(String name, Map<String, String> environment) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build auth-service first "
                    + "(./mvnw verify builds it before jobs-service)");
        }
        try {
            int port = freePort();
            String baseUrl = "http://localhost:" + port;
            Map<String, String> env = new HashMap<>(environment);
            env.put("MOSAIC_HTTP_PORT", Integer.toString(port));
            env.putIfAbsent("MOSAIC_AUTH_ISSUER", baseUrl);
            Path log = Files.createDirectories(Path.of("target", "auth-service-logs")).resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(javaCommand(), "-Xmx256m", "-jar", JAR.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            AuthServiceProcess auth = new AuthServiceProcess(builder.start(), log, baseUrl);
            auth.awaitReady();
            return auth;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start auth-service", e);
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("auth-service exited during start; see " + log.toAbsolutePath());
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
        throw new IllegalStateException("auth-service was not ready within 90 s; see " + log.toAbsolutePath());
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
