package dev.mosaic.auth.workspace;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.invitationTokenMailedTo;
import static dev.mosaic.auth.AuthApi.mailsTo;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.workspace.Teams.PROBLEM;
import static dev.mosaic.auth.workspace.Teams.refused;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.auth.TestDatabase;
import dev.mosaic.auth.workspace.Teams.Person;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Invitations: mailed, stored hashed, single use, expiring, revocable, and only for the verified address they name. */
@QuarkusTest
class InvitationsTest {
    @Inject
    TestDatabase db;

    @Test
    void anInvitationIsMailedStoredHashedAndAcceptedOnceByTheAddressItNames() {
        Person owner = Person.signUp("inviter");
        Person invitee = Person.signUp("invitee");
        String team = owner.createTeam("Invited");

        owner.invite(team, invitee.email().toUpperCase(), "admin").then().statusCode(201)
                .body("email", equalTo(invitee.email())).body("role", equalTo("admin"))
                .body("status", equalTo("pending")).body("invitedBy", equalTo(owner.id()));
        String token = invitationTokenMailedTo(invitee.email());
        assertTrue(mailsTo(invitee.email()).stream().anyMatch(mail -> mail.getText().contains("\"Invited\"")),
                "the mail names the workspace");
        assertEquals(1, db.count("SELECT count(*) FROM workspace_invitations WHERE token_hash = $1", Sha256.of(token)),
                "only the token's hash is stored");
        assertEquals(0, db.count("SELECT count(*) FROM workspace_invitations WHERE encode(token_hash, 'escape') LIKE $1",
                "%" + token + "%"));

        invitee.accept(token).then().statusCode(200).body("id", equalTo(team)).body("role", equalTo("admin"))
                .body("personal", equalTo(false));
        assertTrue(invitee.tokenWorkspaces().contains(team), "the member's next token carries the workspace");
        assertEquals("admin", owner.roles(team).get(invitee.email()));

        refused(409, "invitation-already-accepted", invitee.accept(token));
        refused(409, "invitation-already-accepted", owner.accept(token));
        List<Map<String, Object>> listed = owner.call().queryParam("workspaceId", team)
                .get("/api/auth/workspace/list-invitations").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(1, listed.size());
        assertEquals("accepted", listed.get(0).get("status"));
        assertFalse(listed.get(0).containsKey("token"), "never the token");
    }

    @Test
    void anotherOrAnUnverifiedAddressIsRefusedAndChangesNothing() {
        Person owner = Person.signUp("inviter-wrong");
        Person invitee = Person.signUp("invitee-right");
        Person stranger = Person.signUp("invitee-wrong");
        String team = owner.createTeam("Only for the invitee");
        owner.invite(team, invitee.email(), "member").then().statusCode(201);
        String token = invitationTokenMailedTo(invitee.email());

        refused(403, "invitation-for-another-email", stranger.accept(token));
        assertFalse(stranger.tokenWorkspaces().contains(team));

        // A session from before the address was confirmed (as sessions of the previous release are).
        db.update("UPDATE users SET email_verified = false WHERE id = $1::uuid", invitee.id());
        refused(403, "email-not-verified", invitee.accept(token));
        assertEquals(1, owner.roles(team).size(), "nobody joined");
        assertEquals(1, db.count("SELECT count(*) FROM workspace_invitations WHERE workspace_id = $1::uuid "
                + "AND status = 'pending'", team), "the invitation is still pending");

        db.update("UPDATE users SET email_verified = true WHERE id = $1::uuid", invitee.id());
        invitee.accept(token).then().statusCode(200);
    }

    @Test
    void expiredRevokedReplacedAndMadeUpInvitationsAreRefused() {
        Person owner = Person.signUp("inviter-gone");
        Person invitee = Person.signUp("invitee-gone");
        String team = owner.createTeam("Gone");

        owner.invite(team, invitee.email(), "member").then().statusCode(201);
        String expired = invitationTokenMailedTo(invitee.email());
        db.update("UPDATE workspace_invitations SET expires_at = now() - interval '1 second' WHERE token_hash = $1",
                Sha256.of(expired));
        refused(410, "invitation-expired", invitee.accept(expired));

        String revokedId = owner.invite(team, invitee.email(), "member").then().statusCode(201).extract().path("id");
        String revoked = invitationTokenMailedTo(invitee.email());
        assertNotEquals(expired, revoked);
        owner.post("cancel-invitation", Map.of("invitationId", revokedId)).then().statusCode(200)
                .body("status", equalTo("revoked"));
        refused(410, "invitation-revoked", invitee.accept(revoked));
        refused(409, "conflict", owner.post("cancel-invitation", Map.of("invitationId", revokedId)));

        owner.invite(team, invitee.email(), "member").then().statusCode(201);
        String replaced = invitationTokenMailedTo(invitee.email());
        Person admin = Person.signUp("inviter-gone-admin");
        owner.bringIn(team, admin, "admin");
        // Invitations to one address are limited (3 an hour by default); the admin's is the fourth to it.
        refused(429, "too-many-requests", admin.invite(team, invitee.email(), "member"));
        refused(404, "not-found", invitee.accept("made-up-token"));
        assertEquals(1, owner.roles(team).values().stream().filter("owner"::equals).count());
        assertFalse(owner.roles(team).containsKey(invitee.email()), "no refusal let the invitee in");

        invitee.accept(replaced).then().statusCode(200).body("role", equalTo("member"));
        refused(409, "conflict", owner.invite(team, invitee.email(), "member"));
    }

    @Test
    void anInvitationFromAnAdminRemovedSinceLetsNobodyInAndIsRevoked() {
        Person owner = Person.signUp("owner-removes");
        Person admin = Person.signUp("admin-removed");
        Person secondAddress = Person.signUp("admin-second-address");
        String team = owner.createTeam("Removed inviter");
        owner.bringIn(team, admin, "admin");
        String invitationId = admin.invite(team, secondAddress.email(), "admin").then().statusCode(201)
                .extract().path("id");
        String token = invitationTokenMailedTo(secondAddress.email());

        owner.remove(team, admin).then().statusCode(204);

        refused(410, "invitation-revoked", secondAddress.accept(token));
        assertEquals(Map.of(owner.email(), "owner"), owner.roles(team), "the second address did not get in");
        assertEquals("revoked", invitationStatus(owner, team, invitationId), "the workspace's list says so");
        refused(410, "invitation-revoked", secondAddress.accept(token));
    }

    @Test
    void anOwnerDemotedToAdminNoLongerBringsAnOwnerInButStillAMember() {
        Person owner = Person.signUp("owner-demotes");
        Person demoted = Person.signUp("owner-demoted");
        Person wouldBeOwner = Person.signUp("would-be-owner");
        Person member = Person.signUp("still-invited-member");
        String team = owner.createTeam("Demoted inviter");
        owner.bringIn(team, demoted, "owner");
        demoted.invite(team, wouldBeOwner.email(), "owner").then().statusCode(201);
        demoted.invite(team, member.email(), "member").then().statusCode(201);

        owner.changeRole(team, demoted, "admin").then().statusCode(200);

        refused(410, "invitation-revoked", wouldBeOwner.accept(invitationTokenMailedTo(wouldBeOwner.email())));
        member.accept(invitationTokenMailedTo(member.email())).then().statusCode(200).body("role", equalTo("member"));
        assertEquals(Map.of(owner.email(), "owner", demoted.email(), "admin", member.email(), "member"),
                owner.roles(team));
    }

    @Test
    void anInvitationFromADeletedAccountLetsNobodyIn() {
        Person owner = Person.signUp("owner-of-deleted");
        Person admin = Person.signUp("admin-deleted");
        Person invitee = Person.signUp("invitee-of-deleted");
        String team = owner.createTeam("Deleted inviter");
        owner.bringIn(team, admin, "admin");
        admin.invite(team, invitee.email(), "admin").then().statusCode(201);

        given().auth().oauth2(admin.session()).contentType(ContentType.JSON).body(Map.of("password", PASSWORD))
                .post("/api/auth/delete-user").then().statusCode(204);

        refused(410, "invitation-revoked", invitee.accept(invitationTokenMailedTo(invitee.email())));
        assertEquals(Map.of(owner.email(), "owner"), owner.roles(team));
    }

    private static String invitationStatus(Person manager, String team, String invitationId) {
        return manager.call().queryParam("workspaceId", team).get("/api/auth/workspace/list-invitations")
                .then().statusCode(200).extract().path("find { it.id == '" + invitationId + "' }.status");
    }

    @Test
    void badRequestsAreProblems() {
        Person owner = Person.signUp("inviter-bad");
        String team = owner.createTeam("Bad input");
        refused(400, "validation-failed", owner.invite(team, "not an email", "member"));
        refused(400, "validation-failed", owner.post("invite-member", Map.of("workspaceId", team, "email",
                uniqueEmail("no-role"))));
        owner.invite(team, uniqueEmail("bad-role"), "emperor").then().statusCode(400).contentType(PROBLEM);
        refused(400, "validation-failed", owner.post("accept-invitation", Map.of("token", "")));
        refused(404, "not-found", owner.post("cancel-invitation", Map.of("invitationId", team)));
        assertEquals(0, db.count("SELECT count(*) FROM workspace_invitations WHERE workspace_id = $1::uuid", team));
    }
}
