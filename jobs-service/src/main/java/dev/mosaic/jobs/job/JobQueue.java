package dev.mosaic.jobs.job;

import dev.mosaic.jobs.concurrency.ConcurrentUpdateException;
import dev.mosaic.jobs.concurrency.ConflictMetrics;
import dev.mosaic.jobs.concurrency.StaleWrites;
import dev.mosaic.jobs.idempotency.IdempotentCall;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.problem.ProblemException;
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
 * The queue side of jobs: claims and their repeats, lease expiry and heartbeats, each one statement
 * straight on the reactive pool (they touch many rows or sit on a coordinator's hot path, and none
 * needs an entity). Lease times come from PostgreSQL's clock, the one clock every replica shares.
 */
@Singleton
public class JobQueue {
    /** Who the timeline names when the service itself takes a job back. */
    public static final String SERVICE_ACTOR = "jobs-service";
    private static final String CLAIM_OPERATION = "claim";

    private final Pool database;
    private final ConflictMetrics metrics;

    public JobQueue(Pool database, ConflictMetrics metrics) {
        this.database = database;
        this.metrics = metrics;
    }

    /**
     * Takes back jobs whose lease ran out, then claims up to {@code max} PENDING jobs of
     * {@code types} (any when empty) for {@code holder}, highest priority first, then oldest, in one
     * transaction. Rows another transaction has locked are skipped, never waited for, so racing
     * claimers each get different jobs.
     *
     * <p>With {@code call} (the caller's {@code Idempotency-Key}; the holder is the caller) the same
     * statement remembers under the key which jobs it claimed at which lease epoch, for
     * {@link #reissue}, unless it claimed none. A claim that finds the key remembered by another
     * request with it, at its insert or after claiming nothing, fails with
     * {@link ConcurrentUpdateException} and leaves nothing claimed: it began before that claim was
     * remembered, so it cannot tell whether its caller still waits for it or for the other one, and
     * re-issuing from the older request would take the jobs from the newer one's answer. A repeat
     * after it finds the key remembered and re-issues.
     */
    public Uni<List<ClaimedJob>> claim(String holder, List<String> types, int max, int leaseSeconds,
            IdempotentCall call) {
        Instant now = RunnerJobEntity.now();
        String[] typeFilter = types == null || types.isEmpty() ? null : types.toArray(String[]::new);
        Tuple parameters = Tuple.from(new Object[] {typeFilter, max, holder, leaseSeconds, JobRows.utc(now),
                call == null ? null : call.key(), call == null ? null : call.requestHash()});
        Uni<List<ClaimedJob>> claimed = database.withTransaction(connection -> expire(connection, max, now)
                        .chain(() -> connection.preparedQuery(CLAIM).execute(parameters)))
                .map(rows -> claimedJobs(rows, holder));
        if (call == null) {
            return claimed;
        }
        return claimed
                .onFailure(StaleWrites::isLostRace).transform(lost -> claimedMeanwhile())
                .call(jobs -> jobs.isEmpty() ? failIfRemembered(call) : Uni.createFrom().voidItem());
    }

    /**
     * A repeat of a claim that {@code call}'s key remembers: the jobs that claim still holds (same
     * lease epoch, the caller still the holder, QUEUED or RUNNING, the lease not expired by the
     * database's clock) get their leases again under new secrets, renewed for another term like a
     * heartbeat, in one guarded statement; the old tokens stop working. No attempt is counted and the
     * job's version and timeline stay as they are: like a heartbeat, a re-issue changes nothing a user
     * sees. Jobs whose lease moved on (expired and taken back, cancelled, finished) are left out.
     *
     * <p>Safe because whoever repeats a claim never saw the first answer's tokens: only the caller
     * who sent the request knows its key. Of two repeats at once the re-issue that commits last holds
     * (the README says why that is accepted).
     *
     * @return the jobs still held, with their new leases; null when no claim is remembered under the key
     * @throws ProblemException (422) when the key was used for another request
     */
    public Uni<List<ClaimedJob>> reissue(IdempotentCall call) {
        return database.preparedQuery(REISSUE).execute(Tuple.of(call.actor(), call.key(), call.requestHash()))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return null;
                    }
                    if (!rows.iterator().next().getBoolean("same_request")) {
                        throw call.reused();
                    }
                    List<ClaimedJob> reissued = new ArrayList<>();
                    for (Row row : rows) {
                        if (row.getUUID("id") != null) {
                            reissued.add(claimedJob(row, call.actor()));
                        }
                    }
                    return reissued;
                });
    }

    private Uni<Void> failIfRemembered(IdempotentCall call) {
        return database.preparedQuery(KEY_REMEMBERED).execute(Tuple.of(call.actor(), call.key()))
                .map(rows -> {
                    if (rows.rowCount() > 0) {
                        throw claimedMeanwhile();
                    }
                    return null;
                });
    }

    private ConcurrentUpdateException claimedMeanwhile() {
        metrics.conflict(CLAIM_OPERATION);
        return new ConcurrentUpdateException(CLAIM_OPERATION, null);
    }

    private static List<ClaimedJob> claimedJobs(RowSet<Row> rows, String holder) {
        List<ClaimedJob> claimed = new ArrayList<>();
        for (Row row : rows) {
            claimed.add(claimedJob(row, holder));
        }
        return claimed;
    }

    private static ClaimedJob claimedJob(Row row, String holder) {
        return new ClaimedJob(JobRows.toDto(row), new JobLease(
                LeaseToken.format(row.getLong("lease_epoch"), row.getString("lease_secret")),
                holder, JobRows.instant(row, "lease_expires_at")));
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
            ), remembered AS (
                INSERT INTO idempotency_keys (actor, idempotency_key, request_hash, claimed_job_ids, claimed_lease_epochs,
                                              created_at)
                SELECT $3::text, $6::text, $7::text, array_agg(id ORDER BY id), array_agg(lease_epoch ORDER BY id),
                       $5::timestamptz
                  FROM claimed
                 WHERE $6::text IS NOT NULL
                HAVING count(*) > 0
            )
            SELECT * FROM claimed ORDER BY priority DESC, created_at, id""";

    /*
     * The remembered claim's jobs that it still holds, their secrets replaced and their leases renewed,
     * each guard re-checked by PostgreSQL under the row's lock, so a sweep, a cancel or a claim that
     * commits first wins and the job is left out. One row per re-issued job, or one with no job when the
     * key is remembered but nothing is left; none when the key is not remembered. same_request false:
     * the key was used for another request, and nothing was changed.
     */
    private static final String REISSUE = """
            WITH remembered AS (
                SELECT request_hash = $3::text AS same_request, claimed_job_ids, claimed_lease_epochs
                  FROM idempotency_keys
                 WHERE actor = $1::text AND idempotency_key = $2::text
            ), held AS (
                SELECT claimed.job_id, claimed.lease_epoch, cast(gen_random_uuid() AS text) AS lease_secret
                  FROM remembered,
                       unnest(remembered.claimed_job_ids, remembered.claimed_lease_epochs) AS claimed(job_id, lease_epoch)
                 WHERE remembered.same_request
            ), reissued AS (
                UPDATE runner_jobs j
                   SET lease_secret_hash = sha256(convert_to(held.lease_secret, 'UTF8')),
                       lease_expires_at = now() + j.lease_seconds * interval '1 second'
                  FROM held
                 WHERE j.id = held.job_id AND j.lease_epoch = held.lease_epoch AND j.lease_holder = $1::text
                   AND j.status IN ('QUEUED', 'RUNNING') AND j.lease_expires_at > now()
             RETURNING j.*, held.lease_secret
            )
            SELECT remembered.same_request, reissued.*
              FROM remembered LEFT JOIN reissued ON true
             ORDER BY reissued.priority DESC, reissued.created_at, reissued.id""";

    private static final String KEY_REMEMBERED = """
            SELECT 1 FROM idempotency_keys WHERE actor = $1::text AND idempotency_key = $2::text""";

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
