-- Scenario 5: one heartbeat as jobs-service issues it (JobQueue.HEARTBEAT): one UPDATE on its own,
-- outside an explicit transaction, that extends the caller's live lease and changes nothing else.
-- Jobs are the rows md5(:prefix || n)::uuid, n in 1..:rows, seeded by run.sh with the run's lease
-- (:epoch, :holder, :hash = the SHA-256 of its secret).
\set n random(1, :rows)
UPDATE runner_jobs
   SET lease_expires_at = now() + lease_seconds * interval '1 second'
 WHERE id = md5(:prefix::text || :n::text)::uuid AND lease_epoch = :epoch AND lease_holder = :holder
   AND lease_secret_hash = :hash
   AND lease_expires_at > now()
RETURNING lease_expires_at;
