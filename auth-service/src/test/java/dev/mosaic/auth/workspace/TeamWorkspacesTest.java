package dev.mosaic.auth.workspace;

import static dev.mosaic.auth.workspace.Teams.PROBLEM;
import static dev.mosaic.auth.workspace.Teams.refused;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.Concurrently;
import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.workspace.Teams.Person;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Team workspaces: who may do what to whom, and that a workspace never loses its last owner, even under races. */
@QuarkusTest
class TeamWorkspacesTest {
    @Inject
    TestDatabase db;

    @Test
    void theCreatorOwnsATeamWorkspaceListedBesideThePersonalOneAndCarriedByTheirTokens() {
        Person ada = Person.signUp("creator");
        String team = ada.createTeam("  Render farm ");

        List<Map<String, Object>> mine = ada.call().get("/api/auth/workspace/list").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertEquals(2, mine.size(), mine.toString());
        assertEquals(Map.of("personal", true, "role", "owner"), Map.of("personal", mine.get(0).get("personal"),
                "role", mine.get(0).get("role")), "the personal workspace first");
        assertEquals(Map.of("id", team, "name", "Render farm", "personal", false, "role", "owner"),
                Map.of("id", mine.get(1).get("id"), "name", mine.get(1).get("name"), "personal", mine.get(1).get("personal"),
                        "role", mine.get(1).get("role")));
        assertTrue(ada.tokenWorkspaces().contains(team), "the next token carries the new workspace");

        ada.post("update", Map.of("workspaceId", team, "name", "Render farm 2")).then().statusCode(200)
                .body("name", equalTo("Render farm 2")).body("role", equalTo("owner"));
        ada.post("create", Map.of("name", " ")).then().statusCode(400).contentType(PROBLEM);
        ada.post("create", Map.of("name", "x".repeat(101))).then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void rolesDecideWhoMayRenameInviteChangeRolesAndRemove() {
        Person owner = Person.signUp("owner");
        Person admin = Person.signUp("admin");
        Person member = Person.signUp("member");
        Person other = Person.signUp("other");
        String team = owner.createTeam("Roles");
        owner.bringIn(team, admin, "admin");
        owner.bringIn(team, member, "member");
        assertEquals(Map.of(owner.email(), "owner", admin.email(), "admin", member.email(), "member"), member.roles(team),
                "every member sees the members");

        // A member manages nothing.
        refused(403, "forbidden", member.post("update", Map.of("workspaceId", team, "name", "Mine now")));
        refused(403, "forbidden", member.invite(team, other.email(), "member"));
        refused(403, "forbidden", member.changeRole(team, member, "admin"));
        refused(403, "forbidden", member.remove(team, admin));
        refused(403, "forbidden", member.call().queryParam("workspaceId", team).get("/api/auth/workspace/list-invitations"));
        // An admin manages members and admins, never owners.
        refused(403, "forbidden", admin.invite(team, other.email(), "owner"));
        refused(403, "forbidden", admin.changeRole(team, member, "owner"));
        refused(403, "forbidden", admin.changeRole(team, owner, "member"));
        refused(403, "forbidden", admin.remove(team, owner));
        // Someone outside does not learn the workspace exists.
        refused(404, "not-found", other.post("update", Map.of("workspaceId", team, "name", "Taken")));
        refused(404, "not-found", other.call().queryParam("workspaceId", team).get("/api/auth/workspace/list-members"));
        assertEquals(Map.of(owner.email(), "owner", admin.email(), "admin", member.email(), "member"), owner.roles(team),
                "refusals changed nothing");
        db.query("SELECT name FROM workspaces WHERE id = $1::uuid", team).forEach(row -> assertEquals("Roles", row.getString(0)));

        admin.post("update", Map.of("workspaceId", team, "name", "Renamed by admin")).then().statusCode(200);
        admin.changeRole(team, member, "admin").then().statusCode(200).body("role", equalTo("admin"));
        admin.changeRole(team, member, "member").then().statusCode(200).body("role", equalTo("member"));
        admin.remove(team, member).then().statusCode(204);
        assertFalse(member.tokenWorkspaces().contains(team), "a removed member's next token lacks the workspace");
        refused(404, "not-found", member.call().queryParam("workspaceId", team).get("/api/auth/workspace/list-members"));

        owner.changeRole(team, admin, "owner").then().statusCode(200).body("role", equalTo("owner"));
        admin.remove(team, owner).then().statusCode(204);
        assertEquals(Map.of(admin.email(), "owner"), admin.roles(team), "an owner may remove another owner");
    }

    @Test
    void theLastOwnerCanNeitherLeaveNorBeDemotedNorRemoved() {
        Person owner = Person.signUp("last-owner");
        Person admin = Person.signUp("last-owner-admin");
        String team = owner.createTeam("One owner");
        owner.bringIn(team, admin, "admin");

        refused(409, "last-owner", owner.leave(team));
        refused(409, "last-owner", owner.changeRole(team, owner, "admin"));
        refused(409, "last-owner", owner.remove(team, owner));
        assertEquals(Map.of(owner.email(), "owner", admin.email(), "admin"), owner.roles(team));

        admin.leave(team).then().statusCode(204);
        assertFalse(admin.tokenWorkspaces().contains(team));
        owner.bringIn(team, admin, "owner");
        owner.leave(team).then().statusCode(204);
        assertEquals(Map.of(admin.email(), "owner"), admin.roles(team), "with another owner, leaving is fine");
    }

    @Test
    void aPersonalWorkspaceKeepsItsOneMember() {
        Person ada = Person.signUp("personal");
        Person bob = Person.signUp("personal-guest");
        String personal = ada.call().get("/api/auth/workspace/list").then().statusCode(200).body("$", hasSize(1))
                .extract().path("[0].id");

        refused(409, "conflict", ada.invite(personal, bob.email(), "member"));
        refused(409, "conflict", ada.leave(personal));
        refused(409, "conflict", ada.changeRole(personal, ada, "admin"));
        assertEquals(0, db.count("SELECT count(*) FROM workspace_invitations WHERE workspace_id = $1::uuid", personal));
        ada.post("update", Map.of("workspaceId", personal, "name", "Ada's desk")).then().statusCode(200)
                .body("personal", equalTo(true));
    }

    /**
     * Two owners demote each other at the same moment, many times over: each workspace ends with exactly one owner,
     * because the second writer waits for the first's lock on the workspace and then finds itself no longer owner.
     */
    @Test
    void twoOwnersDemotingEachOtherAtOnceNeverLeaveTheWorkspaceWithoutAnOwner() throws Exception {
        Person ada = Person.signUp("race-a");
        for (int round = 0; round < 10; round++) {
            Person bob = Person.signUp("race-b"); // a new invitee each round: invitations to one address are limited
            String team = ada.createTeam("Race " + round);
            ada.bringIn(team, bob, "owner");
            List<Concurrently.Timed<Response>> answers = Concurrently.run(2, i -> i == 0
                    ? ada.changeRole(team, bob, "admin") : bob.changeRole(team, ada, "admin"));
            List<Integer> statuses = answers.stream().map(answer -> answer.value().statusCode()).sorted().toList();
            assertEquals(List.of(200, 403), statuses, "round " + round + ": one wins, the other is no owner any more: "
                    + answers.stream().map(answer -> answer.value().asString()).toList());
            assertEquals(1, db.count("SELECT count(*) FROM workspace_members WHERE workspace_id = $1::uuid "
                    + "AND role = 'owner'", team), "round " + round + ": one owner left");
        }
    }
}
