package dev.mosaic.auth.token;

import dev.mosaic.shared.auth.TokenRevocation;
import dev.mosaic.shared.auth.TokenRevocationFeed;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The record of access tokens revoked before their {@code exp} ({@code token_revocations}), the feed
 * verifiers read it from, and the check auth-service's own admin endpoints make against it. An entry is written
 * in the transaction that ends the session or deletes the client, so it exists exactly when that change
 * committed; it is kept until every token it can match has expired (token lifetime plus a minute of clock
 * skew), then purged by the next write.
 */
@ApplicationScoped
public class TokenRevocations {
    /** Serialises writers, so that rows commit in {@code seq} order and a reader never skips one (see V6). */
    private static final long FEED_LOCK = 0x4d6f73616963L;
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
    static final int PAGE_SIZE = 500;

    private final TokenConfig config;

    TokenRevocations(TokenConfig config) {
        this.config = config;
    }

    /**
     * Every token of machine client {@code clientId} issued until now is revoked (in the deleting transaction). The
     * cutoff is the clock at this insert, not the transaction's start ({@code now()}), since a grant that read the
     * client before the delete may mint meanwhile; rounded up to the whole second, since {@code iat} is in whole
     * seconds and verifiers compare {@code iat <= revoked_at}.
     */
    @WithTransaction
    public Uni<Void> revokeClient(String clientId) {
        return lockFeed().chain(() -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO token_revocations (kind, subject, revoked_at, keep_until)
                        SELECT 'client', :clientId, cutoff, cutoff + make_interval(secs => :keepSeconds)
                        FROM (SELECT to_timestamp(ceil(extract(epoch FROM clock_timestamp()))) AS cutoff) AS revocation""")
                .setParameter("clientId", clientId)
                .setParameter("keepSeconds", keepFor().toSeconds())
                .executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * The roles user {@code userId} holds now, for their access token minted from session {@code sessionId}; null
     * when that session ended (the token is revoked, as verifiers learn from the feed) or the user is gone.
     */
    @WithSession
    public Uni<Set<String>> rolesOfPersonUnlessRevoked(UUID userId, String sessionId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT array_to_string(u.roles, ',') FROM users u
                        WHERE u.id = :userId
                          AND NOT EXISTS (SELECT 1 FROM token_revocations r
                                          WHERE r.kind = 'session' AND r.subject = :sessionId)""", String.class)
                .setParameter("userId", userId)
                .setParameter("sessionId", sessionId)
                .getSingleResultOrNull())
                .map(TokenRevocations::roleSet);
    }

    /**
     * The roles machine client {@code clientId} holds now, for its access token issued at {@code issuedAt} (epoch
     * seconds); null when the client is gone, or was deleted at or after {@code issuedAt} (and created again since).
     */
    @WithSession
    public Uni<Set<String>> rolesOfClientUnlessRevoked(String clientId, long issuedAt) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT array_to_string(c.roles, ',') FROM service_clients c
                        WHERE c.client_id = :clientId
                          AND NOT EXISTS (SELECT 1 FROM token_revocations r
                                          WHERE r.kind = 'client' AND r.subject = :clientId
                                            AND r.revoked_at >= to_timestamp(:issuedAt))""", String.class)
                .setParameter("clientId", clientId)
                .setParameter("issuedAt", issuedAt)
                .getSingleResultOrNull())
                .map(TokenRevocations::roleSet);
    }

    private static Set<String> roleSet(String commaSeparated) {
        if (commaSeparated == null) {
            return null;
        }
        return commaSeparated.isEmpty() ? Set.of() : Set.of(commaSeparated.split(","));
    }

    /** The entries after {@code since} that may still match an unexpired token, oldest first. */
    @WithSession
    public Uni<TokenRevocationFeed> feed(long since) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT seq, kind, subject, revoked_at, keep_until FROM token_revocations
                        WHERE seq > :since AND keep_until > now() ORDER BY seq LIMIT :limit""", Object[].class)
                .setParameter("since", since)
                .setParameter("limit", PAGE_SIZE + 1)
                .getResultList())
                .map(rows -> page(since, rows));
    }

    private static TokenRevocationFeed page(long since, List<Object[]> rows) {
        boolean more = rows.size() > PAGE_SIZE;
        List<Object[]> page = more ? rows.subList(0, PAGE_SIZE) : rows;
        long cursor = page.isEmpty() ? since : ((Number) page.get(page.size() - 1)[0]).longValue();
        return new TokenRevocationFeed(Long.toString(cursor), page.stream()
                .map(row -> new TokenRevocation((String) row[1], (String) row[2], instant(row[3]), instant(row[4])))
                .toList(), more);
    }

    private static Instant instant(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant() : (Instant) value;
    }

    /**
     * Within a transaction, before it inserts entries: takes the feed's write lock until the transaction ends, and
     * drops entries nothing can match any more.
     */
    public Uni<Void> lockFeed() {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT 1 FROM pg_advisory_xact_lock(:lock)", Integer.class)
                .setParameter("lock", FEED_LOCK).getSingleResult()
                .chain(() -> session.createNativeQuery("DELETE FROM token_revocations WHERE keep_until <= now()")
                        .executeUpdate()))
                .replaceWithVoid();
    }

    /** How long an entry matters: the longest a token minted just before the revocation can still be accepted. */
    public Duration keepFor() {
        return config.lifetime().plus(CLOCK_SKEW);
    }
}
