# Sourced, not run: Keycloak's server distribution from Maven Central, for run-keycloak-login.sh and the
# benchmark (deploy/bench/run.sh with BENCH_KEYCLOAK=1).
#   fetch_keycloak ROOT VERSION WORK -> prints the Keycloak home (WORK/keycloak-VERSION, with bin/kc.sh);
#   org.keycloak:keycloak-quarkus-dist:VERSION:zip comes through ROOT's ./mvnw (cached in ~/.m2) and is
#   unpacked once.
fetch_keycloak() {
  local root=$1 version=$2 work=$3
  local home="$work/keycloak-$version"
  if [ ! -x "$home/bin/kc.sh" ]; then
    mkdir -p "$work"
    echo "fetching org.keycloak:keycloak-quarkus-dist:$version:zip from Maven Central ..." >&2
    (cd "$root" && ./mvnw -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
      -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$work") >&2
    rm -rf "$home.tmp" && mkdir -p "$home.tmp"
    (cd "$home.tmp" && unzip -q "$work/keycloak-quarkus-dist-$version.zip")
    mv "$home.tmp/keycloak-$version" "$home" && rm -rf "$home.tmp"
  fi
  echo "$home"
}
