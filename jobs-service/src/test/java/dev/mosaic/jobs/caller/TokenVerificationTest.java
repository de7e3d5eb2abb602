package dev.mosaic.jobs.caller;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.AuthServiceProcess;
import dev.mosaic.jobs.support.ConcurrentCalls;
import dev.mosaic.jobs.support.ForgedTokens;
import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.jobs.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * How a token is verified on the request path: on the event loop, remembered until it expires, with
 * auth-service's keys held in memory and read again when a token names a new one. Real tokens from the
 * real auth-service, real HTTP.
 */
@QuarkusTest
class TokenVerificationTest {
    private static final String LIST = "/api/runner-jobs";

    @Inject
    JWTAuthContextInfo rules;

    @ConfigProperty(name = "mosaic.jobs.jwks.unknown-kid-refresh-every")
    Duration unknownKidRefreshEvery;

    private static double cacheHits() {
        return Metrics.counter("mosaic_jobs_tokens_cache_total", "result", "hit");
    }

    private static double unknownKidReads() {
        return Metrics.counter("mosaic_jobs_jwks_reads_total", "trigger", "unknown-kid", "outcome", "ok");
    }

    @Test
    void verificationTakesNoWorkerThreadWhetherVerifiedOrRemembered() {
        JobsApi caller = new JobsApi();
        long blockingSteps = BlockingAuthenticationSteps.count();
        double hits = cacheHits();

        caller.asUser().get(LIST).then().statusCode(200);
        caller.asUser().get(LIST).then().statusCode(200);

        assertEquals(blockingSteps, BlockingAuthenticationSteps.count(),
                "no step of authenticating the two requests was handed to a worker thread");
        assertTrue(cacheHits() > hits, "the second request was answered from the cache");
    }

    @Test
    void aRememberedTokenIsRefusedOnceItsExpIsPastTheClockSkew() {
        Duration lifetime = Duration.ofSeconds(15);
        Duration usable = lifetime.plusSeconds(rules.getClockSkew());
        try (AuthServiceProcess shortLived = AuthServiceProcess.variant("auth-short-lived",
                Map.of("MOSAIC_AUTH_TOKEN_LIFETIME", lifetime.toString()))) {
            String token = shortLived.signUpAccessToken();
            given().auth().oauth2(token).get(LIST).then().statusCode(200);
            double hits = cacheHits();
            given().auth().oauth2(token).get(LIST).then().statusCode(200);
            assertTrue(cacheHits() > hits, "accepted from the cache before its exp");

            await().atMost(usable.plusSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> given().auth().oauth2(token).get(LIST).statusCode() == 401);
            given().auth().oauth2(token).get(LIST).then().statusCode(401)
                    .contentType("application/problem+json").body("detail", containsString("expired"));
        }
    }

    @Test
    void aTokenOfANewlyRotatedKeyIsAcceptedWithoutWaitingForTheHourlyRead() {
        JobsApi before = new JobsApi();
        before.asUser().get(LIST).then().statusCode(200);
        String newKid = given().baseUri(JobsApi.authUrl()).auth().oauth2(JobsApi.adminToken())
                .post("/api/auth/admin/signing-keys/rotate").then().statusCode(200).extract().path("kid");
        JobsApi after = new JobsApi();
        assertEquals(newKid, JobsApi.keyIdOf(after.userToken));
        double reads = unknownKidReads();

        // At once, or after the interval between reads for unknown kids (5 s) if another test just read.
        await().atMost(unknownKidRefreshEvery.plusSeconds(8)).pollInterval(Duration.ofMillis(200))
                .until(() -> after.asUser().get(LIST).statusCode() == 200);

        assertTrue(unknownKidReads() > reads, "the unknown kid made the replica read the JWKS again");
        before.asUser().get(LIST).then().statusCode(200); // the previous key stays published while its tokens live
    }

    @Test
    void aTokenOfAKeyRotatedJustAfterAReadForAnUnknownKidWaitsForTheNextReadInsteadOfBeingRefused() {
        JobsApi stranger = new JobsApi();
        JsonPath person = JobsApi.signUpVerified(JobsApi.authUrl(), "rotation-" + UUID.randomUUID() + "@mosaic.test",
                "correct horse battery staple", "Rotation");
        // A made-up kid: the replica reads the JWKS for it, and the next such read must wait for the interval.
        given().auth().oauth2(ForgedTokens.signedByAStranger("made-up-" + UUID.randomUUID(), stranger.userId,
                stranger.workspace.toString())).get(LIST).then().statusCode(401);
        long lastRead = System.nanoTime();
        double reads = unknownKidReads();

        String newKid = given().baseUri(JobsApi.authUrl()).auth().oauth2(JobsApi.adminToken())
                .post("/api/auth/admin/signing-keys/rotate").then().statusCode(200).extract().path("kid");
        String token = given().baseUri(JobsApi.authUrl()).auth().oauth2(person.getString("token"))
                .get("/api/auth/token").then().statusCode(200).extract().path("access_token");
        assertEquals(newKid, JobsApi.keyIdOf(token));
        Duration sinceRead = Duration.ofNanos(System.nanoTime() - lastRead);
        assertTrue(sinceRead.compareTo(unknownKidRefreshEvery) < 0,
                "the token is sent while the interval still holds back the next read: " + sinceRead);

        given().auth().oauth2(token).get(LIST).then().statusCode(200); // the first call, not a retry

        assertEquals(reads + 1, unknownKidReads(), "one read, the one the interval held back");
    }

    @Test
    void tokensNamingMadeUpKeysCostAuthServiceAtMostOneReadPerInterval() throws Exception {
        JobsApi victim = new JobsApi();
        double reads = unknownKidReads();
        long started = System.nanoTime();

        List<HttpResponse<String>> answers = ConcurrentCalls.race(40, 8, i -> HttpRequest.newBuilder(
                        URI.create(ConcurrentCalls.baseUrl() + LIST))
                .header("Authorization", "Bearer " + ForgedTokens.signedByAStranger("made-up-" + UUID.randomUUID(),
                        victim.userId, victim.workspace.toString()))
                .GET().build());

        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(answers.stream().allMatch(answer -> answer.statusCode() == 401), "every forged token refused");
        double allowed = 1 + Math.floor((double) elapsed.toMillis() / unknownKidRefreshEvery.toMillis());
        double made = unknownKidReads() - reads;
        assertTrue(made <= allowed, made + " JWKS reads for 40 unknown kids in " + elapsed + ", at most " + allowed);
    }
}
