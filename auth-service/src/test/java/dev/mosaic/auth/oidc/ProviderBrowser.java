package dev.mosaic.auth.oidc;

import static dev.mosaic.auth.AuthApi.COOKIE;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mosaic.auth.TestDatabase;
import io.restassured.response.Response;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A browser of the single sign-on tests, with redirects off: it starts a sign-in or a link at auth-service, follows
 * quarkus-oidc on to the mock provider, signs in there (its login page, then its login step, which sends the
 * browser back with a code) and comes back to the callback, checking each answer as a browser would meet it.
 */
final class ProviderBrowser {
    private final WireMockServer provider;

    /** A browser for one test, against {@code provider}, whose discovery document it stubs. */
    ProviderBrowser(WireMockServer provider) {
        this.provider = provider;
        MockProvider.stubDiscovery(provider);
    }

    /**
     * A started sign-in: the authorization request's parameters, this browser's state cookie (Mosaic's) and the
     * cookies of quarkus-oidc, which makes the authorization request.
     */
    record Started(Map<String, String> authorization, String stateCookie, Map<String, String> extensionCookies) {
        /** Everything this browser sends back to the callback. */
        Map<String, String> cookies() {
            Map<String, String> cookies = new HashMap<>(extensionCookies);
            cookies.put(SsoStarts.STATE_COOKIE, stateCookie);
            return cookies;
        }

        /** The cookies of a browser that has only this state cookie (someone else's, or a made-up one). */
        static Map<String, String> onlyState(String stateCookie) {
            return Map.of(SsoStarts.STATE_COOKIE, stateCookie);
        }

        String state() {
            return authorization.get("state");
        }

        String nonce() {
            return authorization.get("nonce");
        }
    }

    /** What the callback answered: where it sends the browser, and the session cookie if any. */
    record Landed(URI location, String sessionCookie, Response response) {
    }

    /** A sign-in, started by a navigation to Mosaic's sign-in route. */
    Started start(String callbackUrl) {
        Response started = given().redirects().follow(false).header("X-Forwarded-For", uniqueAddress())
                .queryParam("callbackURL", callbackUrl).get("/api/auth/sign-in/oidc/" + MockProvider.ID);
        started.then().statusCode(302).header("Cache-Control", "no-store");
        return toProvider(started, started.header("Location"));
    }

    /**
     * From the answer that set this browser's state cookie (a start's redirect, or a {@code link-social} answer) on
     * through {@code authorizeUrl}, where quarkus-oidc sends the browser to the provider.
     */
    Started toProvider(Response withStateCookie, String authorizeUrl) {
        withStateCookie.then().header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("Path=/api/auth/callback/oidc/mock"));
        assertEquals("/api/auth/sign-in/oidc/mock/authorize", URI.create(authorizeUrl).getPath(), "on to quarkus-oidc");
        Response authorize = given().redirects().follow(false).get(authorizeUrl);
        authorize.then().statusCode(302).header("Cache-Control", "no-store");
        URI location = URI.create(authorize.header("Location"));
        assertEquals(provider.baseUrl() + "/auth/realms/quarkus", location.getScheme() + "://" + location.getAuthority()
                + location.getPath(), "to the provider's authorization endpoint");
        return new Started(query(location), withStateCookie.getCookie(SsoStarts.STATE_COOKIE), authorize.getCookies());
    }

    /** The person signs in at the provider, which sends the browser back with a code. */
    URI signInAtProvider(Started started) {
        Map<String, String> auth = started.authorization();
        given().redirects().follow(false).baseUri(provider.baseUrl()).queryParams(auth).get("/auth/realms/quarkus")
                .then().statusCode(200).body(containsString("name=\"username\""));
        Response loggedIn = given().redirects().follow(false).baseUri(provider.baseUrl())
                .queryParam("state", started.state()).queryParam("redirect_uri", auth.get("redirect_uri"))
                .get("/login");
        loggedIn.then().statusCode(302);
        return URI.create(loggedIn.header("Location"));
    }

    Landed callback(URI backFromProvider, Map<String, String> cookies) {
        Response response = given().redirects().follow(false).cookies(cookies)
                .get(backFromProvider.getRawPath() + "?" + backFromProvider.getRawQuery());
        response.then().statusCode(302).header("Cache-Control", "no-store");
        return new Landed(URI.create(response.header("Location")), response.getCookie(COOKIE), response);
    }

    /** After {@code started}, the provider's person {@code subject} signs in there and the browser comes back. */
    Landed finish(Started started, String subject, String email, Boolean emailVerified) {
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, subject, started.nonce(), email, emailVerified),
                "access-" + UUID.randomUUID());
        return callback(signInAtProvider(started), started.cookies());
    }

    /** A browser on its way back from the provider, and what the provider's ID token will say to it. */
    record Back(Started started, URI fromProvider, String subject, String email) {
    }

    /**
     * The callbacks of several browsers at once, each past its read of {@code accounts} ("nobody has this identity")
     * before any of them writes: a table lock holds each callback at that read until all are there. The provider
     * answers each code exchange with the ID token of that browser's nonce, one browser after the other.
     */
    List<Landed> atOnce(TestDatabase db, List<Back> browsers) throws Exception {
        List<CompletableFuture<Landed>> landing = new ArrayList<>();
        try (TestDatabase.HeldLock accountsRead = db.lockTable("accounts")) {
            for (Back back : browsers) {
                MockProvider.stubTokens(provider, MockProvider.idToken(provider, back.subject(), back.started().nonce(),
                        back.email(), true), "access-" + UUID.randomUUID());
                landing.add(CompletableFuture.supplyAsync(() -> callback(back.fromProvider(), back.started().cookies())));
                int waiting = landing.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> db.count("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND query ILIKE '%from accounts%'") == waiting);
            }
        }
        List<Landed> landed = new ArrayList<>();
        for (CompletableFuture<Landed> one : landing) {
            landed.add(one.get(30, TimeUnit.SECONDS));
        }
        return landed;
    }

    private static Map<String, String> query(URI uri) {
        return form(uri.getRawQuery());
    }

    /** The pairs of a query string or form body, decoded. */
    static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }
}
