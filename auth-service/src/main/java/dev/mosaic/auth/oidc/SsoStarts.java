package dev.mosaic.auth.oidc;

import dev.mosaic.auth.ratelimit.ClientAddresses;
import dev.mosaic.auth.ratelimit.RateLimits;
import dev.mosaic.auth.ratelimit.RateLimitsConfig;
import dev.mosaic.auth.session.SessionConfig;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sign-in through a provider ({@code GET /sign-in/oidc/<id>}) and a link of one ({@code POST /link-social})
 * have in common before the browser leaves for the provider: the provider and the callbackURL checked (404, 400),
 * the starts of the client address counted (429), and the pending sign-in stored with its state cookie, which binds
 * it to this browser.
 */
@ApplicationScoped
public class SsoStarts {
    static final String STATE_COOKIE = "mosaic_oidc_state";

    private final OidcProviders providers;
    private final RedirectTargets targets;
    private final OidcSignIn signIn;
    private final RateLimits limits;
    private final RateLimitsConfig limitsConfig;
    private final ClientAddresses clientAddresses;
    private final SsoConfig config;
    private final SessionConfig sessionConfig;

    SsoStarts(OidcProviders providers, RedirectTargets targets, OidcSignIn signIn, RateLimits limits,
            RateLimitsConfig limitsConfig, ClientAddresses clientAddresses, SsoConfig config, SessionConfig sessionConfig) {
        this.providers = providers;
        this.targets = targets;
        this.signIn = signIn;
        this.limits = limits;
        this.limitsConfig = limitsConfig;
        this.clientAddresses = clientAddresses;
        this.config = config;
        this.sessionConfig = sessionConfig;
    }

    /** A known provider and a callbackURL that may be redirected to. */
    public record Checked(OidcProviders.Provider provider, URI callbackUrl) {
    }

    /** 404 for an unknown provider, 400 for a callbackURL off the allowed origins. */
    public Checked check(String providerId, String callbackUrl) {
        OidcProviders.Provider provider = providers.find(providerId).orElseThrow(() -> new ProblemException(
                ProblemType.NOT_FOUND, "There is no sign-in provider '" + providerId + "'. "
                        + "GET /api/auth/providers lists the enabled ones."));
        URI target = targets.check(callbackUrl).orElseThrow(() -> new ProblemException(Problem.of(
                ProblemType.VALIDATION_FAILED, "callbackURL must be an absolute URL on one of the allowed origins "
                        + "(MOSAIC_AUTH_REDIRECT_ORIGINS)",
                List.of(new Problem.FieldError("callbackURL", "must be on an allowed origin")))));
        return new Checked(provider, target);
    }

    /**
     * Counts the start against the client address (after the request's own checks, so that a refused one costs
     * nothing), stores it, a sign-in or {@code linkFor}'s link, and answers the state cookie for this browser.
     */
    public Uni<NewCookie> store(Checked checked, HttpServerRequest http, Optional<SignedInSession> linkFor) {
        return limits.hit(limitsConfig.ssoStartWindow(),
                        Map.of("sso-start:" + RateLimits.addressKey(clientAddresses.of(http).address()),
                                limitsConfig.ssoStartsPerAddress()),
                        "Too many single sign-ons were started from your network.")
                .chain(() -> linkFor.map(caller -> signIn.startLink(checked.provider(), checked.callbackUrl(), caller))
                        .orElseGet(() -> signIn.start(checked.provider(), checked.callbackUrl())))
                .map(state -> cookie(checked.provider().id()).value(state)
                        .maxAge((int) config.stateLifetime().toSeconds()).build());
    }

    /** Clears the state cookie, whether or not the provider is known. */
    public NewCookie expiredCookie(String providerId) {
        return cookie(providers.find(providerId).map(OidcProviders.Provider::id).orElse("")).value("").maxAge(0).build();
    }

    /** Only sent back to this provider's callback; SameSite=Lax still lets the provider's top-level redirect carry it. */
    private NewCookie.Builder cookie(String knownProviderId) {
        return new NewCookie.Builder(STATE_COOKIE)
                .path(OidcSignIn.CALLBACK_PATH + knownProviderId)
                .httpOnly(true)
                .secure(sessionConfig.cookieSecure())
                .sameSite(NewCookie.SameSite.LAX);
    }
}
