package dev.mosaic.auth.verification;

import static dev.mosaic.auth.AuthApi.COOKIE;
import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.mailsTo;
import static dev.mosaic.auth.AuthApi.resetTokenMailedTo;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.verificationTokenMailedTo;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.AuthApi;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MailFlowTest {
    @Inject
    MockMailbox mailbox;
    @Inject
    TestDatabase db;

    @Test
    void theConfirmationLinkWorksOnceAndSignsItsOpenerIn() {
        String email = uniqueEmail("verify");
        signUp(email, PASSWORD).then().statusCode(202);
        String token = verificationTokenMailedTo(email);
        assertEquals(0, db.count("SELECT count(*) FROM verifications WHERE value_hash = convert_to($1, 'UTF8')", token),
                "the token itself is not stored");
        assertEquals(1, db.count("SELECT count(*) FROM verifications WHERE value_hash = $1 AND payload LIKE 'v1.%' "
                + "AND payload NOT LIKE '%argon2%'", Sha256.of(token)), "stored hashed, with the sign-up's password sealed");

        Response confirmed = confirm(token);
        confirmed.then().statusCode(200).body("user.email", equalTo(email)).cookie(COOKIE);
        given().cookie(COOKIE, confirmed.getCookie(COOKIE)).get("/api/auth/get-session").then().statusCode(200)
                .body("emailVerified", equalTo(true));
        confirm(token).then().statusCode(400).contentType("application/problem+json");
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void anExpiredConfirmationLinkFails() {
        String email = uniqueEmail("late");
        signUp(email, PASSWORD).then().statusCode(202);
        String token = verificationTokenMailedTo(email);
        db.update("UPDATE verifications SET expires_at = now() - interval '1 second' WHERE value_hash = $1",
                Sha256.of(token));
        confirm(token).then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1 AND email_verified", email));
    }

    @Test
    void verifyEmailWithoutATokenSaysWhatIsMissing() {
        given().contentType(ContentType.JSON).body("{}").post("/api/auth/verify-email").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("token"));
    }

    @Test
    void aSignedInPersonWhoseAddressIsUnverifiedCanAskForALinkThatKeepsTheirPassword() {
        // Sessions of unverified people predate confirmed sign-up; they may still ask for a link.
        String email = uniqueEmail("legacy-unverified");
        String session = signedUpSessionToken(email);
        db.update("UPDATE users SET email_verified = false WHERE email = $1", email);
        given().cookie(COOKIE, session).header("X-Forwarded-For", uniqueAddress())
                .post("/api/auth/send-verification-email").then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> mailsTo(email).size() == 2);
        AuthApi.confirm(email).then().statusCode(200);
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1 AND email_verified", email));
        given().cookie(COOKIE, session).get("/api/auth/get-session").then().statusCode(200);
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    private static Response confirm(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", PASSWORD))
                .post("/api/auth/verify-email");
    }

    @Test
    void passwordResetSetsTheNewPasswordEndsEverySessionAndWorksOnce() {
        String email = uniqueEmail("reset");
        String before = signedUpSessionToken(email);
        requestReset(email).then().statusCode(202);
        String token = resetTokenMailedTo(email);

        resetPassword(token, "a brand new passphrase").then().statusCode(204);

        given().cookie(COOKIE, before).get("/api/auth/get-session").then().statusCode(401);
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(401);
        signIn(email, "a brand new passphrase", uniqueAddress()).then().statusCode(200);
        resetPassword(token, "yet another passphrase").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anExpiredResetLinkChangesNothing() {
        String email = uniqueEmail("stale");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        requestReset(email).then().statusCode(202);
        String token = resetTokenMailedTo(email);
        db.update("UPDATE verifications SET expires_at = now() - interval '1 second' WHERE value_hash = $1",
                Sha256.of(token));
        resetPassword(token, "a brand new passphrase").then().statusCode(400);
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void aTooShortNewPasswordIsRejectedAndTheLinkStillWorks() {
        String email = uniqueEmail("weak");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        requestReset(email).then().statusCode(202);
        String token = resetTokenMailedTo(email);
        resetPassword(token, "short").then().statusCode(400).body("errors[0].field", equalTo("newPassword"));
        resetPassword(token, "long enough now").then().statusCode(204);
    }

    @Test
    void aResetRequestAnswersTheSameWhetherTheEmailHasAnAccountOrNot() {
        String known = uniqueEmail("has-account");
        signUpAndVerify(known, PASSWORD).then().statusCode(200);
        String unknown = uniqueEmail("no-account");
        Response forKnown = requestReset(known);
        Response forUnknown = requestReset(unknown);
        assertEquals(forKnown.statusCode(), forUnknown.statusCode());
        assertEquals(forKnown.asString(), forUnknown.asString());
        resetTokenMailedTo(known);
        assertTrue(mailbox.getMailsSentTo(unknown).isEmpty());
    }

    private static Response requestReset(String email) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", email)).post("/api/auth/request-password-reset");
    }

    private static Response resetPassword(String token, String newPassword) {
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "newPassword", newPassword))
                .post("/api/auth/reset-password");
    }
}
