package dev.mosaic.jobs.runner;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code runner_jobs}. Every write goes through Hibernate's versioned UPDATE
 * ({@code ... WHERE id = ? AND version = ?}), which bumps {@link #version}; zero rows updated
 * means another writer won, and surfaces as a stale-state failure at flush.
 * {@code @DynamicUpdate} keeps the hot progress path from re-sending the payload.
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
    @Version
    public int version;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant startedAt;
    public Instant completedAt;

    /** Timestamps at the precision PostgreSQL keeps, so what we answer is what a re-read shows. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static Uni<RunnerJobEntity> findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Moves to {@code target} if {@link JobStatus} allows it, stamping the times that go with it.
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

    /**
     * Raises progress; a value at or below the stored one changes nothing, so racing updates can
     * never move progress backwards.
     *
     * @return whether anything changed
     */
    public boolean raiseProgress(int percent, String step, Instant now) {
        if (!status.acceptsProgress()) {
            throw new InvalidTransitionException(id, status, "progress is accepted only while RUNNING");
        }
        if (percent <= progressPercent) {
            return false;
        }
        progressPercent = percent;
        if (step != null) {
            currentStep = step;
        }
        updatedAt = now;
        return true;
    }

    public RunnerJob toDto() {
        return new RunnerJob(id, workspaceId, createdBy, type, priority, status, progressPercent, currentStep,
                payload, result, error, attempt, version, createdAt, updatedAt, startedAt, completedAt);
    }
}
