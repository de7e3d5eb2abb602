package dev.mosaic.deploy.e2e;

import static dev.mosaic.coordinator.client.PlainHttp.get;
import static dev.mosaic.coordinator.client.PlainHttp.post;
import static dev.mosaic.coordinator.client.PlainHttp.read;
import static dev.mosaic.coordinator.client.PlainHttp.request;
import static dev.mosaic.coordinator.client.PlainHttp.send;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mosaic.coordinator.client.CoordinatorClient;
import dev.mosaic.coordinator.client.CoordinatorException;
import dev.mosaic.coordinator.client.CoordinatorWorker;
import dev.mosaic.coordinator.client.Lease;
import dev.mosaic.coordinator.client.People;
import dev.mosaic.deploy.localstack.JobsReplica;
import dev.mosaic.deploy.localstack.Service;
import dev.mosaic.deploy.localstack.StackConfig;
import dev.mosaic.deploy.localstack.ThrowawayStack;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.CoordinatorJob;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobPage;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemType;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Both services as real processes, exactly as the local stack runs them (their packaged
 * {@code quarkus-app}, {@code prod} profile, configured by environment variables only, on free ports,
 * with random dev secrets) against one embedded PostgreSQL, and the whole flow across them: a person signs
 * up and creates a job, the coordinator client claims and runs it under its lease with a
 * client-credentials token, the person reads the result and a timeline that tells the story. Then what
 * leases promise across coordinators and replicas, against two more jobs-service processes on the same
 * database: a killed coordinator's job is taken over and every job completes once, every job is claimed
 * once however many claim at once, an expired lease is taken back once while both replicas sweep, and a
 * long poll on one replica hears of a job created on the other. Logs: {@code target/e2e/logs/},
 * {@code target/e2e/jobs-a/logs/}, {@code target/e2e/jobs-b/logs/}.
 */
class EndToEndTest {
    private static final String COORDINATOR_CLIENT_ID = "coordinator";

    private static ThrowawayStack stack;
    private static String authUrl;
    /** The stack's jobs-service: the story and the access rules. */
    private static String jobsUrl;
    /**
     * Two more jobs-service processes on the same database, which take expired leases back every second (the
     * stack's own, which no setting reaches, every 5 s: its default). The lease tests run against these.
     */
    private static JobsReplica replicaA;
    private static JobsReplica replicaB;
    private static String coordinatorSecret;

    /** On any failure: the last lines of each service, so the build output says what the services said. */
    @RegisterExtension
    static final TestWatcher PRINT_LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (stack != null) {
                stack.printLogTails();
            }
        }
    };

    static {
        // The embedded PostgreSQL's own chatter (SLF4J → JUL) stays out of the build output.
        java.util.logging.Logger.getLogger("io.zonky").setLevel(java.util.logging.Level.WARNING);
    }

    @BeforeAll
    static void startBothServices() throws IOException {
        Path basedir = Path.of(System.getProperty("mosaic.e2e.basedir", System.getProperty("basedir", "."))).toAbsolutePath();
        Path root = StackConfig.findRoot(basedir);
        for (Service service : Service.values()) {
            Path jar = service.quarkusApp(root).resolve("quarkus-run.jar");
            assertTrue(Files.isRegularFile(jar), jar + " is missing: build the services first"
                    + " (./mvnw -B -q -DskipTests install at " + root + ")");
        }
        stack = ThrowawayStack.start(basedir, "e2e");
        authUrl = stack.stack().baseUrl(Service.AUTH);
        jobsUrl = stack.stack().baseUrl(Service.JOBS);
        coordinatorSecret = stack.secret("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET");
        assertNotNull(coordinatorSecret, "the stack generates the coordinator client's secret");
        try {
            replicaA = startReplica("jobs-a");
            replicaB = startReplica("jobs-b");
        } catch (RuntimeException e) {
            stack.printLogTails();
            throw e;
        }
    }

    private static JobsReplica startReplica(String name) throws IOException {
        return watched(JobsReplica.start(stack.config(), name, ThrowawayStack.freePort(),
                Map.of("MOSAIC_JOBS_LEASE_SWEEP_EVERY", "1s"), stack.output()));
    }

    private static JobsReplica watched(JobsReplica replica) {
        stack.watchLog(replica.logFile());
        return replica;
    }

    @AfterAll
    static void stopEverything() {
        replicas().forEach(JobsReplica::close); // before the stack stops PostgreSQL under them
        if (stack != null) {
            List<ProcessHandle> services = stack.stack().serviceProcesses();
            stack.close(); // SIGTERM, wait, SIGKILL after 15 s; then PostgreSQL
            services.forEach(service -> assertFalse(service.isAlive(), "pid " + service.pid() + " still runs"));
        }
    }

    // ---- the story ----

    @Test
    void aJobRunsFromSignUpToCompletedAndItsTimelineTellsTheWholeStory() {
        SignedIn person = signUp("Ada");
        String accessToken = accessTokenOf(person);
        String type = uniqueType("render.video");
        RunnerJob created = createJob(accessToken, type, Map.of("scene", "intro", "fps", 24));
        assertEquals(JobStatus.PENDING, created.status());
        assertEquals(person.user().id(), created.createdBy(), "the creator comes from the token");
        assertTrue(person.user().workspaceIds().contains(created.workspaceId()),
                "the job is in the person's workspace " + person.user().workspaceIds() + ": " + created.workspaceId());

        CoordinatorClient coordinator = coordinator(jobsUrl);
        UUID id = created.id();
        List<ClaimedJob> claimed = coordinator.claim(new ClaimRequest(List.of(type), 1, 60, 0));
        assertEquals(List.of(id), claimed.stream().map(c -> c.job().id()).toList());
        assertEquals(JobStatus.QUEUED, claimed.get(0).job().status());
        Lease lease = Lease.of(claimed.get(0));
        CoordinatorJob held = coordinator.job(id);
        assertEquals(COORDINATOR_CLIENT_ID, held.lease().holder(), "the lease names its holder");
        assertNull(held.lease().token(), "and never shows its token");

        RunnerJob running = coordinator.start(lease, "fetching assets");
        assertEquals(JobStatus.RUNNING, running.status());
        assertNotNull(running.startedAt());
        for (int percent : new int[] {25, 50, 75}) {
            assertEquals(percent, coordinator.progress(lease, percent, "rendering " + percent + " %").progressPercent());
        }
        assertEquals(COORDINATOR_CLIENT_ID, coordinator.heartbeat(lease).holder());
        Map<String, Object> result = Map.of("output", "s3://mosaic-e2e/" + id + "/out.mp4", "frames", 240);
        RunnerJob completed = coordinator.complete(lease, result);
        assertEquals(JobStatus.COMPLETED, completed.status());
        assertNull(coordinator.job(id).lease(), "completing ends the lease");

        // A finished job takes no more writes: a late "fail" finds the lease ended, with the state it found.
        CoordinatorException.LeaseLost late = assertThrows(CoordinatorException.LeaseLost.class,
                () -> coordinator.fail(lease, "too late", null));
        assertEquals(JobStatus.COMPLETED, late.currentStatus(), late.problem().toString());
        // "Final" on the wire too: no Retry-After that would invite a client to repeat it.
        HttpResponse<String> stale = send(request(jobsUrl + "/api/coordinator/jobs/" + id + "/progress",
                coordinator.accessToken()).header("Content-Type", "application/json").header(JobLease.HEADER, lease.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"progressPercent\":90}")));
        assertEquals(ProblemType.LEASE_LOST.uri(), assertProblem(409, stale, "a write with an ended lease").type());
        assertEquals(Optional.empty(), stale.headers().firstValue("Retry-After"), "lease-lost has no Retry-After");

        // The person reads the outcome ...
        HttpResponse<String> read = get(jobsUrl + "/api/runner-jobs/" + id, accessToken);
        assertEquals(200, read.statusCode(), read.body());
        RunnerJob seen = read(read.body(), new TypeReference<>() { });
        assertEquals(JobStatus.COMPLETED, seen.status());
        assertEquals(result, seen.result());
        assertEquals(100, seen.progressPercent());
        assertNotNull(seen.completedAt());
        assertEquals(completed.version(), seen.version());
        assertEquals("\"" + seen.version() + "\"", read.headers().firstValue("ETag").orElse(null), "the ETag is the version");

        // ... and the timeline that explains it: who did what, in order.
        HttpResponse<String> timeline = get(jobsUrl + "/api/runner-jobs/" + id + "/events", accessToken);
        assertEquals(200, timeline.statusCode(), timeline.body());
        List<JobEvent> events = read(timeline.body(), new TypeReference<>() { });
        String story = story(events);
        assertEquals(List.of(JobEventType.CREATED, JobEventType.CLAIMED, JobEventType.STATUS_CHANGED,
                JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.PROGRESS, JobEventType.COMPLETED),
                events.stream().map(JobEvent::type).toList(), story);
        assertEquals(person.user().id(), events.get(0).actor(), story);
        events.stream().skip(1).forEach(event ->
                assertEquals(COORDINATOR_CLIENT_ID, event.actor(), "the coordinator's events name its client id: " + story));
        assertEquals(List.of(JobStatus.PENDING, JobStatus.QUEUED), List.of(events.get(1).fromStatus(), events.get(1).toStatus()), story);
        assertEquals(List.of(JobStatus.QUEUED, JobStatus.RUNNING), List.of(events.get(2).fromStatus(), events.get(2).toStatus()), story);
        assertEquals(List.of(25, 50, 75), events.subList(3, 6).stream().map(JobEvent::progressPercent).toList(), story);
        assertEquals(List.of(JobStatus.RUNNING, JobStatus.COMPLETED), List.of(events.get(6).fromStatus(), events.get(6).toStatus()), story);
        events.forEach(event -> assertEquals(id, event.jobId(), story));
    }

    // ---- leases across coordinators and replicas ----

    @Test
    void whenOneOfTwoCoordinatorsIsKilledMidJobTheOtherTakesItOverAndEveryJobCompletesOnce() throws Exception {
        String user = accessTokenOf(signUp("Margaret"));
        String type = uniqueType("e2e.takeover");
        List<UUID> jobs = createJobs(user, type, 50);

        CountDownLatch victimMidJob = new CountDownLatch(1);
        AtomicInteger victimJobs = new AtomicInteger();
        AtomicReference<UUID> victimsLastJob = new AtomicReference<>();
        CoordinatorWorker victim = worker(replicaA.baseUrl(), type, held -> {
            held.progress(50, "half way");
            if (victimJobs.incrementAndGet() == 2) {
                victimsLastJob.set(held.job().id());
                victimMidJob.countDown();
                new CountDownLatch(1).await(); // works on until it is killed
            }
            return Map.of("by", "victim");
        });
        CoordinatorWorker survivor = worker(replicaB.baseUrl(), type, held -> {
            held.progress(50, "half way");
            return Map.of("by", "survivor");
        });
        try {
            victim.start();
            survivor.start();
            assertTrue(victimMidJob.await(60, TimeUnit.SECONDS), "the victim got a second job");
            victim.close(); // killed mid-job: no heartbeat, no write from it any more
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> jobsOf(user, type, JobStatus.COMPLETED).size() == jobs.size());
        } finally {
            victim.close();
            survivor.close();
        }

        CoordinatorClient reader = coordinator(replicaA.baseUrl());
        for (UUID id : jobs) {
            List<JobEvent> events = reader.events(id);
            String story = story(events);
            assertEquals(1, count(events, JobEventType.COMPLETED), "completed exactly once: " + story);
            int takenBack = count(events, JobEventType.LEASE_EXPIRED);
            assertEquals(1 + takenBack, count(events, JobEventType.CLAIMED), "claimed anew after each expiry: " + story);
            assertEquals(1 + takenBack, reader.job(id).job().attempt(), "one attempt more per expiry: " + story);
        }
        UUID takenOver = victimsLastJob.get();
        List<JobEvent> takeover = reader.events(takenOver);
        assertEquals(1, count(takeover, JobEventType.LEASE_EXPIRED), "the killed coordinator's job was taken back: "
                + story(takeover));
        RunnerJob finished = reader.job(takenOver).job();
        assertEquals(2, finished.attempt());
        assertEquals(Map.of("by", "survivor"), finished.result());
    }

    @Test
    void twoReplicasClaimEveryJobOnceAndTakeEveryExpiredLeaseBackOnce() throws Exception {
        String user = accessTokenOf(signUp("Frances"));
        String type = uniqueType("e2e.claim-race");
        List<UUID> jobs = createJobs(user, type, 200);
        List<CoordinatorClient> replicas = List.of(coordinator(replicaA.baseUrl()), coordinator(replicaB.baseUrl()));
        int leaseSeconds = 10;

        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<List<UUID>> answers;
        long claimingStarted = System.nanoTime();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<UUID>>> claimers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CoordinatorClient through = replicas.get(i % replicas.size());
                claimers.add(pool.submit(() -> {
                    go.await();
                    List<UUID> claimed = new ArrayList<>();
                    List<ClaimedJob> answer;
                    do {
                        answer = through.claim(new ClaimRequest(List.of(type), 3, leaseSeconds, 0));
                        answer.forEach(job -> claimed.add(job.job().id()));
                    } while (!answer.isEmpty());
                    return claimed;
                }));
            }
            go.countDown();
            answers = new ArrayList<>();
            for (Future<List<UUID>> claimer : claimers) {
                answers.add(claimer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Duration claiming = Duration.ofNanos(System.nanoTime() - claimingStarted);
        assertTrue(claiming.getSeconds() < leaseSeconds, "claiming took " + claiming + ", longer than a lease: jobs"
                + " could have been taken back and claimed again, which this test does not expect");

        List<UUID> claimed = answers.stream().flatMap(List::stream).toList();
        assertEquals(jobs.size(), claimed.size(), "no job in two answers");
        assertEquals(Set.copyOf(jobs), Set.copyOf(claimed), "every job claimed");
        int[] perReplica = new int[replicas.size()];
        for (int thread = 0; thread < threads; thread++) {
            perReplica[thread % replicas.size()] += answers.get(thread).size();
        }
        String split = "replica A " + perReplica[0] + ", replica B " + perReplica[1];
        assertTrue(perReplica[0] > 0 && perReplica[1] > 0, "both replicas handed out jobs: " + split);
        System.out.println("e2e: " + threads + " coordinators claimed " + claimed.size() + " jobs in "
                + claiming.toMillis() + " ms (" + split + ")");

        // Nobody heartbeats: every lease runs out, and the two replicas' sweeps race to take each job back.
        await().atMost(Duration.ofSeconds(leaseSeconds + 60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> jobsOf(user, type, JobStatus.PENDING).size() == jobs.size());
        jobsOf(user, type, JobStatus.PENDING).forEach(job -> assertEquals(2, job.attempt(), "attempt 2: " + job));
        CoordinatorClient reader = replicas.get(0);
        for (UUID id : jobs) {
            List<JobEvent> events = reader.events(id);
            assertEquals(List.of(JobEventType.CREATED, JobEventType.CLAIMED, JobEventType.LEASE_EXPIRED),
                    events.stream().map(JobEvent::type).toList(), "claimed once, taken back once: " + story(events));
        }
    }

    @Test
    void aLongPollOnOneReplicaIsAnsweredWithinASecondOfACreateOnTheOther() throws Exception {
        String user = accessTokenOf(signUp("Hedy"));
        String type = uniqueType("e2e.long-poll");
        CoordinatorClient onReplicaA = coordinator(replicaA.baseUrl());
        onReplicaA.accessToken(); // fetched now, so the measured time is the long poll's alone

        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // Only this claim may wait on replica A (a long poll another test left behind ends within its wait) ...
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> claimsWaiting(replicaA.baseUrl()) == 0);
            Future<TimedClaim> claim = pool.submit(() -> {
                List<ClaimedJob> claimed = onReplicaA.claim(new ClaimRequest(List.of(type), 1, 60, 10));
                return new TimedClaim(claimed, System.nanoTime());
            });
            // ... so once one waits there, it is this one, and the job is created while it waits.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> claimsWaiting(replicaA.baseUrl()) >= 1);

            RunnerJob created = createJob(replicaB.baseUrl(), user, type, Map.of("frame", 1));
            long createAnswered = System.nanoTime();
            TimedClaim answer = claim.get(15, TimeUnit.SECONDS);

            Duration latency = Duration.ofNanos(answer.answeredAt() - createAnswered);
            System.out.println("e2e: a claim waiting on replica A got the job created on replica B "
                    + latency.toMillis() + " ms after the create was answered");
            assertEquals(List.of(created.id()), answer.claimed().stream().map(c -> c.job().id()).toList());
            assertTrue(latency.compareTo(Duration.ofSeconds(1)) < 0, "answered " + latency.toMillis() + " ms after the create");
        } finally {
            pool.shutdownNow();
        }
    }

    private record TimedClaim(List<ClaimedJob> claimed, long answeredAt) {
    }

    // ---- revocation across replicas ----

    @Test
    void aSignedOutSessionsTokenIsRefusedByEveryReplicaWithinSecondsAndByOneStartedAfterwards() throws IOException {
        SignedIn person = signUp("Ida");
        String revoked = accessTokenOf(person);
        String live = accessTokenOf(signUp("Joan"));
        List<String> running = List.of(jobsUrl, replicaA.baseUrl(), replicaB.baseUrl());
        running.forEach(replica -> assertEquals(200, get(replica + "/api/runner-jobs", revoked).statusCode()));

        People.signOut(authUrl, person);

        // Every replica polls auth-service's revocation feed every 2 s (the default).
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> running.stream()
                .allMatch(replica -> get(replica + "/api/runner-jobs", revoked).statusCode() == 401));
        for (String replica : running) {
            assertProblem(401, get(replica + "/api/runner-jobs", revoked), "a revoked token at " + replica);
            assertEquals(200, get(replica + "/api/runner-jobs", live).statusCode(), "another person's token");
        }

        // A replica that starts now knows the revocation from its first request on: no wait.
        JobsReplica late = watched(JobsReplica.start(stack.config(), "jobs-late", ThrowawayStack.freePort(), Map.of(), stack.output()));
        try {
            Problem refused = assertProblem(401, get(late.baseUrl() + "/api/runner-jobs", revoked),
                    "a revoked token at a replica started after the revocation");
            assertTrue(refused.detail().contains("revoked"), refused.detail());
            assertEquals(200, get(late.baseUrl() + "/api/runner-jobs", live).statusCode(), "a live token there");
        } finally {
            late.close();
        }
    }

    /** A worker that claims jobs of {@code type} through one jobs-service, with 3 s leases. */
    private static CoordinatorWorker worker(String jobsServiceUrl, String type, CoordinatorWorker.JobHandler handler) {
        return CoordinatorWorker.builder(coordinator(jobsServiceUrl), handler).types(List.of(type))
                .leaseSeconds(3).waitSeconds(2).build();
    }

    private static int count(List<JobEvent> events, JobEventType type) {
        return (int) events.stream().filter(event -> event.type() == type).count();
    }

    private static String story(List<JobEvent> events) {
        return events.stream().map(e -> e.type() + "(" + e.fromStatus() + "→" + e.toStatus() + ", "
                + e.progressPercent() + ", " + e.actor() + ")").toList().toString();
    }

    /** The gauge of claims waiting on one replica, from its {@code /q/metrics}. */
    private static double claimsWaiting(String jobsServiceUrl) {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(jobsServiceUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(20)).header("Accept", "text/plain").GET());
        assertEquals(200, metrics.statusCode(), metrics.body());
        return metrics.body().lines().filter(line -> line.startsWith("mosaic_jobs_claims_waiting"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no mosaic_jobs_claims_waiting in /q/metrics"));
    }

    // ---- who may do what ----

    @Test
    void rolesDecideWhichEndpointsATokenMayUse() {
        SignedIn person = signUp("Grace");
        String userToken = accessTokenOf(person);
        RunnerJob job = createJob(userToken, "render.thumbnail", Map.of());

        HttpResponse<String> userAsCoordinator = post(jobsUrl + "/api/coordinator/jobs/" + job.id() + "/status", userToken,
                "{\"status\":\"QUEUED\"}");
        assertProblem(403, userAsCoordinator, "a user token on a coordinator endpoint");

        String coordinatorToken = coordinator(jobsUrl).accessToken();
        assertProblem(403, get(jobsUrl + "/api/runner-jobs/" + job.id(), coordinatorToken),
                "a coordinator token on a user endpoint");
        assertProblem(401, get(jobsUrl + "/api/runner-jobs/" + job.id(), null), "no token");

        RunnerJob unchanged = read(get(jobsUrl + "/api/runner-jobs/" + job.id(), userToken).body(), new TypeReference<>() { });
        assertEquals(JobStatus.PENDING, unchanged.status(), "a refused call changes nothing");
        assertEquals(job.version(), unchanged.version());
    }

    @Test
    void aPersonCannotSeeAnotherPersonsJob() {
        String owner = accessTokenOf(signUp("Barbara"));
        RunnerJob job = createJob(owner, "render.audio", Map.of("track", 3));
        String stranger = accessTokenOf(signUp("Edsger"));

        assertProblem(404, get(jobsUrl + "/api/runner-jobs/" + job.id(), stranger), "another workspace's job");
        assertProblem(404, get(jobsUrl + "/api/runner-jobs/" + job.id() + "/events", stranger), "another workspace's timeline");
        assertEquals(200, get(jobsUrl + "/api/runner-jobs/" + job.id(), owner).statusCode(), "the owner still sees it");
    }

    @Test
    void twoPeopleInOneTeamWorkspaceSeeAndCancelEachOthersJobsAndAThirdSeesNone() {
        SignedIn ada = signUp("Ada");
        SignedIn bob = signUp("Bob");
        SignedIn eve = signUp("Eve");
        UUID team = People.createWorkspace(authUrl, ada, "Studio").id();
        String link = People.invite(authUrl, stack, ada, team, bob.user().email());
        People.acceptInvitation(authUrl, bob, link);

        String adaToken = accessTokenOf(ada);
        String bobToken = accessTokenOf(bob);
        String eveToken = accessTokenOf(eve);
        String type = uniqueType("render.team");
        RunnerJob adasJob = createTeamJob(adaToken, team, type);
        RunnerJob bobsJob = createTeamJob(bobToken, team, type);
        Set<UUID> both = Set.of(adasJob.id(), bobsJob.id());
        for (String member : List.of(adaToken, bobToken)) {
            HttpResponse<String> listed = get(jobsUrl + "/api/runner-jobs?workspace=" + team + "&type=" + type, member);
            assertEquals(200, listed.statusCode(), listed.body());
            assertEquals(both, read(listed.body(), new TypeReference<JobPage>() { }).items().stream().map(RunnerJob::id)
                    .collect(java.util.stream.Collectors.toSet()), "each member sees both jobs");
        }
        assertCancelled(post(jobsUrl + "/api/runner-jobs/" + adasJob.id() + "/cancel", bobToken, "{}"), "Bob cancels Ada's job");
        assertCancelled(post(jobsUrl + "/api/runner-jobs/" + bobsJob.id() + "/cancel", adaToken, "{}"), "Ada cancels Bob's job");

        for (RunnerJob job : List.of(adasJob, bobsJob)) {
            assertProblem(404, get(jobsUrl + "/api/runner-jobs/" + job.id(), eveToken), "a job of a team Eve is not in");
            assertProblem(404, post(jobsUrl + "/api/runner-jobs/" + job.id() + "/retry", eveToken, "{}"), "nor retry it");
        }
        assertProblem(403, get(jobsUrl + "/api/runner-jobs?workspace=" + team, eveToken), "nor list the team's jobs");
        HttpResponse<String> evesOwn = get(jobsUrl + "/api/runner-jobs?type=" + type, eveToken);
        assertEquals(200, evesOwn.statusCode(), evesOwn.body());
        assertEquals(List.of(), read(evesOwn.body(), new TypeReference<JobPage>() { }).items(), "Eve sees none of them");
    }

    private static RunnerJob createTeamJob(String accessToken, UUID team, String type) {
        return People.createJob(jobsUrl, accessToken, team, type);
    }

    private static void assertCancelled(HttpResponse<String> response, String what) {
        assertEquals(200, response.statusCode(), what + ": " + response.body());
        assertEquals(JobStatus.CANCELLED, read(response.body(), new TypeReference<RunnerJob>() { }).status(), what);
    }

    /** A coordinator client with the stack's coordinator credentials, against one jobs-service. */
    private static CoordinatorClient coordinator(String jobsServiceUrl) {
        return CoordinatorClient.builder(URI.create(authUrl), URI.create(jobsServiceUrl), COORDINATOR_CLIENT_ID,
                coordinatorSecret).build();
    }

    /** A job type of this test alone, so no other test's claims take its jobs. */
    private static String uniqueType(String prefix) {
        return prefix + "." + UUID.randomUUID();
    }

    // ---- a person's side, over plain HTTP as the console does it ----

    /**
     * Sign-up as the SPA does it: the answer only says "check your mail"; the mailed link (here read from the
     * mock mailer's log) leads to the page that confirms the address, which signs the person in.
     */
    private static SignedIn signUp(String name) {
        return People.signUp(authUrl, stack, name);
    }

    private static String accessTokenOf(SignedIn signedIn) {
        return People.accessToken(authUrl, signedIn);
    }

    private static RunnerJob createJob(String accessToken, String type, Map<String, Object> payload) {
        return createJob(jobsUrl, accessToken, type, payload);
    }

    private static RunnerJob createJob(String jobsServiceUrl, String accessToken, String type, Map<String, Object> payload) {
        return People.createJob(jobsServiceUrl, accessToken, type, payload);
    }

    private static List<UUID> createJobs(String accessToken, String type, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> createJob(accessToken, type, Map.of("frame", i)).id()).toList();
    }

    /** The jobs of {@code type} in {@code status}, as their creator lists them (every page). */
    private static List<RunnerJob> jobsOf(String accessToken, String type, JobStatus status) {
        List<RunnerJob> jobs = new ArrayList<>();
        String cursor = null;
        do {
            String url = jobsUrl + "/api/runner-jobs?limit=100&type=" + type + "&status=" + status
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            HttpResponse<String> response = get(url, accessToken);
            assertEquals(200, response.statusCode(), response.body());
            JobPage page = read(response.body(), new TypeReference<>() { });
            jobs.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return jobs;
    }

    private static Problem assertProblem(int status, HttpResponse<String> response, String what) {
        assertEquals(status, response.statusCode(), what + ": " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith(Problem.MEDIA_TYPE),
                what + ": a problem+json body, got " + response.headers().firstValue("Content-Type") + " " + response.body());
        Problem problem = CoordinatorClient.problemOf(CoordinatorClient.objectMapper(), response.statusCode(),
                response.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(status, problem.status(), what + ": " + response.body());
        return problem;
    }

    // ---- the stack's housekeeping ----

    private static Stream<JobsReplica> replicas() {
        return Stream.of(replicaA, replicaB).filter(Objects::nonNull);
    }
}
