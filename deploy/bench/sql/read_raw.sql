-- Raw limit of scenario 4: the SELECT that GET /api/runner-jobs/{id} issues, over the same rows.
\set n random(1, :rows)
select rje1_0.id,rje1_0.attempt,rje1_0.completed_at,rje1_0.created_at,rje1_0.created_by,rje1_0.current_step,rje1_0.error,rje1_0.payload,rje1_0.priority,rje1_0.progress_percent,rje1_0.result,rje1_0.started_at,rje1_0.status,rje1_0.type,rje1_0.updated_at,rje1_0.version,rje1_0.workspace_id from runner_jobs rje1_0 where rje1_0.id=md5(:prefix::text || :n::text)::uuid;
