#!/usr/bin/env bash
# The local Neo4j needs a JDK 17+ and Maven (to fetch Neo4j's jars from Maven Central). Install them from
# Debian's packages when they are missing and we may (root with apt); otherwise say what to install.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${need[*]} for the local Neo4j…" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
else
  echo "The local Neo4j needs: ${need[*]}. Install them, or set NEO4J_URI to a running Neo4j 5." >&2
  exit 1
fi
