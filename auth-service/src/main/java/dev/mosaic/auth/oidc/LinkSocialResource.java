package dev.mosaic.auth.oidc;

import dev.mosaic.auth.account.Reauthentication;
import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.session.SessionAuthentication;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.auth.token.TokenConfig;
import dev.mosaic.auth.token.Urls;
import dev.mosaic.shared.auth.LinkSocialRequest;
import dev.mosaic.shared.auth.LinkSocialStarted;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

/**
 * Linking an identity at a provider to the signed-in caller's account (BetterAuth's {@code link-social}). A fetch
 * from the SPA's page, JSON only, so another site cannot make it; it sets this browser's state cookie, the page then
 * navigates to {@code url}, and the browser comes back through the same callback as a sign-in ({@link OidcResource}),
 * which links instead of signing in ({@link ExternalIdentities#link}). Proof beyond the session, as deleting the
 * account asks, keeps a stolen session from adding its thief's own way in.
 */
@Path("/api/auth")
@Tag(name = AuthServiceApi.ACCOUNT)
@Cancellable(false)
public class LinkSocialResource {
    private final SsoStarts starts;
    private final Reauthentication reauthentication;
    private final SecurityIdentity identity;
    private final ClientAddresses clientAddresses;
    private final TokenConfig tokenConfig;

    LinkSocialResource(SsoStarts starts, Reauthentication reauthentication, SecurityIdentity identity,
            ClientAddresses clientAddresses, TokenConfig tokenConfig) {
        this.starts = starts;
        this.reauthentication = reauthentication;
        this.identity = identity;
        this.clientAddresses = clientAddresses;
        this.tokenConfig = tokenConfig;
    }

    @POST
    @Path("/link-social")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Authenticated
    @HttpAuthenticationMechanism(SessionAuthentication.SCHEME)
    @Operation(summary = "Start linking a provider to the caller's account", description = "Needs the password, or "
            + "for an account without one a recent sign-in. Sets this browser's state cookie; then navigate the browser "
            + "(a page load, not a fetch) to `url`. It comes back to `callbackURL`, with `?error=<code>` added when the "
            + "link failed (`account_already_linked`: that identity belongs to another account; `session_ended`; the "
            + "codes of a sign-in). The provider's email plays no part.")
    @APIResponse(responseCode = "200", description = "Navigate the browser to `url`")
    @APIResponse(responseCode = "400", description = "`callbackURL` is not on an allowed origin")
    @APIResponse(responseCode = "403", description = "Password wrong or missing, or the sign-in is not recent enough")
    @APIResponse(responseCode = "404", description = "No such provider")
    @APIResponse(responseCode = "429", description = "Too many sign-ins started from this client address")
    @SecurityRequirement(name = AuthServiceApi.SESSION_COOKIE)
    @SecurityRequirement(name = AuthServiceApi.SESSION_TOKEN)
    public Uni<RestResponse<LinkSocialStarted>> linkSocial(@Valid @NotNull LinkSocialRequest request,
            @Context HttpServerRequest http) {
        SsoStarts.Checked checked = starts.check(request.provider(), request.callbackURL());
        SignedInSession caller = SignedInSession.of(identity);
        String url = Urls.withoutTrailingSlashes(tokenConfig.issuer()) + OidcSignIn.authorizePath(checked.provider());
        return reauthentication.confirm(caller, request.password(), clientAddresses.of(http))
                .chain(() -> starts.store(checked, http, Optional.of(caller)))
                .map(stateCookie -> RestResponse.ResponseBuilder.ok(new LinkSocialStarted(url, true))
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").cookie(stateCookie).build());
    }
}
