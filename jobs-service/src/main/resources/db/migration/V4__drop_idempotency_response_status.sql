-- Only successful answers are remembered and a replay always answers 200: the column said nothing.
ALTER TABLE idempotency_keys DROP COLUMN response_status;
