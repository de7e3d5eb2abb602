package dev.mosaic.auth.signup;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signUp;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.Concurrently;
import dev.mosaic.auth.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignUpTest {
    @Inject
    TestDatabase db;

    @Test
    void everyNewUserGetsAPersonalWorkspaceAndAnArgon2idPassword() {
        String email = uniqueEmail("workspace");
        String userId = signUp(email, PASSWORD).then().statusCode(201).extract().path("user.id");
        assertEquals(1, db.count("SELECT count(*) FROM workspaces w JOIN workspace_members m ON m.workspace_id = w.id "
                + "WHERE w.personal AND w.owner_id = $1::uuid AND m.user_id = $1::uuid", userId));
        String hash = db.query("SELECT password_hash FROM accounts WHERE user_id = $1::uuid AND provider_id = 'credential'",
                userId).get(0).getString(0);
        assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    }

    @Test
    void aTooShortPasswordIsAClear400AndCreatesNothing() {
        String email = uniqueEmail("short");
        signUp(email, "1234567").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("password"))
                .body("detail", containsString("between 8 and 128 characters"));
        signUp(email, "x".repeat(129)).then().statusCode(400).body("errors.field", hasItem("password"));
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    @Test
    void anEmailIsTakenWhateverItsCaseAndTheSecondSignUpChangesNothing() {
        String email = uniqueEmail("taken");
        signUp(email, PASSWORD).then().statusCode(201);
        signUp(email.toUpperCase(Locale.ROOT), "another password").then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("exists already"));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE lower(email) = $1", email));
        assertEquals(1, db.count("SELECT count(*) FROM workspaces w JOIN users u ON u.id = w.owner_id "
                + "WHERE u.email = $1", email));
    }

    @Test
    void sameEmailSignUpsAtOnceCreateOnePersonAndTheOthersAre409() throws Exception {
        String email = uniqueEmail("race");
        List<Integer> statuses = Concurrently.run(4, i -> signUp(email, PASSWORD).statusCode()).stream()
                .map(Concurrently.Timed::value).sorted().toList();
        assertEquals(List.of(201, 409, 409, 409), statuses, "the unique index lets one through, the others see a taken email");
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().contentType(ContentType.JSON).body("{bad").post("/api/auth/sign-up/email")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:mosaic:problem:malformed-request"));
    }
}
