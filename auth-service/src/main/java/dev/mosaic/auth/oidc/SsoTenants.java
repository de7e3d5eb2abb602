package dev.mosaic.auth.oidc;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.token.TokenConfig;
import dev.mosaic.auth.token.Urls;
import io.quarkus.oidc.AuthenticationCompletionAction;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One quarkus-oidc web-app tenant per configured provider, named by its id, and only on that provider's two SSO
 * paths ({@link OidcResource}); everywhere else the default tenant, which is disabled, so the extension never
 * looks at another request's credentials. The tenant does discovery, JWKS (refreshed on an unknown key), PKCE
 * (S256), state and nonce, the code exchange (HTTP Basic with a secret) and the ID token's checks.
 *
 * <p>Its cookies ({@code q_auth_<id>}, {@code q_session_<id>}) are scoped to the callback path, so a start never
 * meets a session of the extension; {@link OidcResource} ends that session as soon as the Mosaic session exists.
 */
@ApplicationScoped
public class SsoTenants implements TenantConfigResolver, AuthenticationCompletionAction {
    /** The routing-context key under which a completed code exchange leaves the provider's tokens for the callback. */
    static final String TOKENS = SsoTenants.class.getName() + ".tokens";

    private final OidcProviders providers;
    private final SsoConfig config;
    private final KeyEncryption encryption;
    private final String publicBaseUrl;
    private final Map<String, OidcTenantConfig> tenants = new ConcurrentHashMap<>();

    SsoTenants(OidcProviders providers, SsoConfig config, KeyEncryption encryption, TokenConfig tokenConfig) {
        this.providers = providers;
        this.config = config;
        this.encryption = encryption;
        this.publicBaseUrl = Urls.withoutTrailingSlashes(tokenConfig.issuer());
    }

    /** The redirect URI registered at the provider: {@code <MOSAIC_AUTH_ISSUER>/api/auth/callback/oidc/<id>}. */
    String redirectUri(OidcProviders.Provider provider) {
        return publicBaseUrl + OidcSignIn.CALLBACK_PATH + provider.id();
    }

    /** Runs once per completed code exchange, before OidcResource.callback: all the tokens, with the expiry. */
    @Override
    public Uni<Void> action(AuthenticationCompletionContext completion) {
        completion.routingContext().put(TOKENS, completion.tokens());
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        return Uni.createFrom().item(providerOf(context.normalizedPath())
                .map(provider -> tenants.computeIfAbsent(provider.id(), id -> tenant(provider))).orElse(null));
    }

    private Optional<OidcProviders.Provider> providerOf(String path) {
        for (String prefix : new String[] { OidcSignIn.CALLBACK_PATH, OidcSignIn.START_PATH }) {
            if (path.startsWith(prefix)) {
                String rest = path.substring(prefix.length());
                return providers.find(rest.endsWith(OidcSignIn.AUTHORIZE_SUFFIX)
                        ? rest.substring(0, rest.length() - OidcSignIn.AUTHORIZE_SUFFIX.length()) : rest);
            }
        }
        return Optional.empty();
    }

    private OidcTenantConfig tenant(OidcProviders.Provider provider) {
        var tenant = OidcTenantConfig.builder()
                .tenantId(provider.id())
                .applicationType(ApplicationType.WEB_APP)
                .authServerUrl(provider.issuer())
                .clientId(provider.clientId())
                .connectionTimeout(config.providerTimeout());
        provider.clientSecret().ifPresent(tenant::credentials);
        return tenant
                // OpenID Connect Discovery 1.0 §4.3: tokens must name the configured issuer, whatever discovery says.
                .token().issuer(provider.issuer()).end()
                .authentication()
                .redirectPath(redirectUri(provider))
                .cookiePath(OidcSignIn.CALLBACK_PATH + provider.id())
                .scopes(Arrays.stream(provider.scope().split(" ")).filter(s -> !"openid".equals(s)).toList())
                .pkceRequired(true)
                .nonceRequired(true)
                .stateCookieAge(config.stateLifetime())
                // Every replica must open the state cookie another one made: a secret derived from the shared one.
                .stateSecret(encryption.derivedSecret("sso-state/" + provider.id()))
                // The callback request itself goes on to OidcResource.callback, which mints the Mosaic session.
                .restorePathAfterRedirect(false)
                .removeRedirectParameters(false)
                .end()
                .build();
    }
}
