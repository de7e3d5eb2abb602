package dev.mosaic.auth.crypto;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * CPU-heavy work (argon2id, key generation) off the event loop, on a pool of its own with one
 * thread per core. An event-loop thread that hashes for tens of milliseconds stalls every other
 * request of that loop; and more hashes at once than cores only add memory (19 MiB each for
 * argon2id) and steal CPU from the event loops, without finishing any sooner. Further work waits
 * its turn in the pool's queue.
 */
public final class CpuWork {
    static final String POOL_NAME = "mosaic-cpu-work";
    static final int POOL_SIZE = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static volatile WorkerExecutor pool;

    private CpuWork() {
    }

    /**
     * Runs {@code work} on the CPU-work pool and resumes on the caller's Vert.x context, which
     * Hibernate Reactive needs. Unordered, so that concurrent calls run in parallel.
     */
    public static <T> Uni<T> offTheEventLoop(Callable<T> work) {
        Callable<T> guarded = () -> {
            if (Context.isOnEventLoopThread()) {
                throw new IllegalStateException("CPU-heavy work must not run on an event-loop thread");
            }
            return work.call();
        };
        Context context = Objects.requireNonNull(Vertx.currentContext(), "must be called on a Vert.x context");
        return Uni.createFrom().completionStage(
                () -> pool(context.owner()).executeBlocking(guarded, false).toCompletionStage());
    }

    private static WorkerExecutor pool(Vertx vertx) {
        WorkerExecutor current = pool;
        if (current == null) {
            synchronized (CpuWork.class) {
                if (pool == null) {
                    pool = vertx.createSharedWorkerExecutor(POOL_NAME, POOL_SIZE);
                }
                current = pool;
            }
        }
        return current;
    }
}
