package dev.mosaic.auth.session;

import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * A person's session token, from the session cookie or, for clients without cookies, {@code Authorization: Bearer}.
 * Endpoints choose it with {@code @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)}; the identity's
 * principal is the {@link SignedInSession}. A refusal carries its problem (401 with {@code WWW-Authenticate: Bearer})
 * for {@code SecurityProblemMapper}; a database that is away stays an outage (503), never a 401.
 */
@ApplicationScoped
public class SessionAuthentication implements HttpAuthenticationMechanism,
        IdentityProvider<SessionAuthentication.SessionTokenRequest> {
    public static final String SCHEME = "mosaic-session";

    private final SessionService sessions;
    private final SessionConfig config;

    SessionAuthentication(SessionService sessions, SessionConfig config) {
        this.sessions = sessions;
        this.config = config;
    }

    /** A session token to look up. */
    public static final class SessionTokenRequest extends BaseAuthenticationRequest {
        private final String token;

        SessionTokenRequest(String token) {
            this.token = token;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(config.cookieName());
        String token = sessions.tokenOf(cookie == null ? null : cookie.getValue(),
                context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return refused(BearerAuthorization.unauthorized("Sign in first: send the session cookie or "
                    + "'Authorization: Bearer <session token>'."));
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new SessionTokenRequest(token), context));
    }

    @Override
    public Class<SessionTokenRequest> getRequestType() {
        return SessionTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(SessionTokenRequest request, AuthenticationRequestContext context) {
        return sessions.authenticate(request.token)
                .<SecurityIdentity>map(session -> QuarkusSecurityIdentity.builder().setPrincipal(session).build())
                .onFailure(ProblemException.class).transform(AuthenticationFailedException::new);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE,
                config.cookieName(), SCHEME));
    }

    private static Uni<SecurityIdentity> refused(ProblemException problem) {
        return Uni.createFrom().failure(new AuthenticationFailedException(problem));
    }
}
