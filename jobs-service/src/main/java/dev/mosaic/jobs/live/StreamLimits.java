package dev.mosaic.jobs.live;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The streams open on this replica, held to its two limits: {@code maxStreams} in all (one more is 503, since
 * another replica may have room) and {@code maxPerCaller} for one caller (one more is 429), so that one caller
 * cannot take every stream of the replica and lock everyone else out. A caller is its token's subject, not the
 * token: new tokens do not buy more streams. A caller is counted only while it holds a stream, so the counts
 * take memory for at most as many callers as there are open streams.
 */
final class StreamLimits {
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Map<String, String> RETRY_AFTER = Map.of("Retry-After", RETRY_AFTER_SECONDS);

    private final int maxStreams;
    private final int maxPerCaller;
    private final AtomicInteger open = new AtomicInteger();
    private final Map<String, Integer> openByCaller = new ConcurrentHashMap<>();
    private final Counter refusedForCaller;
    private final Counter refusedForReplica;

    StreamLimits(int maxStreams, int maxPerCaller, MeterRegistry metrics) {
        this.maxStreams = maxStreams;
        this.maxPerCaller = maxPerCaller;
        metrics.gauge("mosaic.jobs.live.streams", open);
        metrics.gaugeMapSize("mosaic.jobs.live.callers", Tags.empty(), openByCaller);
        refusedForCaller = metrics.counter("mosaic.jobs.live.refusals", "limit", "caller");
        refusedForReplica = metrics.counter("mosaic.jobs.live.refusals", "limit", "replica");
    }

    /** Counts one more stream of {@code caller}; beyond either limit counts nothing and throws the refusal. */
    void take(AuthUser caller) {
        if (openByCaller.merge(caller.id(), 1, Integer::sum) > maxPerCaller) {
            releaseOf(caller);
            refusedForCaller.increment();
            throw new ProblemException(Problem.of(ProblemType.TOO_MANY_STREAMS, "You already hold " + maxPerCaller
                    + " live streams on this replica, as many as one caller may. Close one (a single stream follows "
                    + "every workspace of your token) and try again after Retry-After seconds."), RETRY_AFTER);
        }
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            releaseOf(caller);
            refusedForReplica.increment();
            throw new ProblemException(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                    "This replica serves as many live streams as it may. Try again after Retry-After seconds."),
                    RETRY_AFTER);
        }
    }

    /** The end of a stream that {@link #take} counted; once per stream. */
    void release(AuthUser caller) {
        releaseOf(caller);
        open.decrementAndGet();
    }

    private void releaseOf(AuthUser caller) {
        openByCaller.computeIfPresent(caller.id(), (id, streams) -> streams == 1 ? null : streams - 1);
    }
}
