package dev.mosaic.deploy.localstack;

import dev.mosaic.deploy.config.ServiceVariables;
import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * The local stack: an embedded PostgreSQL 17 with one database per service, then auth-service and
 * jobs-service from their built {@code quarkus-app}, each a child JVM configured by environment
 * variables only, and the console (the browser SPA) served on its own origin once both are ready. Ctrl-C stops the services first (SIGTERM, then SIGKILL after a timeout) and
 * PostgreSQL last. On a JDK 25 with a {@code -Daot} build, the first start after each build records the services'
 * AOT caches from a real run first ({@link AotTraining}). Run it with {@code deploy/dev/local-stack.sh}, which builds
 * first.
 */
public final class LocalStack implements AutoCloseable {
    private final StackConfig config;
    private final PrintStream out;
    private final Map<Service, Map<String, String>> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ServiceProcess> running = new CopyOnWriteArrayList<>();
    private final CompletableFuture<ServiceProcess> died = new CompletableFuture<>();
    private final Object lifecycle = new Object();
    private EmbeddedPostgresServer postgres;
    private ConsoleServer console;
    private boolean stopping;

    public LocalStack(StackConfig config, PrintStream out) {
        this(config, out, Map.of());
    }

    /**
     * @param settings variables of each service, set over the stack's own values and the launcher's
     *                 {@code MOSAIC_STACK_SET_*}, whether or not the service's application.properties names them: what
     *                 a test knows only once it runs, in names that only the caller knows the service reads (a
     *                 provider it started, under auth-service's {@code MOSAIC_AUTH_OIDC_<ID>_*})
     */
    public LocalStack(StackConfig config, PrintStream out, Map<Service, Map<String, String>> settings) {
        this.config = config;
        this.out = out;
        this.settings = Map.copyOf(settings);
    }

    public static void main(String[] args) {
        StackConfig config;
        try {
            config = StackConfig.fromEnvironment(StackConfig.findRoot(launcherLocation()), System.getenv());
        } catch (StackException e) {
            System.err.println("local stack: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalStack stack = new LocalStack(config, System.out);
        stack.logPostgresToFile();
        // Ordered stop on Ctrl-C / SIGTERM: services first, PostgreSQL last. A plain shutdown hook could
        // not guarantee that order: the embedded PostgreSQL registers its own hook, and the JVM runs all
        // hooks at once. The hook below stays as the safety net for any other way the JVM ends.
        for (String signal : List.of("INT", "TERM", "HUP")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                    stack.out.println("\nlocal stack: SIG" + s.getName() + ", stopping ...");
                    stack.close();
                    System.exit(128 + s.getNumber());
                });
            } catch (IllegalArgumentException e) {
                // signal not available here; the shutdown hook still stops everything
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
        try {
            stack.start();
            ServiceProcess dead = stack.awaitFirstDeath();
            if (dead != null) {
                stack.reportDeath(dead);
                stack.close();
                System.exit(1);
            }
            waitForTheSignalHandler();
        } catch (RuntimeException e) {
            if (stack.isStopping()) {
                waitForTheSignalHandler();
            }
            if (e instanceof StackException) {
                System.err.println("local stack: " + e.getMessage());
            } else {
                System.err.println("local stack failed:");
                e.printStackTrace();
            }
            stack.close();
            System.exit(1);
        }
    }

    /**
     * A signal handler is stopping the stack and then calls System.exit with the signal's code. The main
     * thread must not end meanwhile: the JVM could start its shutdown (and the embedded PostgreSQL's own
     * shutdown hook) while the services are still stopping.
     */
    private static void waitForTheSignalHandler() {
        try {
            new java.util.concurrent.CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Path launcherLocation() {
        try {
            return Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("").toAbsolutePath();
        }
    }

    /** The embedded PostgreSQL logs through SLF4J → java.util.logging: into its own log file, not the console. */
    private void logPostgresToFile() {
        try {
            Files.createDirectories(config.logDir());
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT %4$s %5$s%6$s%n");
            Logger root = Logger.getLogger("");
            for (Handler handler : root.getHandlers()) {
                root.removeHandler(handler);
            }
            FileHandler file = new FileHandler(config.logDir().resolve("postgres.log").toString(), false);
            file.setFormatter(new SimpleFormatter());
            root.addHandler(file);
        } catch (IOException e) {
            out.println("local stack: PostgreSQL output goes nowhere (" + e.getMessage() + ")");
        }
    }

    /**
     * Starts everything and returns once both services answer 200 on {@code /q/health/ready} and the console
     * is served, after printing where each one is.
     */
    public void start() {
        Map<Service, ServiceVariables> variables = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            Path app = service.quarkusApp(config.root());
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new StackException(app.resolve("quarkus-run.jar") + " is missing: build first"
                        + " (deploy/dev/local-stack.sh builds, or ./mvnw -B -DskipTests install)");
            }
            variables.put(service, ServiceEnvironment.variables(app));
        }
        checkPortsFree();

        out.println("local stack: PostgreSQL 17 on port " + config.dbPort() + ", data in " + config.dataDir());
        synchronized (lifecycle) {
            if (stopping) {
                throw new StackException("stopped while starting");
            }
            try {
                postgres = EmbeddedPostgresServer.start(config.dbPort(), config.dataDir(), Map.of());
            } catch (RuntimeException e) {
                throw new StackException("PostgreSQL did not start: " + rootMessage(e)
                        + " (its log: " + config.logDir().resolve("postgres.log") + ")", e);
            }
        }
        for (Service service : Service.values()) {
            postgres.createDatabase(service.database());
        }

        // Dev secrets: every secret-looking variable a service requires, plus the ones named in devSecretNames().
        TreeSet<String> secretNames = new TreeSet<>();
        variables.values().forEach(v -> v.required().stream().filter(ServiceEnvironment::looksSecret).forEach(secretNames::add));
        devSecretNames().stream().filter(name -> variables.values().stream().anyMatch(v -> v.reads(name))).forEach(secretNames::add);
        Map<String, String> secrets = ServiceEnvironment.devSecrets(config.secretsFile(), secretNames);
        if (!secrets.isEmpty()) {
            out.println("local stack: dev secrets " + secrets.keySet() + " are in " + config.secretsFile());
        }
        Map<String, String> values = new LinkedHashMap<>(devValues(config));
        values.putAll(secrets);
        values.putAll(ServiceEnvironment.overrides(System.getenv()));

        if (AotTraining.needed(config.root(), Runtime.version().feature())) {
            trainAotCaches(variables, values);
        }
        for (Service service : Service.values()) {
            Map<String, String> env = ServiceEnvironment.build(service, config, variables.get(service), values);
            env.putAll(settings.getOrDefault(service, Map.of()));
            synchronized (lifecycle) {
                ServiceProcess process = startProcess(() -> ServiceProcess.start(service, config, env, out));
                process.process().onExit().thenRun(() -> {
                    synchronized (lifecycle) {
                        if (!stopping) {
                            died.complete(process);
                        }
                    }
                });
            }
        }
        awaitReady(List.copyOf(running));
        if (servesConsole()) {
            synchronized (lifecycle) {
                if (stopping) {
                    throw new StackException("stopped while starting");
                }
                console = ConsoleServer.start(config.host(), config.consolePort(), config.consoleDir(),
                        baseUrl(Service.AUTH), baseUrl(Service.JOBS));
            }
        }
        printUrls();
    }

    /** A copy of the built apps alone (the benchmark's) has no console to serve, and takes no port for it. */
    private boolean servesConsole() {
        return Files.isDirectory(config.consoleDir());
    }

    /**
     * Dev settings for variables the services may read; each is set only when the built service reads
     * it. Secrets are not here: they are generated once per state directory (see {@link #devSecretNames}).
     */
    static Map<String, String> devValues(StackConfig config) {
        String authUrl = "http://" + config.clientHost() + ":" + config.authPort();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("MOSAIC_AUTH_ISSUER", authUrl);
        // jobs-service verifies tokens against auth-service's JWKS
        values.put("MOSAIC_AUTH_JWKS_URL", authUrl + "/api/auth/jwks");
        // Plain http on localhost: a Secure cookie would never come back.
        values.put("MOSAIC_AUTH_COOKIE_SECURE", "false");
        // No SMTP server here: mails (verification, password reset) are logged to the console instead.
        values.put("QUARKUS_MAILER_MOCK", "true");
        // Everyone is 127.0.0.1 here: the production limit (10 mails an hour per client address) would let a
        // developer sign up only ten people an hour, the rest silently (sign-up answers alike over the limit).
        values.put("MOSAIC_AUTH_MAIL_MAX_PER_ADDRESS", "1000");
        // The console's origin: allowed to call both services (CORS), and where SSO and mailed links lead back to.
        values.put("MOSAIC_AUTH_CORS_ORIGINS", config.consoleUrl());
        values.put("MOSAIC_JOBS_CORS_ORIGINS", config.consoleUrl());
        values.put("MOSAIC_AUTH_PASSWORD_RESET_URL", config.consoleUrl() + "/reset-password");
        values.put("MOSAIC_AUTH_EMAIL_VERIFICATION_URL", config.consoleUrl() + "/verify-email");
        values.put("MOSAIC_AUTH_INVITATION_URL", config.consoleUrl() + "/accept-invitation");
        values.put("MOSAIC_AUTH_EMAIL_CHANGE_URL", config.consoleUrl() + "/confirm-email-change");
        values.put("MOSAIC_AUTH_SPA_ERROR_URL", config.consoleUrl() + "/sign-in/error");
        // A machine client for a local coordinator (its secret is generated).
        values.put("MOSAIC_AUTH_CLIENTS_COORDINATOR_ROLES", "coordinator");
        return values;
    }

    /** Secrets the stack generates when a service reads them, though not required. */
    static List<String> devSecretNames() {
        return List.of("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET");
    }

    private void checkPortsFree() {
        checkPortFree("127.0.0.1", config.dbPort(), "PostgreSQL (MOSAIC_STACK_DB_PORT)",
                leftover(config.dataDir().resolve("postmaster.pid"), "a PostgreSQL of an earlier stack"));
        for (Service service : Service.values()) {
            String knob = service == Service.AUTH ? "MOSAIC_STACK_AUTH_PORT" : "MOSAIC_STACK_JOBS_PORT";
            checkPortFree(config.host(), service.port(config), service.directory() + " (" + knob + ")",
                    leftover(config.runDir().resolve(service.label() + ".pid"), "a " + service.directory() + " of an earlier stack"));
        }
        if (servesConsole()) {
            checkPortFree(config.host(), config.consolePort(), "the console (MOSAIC_STACK_CONSOLE_PORT)", Optional.empty());
        }
    }

    private static void checkPortFree(String host, int port, String what, Optional<String> hint) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw new StackException("Port " + port + " for " + what + " is busy"
                    + hint.map(h -> ": " + h).orElse(": stop what uses it, or pick another port with the variable in brackets"));
        } catch (IOException e) {
            throw new StackException("Cannot check port " + port + " on " + host + ": " + e.getMessage(), e);
        }
    }

    /** A hint when a pid file names a process that still runs (its launcher was killed hard). */
    private static Optional<String> leftover(Path pidFile, String what) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .map(p -> what + " still runs as pid " + pid + " (its launcher was killed?): `kill " + pid + "`, then start again");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A child JVM that {@link #close()} stops too. */
    private ServiceProcess startProcess(Supplier<ServiceProcess> start) {
        synchronized (lifecycle) {
            if (stopping) {
                throw new StackException("stopped while starting");
            }
            ServiceProcess process = start.get();
            running.add(process);
            return process;
        }
    }

    /**
     * Both services run once beside the stack, each on its own throwaway database, to record their AOT caches
     * ({@link AotTraining}); the stack's own databases never see that run.
     */
    private void trainAotCaches(Map<Service, ServiceVariables> variables, Map<String, String> values) {
        String coordinatorSecret = values.get("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET");
        if (coordinatorSecret == null) {
            out.println("local stack: no coordinator client to train the AOT caches with; starting from the build's cache");
            return;
        }
        Map<Service, Map<String, String>> environments = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            Map<String, String> trainingValues = new LinkedHashMap<>(values);
            trainingValues.put("MOSAIC_DB_NAME", AotTraining.database(service));
            environments.put(service, ServiceEnvironment.build(service, config, variables.get(service), trainingValues));
        }
        new AotTraining(config, postgres, http, out).train(new AotTraining.Stack() {
            @Override
            public ServiceProcess start(Service service, String name, List<String> jvmOptions, Map<String, String> environment) {
                // its log file only: the JVM's archiving warnings are no news for the console
                return startProcess(() -> ServiceProcess.start(service, name, jvmOptions, config, environment,
                        new PrintStream(OutputStream.nullOutputStream())));
            }

            @Override
            public void awaitReady(List<ServiceProcess> processes) {
                LocalStack.this.awaitReady(processes);
            }

            @Override
            public void stop(ServiceProcess process, Duration timeout) {
                process.stop(timeout);
                running.remove(process);
            }

            @Override
            public String baseUrl(Service service) {
                return LocalStack.this.baseUrl(service);
            }
        }, environments, coordinatorSecret);
    }

    private void awaitReady(List<ServiceProcess> processes) {
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        List<ServiceProcess> waiting = new CopyOnWriteArrayList<>(processes);
        while (!waiting.isEmpty()) {
            for (ServiceProcess service : waiting) {
                if (!service.process().isAlive()) {
                    throw new StackException(deathReport(service));
                }
                if (ServiceProcess.status(http, baseUrl(service.service()) + "/q/health/ready") == 200) {
                    waiting.remove(service);
                }
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StackException("Not ready after " + config.startTimeout().toSeconds() + " s: "
                        + waiting.stream().map(s -> s.service().directory() + " (log " + s.logFile() + ")").toList()
                        + "; MOSAIC_STACK_START_TIMEOUT sets the limit in seconds");
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for the services");
            }
        }
    }

    /** Where the browser opens the console. */
    public String consoleUrl() {
        return config.consoleUrl();
    }

    public String baseUrl(Service service) {
        return "http://" + config.clientHost() + ":" + service.port(config);
    }

    private void printUrls() {
        StringBuilder text = new StringBuilder("\nMosaic local stack is up.\n");
        if (console != null) {
            text.append(String.format("  %-13s %s   <- open this in a browser%n", "console", consoleUrl()));
        }
        for (Service service : Service.values()) {
            String base = baseUrl(service);
            text.append(String.format("  %-13s %s%n", service.directory(), base));
            text.append(String.format("  %-13s   health %s/q/health   openapi %s/q/openapi%n", "", base, base));
            if (ServiceProcess.status(http, base + "/q/swagger-ui/") == 200) {
                text.append(String.format("  %-13s   swagger-ui %s/q/swagger-ui%n", "", base));
            }
        }
        text.append(String.format("  %-13s jdbc:postgresql://localhost:%d/{mosaic_auth,mosaic_jobs} (user %s, password %s)%n",
                "PostgreSQL", config.dbPort(), EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD));
        text.append(String.format("  %-13s %s (data), %s (logs)%n", "state", config.dataDir(), config.logDir()));
        if (Files.exists(config.secretsFile())) {
            text.append(String.format("  %-13s %s%n", "dev secrets", config.secretsFile()));
        }
        text.append("Ctrl-C stops everything.\n");
        out.print(text);
        out.flush();
    }

    /** Blocks until a service exits on its own; null when the stack is being stopped instead. */
    public ServiceProcess awaitFirstDeath() {
        try {
            return died.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    private void reportDeath(ServiceProcess dead) {
        System.err.println("local stack: " + deathReport(dead) + "\nStopping everything.");
    }

    private String deathReport(ServiceProcess service) {
        StringBuilder text = new StringBuilder(service.service().directory() + " exited with code "
                + service.process().exitValue() + "; its last lines (all in " + service.logFile() + "):\n");
        service.lastLines().forEach(line -> text.append("    ").append(line).append('\n'));
        return text.toString().stripTrailing();
    }

    public boolean isStopping() {
        synchronized (lifecycle) {
            return stopping;
        }
    }

    public List<ProcessHandle> serviceProcesses() {
        return running.stream().map(s -> s.process().toHandle()).toList();
    }

    /**
     * Stops PostgreSQL under the running services, as an outage would; {@link #startDatabase()} brings it back on
     * the same data and port. For tests of how clients ride out an outage.
     */
    public void stopDatabase() {
        synchronized (lifecycle) {
            if (postgres != null) {
                postgres.close();
                postgres = null;
            }
        }
    }

    /** Starts PostgreSQL again after {@link #stopDatabase()}. */
    public void startDatabase() {
        synchronized (lifecycle) {
            if (stopping) {
                throw new StackException("the stack is stopping");
            }
            if (postgres == null) {
                postgres = EmbeddedPostgresServer.start(config.dbPort(), config.dataDir(), Map.of());
            }
        }
    }

    /** Stops the services (in parallel, each SIGTERM then SIGKILL after the timeout), then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        died.complete(null);
        if (console != null) {
            console.close();
        }
        List<Thread> stoppers = running.stream().map(service -> {
            Thread thread = new Thread(() -> service.stop(config.stopTimeout()), "stop-" + service.service().label());
            thread.start();
            return thread;
        }).toList();
        for (Thread thread : stoppers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!running.isEmpty()) {
            out.println("local stack: services stopped");
        }
        if (postgres != null) {
            try {
                postgres.close();
                out.println("local stack: PostgreSQL stopped");
            } catch (RuntimeException e) {
                out.println("local stack: PostgreSQL did not stop cleanly: " + rootMessage(e));
            }
        }
        out.flush();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return e == cause ? String.valueOf(e.getMessage()) : e.getMessage() + ": " + cause.getMessage();
    }
}
