package dev.mosaic.jobs.coordinator;

import dev.mosaic.jobs.concurrency.ExpectedVersion;
import dev.mosaic.jobs.idempotency.IdempotencyKeys;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.jobs.runner.JobAccess;
import dev.mosaic.jobs.runner.RunnerJobEntity;
import dev.mosaic.jobs.runner.RunnerJobsService;
import dev.mosaic.jobs.timeline.JobEventEntity;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.CompleteJobRequest;
import dev.mosaic.shared.jobs.FailJobRequest;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.jobs.StatusChangeRequest;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * What a coordinator does to the jobs it executes. Status changes, completion and failure lock the
 * job row ({@code SELECT ... FOR UPDATE}) for one transaction, so racing writers are serialised
 * by PostgreSQL and need no retry: of N racing completions exactly one finds the job RUNNING.
 * Progress, the hot path, stays optimistic and shares the users' path.
 */
@ApplicationScoped
public class CoordinatorIntegrationService {
    private final RunnerJobsService runnerJobs;
    private final IdempotencyKeys idempotency;

    public CoordinatorIntegrationService(RunnerJobsService runnerJobs, IdempotencyKeys idempotency) {
        this.runnerJobs = runnerJobs;
        this.idempotency = idempotency;
    }

    @WithTransaction
    public Uni<RunnerJob> updateJobStatus(AuthUser caller, UUID id, StatusChangeRequest request,
            ExpectedVersion expected, IdempotentCall call) {
        if (request.status() == JobStatus.COMPLETED || request.status() == JobStatus.FAILED) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                    "status " + request.status() + " is set by /complete or /fail, which carry the result or the error.",
                    List.of(new Problem.FieldError("status", "must not be COMPLETED or FAILED here"))));
        }
        return lockedWrite(caller, id, expected, call, job -> {
            JobStatus from = job.status;
            job.moveTo(request.status(), RunnerJobEntity.now());
            if (request.currentStep() != null) {
                job.currentStep = request.currentStep();
            }
            JobEventType type = request.status() == JobStatus.CANCELLED
                    ? JobEventType.CANCELLED : JobEventType.STATUS_CHANGED;
            return JobEventEntity.of(type, job, from, caller.id(), null);
        });
    }

    public Uni<RunnerJob> updateJobProgress(AuthUser caller, UUID id, ProgressUpdate update, IdempotentCall call) {
        return runnerJobs.updateProgress(caller, id, update, call);
    }

    @WithTransaction
    public Uni<RunnerJob> completeJob(AuthUser caller, UUID id, CompleteJobRequest request, ExpectedVersion expected,
            IdempotentCall call) {
        return lockedWrite(caller, id, expected, call, job -> {
            JobStatus from = job.status;
            job.moveTo(JobStatus.COMPLETED, RunnerJobEntity.now());
            job.result = request.result();
            job.progressPercent = 100;
            return JobEventEntity.of(JobEventType.COMPLETED, job, from, caller.id(), null);
        });
    }

    @WithTransaction
    public Uni<RunnerJob> failJob(AuthUser caller, UUID id, FailJobRequest request, ExpectedVersion expected,
            IdempotentCall call) {
        return lockedWrite(caller, id, expected, call, job -> {
            JobStatus from = job.status;
            job.moveTo(JobStatus.FAILED, RunnerJobEntity.now());
            job.error = request.error();
            Map<String, Object> data = new HashMap<>();
            data.put("error", request.error());
            if (request.details() != null) {
                data.put("details", request.details());
            }
            return JobEventEntity.of(JobEventType.FAILED, job, from, caller.id(), data);
        });
    }

    /**
     * Locks the row, then validates and writes; the Idempotency-Key is looked up only under the
     * lock, so a repeated call waits for the first and then gets its answer.
     */
    private Uni<RunnerJob> lockedWrite(AuthUser caller, UUID id, ExpectedVersion expected, IdempotentCall call,
            Function<RunnerJobEntity, JobEventEntity> change) {
        return RunnerJobEntity.findForUpdate(id)
                .map(job -> JobAccess.visibleOrNotFound(caller, id, job))
                .chain(job -> idempotency.replayOrRun(call, () -> {
                    expected.check(id, job.version);
                    return change.apply(job).persist()
                            .chain(Panache::flush)
                            .map(flushed -> job.toDto());
                }));
    }

}
