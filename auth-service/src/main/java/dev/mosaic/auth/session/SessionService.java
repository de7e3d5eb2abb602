package dev.mosaic.auth.session;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NewCookie;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Opens, finds, extends and ends sessions. Callers run these inside a transaction. */
@ApplicationScoped
public class SessionService {
    private final SessionConfig config;

    SessionService(SessionConfig config) {
        this.config = config;
    }

    /** A new session and its token, which exists only in this answer. */
    public record OpenedSession(String token, Session session) {
    }

    public Uni<OpenedSession> open(UUID userId, ClientInfo client) {
        String token = OpaqueTokens.generate();
        return Session.open(userId, token, client, config.lifetime()).<Session>persist()
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
            boolean refreshed = session.refreshIfDue(now, config.refreshAfter(), config.lifetime());
            return new Authenticated(session, token, refreshed);
        });
    }

    public Uni<List<Session>> listActive(UUID userId) {
        return Session.listActive(userId, Instant.now());
    }

    public Uni<Void> end(Session session) {
        return session.delete();
    }

    /** Ends one of the user's own sessions; another user's session id is "not found", never revealed. */
    public Uni<Void> endOwn(UUID userId, UUID sessionId) {
        return Session.deleteOfUser(sessionId, userId).map(deleted -> {
            if (deleted == 0) {
                throw new ProblemException(ProblemType.NOT_FOUND,
                        "You have no session " + sessionId + ". List yours with GET /api/auth/list-sessions.");
            }
            return null;
        });
    }

    public Uni<Long> endAllBut(Session keep) {
        return Session.deleteOthersOfUser(keep.id, keep.userId);
    }

    public NewCookie cookie(String token) {
        return cookieBuilder(token).maxAge((int) config.lifetime().toSeconds()).build();
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
