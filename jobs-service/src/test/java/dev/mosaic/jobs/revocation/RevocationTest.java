package dev.mosaic.jobs.revocation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.AuthServiceTestResource;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import dev.mosaic.jobs.support.SseClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Access tokens minted before their session ended, or before their machine client was deleted, are
 * refused by jobs-service within seconds, with real tokens from the real auth-service and real HTTP
 * (how fast is up to the feed's poll, 1 s in tests: the awaits give it 10 s), while the same person's
 * other sessions keep working.
 */
@QuarkusTest
class RevocationTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String PASSWORD = "correct horse battery staple";

    /** One signed-in device of a person: its session token, session id and an access token minted from it. */
    private record Device(String sessionToken, String sessionId, String accessToken) {
        static Device of(JsonPath signedIn) {
            return new Device(signedIn.getString("token"), signedIn.getString("session.id"),
                    signedIn.getString("accessToken.access_token"));
        }
    }

    private record Person(String email, Device first, Device second) {
    }

    /** Signs up (first device) and signs in again (second device). */
    private static Person personWithTwoDevices() {
        String email = "revoked-" + UUID.randomUUID() + "@mosaic.test";
        JsonPath signedUp = JobsApi.signUpVerified(JobsApi.authUrl(), email, PASSWORD, "Two Devices");
        Device second = Device.of(signIn(email, PASSWORD));
        Person person = new Person(email, Device.of(signedUp), second);
        accepted(person.first().accessToken());
        accepted(person.second().accessToken());
        return person;
    }

    private static JsonPath signIn(String email, String password) {
        return auth().body(Map.of("email", email, "password", password)).post("/api/auth/sign-in/email")
                .then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.specification.RequestSpecification auth() {
        return given().baseUri(JobsApi.authUrl()).contentType(ContentType.JSON);
    }

    private static void accepted(String accessToken) {
        given().auth().oauth2(accessToken).get("/api/runner-jobs").then().statusCode(200);
    }

    /** jobs-service refuses the token within seconds: 401, a problem, a Bearer challenge, saying why. */
    private static void refusedSoon(String accessToken, String path) {
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(accessToken).get(path).statusCode() == 401);
        given().auth().oauth2(accessToken).get(path).then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("detail", containsString("revoked"));
    }

    @Test
    void signOutRevokesTheSessionsTokensAndNoOtherSessions() {
        Person person = personWithTwoDevices();
        given().baseUri(JobsApi.authUrl()).auth().oauth2(person.first().sessionToken())
                .post("/api/auth/sign-out").then().statusCode(204);

        refusedSoon(person.first().accessToken(), "/api/runner-jobs");
        accepted(person.second().accessToken());
    }

    @Test
    void aTokenRememberedAsVerifiedIsRefusedOnceItsSessionEnds() {
        Person person = personWithTwoDevices(); // each token verified once, so remembered
        double hits = Metrics.counter("mosaic_jobs_tokens_cache_total", "result", "hit");
        accepted(person.first().accessToken());
        assertTrue(Metrics.counter("mosaic_jobs_tokens_cache_total", "result", "hit") > hits,
                "the token was accepted from the cache of verified tokens");

        given().baseUri(JobsApi.authUrl()).auth().oauth2(person.first().sessionToken())
                .post("/api/auth/sign-out").then().statusCode(204);

        refusedSoon(person.first().accessToken(), "/api/runner-jobs");
        accepted(person.second().accessToken());
    }

    /** An open stream is not asked for its token again: it ends at its next heartbeat (1 s in tests) after the feed's poll. */
    @Test
    void anOpenStreamEndsSoonAfterItsSessionEndsAndTheOtherSessionsStreamGoesOn() {
        Person person = personWithTwoDevices();
        try (SseClient signedOut = SseClient.open("/api/runner-jobs/stream", person.first().accessToken(), null);
                SseClient other = SseClient.open("/api/runner-jobs/stream", person.second().accessToken(), null)) {
            assertEquals("ready", signedOut.nextEvent(WITHIN).event());
            assertEquals("ready", other.nextEvent(WITHIN).event());
            for (int heartbeat = 0; heartbeat < 3; heartbeat++) {
                assertTrue(signedOut.next(WITHIN).isComment(), "open while its session is");
            }

            given().baseUri(JobsApi.authUrl()).auth().oauth2(person.first().sessionToken())
                    .post("/api/auth/sign-out").then().statusCode(204);

            await().atMost(WITHIN).until(() -> signedOut.next(WITHIN).isEnd());
            for (int heartbeat = 0; heartbeat < 3; heartbeat++) {
                assertTrue(other.next(WITHIN).isComment(), "the other session's stream goes on");
            }
        }
        refusedSoon(person.first().accessToken(), "/api/runner-jobs/stream");
    }

    @Test
    void revokingASessionRevokesItsTokensButNotTheRevokersOwn() {
        Person person = personWithTwoDevices();
        auth().auth().oauth2(person.second().sessionToken()).body(Map.of("sessionId", person.first().sessionId()))
                .post("/api/auth/revoke-session").then().statusCode(204);

        refusedSoon(person.first().accessToken(), "/api/runner-jobs");
        accepted(person.second().accessToken());
    }

    @Test
    void aPasswordResetRevokesTheTokensOfEverySessionOfThatPersonOnly() {
        Person person = personWithTwoDevices();
        Person someoneElse = personWithTwoDevices();
        auth().body(Map.of("token", AuthServiceTestResource.mailedLinkToken("PASSWORD_RESET", person.email()),
                        "newPassword", "a brand new passphrase"))
                .post("/api/auth/reset-password").then().statusCode(204);

        refusedSoon(person.first().accessToken(), "/api/runner-jobs");
        refusedSoon(person.second().accessToken(), "/api/runner-jobs");
        accepted(Device.of(signIn(person.email(), "a brand new passphrase")).accessToken());
        accepted(someoneElse.first().accessToken());
        accepted(someoneElse.second().accessToken());
    }

    @Test
    void deletingAMachineClientRevokesTheTokensItHolds() {
        String admin = JobsApi.adminToken();
        String clientId = "doomed-" + System.nanoTime();
        String secret = auth().auth().oauth2(admin)
                .body(Map.of("clientId", clientId, "name", "Doomed runner", "roles", Set.of("coordinator")))
                .post("/api/auth/admin/service-clients").then().statusCode(201).extract().path("clientSecret");
        String token = given().baseUri(JobsApi.authUrl()).auth().preemptive().basic(clientId, secret)
                .formParam("grant_type", "client_credentials").post("/api/auth/oauth2/token")
                .then().statusCode(200).extract().path("access_token");
        String job = "/api/coordinator/jobs/" + UUID.randomUUID();
        given().auth().oauth2(token).get(job).then().statusCode(404);

        given().baseUri(JobsApi.authUrl()).auth().oauth2(admin).delete("/api/auth/admin/service-clients/" + clientId)
                .then().statusCode(204);

        refusedSoon(token, job);
        given().auth().oauth2(JobsApi.coordinatorToken()).get(job).then().statusCode(404);
    }

    @Test
    void theReplicaSaysWhatItKnowsInReadinessAndMetrics() {
        Person person = personWithTwoDevices();
        given().baseUri(JobsApi.authUrl()).auth().oauth2(person.first().sessionToken())
                .post("/api/auth/sign-out").then().statusCode(204);
        refusedSoon(person.first().accessToken(), "/api/runner-jobs");

        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        Map<String, Object> check = ready.getMap("checks.find { it.name == 'token-revocations' }");
        assertTrue("UP".equals(check.get("status")), "ready: " + check);
        assertTrue(Metrics.gauge("mosaic_jobs_revocations_known") >= 1, "the revocation is held in memory");
        assertTrue(Metrics.gauge("mosaic_jobs_revocations_feed_age_seconds") < 5, "read within the last poll or so");
    }
}
