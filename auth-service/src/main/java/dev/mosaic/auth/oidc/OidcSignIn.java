package dev.mosaic.auth.oidc;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.auth.signup.SignUpService;
import dev.mosaic.auth.token.Urls;
import dev.mosaic.auth.verification.AuthMails;
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
import java.util.Optional;
import java.util.UUID;
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

    /** Where a start sends the browser on to quarkus-oidc, which redirects it to the provider. */
    public static String authorizePath(OidcProviders.Provider provider) {
        return START_PATH + provider.id() + AUTHORIZE_SUFFIX;
    }

    private final OidcProviders providers;
    private final ProviderClient client;
    private final ExternalIdentities identities;
    private final VerificationTokens verifications;
    private final KeyEncryption encryption;
    private final SessionService sessions;
    private final RedirectTargets targets;
    private final SsoConfig config;
    private final AuthMails mails;

    OidcSignIn(OidcProviders providers, ProviderClient client, ExternalIdentities identities,
            VerificationTokens verifications, KeyEncryption encryption, SessionService sessions,
            RedirectTargets targets, SsoConfig config, AuthMails mails) {
        this.providers = providers;
        this.client = client;
        this.identities = identities;
        this.verifications = verifications;
        this.encryption = encryption;
        this.sessions = sessions;
        this.targets = targets;
        this.config = config;
        this.mails = mails;
    }

    /** Where a finished sign-in sends the browser, and its new session; a finished link opens none. */
    public record Finished(URI callbackUrl, Optional<SessionService.OpenedSession> session) {
    }

    /** What a state row holds: where the browser goes back to, and for a link whose account and which session asked. */
    private record Pending(URI callbackUrl, Optional<LinkTo> link) {
        /** A link reports its failures on the page that asked for it, which is signed in; a sign-in on the error page. */
        SignInFailedException reportedOnItsPage(SignInFailedException failure) {
            return link.isPresent() ? failure.returningTo(callbackUrl) : failure;
        }
    }

    private record LinkTo(UUID userId, UUID sessionId) {
    }

    /** Callers have checked the provider and the callbackURL already; the token is for this browser's cookie. */
    public Uni<String> start(OidcProviders.Provider provider, URI callbackUrl) {
        return store(provider, callbackUrl, Optional.empty());
    }

    /**
     * The same for the signed-in {@code caller}, who asks to link an identity at the provider to their account
     * ({@code link-social}): the callback links it instead of signing in ({@link ExternalIdentities#link}).
     */
    public Uni<String> startLink(OidcProviders.Provider provider, URI callbackUrl, SignedInSession caller) {
        return store(provider, callbackUrl, Optional.of(new LinkTo(caller.userId(), caller.sessionId())));
    }

    private Uni<String> store(OidcProviders.Provider provider, URI callbackUrl, Optional<LinkTo> link) {
        String state = OpaqueTokens.generate();
        JsonObject payload = new JsonObject().put("provider", provider.id()).put("callbackURL", callbackUrl.toString());
        link.ifPresent(to -> payload.put("linkUser", to.userId().toString()).put("linkSession", to.sessionId().toString()));
        return Panache.withTransaction(() -> verifications.issueWithPayload(VerificationPurpose.OIDC_STATE,
                provider.id(), state, encryption.seal(payload.encode(), sealContext(state)), config.stateLifetime()))
                .replaceWith(state);
    }

    /** The extension verified the ID token: link (or create) the user and open a session, or link to whoever asked. */
    public Uni<Finished> finish(String providerId, String stateCookie, String iss, ProviderClient.Verified verified,
            ClientInfo clientInfo) {
        OidcProviders.Provider provider = provider(providerId);
        return redeem(provider, stateCookie).chain(pending -> Uni.createFrom().deferred(() -> {
                    if (iss != null && !provider.issuer().equals(Urls.withoutTrailingSlashes(iss))) {
                        // RFC 9207: the answer comes from another issuer than the one we asked (mix-up attack).
                        throw new SignInFailedException(SignInError.PROVIDER_ERROR,
                                "The callback of provider " + provider.id() + " names issuer " + iss);
                    }
                    return ExternalIdentity.of(provider, verified, client);
                })
                .chain(identity -> pending.link().map(to -> linkTo(to, identity, pending.callbackUrl()))
                        .orElseGet(() -> signIn(identity, clientInfo, pending.callbackUrl())))
                .onFailure(SignInFailedException.class)
                .transform(failure -> pending.reportedOnItsPage((SignInFailedException) failure)));
    }

    /**
     * Once more after losing a race to a first sign-in of the same identity (two browsers of one person): the fresh
     * transaction then finds the user the other one made. An address taken by somebody else stays refused.
     */
    private Uni<Finished> signIn(ExternalIdentity identity, ClientInfo clientInfo, URI callbackUrl) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> identities.signIn(identity)
                        .chain(user -> sessions.open(user.id, clientInfo))))
                .onFailure(failure -> SignUpService.isEmailTaken(failure) || ExternalIdentities.isLinkedMeanwhile(failure))
                .retry().atMost(1)
                .onFailure(SignUpService::isEmailTaken).transform(taken -> new SignInFailedException(
                        SignInError.ACCOUNT_NOT_LINKED, "The email of provider " + identity.providerId()
                                + " account " + identity.subject() + " was taken meanwhile", taken))
                .map(opened -> new Finished(callbackUrl, Optional.of(opened)));
    }

    /**
     * Once more after losing a race to link the same identity: the fresh transaction then sees whose it is. A new
     * way in is mailed to the account's address, so that an owner who did not ask for it learns of it.
     */
    private Uni<Finished> linkTo(LinkTo to, ExternalIdentity identity, URI callbackUrl) {
        return Uni.createFrom().deferred(() -> identities.link(to.userId(), to.sessionId(), identity))
                .onFailure(ExternalIdentities::isLinkedMeanwhile).retry().atMost(1)
                .invoke(linked -> {
                    if (linked.added()) {
                        mails.sendInBackground(mails.identityLinked(linked.email(),
                                provider(identity.providerId()).name()), "identity-linked");
                    }
                })
                .replaceWith(new Finished(callbackUrl, Optional.empty()));
    }

    /**
     * The extension refused the callback. When it got as far as the provider's answer (an {@code error} from the
     * provider, a refused code, a refused ID token), this browser's sign-in is used up as by a success; when it
     * refused the state itself (none, another one), the pending sign-in is left alone, since a forged callback
     * must not spoil the real one.
     */
    public Uni<SignInFailedException> refused(String providerId, String stateCookie, String providerError,
            Throwable failure) {
        OidcProviders.Provider provider = provider(providerId);
        SignInError reason = reason(providerError, failure);
        SignInFailedException refusal = new SignInFailedException(reason, "quarkus-oidc refused the callback of "
                + provider.id(), failure);
        if (reason == SignInError.INVALID_STATE) {
            return Uni.createFrom().item(refusal);
        }
        return redeem(provider, stateCookie).map(pending -> pending.reportedOnItsPage(refusal));
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

    /** This browser's pending sign-in or link, deleted before anything else: its callbackURL (and whose link), once. */
    private Uni<Pending> redeem(OidcProviders.Provider provider, String stateCookie) {
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
                    URI target = targets.check(callbackUrl).orElseThrow(() -> new SignInFailedException(
                            SignInError.INVALID_STATE, "The callbackURL " + callbackUrl + " is no longer on the allow-list"));
                    return new Pending(target, Optional.ofNullable(pending.getString("linkUser")).map(user -> new LinkTo(
                            UUID.fromString(user), UUID.fromString(pending.getString("linkSession")))));
                });
    }

    /** The SPA's error page with {@code ?error=<code>}. */
    public URI errorUrl(SignInError error) {
        return withError(URI.create(config.errorUrl()), error);
    }

    /** Where a failure sends the browser: its page ({@link SignInFailedException#returnTo()}) or the SPA's error page. */
    public URI errorUrl(SignInFailedException failure) {
        return failure.returnTo().map(page -> withError(page, failure.error())).orElseGet(() -> errorUrl(failure.error()));
    }

    /** {@code page} with {@code error=<code>} added to its query, before any #fragment. */
    private static URI withError(URI page, SignInError error) {
        String url = page.toString();
        int fragment = url.indexOf('#');
        String beforeFragment = fragment < 0 ? url : url.substring(0, fragment);
        return URI.create(beforeFragment + (page.getRawQuery() == null ? "?" : "&") + "error=" + error.code()
                + (fragment < 0 ? "" : url.substring(fragment)));
    }

    private static String sealContext(String state) {
        return "verifications/OIDC_STATE/" + HexFormat.of().formatHex(Sha256.of(state));
    }
}
