package dev.mosaic.auth.oidc;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.signup.SignUpService;
import dev.mosaic.auth.token.TokenConfig;
import dev.mosaic.auth.token.Urls;
import dev.mosaic.auth.verification.VerificationPurpose;
import dev.mosaic.auth.verification.VerificationTokens;
import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The authorization-code flow with PKCE (RFC 7636, S256) against one configured provider, ending in a
 * Mosaic session exactly like an email sign-in's.
 *
 * <p>{@link #start} makes three random values: {@code state} (only its SHA-256 is stored, as a
 * {@link VerificationPurpose#OIDC_STATE} verification that expires after {@code state-lifetime}), the
 * PKCE verifier and the nonce, which are stored with the callbackURL, sealed, in that row. The state
 * also goes into a cookie of this browser. {@link #finish} accepts a callback only when the cookie
 * and the query carry the same state and the row is still there; it deletes the row before anything
 * else, so a state works once (a replay, a forgery, or a link sent to someone else's browser fails).
 */
@ApplicationScoped
public class OidcSignIn {
    public static final String CALLBACK_PATH = "/api/auth/callback/oidc/";

    private final OidcProviders providers;
    private final ProviderClient client;
    private final IdTokens idTokens;
    private final ExternalIdentities identities;
    private final VerificationTokens verifications;
    private final KeyEncryption encryption;
    private final SessionService sessions;
    private final RedirectTargets targets;
    private final SsoConfig config;
    private final String publicBaseUrl;

    OidcSignIn(OidcProviders providers, ProviderClient client, IdTokens idTokens, ExternalIdentities identities,
            VerificationTokens verifications, KeyEncryption encryption, SessionService sessions,
            RedirectTargets targets, SsoConfig config, TokenConfig tokenConfig) {
        this.providers = providers;
        this.client = client;
        this.idTokens = idTokens;
        this.identities = identities;
        this.verifications = verifications;
        this.encryption = encryption;
        this.sessions = sessions;
        this.targets = targets;
        this.config = config;
        this.publicBaseUrl = Urls.withoutTrailingSlashes(tokenConfig.issuer());
    }

    /** Where to send the browser, and the state for its cookie. */
    public record Started(URI authorizationUrl, String state) {
    }

    /** Where a finished sign-in sends the browser, and its new session. */
    public record Finished(URI callbackUrl, SessionService.OpenedSession session) {
    }

    /** The redirect URI registered at the provider: {@code <MOSAIC_AUTH_ISSUER>/api/auth/callback/oidc/<id>}. */
    public String redirectUri(OidcProviders.Provider provider) {
        return publicBaseUrl + CALLBACK_PATH + provider.id();
    }

    /** Callers have checked the provider and the callbackURL already. */
    public Uni<Started> start(OidcProviders.Provider provider, URI callbackUrl) {
        String state = OpaqueTokens.generate();
        String verifier = OpaqueTokens.generate();
        String nonce = OpaqueTokens.generate();
        String payload = new JsonObject().put("provider", provider.id()).put("verifier", verifier)
                .put("nonce", nonce).put("callbackURL", callbackUrl.toString()).encode();
        return client.metadata(provider).call(meta -> Panache.withTransaction(
                () -> verifications.issueWithPayload(VerificationPurpose.OIDC_STATE, provider.id(), state,
                        encryption.seal(payload, sealContext(state)), config.stateLifetime())))
                .map(meta -> new Started(URI.create(meta.authorizationEndpoint()
                        + (meta.authorizationEndpoint().contains("?") ? "&" : "?")
                        + "response_type=code"
                        + "&client_id=" + encode(provider.clientId())
                        + "&redirect_uri=" + encode(redirectUri(provider))
                        + "&scope=" + encode(provider.scope())
                        + "&state=" + state
                        + "&nonce=" + nonce
                        + "&code_challenge=" + challenge(verifier)
                        + "&code_challenge_method=S256"), state));
    }

    /** What the provider sent back to the callback. */
    public record Callback(String code, String state, String error, String errorDescription, String iss,
            String stateCookie) {
    }

    private record Pending(String providerId, String verifier, String nonce, String callbackUrl) {
    }

    public Uni<Finished> finish(String providerId, Callback callback, ClientInfo clientInfo) {
        OidcProviders.Provider provider = providers.find(providerId).orElseThrow(
                () -> new SignInFailedException(SignInError.UNKNOWN_PROVIDER, "Callback for unknown provider " + providerId));
        if (callback.state() == null || callback.stateCookie() == null
                || !MessageDigest.isEqual(callback.state().getBytes(StandardCharsets.UTF_8),
                        callback.stateCookie().getBytes(StandardCharsets.UTF_8))) {
            return Uni.createFrom().failure(new SignInFailedException(SignInError.INVALID_STATE,
                    "Callback of provider " + providerId + " without this browser's state cookie, or with another state"));
        }
        String state = callback.state();
        return Panache.withTransaction(() -> verifications.redeemWithPayload(VerificationPurpose.OIDC_STATE, state))
                .map(redeemed -> {
                    if (redeemed == null) {
                        throw new SignInFailedException(SignInError.INVALID_STATE,
                                "Callback of provider " + providerId + " with an unknown, used or expired state");
                    }
                    JsonObject json = new JsonObject(encryption.open(redeemed.payload(), sealContext(state)));
                    Pending pending = new Pending(json.getString("provider"), json.getString("verifier"),
                            json.getString("nonce"), json.getString("callbackURL"));
                    if (!provider.id().equals(pending.providerId())) {
                        throw new SignInFailedException(SignInError.INVALID_STATE, "A state of provider "
                                + pending.providerId() + " came back to the callback of " + provider.id());
                    }
                    return pending;
                })
                .chain(pending -> {
                    if (callback.error() != null) {
                        SignInError error = "access_denied".equals(callback.error()) ? SignInError.ACCESS_DENIED
                                : SignInError.PROVIDER_ERROR;
                        throw new SignInFailedException(error, "Provider " + provider.id() + " answered "
                                + callback.error() + ": " + Optional.ofNullable(callback.errorDescription()).orElse(""));
                    }
                    if (callback.code() == null || callback.code().isBlank()) {
                        throw new SignInFailedException(SignInError.PROVIDER_ERROR,
                                "Provider " + provider.id() + " sent neither a code nor an error");
                    }
                    URI target = targets.check(pending.callbackUrl()).orElseThrow(() -> new SignInFailedException(
                            SignInError.INVALID_STATE, "The callbackURL " + pending.callbackUrl()
                                    + " is no longer on the allow-list"));
                    return client.metadata(provider).chain(meta -> {
                        if (callback.iss() != null && !callback.iss().equals(meta.issuer())) {
                            // RFC 9207: the answer comes from another issuer than the one we asked (mix-up attack).
                            throw new SignInFailedException(SignInError.PROVIDER_ERROR, "The callback of provider "
                                    + provider.id() + " names issuer " + callback.iss());
                        }
                        return client.exchange(provider, meta, callback.code(), pending.verifier(), redirectUri(provider))
                                .chain(tokens -> idTokens.verify(provider, meta, tokens.idToken(), pending.nonce())
                                        .chain(claims -> ExternalIdentity.of(provider, claims, tokens, client, meta)))
                                .chain(identity -> Panache.withTransaction(() -> identities.signIn(identity)
                                        .chain(user -> sessions.open(user.id, clientInfo)))
                                        .onFailure(SignUpService::isEmailTaken).transform(taken -> new SignInFailedException(
                                                SignInError.ACCOUNT_NOT_LINKED, "The email of provider " + provider.id()
                                                        + " account " + identity.subject() + " was taken meanwhile", taken)))
                                .map(opened -> new Finished(target, opened));
                    });
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

    private static String challenge(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Sha256.of(verifier));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
