package dev.mosaic.deploy.localstack;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mosaic.deploy.testing.MockMailLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What {@link AotTraining} asks of the two services while they record their AOT cache: the paths that people and
 * coordinators use, each answered as the API documents it. A person signs up, confirms through the mailed link and
 * signs in; a coordinator takes a client-credentials token; then jobs go the whole way: created, claimed under a
 * lease, RUNNING, progress, heartbeat, read, COMPLETED. An answer other than the documented one ends the workload
 * with an {@link IllegalStateException} that says which call it was.
 */
final class TrainingWorkload {
    private static final String JOB_TYPE = "aot-training";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String auth;
    private final String jobs;
    private final Path authLog;
    private final String coordinatorSecret;

    /**
     * @param authLog           auth-service's log, where its mock mailer writes the confirmation link
     * @param coordinatorSecret the secret of the {@code coordinator} machine client
     */
    TrainingWorkload(HttpClient http, String authUrl, String jobsUrl, Path authLog, String coordinatorSecret) {
        this.http = http;
        this.auth = authUrl;
        this.jobs = jobsUrl;
        this.authLog = authLog;
        this.coordinatorSecret = coordinatorSecret;
    }

    /** Runs {@code rounds} jobs from creation to completion; returns their ids. */
    List<String> run(String email, int rounds) throws IOException, InterruptedException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String userToken = signUp(email, password);
        String coordinatorToken = call("client-credentials token", 200, HttpRequest.newBuilder(URI.create(auth + "/api/auth/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        ("coordinator:" + coordinatorSecret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")))
                .path("access_token").asText();
        List<String> done = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            call("readiness of auth-service", 200, get(auth + "/q/health/ready", null));
            call("readiness of jobs-service", 200, get(jobs + "/q/health/ready", null));
            call("JWKS", 200, get(auth + "/api/auth/jwks", null));
            call("sign-in", 200, post(auth + "/api/auth/sign-in/email", null, null,
                    JSON.createObjectNode().put("email", email).put("password", password)));
            done.add(oneJob(userToken, coordinatorToken));
        }
        return done;
    }

    private String signUp(String email, String password) throws IOException, InterruptedException {
        call("sign-up", 202, post(auth + "/api/auth/sign-up/email", null, null,
                JSON.createObjectNode().put("email", email).put("password", password).put("name", "AOT training")));
        String token = await("a confirmation mail to " + email + " in " + authLog).atMost(MAIL_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> MockMailLog.lastToken(authLog, email), Optional::isPresent).get();
        return call("verify-email", 200, post(auth + "/api/auth/verify-email", null, null,
                JSON.createObjectNode().put("token", token).put("password", password)))
                .path("accessToken").path("access_token").asText();
    }

    private String oneJob(String userToken, String coordinatorToken) throws IOException, InterruptedException {
        String id = call("create a job", 201, post(jobs + "/api/runner-jobs", userToken, null,
                JSON.createObjectNode().put("type", JOB_TYPE))).path("id").asText();
        ObjectNode claim = JSON.createObjectNode().put("max", 1).put("leaseSeconds", 60);
        claim.putArray("types").add(JOB_TYPE);
        JsonNode claimed = call("claim", 200, post(jobs + "/api/coordinator/jobs/claim", coordinatorToken, null, claim))
                .path("jobs").path(0);
        if (!id.equals(claimed.path("job").path("id").asText())) {
            throw new IllegalStateException("the claim did not hand out job " + id + ": " + claimed);
        }
        String lease = claimed.path("lease").path("token").asText();
        String job = jobs + "/api/coordinator/jobs/" + id;
        call("status RUNNING", 200, post(job + "/status", coordinatorToken, lease, JSON.createObjectNode().put("status", "RUNNING")));
        for (int percent = 10; percent <= 90; percent += 20) {
            call("progress", 200, post(job + "/progress", coordinatorToken, lease, JSON.createObjectNode().put("progressPercent", percent)));
            call("heartbeat", 200, post(job + "/heartbeat", coordinatorToken, lease, null));
            call("read the job", 200, get(jobs + "/api/runner-jobs/" + id, userToken));
        }
        ObjectNode result = JSON.createObjectNode();
        result.putObject("result").put("trained", true);
        call("complete", 200, post(job + "/complete", coordinatorToken, lease, result));
        String status = call("read the completed job", 200, get(jobs + "/api/runner-jobs/" + id, userToken)).path("status").asText();
        if (!"COMPLETED".equals(status)) {
            throw new IllegalStateException("job " + id + " is " + status + " after complete");
        }
        return id;
    }

    private static HttpRequest.Builder get(String url, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    private static HttpRequest.Builder post(String url, String bearer, String lease, JsonNode body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (lease != null) {
            request.header("Mosaic-Lease", lease);
        }
        return request;
    }

    /** Sends the request; its JSON answer (an empty object without a body) when the status is the expected one. */
    private JsonNode call(String what, int expected, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(CALL_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(what + " (" + response.request().method() + " " + response.request().uri()
                    + ") answered " + response.statusCode() + ", not " + expected + ": " + response.body());
        }
        return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }
}
