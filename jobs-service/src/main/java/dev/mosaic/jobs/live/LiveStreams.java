package dev.mosaic.jobs.live;

import dev.mosaic.jobs.revocation.RevokedTokens;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.JobChange;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Opens live streams on this replica: at most {@code maxStreams} at once, and {@code maxStreamsPerCaller} of
 * one caller ({@link StreamLimits}), each with its heartbeat, its end when the caller's token expires or, at
 * the next heartbeat, once it is known to be revoked (the same token rules as every call: a stream never
 * outlives the token that opened it), and a hard close for a
 * reader that overflowed and does not even read the overflow message. At {@code /q/metrics},
 * {@code mosaic_jobs_live_streams} counts the open streams, {@code mosaic_jobs_live_callers} the callers that
 * hold them, {@code mosaic_jobs_live_refusals_total} (by {@code limit}: {@code caller} or {@code replica}) the
 * streams refused, and {@code mosaic_jobs_live_overflows_total} the streams closed for a reader too slow.
 */
@ApplicationScoped
public class LiveStreams {
    private final LiveFeed feed;
    private final LiveConfig config;
    private final Pool database;
    private final Vertx vertx;
    private final RevokedTokens revoked;
    private final StreamLimits limits;
    private final Counter overflows;

    public LiveStreams(LiveFeed feed, LiveConfig config, Pool database, Vertx vertx, RevokedTokens revoked,
            MeterRegistry metrics) {
        this.feed = feed;
        this.config = config;
        this.database = database;
        this.vertx = vertx;
        this.revoked = revoked;
        limits = new StreamLimits(config.maxStreams(), config.maxStreamsPerCaller(), metrics);
        overflows = metrics.counter("mosaic.jobs.live.overflows");
    }

    /** The events of job {@code jobId}; without a position, its whole timeline first. */
    public Multi<OutboundSseEvent> job(UUID jobId, Long position, AuthUser caller, JsonWebToken token,
            SseMessages messages, RoutingContext http) {
        return open(new LiveSubscription(job -> job.id().equals(jobId), position, true,
                replay(EventRows.OF_JOB, jobId), config.bufferEvents(), messages), caller, token, http);
    }

    /** The events of the jobs of {@code workspaces}; without a position, from now on. */
    public Multi<OutboundSseEvent> workspaces(Set<UUID> workspaces, Long position, AuthUser caller,
            JsonWebToken token, SseMessages messages, RoutingContext http) {
        return open(new LiveSubscription(job -> workspaces.contains(job.workspaceId()), position, false,
                replay(EventRows.OF_WORKSPACES, workspaces.toArray(UUID[]::new)), config.bufferEvents(),
                messages), caller, token, http);
    }

    /** The events of every job (admins'); without a position, from now on. Its buffer bounds it as any stream's. */
    public Multi<OutboundSseEvent> everyWorkspace(Long position, AuthUser caller, JsonWebToken token,
            SseMessages messages, RoutingContext http) {
        return open(new LiveSubscription(job -> true, position, false, replay(EventRows.ALL, null),
                config.bufferEvents(), messages), caller, token, http);
    }

    private Multi<OutboundSseEvent> open(LiveSubscription subscription, AuthUser caller, JsonWebToken token,
            RoutingContext http) {
        limits.take(caller);
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
                limits.release(caller);
            }
        };
        http.addEndHandler(ended -> close.run());
        return Multi.createFrom().<OutboundSseEvent>emitter(emitter -> {
            emitter.onTermination(close); // first: a failure in what follows ends the stream and still frees its slots
            subscription.attach(emitter, overflows::increment);
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
