package dev.mosaic.deploy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Where and on which ports the local stack runs. Built from the launcher's environment
 * ({@code MOSAIC_STACK_*}); the tests build one by hand with free ports and a throw-away directory.
 *
 * @param root      the repository root (holds {@code auth-service/}, {@code jobs-service/}, {@code mvnw})
 * @param stateDir  data, logs and dev secrets; {@code <root>/.mosaic} by default (gitignored)
 * @param host      the address the services listen on
 */
public record StackConfig(Path root, Path stateDir, String host, int dbPort, int authPort, int jobsPort,
                          int consolePort, Duration startTimeout, Duration stopTimeout) {

    public static final int DEFAULT_DB_PORT = 54329;
    public static final int DEFAULT_AUTH_PORT = 8081;
    public static final int DEFAULT_JOBS_PORT = 8082;
    /** The SPA origin that both services allow by default (their CORS settings). */
    public static final int DEFAULT_CONSOLE_PORT = 5173;

    public static StackConfig fromEnvironment(Path root, Map<String, String> env) {
        Path stateDir = env.containsKey("MOSAIC_STACK_HOME")
                ? Path.of(env.get("MOSAIC_STACK_HOME")).toAbsolutePath()
                : root.resolve(".mosaic");
        return new StackConfig(root, stateDir,
                env.getOrDefault("MOSAIC_STACK_HOST", "127.0.0.1"),
                port(env, "MOSAIC_STACK_DB_PORT", DEFAULT_DB_PORT),
                port(env, "MOSAIC_STACK_AUTH_PORT", DEFAULT_AUTH_PORT),
                port(env, "MOSAIC_STACK_JOBS_PORT", DEFAULT_JOBS_PORT),
                port(env, "MOSAIC_STACK_CONSOLE_PORT", DEFAULT_CONSOLE_PORT),
                Duration.ofSeconds(seconds(env, "MOSAIC_STACK_START_TIMEOUT", 120)),
                Duration.ofSeconds(15));
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a TCP port (1-65535)");
        }
    }

    private static long seconds(Map<String, String> env, String name, long fallback) {
        String value = env.get(name);
        try {
            return value == null || value.isBlank() ? fallback : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a number of seconds");
        }
    }

    /** Walks up from {@code start} to the directory that holds {@code mvnw} and {@code deploy/dev/local-stack}. */
    public static Path findRoot(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy/dev/local-stack"))) {
                return dir;
            }
        }
        throw new StackException("Cannot find the Mosaic repository root above " + start
                + " (a directory with mvnw and deploy/dev/local-stack)");
    }

    public Path dataDir() {
        return stateDir.resolve("postgres");
    }

    public Path logDir() {
        return stateDir.resolve("logs");
    }

    public Path runDir() {
        return stateDir.resolve("run");
    }

    /** The console's files, served as they are (absent from a copy of the built apps alone, e.g. the benchmark's). */
    public Path consoleDir() {
        return root.resolve("deploy/clients/console/web");
    }

    /** The console's origin: the one the services must allow (CORS) and send the browser back to. */
    public String consoleUrl() {
        return "http://" + clientHost() + ":" + consolePort;
    }

    public Path secretsFile() {
        return stateDir.resolve("dev-secrets.env");
    }

    /** The address to reach the services at from this machine. */
    public String clientHost() {
        return switch (host) {
            case "0.0.0.0", "::", "127.0.0.1", "::1" -> "localhost";
            default -> host;
        };
    }
}
