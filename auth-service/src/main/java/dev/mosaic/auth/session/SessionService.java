package dev.mosaic.auth.session;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.token.TokenRevocations;
import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.common.AffectedEntities;

/**
 * Opens, finds, extends and ends sessions. Callers run these inside a transaction. Ending a session
 * revokes the access tokens minted from it ({@link TokenRevocations}) in the same statement.
 */
@ApplicationScoped
public class SessionService {
    private final SessionConfig config;
    private final TokenRevocations revocations;

    SessionService(SessionConfig config, TokenRevocations revocations) {
        this.config = config;
        this.revocations = revocations;
    }

    /** A new session and its token, which exists only in this answer. */
    public record OpenedSession(String token, Session session) {
    }

    public Uni<OpenedSession> open(UUID userId, ClientInfo client) {
        String token = OpaqueTokens.generate();
        return Session.open(userId, token, client, config.lifetime(), config.maxLifetime()).<Session>persist()
                .map(session -> new OpenedSession(token, session));
    }

    /** An authenticated request: its session, the token it came with, and whether the expiry was just extended. */
    public record Authenticated(Session session, String token, boolean refreshed) {
    }

    /** The session of the request (cookie, or {@code Authorization: Bearer} for non-browser clients), extended if due. */
    public Uni<Authenticated> authenticate(HttpHeaders headers) {
        String token = tokenOf(headers);
        if (token == null) {
            return Uni.createFrom().failure(BearerAuthorization.unauthorized("Sign in first: send the session cookie or "
                    + "'Authorization: Bearer <session token>'."));
        }
        Instant now = Instant.now();
        return Session.findActiveByToken(token, now).map(session -> {
            if (session == null) {
                throw BearerAuthorization.unauthorized("The session has ended or never existed. Sign in again.");
            }
            boolean refreshed = session.refreshIfDue(now, config.refreshAfter(), config.lifetime(), config.maxLifetime());
            return new Authenticated(session, token, refreshed);
        });
    }

    public Uni<List<Session>> listActive(UUID userId) {
        return Session.listActive(userId, Instant.now());
    }

    /** Sign-out: ends the session of the request, if it has one. */
    public Uni<Void> end(HttpHeaders headers) {
        String token = tokenOf(headers);
        if (token == null) {
            return Uni.createFrom().voidItem();
        }
        return endSessions("token_hash = :tokenHash", Map.of("tokenHash", Sha256.of(token)))
                .replaceWithVoid();
    }

    /** Ends one of the user's own sessions; another user's session id is "not found", never revealed. */
    public Uni<Void> endOwn(UUID userId, UUID sessionId) {
        return endSessions("id = :id AND user_id = :userId", Map.of("id", sessionId, "userId", userId))
                .map(ended -> {
                    if (ended == 0) {
                        throw new ProblemException(ProblemType.NOT_FOUND,
                                "You have no session " + sessionId + ". List yours with GET /api/auth/list-sessions.");
                    }
                    return null;
                });
    }

    public Uni<Long> endAllBut(Session keep) {
        return endSessions("user_id = :userId AND id <> :keep", Map.of("userId", keep.userId, "keep", keep.id))
                .map(Integer::longValue);
    }

    /** Every session of the user, e.g. after a password reset. */
    public Uni<Void> endAllOf(UUID userId) {
        return endSessions("user_id = :userId", Map.of("userId", userId)).replaceWithVoid();
    }

    /**
     * Deletes the sessions that {@code condition} (a constant SQL condition over {@code sessions}, with named
     * parameters) selects and revokes the tokens minted from them ({@link TokenRevocations}), in one statement, so
     * no session ends unrecorded. The number of sessions ended.
     */
    private Uni<Integer> endSessions(String condition, Map<String, Object> parameters) {
        return revocations.lockFeed().chain(() -> Panache.getSession().chain(session -> {
            var statement = session.createNativeQuery("""
                    WITH ended AS (DELETE FROM sessions WHERE %s RETURNING id)
                    INSERT INTO token_revocations (kind, subject, revoked_at, keep_until)
                    SELECT 'session', id::text, now(), now() + make_interval(secs => :keepSeconds) FROM ended"""
                    .formatted(condition), new AffectedEntities(Session.class));
            parameters.forEach(statement::setParameter);
            return statement.setParameter("keepSeconds", revocations.keepFor().toSeconds()).executeUpdate();
        }));
    }

    public NewCookie cookie(OpenedSession opened) {
        return cookie(opened.token(), opened.session().expiresAt);
    }

    /** A cookie that the browser drops when the session ends, never later. */
    public NewCookie cookie(String token, Instant sessionExpiresAt) {
        long seconds = Math.max(0, Duration.between(Instant.now(), sessionExpiresAt).toSeconds());
        return cookieBuilder(token).maxAge((int) Math.min(Integer.MAX_VALUE, seconds))
                .expiry(Date.from(sessionExpiresAt)).build();
    }

    public NewCookie expiredCookie() {
        return cookieBuilder("").maxAge(0).build();
    }

    private NewCookie.Builder cookieBuilder(String value) {
        return new NewCookie.Builder(config.cookieName())
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(config.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX);
    }

    private String tokenOf(HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(config.cookieName());
        if (cookie != null && !cookie.getValue().isBlank()) {
            return cookie.getValue();
        }
        return BearerAuthorization.tokenOf(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    }
}
