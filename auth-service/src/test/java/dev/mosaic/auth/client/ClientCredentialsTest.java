package dev.mosaic.auth.client;

import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.adminSessionToken;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jwt.SignedJWT;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClientCredentialsTest {
    /** The coordinator configured in the test profile, as MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET would be. */
    static final String COORDINATOR_SECRET = "test-coordinator-secret-0123456789abcdef";

    @Inject
    TestDatabase db;

    @Test
    void theConfiguredCoordinatorGetsATokenWithTheCoordinatorRoleByBasicAuth() throws Exception {
        String jwt = given().auth().preemptive().basic("coordinator", COORDINATOR_SECRET)
                .formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth2/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
                .extract().path("access_token");
        var claims = SignedJWT.parse(jwt).getJWTClaimsSet();
        assertEquals("coordinator", claims.getSubject());
        assertEquals(List.of("coordinator"), claims.getStringListClaim("groups"));
        assertNull(claims.getClaim("email"));
    }

    @Test
    void clientCredentialsInTheFormWorkToo() {
        given().formParam("grant_type", "client_credentials").formParam("client_id", "coordinator")
                .formParam("client_secret", COORDINATOR_SECRET)
                .post("/api/auth/oauth2/token").then().statusCode(200).body("access_token", notNullValue());
    }

    @Test
    void aWrongSecretIs401InOAuthsErrorFormat() {
        given().auth().preemptive().basic("coordinator", "wrong-secret")
                .formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth2/token")
                .then().statusCode(401).contentType(ContentType.JSON)
                .header("WWW-Authenticate", equalTo("Basic realm=\"mosaic\""))
                .body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "client_credentials").formParam("client_id", "nobody")
                .formParam("client_secret", "whatever")
                .post("/api/auth/oauth2/token").then().statusCode(401).body("error", equalTo("invalid_client"));
    }

    @Test
    void anotherGrantTypeIsUnsupported() {
        given().formParam("grant_type", "password").post("/api/auth/oauth2/token")
                .then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
    }

    @Test
    void theConfiguredSecretIsStoredOnlyAsItsHash() {
        byte[] stored = db.query("SELECT secret_hash FROM service_clients WHERE client_id = 'coordinator'")
                .get(0).getBuffer(0).getBytes();
        assertArrayEquals(Sha256.of(COORDINATOR_SECRET), stored);
    }

    @Test
    void anAdminCreatesAClientWhoseSecretIsShownOnceAndWorks() {
        String admin = accessToken(adminSessionToken());
        String clientId = "runner-" + System.nanoTime();
        String secret = given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "name", "A runner", "roles", Set.of("coordinator")))
                .post("/api/auth/admin/service-clients")
                .then().statusCode(201).body("roles", hasItem("coordinator")).extract().path("clientSecret");
        given().auth().preemptive().basic(clientId, secret).formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth2/token").then().statusCode(200);

        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "roles", Set.of("coordinator")))
                .post("/api/auth/admin/service-clients")
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body(Map.of("clientId", "wizard-" + System.nanoTime(), "roles", Set.of("wizard")))
                .post("/api/auth/admin/service-clients")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aPersonWithoutTheAdminRoleCannotCreateClients() {
        String clientId = "sneaky-" + System.nanoTime();
        given().auth().oauth2(accessToken(signedUpSessionToken(uniqueEmail("plain")))).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "roles", Set.of("admin")))
                .post("/api/auth/admin/service-clients")
                .then().statusCode(403).contentType("application/problem+json");
        assertEquals(0, db.count("SELECT count(*) FROM service_clients WHERE client_id = $1", clientId));
    }
}
