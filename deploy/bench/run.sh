#!/usr/bin/env bash
# Mosaic benchmark (issue 8): the services beside the raw limit, in one run on one machine.
#
#   deploy/bench/run.sh               # from any directory; about 20 minutes on 2 cores, on a quiet machine
#   BENCH_QUICK=1 deploy/bench/run.sh # every step with short durations and small sets (a few minutes):
#                                     # checks the script end to end; results only in work/out
#   BENCH_KEYCLOAK=1 deploy/bench/run.sh  # also Keycloak (from Maven Central, on the same PostgreSQL) beside
#                                     # auth-service: start, idle RSS, client-credentials tokens/s, JWKS req/s
#   BENCH_AOT=1 deploy/bench/run.sh   # build with -Daot and run everything on a JDK >= 25 (the services start
#                                     # from their AOT cache); the startup rows then show with and without it
#
# Builds if the packaged apps are missing (BENCH_BUILD=1 forces a build), starts the local stack
# (embedded PostgreSQL 17 + auth-service + jobs-service in prod mode) with its own state directory
# deploy/bench/work/stack, seeds jobs, runs the scenarios with wrk and pgbench, stops everything and
# writes deploy/bench/results.md, results.svg (the points) and results-warmup.svg (the cold start).
# Every service figure is shown beside a raw measurement taken in the same run, and beside the CPU
# it cost per request: the JVM's (all its threads) and PostgreSQL's (all its processes), from /proc.
#
# Method: before the measured points of a scenario, the service is warmed with that scenario's load
# in windows of BENCH_WINDOW s until it is steady: at least BENCH_WARM_MIN s, and then until the JIT
# compiler threads (C1/C2 CompilerThread, from /proc/<pid>/task) used less than BENCH_STEADY_JIT_PCT %
# of one core in a window and req/s moved less than 10 % from the window before, or BENCH_WARM_MAX s
# at most. The first warm-up of jobs-service starts at its first request after start: its windows
# are the cold-start curve. Profilers (JFR, the stage sampler) run in a pass of their own that is not
# measured.
#
# Sign-in (scenario 7) signs in BENCH_SIGNIN_ACCOUNTS (256) accounts confirmed through their mailed link, round-robin,
# each from its own client address (X-Forwarded-For, with the bench as auth-service's only trusted proxy), so no
# throttle counts a right password twice; the hash queue is raised for this run so that 32 connections fit in it
# (both stated in results.md). More than BENCH_MAX_NON2XX_PCT (2) % non-2xx answers fail the run (exit 1, after
# the results are written).
#
# Knobs: BENCH_SECONDS (per measured point, 12), BENCH_WINDOW (5), BENCH_WARM_MIN (30),
# BENCH_WARM_MAX (180), BENCH_STEADY_JIT_PCT (5), BENCH_DB_PORT (54349), BENCH_AUTH_PORT (18181),
# BENCH_JOBS_PORT (18182), BENCH_QUICK (1: 3 s points, 2 s windows, 4-8 s warm-ups, small sets),
# BENCH_STARTS (starts per service for the startup rows: 5; quick 2), BENCH_SIGNIN_ACCOUNTS (256),
# BENCH_MAX_NON2XX_PCT (2), BENCH_SETTLE_MAX (240: how long to wait for the load average to settle before the start),
# BENCH_AOT (1: see above), BENCH_KEYCLOAK (1: see above), BENCH_KC_VERSION (26.5.6),
# BENCH_KC_PORT (18190; its management port +1000).
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
export BENCH_DIR
QUICK="${BENCH_QUICK:-}"
if [ "$QUICK" = 1 ]; then
  SECS="${BENCH_SECONDS:-3}"; WINDOW="${BENCH_WINDOW:-2}"; WARM_MIN="${BENCH_WARM_MIN:-4}"; WARM_MAX="${BENCH_WARM_MAX:-8}"
else
  SECS="${BENCH_SECONDS:-12}"; WINDOW="${BENCH_WINDOW:-5}"; WARM_MIN="${BENCH_WARM_MIN:-30}"; WARM_MAX="${BENCH_WARM_MAX:-180}"
fi
STEADY_JIT_PCT="${BENCH_STEADY_JIT_PCT:-5}"
STARTS="${BENCH_STARTS:-$([ "$QUICK" = 1 ] && echo 2 || echo 5)}"
# wrk ends every window and point by closing its connections with sign-ins in flight. Those run to their end (the
# root README's first rule of reactive code), so their right passwords give their throttle counts back; before
# that rule they stayed counted as failures, and the bench's first accounts of each round-robin collected 429s.
SIGNIN_ACCOUNTS="${BENCH_SIGNIN_ACCOUNTS:-256}"
MAX_NON2XX_PCT="${BENCH_MAX_NON2XX_PCT:-2}"
AOT="${BENCH_AOT:-}"
KEYCLOAK="${BENCH_KEYCLOAK:-}"
KC_VERSION="${BENCH_KC_VERSION:-26.5.6}"
KC_PORT="${BENCH_KC_PORT:-18190}"
DB_PORT="${BENCH_DB_PORT:-54349}"
AUTH_PORT="${BENCH_AUTH_PORT:-18181}"
JOBS_PORT="${BENCH_JOBS_PORT:-18182}"
AUTH="http://127.0.0.1:$AUTH_PORT"
JOBS="http://127.0.0.1:$JOBS_PORT"
WORK="$BENCH_DIR/work"
STACK_HOME="$WORK/stack"
OUT="$WORK/out"
RESULTS="$OUT/results.tsv"
ROWS=$([ "$QUICK" = 1 ] && echo 300 || echo 5000)   # jobs per seeded set
WARM_ROWS=$((ROWS * 8))        # the progress warm-up's set: up to 100 real writes per job, enough for WARM_MAX s
CONCURRENCY=(1 8 32)
HOT_CONCURRENCY=(8 32)
CLAIM_ROWS=$([ "$QUICK" = 1 ] && echo 5000 || echo 200000)   # PENDING jobs in the claim queue at the start of every claim point
CLAIM_MAX=(1 10)
CLAIM_COORDINATORS=8
export PGPASSWORD=postgres
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U postgres)
STARTED_AT=$(date +%s)
if [ "$QUICK" = 1 ]; then   # never the published results: a quick run checks the script, it measures nothing
  RESULTS_MD="$BENCH_DIR/work/out/results.md"; RESULTS_SVG="$BENCH_DIR/work/out/results.svg"
  WARMUP_SVG="$BENCH_DIR/work/out/results-warmup.svg"
else
  RESULTS_MD="$BENCH_DIR/results.md"; RESULTS_SVG="$BENCH_DIR/results.svg"; WARMUP_SVG="$BENCH_DIR/results-warmup.svg"
fi

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# ---------------------------------------------------------------- tools, build
if ! command -v wrk >/dev/null; then
  log "installing wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
if ! command -v argon2 >/dev/null; then
  log "installing argon2 (reference CLI, the raw limit of sign-in)"; apt-get update -qq && apt-get install -y -qq argon2 >/dev/null
fi
# shellcheck source=../dev/jdk.sh
. "$ROOT/deploy/dev/jdk.sh"
BUILD_FLAGS=()
if [ "$AOT" = 1 ]; then   # everything (build, stack, jcmd, jfr) on the JDK >= 25 that can write and read the AOT cache
  JDK25="$(find_jdk 25)" || { echo "bench: BENCH_AOT=1 needs a JDK 25 or newer (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }
  export JAVA_HOME="$JDK25" PATH="$JDK25/bin:$PATH"
  BUILD_FLAGS=(-Daot)
fi
for tool in pgbench psql curl python3 java jcmd jfr pgrep; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
cd "$ROOT"
if [ "${BENCH_BUILD:-}" = 1 ] || [ ! -f auth-service/target/quarkus-app/quarkus-run.jar ] \
   || [ ! -f jobs-service/target/quarkus-app/quarkus-run.jar ] || [ ! -f deploy/dev/local-stack/target/local-stack.jar ] \
   || { [ "$AOT" = 1 ] && { [ ! -f auth-service/target/quarkus-app/app.aot ] || [ ! -f jobs-service/target/quarkus-app/app.aot ]; }; }; then
  log "building (./mvnw -B -q -DskipTests package ${BUILD_FLAGS[*]})"   # package, not install: ~/.m2 may be shared
  ./mvnw -B -q -DskipTests package "${BUILD_FLAGS[@]}"
fi

# ---------------------------------------------------------------- snapshot of the built apps
# Others may rebuild target/ while we measure: run a copy (the stack finds its root by mvnw + deploy/dev/local-stack).
rm -rf "$STACK_HOME" "$OUT" "$WORK/apps"
mkdir -p "$STACK_HOME" "$OUT" "$WORK/apps/deploy/dev/local-stack/target" "$WORK/apps/auth-service/target" "$WORK/apps/jobs-service/target" \
  "$WORK/apps/deploy/ops/docker"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- auth-service jobs-service shared-types || echo ' (+ uncommitted changes in the services)')"
cp mvnw "$WORK/apps/"
cp deploy/dev/local-stack/target/local-stack.jar "$WORK/apps/deploy/dev/local-stack/target/"
cp deploy/ops/docker/jvm.options "$WORK/apps/deploy/ops/docker/"   # the stack runs the services with the images' JVM flags
cp -a auth-service/target/quarkus-app "$WORK/apps/auth-service/target/"
cp -a jobs-service/target/quarkus-app "$WORK/apps/jobs-service/target/"
APPS="$WORK/apps"
STACK_PID=""
EXTRA_PIDS=()
cleanup() {
  local rc=$?
  for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$STACK_PID" ] && kill -0 "$STACK_PID" 2>/dev/null; then
    log "stopping the stack (pid $STACK_PID)"
    kill -TERM "$STACK_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$STACK_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$STACK_PID" 2>/dev/null || true
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Sign-in, for this run only: wrk (on 127.0.0.1) is auth-service's trusted proxy, so that each bench account signs
# in from its own address (X-Forwarded-For); and the argon2id queue holds the 32 connections of the largest point
# (production: 8 per core, beyond which a sign-in answers 503 at once).
# And the access tokens, minted once at the start, outlive the run (production: 15 minutes; a run takes longer).
TOKEN_LIFETIME=PT6H
NPROC=$(nproc)
SIGNIN_QUEUE=$(( (32 + NPROC - 1) / NPROC > 8 ? (32 + NPROC - 1) / NPROC : 8 ))
# The load at the start is the verdict on the machine (results.md says BUSY above half a core per core): taken
# after our own build, once its compilers have left the 1-minute load average (at most BENCH_SETTLE_MAX s).
settle_until=$(( $(date +%s) + ${BENCH_SETTLE_MAX:-240} ))
while awk -v n="$NPROC" '{exit !($1 > n / 2)}' /proc/loadavg && [ "$(date +%s)" -lt "$settle_until" ]; do
  [ -n "${settle_logged:-}" ] || { log "waiting for the load average ($(cut -d' ' -f1 /proc/loadavg)) to settle under $NPROC / 2"; settle_logged=1; }
  sleep 5
done
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "starting the local stack (PostgreSQL :$DB_PORT, auth :$AUTH_PORT, jobs :$JOBS_PORT)"
MOSAIC_STACK_HOME="$STACK_HOME" MOSAIC_STACK_DB_PORT="$DB_PORT" MOSAIC_STACK_AUTH_PORT="$AUTH_PORT" \
MOSAIC_STACK_JOBS_PORT="$JOBS_PORT" MOSAIC_STACK_SKIP_BUILD=1 MOSAIC_STACK_START_TIMEOUT=180 \
MOSAIC_STACK_SET_MOSAIC_AUTH_TRUSTED_PROXIES=127.0.0.1 MOSAIC_STACK_SET_MOSAIC_AUTH_CPU_WORK_QUEUE_PER_THREAD="$SIGNIN_QUEUE" \
MOSAIC_STACK_SET_MOSAIC_AUTH_TOKEN_LIFETIME="$TOKEN_LIFETIME" \
  java -jar "$APPS/deploy/dev/local-stack/target/local-stack.jar" >"$OUT/stack.log" 2>&1 &
STACK_PID=$!
until grep -q "Mosaic local stack is up" "$OUT/stack.log"; do
  kill -0 "$STACK_PID" 2>/dev/null || { tail -40 "$OUT/stack.log" >&2; echo "bench: the stack did not start" >&2; exit 1; }
  sleep 1
done
AUTH_PID=$(cat "$STACK_HOME/run/auth.pid")
JOBS_PID=$(cat "$STACK_HOME/run/jobs.pid")
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
PG_PID=$(head -1 "$(find "$STACK_HOME" -name postmaster.pid | head -1)")
AUTH_RSS_START=$(rss_kib "$AUTH_PID")
JOBS_RSS_START=$(rss_kib "$JOBS_PID")
log "stack up (auth pid $AUTH_PID, jobs pid $JOBS_PID, postgres pid $PG_PID)"
# shellcheck disable=SC1091
source "$STACK_HOME/dev-secrets.env"

# ---------------------------------------------------------------- helpers
json() { python3 -c 'import sys,json
v=json.load(sys.stdin)
for k in sys.argv[1].split("."): v=v[int(k)] if k.isdigit() else v[k]
print(v)' "$1"; }
coordinator_token() {
  curl -sf -u "coordinator:$MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET" -d grant_type=client_credentials \
    "$AUTH/api/auth/oauth2/token" | json access_token
}
metric() { # metric NAME -> sum of its updateProgress series
  curl -sf "$JOBS/q/metrics" | awk -v n="$1" 'index($0, n"{") == 1 && /operation="updateProgress"/ {s += $NF} END {printf "%d\n", s}'
}
seed() { # seed PREFIX ROWS: RUNNING jobs md5(PREFIX||n)::uuid in the bench user's workspace, held by the
  # bench's coordinator under the run's lease, as a claim would have left them; ids to $OUT/PREFIX.ids
  "${PSQL[@]}" mosaic_jobs -c "insert into runner_jobs (id, workspace_id, created_by, type, priority, status,
      progress_percent, payload, attempt, max_attempts, created_at, updated_at, started_at, version,
      lease_epoch, lease_holder, lease_secret_hash, lease_seconds, lease_expires_at)
    select md5('$1' || n)::uuid, '$WORKSPACE', '$USER_ID', 'bench', 50, 'RUNNING', 0, '{\"bench\": true}', 1, 3,
      now(), now(), now(), 2, $LEASE_EPOCH, '$HOLDER', sha256(convert_to('$LEASE_SECRET', 'UTF8')), $LEASE_SECONDS,
      now() + $LEASE_SECONDS * interval '1 second' from generate_series(1, $2) n"
  "${PSQL[@]}" -At mosaic_jobs -c "select md5('$1' || n)::uuid from generate_series(1, $2) n" >"$OUT/$1.ids"
}
claim_queue() { # claim_queue ROWS: the claim points' queue afresh: exactly ROWS PENDING 'bench-claim' jobs, oldest
  # first, and no dead rows left by the last point, so that every point starts from the same table
  "${PSQL[@]}" mosaic_jobs -c "delete from runner_jobs where type = 'bench-claim'" \
    -c "insert into runner_jobs (id, workspace_id, created_by, type, priority, status, progress_percent, payload,
          attempt, max_attempts, created_at, updated_at, version)
        select gen_random_uuid(), '$WORKSPACE', '$USER_ID', 'bench-claim', 50, 'PENDING', 0, '{\"bench\": true}', 1, 3,
          now() - ($1 - n) * interval '1 millisecond', now(), 0 from generate_series(1, $1) n" \
    -c "vacuum analyze runner_jobs" -c "vacuum analyze job_events"
}
claimed_jobs() { "${PSQL[@]}" -At mosaic_jobs -c "select count(*) from runner_jobs where type = 'bench-claim' and status <> 'PENDING'"; }
extended_leases() { # extended_leases PREFIX ROWS: how many jobs of a heartbeat set got their lease extended
  "${PSQL[@]}" -At mosaic_jobs -c "select count(*) from runner_jobs where id in (select md5('$1' || n)::uuid
    from generate_series(1, $2) n) and lease_expires_at > started_at + $LEASE_SECONDS * interval '1 second'"
}
progress_events() { # progress_events PREFIX ROWS: PROGRESS events of a set (each one a real write)
  # analyze first: with the statistics of the near-empty table seeding left, the planner loops over it per id (minutes)
  "${PSQL[@]}" -At mosaic_jobs -c "analyze job_events" -c "select count(*) from job_events where type = 'PROGRESS' and job_id in
    (select md5('$1' || n)::uuid from generate_series(1, $2) n)"
}
threads_for() { echo 1; }      # one wrk thread: a single request counter orders a run (see lua/progress.lua)
wrk_run() { # wrk_run NAME CONNECTIONS SECONDS URL SCRIPT -> $OUT/NAME.wrk ; prints the RESULT line
  local name=$1 c=$2 s=$3 url=$4 script=$5 attempt
  for attempt in 1 2; do   # wrk's LuaJIT dies of a general protection fault now and then (seen once in sign-in)
    wrk -t"$(threads_for "$c")" -c"$c" -d"${s}s" --timeout 10s -s "$BENCH_DIR/lua/$script" "$url" >"$OUT/$name.wrk" 2>&1 || true
    grep -q '^RESULT' "$OUT/$name.wrk" && break
    log "WARNING: wrk gave no result for $name (attempt $attempt; it crashed): the point runs again"
  done
  local n; n=$(grep '^RESULT' "$OUT/$name.wrk" | field non2xx)
  [ "${n:-0}" = 0 ] || log "WARNING: $name answered $n non-2xx (see $OUT/$name.wrk)"
  grep '^RESULT' "$OUT/$name.wrk"
}
field() { sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p"; }
pgbench_run() { # pgbench_run NAME CLIENTS SECONDS SCRIPT PREFIX ROWS [-D var=value...] -> "tps p50_us p99_us transactions"
  local name=$1 c=$2 s=$3 script=$4 prefix=$5 rows=$6 j=$(( $2 < 2 ? 1 : 2 ))
  ( cd "$OUT" && pgbench -n -M prepared -h 127.0.0.1 -p "$DB_PORT" -U postgres -c "$c" -j "$j" -T "$s" \
      -D prefix="$prefix" -D rows="$rows" -D epoch="$LEASE_EPOCH" -D holder="$HOLDER" -D hash="$LEASE_HASH" "${@:7}" \
      -f "$BENCH_DIR/sql/$script" -l --log-prefix="pgb_$name" mosaic_jobs ) >"$OUT/$name.pgbench" 2>&1
  local tps ntx; tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/$name.pgbench")
  ntx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$OUT/$name.pgbench")
  grep -q '^number of failed transactions: 0 ' "$OUT/$name.pgbench" || log "WARNING: pgbench $name had failures (see $OUT/$name.pgbench)"
  cat "$OUT"/pgb_"$name".* | awk '{print $3}' | sort -n | awk -v tps="$tps" -v ntx="$ntx" '{a[NR]=$1} END {
    i = int(NR * 0.50); if (i < 1) i = 1; j = int(NR * 0.99); if (j < 1) j = 1
    printf "%s %d %d %s\n", tps, a[i], a[j], ntx }'
  rm -f "$OUT"/pgb_"$name".*
}
row() { # scenario conc rps p50_us p99_us raw_label raw_value ratio conflicts retries exhausted note [jobs_s]
  # (+ the CPU per request of the point that cpu_end measured last, if any)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${@:1:12}" "${13:--}" \
    "${ROW_JVM_MS:--}" "${ROW_PG_MS:--}" >>"$RESULTS"
  ROW_JVM_MS=-; ROW_PG_MS=-
}
cpu_now() { python3 "$BENCH_DIR/proc_cpu.py" "$1" "$PG_PID"; } # cpu_now JVM_PID -> "jvm_ms jit_ms pg_ms" so far
cpu_start() { CPU_PID=$1; read -r CPU_JVM0 _ CPU_PG0 < <(cpu_now "$1"); }
cpu_end() { # cpu_end REQUESTS [jvm]: CPU per request since cpu_start into ROW_JVM_MS / ROW_PG_MS (ms);
  # without "jvm" (a pgbench point) only PostgreSQL's counts
  local j1 p1; read -r j1 _ p1 < <(cpu_now "$CPU_PID")
  ROW_PG_MS=$(python3 -c "import sys; d,n=float(sys.argv[1]),float(sys.argv[2]); print(f'{d/n:.3f}' if n else '-')" "$((p1 - CPU_PG0))" "$1")
  ROW_JVM_MS=-
  [ "${2:-}" != jvm ] || ROW_JVM_MS=$(python3 -c "import sys; d,n=float(sys.argv[1]),float(sys.argv[2]); print(f'{d/n:.3f}' if n else '-')" "$((j1 - CPU_JVM0))" "$1")
}
warm() { # warm NAME JVM_PID CONNECTIONS URL SCRIPT: the scenario's load in windows of WINDOW s until the JVM is
  # steady (see the header); each window to $OUT/warm-NAME.tsv, the outcome to $OUT/warmups.tsv
  local name=$1 pid=$2 c=$3 url=$4 script=$5 i=0 t=0 k0=0 prev="" res rps reqs j0 c0 j1 c1 reason=limit
  printf 'window\tstart_s\trps\tjvm_cpu_ms\tjit_cpu_ms\n' >"$OUT/warm-$name.tsv"
  while :; do
    read -r j0 c0 _ < <(cpu_now "$pid")
    res=$(BENCH_K0=$k0 wrk_run "warm-$name-$i" "$c" "$WINDOW" "$url" "$script")
    read -r j1 c1 _ < <(cpu_now "$pid")
    rps=$(echo "$res" | field rps); reqs=$(echo "$res" | field requests); k0=$((k0 + reqs))
    printf '%d\t%d\t%s\t%d\t%d\n' "$i" "$t" "$rps" "$((j1 - j0))" "$((c1 - c0))" >>"$OUT/warm-$name.tsv"
    i=$((i + 1)); t=$((t + WINDOW))
    if [ "$t" -ge "$WARM_MIN" ] && [ -n "$prev" ] && python3 -c "import sys
jit, window, pct, rps, prev = map(float, sys.argv[1:])
sys.exit(0 if jit < window * 1000 * pct / 100 and prev > 0 and abs(rps - prev) / prev < 0.10 else 1)" \
        "$((c1 - c0))" "$WINDOW" "$STEADY_JIT_PCT" "$rps" "$prev"; then
      reason=steady; break
    fi
    [ "$t" -lt "$WARM_MAX" ] || break
    prev=$rps
  done
  printf '%s\t%d\t%d\t%s\t%d\t%s\n' "$name" "$t" "$i" "$rps" "$((c1 - c0))" "$reason" >>"$OUT/warmups.tsv"
  log "warmed $name: $t s, last window $rps req/s with $((c1 - c0)) ms of JIT CPU ($reason)"
}
ratio() { python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print(f'{a/b:.2f}' if b else '-')" "$1" "$2"; }
printf 'scenario\tconc\trps\tp50_us\tp99_us\traw\traw_value\tratio\tconflicts\tretries\texhausted\tnote\tjobs_s\tjvm_ms_req\tpg_ms_req\n' >"$RESULTS"
printf 'name\tseconds\twindows\tlast_rps\tlast_jit_ms\toutcome\n' >"$OUT/warmups.tsv"

# ---------------------------------------------------------------- users, tokens, jobs
# A person as the console makes one: sign-up answers "check your mail" only, and the stack's mock mailer writes the
# confirmation link to the auth log; confirming (with the sign-up's password) signs in. sign_up EMAIL PASSWORD ADDRESS -> the verify-email answer
# (the user and an access token). ADDRESS: the client address that auth-service sees (X-Forwarded-For).
sign_up() {
  local email=$1 password=$2 address=$3 token=""
  curl -sf -o /dev/null -H 'Content-Type: application/json' -H "X-Forwarded-For: $address" \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"name\":\"Bench\"}" "$AUTH/api/auth/sign-up/email"
  for _ in $(seq 1 150); do
    # the first link after the mail's header is its own (a mail is one log record; later lines are other mails)
    token=$(grep -A20 "to \[$email\]" "$STACK_HOME/logs/auth.log" 2>/dev/null | sed -n 's/.*verify-email?token=\([A-Za-z0-9_-]*\).*/\1/p' | head -1)
    [ -n "$token" ] && break
    sleep 0.2
  done
  [ -n "$token" ] || { echo "bench: no confirmation mail for $email in $STACK_HOME/logs/auth.log" >&2; return 1; }
  curl -sf -H 'Content-Type: application/json' -H "X-Forwarded-For: $address" \
    -d "{\"token\":\"$token\",\"password\":\"$password\"}" "$AUTH/api/auth/verify-email"
}
RUN_ID=$(date +%s)
EMAIL="bench-$RUN_ID@example.com"; PASSWORD="bench-password-$RANDOM$RANDOM"
SIGNUP=$(sign_up "$EMAIL" "$PASSWORD" 10.76.0.1)
USER_TOKEN=$(echo "$SIGNUP" | json accessToken.access_token)
USER_ID=$(echo "$SIGNUP" | json user.id)
WORKSPACE=$(echo "$SIGNUP" | json user.workspaceIds.0)
COORD_TOKEN=$(coordinator_token)
COORD=(-H "Authorization: Bearer $COORD_TOKEN" -H 'Content-Type: application/json')
# One job through the API end to end (claim, RUNNING, progress under its lease), so that the seeded rows
# match what the service writes, and the holder is the one the service puts in a lease.
JOB=$(curl -sf -H "Authorization: Bearer $USER_TOKEN" -H 'Content-Type: application/json' -d '{"type":"bench-api"}' "$JOBS/api/runner-jobs" | json id)
CLAIM=$(curl -sf "${COORD[@]}" -d '{"types":["bench-api"],"max":1,"leaseSeconds":600}' "$JOBS/api/coordinator/jobs/claim")
[ "$(echo "$CLAIM" | json jobs.0.job.id)" = "$JOB" ] || { echo "bench: the claim did not hand out the API job: $CLAIM" >&2; exit 1; }
JOB_LEASE=$(echo "$CLAIM" | json jobs.0.lease.token)
HOLDER=$(echo "$CLAIM" | json jobs.0.lease.holder)
curl -sf -o /dev/null "${COORD[@]}" -H "Mosaic-Lease: $JOB_LEASE" -d '{"status":"RUNNING"}' "$JOBS/api/coordinator/jobs/$JOB/status"
curl -sf -o /dev/null "${COORD[@]}" -H "Mosaic-Lease: $JOB_LEASE" -d '{"progressPercent":1}' "$JOBS/api/coordinator/jobs/$JOB/progress"
# Every seeded job is held by that holder under one lease made for this run: the secret exists only in
# this run's environment (and the seeded rows only keep its SHA-256, as the service does). Epoch 1, as
# after a first claim; an hour long, so that no lease runs out and no sweep takes a job back mid-run.
LEASE_SECRET=$(python3 -c 'import uuid; print(uuid.uuid4())')
LEASE_EPOCH=1
LEASE_SECONDS=3600
LEASE_HASH='\x'$(printf '%s' "$LEASE_SECRET" | sha256sum | cut -d' ' -f1)
export BENCH_LEASE="$LEASE_EPOCH.$LEASE_SECRET"
for set in raw-warm raw-c1 raw-c8 raw-c32 raw-hot-c8 raw-hot-c32 prog-c1 prog-c8 prog-c32 prof-c1 prof-c8 hot-warm hot-c8 hot-c32 \
           raw-hb-warm raw-hb-c1 raw-hb-c8 raw-hb-c32 hb-warm hb-c1 hb-c8 hb-c32; do
  seed "$set" $ROWS
done
seed prog-warm $WARM_ROWS
# The API job's row beside a seeded one: the columns a write reads or guards must agree.
"${PSQL[@]}" mosaic_jobs -c "select id = '$JOB' as api_job, status, progress_percent, attempt, max_attempts, version,
    lease_epoch, lease_holder, lease_seconds, lease_expires_at > now() as lease_live, started_at is not null as started
    from runner_jobs where id in ('$JOB', md5('prog-c1' || 1)::uuid) order by 1 desc" >"$OUT/seed-check.txt"
curl -sf -o /dev/null "${COORD[@]}" -H "Mosaic-Lease: $JOB_LEASE" -d '{"result":{"bench":true}}' "$JOBS/api/coordinator/jobs/$JOB/complete"
"${PSQL[@]}" mosaic_jobs -c "vacuum analyze runner_jobs" -c "vacuum analyze job_events"
log "seeded $ROWS leased RUNNING jobs per set (holder $HOLDER); user $EMAIL, workspace $WORKSPACE"
# Scenario 7's accounts, each confirmed through its mailed link, each with its own client address; 8 at a time.
: >"$OUT/signin.accounts"
for i in $(seq 1 "$SIGNIN_ACCOUNTS"); do
  echo "bench-signin-$i-$RUN_ID@example.com bench-password-$RANDOM$RANDOM-$i 10.77.$((i / 250)).$((i % 250 + 1))" >>"$OUT/signin.accounts"
done
signup_pids=()
while read -r email password address; do
  ( sign_up "$email" "$password" "$address" >/dev/null </dev/null || echo "$email" >>"$OUT/signin.unconfirmed" ) &
  signup_pids+=($!)
  if [ "${#signup_pids[@]}" -ge 8 ]; then wait "${signup_pids[0]}"; signup_pids=("${signup_pids[@]:1}"); fi
done <"$OUT/signin.accounts"
wait "${signup_pids[@]}"
[ ! -s "$OUT/signin.unconfirmed" ] || { echo "bench: sign-up not confirmed for $(wc -l <"$OUT/signin.unconfirmed") accounts" >&2; exit 1; }
log "$SIGNIN_ACCOUNTS sign-in accounts confirmed through their mailed links"

# ---------------------------------------------------------------- 1. raw limit (pgbench)
log "1. raw limit: the progress statements with pgbench"
pgbench_run raw-warm 8 "$WINDOW" progress_raw.sql raw-warm $ROWS >/dev/null
declare -A RAW
for c in "${CONCURRENCY[@]}"; do
  cpu_start "$JOBS_PID"
  read -r tps p50 p99 ntx < <(pgbench_run "raw-c$c" "$c" "$SECS" progress_raw.sql "raw-c$c" $ROWS)
  cpu_end "$ntx"
  RAW[$c]=$tps
  row "1 raw: progress SQL (pgbench)" "$c" "$tps" "$p50" "$p99" "-" "-" "1.00" "-" "-" "-" \
    "the one autocommit statement of ProgressStatement.ON_POOL: UPDATE guarded by status, value and lease, extending the lease when half used, with the event INSERT, RETURNING the job, over $ROWS rows; real writes $(progress_events "raw-c$c" $ROWS) of $ntx transactions"
done
declare -A RAWHOT RAWHB RAWCLAIM
for c in "${HOT_CONCURRENCY[@]}"; do
  cpu_start "$JOBS_PID"
  read -r tps p50 p99 ntx < <(pgbench_run "raw-hot-c$c" "$c" "$SECS" progress_raw.sql "raw-hot-c$c" 1)
  cpu_end "$ntx"
  RAWHOT[$c]=$tps
  row "1 raw: progress SQL, one row" "$c" "$tps" "$p50" "$p99" "-" "-" "1.00" "-" "-" "-" \
    "same statement, all clients on one row (they queue for its row lock); real writes $(progress_events "raw-hot-c$c" 1) of $ntx transactions"
done

# ---------------------------------------------------------------- 2. progress, uncontended
log "2. progress, uncontended (the first warm-up of jobs-service: its windows are the cold-start curve)"
export BENCH_TOKEN="$COORD_TOKEN" BENCH_MODE=spread
BENCH_IDS="$OUT/prog-warm.ids" warm jobs-progress "$JOBS_PID" 8 "$JOBS" progress.lua
for c in "${CONCURRENCY[@]}"; do
  m0=$(metric mosaic_jobs_conflicts_total); r0=$(metric mosaic_jobs_retries_total); e0=$(metric mosaic_jobs_retries_exhausted_total)
  cpu_start "$JOBS_PID"
  res=$(BENCH_IDS="$OUT/prog-c$c.ids" wrk_run "prog-c$c" "$c" "$SECS" "$JOBS" progress.lua)
  cpu_end "$(echo "$res" | field requests)" jvm
  m1=$(metric mosaic_jobs_conflicts_total); r1=$(metric mosaic_jobs_retries_total); e1=$(metric mosaic_jobs_retries_exhausted_total)
  rps=$(echo "$res" | field rps); capped=$(sed -n 's/^CAPPED //p' "$OUT/prog-c$c.wrk")
  maxp=$("${PSQL[@]}" -At mosaic_jobs -c "select max(progress_percent) from runner_jobs where id in (select md5('prog-c$c' || n)::uuid from generate_series(1, $ROWS) n)")
  row "2 progress, spread" "$c" "$rps" "$(echo "$res" | field p50_us)" "$(echo "$res" | field p99_us)" "scenario 1 at c=$c" "${RAW[$c]}" \
    "$(ratio "$rps" "${RAW[$c]}")" "$((m1 - m0))" "$((r1 - r0))" "$((e1 - e0))" \
    "real writes (each raises its job by 1; highest value reached $maxp, $capped requests capped at 100); non-2xx $(echo "$res" | field non2xx)"
done

# ---------------------------------------------------------------- 2b. profile pass, not measured
# Profilers cost throughput, so they never run during a measured point: JFR (full stacks) on jobs-service
# at 8 connections, then the wall-clock split by stage, sampled from pg_stat_activity, at 1 connection.
log "2b. profile pass (not measured): JFR at 8 connections, the stage sampler at 1"
if jcmd "$JOBS_PID" JFR.start name=bench settings=profile >"$OUT/jfr-start.txt" 2>&1; then
  BENCH_IDS="$OUT/prof-c8.ids" wrk_run prof-c8 8 "$SECS" "$JOBS" progress.lua >/dev/null
  jcmd "$JOBS_PID" JFR.stop name=bench filename="$OUT/progress-c8.jfr" >>"$OUT/jfr-start.txt" 2>&1 || true
fi
PGOPTIONS="-c bench.secs=$(( SECS > 3 ? SECS - 2 : 1 ))" "${PSQL[@]}" -At -F '|' mosaic_jobs -f "$BENCH_DIR/sql/stage_sampler.sql" >"$OUT/stages.txt" 2>&1 &
spid=$!; EXTRA_PIDS+=("$spid")
BENCH_IDS="$OUT/prof-c1.ids" wrk_run prof-c1 1 "$SECS" "$JOBS" progress.lua >/dev/null
wait "$spid" || true

# ---------------------------------------------------------------- 3. progress, hot job
log "3. progress, hot job"
export BENCH_MODE=hot
BENCH_IDS="$OUT/hot-warm.ids" BENCH_ACKED="$OUT/hot-warm.acked" warm jobs-hot "$JOBS_PID" 8 "$JOBS" progress.lua
: >"$OUT/checks.txt"
for c in "${HOT_CONCURRENCY[@]}"; do
  m0=$(metric mosaic_jobs_conflicts_total); r0=$(metric mosaic_jobs_retries_total); e0=$(metric mosaic_jobs_retries_exhausted_total)
  cpu_start "$JOBS_PID"
  res=$(BENCH_IDS="$OUT/hot-c$c.ids" BENCH_ACKED="$OUT/hot-c$c.acked" wrk_run "hot-c$c" "$c" "$SECS" "$JOBS" progress.lua)
  cpu_end "$(echo "$res" | field requests)" jvm
  m1=$(metric mosaic_jobs_conflicts_total); r1=$(metric mosaic_jobs_retries_total); e1=$(metric mosaic_jobs_retries_exhausted_total)
  rps=$(echo "$res" | field rps); ok=$(sed -n 's/^ACKED200 //p' "$OUT/hot-c$c.wrk")
  # Lost-update check: per job, the stored progress must be >= the highest progressPercent a 200 acknowledged,
  # and the PROGRESS events of a job must rise strictly (a lost write would show as a repeat or a step back).
  "${PSQL[@]}" mosaic_jobs -c "create temp table acked (id uuid, p int)" -c "\\copy acked from '$OUT/hot-c$c.acked' with (delimiter ' ')" \
    -At -c "select count(*), count(*) filter (where j.progress_percent < a.p), coalesce(sum(a.p), 0) from acked a join runner_jobs j using (id)" \
    -c "select count(*) from job_events e where e.type = 'PROGRESS' and e.job_id in (select id from acked)" \
    -c "select count(*) from (select progress_percent <= lag(progress_percent) over (partition by job_id order by id) as back
          from job_events where type = 'PROGRESS' and job_id in (select id from acked)) t where back" >"$OUT/hot-c$c.check"
  IFS='|' read -r jobs lost _ < <(sed -n 1p "$OUT/hot-c$c.check")
  events=$(sed -n 2p "$OUT/hot-c$c.check"); back=$(sed -n 3p "$OUT/hot-c$c.check")
  echo "hot job, c=$c: $ok requests acknowledged with 200 over $jobs jobs; jobs whose stored progress is below the highest acknowledged value: $lost; PROGRESS events written: $events (real writes; the other acknowledged requests were no-ops because a higher value had already committed); events that did not rise over the previous one: $back" >>"$OUT/checks.txt"
  row "3 progress, hot job" "$c" "$rps" "$(echo "$res" | field p50_us)" "$(echo "$res" | field p99_us)" "scenario 1 on one row at c=$c" "${RAWHOT[$c]}" \
    "$(ratio "$rps" "${RAWHOT[$c]}")" "$((m1 - m0))" "$((r1 - r0))" "$((e1 - e0))" \
    "lost acknowledged updates: $lost of $jobs jobs; $events real writes of $ok 200s; non-2xx $(echo "$res" | field non2xx)"
done

# ---------------------------------------------------------------- 4. read path
log "4. read path"
export BENCH_TOKEN="$USER_TOKEN"
BENCH_IDS="$OUT/prog-warm.ids" warm jobs-read "$JOBS_PID" 8 "$JOBS" read.lua
pgbench_run read-raw-warm 8 "$WINDOW" read_raw.sql prog-c8 $ROWS >/dev/null
for c in "${CONCURRENCY[@]}"; do
  cpu_start "$JOBS_PID"
  read -r tps p50 p99 ntx < <(pgbench_run "read-raw-c$c" "$c" "$SECS" read_raw.sql "prog-c$c" $ROWS)
  cpu_end "$ntx"
  row "4 raw: the job SELECT (pgbench)" "$c" "$tps" "$p50" "$p99" "-" "-" "1.00" "-" "-" "-" "same rows as scenario 4"
  cpu_start "$JOBS_PID"
  res=$(BENCH_IDS="$OUT/prog-c$c.ids" wrk_run "read-c$c" "$c" "$SECS" "$JOBS" read.lua)
  cpu_end "$(echo "$res" | field requests)" jvm
  rps=$(echo "$res" | field rps)
  row "4 read GET job (JWT verified)" "$c" "$rps" "$(echo "$res" | field p50_us)" "$(echo "$res" | field p99_us)" "SELECT at c=$c" "$tps" \
    "$(ratio "$rps" "$tps")" "-" "-" "-" "non-2xx $(echo "$res" | field non2xx)"
done
# The read path's profile, as 2b's for progress: JFR at 8 connections in a pass that is not measured.
if jcmd "$JOBS_PID" JFR.start name=bench-read settings=profile >>"$OUT/jfr-start.txt" 2>&1; then
  BENCH_IDS="$OUT/prog-c8.ids" wrk_run read-prof-c8 8 "$SECS" "$JOBS" read.lua >/dev/null
  jcmd "$JOBS_PID" JFR.stop name=bench-read filename="$OUT/read-c8.jfr" >>"$OUT/jfr-start.txt" 2>&1 || true
fi

# ---------------------------------------------------------------- 5. heartbeat
log "5. heartbeat: the lease UPDATE with pgbench, then the endpoint"
pgbench_run raw-hb-warm 8 "$WINDOW" heartbeat_raw.sql raw-hb-warm $ROWS >/dev/null
for c in "${CONCURRENCY[@]}"; do
  cpu_start "$JOBS_PID"
  read -r tps p50 p99 ntx < <(pgbench_run "raw-hb-c$c" "$c" "$SECS" heartbeat_raw.sql "raw-hb-c$c" $ROWS)
  cpu_end "$ntx"
  RAWHB[$c]=$tps
  row "5 raw: heartbeat UPDATE (pgbench)" "$c" "$tps" "$p50" "$p99" "-" "-" "1.00" "-" "-" "-" \
    "the lease-guarded UPDATE alone (autocommit) over $ROWS rows; leases extended: $(extended_leases "raw-hb-c$c" $ROWS) of $ROWS jobs by $ntx transactions"
done
export BENCH_TOKEN="$COORD_TOKEN"
BENCH_IDS="$OUT/hb-warm.ids" warm jobs-heartbeat "$JOBS_PID" 8 "$JOBS" heartbeat.lua
for c in "${CONCURRENCY[@]}"; do
  cpu_start "$JOBS_PID"
  res=$(BENCH_IDS="$OUT/hb-c$c.ids" wrk_run "hb-c$c" "$c" "$SECS" "$JOBS" heartbeat.lua)
  cpu_end "$(echo "$res" | field requests)" jvm
  rps=$(echo "$res" | field rps)
  row "5 heartbeat" "$c" "$rps" "$(echo "$res" | field p50_us)" "$(echo "$res" | field p99_us)" "UPDATE at c=$c" "${RAWHB[$c]}" \
    "$(ratio "$rps" "${RAWHB[$c]}")" "-" "-" "-" \
    "leases extended: $(extended_leases "hb-c$c" $ROWS) of $ROWS jobs; non-2xx $(echo "$res" | field non2xx)"
done

# ---------------------------------------------------------------- 6. claim
# Throughput here is claimed jobs per second. Every point (warm-ups too) starts from a fresh queue of
# CLAIM_ROWS PENDING jobs, large enough that it never runs dry, and the point's jobs are counted in the
# database (and, for the service, also in the answers).
log "6. claim: $CLAIM_COORDINATORS coordinators, max ${CLAIM_MAX[*]}, the claim transaction with pgbench, then the endpoint"
claim_queue $CLAIM_ROWS
pgbench_run raw-claim-warm "$CLAIM_COORDINATORS" "$WINDOW" claim_raw.sql - 0 -D max=10 -D types='{bench-claim}' -D lease_seconds=60 >/dev/null
for max in "${CLAIM_MAX[@]}"; do
  claim_queue $CLAIM_ROWS
  cpu_start "$JOBS_PID"
  read -r tps p50 p99 ntx < <(pgbench_run "raw-claim-m$max" "$CLAIM_COORDINATORS" "$SECS" claim_raw.sql - 0 \
    -D max="$max" -D types='{bench-claim}' -D lease_seconds=60)
  cpu_end "$ntx"
  jobs=$(claimed_jobs)
  RAWCLAIM[$max]=$(python3 -c "import sys; t,j,n=map(float,sys.argv[1:]); print(f'{t * j / n:.1f}' if n else 0)" "$tps" "$jobs" "$ntx")
  row "6 raw: claim SQL, max $max (pgbench)" "$CLAIM_COORDINATORS" "$tps" "$p50" "$p99" "-" "-" "1.00" "-" "-" "-" \
    "BEGIN + lease expiry (none due) + claim (SKIP LOCKED, CLAIMED events) + COMMIT; $jobs jobs claimed by $ntx transactions, $((CLAIM_ROWS - jobs)) of $CLAIM_ROWS left" \
    "${RAWCLAIM[$max]}"
done
claim_queue $((CLAIM_ROWS * 2))   # a warm-up of up to WARM_MAX s must not run the queue dry
BENCH_MAX=1 warm jobs-claim "$JOBS_PID" "$CLAIM_COORDINATORS" "$JOBS" claim.lua
for max in "${CLAIM_MAX[@]}"; do
  claim_queue $CLAIM_ROWS
  cpu_start "$JOBS_PID"
  res=$(BENCH_MAX=$max wrk_run "claim-m$max" "$CLAIM_COORDINATORS" "$SECS" "$JOBS" claim.lua)
  cpu_end "$(echo "$res" | field requests)" jvm
  jobs=$(claimed_jobs)
  answered=$(sed -n 's/^JOBS //p' "$OUT/claim-m$max.wrk"); empty=$(sed -n 's/^EMPTY //p' "$OUT/claim-m$max.wrk")
  jps=$(python3 -c "import sys; print(f'{int(sys.argv[1]) / float(sys.argv[2]):.1f}')" "$answered" "$(echo "$res" | field seconds)")
  twice=$("${PSQL[@]}" -At mosaic_jobs -c "analyze job_events" -c "select count(*) - count(distinct job_id) from job_events e join runner_jobs j on j.id = e.job_id
    where j.type = 'bench-claim' and e.type = 'CLAIMED'")
  rps=$(echo "$res" | field rps)
  row "6 claim, max $max" "$CLAIM_COORDINATORS" "$rps" "$(echo "$res" | field p50_us)" "$(echo "$res" | field p99_us)" \
    "jobs/s, pgbench max $max" "${RAWCLAIM[$max]}" "$(ratio "$jps" "${RAWCLAIM[$max]}")" "-" "-" "-" \
    "$answered jobs in the answers ($jobs claimed in the database), $empty empty answers, claimed twice: $twice; $((CLAIM_ROWS - jobs)) of $CLAIM_ROWS left; non-2xx $(echo "$res" | field non2xx)" \
    "$jps"
done
claim_queue 0   # nothing of the claim points may expire later and be taken back during what follows

# ---------------------------------------------------------------- 7. sign-in + liveness
log "7. sign-in (argon2id m=19456 KiB, t=2, p=1) with /q/health/live beside it"
argon_loop() { local end=$(( $(date +%s%N) + $1 * 1000000000 )) n=0
  while [ "$(date +%s%N)" -lt "$end" ]; do echo -n "$PASSWORD" | argon2 benchsalt0123456 -id -t 2 -k 19456 -p 1 -r >/dev/null; n=$((n + 1)); done; echo "$n"; }
t0=$(date +%s%N); total=0
apids=()
for i in $(seq 1 "$NPROC"); do argon_loop "$SECS" >"$OUT/argon.$i" & apids+=($!); done
wait "${apids[@]}"
for i in $(seq 1 "$NPROC"); do total=$((total + $(cat "$OUT/argon.$i"))); done
ARGON_RPS=$(python3 -c "print(round($total / (($(date +%s%N) - $t0) / 1e9), 1))")
row "7 raw: argon2id hashes (C reference CLI)" "$NPROC" "$ARGON_RPS" "-" "-" "-" "-" "1.00" "-" "-" "-" "$NPROC parallel loops of the argon2 CLI, m=19456 KiB t=2 p=1 (process spawn included)"
live=$(wrk_run live-idle 1 "$SECS" "$AUTH/q/health/live" plain.lua)
LIVE_P99=$(echo "$live" | field p99_us)
row "7 raw: /q/health/live, idle" 1 "$(echo "$live" | field rps)" "$(echo "$live" | field p50_us)" "$LIVE_P99" "-" "-" "1.00" "-" "-" "-" "auth-service with no other load"
export BENCH_ACCOUNTS="$OUT/signin.accounts"
# auth-service's RSS every 0.5 s while it hashes (warm-up and points): its peak is the memory a sign-in flood takes
( while kill -0 "$AUTH_PID" 2>/dev/null; do rss_kib "$AUTH_PID"; sleep 0.5; done ) >"$OUT/auth-rss-signin.txt" 2>/dev/null &
rss_sampler=$!; EXTRA_PIDS+=("$rss_sampler")
warm auth-signin "$AUTH_PID" 8 "$AUTH" signin.lua
SIGNIN_FAILED=""
for c in "${CONCURRENCY[@]}"; do
  wrk -t1 -c1 -d"$((SECS - 1))s" --timeout 10s -s "$BENCH_DIR/lua/plain.lua" "$AUTH/q/health/live" >"$OUT/live-c$c.wrk" 2>&1 &
  lpid=$!; EXTRA_PIDS+=("$lpid")
  cpu_start "$AUTH_PID"
  res=$(wrk_run "signin-c$c" "$c" "$SECS" "$AUTH" signin.lua)
  cpu_end "$(echo "$res" | field requests)" jvm
  wait "$lpid" || true
  live=$(grep '^RESULT' "$OUT/live-c$c.wrk")
  rps=$(echo "$res" | field rps)
  # Every answer that is not a 200 (wrk's non2xx counts >= 400), by status: a sign-in that failed is no sign-in.
  n=$(echo "$res" | field requests); bad=$(awk '/^STATUS / {s += $3} END {print s + 0}' "$OUT/signin-c$c.wrk")
  statuses=$(awk '/^STATUS / {printf "%s%s: %s", sep, $2, $3; sep = ", "}' "$OUT/signin-c$c.wrk")
  pct=$(python3 -c "import sys; b, n = int(sys.argv[1]), int(sys.argv[2]); print(f'{100 * b / n:.1f}' if n else '100.0')" "$bad" "$n")
  verdict="non-2xx $bad of $n ($pct %${statuses:+; $statuses})"
  if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$pct" "$MAX_NON2XX_PCT"; then
    log "ERROR: sign-in at c=$c answered $pct % non-2xx (more than $MAX_NON2XX_PCT %): $statuses (see $OUT/signin-c$c.wrk)"
    SIGNIN_FAILED="$SIGNIN_FAILED c=$c:$pct%"; verdict="FAILED: $verdict, more than $MAX_NON2XX_PCT %"
  fi
  row "7 sign-in" "$c" "$rps" "$(echo "$res" | field p50_us)" "$(echo "$res" | field p99_us)" "argon2 CLI, $NPROC procs" "$ARGON_RPS" \
    "$(ratio "$rps" "$ARGON_RPS")" "-" "-" "-" "$verdict"
  lp99=$(echo "$live" | field p99_us)
  row "7 /q/health/live during sign-in" "1 (+$c)" "$(echo "$live" | field rps)" "$(echo "$live" | field p50_us)" "$lp99" "idle p99 (us)" "$LIVE_P99" \
    "$(ratio "$lp99" "$LIVE_P99")" "-" "-" "-" "ratio is p99 / idle p99"
done
kill "$rss_sampler" 2>/dev/null || true
AUTH_RSS_SIGNIN_PEAK=$(sort -n "$OUT/auth-rss-signin.txt" | tail -1)
{ echo "accounts=$SIGNIN_ACCOUNTS"; echo "queue_per_thread=$SIGNIN_QUEUE"; echo "capacity=$((NPROC * (1 + SIGNIN_QUEUE)))"
  echo "max_non2xx_pct=$MAX_NON2XX_PCT"; echo "failed=$SIGNIN_FAILED"; } >"$OUT/signin.env"

# ---------------------------------------------------------------- 8. startup and memory
log "8. startup and memory"
AUTH_RSS_LOAD=$(rss_kib "$AUTH_PID"); JOBS_RSS_LOAD=$(rss_kib "$JOBS_PID")
t0=$(date +%s%N); java -version >/dev/null 2>&1; JVM_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
row "8 raw: java -version" 1 "-" "-" "-" "-" "-" "1.00" "-" "-" "-" "JVM boot floor: ${JVM_MS} ms"
IDLE_SECS=$([ "$QUICK" = 1 ] && echo 2 || echo 10)
START_ENV=()   # more environment for start_once's instance
start_once() { # start_once LABEL STACKPID PORT [DROP [INSTEAD]]: a second instance, the stack child's exact command
  # line and environment (JVM flags, AOT cache) on another port, without the argument DROP (or with INSTEAD in its
  # place); until its first 200 on /q/health/ready -> START_MS, START_CPU_MS (all its threads), START_RSS (KiB),
  # START_PID (still running)
  local label=$1 spid=$2 port=$3 drop=${4:-} instead=${5:-} envs cmd args=() a t0 pid
  mapfile -d '' envs <"/proc/$spid/environ"
  mapfile -d '' cmd <"/proc/$spid/cmdline"
  for a in "${cmd[@]}"; do
    if [ "$a" != "$drop" ]; then args+=("$a"); elif [ -n "$instead" ]; then args+=("$instead"); fi
  done
  t0=$(date +%s%N)
  START_T0_NS=$t0
  ( cd "$(readlink "/proc/$spid/cwd")" && exec env -i "${envs[@]}" "${START_ENV[@]}" MOSAIC_HTTP_PORT="$port" "${args[@]}" ) >"$OUT/startup-$label.log" 2>&1 &
  pid=$!; EXTRA_PIDS+=("$pid")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" = 200 ]; do
    if ! kill -0 "$pid" 2>/dev/null || [ $(( $(date +%s%N) - t0 )) -gt 120000000000 ]; then
      kill -KILL "$pid" 2>/dev/null || true; tail -20 "$OUT/startup-$label.log" >&2; echo "bench: $label did not start" >&2; return 1
    fi
    sleep 0.02
  done
  START_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
  START_CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$pid/stat")
  START_RSS=$(rss_kib "$pid"); START_PID=$pid
}
starts() { # starts SERVICE STACKPID PORT VARIANT [DROP [INSTEAD]]: STARTS starts to ready; the last one then idles
  # IDLE_SECS s
  local svc=$1 spid=$2 port=$3 variant=$4 drop=${5:-} instead=${6:-} i idle
  for i in $(seq 1 "$STARTS"); do
    start_once "$svc-$variant-$i" "$spid" "$port" "$drop" "$instead" || return 1
    if [ "$i" = "$STARTS" ]; then sleep "$IDLE_SECS"; idle=$(rss_kib "$START_PID"); else idle=-; fi
    kill -TERM "$START_PID"; wait "$START_PID" 2>/dev/null || true
    printf '%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n' "$svc" "$variant" "$i" "$START_MS" "$START_CPU_MS" "$START_RSS" "$idle" \
      "$(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/startups.tsv"
  done
}
second_instance() { # second_instance SERVICE -> SPID (the stack's process of it), PORT (for a second instance)
  spid=$([ "$1" = auth ] && echo "$AUTH_PID" || echo "$JOBS_PID")
  port=$(( $([ "$1" = auth ] && echo "$AUTH_PORT" || echo "$JOBS_PORT") + 10 ))
}
printf 'service\tvariant\tn\tready_ms\tcpu_ms\trss_ready_kib\trss_idle_kib\tload1\n' >"$OUT/startups.tsv"
for svc in auth jobs; do
  second_instance "$svc"
  aot_arg=$(tr '\0' '\n' <"/proc/$spid/cmdline" | grep -m1 '^-XX:AOTCache=' || true)
  starts "$svc" "$spid" "$port" "$([ -n "$aot_arg" ] && echo aot || echo plain)" || exit 1
  # the stack's cache is the one it recorded from a real run; the one the build packaged (static init only) beside
  # it: what that recording is worth
  [ "$aot_arg" != "-XX:AOTCache=app-trained.aot" ] || starts "$svc" "$spid" "$port" aot-build "$aot_arg" "-XX:AOTCache=app.aot" || exit 1
  # the same JVM and flags without the cache: what the AOT cache is worth
  [ -z "$aot_arg" ] || starts "$svc" "$spid" "$port" no-aot "$aot_arg" || exit 1
done
# What a start spends, in one more start per service that is not measured above: the CPU of each kind of thread
# until ready (the JIT compilers, the main thread that runs Quarkus' startup steps, the VM and GC), and the steps that
# took longest (Quarkus' own clock, which only the system property quarkus.debug.print-startup-times turns on) after
# the time from launch to the first step.
printf 'service\tready_ms\tcpu_ms\tc2_ms\tc1_ms\tmain_ms\tvm_gc_ms\tother_ms\tbefore_steps_ms\tsteps_ms\ttop_steps\n' >"$OUT/start-profile.tsv"
START_ENV=(JAVA_TOOL_OPTIONS=-Dquarkus.debug.print-startup-times=true)
for svc in auth jobs; do
  second_instance "$svc"
  start_once "$svc-profile" "$spid" "$port" || exit 1
  threads=$(for t in /proc/"$START_PID"/task/*; do
    printf '%s\t%s\t%s\n' "${t##*/}" "$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "$t/stat")" "$(cat "$t/comm")"
  done)
  kill -TERM "$START_PID"; wait "$START_PID" 2>/dev/null || true
  python3 "$ROOT/deploy/bench/start_profile.py" "$svc" "$START_PID" "$START_MS" "$START_CPU_MS" "$START_T0_NS" \
    "$OUT/startup-$svc-profile.log" "$threads" >>"$OUT/start-profile.tsv"
done
# What a started service's memory is, in one more start per service that is not measured above: after IDLE_SECS s
# idle, the RSS of the AOT cache's mapping (the JVM maps it whole) beside the rest, what Native Memory Tracking says
# is committed for the heap, the code cache, class metadata and thread stacks, and the classes loaded, by library.
printf 'service\trss_kib\taot_rss_kib\theap_kib\tcode_kib\tclass_kib\tthread_kib\tclasses\ttop_libraries\n' >"$OUT/memory-profile.tsv"
for svc in auth jobs; do
  second_instance "$svc"
  START_ENV=("JAVA_TOOL_OPTIONS=-XX:NativeMemoryTracking=summary -Xlog:class+load=info:file=$OUT/classes-$svc.log")
  start_once "$svc-memory" "$spid" "$port" || exit 1
  sleep "$IDLE_SECS"
  cp "/proc/$START_PID/smaps" "$OUT/smaps-$svc.txt"
  "$(dirname "$(readlink "/proc/$START_PID/exe")")/jcmd" "$START_PID" VM.native_memory summary >"$OUT/nmt-$svc.txt" 2>&1 || true
  kill -TERM "$START_PID"; wait "$START_PID" 2>/dev/null || true
  python3 "$ROOT/deploy/bench/memory_profile.py" "$svc" "$OUT/smaps-$svc.txt" "$OUT/nmt-$svc.txt" "$OUT/classes-$svc.log" \
    >>"$OUT/memory-profile.tsv"
done
START_ENV=()
mib() { echo $(( $1 / 1024 )); }
while IFS=$'\t' read -r svc variant n med lo hi cpu rss idle; do
  row "8 startup $svc-service ($variant)" 1 "-" "-" "-" "java -version (ms)" "$JVM_MS" "$(ratio "$med" "$JVM_MS")" "-" "-" "-" \
    "first 200 on /q/health/ready: median $med ms of $n starts (min $lo, max $hi); CPU to ready $cpu ms (median); RSS $rss MiB at ready, $idle MiB after $IDLE_SECS s idle"
done < <(python3 - "$OUT/startups.tsv" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
for key in dict.fromkeys((r["service"], r["variant"]) for r in rows):
    rs = [r for r in rows if (r["service"], r["variant"]) == key]
    ms = [int(r["ready_ms"]) for r in rs]
    idle = [int(r["rss_idle_kib"]) for r in rs if r["rss_idle_kib"] != "-"]
    print("\t".join(map(str, [key[0], key[1], len(rs), int(statistics.median(ms)), min(ms), max(ms),
        int(statistics.median(int(r["cpu_ms"]) for r in rs)), int(statistics.median(int(r["rss_ready_kib"]) for r in rs)) // 1024,
        idle[-1] // 1024 if idle else "-"])))
PY
)
row "8 memory auth-service" 1 "-" "-" "-" "RSS after start (MiB)" "$(mib "$AUTH_RSS_START")" "$(ratio "$AUTH_RSS_SIGNIN_PEAK" "$AUTH_RSS_START")" "-" "-" "-" \
  "stack instance: RSS $(mib "$AUTH_RSS_START") MiB after start, $(mib "$AUTH_RSS_SIGNIN_PEAK") MiB at most during the sign-in points (sampled every 0.5 s), $(mib "$AUTH_RSS_LOAD") MiB after all the load; ratio: peak over after start"
row "8 memory jobs-service" 1 "-" "-" "-" "RSS after start (MiB)" "$(mib "$JOBS_RSS_START")" "$(ratio "$JOBS_RSS_LOAD" "$JOBS_RSS_START")" "-" "-" "-" \
  "stack instance: RSS $(mib "$JOBS_RSS_START") MiB after start, $(mib "$JOBS_RSS_LOAD") MiB after all the load; ratio: after the load over after start"

# ---------------------------------------------------------------- 9. Keycloak side by side (BENCH_KEYCLOAK=1)
# Keycloak's server distribution from Maven Central (as deploy/dev/keycloak does), in production mode with its own
# JVM settings as shipped, on the stack's PostgreSQL (database keycloak). Its one-off build step (database vendor,
# health endpoints) and its first start (schema, realm import) are not measured; then the same figures as
# auth-service's, one service after the other, each warmed with its load first.
if [ "$KEYCLOAK" = 1 ]; then
  log "9. Keycloak $KC_VERSION beside auth-service"
  # shellcheck source=../dev/keycloak/fetch-keycloak.sh
  . "$ROOT/deploy/dev/keycloak/fetch-keycloak.sh"
  KC_JAVA="$(find_jdk 21)" || { echo "bench: Keycloak needs a JDK 21 or newer (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }
  KC_HOME="$(fetch_keycloak "$ROOT" "$KC_VERSION" "$WORK/keycloak")"
  KC_MGMT=$((KC_PORT + 1000))
  "${PSQL[@]}" postgres -c "drop database if exists keycloak" -c "create database keycloak"
  KC_SECRET=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
  rm -rf "$KC_HOME/data" && mkdir -p "$KC_HOME/data/import"
  printf '{"realm": "bench", "enabled": true, "clients": [{"clientId": "bench", "enabled": true, "publicClient": false,
    "secret": "%s", "serviceAccountsEnabled": true, "standardFlowEnabled": false, "directAccessGrantsEnabled": false}]}\n' \
    "$KC_SECRET" >"$KC_HOME/data/import/bench-realm.json"
  JAVA_HOME="$KC_JAVA" "$KC_HOME/bin/kc.sh" build --db=postgres --health-enabled=true >"$OUT/keycloak-build.log" 2>&1 \
    || { tail -20 "$OUT/keycloak-build.log" >&2; echo "bench: kc.sh build failed" >&2; exit 1; }
  # kc.sh runs Keycloak's JVM as its child (it forwards TERM to it): KC_PID is the script, to stop it;
  # KC_JVM_PID the JVM, whose CPU, RSS and JIT threads are measured.
  kc_start() { # kc_start LABEL -> KC_MS (to the first 200 on /health/ready), KC_CPU_MS, KC_PID, KC_JVM_PID (running)
    local t0; t0=$(date +%s%N)
    JAVA_HOME="$KC_JAVA" "$KC_HOME/bin/kc.sh" start --optimized --http-enabled=true --http-host=127.0.0.1 \
      --http-port="$KC_PORT" --http-management-port="$KC_MGMT" --hostname-strict=false --import-realm \
      --db-url="jdbc:postgresql://127.0.0.1:$DB_PORT/keycloak" --db-username=postgres --db-password=postgres \
      >"$OUT/keycloak-$1.log" 2>&1 &
    KC_PID=$!; EXTRA_PIDS+=("$KC_PID")
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$KC_MGMT/health/ready")" = 200 ]; do
      if ! kill -0 "$KC_PID" 2>/dev/null || [ $(( $(date +%s%N) - t0 )) -gt 300000000000 ]; then
        tail -20 "$OUT/keycloak-$1.log" >&2; echo "bench: Keycloak did not start" >&2; exit 1
      fi
      sleep 0.05
    done
    KC_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
    KC_JVM_PID=$(pgrep -P "$KC_PID" java || pgrep -P "$KC_PID")
    KC_CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$KC_JVM_PID/stat")
  }
  kc_stop() { kill -TERM "$KC_PID" 2>/dev/null; wait "$KC_PID" 2>/dev/null || true; }
  kc_start first; kc_stop
  printf 'n\tready_ms\tcpu_ms\n' >"$OUT/keycloak-starts.tsv"
  for i in $(seq 1 "$STARTS"); do
    kc_start "start-$i"
    printf '%d\t%d\t%d\n' "$i" "$KC_MS" "$KC_CPU_MS" >>"$OUT/keycloak-starts.tsv"
    [ "$i" = "$STARTS" ] || kc_stop
  done
  sleep "$IDLE_SECS"; KC_RSS_IDLE=$(rss_kib "$KC_JVM_PID")
  median() { python3 -c "import statistics, sys; print(int(statistics.median(int(x) for x in sys.argv[1:])))" "$@"; }
  KC_MS_MED=$(median $(cut -f2 "$OUT/keycloak-starts.tsv" | tail -n +2))
  KC_MS_RANGE="$(cut -f2 "$OUT/keycloak-starts.tsv" | tail -n +2 | sort -n | sed -n '1p;$p' | paste -sd- -)"
  AUTH_MS_MED=$(median $(awk -F'\t' '$1 == "auth" && ($2 == "aot" || $2 == "plain") {print $4}' "$OUT/startups.tsv"))
  AUTH_RSS_IDLE=$(awk -F'\t' '$1 == "auth" && ($2 == "aot" || $2 == "plain") && $7 != "-" {print $7}' "$OUT/startups.tsv" | tail -1)
  KC_URL="http://127.0.0.1:$KC_PORT"
  KC_TOKEN_PATH="/realms/bench/protocol/openid-connect/token"; KC_JWKS_PATH="/realms/bench/protocol/openid-connect/certs"
  [ "$(curl -s -o /dev/null -w '%{http_code}' -u "bench:$KC_SECRET" -d grant_type=client_credentials "$KC_URL$KC_TOKEN_PATH")" = 200 ] \
    || { echo "bench: Keycloak gave the bench client no token" >&2; exit 1; }
  # the same two loads on both, each service warmed with them first
  BENCH_BASIC=$(printf '%s' "bench:$KC_SECRET" | base64 -w0) warm kc-token "$KC_JVM_PID" 8 "$KC_URL$KC_TOKEN_PATH" token.lua
  kc_tok=$(BENCH_BASIC=$(printf '%s' "bench:$KC_SECRET" | base64 -w0) wrk_run kc-token-c8 8 "$SECS" "$KC_URL$KC_TOKEN_PATH" token.lua)
  warm kc-jwks "$KC_JVM_PID" 8 "$KC_URL$KC_JWKS_PATH" plain.lua
  kc_jwks=$(wrk_run kc-jwks-c8 8 "$SECS" "$KC_URL$KC_JWKS_PATH" plain.lua)
  KC_RSS_LOAD=$(rss_kib "$KC_JVM_PID")
  kc_stop
  AUTH_BASIC=$(printf '%s' "coordinator:$MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET" | base64 -w0)
  BENCH_BASIC=$AUTH_BASIC warm auth-token "$AUTH_PID" 8 "$AUTH/api/auth/oauth2/token" token.lua
  auth_tok=$(BENCH_BASIC=$AUTH_BASIC wrk_run auth-token-c8 8 "$SECS" "$AUTH/api/auth/oauth2/token" token.lua)
  warm auth-jwks "$AUTH_PID" 8 "$AUTH/api/auth/jwks" plain.lua
  auth_jwks=$(wrk_run auth-jwks-c8 8 "$SECS" "$AUTH/api/auth/jwks" plain.lua)
  AUTH_RSS_TOKENS=$(rss_kib "$AUTH_PID")
  f() { echo "$1" | field "$2"; }
  {
    printf 'what\tauth\tkeycloak\tunit\tgoal\n'
    printf 'start to ready (median of %s)\t%s\t%s\tms\t>= 10x faster\n' "$STARTS" "$AUTH_MS_MED" "$KC_MS_MED"
    printf 'RSS, idle after start\t%s\t%s\tMiB\t<= 1/4\n' "$(mib "${AUTH_RSS_IDLE:-0}")" "$(mib "$KC_RSS_IDLE")"
    printf 'client-credentials tokens/s, 8 connections\t%s\t%s\treq/s\t>= 5x\n' "$(f "$auth_tok" rps)" "$(f "$kc_tok" rps)"
    printf 'client-credentials p99\t%s\t%s\tus\t-\n' "$(f "$auth_tok" p99_us)" "$(f "$kc_tok" p99_us)"
    printf 'JWKS req/s, 8 connections\t%s\t%s\treq/s\t-\n' "$(f "$auth_jwks" rps)" "$(f "$kc_jwks" rps)"
    printf 'RSS after the token and JWKS load\t%s\t%s\tMiB\t-\n' "$(mib "$AUTH_RSS_TOKENS")" "$(mib "$KC_RSS_LOAD")"
  } >"$OUT/keycloak.tsv"
  row "9 raw: Keycloak client-credentials" 8 "$(f "$kc_tok" rps)" "$(f "$kc_tok" p50_us)" "$(f "$kc_tok" p99_us)" "-" "-" "1.00" "-" "-" "-" \
    "Keycloak $KC_VERSION, realm bench, confidential client; non-2xx $(f "$kc_tok" non2xx)"
  row "9 client-credentials tokens" 8 "$(f "$auth_tok" rps)" "$(f "$auth_tok" p50_us)" "$(f "$auth_tok" p99_us)" "Keycloak tokens/s" "$(f "$kc_tok" rps)" \
    "$(ratio "$(f "$auth_tok" rps)" "$(f "$kc_tok" rps)")" "-" "-" "-" "the coordinator client; non-2xx $(f "$auth_tok" non2xx)"
  row "9 raw: Keycloak JWKS" 8 "$(f "$kc_jwks" rps)" "$(f "$kc_jwks" p50_us)" "$(f "$kc_jwks" p99_us)" "-" "-" "1.00" "-" "-" "-" "non-2xx $(f "$kc_jwks" non2xx)"
  row "9 JWKS" 8 "$(f "$auth_jwks" rps)" "$(f "$auth_jwks" p50_us)" "$(f "$auth_jwks" p99_us)" "Keycloak req/s" "$(f "$kc_jwks" rps)" \
    "$(ratio "$(f "$auth_jwks" rps)" "$(f "$kc_jwks" rps)")" "-" "-" "-" "non-2xx $(f "$auth_jwks" non2xx)"
  { echo "version=$KC_VERSION"; echo "java=$("$KC_JAVA/bin/java" -version 2>&1 | head -1)"; echo "starts=$KC_MS_RANGE"; } >"$OUT/keycloak.env"
fi

# ---------------------------------------------------------------- profile, render
log "profile and results"
for prof in "progress|progress at 8 connections|profile.md" "read|GET job at 8 connections|profile-read.md"; do
  IFS='|' read -r rec load md <<<"$prof"
  if [ -s "$OUT/$rec-c8.jfr" ]; then
    jfr print --json --stack-depth 64 --events jdk.ExecutionSample "$OUT/$rec-c8.jfr" >"$OUT/$rec-c8.json"
    python3 "$BENCH_DIR/profile.py" "$OUT/$rec-c8.json" "$load" >"$OUT/$md"
  else
    echo "(no JFR recording: $(cat "$OUT/jfr-start.txt" 2>/dev/null))" >"$OUT/$md"
  fi
done
{
  echo "nproc=$NPROC"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "commit=$COMMIT"
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "seconds=$SECS"; echo "window=$WINDOW"; echo "warm_min=$WARM_MIN"; echo "warm_max=$WARM_MAX"
  echo "steady_jit_pct=$STEADY_JIT_PCT"; echo "quick=$QUICK"; echo "rows=$ROWS"; echo "claim_rows=$CLAIM_ROWS"
  echo "load_start=$LOAD_AT_START"; echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "duration=$(( $(date +%s) - STARTED_AT ))"
  echo "postgres=$("${PSQL[@]}" -At mosaic_jobs -c 'show server_version')"
  echo "java=$(java -version 2>&1 | head -1)"
  echo "aot=$AOT"; echo "starts=$STARTS"; echo "idle_secs=$IDLE_SECS"; echo "token_lifetime=$TOKEN_LIFETIME"
} >"$OUT/meta.env"
python3 "$BENCH_DIR/render.py" "$OUT" "$RESULTS_MD" "$RESULTS_SVG" "$WARMUP_SVG"
log "done in $(( $(date +%s) - STARTED_AT )) s: $RESULTS_MD, $RESULTS_SVG, $WARMUP_SVG"
if [ -n "$SIGNIN_FAILED" ]; then
  log "FAILED: sign-in answered more than $MAX_NON2XX_PCT % non-2xx at$SIGNIN_FAILED (see scenario 7 in $RESULTS_MD)"
  exit 1
fi
