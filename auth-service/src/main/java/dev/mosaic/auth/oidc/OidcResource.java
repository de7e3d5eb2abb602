package dev.mosaic.auth.oidc;

import static dev.mosaic.shared.http.ControlCharacters.quoted;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.ratelimit.RateLimits;
import dev.mosaic.auth.ratelimit.RateLimitsConfig;
import dev.mosaic.auth.session.SessionConfig;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.shared.auth.SignInProvider;
import dev.mosaic.shared.openapi.ProblemResponsesFilter;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Sign-in through external OpenID Connect providers. The SPA lists {@code /providers} and navigates
 * the browser (a full page load, not fetch) to {@code /sign-in/oidc/<id>?callbackURL=…}; the
 * provider sends the browser back to {@code /callback/oidc/<id>}, which always answers with a
 * redirect: to the callbackURL with the session cookie set, or to the SPA's error page with
 * {@code ?error=<code>} ({@link SignInError}).
 */
@Path("/api/auth")
@Tag(name = AuthServiceApi.SINGLE_SIGN_ON)
public class OidcResource {
    private static final Logger LOG = Logger.getLogger(OidcResource.class);
    static final String STATE_COOKIE = "mosaic_oidc_state";

    private final OidcProviders providers;
    private final OidcSignIn signIn;
    private final RedirectTargets targets;
    private final SessionService sessions;
    private final SessionConfig sessionConfig;
    private final SsoConfig config;
    private final RateLimits limits;
    private final RateLimitsConfig limitsConfig;
    private final ClientAddresses clientAddresses;

    OidcResource(OidcProviders providers, OidcSignIn signIn, RedirectTargets targets, SessionService sessions,
            SessionConfig sessionConfig, SsoConfig config, RateLimits limits, RateLimitsConfig limitsConfig,
            ClientAddresses clientAddresses) {
        this.providers = providers;
        this.signIn = signIn;
        this.targets = targets;
        this.sessions = sessions;
        this.sessionConfig = sessionConfig;
        this.config = config;
        this.limits = limits;
        this.limitsConfig = limitsConfig;
        this.clientAddresses = clientAddresses;
    }

    /** The enabled providers, for the sign-in page; empty when none is configured. */
    @GET
    @Path("/providers")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The enabled sign-in providers", description = "Empty when none is configured.")
    public List<SignInProvider> list() {
        return providers.list();
    }

    @GET
    @Path("/sign-in/oidc/{provider}")
    @Operation(summary = "Start signing in through a provider",
            description = "A browser navigation, not a fetch: redirects to the provider (authorization code with "
                    + "PKCE S256, `state`, `nonce`). The sign-in ends at `callbackURL`, or at the SPA's error page.")
    @APIResponse(responseCode = "302", description = "To the provider, or to the SPA's error page when it is "
            + "unreachable", headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "`callbackURL` is not on an allowed origin")
    @APIResponse(responseCode = "404", description = "No such provider")
    @APIResponse(responseCode = "429", description = "Too many sign-ins started from this client address")
    public Uni<RestResponse<Void>> start(@PathParam("provider") String providerId,
            @Parameter(description = "Where the browser goes once signed in") @QueryParam("callbackURL")
            String callbackUrl, @Context HttpServerRequest http) {
        OidcProviders.Provider provider = providers.find(providerId).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "There is no sign-in provider '" + providerId + "'. "
                        + "GET /api/auth/providers lists the enabled ones."));
        URI target = targets.check(callbackUrl).orElseThrow(() -> new ProblemException(Problem.of(
                ProblemType.VALIDATION_FAILED, "callbackURL must be an absolute URL on one of the allowed origins "
                        + "(MOSAIC_AUTH_REDIRECT_ORIGINS)",
                List.of(new Problem.FieldError("callbackURL", "must be on an allowed origin")))));
        return limits.hit(limitsConfig.ssoStartWindow(),
                        Map.of("sso-start:" + RateLimits.addressKey(clientAddresses.of(http).address()),
                                limitsConfig.ssoStartsPerAddress()),
                        "Too many single sign-ons were started from your network.")
                .chain(() -> signIn.start(provider, target)
                        .map(started -> redirect(started.authorizationUrl())
                                .cookie(stateCookie(started.state(), provider)).build())
                        .onFailure().recoverWithItem(failure -> redirect(signIn.errorUrl(report(providerId, failure)))
                                .build()));
    }

    @GET
    @Path("/callback/oidc/{provider}")
    @Operation(summary = "Where the provider sends the browser back", description = "Always a redirect: to "
            + "`callbackURL` with the session cookie set, or to `MOSAIC_AUTH_SPA_ERROR_URL?error=<code>`.",
            extensions = @Extension(name = ProblemResponsesFilter.ERRORS_BY_REDIRECT, value = "true"))
    @APIResponse(responseCode = "302", description = "Signed in (`Set-Cookie: mosaic_session`), or to the error page",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    public Uni<RestResponse<Void>> callback(@PathParam("provider") String providerId,
            @QueryParam("code") String code, @QueryParam("state") String state,
            @QueryParam("error") String error, @QueryParam("error_description") String errorDescription,
            @QueryParam("iss") String iss, @CookieParam(STATE_COOKIE) String stateCookie,
            @Context HttpServerRequest http) {
        OidcSignIn.Callback callback = new OidcSignIn.Callback(code, state, error, errorDescription, iss, stateCookie);
        ClientInfo client = clientAddresses.of(http);
        NewCookie clearState = expiredStateCookie(providerId);
        return Uni.createFrom().deferred(() -> signIn.finish(providerId, callback, client))
                .map(finished -> redirect(finished.callbackUrl()).cookie(clearState,
                        sessions.cookie(finished.session())).build())
                .onFailure().recoverWithItem(failure -> redirect(signIn.errorUrl(report(providerId, failure)))
                        .cookie(clearState).build());
    }

    private static RestResponse.ResponseBuilder<Void> redirect(URI location) {
        return RestResponse.ResponseBuilder.<Void>create(RestResponse.Status.FOUND).location(location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** Only sent back to this provider's callback; SameSite=Lax still lets the provider's top-level redirect carry it. */
    private NewCookie stateCookie(String state, OidcProviders.Provider provider) {
        return stateCookieBuilder(provider.id()).value(state).maxAge((int) config.stateLifetime().toSeconds()).build();
    }

    private NewCookie expiredStateCookie(String providerId) {
        return stateCookieBuilder(providers.find(providerId).map(OidcProviders.Provider::id).orElse(""))
                .value("").maxAge(0).build();
    }

    private NewCookie.Builder stateCookieBuilder(String knownProviderId) {
        return new NewCookie.Builder(STATE_COOKIE)
                .path(OidcSignIn.CALLBACK_PATH + knownProviderId)
                .httpOnly(true)
                .secure(sessionConfig.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX);
    }

    private static SignInError report(String providerId, Throwable failure) {
        if (failure instanceof SignInFailedException known) {
            LOG.infof("Sign-in through provider %s failed (%s): %s", quoted(providerId), known.error().code(),
                    quoted(known.getMessage()));
            return known.error();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "Sign-in through provider %s failed unexpectedly [%s]", quoted(providerId), reference);
        return SignInError.SERVER_ERROR;
    }
}
