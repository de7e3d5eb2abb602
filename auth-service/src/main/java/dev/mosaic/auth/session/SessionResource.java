package dev.mosaic.auth.session;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.token.AccessTokens;
import dev.mosaic.auth.user.UserDirectory;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.auth.CurrentSession;
import dev.mosaic.shared.auth.RevokeSessionRequest;
import dev.mosaic.shared.auth.SessionView;
import dev.mosaic.shared.auth.SignInRequest;
import dev.mosaic.shared.auth.SignedIn;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private final SignInService signIn;
    private final SessionService sessions;
    private final SignedInResponses signedIn;
    private final UserDirectory users;
    private final AccessTokens accessTokens;

    SessionResource(SignInService signIn, SessionService sessions, SignedInResponses signedIn, UserDirectory users,
            AccessTokens accessTokens) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.signedIn = signedIn;
        this.users = users;
        this.accessTokens = accessTokens;
    }

    public record Revoked(long revoked) {
    }

    @POST
    @Path("/sign-in/email")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<SignedIn>> signIn(@Valid @NotNull SignInRequest request,
            @Context HttpServerRequest http) {
        return signIn.signIn(request, ClientInfo.of(http))
                .chain(result -> signedIn.of(result.user(), result.session(), RestResponse.Status.OK));
    }

    /** Ends the session of the request, if any, and clears the cookie either way. */
    @POST
    @Path("/sign-out")
    @WithTransaction
    public Uni<RestResponse<Void>> signOut(@Context HttpHeaders headers) {
        return sessions.end(headers)
                .map(ended -> RestResponse.ResponseBuilder.<Void>noContent().cookie(sessions.expiredCookie()).build());
    }

    @GET
    @Path("/get-session")
    @WithTransaction
    public Uni<RestResponse<CurrentSession>> getSession(@Context HttpHeaders headers) {
        return sessions.authenticate(headers).chain(authenticated -> {
            Session session = authenticated.session();
            return users.find(session.userId).chain(user -> users.authUserOf(user).map(authUser -> {
                RestResponse.ResponseBuilder<CurrentSession> response = RestResponse.ResponseBuilder
                        .ok(new CurrentSession(authUser, user.emailVerified, session.view(session.id)));
                if (authenticated.refreshed()) {
                    response.cookie(sessions.cookie(authenticated.token(), session.expiresAt));
                }
                return response.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
            }));
        });
    }

    @GET
    @Path("/list-sessions")
    @WithTransaction
    public Uni<List<SessionView>> listSessions(@Context HttpHeaders headers) {
        return sessions.authenticate(headers).chain(authenticated -> {
            Session current = authenticated.session();
            return sessions.listActive(current.userId)
                    .map(all -> all.stream().map(session -> session.view(current.id)).toList());
        });
    }

    @POST
    @Path("/revoke-session")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<RestResponse<Void>> revokeSession(@Valid @NotNull RevokeSessionRequest request,
            @Context HttpHeaders headers) {
        return sessions.authenticate(headers)
                .chain(authenticated -> sessions.endOwn(authenticated.session().userId, request.sessionId()))
                .map(ended -> RestResponse.noContent());
    }

    @POST
    @Path("/revoke-other-sessions")
    @WithTransaction
    public Uni<Revoked> revokeOtherSessions(@Context HttpHeaders headers) {
        return sessions.authenticate(headers)
                .chain(authenticated -> sessions.endAllBut(authenticated.session()))
                .map(Revoked::new);
    }

    /** Trades the session for a short-lived access JWT. */
    @GET
    @Path("/token")
    @WithTransaction
    public Uni<RestResponse<AccessTokenResponse>> token(@Context HttpHeaders headers) {
        return sessions.authenticate(headers).chain(authenticated -> {
                    Session session = authenticated.session();
                    return users.find(session.userId).chain(users::authUserOf)
                            .chain(person -> accessTokens.mintForSession(person, session.id, session.expiresAt));
                })
                .map(token -> RestResponse.ResponseBuilder.ok(token).header(HttpHeaders.CACHE_CONTROL, "no-store")
                        .build());
    }
}
