package dev.mosaic.jobs.live;

import dev.mosaic.jobs.revocation.RevokedTokens;
import dev.mosaic.shared.jobs.JobChange;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Opens live streams on this replica: at most {@code maxStreams} at once (one more is 503 with
 * Retry-After), each with its heartbeat, its end when the caller's token expires or, at the next
 * heartbeat, once it is known to be revoked (the same token rules as every call: a stream never
 * outlives the token that opened it), and a hard close for a
 * reader that overflowed and does not even read the overflow message. At {@code /q/metrics},
 * {@code mosaic_jobs_live_streams} counts the open streams and {@code mosaic_jobs_live_overflows_total}
 * the streams closed for a reader too slow.
 */
@ApplicationScoped
public class LiveStreams {
    static final String RETRY_AFTER_SECONDS = "5";

    private final LiveFeed feed;
    private final LiveConfig config;
    private final Pool database;
    private final Vertx vertx;
    private final RevokedTokens revoked;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter overflows;

    public LiveStreams(LiveFeed feed, LiveConfig config, Pool database, Vertx vertx, RevokedTokens revoked,
            MeterRegistry metrics) {
        this.feed = feed;
        this.config = config;
        this.database = database;
        this.vertx = vertx;
        this.revoked = revoked;
        metrics.gauge("mosaic.jobs.live.streams", open);
        overflows = metrics.counter("mosaic.jobs.live.overflows");
    }

    /** The events of job {@code jobId}; without a position, its whole timeline first. */
    public Multi<OutboundSseEvent> job(UUID jobId, Long position, JsonWebToken token, SseMessages messages,
            RoutingContext http) {
        return open(new LiveSubscription(job -> job.id().equals(jobId), position, true,
                replay(EventRows.OF_JOB, jobId), config.bufferEvents(), messages), token, http);
    }

    /** The events of the jobs of {@code workspaces}; without a position, from now on. */
    public Multi<OutboundSseEvent> workspaces(Set<UUID> workspaces, Long position, JsonWebToken token,
            SseMessages messages, RoutingContext http) {
        return open(new LiveSubscription(job -> workspaces.contains(job.workspaceId()), position, false,
                replay(EventRows.OF_WORKSPACES, workspaces.toArray(UUID[]::new)), config.bufferEvents(),
                messages), token, http);
    }

    /** The events of every job (admins'); without a position, from now on. Its buffer bounds it as any stream's. */
    public Multi<OutboundSseEvent> everyWorkspace(Long position, JsonWebToken token, SseMessages messages,
            RoutingContext http) {
        return open(new LiveSubscription(job -> true, position, false, replay(EventRows.ALL, null),
                config.bufferEvents(), messages), token, http);
    }

    private Multi<OutboundSseEvent> open(LiveSubscription subscription, JsonWebToken token, RoutingContext http) {
        if (open.incrementAndGet() > config.maxStreams()) {
            open.decrementAndGet();
            throw new ProblemException(Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                    "This replica serves as many live streams as it may. Try again after Retry-After seconds."),
                    Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean stuckBefore = new AtomicBoolean();
        long heartbeat = vertx.setPeriodic(config.heartbeat().toMillis(), timer -> {
            if (subscription.stuck() && stuckBefore.getAndSet(true)) {
                http.request().connection().close();
                return;
            }
            if (revoked.isRevoked(token)) {
                subscription.end();
                return;
            }
            subscription.heartbeat();
        });
        long expiry = vertx.setTimer(Math.max(1, token.getExpirationTime() * 1000 - System.currentTimeMillis()),
                timer -> subscription.end());
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                vertx.cancelTimer(heartbeat);
                vertx.cancelTimer(expiry);
                feed.unregister(subscription);
                open.decrementAndGet();
            }
        };
        http.addEndHandler(ended -> close.run());
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            subscription.attach(emitter, overflows::increment);
            emitter.onTermination(close);
            feed.register(subscription);
        }, BackPressureStrategy.ERROR);
    }

    /** @param scope the query's {@code $4}, after the three of every replay; null for a query without one */
    private LiveSubscription.Replay replay(String query, Object scope) {
        return (after, upTo, limit) -> database.preparedQuery(query)
                .execute(scope == null ? Tuple.of(after, upTo, limit) : Tuple.of(after, upTo, limit, scope))
                .map(rows -> {
                    List<JobChange> changes = new ArrayList<>(rows.rowCount());
                    for (Row row : rows) {
                        changes.add(EventRows.change(row));
                    }
                    return changes;
                });
    }
}
