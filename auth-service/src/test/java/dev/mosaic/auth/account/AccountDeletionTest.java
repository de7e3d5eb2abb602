package dev.mosaic.auth.account;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.account.People.post;
import static dev.mosaic.auth.account.People.sessionRevocations;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.account.People.Person;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * delete-user: the password (or, without one, a recent sign-in) is required; everything of the person goes and
 * every token of theirs is revoked through the feed; a shared workspace is never left without an owner.
 */
@QuarkusTest
class AccountDeletionTest {
    @Inject
    TestDatabase db;

    /** A shared (team) workspace with these members and roles; like every team workspace, it has no {@code owner_id}. */
    private String sharedWorkspace(String name, Map<String, String> roleByUserId) {
        String id = UUID.randomUUID().toString();
        db.update("INSERT INTO workspaces (id, name, personal, owner_id, created_at) VALUES ($1::uuid, $2, false, NULL, now())",
                id, name);
        roleByUserId.forEach((userId, role) -> db.update("INSERT INTO workspace_members (id, workspace_id, user_id, role, "
                + "created_at) VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3, now())", id, userId, role));
        return id;
    }

    private long rowsOf(String userId) {
        return db.count("SELECT (SELECT count(*) FROM users WHERE id = $1::uuid) + (SELECT count(*) FROM accounts WHERE "
                + "user_id = $1::uuid) + (SELECT count(*) FROM sessions WHERE user_id = $1::uuid) + (SELECT count(*) FROM "
                + "workspace_members WHERE user_id = $1::uuid) + (SELECT count(*) FROM workspaces WHERE owner_id = $1::uuid) "
                + "+ (SELECT count(*) FROM verifications WHERE identifier = $1::uuid::text)", userId);
    }

    private boolean workspaceExists(String id) {
        return db.count("SELECT count(*) FROM workspaces WHERE id = $1::uuid", id) == 1;
    }

    @Test
    void deletingTakesEverythingOfThePersonAndRevokesEveryToken() {
        Person here = People.signUp(db, uniqueEmail("delete"));
        Person elsewhere = People.signInAgain(db, here, PASSWORD);
        People.linkIdentity(db, here.userId(), "acme", "sub-" + here.userId());
        given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", here.email())).post("/api/auth/request-password-reset").then().statusCode(202);
        org.awaitility.Awaitility.await().until(() -> db.count("SELECT count(*) FROM verifications WHERE identifier = $1",
                here.userId()) == 1);

        post(here, "delete-user", Map.of("password", PASSWORD)).then().statusCode(204)
                .header("Set-Cookie", containsString("mosaic_session=;"));

        assertEquals(0, rowsOf(here.userId()), "user, accounts, sessions, memberships, workspaces, links: all gone");
        assertEquals(1, sessionRevocations(db, here.sessionId()));
        assertEquals(1, sessionRevocations(db, elsewhere.sessionId()));
        given().auth().oauth2(here.sessionToken()).get("/api/auth/get-session").then().statusCode(401);
        given().auth().oauth2(elsewhere.sessionToken()).get("/api/auth/token").then().statusCode(401);
        signIn(here.email(), PASSWORD, uniqueAddress()).then().statusCode(401);
    }

    @Test
    void withoutTheRightPasswordNothingIsDeleted() {
        Person here = People.signUp(db, uniqueEmail("delete-wrong"));
        long before = rowsOf(here.userId());

        post(here, "delete-user", Map.of("password", "not the password")).then().statusCode(403)
                .contentType("application/problem+json");
        post(here, "delete-user", Map.of()).then().statusCode(403).contentType("application/problem+json");
        post(here, "delete-user", Map.of("password", "x".repeat(129))).then().statusCode(400)
                .contentType("application/problem+json");
        given().auth().oauth2(here.sessionToken()).contentType(ContentType.JSON).body("[]").post("/api/auth/delete-user")
                .then().statusCode(400).contentType("application/problem+json");

        assertEquals(before, rowsOf(here.userId()));
        assertEquals(0, sessionRevocations(db, here.sessionId()));
        given().auth().oauth2(here.sessionToken()).get("/api/auth/get-session").then().statusCode(200);
    }

    @Test
    void withoutAPasswordOnlyARecentSignInDeletes() {
        Person here = People.signUp(db, uniqueEmail("delete-sso"));
        People.linkIdentity(db, here.userId(), "acme", "sub-" + here.userId());
        db.update("DELETE FROM accounts WHERE user_id = $1::uuid AND provider_id = 'credential'", here.userId());
        db.update("UPDATE sessions SET created_at = now() - interval '11 minutes' WHERE id = $1::uuid", here.sessionId());

        post(here, "delete-user", Map.of()).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Sign in again"));
        assertEquals(1, db.count("SELECT count(*) FROM users WHERE id = $1::uuid", here.userId()));

        db.update("UPDATE sessions SET created_at = now() - interval '9 minutes' WHERE id = $1::uuid", here.sessionId());
        post(here, "delete-user", Map.of()).then().statusCode(204);
        assertEquals(0, rowsOf(here.userId()));
    }

    @Test
    void theOnlyOwnerOfAWorkspaceWithOtherMembersIsRefusedByName() {
        Person owner = People.signUp(db, uniqueEmail("sole-owner"));
        Person member = People.signUp(db, uniqueEmail("member"));
        String team = sharedWorkspace("Render farm", Map.of(owner.userId(), "owner",
                member.userId(), "member"));
        long before = rowsOf(owner.userId());

        var problem = post(owner, "delete-user", Map.of("password", PASSWORD)).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("'Render farm'"))
                .extract().jsonPath();
        assertEquals(List.of(Map.of("id", team, "name", "Render farm")), problem.getList("workspaces"));

        assertEquals(before, rowsOf(owner.userId()), "nothing changed");
        assertEquals(2, db.count("SELECT count(*) FROM workspace_members WHERE workspace_id = $1::uuid", team));
        given().auth().oauth2(owner.sessionToken()).get("/api/auth/get-session").then().statusCode(200);
    }

    @Test
    void sharedWorkspacesAreDeletedWhenTheirOnlyMemberGoesAndStayWithTheirOtherMembersOtherwise() {
        Person leaving = People.signUp(db, uniqueEmail("leaving"));
        Person staying = People.signUp(db, uniqueEmail("staying"));
        String alone = sharedWorkspace("Alone", Map.of(leaving.userId(), "owner"));
        String coOwned = sharedWorkspace("Co-owned", Map.of(leaving.userId(), "owner",
                staying.userId(), "owner"));
        String joined = sharedWorkspace("Joined", Map.of(staying.userId(), "owner",
                leaving.userId(), "admin"));
        String personal = db.query("SELECT id::text FROM workspaces WHERE owner_id = $1::uuid AND personal",
                leaving.userId()).get(0).getString(0);

        post(leaving, "delete-user", Map.of("password", PASSWORD)).then().statusCode(204);

        assertEquals(false, workspaceExists(alone));
        assertEquals(false, workspaceExists(personal));
        assertEquals(true, workspaceExists(coOwned));
        assertEquals(true, workspaceExists(joined));
        assertEquals(1, db.count("SELECT count(*) FROM workspace_members WHERE workspace_id = $1::uuid AND user_id = "
                + "$2::uuid AND role = 'owner'", coOwned, staying.userId()));
        assertEquals(1, db.count("SELECT count(*) FROM workspace_members WHERE workspace_id = $1::uuid", coOwned));
        assertEquals(0, rowsOf(leaving.userId()));
        given().auth().oauth2(staying.sessionToken()).get("/api/auth/get-session").then().statusCode(200)
                .body("user.email", equalTo(staying.email()));
    }
}
