package dev.mosaic.auth.account;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.account.People.post;
import static dev.mosaic.auth.account.People.sessionRevocations;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.account.People.Person;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** update-user and change-password, against the real service and PostgreSQL, with real sessions and tokens. */
@QuarkusTest
class ProfileTest {
    private static final String NEW_PASSWORD = "a whole new passphrase";

    @Inject
    TestDatabase db;

    @Test
    void aRenameReachesTheSessionAndTheNextAccessToken() {
        Person person = People.signUp(db, uniqueEmail("rename"));

        post(person, "update-user", Map.of("name", "  Ada Lovelace ")).then().statusCode(200)
                .body("name", equalTo("Ada Lovelace")).body("email", equalTo(person.email()));

        given().auth().oauth2(person.sessionToken()).get("/api/auth/get-session").then().statusCode(200)
                .body("user.name", equalTo("Ada Lovelace"));
        String token = given().auth().oauth2(person.sessionToken()).get("/api/auth/token").then().statusCode(200)
                .extract().path("access_token");
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertEquals("Ada Lovelace", JsonPath.from(claims).getString("name"));
    }

    @Test
    void aBadNameIsAProblemAndChangesNothing() {
        Person person = People.signUp(db, uniqueEmail("rename-bad"));

        for (Object body : new Object[] {Map.of("name", " "), Map.of("name", "x".repeat(201)),
                Map.of("name", "two\tparts"), Map.of("name", "line\nbreak"), Map.of()}) {
            post(person, "update-user", body).then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(person.sessionToken()).contentType(ContentType.JSON).body("{\"name\": ")
                .post("/api/auth/update-user").then().statusCode(400).contentType("application/problem+json");
        assertEquals("Test Person", db.query("SELECT name FROM users WHERE id = $1::uuid", person.userId()).get(0)
                .getString(0));
    }

    @Test
    void everyAccountEndpointWantsASession() {
        for (String endpoint : new String[] {"update-user", "change-password", "change-email", "delete-user",
                "unlink-account"}) {
            given().contentType(ContentType.JSON).body(Map.of()).post("/api/auth/" + endpoint).then().statusCode(401)
                    .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        }
        given().get("/api/auth/list-accounts").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndKeepsThisOne() {
        Person here = People.signUp(db, uniqueEmail("change-password"));
        Person elsewhere = People.signInAgain(db, here, PASSWORD);
        Person third = People.signInAgain(db, here, PASSWORD);

        post(here, "change-password", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD))
                .then().statusCode(204);

        given().auth().oauth2(here.sessionToken()).get("/api/auth/get-session").then().statusCode(200)
                .body("session.id", equalTo(here.sessionId()));
        given().auth().oauth2(here.sessionToken()).get("/api/auth/token").then().statusCode(200)
                .body("access_token", notNullValue());
        for (Person ended : new Person[] {elsewhere, third}) {
            given().auth().oauth2(ended.sessionToken()).get("/api/auth/get-session").then().statusCode(401);
            assertEquals(1, sessionRevocations(db, ended.sessionId()), "the ended session's access tokens are revoked");
        }
        assertEquals(0, sessionRevocations(db, here.sessionId()), "the caller's own tokens stay good");
        given().get("/api/auth/revocations").then().statusCode(200)
                .body("revocations.id", hasItem(elsewhere.sessionId()));

        signIn(here.email(), PASSWORD, uniqueAddress()).then().statusCode(401);
        signIn(here.email(), NEW_PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndChangesNothing() {
        Person here = People.signUp(db, uniqueEmail("change-password-wrong"));
        Person elsewhere = People.signInAgain(db, here, PASSWORD);

        post(here, "change-password", Map.of("currentPassword", "not the password", "newPassword", NEW_PASSWORD))
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("The current password is wrong."));

        given().auth().oauth2(elsewhere.sessionToken()).get("/api/auth/get-session").then().statusCode(200);
        assertEquals(0, sessionRevocations(db, elsewhere.sessionId()));
        signIn(here.email(), PASSWORD, uniqueAddress()).then().statusCode(200);
        signIn(here.email(), NEW_PASSWORD, uniqueAddress()).then().statusCode(401);
    }

    /** The current password is a password oracle like sign-in, so guesses share sign-in's budget. */
    @Test
    void guessingTheCurrentPasswordIsThrottledLikeSignIn() {
        Person here = People.signUp(db, uniqueEmail("change-password-guess"));
        String address = uniqueAddress();

        for (int guess = 1; guess <= 5; guess++) {
            post(here, "change-password", Map.of("currentPassword", "guess " + guess, "newPassword", NEW_PASSWORD),
                    address).then().statusCode(403);
        }
        post(here, "change-password", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD), address)
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        signIn(here.email(), NEW_PASSWORD, uniqueAddress()).then().statusCode(401);
        signIn(here.email(), PASSWORD, address).then().statusCode(429);
    }

    @Test
    void aNewPasswordOutsideThePolicyIsAProblemAndChangesNothing() {
        Person here = People.signUp(db, uniqueEmail("change-password-short"));

        post(here, "change-password", Map.of("currentPassword", PASSWORD, "newPassword", "short")).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("newPassword"));
        post(here, "change-password", Map.of("newPassword", NEW_PASSWORD)).then().statusCode(400)
                .contentType("application/problem+json");
        signIn(here.email(), PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void anAccountWithoutAPasswordHasNoneToChange() {
        Person here = People.signUp(db, uniqueEmail("change-password-sso"));
        People.linkIdentity(db, here.userId(), "acme", "sub-" + here.userId());
        db.update("DELETE FROM accounts WHERE user_id = $1::uuid AND provider_id = 'credential'", here.userId());

        post(here, "change-password", Map.of("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD)).then()
                .statusCode(409).contentType("application/problem+json");
        assertEquals(0, db.count("SELECT count(*) FROM accounts WHERE user_id = $1::uuid AND provider_id = 'credential'",
                here.userId()));
    }
}
