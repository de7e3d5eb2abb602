-- Scenario 1: the statements of one progress call, as jobs-service issues them (captured from
-- pg_stat_activity): read the job, version-checked UPDATE, INSERT of the PROGRESS event, COMMIT.
-- Jobs are the rows md5(:prefix || n)::uuid, n in 1..:rows, seeded by run.sh like the HTTP scenarios'.
\set n random(1, :rows)
BEGIN;
select rje1_0.id,rje1_0.attempt,rje1_0.completed_at,rje1_0.created_at,rje1_0.created_by,rje1_0.current_step,rje1_0.error,rje1_0.payload,rje1_0.priority,rje1_0.progress_percent,rje1_0.result,rje1_0.started_at,rje1_0.status,rje1_0.type,rje1_0.updated_at,rje1_0.version,rje1_0.workspace_id from runner_jobs rje1_0 where rje1_0.id=md5(:prefix::text || :n::text)::uuid \gset j_
\set p least(:j_progress_percent + 1, 100)
\set v :j_version + 1
update runner_jobs set progress_percent=:p,updated_at=now(),version=:v where id=:j_id and version=:j_version;
insert into job_events (actor,data,from_status,job_id,occurred_at,progress_percent,to_status,type) values ('coordinator',NULL,'RUNNING',:j_id,now(),:p,'RUNNING','PROGRESS') returning id;
COMMIT;
