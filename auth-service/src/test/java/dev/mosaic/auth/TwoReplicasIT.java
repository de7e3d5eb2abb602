package dev.mosaic.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import dev.mosaic.deploy.testing.MockMailLog;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged auth-service processes, started at the same moment on one fresh database, as two
 * replicas would be: they agree on one signing key, and a token of either verifies against the
 * JWKS of either. The coordinator comes from an environment variable, as in production.
 */
class TwoReplicasIT {
    private static final String COORDINATOR_SECRET = "it-coordinator-secret-0123456789abcdef";
    private static EmbeddedPostgresServer postgres;
    private static Process first;
    private static Process second;
    private static String firstUrl;
    private static String secondUrl;

    @BeforeAll
    static void startTwoReplicasAtOnce() throws IOException {
        postgres = EmbeddedPostgresServer.start(0, null, Map.of("fsync", "off"));
        postgres.createDatabase("mosaic_auth");
        int firstPort = freePort();
        int secondPort = freePort();
        first = launch(firstPort, "first", Map.of());
        // As compose passes it when deploy/ops/.env leaves it blank: must trust no proxy, like the unset first replica.
        second = launch(secondPort, "second", Map.of("MOSAIC_AUTH_TRUSTED_PROXIES", ""));
        firstUrl = "http://localhost:" + firstPort;
        secondUrl = "http://localhost:" + secondPort;
        for (String url : List.of(firstUrl, secondUrl)) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> given().get(url + "/q/health/ready").statusCode() == 200);
        }
    }

    @AfterAll
    static void stop() {
        for (Process replica : new Process[] {first, second}) {
            if (replica != null) {
                replica.destroy();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void bothReplicasPublishTheSameSingleSigningKey() throws Exception {
        JWKSet ofFirst = jwksOf(firstUrl);
        assertEquals(1, ofFirst.getKeys().size(), "two replicas starting at once made one key");
        assertEquals(ofFirst.toString(), jwksOf(secondUrl).toString());
    }

    @Test
    void tokensOfEitherReplicaVerifyAgainstEithersJwks() throws Exception {
        String email = "replica-" + System.nanoTime() + "@mosaic.test";
        String session = signUpAndConfirm(email, "Replica Person");
        String userTokenFromSecond = given().auth().oauth2(session).get(secondUrl + "/api/auth/token")
                .then().statusCode(200).extract().path("access_token");
        String coordinatorTokenFromFirst = given().auth().preemptive().basic("coordinator", COORDINATOR_SECRET)
                .formParam("grant_type", "client_credentials").post(firstUrl + "/api/auth/oauth2/token")
                .then().statusCode(200).extract().path("access_token");

        for (String jwksUrl : List.of(firstUrl, secondUrl)) {
            assertEquals(email, verifier(jwksUrl).process(userTokenFromSecond, null).getStringClaim("email"));
            assertEquals(List.of("coordinator"),
                    verifier(jwksUrl).process(coordinatorTokenFromFirst, null).getStringListClaim("groups"));
        }
    }

    @Test
    void withNoTrustedProxyConfiguredAForwardedHeaderIsIgnored() {
        String email = "direct-" + System.nanoTime() + "@mosaic.test";
        signUpAndConfirm(email, "Direct Person");
        String forged = "198.51.100.77";
        for (String url : List.of(firstUrl, secondUrl)) {
            String session = given().contentType(ContentType.JSON).header("X-Forwarded-For", forged)
                    .body(Map.of("email", email, "password", AuthApi.PASSWORD))
                    .post(url + "/api/auth/sign-in/email").then().statusCode(200).extract().path("token");
            String recorded = given().auth().oauth2(session).get(url + "/api/auth/list-sessions").then().statusCode(200)
                    .extract().path("find { it.current }.ipAddress");
            assertNotEquals(forged, recorded, url + " took the client address from a header nobody vouches for");
        }
    }

    @Test
    void aShortKeyEncryptionSecretStopsTheStartAndSaysWhichVariable() throws Exception {
        Process refused = launch(freePort(), "short-secret", Map.of("MOSAIC_AUTH_KEY_ENCRYPTION_SECRET", "too-short"));
        try {
            assertTrue(refused.waitFor(90, TimeUnit.SECONDS), "a replica with a 9-character secret must not run");
            assertNotEquals(0, refused.exitValue());
            String log = Files.readString(logOf("short-secret"));
            assertTrue(log.contains("MOSAIC_AUTH_KEY_ENCRYPTION_SECRET) must be at least 16 characters long"), log);
            assertFalse(log.contains("too-short"), "the refused secret itself must not be logged");
        } finally {
            refused.destroyForcibly();
        }
    }

    /**
     * Signs up at the first replica and opens the mailed link at the second (its mailer is a mock that writes
     * the mail to its log): the session token of the confirmed person.
     */
    private static String signUpAndConfirm(String email, String name) {
        given().contentType(ContentType.JSON).body(Map.of("email", email, "password", AuthApi.PASSWORD, "name", name))
                .post(firstUrl + "/api/auth/sign-up/email").then().statusCode(202);
        String token = await().atMost(Duration.ofSeconds(10)).until(() -> MockMailLog.lastToken(logOf("first"), email),
                Optional::isPresent).orElseThrow();
        return given().contentType(ContentType.JSON).body(Map.of("token", token, "password", AuthApi.PASSWORD))
                .post(secondUrl + "/api/auth/verify-email").then().statusCode(200).extract().path("token");
    }

    private static Process launch(int port, String name, Map<String, String> moreEnvironment) throws IOException {
        String jar = System.getProperty("quarkus.app.jar");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar)
                .redirectErrorStream(true)
                .redirectOutput(logOf(name).toFile());
        Map<String, String> env = builder.environment();
        env.put("MOSAIC_HTTP_PORT", Integer.toString(port));
        env.put("MOSAIC_DB_HOST", "localhost");
        env.put("MOSAIC_DB_PORT", Integer.toString(postgres.port()));
        env.put("MOSAIC_DB_NAME", "mosaic_auth");
        env.put("MOSAIC_DB_USER", EmbeddedPostgresServer.USER);
        env.put("MOSAIC_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        env.put("MOSAIC_AUTH_KEY_ENCRYPTION_SECRET", "it-key-encryption-secret-0123456789");
        env.put("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET", COORDINATOR_SECRET);
        env.put("QUARKUS_MAILER_MOCK", "true");
        env.putAll(moreEnvironment);
        return builder.start();
    }

    private static Path logOf(String name) {
        return Path.of(System.getProperty("quarkus.app.jar")).getParent().getParent().resolve("replica-" + name + ".log");
    }

    private static JWKSet jwksOf(String baseUrl) throws Exception {
        return JWKSet.parse(given().get(baseUrl + "/api/auth/jwks").then().statusCode(200).extract().asString());
    }

    private static DefaultJWTProcessor<SecurityContext> verifier(String baseUrl) throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(jwksOf(baseUrl))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>("mosaic",
                new JWTClaimsSet.Builder().issuer("http://localhost:8081").build(), Set.of("sub", "exp", "jti")));
        return processor;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
