package dev.mosaic.jobs.support;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The HTTP API as tests use it: each fixture is a new user signed up at the real auth-service
 * (with a personal workspace of their own, so tests never see each other's jobs), and the calls
 * a coordinator makes, with a real client-credentials token, to bring a job where a test needs it.
 * A job a test brings to QUEUED is claimed by its own unique type, so no test claims another's
 * job; its lease token is kept here and sent with every coordinator call about that job.
 */
public final class JobsApi {
    private static final Map<String, String> COORDINATOR_TOKENS = new ConcurrentHashMap<>();
    private static final String PASSWORD = "correct horse battery staple";

    public final String userToken;
    public final String userId;
    public final UUID workspace;
    private final String email = "user-" + UUID.randomUUID() + "@mosaic.test";
    private final Map<String, String> leases = new ConcurrentHashMap<>();

    public JobsApi() {
        JsonPath signedIn = signUpVerified(authUrl(), email, PASSWORD, "Test User");
        userToken = signedIn.getString("accessToken.access_token");
        userId = signedIn.getString("user.id");
        workspace = UUID.fromString(signedIn.getString("user.workspaceIds[0]"));
    }

    /** The access token of another session of the same person: another token, the same subject. */
    public String signInAgain() {
        return given().baseUri(authUrl()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", PASSWORD)).post("/api/auth/sign-in/email")
                .then().statusCode(200).extract().path("accessToken.access_token");
    }

    /** The {@code kid} a JWT's header names. */
    public static String keyIdOf(String jwt) {
        String header = new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[0]),
                java.nio.charset.StandardCharsets.UTF_8);
        return JsonPath.from(header).getString("kid");
    }

    /**
     * A new person at the auth-service of {@code authBaseUrl}, signed in: sign-up answers only "check your mail",
     * so the address is confirmed with a link token, which signs the person in ({@code SignedIn}).
     */
    public static JsonPath signUpVerified(String authBaseUrl, String email, String password, String name) {
        given().baseUri(authBaseUrl).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password, "name", name))
                .post("/api/auth/sign-up/email").then().statusCode(202);
        return given().baseUri(authBaseUrl).contentType(ContentType.JSON)
                .body(Map.of("token", AuthServiceTestResource.mailedLinkToken("EMAIL_VERIFICATION", email)))
                .post("/api/auth/verify-email").then().statusCode(200).extract().jsonPath();
    }

    public static String authUrl() {
        return ConfigProvider.getConfig().getValue(AuthServiceTestResource.AUTH_URL, String.class);
    }

    /** A client-credentials token of the configured coordinator, fetched once per test run. */
    public static String coordinatorToken() {
        return coordinatorToken(AuthServiceTestResource.COORDINATOR_ID, AuthServiceTestResource.COORDINATOR_SECRET);
    }

    /** A token of the second configured coordinator, a rival of the first. */
    public static String rivalToken() {
        return coordinatorToken(AuthServiceTestResource.RIVAL_ID, AuthServiceTestResource.RIVAL_SECRET);
    }

    private static String coordinatorToken(String clientId, String secretProperty) {
        // Keyed by the auth-service too: a test profile of its own starts a new one, with new keys.
        return COORDINATOR_TOKENS.computeIfAbsent(authUrl() + " " + clientId, key -> given().baseUri(authUrl())
                .auth().preemptive().basic(clientId, ConfigProvider.getConfig().getValue(secretProperty, String.class))
                .formParam("grant_type", "client_credentials")
                .post("/api/auth/oauth2/token")
                .then().statusCode(200).extract().path("access_token"));
    }

    /**
     * The admin listed in auth-service's MOSAIC_AUTH_ADMIN_EMAILS: an admin only once the address is
     * verified: on the first call sign up and confirm the address, then sign in.
     */
    public static synchronized String adminToken() {
        String email = AuthServiceTestResource.ADMIN_EMAIL;
        String password = "admin password 123";
        io.restassured.response.Response signedIn = given().baseUri(authUrl()).contentType(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/api/auth/sign-in/email");
        if (signedIn.statusCode() == 401) {
            signUpVerified(authUrl(), email, password, "Admin");
            signedIn = given().baseUri(authUrl()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "password", password)).post("/api/auth/sign-in/email");
        }
        return signedIn.then().statusCode(200).body("user.roles", hasItem("admin"))
                .extract().path("accessToken.access_token");
    }

    public RequestSpecification asUser() {
        return given().contentType(ContentType.JSON).auth().oauth2(userToken);
    }

    public RequestSpecification asCoordinator() {
        return given().contentType(ContentType.JSON).auth().oauth2(coordinatorToken());
    }

    public RequestSpecification asRival() {
        return given().contentType(ContentType.JSON).auth().oauth2(rivalToken());
    }

    /** As the coordinator, with the lease this fixture holds on {@code jobId} (if it claimed the job). */
    public RequestSpecification asCoordinatorOf(String jobId) {
        RequestSpecification request = asCoordinator();
        String lease = leases.get(jobId);
        return lease == null ? request : request.header(LEASE_HEADER, lease);
    }

    public String lease(String jobId) {
        return leases.get(jobId);
    }

    public static final String LEASE_HEADER = "Mosaic-Lease";

    /** Headers for a raw {@link java.net.http.HttpRequest}, in the order name, value, name, value. */
    public String[] userHeaders() {
        return new String[] {"Authorization", "Bearer " + userToken, "Content-Type", "application/json"};
    }

    public String[] coordinatorHeaders() {
        return new String[] {"Authorization", "Bearer " + coordinatorToken(), "Content-Type", "application/json"};
    }

    public String[] coordinatorHeaders(String jobId) {
        return new String[] {"Authorization", "Bearer " + coordinatorToken(), "Content-Type", "application/json",
                LEASE_HEADER, leases.get(jobId)};
    }

    public String createJob() {
        return createJob("render");
    }

    public String createJob(String type) {
        return asUser().body(Map.of("type", type, "payload", Map.of("scene", 7)))
                .post("/api/runner-jobs")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** A type no other job has, so that a claim of that type takes exactly the jobs a test made. */
    public static String uniqueType() {
        return "test-" + UUID.randomUUID();
    }

    /** A job this fixture claimed (PENDING → QUEUED), holding its lease. */
    public String queuedJob() {
        String type = uniqueType();
        String id = createJob(type);
        JsonPath claimed = claim(Map.of("types", List.of(type))).then().statusCode(200).extract().jsonPath();
        if (!id.equals(claimed.getString("jobs[0].job.id"))) {
            throw new IllegalStateException("claimed " + claimed.prettify() + " instead of " + id);
        }
        leases.put(id, claimed.getString("jobs[0].lease.token"));
        return id;
    }

    public io.restassured.response.Response claim(Map<String, Object> request) {
        return asCoordinator().body(request).post("/api/coordinator/jobs/claim");
    }

    public String runningJob() {
        String id = queuedJob();
        moveTo(id, "RUNNING");
        return id;
    }

    public String failedJob() {
        String id = runningJob();
        asCoordinatorOf(id).body(Map.of("error", "out of memory")).post("/api/coordinator/jobs/" + id + "/fail")
                .then().statusCode(200);
        return id;
    }

    public String completedJob() {
        String id = runningJob();
        asCoordinatorOf(id).body(Map.of("result", Map.of("frames", 24)))
                .post("/api/coordinator/jobs/" + id + "/complete")
                .then().statusCode(200);
        return id;
    }

    public String cancelledJob() {
        String id = createJob();
        asUser().post("/api/runner-jobs/" + id + "/cancel").then().statusCode(200);
        return id;
    }

    public void moveTo(String id, String status) {
        asCoordinatorOf(id).body(Map.of("status", status)).post("/api/coordinator/jobs/" + id + "/status")
                .then().statusCode(200);
    }

    public JsonPath job(String id) {
        return asUser().get("/api/runner-jobs/" + id).then().statusCode(200).extract().jsonPath();
    }

    public List<Map<String, Object>> events(String id) {
        return asUser().get("/api/runner-jobs/" + id + "/events").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    /**
     * How long after a job's creation a claim that was already waiting for its type is answered: starts
     * the claim, waits until the service counts it as waiting, creates the job, and checks that the
     * claim took exactly that job.
     */
    public Duration longPollLatency() throws Exception {
        String type = uniqueType();
        CompletableFuture<io.restassured.response.Response> waiting = CompletableFuture.supplyAsync(() ->
                claim(Map.of("types", List.of(type), "waitSeconds", 20)));
        await().atMost(Duration.ofSeconds(10)).until(() -> Metrics.gauge("mosaic_jobs_claims_waiting") >= 1);
        String id = createJob(type);
        Instant created = Instant.now();
        io.restassured.response.Response answer = waiting.get(25, TimeUnit.SECONDS);
        Duration latency = Duration.between(created, Instant.now());
        answer.then().statusCode(200).body("jobs.size()", equalTo(1)).body("jobs[0].job.id", equalTo(id));
        return latency;
    }
}
