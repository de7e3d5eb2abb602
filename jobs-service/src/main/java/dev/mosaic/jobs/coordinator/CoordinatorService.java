package dev.mosaic.jobs.coordinator;

import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.jobs.job.JobNotFoundException;
import dev.mosaic.jobs.job.JobQueue;
import dev.mosaic.jobs.job.LeaseLostException;
import dev.mosaic.jobs.job.LeaseToken;
import dev.mosaic.jobs.job.RunnerJobEntity;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.ClaimedJobs;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * How coordinators get work and keep it: claims (with an optional long poll, and repeats by
 * {@code Idempotency-Key}) and heartbeats. The statements themselves are {@link JobQueue}'s; this adds
 * the defaults, the bounds and the waiting.
 */
@Singleton
public class CoordinatorService {
    private final JobQueue queue;
    private final ClaimWakeups wakeups;
    private final LeaseConfig config;

    public CoordinatorService(JobQueue queue, ClaimWakeups wakeups, LeaseConfig config) {
        this.queue = queue;
        this.wakeups = wakeups;
        this.config = config;
    }

    /**
     * Claims now; when nothing is claimable and the request may wait, waits for a wake-up (a job of
     * a wanted type became claimable anywhere) or the deadline, and claims again, until it has jobs
     * or the deadline has passed. Never a busy loop: between claims it only waits.
     *
     * <p>With an {@code Idempotency-Key} ({@code call} not null) whose claim is remembered, it is a
     * repeat: it answers that claim's jobs that are still held, under new lease tokens
     * ({@link JobQueue#reissue}), at once and without waiting, even when none is left.
     */
    public Uni<ClaimedJobs> claim(AuthUser caller, ClaimRequest request, IdempotentCall call) {
        ClaimRequest asked = request == null ? new ClaimRequest(null, null, null, null) : request;
        int max = asked.max() == null ? 1 : asked.max();
        int leaseSeconds = leaseSeconds(asked.leaseSeconds());
        int waitSeconds = asked.waitSeconds() == null ? 0 : asked.waitSeconds();
        Instant deadline = Instant.now().plusSeconds(waitSeconds);
        Executor callerContext = callerContext();
        Uni<List<ClaimedJob>> remembered = call == null ? Uni.createFrom().nullItem() : queue.reissue(call);
        return remembered.chain(reissued -> reissued != null ? Uni.createFrom().item(reissued)
                        : claimUntil(caller.id(), asked.types(), max, leaseSeconds, call, deadline, callerContext))
                .map(ClaimedJobs::new);
    }

    private Uni<List<ClaimedJob>> claimUntil(String holder, List<String> types, int max,
            int leaseSeconds, IdempotentCall call, Instant deadline, Executor callerContext) {
        ClaimWakeups.Waiter waiter = wakeups.register(types);
        return queue.claim(holder, types, max, leaseSeconds, call).chain(claimed -> {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!claimed.isEmpty() || left.isNegative() || left.isZero()) {
                return Uni.createFrom().item(claimed);
            }
            return Uni.createFrom().completionStage(waiter.woken())
                    .ifNoItem().after(left).recoverWithItem((Void) null)
                    .emitOn(callerContext)
                    .chain(() -> claimUntil(holder, types, max, leaseSeconds, call, deadline, callerContext));
        }).onTermination().invoke(() -> wakeups.forget(waiter));
    }

    /** Extends the caller's lease on job {@code id}, or says why it cannot: no such job, or no live lease. */
    public Uni<JobLease> heartbeat(AuthUser caller, UUID id, LeaseToken lease) {
        Uni<JobLease> extended = lease == null ? Uni.createFrom().nullItem() : queue.heartbeat(id, caller.id(), lease);
        return extended.chain(done -> done != null ? Uni.createFrom().item(done)
                : Panache.withSession(() -> RunnerJobEntity.<RunnerJobEntity>findById(id)).map(job -> {
                    if (job == null) {
                        throw new JobNotFoundException(id);
                    }
                    throw new LeaseLostException(job, lease != null);
                }));
    }

    private int leaseSeconds(Integer asked) {
        if (asked == null) {
            return Math.min(config.defaultSeconds(), config.maxSeconds());
        }
        if (asked > config.maxSeconds()) {
            throw new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                    "leaseSeconds may be at most " + config.maxSeconds() + " here; heartbeat to keep a job longer.",
                    List.of(new Problem.FieldError("leaseSeconds", "must be at most " + config.maxSeconds()))));
        }
        return asked;
    }

    /** Continues a waiting claim on the request's own event loop, however it was woken. */
    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
