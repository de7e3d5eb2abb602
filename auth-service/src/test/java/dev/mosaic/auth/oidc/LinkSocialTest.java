package dev.mosaic.auth.oidc;

import static dev.mosaic.auth.AuthApi.COOKIE;
import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.mailsTo;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.oidc.ProviderBrowser.Landed;
import dev.mosaic.auth.oidc.ProviderBrowser.Started;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * link-social: a signed-in person links an identity at a provider to their account, whatever its email, and signs in
 * with it afterwards; never with someone else's identity, never without proof beyond the session, never after the
 * session that asked has ended.
 */
@QuarkusTest
@TestProfile(MockProvider.Profile.class)
@WithTestResource(OidcWiremockTestResource.class)
class LinkSocialTest {
    private static final String ACCOUNT_PAGE = MockProvider.SPA + "/account";

    @OidcWireMock
    WireMockServer provider;
    @Inject
    TestDatabase db;

    private ProviderBrowser browser;

    @BeforeEach
    void browser() {
        browser = new ProviderBrowser(provider);
    }

    private record Person(String email, String sessionCookie, String userId) {
    }

    private Person signedUp(String prefix) {
        String email = uniqueEmail(prefix);
        Response signedIn = signUpAndVerify(email, PASSWORD);
        signedIn.then().statusCode(200);
        return new Person(email, signedIn.then().extract().path("token"), signedIn.then().extract().path("user.id"));
    }

    private Response linkSocial(String sessionCookie, Map<String, ?> body) {
        return given().redirects().follow(false).header("X-Forwarded-For", uniqueAddress())
                .cookie(COOKIE, sessionCookie).contentType(ContentType.JSON).body(body).post("/api/auth/link-social");
    }

    /** A link asked for with the password, on to the provider. */
    private Started startLink(Person person, String callbackUrl) {
        Response started = linkSocial(person.sessionCookie(),
                Map.of("provider", MockProvider.ID, "callbackURL", callbackUrl, "password", PASSWORD));
        started.then().statusCode(200).header("Cache-Control", "no-store").body("redirect", equalTo(true))
                .body("url", equalTo("http://localhost:8081/api/auth/sign-in/oidc/mock/authorize"));
        return onToProvider(started);
    }

    /**
     * The answer's {@code url} is absolute on {@code MOSAIC_AUTH_ISSUER}, auth-service's public address; the test
     * instance listens on a port of its own, so the browser goes there by the url's path.
     */
    private Started onToProvider(Response linkStarted) {
        return browser.toProvider(linkStarted, URI.create(linkStarted.then().extract().<String>path("url")).getRawPath());
    }

    private long oidcStates() {
        return db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE'");
    }

    private List<String> identitiesOf(String userId) {
        return db.query("SELECT account_id FROM accounts WHERE user_id = $1::uuid AND provider_id = 'mock'", userId)
                .stream().map(row -> row.getString(0)).toList();
    }

    private String userIdOf(String sessionCookie) {
        return given().cookie(COOKIE, sessionCookie).get("/api/auth/get-session").then().statusCode(200)
                .extract().path("user.id");
    }

    private static void assertBackWithError(Landed landed, String page, String code) {
        assertEquals(URI.create(page + "?error=" + code), landed.location(), "back on the page that asked, told why");
        assertNull(landed.sessionCookie(), "no session");
    }

    @Test
    void aSignedInPersonLinksAnIdentityWhoseEmailIsNotTheirsAndThenSignsInWithIt() {
        Person person = signedUp("link-owner");
        String subject = "linked-" + UUID.randomUUID();
        String providerEmail = uniqueEmail("link-elsewhere");

        Started started = startLink(person, ACCOUNT_PAGE);
        assertEquals(1, db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE' AND value_hash = $1",
                Sha256.of(started.stateCookie())), "only the hash of this browser's state is stored");
        assertEquals(0, db.count("SELECT count(*) FROM verifications WHERE payload LIKE '%' || $1 || '%'",
                person.userId()), "whose link it is is stored sealed");
        // The provider does not even vouch for its address: the session, not the email, says whose account this is.
        Landed landed = browser.finish(started, subject, providerEmail, false);
        assertEquals(URI.create(ACCOUNT_PAGE), landed.location(), "back on the page that asked");
        assertNull(landed.sessionCookie(), "the browser keeps the session it has");
        assertEquals(userIdOf(person.sessionCookie()), person.userId(), "which still works");

        given().cookie(COOKIE, person.sessionCookie()).get("/api/auth/list-accounts").then().statusCode(200)
                .body("providerId", containsInAnyOrder("credential", "mock"))
                .body("find { it.providerId == 'mock' }.accountId", equalTo(subject));
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", providerEmail), "nobody new");
        await().atMost(Duration.ofSeconds(10)).until(() -> linkedNotices(person.email()) == 1);
        assertTrue(mailsTo(person.email()).stream()
                .anyMatch(mail -> mail.getText().contains("Mock IdP account was linked")),
                "the owner hears of the new way in, by the provider's name");
        assertEquals(0, mailsTo(providerEmail).size(), "never at the provider's address");

        Landed signedIn = browser.finish(browser.start(ACCOUNT_PAGE), subject, providerEmail, false);
        assertNotNull(signedIn.sessionCookie());
        assertEquals(person.userId(), userIdOf(signedIn.sessionCookie()), "the identity signs in to the account");

        // Linking it again is no error, and no second row.
        assertEquals(URI.create(ACCOUNT_PAGE), browser.finish(startLink(person, ACCOUNT_PAGE), subject, providerEmail,
                true).location());
        assertEquals(List.of(subject), identitiesOf(person.userId()));
        assertEquals(1, linkedNotices(person.email()), "a renewal is no news");
    }

    private static long linkedNotices(String email) {
        return mailsTo(email).stream()
                .filter(mail -> mail.getSubject().equals("A new way to sign in to your Mosaic account")).count();
    }

    @Test
    void anIdentityOfAnotherAccountIsNotTakenOver() {
        String subject = "someone-" + UUID.randomUUID();
        Landed theirs = browser.finish(browser.start(ACCOUNT_PAGE), subject, uniqueEmail("link-theirs"), true);
        String theirUserId = userIdOf(theirs.sessionCookie());
        Person person = signedUp("link-thief");

        assertBackWithError(browser.finish(startLink(person, ACCOUNT_PAGE), subject, person.email(), true),
                ACCOUNT_PAGE, "account_already_linked");
        assertEquals(List.of(subject), identitiesOf(theirUserId), "still theirs");
        assertEquals(List.of(), identitiesOf(person.userId()));
    }

    /**
     * Two people link one identity at once, both past "nobody has it" before either writes ({@link
     * ProviderBrowser#atOnce}). The unique identity refuses the second insert; that link runs again in a fresh
     * transaction and is refused as someone else's, not as a server error.
     */
    @Test
    void ofTwoPeopleLinkingOneIdentityAtOnceOneGetsItAndTheOtherIsToldItIsTaken() throws Exception {
        Person first = signedUp("link-race-a");
        Person second = signedUp("link-race-b");
        String subject = "contested-" + UUID.randomUUID();
        Started firstStarted = startLink(first, ACCOUNT_PAGE);
        Started secondStarted = startLink(second, ACCOUNT_PAGE);
        URI firstBack = browser.signInAtProvider(firstStarted);
        URI secondBack = browser.signInAtProvider(secondStarted);

        List<URI> landed = browser.atOnce(db, List.of(
                        new ProviderBrowser.Back(firstStarted, firstBack, subject, first.email()),
                        new ProviderBrowser.Back(secondStarted, secondBack, subject, second.email())))
                .stream().map(Landed::location).toList();
        assertEquals(Set.of(URI.create(ACCOUNT_PAGE), URI.create(ACCOUNT_PAGE + "?error=account_already_linked")),
                Set.copyOf(landed), "one linked, one told it is taken");
        Person winner = landed.get(0).getQuery() == null ? first : second;
        Person loser = winner == first ? second : first;
        assertEquals(List.of(subject), identitiesOf(winner.userId()));
        assertEquals(List.of(), identitiesOf(loser.userId()));
    }

    @Test
    void aLinkWhoseSessionEndedMeanwhileLinksNothing() {
        Person person = signedUp("link-signed-out");
        Started started = startLink(person, ACCOUNT_PAGE);
        given().cookie(COOKIE, person.sessionCookie()).post("/api/auth/sign-out").then().statusCode(204);

        assertBackWithError(browser.finish(started, "late-" + UUID.randomUUID(), person.email(), true), ACCOUNT_PAGE,
                "session_ended");
        assertEquals(List.of(), identitiesOf(person.userId()));
    }

    @Test
    void aRefusalAtTheProviderGoesBackToTheLinkingPageWithItsQueryAndFragmentKept() {
        Person person = signedUp("link-denied");
        Started started = startLink(person, "https://app.mosaic.test/account?tab=ways#linked");
        Landed denied = browser.callback(URI.create("/api/auth/callback/oidc/mock?error=access_denied&state="
                + started.state()), started.cookies());

        assertEquals(URI.create("https://app.mosaic.test/account?tab=ways&error=access_denied#linked"), denied.location());
        assertNull(denied.sessionCookie());
        assertEquals(0, db.count("SELECT count(*) FROM verifications WHERE value_hash = $1",
                Sha256.of(started.stateCookie())), "the link is used up");
    }

    @Test
    void linkingTakesThePasswordAndValidInputAndStoresNothingOtherwise() {
        Person person = signedUp("link-refused");
        long states = oidcStates();
        Map<String, Object> valid = Map.of("provider", MockProvider.ID, "callbackURL", ACCOUNT_PAGE);

        assertRefused(linkSocial(person.sessionCookie(), valid), 403, "password");
        assertRefused(linkSocial(person.sessionCookie(), with(valid, "password", "not-the-password")), 403, "wrong");
        assertRefused(linkSocial(person.sessionCookie(), with(with(valid, "password", PASSWORD), "provider", "nope")),
                404, "no sign-in provider");
        assertRefused(linkSocial(person.sessionCookie(), with(with(valid, "password", PASSWORD), "callbackURL",
                "https://evil.example/account")), 400, "callbackURL");
        assertRefused(linkSocial(person.sessionCookie(), Map.of("callbackURL", ACCOUNT_PAGE, "password", PASSWORD)),
                400, "provider");
        assertRefused(linkSocial("not-a-session", with(valid, "password", PASSWORD)), 401, "");
        given().cookie(COOKIE, person.sessionCookie()).contentType(ContentType.JSON).body("{\"provider\": ")
                .post("/api/auth/link-social").then().statusCode(400).contentType("application/problem+json");

        assertEquals(states, oidcStates(), "no link is waiting");
        assertEquals(List.of(), identitiesOf(person.userId()));
    }

    @Test
    void anAccountWithoutPasswordLinksOnlyWithinARecentSignIn() {
        Landed signedIn = browser.finish(browser.start(ACCOUNT_PAGE), "sso-only-" + UUID.randomUUID(),
                uniqueEmail("link-sso-only"), true);
        String userId = userIdOf(signedIn.sessionCookie());
        Map<String, Object> body = Map.of("provider", MockProvider.ID, "callbackURL", ACCOUNT_PAGE);

        db.update("UPDATE sessions SET created_at = now() - interval '11 minutes' WHERE user_id = $1::uuid", userId);
        assertRefused(linkSocial(signedIn.sessionCookie(), body), 403, "Sign in again");

        db.update("UPDATE sessions SET created_at = now() - interval '9 minutes' WHERE user_id = $1::uuid", userId);
        Response started = linkSocial(signedIn.sessionCookie(), body);
        started.then().statusCode(200);
        String second = "second-" + UUID.randomUUID();
        assertEquals(URI.create(ACCOUNT_PAGE), browser.finish(onToProvider(started), second, uniqueEmail("link-second"),
                false).location());
        assertEquals(2, identitiesOf(userId).size(), "two identities at the provider, both theirs");
    }

    private static void assertRefused(Response response, int status, String detail) {
        response.then().statusCode(status).contentType("application/problem+json")
                .body("detail", containsString(detail)).header("Set-Cookie", (String) null);
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        Map<String, Object> changed = new HashMap<>(body);
        changed.put(field, value);
        return changed;
    }
}
