package dev.mosaic.jobs.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The HTTP API as tests use it: one workspace per fixture, so tests never see each other's jobs,
 * and the calls a coordinator makes to bring a job where a test needs it.
 */
public final class JobsApi {
    public static final String ACTOR_HEADER = "X-Mosaic-Actor";
    public static final String WORKSPACE_HEADER = "X-Mosaic-Workspace";

    public final UUID workspace = UUID.randomUUID();

    public RequestSpecification asUser() {
        return given().contentType(ContentType.JSON)
                .header(WORKSPACE_HEADER, workspace.toString())
                .header(ACTOR_HEADER, "alice");
    }

    public RequestSpecification asCoordinator() {
        return given().contentType(ContentType.JSON).header(ACTOR_HEADER, "coordinator-1");
    }

    /** Headers for a raw {@link java.net.http.HttpRequest}, in the order name, value, name, value. */
    public String[] userHeaders() {
        return new String[] {WORKSPACE_HEADER, workspace.toString(), ACTOR_HEADER, "alice",
                "Content-Type", "application/json"};
    }

    public String[] coordinatorHeaders() {
        return new String[] {ACTOR_HEADER, "coordinator-1", "Content-Type", "application/json"};
    }

    public String createJob() {
        return asUser().body(Map.of("type", "render", "payload", Map.of("scene", 7)))
                .post("/api/runner-jobs")
                .then().statusCode(201)
                .extract().path("id");
    }

    public String queuedJob() {
        String id = createJob();
        moveTo(id, "QUEUED");
        return id;
    }

    public String runningJob() {
        String id = queuedJob();
        moveTo(id, "RUNNING");
        return id;
    }

    public String failedJob() {
        String id = runningJob();
        asCoordinator().body(Map.of("error", "out of memory")).post("/api/coordinator/jobs/" + id + "/fail")
                .then().statusCode(200);
        return id;
    }

    public String completedJob() {
        String id = runningJob();
        asCoordinator().body(Map.of("result", Map.of("frames", 24))).post("/api/coordinator/jobs/" + id + "/complete")
                .then().statusCode(200);
        return id;
    }

    public String cancelledJob() {
        String id = createJob();
        asUser().post("/api/runner-jobs/" + id + "/cancel").then().statusCode(200);
        return id;
    }

    public void moveTo(String id, String status) {
        asCoordinator().body(Map.of("status", status)).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(200);
    }

    public JsonPath job(String id) {
        return asUser().get("/api/runner-jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    public List<Map<String, Object>> events(String id) {
        return asUser().get("/api/runner-jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }
}
