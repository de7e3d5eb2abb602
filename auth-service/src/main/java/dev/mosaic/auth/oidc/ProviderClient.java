package dev.mosaic.auth.oidc;

import dev.mosaic.auth.token.Urls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.lang.JoseException;

/**
 * Talks to the providers, never blocking: discovery and JWKS (cached for {@code metadata-ttl}), the
 * code-for-tokens exchange and userinfo. Every failure becomes a {@link SignInFailedException}.
 */
@ApplicationScoped
public class ProviderClient {
    private static final Logger LOG = Logger.getLogger(ProviderClient.class);
    private static final Duration MIN_JWKS_REFRESH = Duration.ofSeconds(10);
    private static final String WELL_KNOWN = "/.well-known/openid-configuration";

    /** What a provider's discovery document says that the flow needs. */
    public record Metadata(String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri,
            Optional<String> userinfoEndpoint) {
    }

    /** The token endpoint's answer. */
    public record Tokens(String idToken, Optional<String> accessToken, Optional<String> refreshToken,
            Optional<Instant> accessTokenExpiresAt) {
    }

    private record Cached<T>(T value, Instant fetchedAt) {
        boolean freshAt(Instant now, Duration ttl) {
            return fetchedAt.plus(ttl).isAfter(now);
        }
    }

    private final WebClient client;
    private final SsoConfig config;
    private final Map<String, Cached<Metadata>> metadata = new ConcurrentHashMap<>();
    private final Map<String, Cached<List<JsonWebKey>>> keys = new ConcurrentHashMap<>();

    ProviderClient(Vertx vertx, SsoConfig config) {
        this.config = config;
        int timeoutMillis = (int) config.providerTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout((int) config.providerTimeout().toSeconds() + 1)
                .setVerifyHost(true)
                .setFollowRedirects(false)
                .setUserAgent("mosaic-auth-service"));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    public Uni<Metadata> metadata(OidcProviders.Provider provider) {
        Cached<Metadata> cached = metadata.get(provider.id());
        if (cached != null && cached.freshAt(Instant.now(), config.metadataTtl())) {
            return Uni.createFrom().item(cached.value());
        }
        return getJson(provider, provider.issuer() + WELL_KNOWN, "discovery document").map(json -> {
            Metadata parsed = parseMetadata(provider, json);
            metadata.put(provider.id(), new Cached<>(parsed, Instant.now()));
            return parsed;
        });
    }

    /** The provider's signing keys; {@code refresh} re-reads them (a token named a key we do not have), at most every 10 s. */
    public Uni<List<JsonWebKey>> keys(OidcProviders.Provider provider, Metadata meta, boolean refresh) {
        Cached<List<JsonWebKey>> cached = keys.get(provider.id());
        Instant now = Instant.now();
        if (cached != null && (refresh ? cached.freshAt(now, MIN_JWKS_REFRESH) : cached.freshAt(now, config.metadataTtl()))) {
            return Uni.createFrom().item(cached.value());
        }
        return getJson(provider, meta.jwksUri(), "JWKS").map(json -> {
            List<JsonWebKey> parsed;
            try {
                parsed = new JsonWebKeySet(json.encode()).getJsonWebKeys();
            } catch (JoseException e) {
                throw new SignInFailedException(SignInError.PROVIDER_UNREACHABLE,
                        "The JWKS of provider " + provider.id() + " cannot be read", e);
            }
            keys.put(provider.id(), new Cached<>(parsed, Instant.now()));
            return parsed;
        });
    }

    /** Trades the authorization code for tokens (RFC 6749 §4.1.3 with the PKCE verifier of RFC 7636). */
    public Uni<Tokens> exchange(OidcProviders.Provider provider, Metadata meta, String code, String codeVerifier,
            String redirectUri) {
        MultiMap form = MultiMap.caseInsensitiveMultiMap()
                .add("grant_type", "authorization_code")
                .add("code", code)
                .add("redirect_uri", redirectUri)
                .add("code_verifier", codeVerifier)
                .add("client_id", provider.clientId());
        var request = client.postAbs(meta.tokenEndpoint()).timeout(config.providerTimeout().toMillis())
                .putHeader("Accept", "application/json");
        provider.clientSecret().ifPresent(secret -> request.putHeader("Authorization", "Basic " + basic(provider.clientId(), secret)));
        return request.sendForm(form)
                .onFailure().transform(failure -> unreachable(provider, "token endpoint", failure))
                .map(response -> {
                    JsonObject json = jsonOrNull(response);
                    if (response.statusCode() != 200 || json == null) {
                        String error = json == null ? "(no JSON)" : json.getString("error", "?") + ": "
                                + json.getString("error_description", "");
                        throw new SignInFailedException(SignInError.PROVIDER_ERROR, "Provider " + provider.id()
                                + " refused the code: HTTP " + response.statusCode() + " " + error);
                    }
                    String idToken = json.getString("id_token");
                    if (idToken == null || idToken.isBlank()) {
                        throw new SignInFailedException(SignInError.INVALID_ID_TOKEN,
                                "Provider " + provider.id() + " sent no id_token (is 'openid' among its scopes?)");
                    }
                    Long expiresIn = json.getValue("expires_in") instanceof Number n ? n.longValue() : null;
                    return new Tokens(idToken, Optional.ofNullable(json.getString("access_token")),
                            Optional.ofNullable(json.getString("refresh_token")),
                            Optional.ofNullable(expiresIn).map(seconds -> Instant.now().plusSeconds(seconds)));
                });
    }

    /** The userinfo claims, for providers that leave the email out of the ID token. */
    public Uni<JsonObject> userinfo(OidcProviders.Provider provider, Metadata meta, String accessToken) {
        String endpoint = meta.userinfoEndpoint().orElseThrow();
        return client.getAbs(endpoint).timeout(config.providerTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .putHeader("Authorization", "Bearer " + accessToken)
                .send()
                .onFailure().transform(failure -> unreachable(provider, "userinfo endpoint", failure))
                .map(response -> {
                    JsonObject json = jsonOrNull(response);
                    if (response.statusCode() != 200 || json == null) {
                        throw new SignInFailedException(SignInError.PROVIDER_ERROR, "Userinfo of provider "
                                + provider.id() + " answered HTTP " + response.statusCode());
                    }
                    return json;
                });
    }

    private Uni<JsonObject> getJson(OidcProviders.Provider provider, String url, String what) {
        return client.getAbs(url).timeout(config.providerTimeout().toMillis())
                .putHeader("Accept", "application/json")
                .send()
                .onFailure().transform(failure -> unreachable(provider, what, failure))
                .map(response -> {
                    JsonObject json = jsonOrNull(response);
                    if (response.statusCode() != 200 || json == null) {
                        throw new SignInFailedException(SignInError.PROVIDER_UNREACHABLE, "The " + what
                                + " of provider " + provider.id() + " at " + url + " answered HTTP "
                                + response.statusCode() + (json == null ? " without JSON" : ""));
                    }
                    return json;
                });
    }

    private static Metadata parseMetadata(OidcProviders.Provider provider, JsonObject json) {
        String issuer = Urls.withoutTrailingSlashes(json.getString("issuer", ""));
        if (!provider.issuer().equals(issuer)) {
            // OpenID Connect Discovery 1.0 §4.3: the document must name the issuer it was fetched for.
            throw new SignInFailedException(SignInError.PROVIDER_UNREACHABLE, "The discovery document of provider "
                    + provider.id() + " names issuer '" + json.getString("issuer") + "', not the configured '"
                    + provider.issuer() + "'");
        }
        String authorization = endpoint(provider, json, "authorization_endpoint");
        String token = endpoint(provider, json, "token_endpoint");
        String jwks = endpoint(provider, json, "jwks_uri");
        Optional<String> userinfo = Optional.ofNullable(json.getString("userinfo_endpoint")).filter(s -> !s.isBlank());
        return new Metadata(json.getString("issuer"), authorization, token, jwks, userinfo);
    }

    private static String endpoint(OidcProviders.Provider provider, JsonObject json, String name) {
        String value = json.getString(name);
        try {
            URI uri = value == null ? null : URI.create(value);
            if (uri != null && uri.isAbsolute() && ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                return value;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new SignInFailedException(SignInError.PROVIDER_UNREACHABLE,
                "The discovery document of provider " + provider.id() + " has no usable " + name + ": " + value);
    }

    private static JsonObject jsonOrNull(HttpResponse<Buffer> response) {
        try {
            return response.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private static SignInFailedException unreachable(OidcProviders.Provider provider, String what, Throwable failure) {
        if (failure instanceof SignInFailedException known) {
            return known;
        }
        LOG.debugf(failure, "Provider %s: %s unreachable", provider.id(), what);
        return new SignInFailedException(SignInError.PROVIDER_UNREACHABLE,
                "The " + what + " of provider " + provider.id() + " is unreachable: " + failure, failure);
    }

    /** RFC 6749 §2.3.1: both parts form-encoded before Base64. */
    private static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
