package dev.mosaic.auth.user;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.AuthApi.verifyEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jwt.SignedJWT;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.shared.auth.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MOSAIC_AUTH_ADMIN_EMAILS makes an admin only of an address its owner has verified. */
@QuarkusTest
class AdminByVerifiedEmailTest {
    /** Listed in the test profile's MOSAIC_AUTH_ADMIN_EMAILS. */
    private static final String LISTED_AT_SIGN_UP = "listed-sign-up@mosaic.test";
    private static final String LISTED_TO_VERIFY = "listed-verify@mosaic.test";

    @Inject
    TestDatabase db;

    /** The listed addresses are fixed, so a run against a kept database starts from nobody having them. */
    @BeforeEach
    void nobodyHasTheListedAddresses() {
        db.update("DELETE FROM users WHERE email = ANY($1)", (Object) new String[] {LISTED_AT_SIGN_UP, LISTED_TO_VERIFY});
    }

    @Test
    void signingUpWithAListedAddressGivesNoAdminRole() throws ParseException {
        Response signedUp = signUp(LISTED_AT_SIGN_UP, PASSWORD);
        signedUp.then().statusCode(201).body("user.roles", equalTo(List.of(Roles.USER)));
        String session = signedUp.path("token");
        given().auth().oauth2(session).get("/api/auth/get-session").then().statusCode(200)
                .body("user.roles", equalTo(List.of(Roles.USER))).body("emailVerified", equalTo(false));
        assertEquals(List.of(Roles.USER), groupsOf(signedUp.path("accessToken.access_token")));
        String accessToken = accessToken(session);
        assertEquals(List.of(Roles.USER), groupsOf(accessToken));

        String clientId = "squatter-" + System.nanoTime();
        createClient(accessToken, clientId).then().statusCode(403).contentType("application/problem+json");
        assertEquals(0, db.count("SELECT count(*) FROM service_clients WHERE client_id = $1", clientId));
    }

    @Test
    void verifyingAListedAddressThroughTheMailedLinkMakesAnAdmin() throws ParseException {
        String session = signUp(LISTED_TO_VERIFY, PASSWORD).then().statusCode(201).extract().path("token");
        verifyEmail(session, LISTED_TO_VERIFY);

        assertEquals(Set.of(Roles.USER, Roles.ADMIN), Set.copyOf(groupsOf(accessToken(session))),
                "the next token of the same session");
        Response signedIn = signIn(LISTED_TO_VERIFY, PASSWORD, uniqueAddress());
        signedIn.then().statusCode(200).body("user.roles", containsInAnyOrder(Roles.USER, Roles.ADMIN));
        String fresh = signedIn.path("accessToken.access_token");
        assertEquals(Set.of(Roles.USER, Roles.ADMIN), Set.copyOf(groupsOf(fresh)), "a fresh sign-in");
        createClient(fresh, "verified-admins-" + System.nanoTime()).then().statusCode(201);
    }

    @Test
    void anUnlistedAddressStaysAUserAfterVerification() throws ParseException {
        String email = uniqueEmail("unlisted");
        String session = signUp(email, PASSWORD).then().statusCode(201).extract().path("token");
        verifyEmail(session, email);

        given().auth().oauth2(session).get("/api/auth/get-session").then().statusCode(200)
                .body("emailVerified", equalTo(true)).body("user.roles", equalTo(List.of(Roles.USER)));
        String accessToken = accessToken(session);
        assertEquals(List.of(Roles.USER), groupsOf(accessToken));
        createClient(accessToken, "unlisted-" + System.nanoTime()).then().statusCode(403);
    }

    @Test
    void migrationV4TakesAdminBackFromAnAddressNobodyVerified() throws IOException {
        String squatted = signUp(uniqueEmail("squatted"), PASSWORD).then().statusCode(201).extract().path("user.id");
        db.update("UPDATE users SET roles = '{user,admin}' WHERE id = $1::uuid", squatted);
        String verified = signUp(uniqueEmail("verified-admin"), PASSWORD).then().statusCode(201).extract().path("user.id");
        db.update("UPDATE users SET roles = '{user,admin}', email_verified = true WHERE id = $1::uuid", verified);

        try (InputStream migration = getClass().getResourceAsStream("/db/migration/V4__admin_only_by_verified_email.sql")) {
            db.update(new String(migration.readAllBytes(), StandardCharsets.UTF_8));
        }

        assertEquals(List.of(Roles.USER), rolesOf(squatted));
        assertEquals(List.of(Roles.USER, Roles.ADMIN), rolesOf(verified));
    }

    private List<String> rolesOf(String userId) {
        return List.of(db.query("SELECT roles FROM users WHERE id = $1::uuid", userId).get(0).getArrayOfStrings(0));
    }

    private static Response createClient(String accessToken, String clientId) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("clientId", clientId, "roles", Set.of(Roles.ADMIN)))
                .post("/api/auth/admin/service-clients");
    }

    private static List<String> groupsOf(String jwt) throws ParseException {
        return SignedJWT.parse(jwt).getJWTClaimsSet().getStringListClaim("groups");
    }
}
