#!/usr/bin/env bash
# The local stack: build Mosaic, then run an embedded PostgreSQL 17 + auth-service (:8081) +
# jobs-service (:8082) + the console (http://localhost:5173, printed first) on this machine. Ctrl-C stops
# everything. Works from any directory.
# MOSAIC_STACK_SKIP_BUILD=1 skips the build (restart without changes). Other knobs: README "Local stack".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
if [ "${MOSAIC_STACK_SKIP_BUILD:-}" != 1 ]; then
  echo "local stack: building (./mvnw -B -q -DskipTests install) ..."
  ./mvnw -B -q -DskipTests install
fi
# Same JDK as the wrapper used; exec so that Ctrl-C and SIGTERM reach the launcher directly.
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -jar deploy/dev/local-stack/target/local-stack.jar "$@"
