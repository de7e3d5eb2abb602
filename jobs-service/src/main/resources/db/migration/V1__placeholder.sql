CREATE TABLE runner_jobs (id uuid PRIMARY KEY);
