package dev.mosaic.jobs.runner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.jobs.support.JobsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ListingTest {
    private final JobsApi api = new JobsApi();

    @Test
    void pagesWalkAWorkspacesJobsNewestFirstWithoutGapsOrRepeats() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(api.createJob());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = api.asUser().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/runner-jobs").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertEquals(3, pages);
        java.util.Collections.reverse(created);
        assertEquals(created, seen, "newest first");
    }

    @Test
    void filtersByStatusAndType() {
        String running = api.runningJob();
        api.createJob();
        api.asUser().body(Map.of("type", "transcode")).post("/api/runner-jobs").then().statusCode(201);

        JsonPath runningOnly = api.asUser().queryParam("status", "running").get("/api/runner-jobs")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(running), runningOnly.getList("items.id"));
        assertNull(runningOnly.getString("nextCursor"));

        api.asUser().queryParam("type", "transcode").get("/api/runner-jobs")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].type", equalTo("transcode"));
    }

    /**
     * An admin pages through every workspace's jobs at once (here two people's, picked out by a type of this test's
     * own), newest first across workspaces; nobody else may, and a workspace named beside it is refused.
     */
    @Test
    void anAdminListsEveryWorkspacesJobsNewestFirstAndNobodyElseMay() {
        JobsApi other = new JobsApi();
        String type = JobsApi.uniqueType();
        List<String> created = new ArrayList<>(List.of(api.createJob(type), other.createJob(type), api.createJob(type),
                other.createJob(type)));
        api.createJob(); // another type: filtered out

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().auth().oauth2(JobsApi.adminToken()).queryParam("allWorkspaces", true)
                    .queryParam("type", type).queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/runner-jobs").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        java.util.Collections.reverse(created);
        assertEquals(created, seen, "both workspaces, newest first");

        api.asUser().queryParam("allWorkspaces", true).get("/api/runner-jobs").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("Only admins"));
        given().auth().oauth2(JobsApi.adminToken()).queryParam("allWorkspaces", true)
                .queryParam("workspace", api.workspace).get("/api/runner-jobs")
                .then().statusCode(400).body("errors[0].field", equalTo("allWorkspaces"));
    }

    @Test
    void badListParametersAreExplained() {
        api.asUser().queryParam("status", "DONE").get("/api/runner-jobs")
                .then().statusCode(400).body("errors[0].field", equalTo("status"));
        api.asUser().queryParam("limit", 1000).get("/api/runner-jobs")
                .then().statusCode(400).contentType("application/problem+json");
        api.asUser().queryParam("cursor", "garbage!").get("/api/runner-jobs")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void theTimelineTellsTheWholeStory() {
        String id = api.runningJob();
        api.asCoordinatorOf(id).body(Map.of("progressPercent", 40, "currentStep", "encoding"))
                .post("/api/coordinator/jobs/" + id + "/progress").then().statusCode(200);
        api.asCoordinatorOf(id).body(Map.of("result", Map.of("frames", 24)))
                .post("/api/coordinator/jobs/" + id + "/complete").then().statusCode(200);

        List<Map<String, Object>> events = api.events(id);
        assertEquals(List.of("CREATED", "CLAIMED", "STATUS_CHANGED", "PROGRESS", "COMPLETED"),
                events.stream().map(e -> e.get("type")).toList());
        assertEquals(List.of("PENDING", "QUEUED", "RUNNING", "RUNNING", "COMPLETED"),
                events.stream().map(e -> e.get("toStatus")).toList());
        assertEquals("coordinator", events.get(1).get("actor"), "the claimer comes from the coordinator's token");
        assertEquals("coordinator", events.get(4).get("actor"), "the actor comes from the coordinator's token");
        assertEquals(api.userId, events.get(0).get("actor"), "the creator comes from the user's token");
    }
}
