package dev.mosaic.auth.session;

import dev.mosaic.auth.token.AccessTokens;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.user.UserDirectory;
import dev.mosaic.shared.auth.SignedIn;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;

/** The answer to sign-up and sign-in: the session token in a cookie and in the body, and a first access token. */
@ApplicationScoped
public class SignedInResponses {
    private final UserDirectory users;
    private final AccessTokens accessTokens;
    private final SessionService sessions;

    SignedInResponses(UserDirectory users, AccessTokens accessTokens, SessionService sessions) {
        this.users = users;
        this.accessTokens = accessTokens;
        this.sessions = sessions;
    }

    /** In the caller's database session when one is open (sign-in's), else in its own (sign-up's). */
    @WithSession
    public Uni<RestResponse<SignedIn>> of(User user, SessionService.OpenedSession opened, RestResponse.Status status) {
        Session session = opened.session();
        return users.authUserOf(user).chain(authUser -> accessTokens
                .mintForSession(authUser, session.id, session.expiresAt)
                .map(accessToken -> RestResponse.ResponseBuilder
                        .create(status, new SignedIn(opened.token(), authUser, session.view(session.id), accessToken))
                        .cookie(sessions.cookie(opened))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .build()));
    }
}
