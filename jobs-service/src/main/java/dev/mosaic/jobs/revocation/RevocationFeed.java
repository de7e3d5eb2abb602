package dev.mosaic.jobs.revocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.auth.TokenRevocationFeed;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Keeps {@link RevokedTokens} up to date from auth-service's revocation feed: every replica reads
 * {@code GET /api/auth/revocations?since=<cursor>} every {@code poll-every} (2 s), off the request path.
 * The first read happens at start, and until one has succeeded the replica is not ready and refuses
 * authenticated requests with 503 ({@link RevocationCheck}): it could not tell a revoked token.
 * When auth-service is away afterwards, the replica goes on with what it knows (no one can sign out
 * then either, unless only the path between them is broken) and catches up from its cursor when
 * the feed answers again; {@code mosaic_jobs_revocations_feed_age_seconds} says how stale it is.
 */
@Singleton
public class RevocationFeed {
    private static final Logger LOG = Logger.getLogger(RevocationFeed.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final RevokedTokens revoked;
    private final ObjectMapper json;
    private final URI feedUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Instant started = Instant.now();
    private volatile String cursor;
    private volatile Instant lastRead;
    private volatile boolean failing;

    RevocationFeed(RevokedTokens revoked, ObjectMapper json, MeterRegistry metrics,
            @ConfigProperty(name = "mosaic.jobs.revocations.feed-url") Optional<URI> feedUrl,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") URI jwksUrl) {
        this.revoked = revoked;
        this.json = json;
        // auth-service serves the feed beside its JWKS: <auth>/api/auth/jwks → <auth>/api/auth/revocations
        this.feedUrl = feedUrl.orElseGet(() -> jwksUrl.resolve("revocations"));
        metrics.gauge("mosaic.jobs.revocations.known", revoked, RevokedTokens::size);
        metrics.gauge("mosaic.jobs.revocations.feed.age.seconds", this, feed -> feed.age().toMillis() / 1000.0);
    }

    /** Before the first request, when auth-service answers: a replica started after a revocation knows it. */
    void loadAtStart(@Observes StartupEvent start) {
        poll();
    }

    /** Synchronized: the read at start and the scheduler's first may overlap, and both move the one cursor. */
    @Scheduled(every = "${mosaic.jobs.revocations.poll-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void poll() {
        try {
            TokenRevocationFeed page;
            do {
                page = read(cursor);
                Instant now = Instant.now();
                revoked.remember(page.revocations(), now);
                revoked.forgetExpired(now);
                cursor = page.cursor();
            } while (page.more());
            lastRead = Instant.now();
            if (failing) {
                failing = false;
                LOG.infof("Revocation feed %s answers again; caught up", feedUrl);
            }
        } catch (IOException | RuntimeException e) {
            reportFailure(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private TokenRevocationFeed read(String since) throws IOException, InterruptedException {
        URI uri = since == null ? feedUrl
                : URI.create(feedUrl + "?since=" + URLEncoder.encode(since, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(READ_TIMEOUT)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode());
        }
        return json.readValue(response.body(), TokenRevocationFeed.class);
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
