package dev.mosaic.deploy.localstack;

import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records each service's JDK AOT cache ({@link ServiceJvm#TRAINED_AOT_CACHE}) from a real run, once per build.
 * <p>
 * The cache that {@code -Daot} packages covers a service only up to the end of its static init, because the build
 * has no database: Hibernate, Flyway, the HTTP server, security and the rest of the runtime start are still read
 * from the jars, linked and profiled at every start (on 2 cores: auth-service 7.4 s to ready, jobs-service 6.7 s).
 * Here both services start against their own throwaway databases on the stack's PostgreSQL, with
 * {@code -XX:AOTCacheOutput}, serve the {@link TrainingWorkload} and stop; the JVM writes the cache as it exits,
 * with the classes of all of that and the method profiles of the calls (auth-service then 4.6 s, jobs-service
 * 4.4 s). The stack's services then start from it.
 * <p>
 * Training is never in the way: when anything fails, the stack starts from the build's cache, after a line that
 * says why.
 */
final class AotTraining {
    /** Jobs the workload takes from creation to completion: enough calls for the hot paths' profiles. */
    static final int ROUNDS = 20;
    /** The JVM writes the cache as it exits (seconds on 2 cores); a SIGKILL before that would lose it. */
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(180);
    private static final String TRAINING_EMAIL = "aot-training@example.com";

    /** What the stack lends the training: its way of starting, awaiting and stopping a service. */
    interface Stack {
        ServiceProcess start(Service service, String name, List<String> jvmOptions, Map<String, String> environment);

        void awaitReady(List<ServiceProcess> processes);

        void stop(ServiceProcess process, Duration timeout);

        String baseUrl(Service service);
    }

    private final StackConfig config;
    private final EmbeddedPostgresServer postgres;
    private final HttpClient http;
    private final PrintStream out;

    AotTraining(StackConfig config, EmbeddedPostgresServer postgres, HttpClient http, PrintStream out) {
        this.config = config;
        this.postgres = postgres;
        this.http = http;
        this.out = out;
    }

    /** Whether a service needs a cache recorded ({@link ServiceJvm#needsTraining}) on this JVM. */
    static boolean needed(Path root, int javaFeature) {
        for (Service service : Service.values()) {
            if (ServiceJvm.needsTraining(service.quarkusApp(root), javaFeature)) {
                return true;
            }
        }
        return false;
    }

    /** The database a service trains on, beside its own: dropped afterwards, so the stack's data never sees it. */
    static String database(Service service) {
        return service.database() + "_aot_training";
    }

    /** The name of a training run's log and pid files, beside the service's own. */
    static String runName(Service service) {
        return service.label() + "-aot-training";
    }

    /**
     * Runs both services (jobs-service needs auth-service's keys and tokens), each recording a cache where
     * {@link ServiceJvm#needsTraining} says so; when one is not written, none is kept.
     *
     * @param environments each service's environment, pointed at {@link #database}
     */
    void train(Stack stack, Map<Service, Map<String, String>> environments, String coordinatorSecret) {
        long started = System.nanoTime();
        int javaFeature = Runtime.version().feature();
        List<Service> recording = new ArrayList<>();
        List<ServiceProcess> processes = new ArrayList<>();
        out.println("local stack: recording the AOT caches from a real run (once per build; logs "
                + config.logDir().resolve("*-aot-training.log") + ") ...");
        String failure = null;
        try {
            for (Service service : Service.values()) {
                postgres.dropDatabase(database(service));
                postgres.createDatabase(database(service));
                Path app = service.quarkusApp(config.root());
                boolean records = ServiceJvm.needsTraining(app, javaFeature);
                if (records) {
                    recording.add(service);
                }
                processes.add(stack.start(service, runName(service), records
                        ? ServiceJvm.trainingOptions(config.root())
                        : ServiceJvm.options(config.root(), app, javaFeature), environments.get(service)));
            }
            stack.awaitReady(processes);
            new TrainingWorkload(http, stack.baseUrl(Service.AUTH), stack.baseUrl(Service.JOBS),
                    config.logDir().resolve(runName(Service.AUTH) + ".log"), coordinatorSecret)
                    .run(TRAINING_EMAIL, ROUNDS);
        } catch (IOException | RuntimeException e) {
            failure = String.valueOf(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted";
        } finally {
            // jobs-service first: it is auth-service's client
            for (int i = processes.size() - 1; i >= 0; i--) {
                stack.stop(processes.get(i), EXIT_TIMEOUT);
            }
            for (Service service : Service.values()) {
                postgres.dropDatabase(database(service));
            }
        }
        if (failure == null) {
            List<String> missing = recording.stream()
                    .filter(service -> ServiceJvm.needsTraining(service.quarkusApp(config.root()), javaFeature))
                    .map(service -> "no cache written by " + service.directory()).toList();
            failure = missing.isEmpty() ? null : String.join(", ", missing);
        }
        if (failure != null) {
            // a run cut short still writes a cache as it exits: not one to start from
            recording.forEach(service -> deleteRecorded(service.quarkusApp(config.root())));
            out.println("local stack: AOT training failed (" + failure + "; its logs say more); starting from the build's cache");
            return;
        }
        out.printf("local stack: AOT caches recorded for %s in %d s%n", recording.stream().map(Service::directory).toList(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private void deleteRecorded(Path quarkusApp) {
        try {
            Files.deleteIfExists(quarkusApp.resolve(ServiceJvm.TRAINED_AOT_CACHE));
        } catch (IOException e) {
            out.println("local stack: cannot delete " + quarkusApp.resolve(ServiceJvm.TRAINED_AOT_CACHE) + ": " + e.getMessage());
        }
    }
}
