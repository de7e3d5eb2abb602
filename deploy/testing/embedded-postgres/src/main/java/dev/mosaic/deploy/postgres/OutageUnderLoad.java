package dev.mosaic.deploy.postgres;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntUnaryOperator;

/**
 * The outage drill both services' {@code DatabaseOutageTest}s run: the test database stops while
 * four threads keep calling, readiness must go DOWN and liveness stay UP, the test checks its own
 * answers while PostgreSQL is away, then PostgreSQL starts again on the same data and port and the
 * service must answer again within 5 s by itself. Under load only 200 and 503 may come, never a 500.
 */
public final class OutageUnderLoad {
    private static final int THREADS = 4;

    /** What the test checks while PostgreSQL is away. */
    @FunctionalInterface
    public interface WhileAway {
        void check() throws Exception;
    }

    /** What tells that the service is back. */
    @FunctionalInterface
    public interface IsBack {
        boolean check() throws Exception;
    }

    private OutageUnderLoad() {
    }

    /**
     * @param call one request of the load, given its thread's number; returns the HTTP status
     * @return how long after PostgreSQL was started again the service answered
     */
    public static Duration run(IntUnaryOperator call, WhileAway whileAway, IsBack isBack) throws Exception {
        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(THREADS);
        Instant loadEnds = Instant.now().plusSeconds(60);
        Duration recovery;
        try {
            Future<?>[] callers = new Future<?>[THREADS];
            for (int i = 0; i < THREADS; i++) {
                int thread = i;
                callers[i] = load.submit(() -> {
                    while (loading.get() && Instant.now().isBefore(loadEnds)) {
                        answers.merge(call.applyAsInt(thread), 1, Integer::sum);
                    }
                });
            }

            PostgresTestResource.stopDatabase();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/q/health/ready").statusCode() == 503);
                given().get("/q/health/live").then().statusCode(200);
                whileAway.check();
            } finally {
                PostgresTestResource.startDatabase();
            }
            Instant back = Instant.now();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(isBack::check);
            recovery = Duration.between(back, Instant.now());

            loading.set(false);
            for (Future<?> caller : callers) {
                caller.get(30, TimeUnit.SECONDS);
            }
        } finally {
            loading.set(false);
            load.shutdownNow();
        }
        System.out.printf("[DatabaseOutageTest] answers under load by status: %s; first 200 %d ms after "
                + "PostgreSQL was back%n", new TreeMap<>(answers), recovery.toMillis());
        assertTrue(Set.of(200, 503).containsAll(answers.keySet()), "only 200 or 503 under load: " + answers);
        assertTrue(answers.getOrDefault(503, 0) > 0, "the load saw the outage: " + answers);
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        return recovery;
    }
}
