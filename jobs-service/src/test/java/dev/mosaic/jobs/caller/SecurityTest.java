package dev.mosaic.jobs.caller;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.mosaic.jobs.support.AuthServiceProcess;
import dev.mosaic.jobs.support.AuthServiceTestResource;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every token here comes from a real auth-service where one can be had: the wrong issuer, the
 * wrong audience and an expired token are minted by variants of auth-service that share the real
 * one's database, so they are signed with the very key jobs-service trusts and fail only for the
 * reason under test.
 */
@QuarkusTest
class SecurityTest {
    private static AuthServiceProcess elsewhere;
    private static AuthServiceProcess otherAudience;
    private static AuthServiceProcess expiring;

    private final JobsApi alice = new JobsApi();
    private final JobsApi bob = new JobsApi();

    @BeforeAll
    static void startAuthServiceVariants() {
        CompletableFuture<AuthServiceProcess> a = CompletableFuture.supplyAsync(
                () -> variant("auth-wrong-issuer", Map.of("MOSAIC_AUTH_ISSUER", "http://elsewhere.example")));
        CompletableFuture<AuthServiceProcess> b = CompletableFuture.supplyAsync(
                () -> variant("auth-wrong-audience", Map.of("MOSAIC_AUTH_AUDIENCE", "not-mosaic")));
        CompletableFuture<AuthServiceProcess> c = CompletableFuture.supplyAsync(
                () -> variant("auth-expired", Map.of("MOSAIC_AUTH_TOKEN_LIFETIME", "-PT10M")));
        elsewhere = a.join();
        otherAudience = b.join();
        expiring = c.join();
    }

    private static AuthServiceProcess variant(String name, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(AuthServiceTestResource.environment());
        env.put("MOSAIC_AUTH_ISSUER", JobsApi.authUrl());
        env.putAll(overrides);
        return AuthServiceProcess.start(name, env);
    }

    @AfterAll
    static void stopVariants() {
        List.of(elsewhere, otherAudience, expiring).forEach(AuthServiceProcess::close);
    }

    @Test
    void noTokenIs401WithAProblemAndAChallenge() {
        given().get("/api/runner-jobs").then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"));
        given().contentType(ContentType.JSON).body(Map.of("progressPercent", 1))
                .post("/api/coordinator/jobs/" + UUID.randomUUID() + "/progress")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aValidUserTokenIsAccepted() {
        alice.asUser().get("/api/runner-jobs").then().statusCode(200);
    }

    @Test
    void tokensOfTheWrongIssuerAudienceOrTimeAre401() {
        for (AuthServiceProcess variant : List.of(elsewhere, otherAudience, expiring)) {
            String token = signUpAt(variant);
            org.junit.jupiter.api.Assertions.assertEquals(keyId(alice.userToken), keyId(token),
                    "signed with the key jobs-service trusts, so only the claim under test is wrong");
            given().auth().oauth2(token).get("/api/runner-jobs")
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void aTokenSignedByAnUnknownKeyIs401() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        RSAPrivateKey stranger = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(JobsApi.authUrl());
        claims.setAudience("mosaic");
        claims.setSubject(alice.userId);
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        claims.setIssuedAtToNow();
        claims.setStringListClaim("groups", List.of("user", "admin"));
        claims.setStringListClaim("workspaces", List.of(alice.workspace.toString()));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(stranger);
        jws.setKeyIdHeaderValue("not-a-key-of-auth-service");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);

        given().auth().oauth2(jws.getCompactSerialization()).get("/api/runner-jobs")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anUnsignedTokenIs401() {
        String[] parts = alice.userToken.split("\\.");
        String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        given().auth().oauth2(none).get("/api/runner-jobs").then().statusCode(401);
    }

    @Test
    void aTamperedPayloadIs401() {
        String[] parts = alice.userToken.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(alice.workspace.toString(), bob.workspace.toString());
        String tampered = parts[0] + "." + encode(payload) + "." + parts[2];
        given().auth().oauth2(tampered).get("/api/runner-jobs").then().statusCode(401);
    }

    @Test
    void aUserCannotSeeOrTouchAJobOfAnotherWorkspace() {
        String bobsJob = bob.createJob();

        alice.asUser().get("/api/runner-jobs/" + bobsJob).then().statusCode(404).contentType("application/problem+json");
        alice.asUser().get("/api/runner-jobs/" + bobsJob + "/events").then().statusCode(404);
        alice.asUser().post("/api/runner-jobs/" + bobsJob + "/cancel").then().statusCode(404);
        alice.asUser().get("/api/runner-jobs").then().statusCode(200).body("items.id", not(hasItem(bobsJob)));
        alice.asUser().queryParam("workspace", bob.workspace).get("/api/runner-jobs").then().statusCode(403);
        alice.asUser().queryParam("workspace", bob.workspace).body(Map.of("type", "render"))
                .post("/api/runner-jobs").then().statusCode(403);
        bob.asUser().get("/api/runner-jobs/" + bobsJob).then().statusCode(200).body("status", equalTo("PENDING"));
    }

    @Test
    void aUserTokenOnCoordinatorEndpointsIs403() {
        String job = alice.runningJob();
        alice.asUser().body(Map.of("progressPercent", 10)).post("/api/coordinator/jobs/" + job + "/progress")
                .then().statusCode(403).contentType("application/problem+json");
        alice.asUser().body(Map.of("result", Map.of())).post("/api/coordinator/jobs/" + job + "/complete")
                .then().statusCode(403);
        org.junit.jupiter.api.Assertions.assertEquals("RUNNING", alice.job(job).getString("status"));
    }

    @Test
    void aCoordinatorTokenOnUserEndpointsIs403() {
        String job = alice.createJob();
        alice.asCoordinator().get("/api/runner-jobs/" + job).then().statusCode(403).contentType("application/problem+json");
        alice.asCoordinator().body(Map.of("type", "render")).post("/api/runner-jobs").then().statusCode(403);
    }

    @Test
    void anAdminReadsEveryWorkspace() {
        String bobsJob = bob.createJob();
        String adminToken = JobsApi.adminToken();
        given().auth().oauth2(adminToken).get("/api/runner-jobs/" + bobsJob).then().statusCode(200);
        given().auth().oauth2(adminToken).queryParam("workspace", bob.workspace).get("/api/runner-jobs")
                .then().statusCode(200).body("items.id", hasItem(bobsJob));
    }

    private static String signUpAt(AuthServiceProcess auth) {
        return JobsApi.signUpVerified(auth.baseUrl, "variant-" + UUID.randomUUID() + "@mosaic.test",
                "correct horse battery staple", "Variant").getString("accessToken.access_token");
    }

    private static String keyId(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(header).getString("kid");
    }

    private static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
