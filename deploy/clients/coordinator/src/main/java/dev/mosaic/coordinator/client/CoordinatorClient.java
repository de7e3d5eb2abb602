package dev.mosaic.coordinator.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.ClaimedJobs;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.CoordinatorJob;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What a real coordinator does against jobs-service, as a small plain-Java client (java.net.http and
 * Jackson, no framework): it signs in with the client-credentials grant and keeps its access token fresh,
 * claims jobs, and holds each under its lease while it starts it, posts progress and heartbeats, and
 * completes or fails it. {@link CoordinatorWorker} is that loop, ready to use.
 *
 * <p>Every write to a claimed job sends the {@link Lease} of its claim ({@code Mosaic-Lease}). When the
 * lease is no longer live (it expired and the job was taken back, a newer claim holds the job, a user
 * cancelled it) the service refuses with 409 {@code lease-lost}, thrown as
 * {@link CoordinatorException.LeaseLost} and never repeated: the coordinator must stop working on that job.
 *
 * <p>Every call gets a fresh {@code Idempotency-Key}, and <b>the same key</b> when the client repeats that
 * call, so a repeat after a lost answer is answered as the first attempt was instead of being applied
 * twice. It repeats after a network error and after a busy answer: 409 <i>with</i> {@code Retry-After}
 * (the service's optimistic retries ran out), 429, 502, 503, 504; it waits {@code Retry-After} when the
 * answer names it (capped), otherwise an exponential backoff with jitter; and it gives up after a
 * bounded number of attempts ({@link CoordinatorException.RetriesExhausted}). A 401 fetches a new token
 * once. Anything else is final and thrown as {@link CoordinatorException.Refused} with the problem body:
 * a 409 <i>without</i> {@code Retry-After} (a refused transition: the body names {@code currentStatus}),
 * 412 (stale {@code If-Match}: re-read the job), 422 (idempotency key reused), 400, 403, 404.
 *
 * <p>Thread-safe: one instance serves all the threads of a coordinator.
 */
public final class CoordinatorClient {
    private static final System.Logger LOG = System.getLogger(CoordinatorClient.class.getName());
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final TypeFactory TYPES = TypeFactory.defaultInstance();
    private static final JavaType RUNNER_JOB = TYPES.constructType(RunnerJob.class);
    private static final JavaType CLAIMED_JOBS = TYPES.constructType(ClaimedJobs.class);
    private static final JavaType JOB_LEASE = TYPES.constructType(JobLease.class);
    private static final JavaType COORDINATOR_JOB = TYPES.constructType(CoordinatorJob.class);
    private static final JavaType JOB_EVENTS = TYPES.constructCollectionType(List.class, JobEvent.class);

    private final HttpClient http;
    private final String jobsBase;
    private final ClientCredentialsTokens tokens;
    private final ObjectMapper json;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration maxRetryAfter;
    private final Duration requestTimeout;
    private final Clock clock;

    private CoordinatorClient(Builder builder) {
        this.http = builder.http != null ? builder.http
                : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.json = objectMapper();
        this.jobsBase = withoutTrailingSlash(builder.jobsBaseUrl);
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.maxRetryAfter = builder.maxRetryAfter;
        this.requestTimeout = builder.requestTimeout;
        this.clock = builder.clock;
        URI tokenEndpoint = builder.tokenEndpoint != null ? builder.tokenEndpoint
                : URI.create(withoutTrailingSlash(builder.authBaseUrl) + "/api/auth/oauth2/token");
        this.tokens = new ClientCredentialsTokens(http, tokenEndpoint, builder.clientId, builder.clientSecret, clock,
                requestTimeout, json);
    }

    /**
     * @param authBaseUrl  auth-service, e.g. {@code http://localhost:8081} (its token endpoint is
     *                     {@code /api/auth/oauth2/token})
     * @param jobsBaseUrl  jobs-service, e.g. {@code http://localhost:8082}
     * @param clientId     a machine client with the {@code coordinator} role
     */
    public static Builder builder(URI authBaseUrl, URI jobsBaseUrl, String clientId, String clientSecret) {
        return new Builder(authBaseUrl, jobsBaseUrl, clientId, clientSecret);
    }

    /** The JSON mapping of the wire types (ISO-8601 instants, unknown members ignored, nulls left out). */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    // ---- claiming and holding jobs ----

    /**
     * Claims up to {@code request.max()} PENDING jobs (they are QUEUED now), each under a lease whose token
     * every later write to it must carry; possibly none. With {@code waitSeconds} the service holds the call
     * until a job of those types becomes claimable or the time is up.
     *
     * <p>Safe to repeat like every call here: each claim sends a fresh {@code Idempotency-Key} and its repeats
     * (after a network error or a busy answer) the same key, so when an answer is lost the repeat gets the jobs
     * that answer held, under new lease tokens (the lost ones stop working), instead of leaving them leased to
     * nobody until their leases expire and count an attempt. A repeat answers at once, without waiting again;
     * it leaves out a job whose lease ended meanwhile. If another request with the key was still running, the
     * service answers 409 with {@code Retry-After}, and the repeat after it gets the jobs.
     */
    public List<ClaimedJob> claim(ClaimRequest request) {
        Duration wait = Duration.ofSeconds(request.waitSeconds() == null ? 0 : request.waitSeconds());
        ClaimedJobs claimed = send(Call.post("claim", uri("claim"), write(request), null, null)
                .waitingUpTo(wait), CLAIMED_JOBS);
        return claimed.jobs() == null ? List.of() : claimed.jobs();
    }

    /** Extends the lease by its term and changes nothing else; the answer shows the lease without its token. */
    public JobLease heartbeat(Lease lease) {
        return send(Call.post("heartbeat", uri(lease.jobId(), "heartbeat"), new byte[0], lease, null), JOB_LEASE);
    }

    /** QUEUED → RUNNING. */
    public RunnerJob start(Lease lease, String currentStep) {
        return changeStatus(lease, new StatusChangeRequest(JobStatus.RUNNING, currentStep), null);
    }

    /** QUEUED | RUNNING → CANCELLED: the coordinator gives the job up for good. */
    public RunnerJob cancel(Lease lease, String currentStep) {
        return changeStatus(lease, new StatusChangeRequest(JobStatus.CANCELLED, currentStep), null);
    }

    /**
     * @param expectedVersion null, or the version the caller last saw: sent as {@code If-Match}, 412 if it moved on
     */
    public RunnerJob changeStatus(Lease lease, StatusChangeRequest request, Integer expectedVersion) {
        return writeJob("status " + request.status(), lease, "status", request, expectedVersion);
    }

    /** Progress of a RUNNING job; a lower value than the stored one changes nothing. */
    public RunnerJob progress(Lease lease, int progressPercent, String currentStep) {
        return writeJob("progress " + progressPercent, lease, "progress", new ProgressUpdate(progressPercent, currentStep), null);
    }

    /** RUNNING → COMPLETED with a result; ends the lease. */
    public RunnerJob complete(Lease lease, Map<String, Object> result) {
        return complete(lease, new CompleteJobRequest(result), null);
    }

    public RunnerJob complete(Lease lease, CompleteJobRequest request, Integer expectedVersion) {
        return writeJob("complete", lease, "complete", request, expectedVersion);
    }

    /** RUNNING → FAILED with an error and optional details; ends the lease. */
    public RunnerJob fail(Lease lease, String error, Map<String, Object> details) {
        return fail(lease, new FailJobRequest(error, details), null);
    }

    public RunnerJob fail(Lease lease, FailJobRequest request, Integer expectedVersion) {
        return writeJob("fail", lease, "fail", request, expectedVersion);
    }

    // ---- reading ----

    /** The job and, while someone holds it, its lease (holder and expiry; never the token). */
    public CoordinatorJob job(UUID jobId) {
        return send(Call.get("read job", uri(jobId, "")), COORDINATOR_JOB);
    }

    /** The job's whole timeline, oldest first, read a page ({@link JobLimits#MAX_EVENTS_PAGE} events) at a time. */
    public List<JobEvent> events(UUID jobId) {
        List<JobEvent> timeline = new ArrayList<>();
        List<JobEvent> page;
        do {
            long after = timeline.isEmpty() ? 0 : timeline.get(timeline.size() - 1).id();
            page = send(Call.get("read events", uri(jobId, "events?after=" + after + "&limit=" + JobLimits.MAX_EVENTS_PAGE)),
                    JOB_EVENTS);
            timeline.addAll(page);
        } while (page.size() == JobLimits.MAX_EVENTS_PAGE);
        return timeline;
    }

    /** The current access token (fetched or refreshed if needed), e.g. for a call this class does not wrap. */
    public String accessToken() {
        try {
            return tokens.current();
        } catch (IOException e) {
            throw new UncheckedIOException("No access token: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching an access token", e);
        }
    }

    // ---- one call, repeated with the same key until it has an answer ----

    /** One HTTP exchange as this client repeats it: the same bytes, the same headers, every attempt. */
    private record Call(String operation, String method, URI uri, byte[] body, Lease lease, Integer expectedVersion,
                        Duration extraTimeout) {
        static Call get(String operation, URI uri) {
            return new Call(operation, "GET", uri, null, null, null, Duration.ZERO);
        }

        static Call post(String operation, URI uri, byte[] body, Lease lease, Integer expectedVersion) {
            return new Call(operation, "POST", uri, body, lease, expectedVersion, Duration.ZERO);
        }

        /** A long poll: the answer may take this long on top of the usual request timeout. */
        Call waitingUpTo(Duration wait) {
            return new Call(operation, method, uri, body, lease, expectedVersion, wait);
        }
    }

    private RunnerJob writeJob(String operation, Lease lease, String action, Object body, Integer expectedVersion) {
        return send(Call.post(operation, uri(lease.jobId(), action), write(body), lease, expectedVersion), RUNNER_JOB);
    }

    private URI uri(UUID jobId, String action) {
        Objects.requireNonNull(jobId, "jobId");
        return uri(action.isEmpty() ? jobId.toString() : jobId + "/" + action);
    }

    private URI uri(String path) {
        return URI.create(jobsBase + "/api/coordinator/jobs/" + path);
    }

    private <T> T send(Call call, JavaType answer) {
        String key = UUID.randomUUID().toString();
        Problem lastProblem = null;
        Throwable lastError = null;
        boolean reauthenticated = false;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Duration wait;
            try {
                String token = tokens.current();
                HttpResponse<byte[]> response = http.send(request(call, token, key), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return read(response.body(), answer);
                }
                Problem problem = problemOf(response);
                if (status == 409 && ProblemType.LEASE_LOST.uri().equals(problem.type())) {
                    // Whatever its headers say: a lost lease never comes back by repeating.
                    throw new CoordinatorException.LeaseLost(call.operation(), problem);
                }
                if (status == 401 && !reauthenticated) {
                    // Revoked, or signed by a key the service has not seen yet: one fresh token, at once.
                    tokens.invalidate(token);
                    reauthenticated = true;
                    lastProblem = problem;
                    lastError = null;
                    wait = Duration.ZERO;
                } else {
                    Optional<Duration> retryAfter = retryAfter(response.headers());
                    if (!isRetryable(status, retryAfter.isPresent())) {
                        throw new CoordinatorException.Refused(call.operation(), problem);
                    }
                    lastProblem = problem;
                    lastError = null;
                    wait = retryAfter.isPresent() ? capped(retryAfter.get()) : backoff(attempt);
                }
            } catch (IOException e) {
                // Connection refused or reset, timeout, an unavailable token endpoint: the call may or may
                // not have been applied; the same key makes the repeat safe either way.
                lastProblem = null;
                lastError = e;
                wait = backoff(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CoordinatorException.RetriesExhausted(call.operation(), attempt, lastProblem, e);
            }
            if (attempt < maxAttempts) {
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, call.operation() + " " + call.uri() + ": attempt " + attempt + " got "
                            + describe(lastProblem, lastError) + "; repeating in " + wait.toMillis() + " ms with the same "
                            + IDEMPOTENCY_KEY);
                }
                sleep(wait);
            }
        }
        throw new CoordinatorException.RetriesExhausted(call.operation(), maxAttempts, lastProblem, lastError);
    }

    private HttpRequest request(Call call, String token, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(call.uri())
                .timeout(requestTimeout.plus(call.extraTimeout()))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json, application/problem+json");
        if (call.method().equals("GET")) {
            return request.GET().build();
        }
        request.header(IDEMPOTENCY_KEY, idempotencyKey).POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
        if (call.body().length > 0) {
            request.header("Content-Type", "application/json");
        }
        if (call.lease() != null) {
            request.header(JobLease.HEADER, call.lease().token());
        }
        if (call.expectedVersion() != null) {
            request.header("If-Match", "\"" + call.expectedVersion() + "\"");
        }
        return request.build();
    }

    private static String describe(Problem problem, Throwable error) {
        return problem != null ? problem.status() + " " + problem.title() : String.valueOf(error);
    }

    /** 409 only with Retry-After: without it, 409 is a refused transition and repeating cannot help. */
    static boolean isRetryable(int status, boolean hasRetryAfter) {
        return switch (status) {
            case 409 -> hasRetryAfter;
            case 429, 502, 503, 504 -> true;
            default -> false;
        };
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After").map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.get()))));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.get(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration until = Duration.between(clock.instant(), at.toInstant());
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException notADate) {
                return Optional.empty();
            }
        }
    }

    private Duration capped(Duration retryAfter) {
        return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }

    /** Exponential backoff with "equal jitter": half of the step fixed, the other half random. */
    Duration backoff(int attempt) {
        long step = initialBackoff.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(Math.max(step, 1), maxBackoff.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
    }

    private static void sleep(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to repeat a call", e);
        }
    }

    // ---- JSON ----

    private byte[] write(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T read(byte[] body, JavaType type) {
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable answer: " + new String(body, StandardCharsets.UTF_8), e);
        }
    }

    /**
     * The problem+json body with its extension members; a body that is not one (a proxy's HTML page)
     * becomes the generic problem of its status.
     */
    Problem problemOf(HttpResponse<byte[]> response) {
        return problemOf(json, response.statusCode(), response.body());
    }

    /** Reads a problem+json body, keeping the members the {@link Problem} record does not name as extensions. */
    public static Problem problemOf(ObjectMapper json, int status, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node != null && node.isObject()) {
                Map<String, Object> extensions = new LinkedHashMap<>();
                List<Problem.FieldError> errors = new ArrayList<>();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    switch (field.getKey()) {
                        case "type", "title", "status", "detail", "instance" -> {
                        }
                        case "errors" -> field.getValue().forEach(error -> errors.add(new Problem.FieldError(
                                error.path("field").asText(null), error.path("message").asText(null))));
                        default -> extensions.put(field.getKey(), json.treeToValue(field.getValue(), Object.class));
                    }
                }
                URI type = node.hasNonNull("type") ? URI.create(node.get("type").asText())
                        : ProblemType.forStatus(status).uri();
                String title = node.hasNonNull("title") ? node.get("title").asText() : ProblemType.forStatus(status).title();
                return new Problem(type, title, node.path("status").asInt(status), node.path("detail").asText(null),
                        node.path("instance").asText(null), errors, extensions);
            }
        } catch (IOException | IllegalArgumentException notAProblem) {
            // fall through
        }
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return Problem.of(ProblemType.forStatus(status), text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }

    private static String withoutTrailingSlash(URI uri) {
        String text = Objects.requireNonNull(uri, "base URL").toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** Settings of a {@link CoordinatorClient}; the defaults suit a coordinator in production. */
    public static final class Builder {
        private final URI authBaseUrl;
        private final URI jobsBaseUrl;
        private final String clientId;
        private final String clientSecret;
        private URI tokenEndpoint;
        private HttpClient http;
        private int maxAttempts = 6;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(10);
        private Duration maxRetryAfter = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder(URI authBaseUrl, URI jobsBaseUrl, String clientId, String clientSecret) {
            this.authBaseUrl = Objects.requireNonNull(authBaseUrl, "authBaseUrl");
            this.jobsBaseUrl = Objects.requireNonNull(jobsBaseUrl, "jobsBaseUrl");
            this.clientId = Objects.requireNonNull(clientId, "clientId");
            this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        }

        /** Another token endpoint than {@code <authBaseUrl>/api/auth/oauth2/token}. */
        public Builder tokenEndpoint(URI tokenEndpoint) {
            this.tokenEndpoint = tokenEndpoint;
            return this;
        }

        public Builder httpClient(HttpClient http) {
            this.http = http;
            return this;
        }

        /** Attempts per call, the first included (default 6). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first backoff step when the answer names no Retry-After (default 200 ms), doubled per attempt. */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** The longest Retry-After honoured as is (default 30 s); longer ones are cut to this. */
        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** The clock that decides when the token is stale (tests move it). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public CoordinatorClient build() {
            return new CoordinatorClient(this);
        }
    }
}
