package dev.mosaic.jobs.live;

import dev.mosaic.jobs.job.JobRows;
import dev.mosaic.shared.jobs.JobChange;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobEventType;
import dev.mosaic.shared.jobs.JobStatus;
import io.vertx.mutiny.sqlclient.Row;

/** Events of {@code job_events} with their job, as the feed and the replays read them. */
final class EventRows {
    private EventRows() {
    }

    /** Events with {@code $1 < id <= $2}, oldest first, at most {@code $3}, each with its job as it is now. */
    private static final String SELECT = """
            SELECT j.*, e.id AS event_id, e.type AS event_type, e.from_status, e.to_status,
                   e.progress_percent AS event_progress, e.data AS event_data, e.actor, e.occurred_at
              FROM job_events e JOIN runner_jobs j ON j.id = e.job_id
             WHERE e.id > $1 AND e.id <= $2""";
    private static final String ORDER = " ORDER BY e.id LIMIT $3";

    static final String ALL = SELECT + ORDER;
    /** ... of job {@code $4}. */
    static final String OF_JOB = SELECT + " AND e.job_id = $4" + ORDER;
    /** ... of the jobs of the workspaces {@code $4}. */
    static final String OF_WORKSPACES = SELECT + " AND j.workspace_id = ANY($4)" + ORDER;

    static JobChange change(Row row) {
        String from = row.getString("from_status");
        String to = row.getString("to_status");
        JobEvent event = new JobEvent(row.getLong("event_id"), row.getUUID("id"),
                JobEventType.valueOf(row.getString("event_type")),
                from == null ? null : JobStatus.valueOf(from), to == null ? null : JobStatus.valueOf(to),
                row.getInteger("event_progress"), JobRows.json(row, "event_data"), row.getString("actor"),
                JobRows.instant(row, "occurred_at"));
        return new JobChange(event, JobRows.toDto(row));
    }
}
