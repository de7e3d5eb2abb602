package dev.mosaic.jobs.revocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.jobs.caller.AuthServiceClient;
import dev.mosaic.jobs.caller.SharedRead;
import dev.mosaic.shared.auth.TokenRevocationFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps {@link RevokedTokens} up to date from auth-service's revocation feed: every replica reads
 * {@code GET /api/auth/revocations?since=<cursor>} every {@code poll-every} (2 s), off the request path.
 * The first read starts at start, and until one has succeeded the replica is not ready and refuses
 * authenticated requests with 503 ({@link RevocationCheck}): it could not tell a revoked token.
 * When auth-service is away afterwards, the replica goes on with what it knows (no one can sign out
 * then either, unless only the path between them is broken) and catches up from its cursor when
 * the feed answers again; {@code mosaic_jobs_revocations_feed_age_seconds} says how stale it is.
 */
@Singleton
public class RevocationFeed {
    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);

    private final RevokedTokens revoked;
    private final ObjectMapper json;
    private final AuthServiceClient authService;
    private final String feedUrl;
    private final Instant started = Instant.now();
    private volatile String cursor;
    private volatile Instant lastRead;
    private volatile boolean failing;
    private final SharedRead<Void> reads = new SharedRead<>();

    RevocationFeed(RevokedTokens revoked, ObjectMapper json, AuthServiceClient authService, MeterRegistry metrics,
            @ConfigProperty(name = "mosaic.jobs.revocations.feed-url") Optional<URI> feedUrl,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") URI jwksUrl) {
        this.revoked = revoked;
        this.json = json;
        this.authService = authService;
        // auth-service serves the feed beside its JWKS: <auth>/api/auth/jwks → <auth>/api/auth/revocations
        this.feedUrl = feedUrl.orElseGet(() -> jwksUrl.resolve("revocations")).toString();
        metrics.gauge("mosaic.jobs.revocations.known", revoked, RevokedTokens::size);
        metrics.gauge("mosaic.jobs.revocations.feed.age.seconds", this, feed -> feed.age().toMillis() / 1000.0);
    }

    /** Started at start and not waited for: readiness waits for it ({@link RevocationReadiness}). */
    void loadAtStart(@Observes StartupEvent start) {
        poll();
    }

    /**
     * Every page until the feed has no more, one read at a time ({@link SharedRead}): the read at start and
     * the scheduler's first may overlap, and both would move the one cursor. Never fails: a failed read is
     * reported once, and the next poll starts again from the cursor.
     */
    @Scheduled(every = "${mosaic.jobs.revocations.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> poll() {
        return reads.join(() -> readFromCursor()
                .invoke(this::caughtUp)
                .onFailure().invoke(failure -> reportFailure(failure.toString()))
                .onFailure().recoverWithNull());
    }

    private Uni<Void> readFromCursor() {
        String url = cursor == null ? feedUrl : feedUrl + "?since=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
        return authService.getJson(url).map(this::parse).chain(page -> {
            Instant now = Instant.now();
            revoked.remember(page.revocations(), now);
            revoked.forgetExpired(now);
            cursor = page.cursor();
            return page.more() ? readFromCursor() : Uni.createFrom().voidItem();
        });
    }

    private TokenRevocationFeed parse(Buffer body) {
        try {
            return json.readValue(body.getBytes(), TokenRevocationFeed.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a revocation feed page", e);
        }
    }

    private void caughtUp() {
        lastRead = Instant.now();
        if (failing) {
            failing = false;
            LOG.infof("Revocation feed %s answers again; caught up", feedUrl);
        }
    }

    /** One line when the feed stops answering, not one per poll. */
    private void reportFailure(String reason) {
        if (!failing) {
            failing = true;
            LOG.warnf("Revocation feed %s does not answer (%s); going on with the %d revocations known, read %s",
                    feedUrl, reason, revoked.size(), lastRead == null ? "never" : lastRead);
        }
    }

    /** Whether the feed has been read once: before that, no token can be trusted. */
    public boolean loaded() {
        return lastRead != null;
    }

    /** Since the last complete read (since start, before the first). */
    public Duration age() {
        Instant last = lastRead;
        return Duration.between(last == null ? started : last, Instant.now());
    }

    int known() {
        return revoked.size();
    }
}
