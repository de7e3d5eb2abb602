package dev.mosaic.deploy.localstack;

import dev.mosaic.deploy.testing.MockMailLog;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The local stack as the clients' and end-to-end tests use it: a fresh directory under the module's
 * {@code target/} (fresh data, fresh random secrets, fresh logs), free ports, and the tails of the
 * logs printed when something fails, since a test's report alone cannot say why a service did not start.
 */
public final class ThrowawayStack implements AutoCloseable {
    private static final int TAIL_LINES = 60;

    private final StackConfig config;
    private final PrintStream output;
    private final LocalStack stack;
    private final List<Path> logs = new CopyOnWriteArrayList<>();

    private ThrowawayStack(StackConfig config, PrintStream output, Map<Service, Map<String, String>> settings) {
        this.config = config;
        this.output = output;
        this.stack = new LocalStack(config, output, settings);
        for (Service service : Service.values()) {
            logs.add(config.logDir().resolve(service.label() + ".log"));
        }
    }

    /**
     * Starts PostgreSQL and both services (built beforehand) from the repository that holds
     * {@code moduleDir}, with state in {@code moduleDir/target/<name>}; returns once both are ready.
     */
    public static ThrowawayStack start(Path moduleDir, String name) throws IOException {
        return start(moduleDir, name, Map.of());
    }

    /**
     * The same, with variables of the test's own for each service
     * ({@link LocalStack#LocalStack(StackConfig, PrintStream, Map)}).
     */
    public static ThrowawayStack start(Path moduleDir, String name, Map<Service, Map<String, String>> settings)
            throws IOException {
        Path root = StackConfig.findRoot(moduleDir);
        Path state = moduleDir.resolve("target").resolve(name);
        deleteRecursively(state);
        StackConfig config = new StackConfig(root, state, "127.0.0.1", freePort(), freePort(), freePort(), freePort(),
                Duration.ofSeconds(120), Duration.ofSeconds(15));
        Files.createDirectories(config.logDir());
        PrintStream output = new PrintStream(Files.newOutputStream(config.logDir().resolve("stack.log")), true,
                StandardCharsets.UTF_8);
        ThrowawayStack started = new ThrowawayStack(config, output, settings);
        try {
            started.stack.start();
        } catch (RuntimeException e) {
            started.printLogTails();
            started.close();
            throw e;
        }
        return started;
    }

    public StackConfig config() {
        return config;
    }

    public LocalStack stack() {
        return stack;
    }

    /** Where the stack and whatever a test starts beside it (replicas) write their lines. */
    public PrintStream output() {
        return output;
    }

    /** A value of the generated dev secrets, e.g. {@code MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET}. */
    public String secret(String name) {
        Properties secrets = new Properties();
        try (var reader = Files.newBufferedReader(config.secretsFile())) {
            secrets.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets.getProperty(name);
    }

    /**
     * The link of the last mail that auth-service sent to {@code to}, if one has been sent yet: its mailer is a
     * mock here, which writes every mail to its log ({@link MockMailLog}).
     */
    public Optional<String> mailedLink(String to) {
        return MockMailLog.lastLink(config.logDir().resolve(Service.AUTH.label() + ".log"), to);
    }

    /** A further log whose tail {@link #printLogTails()} prints too. */
    public void watchLog(Path log) {
        logs.add(log);
    }

    public void printLogTails() {
        for (Path log : new ArrayList<>(logs)) {
            System.err.println("---- last " + TAIL_LINES + " lines of " + log + " ----");
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()).forEach(System.err::println);
            } catch (IOException e) {
                System.err.println("(no log: " + e.getMessage() + ")");
            }
        }
    }

    /** Stops the services (SIGTERM, then SIGKILL after the stop timeout) and PostgreSQL. */
    @Override
    public void close() {
        try {
            stack.close();
        } finally {
            output.close();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
