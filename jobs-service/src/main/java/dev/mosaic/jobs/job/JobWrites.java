package dev.mosaic.jobs.job;

import dev.mosaic.jobs.concurrency.ConcurrentUpdateException;
import dev.mosaic.jobs.concurrency.ConflictMetrics;
import dev.mosaic.jobs.concurrency.ExpectedVersion;
import dev.mosaic.jobs.concurrency.RetryCounter;
import dev.mosaic.jobs.concurrency.StaleWrites;
import dev.mosaic.jobs.idempotency.IdempotencyKeys;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.CreateJobRequest;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.faulttolerance.api.BeforeRetry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.faulttolerance.Retry;

/**
 * Every change of a job that reads it first, users' and coordinators' alike. Each is one attempt
 * of read, validate, write in its own transaction ({@link #write}), guarded in one of two ways
 * ({@link Guard}); a lost race is retried with exponential backoff and jitter, each retry a whole
 * new attempt that reads the job afresh, and ends as 409 with {@code Retry-After} when retries run
 * out. The event that explains a change is written in the same transaction.
 *
 * <p>Coordinators' writes also need the job's live lease; an accepted one extends it.
 */
@ApplicationScoped
@Retry(maxRetries = 3, delay = 30, jitter = 5, retryOn = ConcurrentUpdateException.class)
@ExponentialBackoff(factor = 2, maxDelay = 1, maxDelayUnit = ChronoUnit.SECONDS)
@BeforeRetry(RetryCounter.class)
public class JobWrites {
    /** How a write makes sure that no other writer changed the job between its read and its write. */
    public enum Guard {
        /**
         * A plain read, then Hibernate's {@code UPDATE ... WHERE version = ?}: zero rows means another
         * writer won, and the attempt is retried. For users' writes, which rarely race.
         */
        VERSION_CHECK,
        /**
         * {@code SELECT ... FOR UPDATE}: racing writers queue on the row lock and each validates
         * against what the one before it wrote, so nothing needs a retry. For coordinators' status
         * changes, completions and failures, which race each other and users' cancels.
         */
        ROW_LOCK;

        Uni<RunnerJobEntity> read(UUID id) {
            return this == ROW_LOCK ? RunnerJobEntity.findForUpdate(id) : RunnerJobEntity.findById(id);
        }
    }

    /** Who asks for a write to which job, with what preconditions. {@code lease} is null for users. */
    public record Request(AuthUser caller, UUID jobId, ExpectedVersion expected, IdempotentCall call,
            LeaseToken lease) {
    }

    private final IdempotencyKeys idempotency;
    private final ConflictMetrics metrics;
    private final PayloadSize payloadSize;

    public JobWrites(IdempotencyKeys idempotency, ConflictMetrics metrics, PayloadSize payloadSize) {
        this.idempotency = idempotency;
        this.metrics = metrics;
        this.payloadSize = payloadSize;
    }

    /**
     * A new PENDING job. With an {@code Idempotency-Key}, a repeat answers the first job; two
     * repeats at once race on the key's unique index and the loser's retry finds the answer.
     */
    public Uni<RunnerJob> create(AuthUser caller, UUID workspaceId, CreateJobRequest request, IdempotentCall call) {
        JobAccess.requireMember(caller, workspaceId);
        payloadSize.requireWithinLimit("payload", request.payload());
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> idempotency.replayOrRun(call, () -> {
                    Instant now = RunnerJobEntity.now();
                    RunnerJobEntity job = new RunnerJobEntity();
                    job.id = UUID.randomUUID();
                    job.workspaceId = workspaceId;
                    job.createdBy = caller.id();
                    job.type = request.type();
                    job.priority = request.priority() == null ? JobLimits.DEFAULT_PRIORITY : request.priority();
                    job.maxAttempts = request.maxAttempts() == null
                            ? JobLimits.DEFAULT_MAX_ATTEMPTS : request.maxAttempts();
                    job.status = JobStatus.PENDING;
                    job.payload = request.payload();
                    job.attempt = 1;
                    job.createdAt = now;
                    job.updatedAt = now;
                    return job.persist()
                            .chain(() -> JobEventEntity.of(JobEventType.CREATED, job, null, caller.id(), null).persist())
                            .chain(Panache::flush)
                            .map(flushed -> job.toDto());
                })))
                .onFailure(StaleWrites::isLostRace).transform(lost -> conflict("create", null));
    }

    public Uni<RunnerJob> cancel(Request request, String reason) {
        return write("cancel", Guard.VERSION_CHECK, request, job -> cancelled(job, request, reason));
    }

    /** FAILED → PENDING: a new attempt. */
    public Uni<RunnerJob> retryFailedJob(Request request) {
        return write("retryFailedJob", Guard.VERSION_CHECK, request, job -> {
            JobStatus from = job.status;
            int failedAttempt = job.attempt;
            job.startNewAttempt(RunnerJobEntity.now());
            return JobEventEntity.of(JobEventType.RETRIED, job, from, request.caller().id(),
                    Map.of("failedAttempt", failedAttempt, "attempt", job.attempt));
        });
    }

    public Uni<RunnerJob> changeStatus(Request request, StatusChangeRequest change) {
        if (change.status() == JobStatus.COMPLETED || change.status() == JobStatus.FAILED) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                    "status " + change.status() + " is set by /complete or /fail, which carry the result or the error.",
                    List.of(new Problem.FieldError("status", "must not be COMPLETED or FAILED here"))));
        }
        return write("changeStatus", Guard.ROW_LOCK, request, job -> {
            Instant now = requireLease(job, request);
            if (change.status() == JobStatus.CANCELLED) {
                return cancelled(job, request, null);
            }
            JobStatus from = job.status;
            job.moveTo(change.status(), now);
            job.extendLease(now);
            if (change.currentStep() != null) {
                job.currentStep = change.currentStep();
            }
            return JobEventEntity.of(JobEventType.STATUS_CHANGED, job, from, request.caller().id(),
                    change.currentStep() == null ? null : Map.of("step", change.currentStep()));
        });
    }

    public Uni<RunnerJob> complete(Request request, CompleteJobRequest completion) {
        payloadSize.requireWithinLimit("result", completion.result());
        return write("complete", Guard.ROW_LOCK, request, job -> {
            Instant now = requireLease(job, request);
            JobStatus from = job.status;
            job.moveTo(JobStatus.COMPLETED, now);
            job.result = completion.result();
            job.progressPercent = 100;
            return JobEventEntity.of(JobEventType.COMPLETED, job, from, request.caller().id(), null);
        });
    }

    public Uni<RunnerJob> fail(Request request, FailJobRequest failure) {
        return write("fail", Guard.ROW_LOCK, request, job -> {
            Instant now = requireLease(job, request);
            JobStatus from = job.status;
            job.moveTo(JobStatus.FAILED, now);
            job.error = failure.error();
            Map<String, Object> data = new HashMap<>();
            data.put("error", failure.error());
            if (failure.details() != null) {
                data.put("details", failure.details());
            }
            return JobEventEntity.of(JobEventType.FAILED, job, from, request.caller().id(), data);
        });
    }

    /**
     * A progress update with an {@code Idempotency-Key} ({@link ProgressWrites} does those without):
     * the guarded statement ({@link ProgressStatement}) and the remembered answer in one transaction.
     * The read after the statement answers and, when the guard did not hold, says why; only a miss
     * that read cannot explain (a writer changed the job between the two) retries the whole attempt.
     */
    public Uni<RunnerJob> updateProgress(Request request, ProgressUpdate update) {
        UUID id = request.jobId();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() ->
                        idempotency.replayOrRun(request.call(), () ->
                                ProgressStatement.raiseInSession(id, update, request.caller().id(), request.lease())
                                        .chain(raised -> RunnerJobEntity.<RunnerJobEntity>findById(id)
                                                .map(job -> raised ? job.toDto() : explained(request, job, update))))))
                .onFailure(StaleWrites::isLostRace).transform(lost -> conflict("updateProgress", id));
    }

    private RunnerJob explained(Request request, RunnerJobEntity job, ProgressUpdate update) {
        RunnerJob unchanged = ProgressStatement.unchangedOrRefused(request, job, update);
        if (unchanged == null) {
            throw conflict("updateProgress", job.id);
        }
        return unchanged;
    }

    /**
     * One attempt of a change, deferred so that every subscription (every retry) opens its own
     * session and transaction and reads the job afresh. The Idempotency-Key is looked up after the
     * read, so under a row lock a repeated call waits for the first and then gets its answer.
     * {@code change} validates and mutates the job and returns the event that explains it.
     */
    private Uni<RunnerJob> write(String operation, Guard guard, Request request,
            Function<RunnerJobEntity, JobEventEntity> change) {
        UUID id = request.jobId();
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> guard.read(id)
                        .map(job -> JobAccess.visibleOrNotFound(request.caller(), id, job))
                        .chain(job -> idempotency.replayOrRun(request.call(), () -> {
                            request.expected().check(id, job.version);
                            return change.apply(job).persist()
                                    .chain(Panache::flush)
                                    .map(written -> job.toDto());
                        }))))
                .onFailure(StaleWrites::isLostRace).transform(lost -> conflict(operation, id));
    }

    /** A user's cancel and a coordinator's are the same change; either ends the lease. */
    private static JobEventEntity cancelled(RunnerJobEntity job, Request request, String reason) {
        JobStatus from = job.status;
        job.moveTo(JobStatus.CANCELLED, RunnerJobEntity.now());
        return JobEventEntity.of(JobEventType.CANCELLED, job, from, request.caller().id(),
                reason == null ? null : Map.of("reason", reason));
    }

    /** @return now, at which the caller holds the job's live lease */
    static Instant requireLease(RunnerJobEntity job, Request request) {
        Instant now = RunnerJobEntity.now();
        if (!job.isHeldBy(request.lease(), request.caller().id(), now)) {
            throw new LeaseLostException(job, request.lease() != null);
        }
        return now;
    }

    private ConcurrentUpdateException conflict(String operation, UUID id) {
        metrics.conflict(operation);
        return new ConcurrentUpdateException(operation, id);
    }
}
