package dev.mosaic.jobs.job;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.CoordinatorJob;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobPage;
import dev.mosaic.shared.jobs.RunnerJob;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Jobs and their timelines as the caller may see them; a job they may not see does not exist for them. */
@Singleton
public class JobReads {
    private static final String BY_ID = "SELECT * FROM runner_jobs WHERE id = $1";

    private final Pool database;

    public JobReads(Pool database) {
        this.database = database;
    }

    /**
     * The most frequent read (a coordinator or a page following a job): one prepared statement on the reactive
     * pool, mapped straight to the answer as the progress path's RETURNING is, without a Hibernate session,
     * whose opening, entity loading and snapshot for dirty checking cost more CPU than the query.
     */
    public Uni<RunnerJob> get(AuthUser caller, UUID id) {
        return database.preparedQuery(BY_ID).execute(Tuple.of(id)).map(rows -> {
            Row row = rows.rowCount() == 0 ? null : rows.iterator().next();
            JobAccess.requireVisible(caller, id, row == null ? null : row.getUUID("workspace_id"));
            return JobRows.toDto(row);
        });
    }

    /** A job with who holds it and until when, for coordinators. */
    @WithSession
    public Uni<CoordinatorJob> withLease(AuthUser caller, UUID id) {
        return visible(caller, id).map(job -> new CoordinatorJob(job.toDto(), job.leaseView()));
    }

    /**
     * Up to {@code limit} events after event {@code after} (0: from the first): one more is read to tell whether
     * the page is the last. A timeline has no bound of its own (every new step is an event), so it comes in pages.
     */
    @WithSession
    public Uni<TimelinePage> timeline(AuthUser caller, UUID id, long after, int limit) {
        return visible(caller, id)
                .chain(job -> JobEventEntity.timelineOf(id, after, limit + 1))
                .map(events -> new TimelinePage(events.stream().limit(limit).map(JobEventEntity::toDto).toList(),
                        events.size() > limit));
    }

    @WithSession
    public Uni<JobPage> list(AuthUser caller, JobListQuery query) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (query.workspaceId() == null) {
            JobAccess.requireAdmin(caller);
        } else {
            JobAccess.requireMember(caller, query.workspaceId());
            where.add("workspaceId = :workspace");
            parameters.and("workspace", query.workspaceId());
        }
        if (query.status() != null) {
            where.add("status = :status");
            parameters.and("status", query.status());
        }
        if (query.type() != null) {
            where.add("type = :type");
            parameters.and("type", query.type());
        }
        if (query.after() != null) {
            where.add("(createdAt < :afterCreated or (createdAt = :afterCreated and id < :afterId))");
            parameters.and("afterCreated", query.after().createdAt()).and("afterId", query.after().id());
        }
        return RunnerJobEntity.<RunnerJobEntity>find(where.isEmpty() ? "" : String.join(" and ", where),
                        Sort.descending("createdAt", "id"), parameters)
                .range(0, query.limit())
                .list()
                .map(jobs -> {
                    boolean more = jobs.size() > query.limit();
                    List<RunnerJobEntity> page = more ? jobs.subList(0, query.limit()) : jobs;
                    String next = more ? JobListQuery.Cursor.after(page.get(page.size() - 1)).encode() : null;
                    return new JobPage(page.stream().map(RunnerJobEntity::toDto).toList(), next);
                });
    }

    private static Uni<RunnerJobEntity> visible(AuthUser caller, UUID id) {
        return RunnerJobEntity.<RunnerJobEntity>findById(id).map(job -> JobAccess.visibleOrNotFound(caller, id, job));
    }
}
