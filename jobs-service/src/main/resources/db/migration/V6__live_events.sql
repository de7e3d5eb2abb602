-- Live event streams (see the jobs-service README, "Live events").

-- A transaction takes its transaction id before it takes an event id, so that every event id handed
-- out before a snapshot belongs to a transaction that the snapshot knows (finished, or running with an
-- id below its xmax). That is what lets each replica tell when no event below a given id can still
-- commit, although ids are taken in one order and committed in another.
CREATE FUNCTION next_job_event_id() RETURNS bigint LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('job_events_id_seq');
END
$$;
ALTER TABLE job_events ALTER COLUMN id SET DEFAULT next_job_event_id();

-- One notification per transaction that appended events, whatever it appended: the payload is empty
-- (PostgreSQL folds identical notifications of one transaction into one), because every replica reads
-- what is new from job_events itself. A statement that appended nothing (an empty claim, a sweep that
-- found no expired lease, a progress write whose guard did not hold) sends none.
CREATE FUNCTION notify_job_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM appended) THEN
        PERFORM pg_notify('mosaic_job_events', '');
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER job_events_appended
    AFTER INSERT ON job_events
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT
    EXECUTE FUNCTION notify_job_events();
