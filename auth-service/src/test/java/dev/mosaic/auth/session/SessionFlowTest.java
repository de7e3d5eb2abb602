package dev.mosaic.auth.session;

import static dev.mosaic.auth.AuthApi.COOKIE;
import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionFlowTest {
    @Inject
    TestDatabase db;

    @Test
    void confirmGetSessionTokenSignOutAndTheOldSessionNoLongerWorks() {
        String email = uniqueEmail("flow");
        Response signedUp = signUpAndVerify(email, PASSWORD);
        signedUp.then().statusCode(200)
                .cookie(COOKIE, notNullValue())
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Lax"))
                .body("user.email", equalTo(email))
                .body("user.roles", equalTo(List.of("user")))
                .body("user.workspaceIds", hasSize(1))
                .body("accessToken.token_type", equalTo("Bearer"));
        String token = signedUp.path("token");
        assertEquals(signedUp.getCookie(COOKIE), token, "the body carries the same token as the cookie");

        given().cookie(COOKIE, token).get("/api/auth/get-session")
                .then().statusCode(200).body("user.email", equalTo(email)).body("emailVerified", equalTo(true))
                .body("session.current", equalTo(true));
        given().auth().oauth2(token).get("/api/auth/token")
                .then().statusCode(200).body("access_token", notNullValue()).body("expires_in", equalTo(900));

        given().cookie(COOKIE, token).post("/api/auth/sign-out")
                .then().statusCode(204).header("Set-Cookie", containsString("Max-Age=0"));

        given().cookie(COOKIE, token).get("/api/auth/get-session")
                .then().statusCode(401).contentType("application/problem+json").body("detail", containsString("Sign in"));
        given().auth().oauth2(token).get("/api/auth/token").then().statusCode(401);
    }

    @Test
    void theSessionTokenIsStoredOnlyAsItsSha256() {
        String token = signedUpSessionToken(uniqueEmail("hash"));
        byte[] tokenBytes = Base64.getUrlDecoder().decode(token);
        assertEquals(32, tokenBytes.length, "256 random bits");
        List<Row> rows = db.query("SELECT token_hash FROM sessions WHERE token_hash = $1", Sha256.of(token));
        assertEquals(1, rows.size());
        assertArrayEquals(Sha256.of(token), rows.get(0).getBuffer("token_hash").getBytes());
        assertEquals(0, db.count("SELECT count(*) FROM sessions WHERE encode(token_hash, 'escape') LIKE '%' || $1 || '%'",
                token));
    }

    @Test
    void anExpiredSessionIsRejected() {
        String token = signedUpSessionToken(uniqueEmail("expired"));
        db.update("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
                Sha256.of(token));
        given().cookie(COOKIE, token).get("/api/auth/get-session").then().statusCode(401);
    }

    @Test
    void aSessionUsedAfterADayIsExtendedForSevenDaysAndTheCookieRenewed() {
        String token = signedUpSessionToken(uniqueEmail("sliding"));
        db.update("UPDATE sessions SET updated_at = now() - interval '25 hours', expires_at = now() + interval '1 day' "
                + "WHERE token_hash = $1", Sha256.of(token));
        given().cookie(COOKIE, token).get("/api/auth/get-session")
                .then().statusCode(200)
                // Max-Age counts from the answer to the session's end, rounded down: 7 days less a moment.
                .header("Set-Cookie", matchesPattern(".*Max-Age=(60479\\d|604800)(;.*|$)"));
        assertEquals(1, db.count("SELECT count(*) FROM sessions WHERE token_hash = $1 "
                + "AND expires_at > now() + interval '6 days 23 hours'", Sha256.of(token)));
    }

    @Test
    void revokeOneSessionThenAllOthers() {
        String email = uniqueEmail("revoke");
        String first = signedUpSessionToken(email);
        String second = signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200).extract().path("token");
        String third = signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200).extract().path("token");

        List<Map<String, Object>> sessions = given().auth().oauth2(first).get("/api/auth/list-sessions")
                .then().statusCode(200).body("$", hasSize(3)).extract().path("$");
        String secondId = given().auth().oauth2(second).get("/api/auth/get-session").then().extract().path("session.id");
        assertTrue(sessions.stream().anyMatch(session -> secondId.equals(session.get("id"))));

        given().auth().oauth2(first).contentType(ContentType.JSON).body(Map.of("sessionId", secondId))
                .post("/api/auth/revoke-session").then().statusCode(204);
        given().auth().oauth2(second).get("/api/auth/get-session").then().statusCode(401);

        given().auth().oauth2(first).post("/api/auth/revoke-other-sessions")
                .then().statusCode(200).body("revoked", equalTo(1));
        given().auth().oauth2(third).get("/api/auth/get-session").then().statusCode(401);
        given().auth().oauth2(first).get("/api/auth/list-sessions").then().statusCode(200).body("$", hasSize(1));
    }

    @Test
    void someoneElsesSessionCannotBeRevoked() {
        String mine = signedUpSessionToken(uniqueEmail("mine"));
        String theirs = signedUpSessionToken(uniqueEmail("theirs"));
        String theirId = given().auth().oauth2(theirs).get("/api/auth/get-session").then().extract().path("session.id");
        given().auth().oauth2(mine).contentType(ContentType.JSON).body(Map.of("sessionId", theirId))
                .post("/api/auth/revoke-session")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(theirs).get("/api/auth/get-session").then().statusCode(200);
    }
}
