package dev.mosaic.auth.account;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static io.restassured.RestAssured.given;

import dev.mosaic.auth.TestDatabase;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The account pages' tests: people with real sessions, and their calls. */
final class People {
    private People() {
    }

    /** A signed-in person: their session token, its id, an access token minted from it, and their user id. */
    record Person(String email, String sessionToken, String sessionId, String accessToken, String userId) {
    }

    static Person signUp(TestDatabase db, String email) {
        return person(db, email, signUpAndVerify(email, PASSWORD).then().statusCode(200).extract().jsonPath());
    }

    /** Another session of the same person, from another device. */
    static Person signInAgain(TestDatabase db, Person person, String password) {
        return person(db, person.email(), signIn(person.email(), password, uniqueAddress()).then().statusCode(200)
                .extract().jsonPath());
    }

    private static Person person(TestDatabase db, String email, JsonPath signedIn) {
        return new Person(email, signedIn.getString("token"), signedIn.getString("session.id"),
                signedIn.getString("accessToken.access_token"), db.userId(email));
    }

    /** {@code POST /api/auth/<endpoint>} with the person's session token, from {@code address}. */
    static Response post(Person person, String endpoint, Object body, String address) {
        return given().auth().oauth2(person.sessionToken()).header("X-Forwarded-For", address)
                .contentType(ContentType.JSON).body(body).post("/api/auth/" + endpoint);
    }

    static Response post(Person person, String endpoint, Object body) {
        return post(person, endpoint, body, uniqueAddress());
    }

    /** An SSO identity of the user at {@code provider}, as a first sign-in through it leaves one. */
    static void linkIdentity(TestDatabase db, String userId, String provider, String subject) {
        db.update("INSERT INTO accounts (id, user_id, provider_id, account_id, created_at, updated_at) "
                + "VALUES (gen_random_uuid(), $1::uuid, $2, $3, now(), now())", userId, provider, subject);
    }

    static long sessionRevocations(TestDatabase db, String sessionId) {
        return db.count("SELECT count(*) FROM token_revocations WHERE kind = 'session' AND subject = $1", sessionId);
    }
}
