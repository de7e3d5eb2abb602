package dev.mosaic.auth.token;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.adminSessionToken;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.resetTokenMailedTo;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.shared.auth.TokenRevocation;
import dev.mosaic.shared.auth.TokenRevocationFeed;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What auth-service tells verifiers: every access token minted from a session names it ({@code sid}), and
 * every way a session ends (sign-out, revoking it, revoking the others, a password reset), and deleting a
 * machine client, puts an entry in the revocation feed at once, kept as long as a token can match it.
 */
@QuarkusTest
class TokenRevocationFeedTest {
    private static final String FEED = "/api/auth/revocations";

    @Inject
    TestDatabase db;

    private record Person(String email, String sessionToken, String sessionId, String accessToken) {
    }

    private static Person signUpSomeone(String prefix) {
        String email = uniqueEmail(prefix);
        JsonPath signedUp = signUpAndVerify(email, PASSWORD).then().statusCode(200).extract().jsonPath();
        return new Person(email, signedUp.getString("token"), signedUp.getString("session.id"),
                signedUp.getString("accessToken.access_token"));
    }

    private static Person signInAgain(Person person) {
        JsonPath signedIn = signIn(person.email(), PASSWORD, uniqueAddress()).then().statusCode(200).extract().jsonPath();
        return new Person(person.email(), signedIn.getString("token"), signedIn.getString("session.id"),
                signedIn.getString("accessToken.access_token"));
    }

    private static Map<String, Object> claims(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return JsonPath.from(payload).getMap("$");
    }

    private static TokenRevocationFeed feed(String since) {
        var request = given().accept(ContentType.JSON);
        if (since != null) {
            request.queryParam("since", since);
        }
        return request.get(FEED).then().statusCode(200).header("Cache-Control", "no-store")
                .extract().as(TokenRevocationFeed.class);
    }

    /** Every entry from {@code since} on, following {@code more} across pages. */
    private static List<TokenRevocation> allSince(String since) {
        TokenRevocationFeed page = feed(since);
        List<TokenRevocation> all = new ArrayList<>(page.revocations());
        while (page.more()) {
            page = feed(page.cursor());
            all.addAll(page.revocations());
        }
        return all;
    }

    private static Set<String> sessionIds(List<TokenRevocation> revocations) {
        return revocations.stream().filter(r -> TokenRevocation.SESSION.equals(r.kind())).map(TokenRevocation::id)
                .collect(Collectors.toSet());
    }

    @Test
    void tokensMintedFromASessionNameItAndExpireNoLaterThanIt() {
        Person person = signUpSomeone("sid");
        assertEquals(person.sessionId(), claims(person.accessToken()).get("sid"), "the token of the session its confirmation opened");
        assertEquals(person.sessionId(), claims(accessToken(person.sessionToken())).get("sid"), "a traded token");
        String machine = given().auth().preemptive().basic("coordinator", "test-coordinator-secret-0123456789abcdef")
                .formParam("grant_type", "client_credentials").post("/api/auth/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
        assertFalse(claims(machine).containsKey("sid"), "a machine has no session");
        assertEquals("coordinator", claims(machine).get("sub"));
    }

    @Test
    void signOutPutsTheSessionInTheFeedAndNothingElse() {
        Person person = signUpSomeone("feed-sign-out");
        Person otherDevice = signInAgain(person);
        String cursor = latestCursor();

        given().auth().oauth2(person.sessionToken()).post("/api/auth/sign-out").then().statusCode(204);

        List<TokenRevocation> after = allSince(cursor);
        assertTrue(sessionIds(after).contains(person.sessionId()), "the ended session: " + after);
        assertFalse(sessionIds(after).contains(otherDevice.sessionId()), "the other device's session lives on");
        TokenRevocation entry = after.stream().filter(r -> r.id().equals(person.sessionId())).findFirst().orElseThrow();
        Instant now = Instant.now();
        assertTrue(Duration.between(entry.revokedAt(), now).abs().compareTo(Duration.ofMinutes(1)) < 0, entry.toString());
        assertEquals(Duration.ofMinutes(16), Duration.between(entry.revokedAt(), entry.keepUntil()),
                "kept for the token lifetime (15 min) and a minute of clock skew");

        String next = feed(cursor).cursor();
        assertTrue(Long.parseLong(next) > Long.parseLong(cursor), "the cursor moves on");
        assertFalse(sessionIds(allSince(next)).contains(person.sessionId()), "read once from the cursor on");
        assertTrue(sessionIds(allSince(null)).contains(person.sessionId()), "a new reader gets all that still matter");
    }

    @Test
    void revokingOneSessionOrTheOthersPutsExactlyThoseInTheFeed() {
        Person first = signUpSomeone("feed-revoke");
        Person second = signInAgain(first);
        Person third = signInAgain(first);
        String cursor = latestCursor();

        given().auth().oauth2(third.sessionToken()).contentType(ContentType.JSON)
                .body(Map.of("sessionId", first.sessionId())).post("/api/auth/revoke-session").then().statusCode(204);
        Set<String> revoked = sessionIds(allSince(cursor));
        assertEquals(Set.of(first.sessionId()), revoked);

        String afterFirst = latestCursor();
        given().auth().oauth2(third.sessionToken()).post("/api/auth/revoke-other-sessions")
                .then().statusCode(200).body("revoked", equalTo(1));
        assertEquals(Set.of(second.sessionId()), sessionIds(allSince(afterFirst)));
    }

    @Test
    void aPasswordResetPutsEverySessionOfThePersonInTheFeed() {
        Person first = signUpSomeone("feed-reset");
        Person second = signInAgain(first);
        String cursor = latestCursor();

        given().contentType(ContentType.JSON).body(Map.of("email", first.email()))
                .post("/api/auth/request-password-reset").then().statusCode(202);
        given().contentType(ContentType.JSON)
                .body(Map.of("token", resetTokenMailedTo(first.email()), "newPassword", "another long passphrase"))
                .post("/api/auth/reset-password").then().statusCode(204);

        assertEquals(Set.of(first.sessionId(), second.sessionId()), sessionIds(allSince(cursor)));
    }

    @Test
    void deletingAMachineClientRevokesTheTokensItHasSoFar() {
        String admin = accessToken(adminSessionToken());
        String clientId = "revoked-" + System.nanoTime();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "name", "Doomed", "roles", Set.of("coordinator")))
                .post("/api/auth/admin/service-clients").then().statusCode(201);
        String cursor = latestCursor();
        Instant beforeDeletion = Instant.now();

        given().auth().oauth2(admin).delete("/api/auth/admin/service-clients/" + clientId).then().statusCode(204);

        List<TokenRevocation> entries = allSince(cursor).stream().filter(r -> r.id().equals(clientId)).toList();
        assertEquals(List.of(TokenRevocation.CLIENT), entries.stream().map(TokenRevocation::kind).toList());
        Instant cutoff = entries.get(0).revokedAt();
        assertEquals(0, cutoff.getNano(), "whole seconds, as iat: rounded up, so a token stamped in the second of "
                + "the deletion is revoked too, " + cutoff);
        assertFalse(cutoff.isBefore(beforeDeletion), "not before the deletion: " + cutoff);
    }

    @Test
    void aCursorThatIsNoCursorIs400() {
        for (String bad : List.of("abc", "-1", "1.5", "99999999999999999999")) {
            given().queryParam("since", bad).get(FEED).then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void entriesNoTokenCanMatchAnyMoreAreNeitherServedNorKept() {
        Person person = signUpSomeone("feed-purge");
        String cursor = latestCursor();
        given().auth().oauth2(person.sessionToken()).post("/api/auth/sign-out").then().statusCode(204);
        assertTrue(sessionIds(allSince(cursor)).contains(person.sessionId()));

        // Past keep_until: every token the entry could match has expired.
        db.update("UPDATE token_revocations SET keep_until = now() - interval '1 second' WHERE subject = $1",
                person.sessionId());
        assertFalse(sessionIds(allSince(null)).contains(person.sessionId()), "not served");
        given().auth().oauth2(signInAgain(person).sessionToken()).post("/api/auth/sign-out").then().statusCode(204);
        assertEquals(0, db.count("SELECT count(*) FROM token_revocations WHERE subject = $1", person.sessionId()),
                "purged by the next write");
    }

    private static String latestCursor() {
        TokenRevocationFeed page = feed(null);
        while (page.more()) {
            page = feed(page.cursor());
        }
        return page.cursor();
    }
}
