package dev.mosaic.auth.crypto;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * CPU-heavy work (argon2id, key generation) on the worker pool. An event-loop thread that hashes
 * for tens of milliseconds stalls every other request of that loop.
 */
public final class CpuWork {
    private CpuWork() {
    }

    /**
     * Runs {@code work} on a worker thread and resumes on the caller's Vert.x context, which
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
        return Uni.createFrom().completionStage(() -> context.executeBlocking(guarded, false).toCompletionStage());
    }
}
