package dev.mosaic.jobs.caller;

import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * One read at a time of something auth-service serves: asked for while a read is under way, it hands out
 * that same read, so the read at start, the scheduler's and a request's never overlap and share one
 * answer. A read started here runs to its end whether or not anyone waits for it.
 */
public final class SharedRead<T> {
    private Uni<T> underWay; // guarded by this

    /** The read under way, or {@code read} started now. */
    public synchronized Uni<T> join(Supplier<Uni<T>> read) {
        if (underWay != null) {
            return underWay;
        }
        Uni<T> started = read.get().onTermination().invoke(this::ended).memoize().indefinitely();
        underWay = started;
        started.subscribe().with(item -> {
        }, failure -> {
            // the ones who wait for the read get its failure
        });
        return started;
    }

    public synchronized boolean underWay() {
        return underWay != null;
    }

    private synchronized void ended() {
        underWay = null;
    }
}
