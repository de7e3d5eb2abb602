package dev.mosaic.auth.availability;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.mosaic.auth.AuthApi;
import dev.mosaic.deploy.postgres.OutageUnderLoad;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL goes away under load and comes back on the same data and port: while it is away every
 * answer is 503 with Retry-After (never 500), readiness is DOWN and liveness UP; once it is back the
 * service answers again by itself within seconds, and the people and sessions it made before are there.
 */
@QuarkusTest
class DatabaseOutageTest {
    private static final String COORDINATOR_SECRET = "test-coordinator-secret-0123456789abcdef";

    @Test
    void whilePostgresIsAwayEveryAnswerIs503AndTheServiceRecoversByItself() throws Exception {
        String email = uniqueEmail("outage");
        String session = signedUpSessionToken(email);
        AuthApi.accessToken(session);

        OutageUnderLoad.run(thread -> thread % 2 == 0
                        ? AuthApi.clientCredentials("coordinator", COORDINATOR_SECRET).statusCode()
                        : given().auth().oauth2(session).get("/api/auth/get-session").statusCode(),
                () -> {
                    unavailable(given().auth().oauth2(session).get("/api/auth/get-session").then());
                    unavailable(given().auth().oauth2(session).get("/api/auth/token").then());
                    unavailable(signIn(email, PASSWORD, uniqueAddress()).then());
                    unavailable(given().get("/api/auth/jwks").then());
                    AuthApi.clientCredentials("coordinator", COORDINATOR_SECRET).then().statusCode(503)
                            .header("Retry-After", notNullValue());
                },
                () -> given().auth().oauth2(session).get("/api/auth/get-session").statusCode() == 200);
        given().auth().oauth2(session).get("/api/auth/get-session").then().statusCode(200)
                .body("user.email", equalTo(email));
        signIn(email, PASSWORD, uniqueAddress()).then().statusCode(200);
        AuthApi.accessToken(session);
        AuthApi.clientCredentials("coordinator", COORDINATOR_SECRET).then().statusCode(200);
    }

    private static void unavailable(ValidatableResponse answer) {
        answer.statusCode(503).contentType("application/problem+json").header("Retry-After", notNullValue())
                .body("type", equalTo("urn:mosaic:problem:service-unavailable"));
    }
}
