package dev.mosaic.auth.availability;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.AuthApi;
import dev.mosaic.deploy.postgres.PostgresTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

        Map<Integer, Integer> answers = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        Instant loadEnds = Instant.now().plusSeconds(60);
        try {
            Future<?>[] readers = new Future<?>[4];
            for (int i = 0; i < readers.length; i++) {
                boolean machine = i % 2 == 0;
                readers[i] = load.submit(() -> {
                    while (loading.get() && Instant.now().isBefore(loadEnds)) {
                        int status = machine ? AuthApi.clientCredentials("coordinator", COORDINATOR_SECRET).statusCode()
                                : given().auth().oauth2(session).get("/api/auth/get-session").statusCode();
                        answers.merge(status, 1, Integer::sum);
                    }
                });
            }

            PostgresTestResource.stopDatabase();
            try {
                await().atMost(Duration.ofSeconds(15)).until(() -> given().get("/q/health/ready").statusCode() == 503);
                given().get("/q/health/live").then().statusCode(200);
                unavailable(given().auth().oauth2(session).get("/api/auth/get-session").then());
                unavailable(given().auth().oauth2(session).get("/api/auth/token").then());
                unavailable(signIn(email, PASSWORD, uniqueAddress()).then());
                unavailable(given().get("/api/auth/jwks").then());
                AuthApi.clientCredentials("coordinator", COORDINATOR_SECRET).then().statusCode(503)
                        .header("Retry-After", notNullValue());
            } finally {
                PostgresTestResource.startDatabase();
            }
            Instant back = Instant.now();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> given().auth().oauth2(session).get("/api/auth/get-session").statusCode() == 200);
            Duration recovery = Duration.between(back, Instant.now());

            loading.set(false);
            for (Future<?> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
            System.out.printf("[DatabaseOutageTest] answers under load by status: %s; first 200 %d ms after "
                    + "PostgreSQL was back%n", new TreeMap<>(answers), recovery.toMillis());
            assertTrue(Set.of(200, 503).containsAll(answers.keySet()), "only 200 or 503 under load: " + answers);
            assertTrue(answers.getOrDefault(503, 0) > 0, "the load saw the outage: " + answers);
        } finally {
            loading.set(false);
            load.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> given().get("/q/health/ready").statusCode() == 200);
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
