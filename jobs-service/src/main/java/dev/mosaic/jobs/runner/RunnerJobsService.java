package dev.mosaic.jobs.runner;

import dev.mosaic.jobs.concurrency.ConcurrentUpdateException;
import dev.mosaic.jobs.concurrency.ConflictMetrics;
import dev.mosaic.jobs.concurrency.ExpectedVersion;
import dev.mosaic.jobs.concurrency.RetryCounter;
import dev.mosaic.jobs.concurrency.StaleWrites;
import dev.mosaic.jobs.idempotency.IdempotencyKeys;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.jobs.timeline.JobEventEntity;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.CreateJobRequest;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.JobPage;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * The rules of runner jobs for users, and the optimistic progress path of coordinators. Cancel and
 * retry read, validate with {@link JobStatus} and write with a version-checked UPDATE; progress
 * writes with one guarded UPDATE. A lost race is retried with exponential backoff and jitter,
 * each attempt a whole new read-validate-write in a new transaction.
 */
@ApplicationScoped
public class RunnerJobsService {
    private final IdempotencyKeys idempotency;
    private final ConflictMetrics metrics;

    public RunnerJobsService(IdempotencyKeys idempotency, ConflictMetrics metrics) {
        this.idempotency = idempotency;
        this.metrics = metrics;
    }

    @WithTransaction
    public Uni<RunnerJob> create(AuthUser caller, UUID workspaceId, CreateJobRequest request) {
        JobAccess.requireMember(caller, workspaceId);
        Instant now = RunnerJobEntity.now();
        RunnerJobEntity job = new RunnerJobEntity();
        job.id = UUID.randomUUID();
        job.workspaceId = workspaceId;
        job.createdBy = caller.id();
        job.type = request.type();
        job.priority = request.priority() == null ? JobLimits.DEFAULT_PRIORITY : request.priority();
        job.status = JobStatus.PENDING;
        job.payload = request.payload();
        job.attempt = 1;
        job.createdAt = now;
        job.updatedAt = now;
        return job.persist()
                .chain(() -> JobEventEntity.of(JobEventType.CREATED, job, null, caller.id(), null).persist())
                .map(event -> job.toDto());
    }

    @WithSession
    public Uni<RunnerJob> get(AuthUser caller, UUID id) {
        return RunnerJobEntity.<RunnerJobEntity>findById(id)
                .map(job -> JobAccess.visibleOrNotFound(caller, id, job).toDto());
    }

    @WithSession
    public Uni<List<JobEvent>> timeline(AuthUser caller, UUID id) {
        return RunnerJobEntity.<RunnerJobEntity>findById(id)
                .map(job -> JobAccess.visibleOrNotFound(caller, id, job))
                .chain(job -> JobEventEntity.timelineOf(id))
                .map(events -> events.stream().map(JobEventEntity::toDto).toList());
    }

    @WithSession
    public Uni<JobPage> list(AuthUser caller, JobListQuery query) {
        JobAccess.requireMember(caller, query.workspaceId());
        StringBuilder where = new StringBuilder("workspaceId = :workspace");
        Parameters parameters = Parameters.with("workspace", query.workspaceId());
        if (query.status() != null) {
            where.append(" and status = :status");
            parameters.and("status", query.status());
        }
        if (query.type() != null) {
            where.append(" and type = :type");
            parameters.and("type", query.type());
        }
        if (query.after() != null) {
            where.append(" and (createdAt < :afterCreated or (createdAt = :afterCreated and id < :afterId))");
            parameters.and("afterCreated", query.after().createdAt()).and("afterId", query.after().id());
        }
        return RunnerJobEntity.<RunnerJobEntity>find(where.toString(),
                        Sort.descending("createdAt", "id"), parameters)
                .range(0, query.limit())
                .list()
                .map(jobs -> {
                    boolean more = jobs.size() > query.limit();
                    List<RunnerJobEntity> page = more ? jobs.subList(0, query.limit()) : jobs;
                    String next = more ? JobListQuery.Cursor.after(page.get(page.size() - 1)).encode() : null;
                    return new JobPage(page.stream().map(RunnerJobEntity::toDto).toList(), next);
                });
    }

    @Retry(maxRetries = 3, delay = 30, jitter = 5, retryOn = ConcurrentUpdateException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 1, maxDelayUnit = ChronoUnit.SECONDS)
    @BeforeRetry(RetryCounter.class)
    public Uni<RunnerJob> cancel(AuthUser caller, UUID id, ExpectedVersion expected, String reason,
            IdempotentCall call) {
        return optimisticWrite("cancel", caller, id, expected, call, job -> {
            JobStatus from = job.status;
            job.moveTo(JobStatus.CANCELLED, RunnerJobEntity.now());
            return JobEventEntity.of(JobEventType.CANCELLED, job, from, caller.id(),
                    reason == null ? null : Map.of("reason", reason));
        });
    }

    @Retry(maxRetries = 3, delay = 30, jitter = 5, retryOn = ConcurrentUpdateException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 1, maxDelayUnit = ChronoUnit.SECONDS)
    @BeforeRetry(RetryCounter.class)
    public Uni<RunnerJob> retry(AuthUser caller, UUID id, ExpectedVersion expected, IdempotentCall call) {
        return optimisticWrite("retry", caller, id, expected, call, job -> {
            JobStatus from = job.status;
            int failedAttempt = job.attempt;
            job.startNewAttempt(RunnerJobEntity.now());
            return JobEventEntity.of(JobEventType.RETRIED, job, from, caller.id(),
                    Map.of("failedAttempt", failedAttempt, "attempt", job.attempt));
        });
    }

    /**
     * Raises a RUNNING job's progress. A value at or below the stored one answers with the job
     * unchanged (no event), so of racing updates the highest wins and none is an error. The write
     * is one guarded statement, and the read after it both answers and, when the guard did not
     * hold, says why; only a failure that read cannot explain (a writer changed the job between
     * the two) retries the whole attempt.
     */
    @Retry(maxRetries = 3, delay = 30, jitter = 5, retryOn = ConcurrentUpdateException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 1, maxDelayUnit = ChronoUnit.SECONDS)
    @BeforeRetry(RetryCounter.class)
    public Uni<RunnerJob> updateProgress(AuthUser caller, UUID id, ProgressUpdate update, IdempotentCall call) {
        JobAccess.requireCoordinator(caller);
        int percent = update.progressPercent();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() ->
                        idempotency.replayOrRun(call, () ->
                                RunnerJobEntity.raiseProgress(id, percent, update.currentStep(), caller.id())
                                        .chain(raised -> RunnerJobEntity.<RunnerJobEntity>findById(id)
                                                .map(job -> afterProgress(id, job, raised, percent))))))
                .onFailure(StaleWrites::isLostRace).transform(lost -> conflict("updateProgress", id));
    }

    /** The answer: the raised job, or why not — no such job (404), not RUNNING (409), a higher value already (200). */
    private RunnerJob afterProgress(UUID id, RunnerJobEntity job, boolean raised, int percent) {
        if (job == null) {
            throw new JobNotFoundException(id);
        }
        if (raised) {
            return job.toDto();
        }
        if (!job.status.acceptsProgress()) {
            throw new InvalidTransitionException(id, job.status, "progress is accepted only while RUNNING");
        }
        if (job.progressPercent >= percent) {
            return job.toDto();
        }
        throw conflict("updateProgress", id);
    }

    /**
     * One attempt of an optimistic change, deferred so that every subscription (every retry)
     * opens its own session and transaction and reads the job afresh. {@code change} validates and
     * mutates the job and returns the event that explains it.
     */
    private Uni<RunnerJob> optimisticWrite(String operation, AuthUser caller, UUID id, ExpectedVersion expected,
            IdempotentCall call, Function<RunnerJobEntity, JobEventEntity> change) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() ->
                        RunnerJobEntity.<RunnerJobEntity>findById(id)
                                .map(job -> JobAccess.visibleOrNotFound(caller, id, job))
                                .chain(job -> idempotency.replayOrRun(call, () -> {
                                    expected.check(id, job.version);
                                    return change.apply(job).persist()
                                            .chain(Panache::flush)
                                            .map(written -> job.toDto());
                                }))))
                .onFailure(StaleWrites::isLostRace).transform(lost -> conflict(operation, id));
    }

    private ConcurrentUpdateException conflict(String operation, UUID id) {
        metrics.conflict(operation);
        return new ConcurrentUpdateException(operation, id);
    }

}
