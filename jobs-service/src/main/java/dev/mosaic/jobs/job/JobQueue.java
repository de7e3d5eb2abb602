package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The queue side of jobs: claims, lease expiry and heartbeats, each one statement straight on the
 * reactive pool (they touch many rows or sit on a coordinator's hot path, and none needs an entity).
 * Lease times come from PostgreSQL's clock, the one clock every replica shares.
 */
@Singleton
public class JobQueue {
    /** Who the timeline names when the service itself takes a job back. */
    public static final String SERVICE_ACTOR = "jobs-service";

    private final Pool database;

    public JobQueue(Pool database) {
        this.database = database;
    }

    /**
     * Takes back jobs whose lease ran out, then claims up to {@code max} PENDING jobs of
     * {@code types} (any when empty) for {@code holder}, highest priority first, then oldest, in one
     * transaction. Rows another transaction has locked are skipped, never waited for, so racing
     * claimers each get different jobs.
     */
    public Uni<List<ClaimedJob>> claim(String holder, List<String> types, int max, int leaseSeconds) {
        Instant now = RunnerJobEntity.now();
        String[] typeFilter = types == null || types.isEmpty() ? null : types.toArray(String[]::new);
        return database.withTransaction(connection -> expire(connection, max, now)
                .chain(() -> connection.preparedQuery(CLAIM)
                        .execute(Tuple.of(typeFilter, max, holder, leaseSeconds, JobRows.utc(now))))
                .map(rows -> {
                    List<ClaimedJob> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        claimed.add(new ClaimedJob(JobRows.toDto(row), new JobLease(
                                LeaseToken.format(row.getLong("lease_epoch"), row.getString("lease_secret")),
                                holder, JobRows.instant(row, "lease_expires_at"))));
                    }
                    return claimed;
                }));
    }

    /**
     * Takes back up to {@code limit} jobs whose lease ran out: to PENDING for another attempt, or to
     * FAILED when that was the last ({@link JobStatus#afterLeaseExpired}), each with one
     * LEASE_EXPIRED event. Safe on every replica at once: a job is locked before it is taken back,
     * a locked one is skipped, and the expiry is checked again under the lock.
     *
     * @return how many jobs were taken back
     */
    public Uni<Integer> expireLeases(int limit) {
        return database.withTransaction(connection -> expire(connection, limit, RunnerJobEntity.now()));
    }

    private static Uni<Integer> expire(SqlClient connection, int limit, Instant now) {
        return connection.preparedQuery(EXPIRE).execute(Tuple.of(limit, JobRows.utc(now), SERVICE_ACTOR))
                .map(RowSet::rowCount);
    }

    /**
     * Extends {@code lease} by another of its terms if it is the live lease of job {@code id} held by
     * {@code holder}; changes nothing else, so the job's version stays.
     *
     * @return the extended lease (without its token), or null when the lease is not live
     */
    public Uni<JobLease> heartbeat(UUID id, String holder, LeaseToken lease) {
        return database.preparedQuery(HEARTBEAT)
                .execute(Tuple.of(id, lease.epoch(), holder, Buffer.buffer(lease.secretHash())))
                .map(rows -> rows.rowCount() == 0 ? null
                        : new JobLease(null, holder, JobRows.instant(rows.iterator().next(), "lease_expires_at")));
    }

    private static final String CLAIM = """
            WITH next AS (
                SELECT id, cast(gen_random_uuid() AS text) AS lease_secret
                  FROM runner_jobs
                 WHERE status = 'PENDING' AND ($1::text[] IS NULL OR type = ANY($1::text[]))
                 ORDER BY priority DESC, created_at, id
                 LIMIT $2
                   FOR UPDATE SKIP LOCKED
            ), claimed AS (
                UPDATE runner_jobs j
                   SET status = 'QUEUED',
                       lease_epoch = j.lease_epoch + 1,
                       lease_holder = $3::text,
                       lease_secret_hash = sha256(convert_to(next.lease_secret, 'UTF8')),
                       lease_seconds = $4::integer,
                       lease_expires_at = now() + $4::integer * interval '1 second',
                       updated_at = $5::timestamptz,
                       version = j.version + 1
                  FROM next
                 WHERE j.id = next.id
             RETURNING j.*, next.lease_secret
            ), events AS (
                INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
                SELECT id, 'CLAIMED', 'PENDING', 'QUEUED', progress_percent,
                       jsonb_build_object('attempt', attempt, 'leaseExpiresAt', lease_expires_at), $3::text, $5::timestamptz
                  FROM claimed
            )
            SELECT * FROM claimed ORDER BY priority DESC, created_at, id""";

    /*
     * PENDING with attempt + 1 while attempts are left, else FAILED: JobStatus.afterLeaseExpired in SQL.
     * Going back to PENDING clears what the lost attempt left, as RunnerJobEntity.startNewAttempt does.
     */
    private static final String EXPIRE = """
            WITH expired AS (
                SELECT id, status, attempt, lease_holder
                  FROM runner_jobs
                 WHERE status IN ('QUEUED', 'RUNNING') AND lease_expires_at <= now()
                 ORDER BY lease_expires_at
                 LIMIT $1
                   FOR UPDATE SKIP LOCKED
            ), taken_back AS (
                UPDATE runner_jobs j
                   SET status = CASE WHEN j.attempt < j.max_attempts THEN 'PENDING' ELSE 'FAILED' END,
                       attempt = CASE WHEN j.attempt < j.max_attempts THEN j.attempt + 1 ELSE j.attempt END,
                       progress_percent = CASE WHEN j.attempt < j.max_attempts THEN 0 ELSE j.progress_percent END,
                       current_step = CASE WHEN j.attempt < j.max_attempts THEN NULL ELSE j.current_step END,
                       started_at = CASE WHEN j.attempt < j.max_attempts THEN NULL ELSE j.started_at END,
                       completed_at = CASE WHEN j.attempt < j.max_attempts THEN NULL ELSE $2::timestamptz END,
                       error = CASE WHEN j.attempt < j.max_attempts THEN NULL
                               ELSE 'Lease expired on attempt ' || j.attempt || ' of ' || j.max_attempts
                                    || ': no coordinator finished the job in time.' END,
                       lease_holder = NULL,
                       lease_secret_hash = NULL,
                       lease_seconds = NULL,
                       lease_expires_at = NULL,
                       updated_at = $2::timestamptz,
                       version = j.version + 1
                  FROM expired
                 WHERE j.id = expired.id
             RETURNING j.id, j.status, j.progress_percent, j.max_attempts,
                       expired.status AS from_status, expired.attempt AS expired_attempt, expired.lease_holder
            )
            INSERT INTO job_events (job_id, type, from_status, to_status, progress_percent, data, actor, occurred_at)
            SELECT id, 'LEASE_EXPIRED', from_status, status, progress_percent,
                   jsonb_build_object('holder', lease_holder, 'attempt', expired_attempt, 'maxAttempts', max_attempts),
                   $3::text, $2::timestamptz
              FROM taken_back""";

    private static final String HEARTBEAT = """
            UPDATE runner_jobs
               SET lease_expires_at = now() + lease_seconds * interval '1 second'
             WHERE id = $1 AND lease_epoch = $2 AND lease_holder = $3 AND lease_secret_hash = $4
               AND lease_expires_at > now()
            RETURNING lease_expires_at""";
}
