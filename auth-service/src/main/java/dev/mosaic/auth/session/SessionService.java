package dev.mosaic.auth.session;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.token.AccessTokens;
import dev.mosaic.auth.token.TokenRevocations;
import dev.mosaic.auth.user.UserDirectory;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.auth.CurrentSession;
import dev.mosaic.shared.auth.SessionView;
import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.common.AffectedEntities;

/**
 * Opens, finds, extends and ends sessions, each in its own transaction or in the caller's when one is open. Ending
 * a session revokes the access tokens minted from it ({@link TokenRevocations}) in the same statement.
 */
@ApplicationScoped
public class SessionService {
    private final SessionConfig config;
    private final TokenRevocations revocations;
    private final UserDirectory users;
    private final AccessTokens accessTokens;

    SessionService(SessionConfig config, TokenRevocations revocations, UserDirectory users, AccessTokens accessTokens) {
        this.config = config;
        this.revocations = revocations;
        this.users = users;
        this.accessTokens = accessTokens;
    }

    /** A new session and its token, which exists only in this answer. */
    public record OpenedSession(String token, Session session) {
    }

    @WithTransaction
    public Uni<OpenedSession> open(UUID userId, ClientInfo client) {
        String token = OpaqueTokens.generate();
        return Session.open(userId, token, client, config.lifetime(), config.maxLifetime()).<Session>persist()
                .map(session -> new OpenedSession(token, session));
    }

    /**
     * The live session of {@code token}, extended if due (the cookie or {@code Authorization: Bearer} value, see
     * {@link SessionAuthentication}); 401 when it has ended or never existed.
     */
    @WithTransaction
    public Uni<SignedInSession> authenticate(String token) {
        Instant now = Instant.now();
        return Session.findActiveByToken(token, now).map(session -> {
            if (session == null) {
                throw ended();
            }
            boolean refreshed = session.refreshIfDue(now, config.refreshAfter(), config.lifetime(), config.maxLifetime());
            return new SignedInSession(session.id, session.userId, session.expiresAt, token, refreshed,
                    session.createdAt);
        });
    }

    /** Whether the user's session {@code sessionId} is still live (not ended, not expired), within the caller's session. */
    public Uni<Boolean> isLive(UUID userId, UUID sessionId) {
        return Session.<Session>findById(sessionId).map(session -> session != null && session.userId.equals(userId)
                && session.expiresAt.isAfter(Instant.now()));
    }

    /** The session token a request carries: the cookie's, else an {@code Authorization: Bearer} value; null if none. */
    public String tokenOf(String cookie, String authorization) {
        if (cookie != null && !cookie.isBlank()) {
            return cookie;
        }
        return BearerAuthorization.tokenOf(authorization);
    }

    /** What {@code get-session} answers: the person, whether their email is verified, and this session. */
    @WithSession
    public Uni<CurrentSession> describe(SignedInSession caller) {
        return Session.<Session>findById(caller.sessionId()).chain(session -> {
            if (session == null) {
                throw ended();
            }
            return users.find(caller.userId()).chain(user -> users.authUserOf(user)
                    .map(authUser -> new CurrentSession(authUser, user.emailVerified, session.view(session.id))));
        });
    }

    /** A short-lived access JWT for the caller, minted from their session ({@code sid}). */
    @WithSession
    public Uni<AccessTokenResponse> accessToken(SignedInSession caller) {
        return users.find(caller.userId()).chain(users::authUserOf)
                .chain(person -> accessTokens.mintForSession(person, caller.sessionId(), caller.expiresAt()));
    }

    @WithSession
    public Uni<List<SessionView>> listActive(SignedInSession caller) {
        return Session.listActive(caller.userId(), Instant.now())
                .map(all -> all.stream().map(session -> session.view(caller.sessionId())).toList());
    }

    /** Sign-out: ends the session of this token, if there is one. */
    @WithTransaction
    public Uni<Void> end(String token) {
        if (token == null) {
            return Uni.createFrom().voidItem();
        }
        return endSessions("token_hash = :tokenHash", Map.of("tokenHash", Sha256.of(token))).replaceWithVoid();
    }

    /** Ends one of the user's own sessions; another user's session id is "not found", never revealed. */
    @WithTransaction
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

    @WithTransaction
    public Uni<Long> endAllBut(SignedInSession keep) {
        return endSessions("user_id = :userId AND id <> :keep", Map.of("userId", keep.userId(), "keep", keep.sessionId()))
                .map(Integer::longValue);
    }

    /** Every session of the user, e.g. after a password reset. */
    @WithTransaction
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

    private static ProblemException ended() {
        return BearerAuthorization.unauthorized("The session has ended or never existed. Sign in again.");
    }
}
