package dev.mosaic.auth.oidc;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.mosaic.auth.AuthApi.COOKIE;
import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mosaic.auth.AuthApi;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.oidc.ProviderBrowser.Landed;
import dev.mosaic.auth.oidc.ProviderBrowser.Started;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in through an external provider, walked like a browser with redirects off: Mosaic's sign-in
 * route, the provider's login page and login step, the callback, the SPA.
 */
@QuarkusTest
@TestProfile(MockProvider.Profile.class)
@WithTestResource(OidcWiremockTestResource.class)
class OidcSignInTest {
    private static final String CALLBACK = MockProvider.SPA + "/after-sign-in?tab=jobs";

    @OidcWireMock
    WireMockServer provider;
    @Inject
    TestDatabase db;
    @Inject
    KeyEncryption encryption;

    private ProviderBrowser browser;

    @BeforeEach
    void browser() {
        browser = new ProviderBrowser(provider);
    }

    /** The whole sign-in as the provider's person {@code subject}, back at {@code callbackUrl} or at the error page. */
    private Landed signIn(String subject, String email, Boolean emailVerified) {
        return browser.finish(browser.start(CALLBACK), subject, email, emailVerified);
    }

    private static void assertSignedIn(Landed landed) {
        assertEquals(URI.create(CALLBACK), landed.location(), "back on the SPA page that asked");
        assertNotNull(landed.sessionCookie(), "a Mosaic session cookie");
        assertTrue(landed.response().headers().getValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith(COOKIE + "=") && c.contains("HttpOnly") && c.contains("SameSite=Lax")));
    }

    private static void assertError(Landed landed, String code) {
        assertEquals(URI.create(MockProvider.ERROR_URL + "?error=" + code), landed.location());
        assertNull(landed.sessionCookie(), "no session");
    }

    private String userIdOf(String sessionCookie) {
        return given().cookie(COOKIE, sessionCookie).get("/api/auth/get-session").then().statusCode(200)
                .extract().path("user.id");
    }

    @Test
    void theFirstSignInCreatesUserAccountWorkspaceAndSessionWithPkceAndSealedTokens() {
        String subject = "first-" + UUID.randomUUID();
        String email = uniqueEmail("sso-first");
        Started started = browser.start(CALLBACK);
        Map<String, String> auth = started.authorization();
        assertEquals("code", auth.get("response_type"));
        assertEquals(MockProvider.CLIENT_ID, auth.get("client_id"));
        assertEquals("openid email profile", auth.get("scope"));
        assertEquals("S256", auth.get("code_challenge_method"));
        assertEquals("http://localhost:8081/api/auth/callback/oidc/mock", auth.get("redirect_uri"));
        assertNotNull(auth.get("nonce"));
        assertEquals(1, db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE' AND value_hash = $1",
                Sha256.of(started.stateCookie())), "only the hash of this browser's state is stored");
        assertEquals(0, db.count("SELECT count(*) FROM verifications WHERE payload LIKE '%after-sign-in%'"),
                "the callbackURL is stored sealed");

        String accessToken = "access-" + UUID.randomUUID();
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, subject, started.nonce(), email, true),
                accessToken);
        Landed landed = browser.callback(browser.signInAtProvider(started), started.cookies());
        assertSignedIn(landed);
        assertTrue(landed.response().headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("q_session")).allMatch(c -> c.contains("Max-Age=0")),
                "quarkus-oidc's own session ends at once");

        given().cookie(COOKIE, landed.sessionCookie()).get("/api/auth/get-session").then().statusCode(200)
                .body("user.email", equalTo(email)).body("user.name", equalTo("Ada Provider"))
                .body("user.roles", equalTo(List.of("user"))).body("user.workspaceIds", hasSize(1))
                .body("emailVerified", equalTo(true));
        given().cookie(COOKIE, landed.sessionCookie()).get("/api/auth/token").then().statusCode(200);
        String userId = userIdOf(landed.sessionCookie());
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1", email));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces WHERE owner_id = $1::uuid AND personal", userId));
        assertEquals(0, db.count("SELECT count(*) FROM verifications WHERE value_hash = $1",
                Sha256.of(started.stateCookie())), "the state is used up");

        List<Row> accounts = db.query("SELECT id, provider_id, account_id, access_token, refresh_token, id_token "
                + "FROM accounts WHERE user_id = $1::uuid", userId);
        assertEquals(1, accounts.size(), "no password account, one provider account");
        Row account = accounts.get(0);
        assertEquals("mock", account.getString("provider_id"));
        assertEquals(subject, account.getString("account_id"));
        String sealed = account.getString("access_token");
        assertFalse(sealed.contains(accessToken), "tokens are encrypted at rest");
        assertTrue(sealed.startsWith("v1."));
        String accountId = account.getUUID("id").toString();
        assertEquals(accessToken, encryption.open(sealed, "accounts/" + accountId + "/access_token"));
        assertEquals("refresh-" + accessToken,
                encryption.open(account.getString("refresh_token"), "accounts/" + accountId + "/refresh_token"));
        assertTrue(encryption.open(account.getString("id_token"), "accounts/" + accountId + "/id_token").startsWith("ey"));

        // The code was traded with the PKCE verifier of the challenge, and as a confidential client.
        List<LoggedRequest> exchanges = provider.findAll(postRequestedFor(urlEqualTo(MockProvider.TOKEN_PATH)));
        LoggedRequest exchange = exchanges.get(exchanges.size() - 1);
        Map<String, String> form = ProviderBrowser.form(exchange.getBodyAsString());
        assertEquals("authorization_code", form.get("grant_type"));
        assertEquals(auth.get("redirect_uri"), form.get("redirect_uri"));
        assertEquals(auth.get("code_challenge"), Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Sha256.of(form.get("code_verifier"))));
        assertEquals("Basic " + Base64.getEncoder().encodeToString(
                (MockProvider.CLIENT_ID + ":" + MockProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)),
                exchange.getHeader("Authorization"));
    }

    @Test
    void theSecondSignInReusesUserAndAccountAndOpensAnotherSession() {
        String subject = "again-" + UUID.randomUUID();
        String email = uniqueEmail("sso-again");
        Landed first = signIn(subject, email, true);
        assertSignedIn(first);
        // The provider may report another email by now: the account, not the email, says who it is.
        Landed second = signIn(subject, uniqueEmail("sso-renamed"), false);
        assertSignedIn(second);
        assertNotEquals(first.sessionCookie(), second.sessionCookie());
        String userId = userIdOf(first.sessionCookie());
        assertEquals(userId, userIdOf(second.sessionCookie()));
        assertEquals(1, db.count("SELECT count(*) FROM accounts WHERE provider_id = 'mock' AND account_id = $1", subject));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = $1::uuid", userId));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces WHERE owner_id = $1::uuid", userId));
        assertEquals(2, db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", userId));
    }

    /**
     * One person's first sign-in in two browsers at once, both past "nobody has this identity" before either writes:
     * the second insert is refused by the unique address, and that sign-in runs again in a fresh transaction, where
     * it finds the user the other one made.
     */
    @Test
    void twoFirstSignInsOfOneIdentityAtOnceBothSignInToOneUser() throws Exception {
        String subject = "twice-" + UUID.randomUUID();
        String email = uniqueEmail("sso-twice");
        Started one = browser.start(CALLBACK);
        Started other = browser.start(CALLBACK);
        List<Landed> landed = browser.atOnce(db, List.of(
                new ProviderBrowser.Back(one, browser.signInAtProvider(one), subject, email),
                new ProviderBrowser.Back(other, browser.signInAtProvider(other), subject, email)));

        landed.forEach(OidcSignInTest::assertSignedIn);
        assertEquals(userIdOf(landed.get(0).sessionCookie()), userIdOf(landed.get(1).sessionCookie()));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1", email));
        assertEquals(1, db.count("SELECT count(*) FROM accounts WHERE provider_id = 'mock' AND account_id = $1", subject));
    }

    @Test
    void aVerifiedEmailOfAnExistingVerifiedUserLinksToThatUser() {
        String email = uniqueEmail("sso-link");
        String userId = signUpAndVerify(email, PASSWORD).then().statusCode(200).extract().path("user.id");
        String subject = "link-" + UUID.randomUUID();

        Landed landed = signIn(subject, email.toUpperCase(), true);
        assertSignedIn(landed);
        assertEquals(userId, userIdOf(landed.sessionCookie()), "the existing user");
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE lower(email) = $1", email));
        assertEquals(1, db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid AND provider_id = 'credential'", userId));
        assertEquals(1, db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid AND provider_id = 'mock' "
                + "AND account_id = $2", userId, subject));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces WHERE owner_id = $1::uuid", userId), "no second workspace");
    }

    @Test
    void anEmailTheProviderDoesNotVouchForNeverLinksToAnExistingUser() {
        String email = uniqueEmail("sso-unverified");
        String userId = signUpAndVerify(email, PASSWORD).then().statusCode(200).extract().path("user.id");

        assertError(signIn("unverified-" + UUID.randomUUID(), email, false), "email_not_verified");
        assertError(signIn("absent-" + UUID.randomUUID(), email, null), "email_not_verified");
        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid AND provider_id = 'mock'", userId));
        assertEquals(1, db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", userId), "only the one its confirmation opened");
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    @Test
    void aVerifiedEmailDoesNotLinkToAUserWhoNeverVerifiedIt() {
        // Someone signed up with another person's address and never proved it: that person's provider
        // login must not land in (or hand over) this account.
        String email = uniqueEmail("sso-squatted");
        signUp(email, PASSWORD).then().statusCode(202);
        String userId = db.userId(email);
        assertError(signIn("owner-" + UUID.randomUUID(), email, true), "account_not_linked");
        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid AND provider_id = 'mock'", userId));
    }

    @Test
    void aFirstSignInMakesAnAdminOfAListedAddressOnlyWhenTheProviderVouchesForIt() {
        String vouched = "listed-sso-verified@mosaic.test";
        String notVouched = "listed-sso-unverified@mosaic.test";
        db.update("DELETE FROM users WHERE email = $1 OR email = $2", vouched, notVouched);

        Landed admin = signIn("listed-" + UUID.randomUUID(), vouched, true);
        assertSignedIn(admin);
        given().cookie(COOKIE, admin.sessionCookie()).get("/api/auth/get-session").then()
                .body("user.roles", containsInAnyOrder("user", "admin"));

        assertError(signIn("listed-" + UUID.randomUUID(), notVouched, false), "email_not_verified");
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", notVouched), "no user, let alone an admin");
    }

    @Test
    void anUnverifiedEmailOfNobodyNeitherMakesAUserNorWaitsForItsOwner() {
        // Pre-account takeover: someone claims the victim's address at a provider that does not verify it.
        String email = uniqueEmail("sso-new-unverified");
        String attacker = "attacker-" + UUID.randomUUID();
        assertError(signIn(attacker, email, false), "email_not_verified");
        assertError(signIn(attacker, email, null), "email_not_verified");
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE lower(email) = $1", email));
        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE provider_id = 'mock' AND account_id = $1", attacker));

        // The real owner signs up as if nothing happened, and the attacker's identity gets no way in.
        signUp(email, PASSWORD).then().statusCode(202);
        String ownerId = db.userId(email);
        assertError(signIn(attacker, email, false), "email_not_verified");
        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid AND provider_id = 'mock'", ownerId));
    }

    /**
     * An identity linked before V6 through an email its provider did not vouch for (then, a first sign-in
     * made a user of it) is unlinked, and its sessions ended, once the address's owner proves the mailbox.
     */
    private record LegacyLink(String email, String subject, String userId, String attackerSession) {
    }

    private LegacyLink legacyUnvouchedLink(String prefix) {
        String email = uniqueEmail(prefix);
        String subject = "legacy-" + UUID.randomUUID();
        Landed landed = signIn(subject, email, true);
        assertSignedIn(landed);
        String userId = userIdOf(landed.sessionCookie());
        // What V6 finds for such a row: the user's address unverified, the link flagged.
        db.update("UPDATE users SET email_verified = false WHERE id = $1::uuid", userId);
        assertEquals(1, db.update("UPDATE accounts SET email_vouched = false WHERE provider_id = 'mock' AND account_id = $1",
                subject));
        return new LegacyLink(email, subject, userId, landed.sessionCookie());
    }

    @Test
    void aPasswordResetByTheOwnerUnlinksAnIdentityLinkedThroughAnUnvouchedEmail() {
        LegacyLink legacy = legacyUnvouchedLink("sso-legacy-reset");
        String vouchedSubject = "vouched-" + UUID.randomUUID();
        db.update("INSERT INTO accounts (id, user_id, provider_id, account_id, created_at, updated_at, email_vouched) "
                + "VALUES (gen_random_uuid(), $1::uuid, 'other', $2, now(), now(), true)", legacy.userId(), vouchedSubject);

        given().contentType("application/json").body(Map.of("email", legacy.email()))
                .post("/api/auth/request-password-reset").then().statusCode(202);
        given().contentType("application/json")
                .body(Map.of("token", AuthApi.resetTokenMailedTo(legacy.email()), "newPassword", "the owner's new passphrase"))
                .post("/api/auth/reset-password").then().statusCode(204);

        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE provider_id = 'mock' AND account_id = $1",
                legacy.subject()), "the unvouched identity is gone");
        assertEquals(1, db.count("SELECT count(*) FROM accounts WHERE provider_id = 'other' AND account_id = $1",
                vouchedSubject), "an identity linked by a vouched email stays");
        given().cookie(COOKIE, legacy.attackerSession()).get("/api/auth/get-session").then().statusCode(401);
        assertError(signIn(legacy.subject(), legacy.email(), false), "email_not_verified");
        assertError(signIn(legacy.subject(), legacy.email(), true), "account_not_linked");
    }

    @Test
    void anEmailVerificationByTheOwnerUnlinksAnIdentityLinkedThroughAnUnvouchedEmailAndEndsItsSessions() {
        LegacyLink legacy = legacyUnvouchedLink("sso-legacy-verify");
        // The identity's holder asks for a verification link; it goes to the mailbox, whose owner opens it.
        given().cookie(COOKIE, legacy.attackerSession()).post("/api/auth/send-verification-email").then().statusCode(202);
        AuthApi.confirm(legacy.email()).then().statusCode(200);

        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE provider_id = 'mock' AND account_id = $1",
                legacy.subject()));
        given().cookie(COOKIE, legacy.attackerSession()).get("/api/auth/get-session").then().statusCode(401);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = $1::uuid AND email_verified", legacy.userId()));
    }

    @Test
    void anEmailOnlyInUserinfoIsReadFromThereAndOnlyWhenItIsAboutTheSameSubject() {
        String subject = "userinfo-" + UUID.randomUUID();
        String email = uniqueEmail("sso-userinfo");
        Started started = browser.start(CALLBACK);
        String accessToken = "access-" + UUID.randomUUID();
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, subject, started.nonce(), null, null), accessToken);
        MockProvider.stubUserinfo(provider, accessToken, new io.vertx.core.json.JsonObject().put("sub", subject)
                .put("email", email).put("email_verified", "true"));
        Landed landed = browser.callback(browser.signInAtProvider(started), started.cookies());
        assertSignedIn(landed);
        given().cookie(COOKIE, landed.sessionCookie()).get("/api/auth/get-session").then()
                .body("user.email", equalTo(email)).body("emailVerified", equalTo(true));

        started = browser.start(CALLBACK);
        String otherToken = "access-" + UUID.randomUUID();
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, "someone-" + UUID.randomUUID(), started.nonce(),
                null, null), otherToken);
        MockProvider.stubUserinfo(provider, otherToken, new io.vertx.core.json.JsonObject().put("sub", "not-them")
                .put("email", uniqueEmail("sso-other")).put("email_verified", true));
        assertError(browser.callback(browser.signInAtProvider(started), started.cookies()), "invalid_id_token");

        started = browser.start(CALLBACK);
        String noEmailToken = "access-" + UUID.randomUUID();
        String anonymous = "anon-" + UUID.randomUUID();
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, anonymous, started.nonce(), null, null),
                noEmailToken);
        MockProvider.stubUserinfo(provider, noEmailToken, new io.vertx.core.json.JsonObject().put("sub", anonymous));
        assertError(browser.callback(browser.signInAtProvider(started), started.cookies()), "email_missing");
        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE account_id = $1", anonymous));
    }

    @Test
    void aCallbackUrlOnAForeignOriginIsRefusedBeforeAnythingStarts() {
        long states = db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE'");
        for (String foreign : List.of("https://evil.example/after", "https://app.mosaic.test.evil.example/",
                "https://app.mosaic.test@evil.example/", "//evil.example/", "/relative", "javascript:alert(1)",
                "http://app.mosaic.test/", "https://localhost:5173/", "http://localhost:5174/",
                "https://app.mosaic.test\\@evil.example/")) {
            given().redirects().follow(false).queryParam("callbackURL", foreign)
                    .get("/api/auth/sign-in/oidc/" + MockProvider.ID)
                    .then().statusCode(400).contentType("application/problem+json")
                    .header("Location", (String) null).header("Set-Cookie", (String) null)
                    .body("errors[0].field", equalTo("callbackURL"));
        }
        assertEquals(states, db.count("SELECT count(*) FROM verifications WHERE purpose = 'OIDC_STATE'"));
        // An allowed origin with any path is fine, and so is another allowed origin.
        browser.start("https://app.mosaic.test/deep/link?x=1#frag");
    }

    @Test
    void aForgedStateIsRefusedAndLeavesTheRealSignInIntact() {
        Started started = browser.start(CALLBACK);
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, "forged-" + UUID.randomUUID(),
                started.nonce(), uniqueEmail("sso-forged"), true), "access-" + UUID.randomUUID());
        URI back = browser.signInAtProvider(started);
        String forged = OpaqueTokens.generate();
        URI withForgedState = URI.create(back.toString().replace(started.state(), forged));

        assertError(browser.callback(withForgedState, Started.onlyState(forged)), "invalid_state");
        assertError(browser.callback(withForgedState, started.cookies()), "invalid_state");
        // The real state from another browser (no cookie, or another one): a login CSRF, refused.
        assertError(browser.callback(back, Map.of()), "invalid_state");
        assertError(browser.callback(back, Started.onlyState(forged)), "invalid_state");
        // Even with quarkus-oidc's state cookie copied over: Mosaic's state is this browser's.
        Map<String, String> copied = new HashMap<>(started.cookies());
        copied.put(SsoStarts.STATE_COOKIE, forged);
        assertError(browser.callback(back, copied), "invalid_state");
        assertSignedIn(browser.callback(back, started.cookies()));
    }

    @Test
    void aReplayedStateIsRefused() {
        Started started = browser.start(CALLBACK);
        String email = uniqueEmail("sso-replay");
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, "replay-" + UUID.randomUUID(),
                started.nonce(), email, true), "access-" + UUID.randomUUID());
        URI back = browser.signInAtProvider(started);
        Landed first = browser.callback(back, started.cookies());
        assertSignedIn(first);
        assertTrue(first.response().headers().getValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith(SsoStarts.STATE_COOKIE + "=;") && c.contains("Max-Age=0")),
                "the state cookie is cleared");
        String userId = userIdOf(first.sessionCookie());

        // Every cookie sent again, quarkus-oidc's too (on its own it would sign in again: QuarkusOidcCodeFlowTest).
        assertError(browser.callback(back, started.cookies()), "invalid_state");
        assertEquals(1, db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", userId), "no second session");
    }

    @Test
    void anExpiredStateIsRefused() {
        Started started = browser.start(CALLBACK);
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, "late-" + UUID.randomUUID(),
                started.nonce(), uniqueEmail("sso-late"), true), "access-" + UUID.randomUUID());
        URI back = browser.signInAtProvider(started);
        db.update("UPDATE verifications SET expires_at = now() - interval '1 second' WHERE value_hash = $1",
                Sha256.of(started.stateCookie()));
        assertError(browser.callback(back, started.cookies()), "invalid_state");
    }

    @Test
    void deniedConsentEndsOnTheErrorPage() {
        Started started = browser.start(CALLBACK);
        URI denied = URI.create("/api/auth/callback/oidc/mock?error=access_denied&error_description=User%20said%20no"
                + "&state=" + started.state());
        assertError(browser.callback(denied, started.cookies()), "access_denied");
        // And the state is used up by that.
        assertError(browser.callback(denied, started.cookies()), "invalid_state");
    }

    @Test
    void anIdTokenWithTheWrongNonceOrAudienceOrSignatureIsRefused() {
        Started started = browser.start(CALLBACK);
        MockProvider.stubTokens(provider, MockProvider.idToken(provider, "nonce-" + UUID.randomUUID(),
                "not-the-nonce", uniqueEmail("sso-nonce"), true), "access-" + UUID.randomUUID());
        assertError(browser.callback(browser.signInAtProvider(started), started.cookies()), "invalid_id_token");

        started = browser.start(CALLBACK);
        String otherAudience = io.smallrye.jwt.build.Jwt.issuer(MockProvider.issuer(provider)).audience("someone-else")
                .subject("aud").claim("nonce", started.nonce()).jws().keyId("1").sign("privateKey.jwk");
        MockProvider.stubTokens(provider, otherAudience, "access-" + UUID.randomUUID());
        assertError(browser.callback(browser.signInAtProvider(started), started.cookies()), "invalid_id_token");

        started = browser.start(CALLBACK);
        String good = MockProvider.idToken(provider, "sig-" + UUID.randomUUID(), started.nonce(), uniqueEmail("sso-sig"), true);
        String[] parts = good.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"sig-", "\"evil-").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        MockProvider.stubTokens(provider, tampered, "access-" + UUID.randomUUID());
        assertError(browser.callback(browser.signInAtProvider(started), started.cookies()), "invalid_id_token");
    }

    @Test
    void anUnreachableProviderEndsOnTheErrorPage() {
        String authorize = given().redirects().follow(false).queryParam("callbackURL", CALLBACK)
                .get("/api/auth/sign-in/oidc/down").then().statusCode(302).extract().header("Location");
        given().redirects().follow(false).get(authorize)
                .then().statusCode(302).header("Location", MockProvider.ERROR_URL + "?error=provider_unreachable");
    }

    @Test
    void theProvidersAreListedForTheSignInPage() {
        given().get("/api/auth/providers").then().statusCode(200)
                .body("id", equalTo(List.of("down", "mock")))
                .body("find { it.id == 'mock' }.name", equalTo("Mock IdP"))
                .body("find { it.id == 'mock' }.signInPath", equalTo("/api/auth/sign-in/oidc/mock"));
        given().redirects().follow(false).get("/api/auth/sign-in/oidc/nope").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
