package dev.mosaic.auth.user;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
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
    void signingUpWithAListedAddressGivesNoAdminRole() {
        signUp(LISTED_AT_SIGN_UP, PASSWORD).then().statusCode(202).body("$", not(hasKey("user")));
        String userId = db.userId(LISTED_AT_SIGN_UP);
        assertEquals(List.of(Roles.USER), rolesOf(userId));
        signIn(LISTED_AT_SIGN_UP, PASSWORD, uniqueAddress()).then().statusCode(403)
                .body("type", equalTo("urn:mosaic:problem:email-not-verified"));
        assertEquals(0, db.count("SELECT count(*) FROM sessions WHERE user_id = $1::uuid", userId),
                "no session, so no token that could carry a role");
    }

    @Test
    void verifyingAListedAddressThroughTheMailedLinkMakesAnAdmin() throws ParseException {
        Response confirmed = signUpAndVerify(LISTED_TO_VERIFY, PASSWORD);
        confirmed.then().statusCode(200).body("user.roles", containsInAnyOrder(Roles.USER, Roles.ADMIN));
        assertEquals(Set.of(Roles.USER, Roles.ADMIN), Set.copyOf(groupsOf(confirmed.path("accessToken.access_token"))),
                "the token of the session the confirmation opened");
        Response signedIn = signIn(LISTED_TO_VERIFY, PASSWORD, uniqueAddress());
        signedIn.then().statusCode(200).body("user.roles", containsInAnyOrder(Roles.USER, Roles.ADMIN));
        String fresh = signedIn.path("accessToken.access_token");
        assertEquals(Set.of(Roles.USER, Roles.ADMIN), Set.copyOf(groupsOf(fresh)), "a fresh sign-in");
        createClient(fresh, "verified-admins-" + System.nanoTime()).then().statusCode(201);
    }

    @Test
    void anUnlistedAddressStaysAUserAfterVerification() throws ParseException {
        String email = uniqueEmail("unlisted");
        String session = signUpAndVerify(email, PASSWORD).then().statusCode(200).extract().path("token");

        given().auth().oauth2(session).get("/api/auth/get-session").then().statusCode(200)
                .body("emailVerified", equalTo(true)).body("user.roles", equalTo(List.of(Roles.USER)));
        String accessToken = accessToken(session);
        assertEquals(List.of(Roles.USER), groupsOf(accessToken));
        createClient(accessToken, "unlisted-" + System.nanoTime()).then().statusCode(403);
    }

    @Test
    void migrationV4TakesAdminBackFromAnAddressNobodyVerified() throws IOException {
        String squattedEmail = uniqueEmail("squatted");
        signUp(squattedEmail, PASSWORD).then().statusCode(202);
        String squatted = db.userId(squattedEmail);
        db.update("UPDATE users SET roles = '{user,admin}' WHERE id = $1::uuid", squatted);
        String verified = signUpAndVerify(uniqueEmail("verified-admin"), PASSWORD).then().statusCode(200)
                .extract().path("user.id");
        db.update("UPDATE users SET roles = '{user,admin}' WHERE id = $1::uuid", verified);

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
