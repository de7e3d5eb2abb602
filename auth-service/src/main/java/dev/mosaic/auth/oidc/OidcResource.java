package dev.mosaic.auth.oidc;

import static dev.mosaic.shared.http.ControlCharacters.quoted;

import dev.mosaic.auth.openapi.AuthServiceApi;
import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.shared.auth.SignInProvider;
import dev.mosaic.shared.openapi.ProblemResponsesFilter;
import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.security.Authenticated;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Sign-in through external OpenID Connect providers. The SPA lists {@code /providers} and navigates
 * the browser (a full page load, not fetch) to {@code /sign-in/oidc/<id>?callbackURL=…}; the
 * provider sends the browser back to {@code /callback/oidc/<id>}, which always answers with a
 * redirect: to the callbackURL with the session cookie set, or to the SPA's error page with
 * {@code ?error=<code>} ({@link SignInError}). A link started by {@link LinkSocialResource} comes back through the
 * same callback: to its callbackURL without a new session, or with {@code ?error=<code>} added to it.
 */
@Path("/api/auth")
@Tag(name = AuthServiceApi.SINGLE_SIGN_ON)
@Cancellable(false)
public class OidcResource {
    private static final Logger LOG = Logger.getLogger(OidcResource.class);

    private final OidcProviders providers;
    private final OidcSignIn signIn;
    private final SsoStarts starts;
    private final SessionService sessions;
    private final SecurityIdentity identity;
    private final OidcConfigurationMetadata metadata;
    private final CurrentVertxRequest vertxRequest;
    private final ClientAddresses clientAddresses;

    OidcResource(OidcProviders providers, OidcSignIn signIn, SsoStarts starts, SessionService sessions,
            SecurityIdentity identity, OidcConfigurationMetadata metadata, CurrentVertxRequest vertxRequest,
            ClientAddresses clientAddresses) {
        this.providers = providers;
        this.signIn = signIn;
        this.starts = starts;
        this.sessions = sessions;
        this.identity = identity;
        this.metadata = metadata;
        this.vertxRequest = vertxRequest;
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
        SsoStarts.Checked checked = starts.check(providerId, callbackUrl);
        return starts.store(checked, http, Optional.empty())
                .map(stateCookie -> redirect(URI.create(OidcSignIn.authorizePath(checked.provider())))
                        .cookie(stateCookie).build());
    }

    /**
     * quarkus-oidc's part of the start: never reached with an identity (its cookies only go to the callback), so
     * the refusal below ({@link #anonymous}) answers with the extension's redirect to the provider.
     */
    @GET
    @Path("/sign-in/oidc/{provider}" + OidcSignIn.AUTHORIZE_SUFFIX)
    @Operation(summary = "quarkus-oidc's redirect to the provider", description = "Where a start sends the browser: "
            + "a redirect to the provider's authorization endpoint with `state`, `nonce` and a PKCE challenge.",
            extensions = @Extension(name = ProblemResponsesFilter.ERRORS_BY_REDIRECT, value = "true"))
    @APIResponse(responseCode = "302", description = "To the provider",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    @Authenticated
    @AuthorizationCodeFlow
    public RestResponse<Void> authorize(@PathParam("provider") String providerId) {
        return redirect(signIn.errorUrl(SignInError.INVALID_STATE)).build();
    }

    /** Reached only once quarkus-oidc has checked its state, traded the code (PKCE) and verified the ID token. */
    @GET
    @Path("/callback/oidc/{provider}")
    @Operation(summary = "Where the provider sends the browser back", description = "Always a redirect: to "
            + "`callbackURL` with the session cookie set, or to `MOSAIC_AUTH_SPA_ERROR_URL?error=<code>`.",
            extensions = @Extension(name = ProblemResponsesFilter.ERRORS_BY_REDIRECT, value = "true"))
    @APIResponse(responseCode = "302", description = "Signed in (`Set-Cookie: mosaic_session`), or to the error page",
            headers = @Header(name = "Location", schema = @Schema(type = SchemaType.STRING)))
    @Parameter(name = "code", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.STRING), description = "The provider's authorization code (read by quarkus-oidc)")
    @Parameter(name = "state", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.STRING), description = "The state sent at the start (read by quarkus-oidc)")
    @Parameter(name = "error", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.STRING), description = "The provider's refusal, e.g. `access_denied`")
    @Parameter(name = "error_description", in = ParameterIn.QUERY,
            schema = @Schema(type = SchemaType.STRING), description = "The provider's words on it")
    @Authenticated
    @AuthorizationCodeFlow
    public Uni<RestResponse<Void>> callback(@PathParam("provider") String providerId, @QueryParam("iss") String iss,
            @CookieParam(SsoStarts.STATE_COOKIE) String stateCookie, @Context HttpServerRequest http) {
        ClientInfo client = clientAddresses.of(http);
        NewCookie clearState = starts.expiredCookie(providerId);
        return Uni.createFrom().deferred(() -> signIn.finish(providerId, stateCookie, iss, verified(), client))
                .map(finished -> redirect(finished.callbackUrl()).cookie(Stream.concat(Stream.of(clearState),
                        finished.session().map(sessions::cookie).stream()).toArray(NewCookie[]::new)).build())
                .onFailure().recoverWithItem(failure -> redirect(signIn.errorUrl(report(providerId, failure)))
                        .cookie(clearState).build())
                .invoke(() -> endExtensionSession(http, providerId));
    }

    /**
     * The provider vouches once, for this sign-in: the session cookie(s) quarkus-oidc made in this answer
     * ({@code q_session_<id>}, chunked when large) leave with it, expired, so that no later callback can stand on them.
     */
    private static void endExtensionSession(HttpServerRequest http, String providerId) {
        for (Cookie cookie : http.cookies()) {
            if (cookie.getName().startsWith("q_session_" + providerId)) {
                cookie.setValue("").setMaxAge(0).setPath(OidcSignIn.CALLBACK_PATH + providerId);
            }
        }
    }

    private ProviderClient.Verified verified() {
        AuthorizationCodeTokens tokens = vertxRequest.getCurrent().get(SsoTenants.TOKENS);
        String idToken = ((JsonWebToken) identity.getPrincipal()).getRawToken();
        JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]),
                StandardCharsets.UTF_8));
        Optional<String> userinfo = Optional.ofNullable(metadata.getUserInfoUri()).filter(uri -> !uri.isBlank());
        return new ProviderClient.Verified(claims, new ProviderClient.Tokens(idToken,
                Optional.ofNullable(tokens.getAccessToken()), Optional.ofNullable(tokens.getRefreshToken()),
                Optional.ofNullable(tokens.getAccessTokenExpiresIn()).map(seconds -> Instant.now().plusSeconds(seconds))),
                userinfo);
    }

    /** At the authorize step: the extension's redirect to the provider. At the callback: no state cookie of its own. */
    @ServerExceptionMapper
    public Uni<Response> anonymous(UnauthorizedException refused, UriInfo uri) {
        String providerId = uri.getPathParameters().getFirst("provider");
        if (!uri.getPath().endsWith(OidcSignIn.AUTHORIZE_SUFFIX)) {
            return refusedCallback(providerId, refused);
        }
        RoutingContext context = vertxRequest.getCurrent();
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        return authenticator.getChallenge(context)
                .map(challenge -> {
                    Response.ResponseBuilder response = Response.status(challenge.status)
                            .header(HttpHeaders.CACHE_CONTROL, "no-store");
                    challenge.getHeaders().forEach((name, value) -> response.header(name.toString(), value));
                    return response.build();
                })
                .onFailure().recoverWithItem(failure -> redirect(signIn.errorUrl(report(providerId,
                        new SignInFailedException(SignInError.PROVIDER_UNREACHABLE, "The provider " + providerId
                                + " cannot start a sign-in", failure)))).build().toResponse());
    }

    /** The extension refused the callback (state, code exchange, ID token): the SPA's error page, like ours. */
    @ServerExceptionMapper
    public Uni<Response> refused(AuthenticationFailedException refused, UriInfo uri) {
        return refusedCallback(uri.getPathParameters().getFirst("provider"), refused);
    }

    /** The same, for the subtype Quarkus REST would otherwise answer with a bare 401 of its own. */
    @ServerExceptionMapper
    public Uni<Response> refused(AuthenticationCompletionException refused, UriInfo uri) {
        return refusedCallback(uri.getPathParameters().getFirst("provider"), refused);
    }

    private Uni<Response> refusedCallback(String providerId, Throwable refused) {
        RoutingContext context = vertxRequest.getCurrent();
        Cookie stateCookie = context.request().getCookie(SsoStarts.STATE_COOKIE);
        String providerError = context.queryParams().get("error");
        NewCookie clearState = starts.expiredCookie(providerId);
        return Uni.createFrom().deferred(() -> signIn.refused(providerId,
                        stateCookie == null ? null : stateCookie.getValue(), providerError, refused))
                .onFailure(SignInFailedException.class).recoverWithItem(failure -> (SignInFailedException) failure)
                .map(refusal -> {
                    LOG.infof("Sign-in through provider %s refused (%s): %s", quoted(providerId),
                            refusal.error().code(), quoted(String.valueOf(refused.getMessage())));
                    return redirect(signIn.errorUrl(refusal)).cookie(clearState).build().toResponse();
                });
    }

    private static RestResponse.ResponseBuilder<Void> redirect(URI location) {
        return RestResponse.ResponseBuilder.<Void>create(RestResponse.Status.FOUND).location(location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    private static SignInFailedException report(String providerId, Throwable failure) {
        if (failure instanceof SignInFailedException known) {
            LOG.infof("Sign-in through provider %s failed (%s): %s", quoted(providerId), known.error().code(),
                    quoted(known.getMessage()));
            return known;
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "Sign-in through provider %s failed unexpectedly [%s]", quoted(providerId), reference);
        return new SignInFailedException(SignInError.SERVER_ERROR, "See the error logged under " + reference, failure);
    }
}
