package dev.mosaic.auth.oidc;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.restassured.response.Response;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What quarkus-oidc's own authorization-code flow (a web-app tenant, PKCE and nonce on) does, against the same
 * mock provider as {@link OidcSignInTest}, where Mosaic's flow must do otherwise. These tests pass by asserting
 * the extension's behaviour; each names the {@code OidcSignInTest} promise the extension alone does not keep,
 * which is the part of the flow that stays Mosaic's around the extension's tenants (auth-service/README.md,
 * "What the extension alone would not do"): the one-time sign-in record and the SPA's error route.
 *
 * <p>Here a tenant {@code extension} guards a test route ({@link CodeFlowRoute}) through an HTTP permission, the
 * way an application without Mosaic's own code around it would use the extension.
 */
@QuarkusTest
@TestProfile(QuarkusOidcCodeFlowTest.ExtensionTenant.class)
@WithTestResource(OidcWiremockTestResource.class)
class QuarkusOidcCodeFlowTest {
    static final String PATH = "/test/quarkus-oidc-code-flow";

    @OidcWireMock
    WireMockServer provider;

    /** One web-app tenant on the mock provider's realm {@code mosaic}, endpoints named (no discovery at startup). */
    public static class ExtensionTenant implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String tenant = "quarkus.oidc.extension.";
            Map<String, String> config = new HashMap<>(new MockProvider.Profile().getConfigOverrides());
            config.putAll(Map.ofEntries(
                    Map.entry(tenant + "auth-server-url", "${keycloak.url}/realms/mosaic"),
                    Map.entry(tenant + "discovery-enabled", "false"),
                    Map.entry(tenant + "authorization-path", "${keycloak.url}/realms/quarkus"),
                    Map.entry(tenant + "token-path", "${keycloak.url}/realms/mosaic/token"),
                    Map.entry(tenant + "jwks-path", "${keycloak.url}/realms/quarkus/protocol/openid-connect/certs"),
                    Map.entry(tenant + "token.issuer", "${keycloak.url}/realms/mosaic"),
                    Map.entry(tenant + "client-id", MockProvider.CLIENT_ID),
                    Map.entry(tenant + "credentials.secret", MockProvider.CLIENT_SECRET),
                    Map.entry(tenant + "application-type", "web-app"),
                    Map.entry(tenant + "tenant-paths", PATH),
                    Map.entry(tenant + "authentication.redirect-path", PATH),
                    Map.entry(tenant + "authentication.restore-path-after-redirect", "false"),
                    Map.entry(tenant + "authentication.pkce-required", "true"),
                    Map.entry(tenant + "authentication.nonce-required", "true"),
                    Map.entry(tenant + "authentication.state-secret", "test-only-state-secret-0123456789abcdef"),
                    Map.entry("quarkus.http.auth.permission.code-flow.paths", PATH),
                    Map.entry("quarkus.http.auth.permission.code-flow.policy", "authenticated"),
                    Map.entry("quarkus.http.auth.permission.code-flow.auth-mechanism", "code")));
            return config;
        }
    }

    /** The page the tenant guards: who is signed in. Without the tenant (other test profiles) nobody is. */
    @ApplicationScoped
    static class CodeFlowRoute {
        void install(@Observes Router router) {
            router.get(PATH).handler(rc -> {
                SecurityIdentity identity = rc.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
                rc.response().end(identity == null || identity.isAnonymous() ? "anonymous"
                        : "signed in as " + identity.getPrincipal().getName());
            });
        }
    }

    /** A started sign-in: the authorization request's parameters and the extension's state cookie. */
    private record Started(Map<String, String> authorization, String stateCookieName, String stateCookie) {
    }

    @BeforeEach
    void provider() {
        MockProvider.stubDiscovery(provider);
    }

    private Started start() {
        Response started = given().redirects().follow(false).get(PATH);
        started.then().statusCode(302);
        URI location = URI.create(started.header("Location"));
        Map<String, String> authorization = ProviderBrowser.form(location.getRawQuery());
        assertEquals("S256", authorization.get("code_challenge_method"));
        assertNotNull(authorization.get("nonce"));
        String name = started.getCookies().keySet().stream().filter(n -> n.startsWith("q_auth")).findFirst()
                .orElseThrow(() -> new AssertionError("no state cookie in " + started.headers()));
        return new Started(authorization, name, started.getCookie(name));
    }

    /** The provider's login step hands out its code and sends the browser back to the redirect path. */
    private URI signInAtProvider(Started started) {
        Response loggedIn = given().redirects().follow(false).baseUri(provider.baseUrl())
                .queryParam("state", started.authorization().get("state"))
                .queryParam("redirect_uri", started.authorization().get("redirect_uri")).get("/login");
        loggedIn.then().statusCode(302);
        return URI.create(loggedIn.header("Location"));
    }

    private static Response callback(URI back, Started started) {
        var request = given().redirects().follow(false);
        if (started != null) {
            request.cookie(started.stateCookieName(), started.stateCookie());
        }
        return request.get(back.getRawPath() + "?" + back.getRawQuery());
    }

    private static String sessionCookie(Response response) {
        return response.getCookies().entrySet().stream().filter(c -> c.getKey().startsWith("q_session")
                && !c.getValue().isEmpty()).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static void assertSignedInAs(String sessionCookie, String subject) {
        given().redirects().follow(false).cookie("q_session_extension", sessionCookie).get(PATH).then()
                .statusCode(200).body(equalTo("signed in as " + subject));
    }

    /** OidcSignInTest.aReplayedStateIsRefused: the extension keeps the state in a cookie only, nothing server-side. */
    @Test
    void aReplayedCallbackWithItsStateCookieSignsInAgain() {
        Started started = start();
        String subject = "replayed-" + UUID.randomUUID();
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, subject, started.authorization().get("nonce"),
                "replayed@mosaic.test", true), "access-" + UUID.randomUUID());
        URI back = signInAtProvider(started);

        Response first = callback(back, started);
        first.then().statusCode(302);
        String firstSession = sessionCookie(first);
        assertNotNull(firstSession, "signed in: " + first.headers());
        assertSignedInAs(firstSession, subject);

        // The same callback, with the same state cookie (copied, or never dropped): a second sign-in.
        Response replayed = callback(back, started);
        replayed.then().statusCode(302);
        String secondSession = sessionCookie(replayed);
        assertNotNull(secondSession, "signed in again: " + replayed.headers());
        assertNotEquals(firstSession, secondSession);
        assertSignedInAs(secondSession, subject);
    }

    /**
     * OidcSignInTest.anExpiredStateIsRefused: the state cookie's value carries no time. Its only end is the
     * cookie's Max-Age ({@code state-cookie-age}), which a browser honours and a copy does not.
     */
    @Test
    void theStateEndsOnlyWithItsCookiesMaxAge() {
        Response started = given().redirects().follow(false).get(PATH);
        String stateCookie = started.headers().getValues("Set-Cookie").stream().filter(c -> c.startsWith("q_auth"))
                .findFirst().orElseThrow();
        assertTrue(stateCookie.contains("Max-Age=300"), stateCookie);
        String value = started.getCookie(stateCookie.substring(0, stateCookie.indexOf('=')));
        String state = ProviderBrowser.form(URI.create(started.header("Location")).getRawQuery()).get("state");
        assertEquals(state, value.substring(0, value.indexOf('|')),
                "the state in the cookie is the bare random value, the rest is the encrypted verifier and nonce");
    }

    /**
     * OidcSignInTest.anIdTokenWithTheWrongNonceOrAudienceOrSignatureIsRefused and deniedConsentEndsOnTheErrorPage:
     * the extension refuses, but as a 401 of its own (one AuthenticationCompletionException for every cause),
     * not a redirect to the SPA's error page with a code saying which check failed.
     */
    @Test
    void aRefusedIdTokenAndDeniedConsentEndAsA401WithoutARedirect() {
        Started started = start();
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, "nonce-" + UUID.randomUUID(), "not-the-nonce",
                "nonce@mosaic.test", true), "access-" + UUID.randomUUID());
        Response wrongNonce = callback(signInAtProvider(started), started);
        wrongNonce.then().statusCode(401);
        assertNull(wrongNonce.header("Location"));
        assertNull(sessionCookie(wrongNonce));

        started = start();
        Response denied = callback(URI.create(PATH + "?error=access_denied&state=" + started.authorization().get("state")),
                started);
        denied.then().statusCode(401);
        assertNull(denied.header("Location"));
    }

    /**
     * OidcSignInTest.aForgedStateIsRefusedAndLeavesTheRealSignInIntact ("the real state from another browser"):
     * a callback without the state cookie is not refused; it starts another sign-in at the provider.
     */
    @Test
    void aCallbackWithoutTheStateCookieStartsAnotherSignInAtTheProvider() {
        Started started = start();
        Response noCookie = callback(signInAtProvider(started), null);
        noCookie.then().statusCode(302).header("Location", containsString(provider.baseUrl() + "/auth/realms/quarkus?"));
        assertNotEquals(started.authorization().get("state"),
                ProviderBrowser.form(URI.create(noCookie.header("Location")).getRawQuery()).get("state"));
    }
}
