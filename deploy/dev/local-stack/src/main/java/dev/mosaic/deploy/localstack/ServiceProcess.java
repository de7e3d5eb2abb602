package dev.mosaic.deploy.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A service running as a child JVM: its output goes to its log file and, prefixed, to the console. */
final class ServiceProcess {
    private static final int TAIL_LINES = 40;

    private final Service service;
    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread pump;

    private ServiceProcess(Service service, String name, Process process, Path logFile, Path pidFile, PrintStream console) {
        this.service = service;
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.pump = new Thread(() -> pump(console), name + "-output");
        this.pump.setDaemon(true);
        this.pump.start();
    }

    /** The service as the stack runs it: its label names the files, its JVM options are {@link ServiceJvm#options}'s. */
    static ServiceProcess start(Service service, StackConfig config, Map<String, String> environment, PrintStream console) {
        return start(service, service.label(), ServiceJvm.options(config.root(), service.quarkusApp(config.root()),
                Runtime.version().feature()), config, environment, console);
    }

    /**
     * @param name       the console prefix and the name of its log and pid files: the service's label, or another
     *                   for a run beside the stack's (the AOT training)
     * @param jvmOptions what comes between {@code java} and {@code -jar} ({@link ServiceJvm})
     */
    static ServiceProcess start(Service service, String name, List<String> jvmOptions, StackConfig config,
                                Map<String, String> environment, PrintStream console) {
        Path quarkusApp = service.quarkusApp(config.root());
        Path jar = quarkusApp.resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new StackException(jar + " is missing: build first (./mvnw -B -DskipTests install, or deploy/dev/local-stack.sh)");
        }
        String java = ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            Files.createDirectories(config.logDir());
            Files.createDirectories(config.runDir());
            Path logFile = config.logDir().resolve(name + ".log");
            if (Files.exists(logFile)) {
                Files.move(logFile, config.logDir().resolve(name + ".previous.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(java));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(quarkusApp.toFile())
                    .redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.PIPE);
            builder.environment().clear();
            builder.environment().putAll(environment);
            builder.environment().put("MALLOC_ARENA_MAX", ServiceJvm.MALLOC_ARENA_MAX);
            Process process = builder.start();
            process.getOutputStream().close();
            Path pidFile = config.runDir().resolve(name + ".pid");
            Files.writeString(pidFile, process.pid() + "\n");
            return new ServiceProcess(service, name, process, logFile, pidFile, console);
        } catch (IOException e) {
            throw new StackException("Cannot start " + service.directory() + ": " + e.getMessage(), e);
        }
    }

    private void pump(PrintStream console) {
        String prefix = "[" + name + "] ";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                console.println(prefix + line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > TAIL_LINES) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            console.println(prefix + "(output lost: " + e.getMessage() + ")");
        }
    }

    Service service() {
        return service;
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return logFile;
    }

    List<String> lastLines() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** Answers the HTTP status of a GET, or -1 when nothing answers. */
    static int status(HttpClient client, String url) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Polite stop (SIGTERM: Quarkus shuts down gracefully), then SIGKILL after the timeout. */
    void stop(Duration timeout) {
        try {
            // Through the ProcessHandle: Process.destroy() would also close the output pipe, and the
            // service's last lines (its graceful shutdown) would be lost.
            if (process.isAlive()) {
                process.toHandle().destroy();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.toHandle().destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            pump.join(2000);
        } catch (InterruptedException e) {
            process.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
