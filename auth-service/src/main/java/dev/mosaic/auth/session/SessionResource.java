package dev.mosaic.auth.session;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.auth.CurrentSession;
import dev.mosaic.shared.auth.RevokeSessionRequest;
import dev.mosaic.shared.auth.SessionView;
import dev.mosaic.shared.auth.SignInRequest;
import dev.mosaic.shared.auth.SignedIn;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = AuthServiceApi.SESSIONS)
@Cancellable(false)
public class SessionResource {
    private final SignInService signIn;
    private final SessionService sessions;
    private final SessionConfig config;
    private final SecurityIdentity identity;
    private final ClientAddresses clientAddresses;

    SessionResource(SignInService signIn, SessionService sessions, SessionConfig config, SecurityIdentity identity,
            ClientAddresses clientAddresses) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.config = config;
        this.identity = identity;
        this.clientAddresses = clientAddresses;
    }

    public record Revoked(long revoked) {
    }

    @POST
    @Path("/sign-in/email")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Sign in with email and password",
            description = "Opens a session: its token in the body and in the `mosaic_session` cookie, with a first "
                    + "access token.")
    @APIResponse(responseCode = "200", description = "Signed in; `Set-Cookie: mosaic_session`")
    @APIResponse(responseCode = "401", description = "Unknown email or wrong password (the same answer)")
    @APIResponse(responseCode = "403", description = "`email-not-verified`: the right password of an address not "
            + "confirmed yet")
    @APIResponse(responseCode = "429", description = "Too many attempts at this email or from this address")
    public Uni<RestResponse<SignedIn>> signIn(@Valid @NotNull SignInRequest request,
            @Context HttpServerRequest http) {
        return signIn.signIn(request, clientAddresses.of(http));
    }

    /** Ends the session of the request, if any, and clears the cookie either way: no authentication needed. */
    @POST
    @Path("/sign-out")
    @Operation(summary = "Sign out", description = "Ends the session of the cookie or bearer session token, if any, "
            + "and clears the cookie either way; its access tokens are revoked.")
    @APIResponse(responseCode = "204", description = "Signed out; the cookie is cleared")
    public Uni<RestResponse<Void>> signOut(@Context HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(config.cookieName());
        return sessions.end(sessions.tokenOf(cookie == null ? null : cookie.getValue(),
                        headers.getHeaderString(HttpHeaders.AUTHORIZATION)))
                .map(ended -> RestResponse.ResponseBuilder.<Void>noContent().cookie(sessions.expiredCookie()).build());
    }

    @GET
    @Path("/get-session")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "The caller's user and session",
            description = "Extends a sliding session (at most daily), then with a new cookie.")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<CurrentSession>> getSession() {
        SignedInSession caller = SignedInSession.of(identity);
        return sessions.describe(caller).map(current -> {
            RestResponse.ResponseBuilder<CurrentSession> response = RestResponse.ResponseBuilder.ok(current);
            if (caller.refreshed()) {
                response.cookie(sessions.cookie(caller.token(), caller.expiresAt()));
            }
            return response.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
        });
    }

    @GET
    @Path("/list-sessions")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "The caller's active sessions")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<List<SessionView>> listSessions() {
        return sessions.listActive(SignedInSession.of(identity));
    }

    @POST
    @Path("/revoke-session")
    @Consumes(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "End one of the caller's sessions", description = "Its access tokens are revoked too.")
    @APIResponse(responseCode = "204", description = "Ended")
    @APIResponse(responseCode = "404", description = "The caller has no such active session")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<Void>> revokeSession(@Valid @NotNull RevokeSessionRequest request) {
        return sessions.endOwn(SignedInSession.of(identity).userId(), request.sessionId())
                .map(ended -> RestResponse.noContent());
    }

    @POST
    @Path("/revoke-other-sessions")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "End every other session of the caller", description = "Their access tokens are revoked too.")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<Revoked> revokeOtherSessions() {
        return sessions.endAllBut(SignedInSession.of(identity)).map(Revoked::new);
    }

    /** Trades the session for a short-lived access JWT. */
    @GET
    @Path("/token")
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Trade the session for an access JWT",
            description = "Short-lived (`MOSAIC_AUTH_TOKEN_LIFETIME`), never beyond the session's end.")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<AccessTokenResponse>> token() {
        return sessions.accessToken(SignedInSession.of(identity))
                .map(token -> RestResponse.ResponseBuilder.ok(token).header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .build());
    }
}
