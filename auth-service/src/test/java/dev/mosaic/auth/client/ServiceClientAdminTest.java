package dev.mosaic.auth.client;

import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.adminSessionToken;
import static dev.mosaic.auth.AuthApi.clientCredentials;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admins list, delete and rotate machine clients. The test profile's grace for a rotated secret is 5 s. */
@QuarkusTest
class ServiceClientAdminTest {
    private static final String CLIENTS = "/api/auth/admin/service-clients";
    private static final Duration GRACE = Duration.ofSeconds(5);

    @Inject
    TestDatabase db;

    private String admin;

    @BeforeEach
    void signInTheAdmin() {
        admin = accessToken(adminSessionToken());
    }

    private record Created(String clientId, String secret) {
    }

    private Created createClient(String prefix) {
        String clientId = prefix + "-" + System.nanoTime();
        String secret = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "name", "Runner " + prefix, "roles", Set.of("coordinator")))
                .post(CLIENTS).then().statusCode(201).extract().path("clientSecret");
        return new Created(clientId, secret);
    }

    @Test
    void theListShowsEveryClientWithoutAnySecret() {
        Created created = createClient("listed");
        Response listed = given().auth().oauth2(admin).get(CLIENTS);
        listed.then().statusCode(200).contentType(ContentType.JSON);

        List<Map<String, Object>> entries = listed.jsonPath().getList("$");
        for (Map<String, Object> each : entries) {
            assertEquals(Set.of("clientId", "name", "roles", "createdAt", "configured"), each.keySet(),
                    "nothing secret, no hash");
        }
        Map<String, Object> entry = listed.jsonPath().getMap("find { it.clientId == '" + created.clientId() + "' }");
        assertEquals("Runner listed", entry.get("name"));
        assertEquals(List.of("coordinator"), entry.get("roles"));
        assertEquals(false, entry.get("configured"));
        assertTrue(Instant.parse((String) entry.get("createdAt")).isAfter(Instant.now().minus(Duration.ofMinutes(1))));
        assertEquals(true, listed.jsonPath().get("find { it.clientId == 'coordinator' }.configured"));
        assertFalse(listed.asString().contains(created.secret()), "never the secret");
    }

    @Test
    void aDeletedClientNoLongerGetsTokensNorIsListed() {
        Created created = createClient("deleted");
        clientCredentials(created.clientId(), created.secret()).then().statusCode(200);

        given().auth().oauth2(admin).delete(CLIENTS + "/" + created.clientId()).then().statusCode(204);

        clientCredentials(created.clientId(), created.secret()).then().statusCode(401).contentType(ContentType.JSON)
                .body("error", equalTo("invalid_client"));
        given().auth().oauth2(admin).get(CLIENTS).then().statusCode(200)
                .body("clientId", not(hasItem(created.clientId())));
        given().auth().oauth2(admin).delete(CLIENTS + "/" + created.clientId()).then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("urn:mosaic:problem:not-found"));
    }

    @Test
    void aRotatedSecretReplacesTheOldOneWhichWorksOnlyForTheGracePeriod() {
        Created created = createClient("rotated");
        Response rotation = given().auth().oauth2(admin).post(CLIENTS + "/" + created.clientId() + "/rotate-secret");
        Instant rotatedAt = Instant.now();
        rotation.then().statusCode(200).header("Cache-Control", "no-store")
                .body("clientId", equalTo(created.clientId()));
        String newSecret = rotation.path("clientSecret");
        assertNotEquals(created.secret(), newSecret);
        Instant previousExpiresAt = Instant.parse(rotation.path("previousSecretExpiresAt"));
        assertTrue(Duration.between(rotatedAt, previousExpiresAt).abs().compareTo(GRACE.plusSeconds(2)) < 0,
                "the old secret's grace ends about " + GRACE + " after the rotation: " + previousExpiresAt);
        Row stored = db.query("SELECT secret_hash, previous_secret_hash FROM service_clients WHERE client_id = $1",
                created.clientId()).get(0);
        assertArrayEquals(Sha256.of(newSecret), stored.getBuffer("secret_hash").getBytes());
        assertArrayEquals(Sha256.of(created.secret()), stored.getBuffer("previous_secret_hash").getBytes());

        clientCredentials(created.clientId(), newSecret).then().statusCode(200);
        clientCredentials(created.clientId(), created.secret()).then().statusCode(200);

        await().atMost(GRACE.multipliedBy(4)).pollInterval(Duration.ofMillis(250))
                .until(() -> clientCredentials(created.clientId(), created.secret()).statusCode() == 401);
        assertTrue(Instant.now().isAfter(previousExpiresAt), "refused only once the grace is over");
        clientCredentials(created.clientId(), created.secret()).then().statusCode(401)
                .body("error", equalTo("invalid_client"));
        clientCredentials(created.clientId(), newSecret).then().statusCode(200);
    }

    @Test
    void aSecondRotationEndsTheFirstOldSecretAtOnce() {
        Created created = createClient("twice");
        String second = rotate(created.clientId());
        String third = rotate(created.clientId());
        clientCredentials(created.clientId(), created.secret()).then().statusCode(401);
        clientCredentials(created.clientId(), second).then().statusCode(200);
        clientCredentials(created.clientId(), third).then().statusCode(200);
    }

    @Test
    void aConfiguredClientIsNeitherDeletedNorRotatedHere() {
        given().auth().oauth2(admin).delete(CLIENTS + "/coordinator").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("configuration"));
        given().auth().oauth2(admin).post(CLIENTS + "/coordinator/rotate-secret").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("configuration"));
        clientCredentials("coordinator", ClientCredentialsTest.COORDINATOR_SECRET).then().statusCode(200);
    }

    @Test
    void rotatingAnUnknownClientIs404() {
        given().auth().oauth2(admin).post(CLIENTS + "/nobody-" + System.nanoTime() + "/rotate-secret")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aClientIdShapedLikeAUserIdIsRefused() {
        String userIdShaped = UUID.randomUUID().toString();
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", userIdShaped, "roles", Set.of("coordinator")))
                .post(CLIENTS).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:validation-failed"))
                .body("errors[0].field", equalTo("clientId"));
        assertEquals(0, db.count("SELECT count(*) FROM service_clients WHERE client_id = $1", userIdShaped));
    }

    @Test
    void onlyAnAdminListsDeletesOrRotates() {
        Created created = createClient("guarded");
        String user = accessToken(signedUpSessionToken(uniqueEmail("not-admin")));
        String coordinator = clientCredentials("coordinator", ClientCredentialsTest.COORDINATOR_SECRET)
                .then().statusCode(200).extract().path("access_token");
        for (String notAdmin : List.of(user, coordinator)) {
            given().auth().oauth2(notAdmin).get(CLIENTS).then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(notAdmin).delete(CLIENTS + "/" + created.clientId()).then().statusCode(403)
                    .contentType("application/problem+json");
            given().auth().oauth2(notAdmin).post(CLIENTS + "/" + created.clientId() + "/rotate-secret")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().get(CLIENTS).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"));
        given().delete(CLIENTS + "/" + created.clientId()).then().statusCode(401);
        given().post(CLIENTS + "/" + created.clientId() + "/rotate-secret").then().statusCode(401);

        clientCredentials(created.clientId(), created.secret()).then().statusCode(200);
        assertEquals(1, db.count("SELECT count(*) FROM service_clients WHERE client_id = $1 "
                + "AND previous_secret_hash IS NULL", created.clientId()), "neither deleted nor rotated");
    }

    private String rotate(String clientId) {
        return given().auth().oauth2(admin).post(CLIENTS + "/" + clientId + "/rotate-secret")
                .then().statusCode(200).extract().path("clientSecret");
    }
}
