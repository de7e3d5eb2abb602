# Sourced, not run: finding a JDK of at least some release, for the scripts that need a newer one than the
# default (Keycloak needs 21, the AOT cache 25).
#   jdk_major JAVA_HOME       -> its feature release (17, 21, 25...)
#   find_jdk MIN [PREFERRED]  -> PREFERRED if it is one, else JAVA_HOME if it is one, else the newest under
#                                /usr/lib/jvm that is at least MIN; nothing (and status 1) when there is none
jdk_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
find_jdk() {
  local min=$1 best="" best_major=0 candidate major
  for candidate in ${2:-} ${JAVA_HOME:-}; do
    if [ -x "$candidate/bin/java" ] && [ "$(jdk_major "$candidate")" -ge "$min" ] 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/java" ] && [ ! -L "$candidate" ] || continue
    major=$(jdk_major "$candidate")
    if [ "${major:-0}" -ge "$min" ] 2>/dev/null && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  [ -n "$best" ] && echo "$best"
}
