#!/usr/bin/env bash
# Bounded, loopback-only soak of the sample app (not part of the build).
# Builds the sample jar if needed, starts it on 127.0.0.1 with short timeouts, drives it with
# scripts/Soak.java, prints the figures and stops the app it started.
#
# Usage: scripts/soak.sh [sessions=1000] [minutes=10] [idle-timeout-seconds=120]
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-1000}
MINUTES=${2:-10}
IDLE=${3:-120}
PORT=${SOAK_PORT:-18080}
JAR=$(ls sample-app/target/sample-app*.jar 2>/dev/null | grep -v original | head -1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -pl sample-app -am package -DskipTests
  JAR=$(ls sample-app/target/sample-app*.jar | grep -v original | head -1)
fi
LOG=$(mktemp -t soak-app.XXXXXX.log)
java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$PORT" \
  --autologout.idle-timeout="${IDLE}s" --autologout.policies[0].authority=ROLE_ADMIN \
  --autologout.policies[0].idle-timeout="${IDLE}s" \
  --autologout.absolute-timeout=8h --logging.level.root=WARN >"$LOG" 2>&1 &
APP=$!
trap 'kill "$APP" 2>/dev/null || true' EXIT
UP=no
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$PORT/actuator/health" >/dev/null 2>&1; then UP=yes; break; fi
  kill -0 "$APP" 2>/dev/null || break
  sleep 1
done
if [ "$UP" != yes ]; then
  echo "the sample app did not start:"; tail -20 "$LOG"; exit 2
fi
set +e
java scripts/Soak.java "http://127.0.0.1:$PORT" "$SESSIONS" "$MINUTES" "$IDLE"
STATUS=$?
set -e
echo "server errors logged: $(grep -c ' ERROR ' "$LOG" || true) (log: $LOG)"
exit $STATUS
