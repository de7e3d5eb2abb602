-- A claim with an Idempotency-Key is remembered under that key too (see the jobs-service README, "Leases"),
-- in the same table as the answers of the other writes: one key namespace per caller (a key used for a claim
-- and then for another call is refused as reused, both ways), one unique index that settles two calls with one
-- key at once, one purge. What a claim keeps is not its answer, which holds the lease secrets (only their
-- hashes are ever stored), but the jobs it claimed and the lease_epoch each was claimed at, so that a repeat
-- can give it those jobs again under new secrets while the claim's leases still hold.
ALTER TABLE idempotency_keys
    ALTER COLUMN job_id DROP NOT NULL,
    ALTER COLUMN response_body DROP NOT NULL,
    ADD COLUMN claimed_job_ids uuid[],
    ADD COLUMN claimed_lease_epochs bigint[];

-- A row is either a write's answer or a claim's jobs (never an empty claim: one that claimed nothing is not
-- remembered). NOT VALID: the rows already there are all answers, which V3 made satisfy it; without it the
-- migration would read every one of them under its lock.
ALTER TABLE idempotency_keys ADD CONSTRAINT idempotency_keys_answer_or_claim CHECK (
    (claimed_job_ids IS NULL AND claimed_lease_epochs IS NULL AND job_id IS NOT NULL AND response_body IS NOT NULL)
    OR (job_id IS NULL AND response_body IS NULL AND claimed_job_ids IS NOT NULL AND claimed_lease_epochs IS NOT NULL
        AND cardinality(claimed_job_ids) > 0 AND cardinality(claimed_lease_epochs) = cardinality(claimed_job_ids))
) NOT VALID;
