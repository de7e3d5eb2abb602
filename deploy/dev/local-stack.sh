#!/usr/bin/env bash
# The local stack: build Mosaic, then run an embedded PostgreSQL 17 + auth-service (:8081) +
# jobs-service (:8082) + the console (http://localhost:5173, printed first) on this machine. Ctrl-C stops
# everything. Works from any directory.
# Where a JDK >= 25 is installed (JAVA_HOME, else the newest under /usr/lib/jvm) it builds with -Daot and runs
# everything on it, so the services start from a JDK 25 AOT cache; MOSAIC_STACK_AOT=0 keeps the default JDK
# and the plain build. MOSAIC_STACK_SKIP_BUILD=1 skips the build (restart without changes). Other knobs:
# README "Local stack".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=jdk.sh
. deploy/dev/jdk.sh
aot=()
if [ "${MOSAIC_STACK_AOT:-}" != 0 ] && jdk25="$(find_jdk 25)"; then
  export JAVA_HOME="$jdk25"
  aot=(-Daot)
  echo "local stack: JDK $(jdk_major "$JAVA_HOME") at $JAVA_HOME, with the AOT cache (-Daot)"
fi
if [ "${MOSAIC_STACK_SKIP_BUILD:-}" != 1 ]; then
  echo "local stack: building (./mvnw -B -q -DskipTests install ${aot[*]}) ..."
  ./mvnw -B -q -DskipTests install "${aot[@]}"
fi
# Same JDK as the wrapper used; exec so that Ctrl-C and SIGTERM reach the launcher directly.
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar deploy/dev/local-stack/target/local-stack.jar "$@"
