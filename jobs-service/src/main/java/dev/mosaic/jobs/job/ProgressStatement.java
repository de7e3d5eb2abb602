package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.ProgressUpdate;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Objects;
import java.util.UUID;

/**
 * The coordinators' hot path in one statement: raise a RUNNING job's progress, extend the lease,
 * append the PROGRESS event — or change nothing. The guard is the invariant itself (RUNNING, only
 * upwards or a new step at the same value, under the caller's live lease), checked by PostgreSQL
 * under the row lock: a racing writer makes this wait for the lock and re-check, never overwrite,
 * so there is no lost update and nothing to retry.
 *
 * <p>The lease moves only once half its term is used: {@code lease_expires_at} is indexed (the sweep
 * needs it), and an UPDATE that changes an indexed column cannot be a HOT update, which cost every
 * progress write a new entry in every index of the table (measured: 0 % HOT and 15 % fewer
 * progress writes per second at 8 connections, against 96 % HOT before leases). So a live lease
 * always has at least half its term left after an accepted write.
 *
 * <p>A plain statement, not one mapped to the entity: Hibernate caches the plan of an entity-mapped
 * native query under a key that never matches again, which filled its plan cache and cost a fifth
 * of the service's CPU in the benchmark.
 */
final class ProgressStatement {
    private ProgressStatement() {
    }

    /** @return whether the guard held and the job was changed */
    static Uni<Boolean> raise(UUID id, ProgressUpdate update, String holder, LeaseToken lease) {
        if (lease == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().chain(session -> session
                .createNativeQuery(RAISE_PROGRESS)
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

    /** What the statement's guard asks of the value, in Java, to explain a guard that did not hold. */
    static boolean wouldChange(RunnerJobEntity job, ProgressUpdate update) {
        return job.progressPercent < update.progressPercent()
                || (job.progressPercent == update.progressPercent() && update.currentStep() != null
                        && !Objects.equals(job.currentStep, update.currentStep()));
    }

    private static final String RAISE_PROGRESS = """
            WITH raised AS (
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
             RETURNING id, status, progress_percent, updated_at
            )
            INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
            SELECT id, 'PROGRESS', status, status, progress_percent,
                   CASE WHEN cast(:step AS text) IS NULL THEN NULL
                        ELSE jsonb_build_object('step', cast(:step AS text)) END,
                   :holder, updated_at
              FROM raised""";
}
