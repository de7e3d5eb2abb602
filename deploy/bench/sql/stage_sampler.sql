-- Wall-clock split of the progress path by stage, seen from PostgreSQL: while scenario 2 runs at ONE
-- connection, sample pg_stat_activity every ~2 ms for :secs seconds. At each tick the one request in
-- flight is either (a) executing in PostgreSQL (state active, with its statement and wait event), (b) inside
-- an open transaction while PostgreSQL waits for jobs-service (idle in transaction: the service's own work
-- and the round trip between two statements), or (c) outside any transaction (HTTP, JWT, JSON, the
-- event loop, before BEGIN / after COMMIT).
create temp table samples (tick int, state text, wait text, q text);
create temp table ticks (n int);
do $$
declare i int := 0; t_end timestamptz := clock_timestamp() + make_interval(secs => current_setting('bench.secs')::int);
begin
  while clock_timestamp() < t_end loop
    i := i + 1;
    perform pg_stat_clear_snapshot();
    insert into samples
      select i, state, coalesce(wait_event_type || ':' || wait_event, 'CPU'), split_part(query, ' ', 1)
      from pg_stat_activity
      where datname = 'mosaic_jobs' and pid <> pg_backend_pid() and backend_type = 'client backend'
        and application_name not in ('psql', 'pgbench') and state <> 'idle';
    perform pg_sleep(0.002);
  end loop;
  insert into ticks values (i);
end $$;
with per_tick as (
  select tick,
         case when bool_or(state = 'active') then 'PostgreSQL executing ' || max(q) filter (where state = 'active')
                                               || ' (' || max(wait) filter (where state = 'active') || ')'
              else 'transaction open, PostgreSQL waits for jobs-service (after ' || max(q) || ')' end as stage
  from samples group by tick),
all_ticks as (select (select n from ticks) as total, (select count(*) from per_tick) as busy)
select stage, count(*), round(100.0 * count(*) / (select total from all_ticks), 1) from per_tick group by stage
union all
select 'no transaction open (HTTP, JWT, JSON, event loop; between requests)', total - busy, round(100.0 * (total - busy) / total, 1) from all_ticks
order by 2 desc;
