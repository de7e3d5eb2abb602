package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobStatus;
import dev.mosaic.shared.jobs.RunnerJob;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** A {@code runner_jobs} row as the statements on the reactive pool read and bind it, without an entity. */
public final class JobRows {
    private JobRows() {
    }

    /** A job from a row with every column of {@code runner_jobs}. */
    public static RunnerJob toDto(Row row) {
        return new RunnerJob(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("created_by"),
                row.getString("type"), row.getInteger("priority"), JobStatus.valueOf(row.getString("status")),
                row.getInteger("progress_percent"), row.getString("current_step"), json(row, "payload"),
                json(row, "result"), row.getString("error"), row.getInteger("attempt"),
                row.getInteger("max_attempts"), row.getInteger("version"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "started_at"), instant(row, "completed_at"));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(Row row, String column) {
        OffsetDateTime time = row.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    /** A jsonb column as a map, or null. */
    public static Map<String, Object> json(Row row, String column) {
        Object value = row.getValue(column);
        return value instanceof JsonObject object ? object.getMap() : null;
    }
}
