package dev.mosaic.auth.oidc;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.signup.SignUpService;
import dev.mosaic.auth.token.Urls;
import dev.mosaic.auth.verification.VerificationPurpose;
import dev.mosaic.auth.verification.VerificationTokens;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.URI;
import java.util.HexFormat;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Mosaic's side of a sign-in through a provider, around quarkus-oidc's authorization-code flow ({@link SsoTenants}).
 *
 * <p>{@link #start} stores the sign-in that waits for the provider: a random token, only its SHA-256 stored, as an
 * {@link VerificationPurpose#OIDC_STATE} verification that ends after {@code state-lifetime}, with the callbackURL
 * sealed in it; the token goes into this browser's cookie. The extension's own state lives only in its cookie, so a
 * replayed or late callback would pass it ({@code QuarkusOidcCodeFlowTest}): {@link #finish} and {@link #refused}
 * redeem this row first, once, so a callback counts only for the browser that started it, once, in time.
 */
@ApplicationScoped
public class OidcSignIn {
    public static final String START_PATH = "/api/auth/sign-in/oidc/";
    /** Where a start hands over to the extension, which redirects to the provider: {@code START_PATH + id + this}. */
    public static final String AUTHORIZE_SUFFIX = "/authorize";
    public static final String CALLBACK_PATH = "/api/auth/callback/oidc/";

    private final OidcProviders providers;
    private final ProviderClient client;
    private final ExternalIdentities identities;
    private final VerificationTokens verifications;
    private final KeyEncryption encryption;
    private final SessionService sessions;
    private final RedirectTargets targets;
    private final SsoConfig config;

    OidcSignIn(OidcProviders providers, ProviderClient client, ExternalIdentities identities,
            VerificationTokens verifications, KeyEncryption encryption, SessionService sessions,
            RedirectTargets targets, SsoConfig config) {
        this.providers = providers;
        this.client = client;
        this.identities = identities;
        this.verifications = verifications;
        this.encryption = encryption;
        this.sessions = sessions;
        this.targets = targets;
        this.config = config;
    }

    /** Where a finished sign-in sends the browser, and its new session. */
    public record Finished(URI callbackUrl, SessionService.OpenedSession session) {
    }

    /** Callers have checked the provider and the callbackURL already; the token is for this browser's cookie. */
    public Uni<String> start(OidcProviders.Provider provider, URI callbackUrl) {
        String state = OpaqueTokens.generate();
        String payload = new JsonObject().put("provider", provider.id()).put("callbackURL", callbackUrl.toString()).encode();
        return Panache.withTransaction(() -> verifications.issueWithPayload(VerificationPurpose.OIDC_STATE,
                provider.id(), state, encryption.seal(payload, sealContext(state)), config.stateLifetime()))
                .replaceWith(state);
    }

    /** The extension verified the ID token: link (or create) the user and open a session. */
    public Uni<Finished> finish(String providerId, String stateCookie, String iss, ProviderClient.Verified verified,
            ClientInfo clientInfo) {
        OidcProviders.Provider provider = provider(providerId);
        return redeem(provider, stateCookie)
                .invoke(() -> {
                    if (iss != null && !provider.issuer().equals(Urls.withoutTrailingSlashes(iss))) {
                        // RFC 9207: the answer comes from another issuer than the one we asked (mix-up attack).
                        throw new SignInFailedException(SignInError.PROVIDER_ERROR,
                                "The callback of provider " + provider.id() + " names issuer " + iss);
                    }
                })
                .chain(target -> ExternalIdentity.of(provider, verified, client)
                        .chain(identity -> Panache.withTransaction(() -> identities.signIn(identity)
                                .chain(user -> sessions.open(user.id, clientInfo)))
                                .onFailure(SignUpService::isEmailTaken).transform(taken -> new SignInFailedException(
                                        SignInError.ACCOUNT_NOT_LINKED, "The email of provider " + provider.id()
                                                + " account " + identity.subject() + " was taken meanwhile", taken)))
                        .map(opened -> new Finished(target, opened)));
    }

    /**
     * The extension refused the callback. When it got as far as the provider's answer (an {@code error} from the
     * provider, a refused code, a refused ID token), this browser's sign-in is used up as by a success; when it
     * refused the state itself (none, another one), the pending sign-in is left alone, since a forged callback
     * must not spoil the real one.
     */
    public Uni<SignInError> refused(String providerId, String stateCookie, String providerError, Throwable failure) {
        OidcProviders.Provider provider = provider(providerId);
        SignInError reason = reason(providerError, failure);
        if (reason == SignInError.INVALID_STATE) {
            return Uni.createFrom().item(reason);
        }
        return redeem(provider, stateCookie).replaceWith(reason);
    }

    private OidcProviders.Provider provider(String providerId) {
        return providers.find(providerId).orElseThrow(() -> new SignInFailedException(SignInError.UNKNOWN_PROVIDER,
                "Callback for unknown provider " + providerId));
    }

    private static SignInError reason(String providerError, Throwable failure) {
        if (providerError != null) {
            return "access_denied".equals(providerError) ? SignInError.ACCESS_DENIED : SignInError.PROVIDER_ERROR;
        }
        if (failure == null || failure.getCause() == null) {
            return SignInError.INVALID_STATE;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidJwtException) {
                return SignInError.INVALID_ID_TOKEN;
            }
            if (cause instanceof ConnectException) {
                return SignInError.PROVIDER_UNREACHABLE;
            }
        }
        return SignInError.PROVIDER_ERROR;
    }

    /** This browser's pending sign-in, deleted before anything else: its callbackURL, once. */
    private Uni<URI> redeem(OidcProviders.Provider provider, String stateCookie) {
        if (stateCookie == null || stateCookie.isBlank()) {
            return Uni.createFrom().failure(new SignInFailedException(SignInError.INVALID_STATE,
                    "Callback of provider " + provider.id() + " without this browser's state cookie"));
        }
        return Panache.withTransaction(() -> verifications.redeemWithPayload(VerificationPurpose.OIDC_STATE, stateCookie))
                .map(redeemed -> {
                    if (redeemed == null) {
                        throw new SignInFailedException(SignInError.INVALID_STATE,
                                "Callback of provider " + provider.id() + " with an unknown, used or expired state");
                    }
                    JsonObject pending = new JsonObject(encryption.open(redeemed.payload(), sealContext(stateCookie)));
                    if (!provider.id().equals(pending.getString("provider"))) {
                        throw new SignInFailedException(SignInError.INVALID_STATE, "A state of provider "
                                + pending.getString("provider") + " came back to the callback of " + provider.id());
                    }
                    String callbackUrl = pending.getString("callbackURL");
                    return targets.check(callbackUrl).orElseThrow(() -> new SignInFailedException(
                            SignInError.INVALID_STATE, "The callbackURL " + callbackUrl + " is no longer on the allow-list"));
                });
    }

    /** The SPA's error page with {@code ?error=<code>}. */
    public URI errorUrl(SignInError error) {
        String base = config.errorUrl();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "error=" + error.code());
    }

    private static String sealContext(String state) {
        return "verifications/OIDC_STATE/" + HexFormat.of().formatHex(Sha256.of(state));
    }
}
