package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The coordinators' hot path in one statement: raise a RUNNING job's progress, extend the lease,
 * append the PROGRESS event — or change nothing. The guard is the invariant itself (RUNNING, only
 * upwards or a new step at the same value, under the caller's live lease), checked by PostgreSQL
 * under the row lock: a racing writer makes this wait for the lock and re-check, never overwrite,
 * so there is no lost update and nothing to retry.
 *
 * <p>Two forms of the one statement: {@link #ON_POOL} runs alone in autocommit on the reactive pool
 * and answers with the raised job's row (one round trip: no transaction, no session, no read
 * after); {@link #raiseInSession} runs inside a Hibernate transaction, for calls with an
 * {@code Idempotency-Key}, whose remembered answer must commit with the change.
 *
 * <p>The lease moves only once half its term is used: {@code lease_expires_at} is indexed (the sweep
 * needs it), and an UPDATE that changes an indexed column cannot be a HOT update, which cost every
 * progress write a new entry in every index of the table (measured: 0 % HOT and 15 % fewer
 * progress writes per second at 8 connections, against 96 % HOT before leases). So a live lease
 * always has at least half its term left after an accepted write.
 *
 * <p>In the session a plain statement, not one mapped to the entity: Hibernate caches the plan of an
 * entity-mapped native query under a key that never matches again, which filled its plan cache and
 * cost a fifth of the service's CPU in the benchmark.
 */
final class ProgressStatement {
    /** The statement's parameters, in the order of {@link #ON_POOL}'s {@code $n}. */
    private static final List<String> PARAMETERS = List.of("id", "percent", "step", "now", "holder", "epoch",
            "secretHash");

    private static final String RAISE = """
            UPDATE runner_jobs
               SET progress_percent = :percent,
                   current_step = coalesce(cast(:step AS text), current_step),
                   updated_at = :now,
                   version = version + 1,
                   lease_expires_at = CASE
                       WHEN lease_expires_at < now() + lease_seconds * interval '0.5 second'
                       THEN now() + lease_seconds * interval '1 second'
                       ELSE lease_expires_at END
             WHERE id = :id AND status = 'RUNNING'
               AND (progress_percent < :percent
                    OR (progress_percent = :percent AND cast(:step AS text) IS NOT NULL
                        AND current_step IS DISTINCT FROM cast(:step AS text)))
               AND lease_epoch = :epoch AND lease_holder = :holder AND lease_secret_hash = :secretHash
               AND lease_expires_at > now()
            RETURNING *""";

    private static final String APPEND_EVENT = """
            INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
            SELECT id, 'PROGRESS', status, status, progress_percent,
                   CASE WHEN cast(:step AS text) IS NULL THEN NULL
                        ELSE jsonb_build_object('step', cast(:step AS text)) END,
                   :holder, updated_at
              FROM raised""";

    /** Autocommit on the pool, prepared once per connection: the raised job's row, or no row. */
    static final String ON_POOL = positional("WITH raised AS (" + RAISE + "), event AS (" + APPEND_EVENT
            + ")\nSELECT * FROM raised");

    private static final String IN_SESSION = "WITH raised AS (" + RAISE + ")\n" + APPEND_EVENT;

    private ProgressStatement() {
    }

    /** {@link #ON_POOL}'s parameters; the caller holds {@code lease}. */
    static Tuple parameters(UUID id, ProgressUpdate update, String holder, LeaseToken lease) {
        return Tuple.from(new Object[] {id, update.progressPercent(), update.currentStep(),
                JobRows.utc(RunnerJobEntity.now()), holder, lease.epoch(), Buffer.buffer(lease.secretHash())});
    }

    /** In the current Hibernate transaction. @return whether the guard held and the job was changed */
    static Uni<Boolean> raiseInSession(UUID id, ProgressUpdate update, String holder, LeaseToken lease) {
        if (lease == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery(IN_SESSION)
                .setParameter("id", id)
                .setParameter("percent", update.progressPercent())
                .setParameter("step", update.currentStep())
                .setParameter("now", RunnerJobEntity.now())
                .setParameter("holder", holder)
                .setParameter("epoch", lease.epoch())
                .setParameter("secretHash", lease.secretHash())
                .executeUpdate()
                .map(events -> events == 1));
    }

    /**
     * Why the guard did not hold, from the job read after it: no job (404), no live lease (409
     * lease-lost), not RUNNING (409); nothing new in the update answers the job unchanged.
     *
     * @return the unchanged job, or null when the read cannot explain the miss (a writer changed the
     *     job between the statement and the read)
     */
    static RunnerJob unchangedOrRefused(JobWrites.Request request, RunnerJobEntity job, ProgressUpdate update) {
        if (job == null) {
            throw new JobNotFoundException(request.jobId());
        }
        JobWrites.requireLease(job, request);
        if (!job.status.acceptsProgress()) {
            throw new InvalidTransitionException(job.id, job.status, "progress is accepted only while RUNNING");
        }
        return wouldChange(job, update) ? null : job.toDto();
    }

    /** What the statement's guard asks of the value, in Java. */
    private static boolean wouldChange(RunnerJobEntity job, ProgressUpdate update) {
        return job.progressPercent < update.progressPercent()
                || (job.progressPercent == update.progressPercent() && update.currentStep() != null
                        && !Objects.equals(job.currentStep, update.currentStep()));
    }

    /** The named parameters as PostgreSQL's {@code $n}, numbered in {@link #PARAMETERS} order. */
    private static String positional(String sql) {
        String numbered = sql;
        for (int i = 0; i < PARAMETERS.size(); i++) {
            numbered = numbered.replaceAll(":" + PARAMETERS.get(i) + "\\b", "\\$" + (i + 1));
        }
        return numbered;
    }
}
