package dev.mosaic.auth.token;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.adminSessionToken;
import static dev.mosaic.auth.AuthApi.clientCredentials;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * auth-service's own admin endpoints refuse an access token as soon as the revocation feed names it (its session
 * ended, its machine client was deleted), not at its {@code exp}, and take the caller's roles as they are now.
 */
@QuarkusTest
class AdminTokenRevocationTest {
    private static final String CLIENTS = "/api/auth/admin/service-clients";

    @Inject
    TestDatabase db;

    @Test
    void anAdminsTokenIsRefusedOnceTheirSessionEnds() {
        String session = adminSessionToken();
        String token = accessToken(session);
        listClients(token).then().statusCode(200);

        given().auth().oauth2(session).post("/api/auth/sign-out").then().statusCode(204);

        revoked(listClients(token));
        String clientId = "minted-after-sign-out-" + System.nanoTime();
        revoked(createClient(token, clientId));
        assertEquals(0, db.count("SELECT count(*) FROM service_clients WHERE client_id = $1", clientId));
    }

    @Test
    void aDeletedAdminClientsTokenIsRefusedEvenOnceTheClientIsCreatedAgain() {
        String admin = accessToken(adminSessionToken());
        String clientId = "admin-machine-" + System.nanoTime();
        String machine = clientCredentials(clientId, createClient(admin, clientId).then().statusCode(201)
                .extract().path("clientSecret")).then().statusCode(200).extract().path("access_token");
        listClients(machine).then().statusCode(200);

        given().auth().oauth2(admin).delete(CLIENTS + "/" + clientId).then().statusCode(204);
        revoked(listClients(machine));

        String secretAgain = createClient(admin, clientId).then().statusCode(201).extract().path("clientSecret");
        revoked(listClients(machine));
        // Tokens issued in the second of the deletion count as revoked (iat has whole seconds), so a new one may
        // take a second to count.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> listClients(
                clientCredentials(clientId, secretAgain).then().statusCode(200).extract().path("access_token"))
                .statusCode() == 200);
    }

    @Test
    void aPersonsAdminRoleIsReadWhenTheyCallNotWhenTheirTokenWasMinted() {
        JsonPath signedUp = signUpAndVerify(uniqueEmail("demoted-admin"), PASSWORD).then().statusCode(200)
                .extract().jsonPath();
        db.update("UPDATE users SET roles = '{admin,user}' WHERE id = $1::uuid", signedUp.getString("user.id"));
        String token = accessToken(signedUp.getString("token"));
        listClients(token).then().statusCode(200);

        db.update("UPDATE users SET roles = '{user}' WHERE id = $1::uuid", signedUp.getString("user.id"));

        listClients(token).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:forbidden"));
    }

    private static Response listClients(String accessToken) {
        return given().auth().oauth2(accessToken).get(CLIENTS);
    }

    private static Response createClient(String accessToken, String clientId) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "roles", Set.of("admin"))).post(CLIENTS);
    }

    private static void revoked(Response response) {
        response.then().statusCode(401).contentType("application/problem+json").header("WWW-Authenticate", "Bearer")
                .body("detail", startsWith("The access token has been revoked"));
    }
}
