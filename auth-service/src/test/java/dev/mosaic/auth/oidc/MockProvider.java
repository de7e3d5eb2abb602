package dev.mosaic.auth.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * The provider of the SSO tests: Quarkus's WireMock OIDC test server (its login page, its
 * {@code /login} step that mints a code, its JWKS and private key), with a realm {@code mosaic}
 * added whose discovery document names its own URL as issuer (the stock one names
 * {@code https://server.example.com}, which strict discovery refuses) and whose token endpoint answers
 * the ID token that each test asks for.
 */
final class MockProvider {
    static final String ID = "mock";
    static final String CLIENT_ID = "mosaic-spa";
    static final String CLIENT_SECRET = "mock-client-secret-0123456789";
    /** The code that the test server's {@code /login} step always hands out. */
    static final String CODE = "58af24f2-9093-4674-a431-4a9d66be719c.50437113-cd78-48a2-838e-b936fe458c5d.0ac5df91-e044-4051-bd03-106a3a5fb9cc";
    static final String SPA = "http://localhost:5173";
    static final String ERROR_URL = SPA + "/sign-in/error";
    static final String TOKEN_PATH = "/auth/realms/mosaic/token";
    static final String USERINFO_PATH = "/auth/realms/mosaic/userinfo";

    private MockProvider() {
    }

    /** Two providers: the mock one, and one that is never reachable. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mosaic.auth.oidc.mock.issuer", "${keycloak.url}/realms/mosaic",
                    "mosaic.auth.oidc.mock.client-id", CLIENT_ID,
                    "mosaic.auth.oidc.mock.client-secret", CLIENT_SECRET,
                    "mosaic.auth.oidc.mock.name", "Mock IdP",
                    "mosaic.auth.oidc.down.issuer", "http://127.0.0.1:9/realms/down",
                    "mosaic.auth.oidc.down.client-id", CLIENT_ID,
                    "mosaic.auth.sso.provider-timeout", "PT10S",
                    "mosaic.auth.sso.allowed-redirect-origins", SPA + ",https://app.mosaic.test",
                    "mosaic.auth.sso.error-url", ERROR_URL);
        }
    }

    static String issuer(WireMockServer server) {
        return server.baseUrl() + "/auth/realms/mosaic";
    }

    static void stubDiscovery(WireMockServer server) {
        String base = server.baseUrl();
        server.stubFor(get(urlEqualTo("/auth/realms/mosaic/.well-known/openid-configuration"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(new JsonObject()
                        .put("issuer", issuer(server))
                        .put("authorization_endpoint", base + "/auth/realms/quarkus")
                        .put("token_endpoint", base + TOKEN_PATH)
                        .put("jwks_uri", base + "/auth/realms/quarkus/protocol/openid-connect/certs")
                        .put("userinfo_endpoint", base + USERINFO_PATH)
                        .put("response_types_supported", new io.vertx.core.json.JsonArray().add("code"))
                        .put("code_challenge_methods_supported", new io.vertx.core.json.JsonArray().add("S256"))
                        .encode())));
    }

    /** The token endpoint's answer to {@link #CODE} from now on. */
    static void stubTokens(WireMockServer server, String idToken, String accessToken) {
        server.stubFor(post(urlEqualTo(TOKEN_PATH)).withRequestBody(containing("code=" + CODE))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(new JsonObject()
                        .put("access_token", accessToken)
                        .put("token_type", "Bearer")
                        .put("expires_in", 300)
                        .put("refresh_token", "refresh-" + accessToken)
                        .put("id_token", idToken)
                        .encode())));
    }

    /** The userinfo endpoint's answer to the bearer {@code accessToken}. */
    static void stubUserinfo(WireMockServer server, String accessToken, JsonObject claims) {
        server.stubFor(get(urlEqualTo(USERINFO_PATH)).withHeader("Authorization",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + accessToken))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(claims.encode())));
    }

    /** An ID token signed with the test server's key (kid 1, published in its JWKS). */
    static String idToken(WireMockServer server, String subject, String nonce, String email, Boolean emailVerified) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer(server)).audience(CLIENT_ID).subject(subject)
                .claim("azp", CLIENT_ID).claim("name", "Ada Provider");
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        if (email != null) {
            claims.claim("email", email);
        }
        if (emailVerified != null) {
            claims.claim("email_verified", emailVerified);
        }
        return claims.jws().keyId("1").sign("privateKey.jwk");
    }
}
