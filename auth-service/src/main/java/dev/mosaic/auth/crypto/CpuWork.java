package dev.mosaic.auth.crypto;

import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU-heavy work (argon2id, key generation) off the event loop, on a pool of its own with one
 * thread per core. An event-loop thread that hashes for tens of milliseconds stalls every other
 * request of that loop; and more hashes at once than cores only add memory (19 MiB each for
 * argon2id) and steal CPU from the event loops, without finishing any sooner.
 * <p>
 * Further work waits its turn, but only up to {@code queue-per-thread} tasks per thread: a queue without
 * a bound lets a flood of cheap requests delay every real sign-in without limit. Beyond it the work is
 * refused at once with 503 and {@code Retry-After}, queuing nothing.
 * <p>
 * Signing access tokens has a pool of its own ({@link #signing}), so that a sign-in flood filling the
 * hashing queue does not hold up machines' tokens.
 */
@ApplicationScoped
public class CpuWork {
    static final String POOL_NAME = "mosaic-cpu-work";
    static final String SIGNING_POOL_NAME = "mosaic-token-signing";
    static final int POOL_SIZE = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final String RETRY_AFTER_SECONDS = "1";

    private final WorkerExecutor pool;
    private final WorkerExecutor signingPool;
    /** Running and waiting tasks together. */
    private final int capacity;
    private final AtomicInteger admitted = new AtomicInteger();

    CpuWork(Vertx vertx, CpuWorkConfig config) {
        this.pool = vertx.createSharedWorkerExecutor(POOL_NAME, POOL_SIZE);
        this.signingPool = vertx.createSharedWorkerExecutor(SIGNING_POOL_NAME, POOL_SIZE);
        this.capacity = POOL_SIZE * (1 + config.queuePerThread());
    }

    /** How many tasks may be running or waiting at once. */
    public int capacity() {
        return capacity;
    }

    /**
     * Runs {@code work} on the CPU-work pool and resumes on the caller's Vert.x context, which
     * Hibernate Reactive needs. Unordered, so that concurrent calls run in parallel. Fails with a
     * 503 {@link ProblemException} ({@link #isSaturated}) when the pool and its queue are full.
     */
    public <T> Uni<T> offTheEventLoop(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            Objects.requireNonNull(Vertx.currentContext(), "must be called on a Vert.x context");
            if (admitted.incrementAndGet() > capacity) {
                admitted.decrementAndGet();
                return Uni.createFrom().failure(saturated());
            }
            return Uni.createFrom().completionStage(() -> run(pool, work)
                    .onComplete(done -> admitted.decrementAndGet())
                    .toCompletionStage());
        });
    }

    /**
     * Runs {@code signing} (an RS256 signature costs about 1 ms of CPU; on the loop it held a health check for
     * 2 ms at the median while tokens were minted at 8 connections) on the signing pool, one thread per core, and
     * resumes on the caller's Vert.x context. Not bounded here: a signature is short, and the requests that wait
     * for one are bounded by their connections.
     */
    public <T> Uni<T> signing(Callable<T> signing) {
        return Uni.createFrom().deferred(() -> {
            Objects.requireNonNull(Vertx.currentContext(), "must be called on a Vert.x context");
            return Uni.createFrom().completionStage(() -> run(signingPool, signing).toCompletionStage());
        });
    }

    private static <T> Future<T> run(WorkerExecutor executor, Callable<T> work) {
        return executor.executeBlocking(() -> {
            if (Context.isOnEventLoopThread()) {
                throw new IllegalStateException("CPU-heavy work must not run on an event-loop thread");
            }
            return work.call();
        }, false);
    }

    public static boolean isSaturated(Throwable failure) {
        return failure instanceof ProblemException problem
                && problem.problem().status() == ProblemType.SERVICE_UNAVAILABLE.status();
    }

    private static ProblemException saturated() {
        return new ProblemException(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "The service is busy checking passwords. Try again in a moment."),
                Map.of("Retry-After", RETRY_AFTER_SECONDS));
    }
}
