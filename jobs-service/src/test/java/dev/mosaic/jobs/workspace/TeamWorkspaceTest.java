package dev.mosaic.jobs.workspace;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mosaic.jobs.support.AuthServiceTestResource;
import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A team workspace made at the real auth-service, seen from jobs-service: membership is the only rule here, so
 * members see and cancel each other's jobs, and a removed member's next token lacks the workspace, after which
 * the team's jobs do not exist for them.
 */
@QuarkusTest
class TeamWorkspaceTest {

    /** A person signed in at the tests' auth-service: session token (for auth-service) and user id. */
    private record Person(String email, String session, String id) {
        static Person signUp(String prefix) {
            String email = prefix + "-" + UUID.randomUUID() + "@mosaic.test";
            JsonPath signedIn = JobsApi.signUpVerified(JobsApi.authUrl(), email, "correct horse battery staple", "Team");
            return new Person(email, signedIn.getString("token"), signedIn.getString("user.id"));
        }

        RequestSpecification auth() {
            return given().baseUri(JobsApi.authUrl()).contentType(ContentType.JSON).auth().oauth2(session);
        }

        /** A fresh access token, as a client trades its session for one before calling jobs-service. */
        String accessToken() {
            return auth().get("/api/auth/token").then().statusCode(200).extract().path("access_token");
        }
    }

    private static RequestSpecification jobs(String accessToken) {
        return given().contentType(ContentType.JSON).auth().oauth2(accessToken);
    }

    @Test
    void membersShareJobsAndARemovedMembersNextTokenFindsNone() {
        Person owner = Person.signUp("team-owner");
        Person member = Person.signUp("team-member");
        String team = owner.auth().body(Map.of("name", "Shared")).post("/api/auth/workspace/create")
                .then().statusCode(201).extract().path("id");
        owner.auth().body(Map.of("workspaceId", team, "email", member.email(), "role", "member"))
                .post("/api/auth/workspace/invite-member").then().statusCode(201);
        member.auth().body(Map.of("token", AuthServiceTestResource.authService().invitationTokenMailedTo(member.email())))
                .post("/api/auth/workspace/accept-invitation").then().statusCode(200).body("id", equalTo(team));

        String ownersJob = jobs(owner.accessToken()).queryParam("workspace", team).body(Map.of("type", "render"))
                .post("/api/runner-jobs").then().statusCode(201).extract().path("id");
        String memberToken = member.accessToken();
        jobs(memberToken).get("/api/runner-jobs/" + ownersJob).then().statusCode(200).body("workspaceId", equalTo(team));
        jobs(memberToken).post("/api/runner-jobs/" + ownersJob + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
        String membersJob = jobs(memberToken).queryParam("workspace", team).body(Map.of("type", "render"))
                .post("/api/runner-jobs").then().statusCode(201).extract().path("id");

        owner.auth().body(Map.of("workspaceId", team, "userId", member.id()))
                .post("/api/auth/workspace/remove-member").then().statusCode(204);

        String afterRemoval = member.accessToken();
        assertFalse(claimedWorkspaces(afterRemoval).contains(team), "the next token lacks the team workspace");
        assertTrue(claimedWorkspaces(owner.accessToken()).contains(team));
        for (String job : List.of(ownersJob, membersJob)) {
            jobs(afterRemoval).get("/api/runner-jobs/" + job).then().statusCode(404)
                    .contentType("application/problem+json");
            jobs(afterRemoval).post("/api/runner-jobs/" + job + "/cancel").then().statusCode(404);
        }
        jobs(afterRemoval).queryParam("workspace", team).get("/api/runner-jobs").then().statusCode(403);
        jobs(owner.accessToken()).get("/api/runner-jobs/" + membersJob).then().statusCode(200)
                .body("status", equalTo("PENDING"));
    }

    private static List<String> claimedWorkspaces(String accessToken) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        return JsonPath.from(payload).getList("workspaces");
    }
}
