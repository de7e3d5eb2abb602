package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobStatus;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One entry of {@code job_events}: append-only, written in the transaction of the change. */
@Entity
@Table(name = "job_events")
public class JobEventEntity extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public UUID jobId;
    @Enumerated(EnumType.STRING)
    public JobEventType type;
    @Enumerated(EnumType.STRING)
    public JobStatus fromStatus;
    @Enumerated(EnumType.STRING)
    public JobStatus toStatus;
    public Integer progressPercent;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> data;
    public String actor;
    public Instant occurredAt;

    /** The event for {@code job} as it is now, after a change from {@code fromStatus}. */
    public static JobEventEntity of(JobEventType type, RunnerJobEntity job, JobStatus fromStatus, String actor,
            Map<String, Object> data) {
        JobEventEntity event = new JobEventEntity();
        event.jobId = job.id;
        event.type = type;
        event.fromStatus = fromStatus;
        event.toStatus = job.status;
        event.progressPercent = job.progressPercent;
        event.data = data;
        event.actor = actor;
        event.occurredAt = job.updatedAt;
        return event;
    }

    /** Up to {@code count} events of the job after event {@code after} (0: from its first), oldest first. */
    public static Uni<List<JobEventEntity>> timelineOf(UUID jobId, long after, int count) {
        return find("jobId = ?1 and id > ?2 order by id", jobId, after).range(0, count - 1).list();
    }

    public JobEvent toDto() {
        return new JobEvent(id, jobId, type, fromStatus, toStatus, progressPercent, data, actor, occurredAt);
    }
}
