package dev.mosaic.auth.verification;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.TestDatabase;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Mail-sending endpoints are limited per target email and per client address, and tell nothing more. */
@QuarkusTest
class MailRateLimitTest {
    @ConfigProperty(name = "mosaic.auth.rate-limits.mails-per-email")
    int perEmail;
    @ConfigProperty(name = "mosaic.auth.rate-limits.mails-per-address")
    int perAddress;
    @Inject
    MockMailbox mailbox;
    @Inject
    TestDatabase db;

    @Test
    void resetRequestsAreLimitedPerEmailAlikeWhetherOrNotTheEmailHasAnAccount() {
        String known = uniqueEmail("reset-known");
        signUpAndVerify(known, PASSWORD).then().statusCode(200); // its confirmation mail counts: one request
        String unknown = uniqueEmail("reset-unknown");
        requestReset(unknown, uniqueAddress()).then().statusCode(202);
        for (int i = 1; i < perEmail; i++) {
            requestReset(known, uniqueAddress()).then().statusCode(202);
            requestReset(unknown, uniqueAddress()).then().statusCode(202);
        }

        Response knownRefused = requestReset(known, uniqueAddress());
        Response unknownRefused = requestReset(unknown, uniqueAddress());

        for (Response refused : new Response[] {knownRefused, unknownRefused}) {
            refused.then().statusCode(429).contentType("application/problem+json")
                    .header("Retry-After", matchesPattern("\\d+"));
        }
        assertEquals(withoutNumbers(knownRefused.asString()), withoutNumbers(unknownRefused.asString()),
                "the same refusal for an address with an account and one without");
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.getMailsSentTo(known).size() == perEmail);
        assertEquals(0, mailbox.getMailsSentTo(unknown).size());
    }

    @Test
    void resetRequestsAreLimitedPerClientAddress() {
        String address = uniqueAddress();
        for (int i = 0; i < perAddress; i++) {
            requestReset(uniqueEmail("sprayed"), address).then().statusCode(202);
        }
        requestReset(uniqueEmail("sprayed"), address).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", matchesPattern("\\d+"));
        requestReset(uniqueEmail("sprayed"), uniqueAddress()).then().statusCode(202);
    }

    @Test
    void verificationMailsAreLimitedPerEmail() {
        String email = uniqueEmail("verify-often");
        String session = signedUpSessionToken(email); // its confirmation mail counts
        db.update("UPDATE users SET email_verified = false WHERE email = $1", email); // a session from before confirmed sign-up
        for (int i = 1; i < perEmail; i++) {
            sendVerification(session).then().statusCode(202);
        }
        sendVerification(session).then().statusCode(429)
                .contentType("application/problem+json").header("Retry-After", matchesPattern("\\d+"));
        await().atMost(Duration.ofSeconds(10)).until(() -> mailbox.getMailsSentTo(email).size() == perEmail);
    }

    private static Response requestReset(String email, String address) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("email", email)).post("/api/auth/request-password-reset");
    }

    private static Response sendVerification(String session) {
        return given().auth().oauth2(session).header("X-Forwarded-For", uniqueAddress())
                .post("/api/auth/send-verification-email");
    }

    private static String withoutNumbers(String body) {
        return body.replaceAll("\\d+", "n");
    }
}
