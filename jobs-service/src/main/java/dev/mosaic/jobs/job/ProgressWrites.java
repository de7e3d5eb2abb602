package dev.mosaic.jobs.job;

import dev.mosaic.jobs.concurrency.ConcurrentUpdateException;
import dev.mosaic.jobs.concurrency.ConflictMetrics;
import dev.mosaic.shared.jobs.ProgressUpdate;
import dev.mosaic.shared.jobs.RunnerJob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;

/**
 * Coordinators' progress updates, the hot path. Without an {@code Idempotency-Key}: one round trip,
 * {@link ProgressStatement#ON_POOL} in autocommit on the reactive pool, answered from its
 * {@code RETURNING}; no transaction, no Hibernate session, no retry, since the guard is checked
 * under the row lock and a racing writer cannot make it wrong, only make it miss (the highest value
 * wins). Only a miss is read again, to say why. With a key the answer must be remembered in the
 * same transaction, so those go to {@link JobWrites#updateProgress}.
 */
@Singleton
public class ProgressWrites {
    private static final String OPERATION = "updateProgress";
    private final Pool database;
    private final JobWrites writes;
    private final ConflictMetrics metrics;

    public ProgressWrites(Pool database, JobWrites writes, ConflictMetrics metrics) {
        this.database = database;
        this.writes = writes;
        this.metrics = metrics;
    }

    /**
     * Raises a RUNNING job's progress (or records a new step at the same value) and extends the
     * lease. A lower or equal value answers with the job unchanged, so of racing updates the highest
     * wins and none is an error.
     */
    public Uni<RunnerJob> updateProgress(JobWrites.Request request, ProgressUpdate update) {
        if (request.call() != null) {
            return writes.updateProgress(request, update);
        }
        if (request.lease() == null) {
            return explainMiss(request, update);
        }
        return database.preparedQuery(ProgressStatement.ON_POOL)
                .execute(ProgressStatement.parameters(request.jobId(), update, request.caller().id(), request.lease()))
                .chain(rows -> rows.rowCount() == 1
                        ? Uni.createFrom().item(JobRows.toDto(rows.iterator().next()))
                        : explainMiss(request, update));
    }

    /**
     * A miss that the read cannot explain means the job changed between the statement and the read
     * (say a status change away from RUNNING and back): 409 with {@code Retry-After}, nothing written.
     */
    private Uni<RunnerJob> explainMiss(JobWrites.Request request, ProgressUpdate update) {
        return Panache.withSession(() -> RunnerJobEntity.<RunnerJobEntity>findById(request.jobId()))
                .map(job -> {
                    RunnerJob unchanged = ProgressStatement.unchangedOrRefused(request, job, update);
                    if (unchanged == null) {
                        metrics.conflict(OPERATION);
                        throw new ConcurrentUpdateException(OPERATION, request.jobId());
                    }
                    return unchanged;
                });
    }
}
