package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobLease;
import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.RunnerJob;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code runner_jobs}. Every change of the job bumps {@link #version} (its ETag); a lease
 * extension alone does not, since it changes nothing a user sees. {@code @DynamicUpdate} keeps writes
 * from re-sending the payload.
 *
 * <p>The lease: {@link #leaseEpoch} counts the claims of this job and is never reset, so a newer
 * claim always carries a newer token (fencing). Only the SHA-256 of the token's secret is kept.
 */
@Entity
@Table(name = "runner_jobs")
@DynamicUpdate
public class RunnerJobEntity extends PanacheEntityBase {
    @Id
    public UUID id;
    public UUID workspaceId;
    public String createdBy;
    public String type;
    public int priority;
    @Enumerated(EnumType.STRING)
    public JobStatus status;
    public int progressPercent;
    public String currentStep;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> payload;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> result;
    public String error;
    public int attempt;
    public int maxAttempts;
    @Version
    public int version;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant startedAt;
    public Instant completedAt;
    public long leaseEpoch;
    public String leaseHolder;
    public byte[] leaseSecretHash;
    public Integer leaseSeconds;
    public Instant leaseExpiresAt;

    /** Timestamps at the precision PostgreSQL keeps, so what we answer is what a re-read shows. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static Uni<RunnerJobEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Moves to {@code target} if {@link JobStatus} allows it, stamping the times that go with it.
     * A job that leaves the leased states leaves its lease behind.
     *
     * @throws InvalidTransitionException naming the current status and the allowed next ones
     */
    public void moveTo(JobStatus target, Instant now) {
        if (!status.canMoveTo(target)) {
            throw new InvalidTransitionException(id, status, target);
        }
        status = target;
        updatedAt = now;
        if (target == JobStatus.RUNNING && startedAt == null) {
            startedAt = now;
        }
        if (target.isTerminal()) {
            completedAt = now;
        }
        if (!target.isLeased()) {
            endLease();
        }
    }

    /** FAILED → PENDING: a fresh attempt with nothing left of the failed one but its timeline. */
    public void startNewAttempt(Instant now) {
        moveTo(JobStatus.PENDING, now);
        attempt++;
        progressPercent = 0;
        currentStep = null;
        result = null;
        error = null;
        startedAt = null;
        completedAt = null;
    }

    /** Whether {@code lease} is this job's live lease, held by {@code holder}, at {@code now}. */
    public boolean isHeldBy(LeaseToken lease, String holder, Instant now) {
        return lease != null && leaseSecretHash != null && leaseExpiresAt != null
                && lease.epoch() == leaseEpoch
                && holder.equals(leaseHolder)
                && MessageDigest.isEqual(leaseSecretHash, lease.secretHash())
                && leaseExpiresAt.isAfter(now);
    }

    /** The lease runs for another of its terms from {@code now}. */
    public void extendLease(Instant now) {
        leaseExpiresAt = now.plusSeconds(leaseSeconds);
    }

    private void endLease() {
        leaseHolder = null;
        leaseSecretHash = null;
        leaseSeconds = null;
        leaseExpiresAt = null;
    }

    /** The lease as others may see it: who holds the job and until when; never the token. */
    public JobLease leaseView() {
        return leaseHolder == null ? null : new JobLease(null, leaseHolder, leaseExpiresAt);
    }

    public RunnerJob toDto() {
        return new RunnerJob(id, workspaceId, createdBy, type, priority, status, progressPercent, currentStep,
                payload, result, error, attempt, maxAttempts, version, createdAt, updatedAt, startedAt, completedAt);
    }
}
