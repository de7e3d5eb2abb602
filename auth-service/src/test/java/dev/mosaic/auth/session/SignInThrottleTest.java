package dev.mosaic.auth.session;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignInThrottleTest {

    @Test
    void signInWithWrongPasswordLooksLikeUnknownEmail() {
        String email = uniqueEmail("known");
        signUp(email, PASSWORD).then().statusCode(201);

        Response wrongPassword = signIn(email, "not the password", uniqueAddress());
        Response unknownEmail = signIn(uniqueEmail("unknown"), "not the password", uniqueAddress());

        assertEquals(401, wrongPassword.statusCode());
        assertEquals(401, unknownEmail.statusCode());
        assertEquals(wrongPassword.contentType(), unknownEmail.contentType());
        assertEquals(wrongPassword.asString(), unknownEmail.asString(), "same body, byte for byte");
    }

    @Test
    void anUnknownEmailCostsAPasswordHashLikeAKnownOne() {
        String email = uniqueEmail("timing");
        signUp(email, PASSWORD).then().statusCode(201);
        long known = 0;
        long unknown = 0;
        for (int i = 0; i < 3; i++) {
            known += signIn(email, "wrong " + i, uniqueAddress()).timeIn(TimeUnit.MILLISECONDS);
            unknown += signIn(uniqueEmail("nobody"), "wrong", uniqueAddress())
                    .timeIn(TimeUnit.MILLISECONDS);
        }
        assertTrue(unknown * 3 > known, "unknown email " + unknown + " ms vs known " + known
                + " ms: an unknown email must not answer much faster");
    }

    @Test
    void fiveFailuresForOneEmailLockItWith429AndRetryAfterEvenForTheRightPassword() {
        String email = uniqueEmail("locked");
        signUp(email, PASSWORD).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            signIn(email, "guess " + i, uniqueAddress()).then().statusCode(401);
        }
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", matchesPattern("\\d+"))
                .body("detail", containsString("Wait"));
    }

    @Test
    void fiveFailuresFromOneAddressLockThatAddressForEveryEmail() {
        String address = uniqueAddress();
        String victim = uniqueEmail("victim");
        signUp(victim, PASSWORD).then().statusCode(201);
        for (int i = 0; i < 5; i++) {
            signIn(uniqueEmail("sprayed"), "guess", address).then().statusCode(401);
        }
        signIn(victim, PASSWORD, address).then().statusCode(429).header("Retry-After", notNullValue());
        signIn(victim, PASSWORD, uniqueAddress()).then().statusCode(200);
    }

    @Test
    void aSuccessfulSignInClearsTheEmailsFailures() {
        String email = uniqueEmail("recovers");
        signUp(email, PASSWORD).then().statusCode(201);
        for (int i = 0; i < 4; i++) {
            signIn(email, "typo " + i, uniqueAddress()).then().statusCode(401);
        }
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            signIn(email, "typo " + i, uniqueAddress()).then().statusCode(401);
        }
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
    }
}
