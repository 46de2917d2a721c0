#!/usr/bin/env bash
# Bounded, loopback-only soak of the sample app (not part of the build).
# Builds the sample jar from the working tree (SOAK_SKIP_BUILD=1 reuses it), starts the session
# store and the sample app on 127.0.0.1 with short timeouts, drives it with scripts/Soak.java,
# prints the figures and stops everything it started.
#
# Usage: [SOAK_STORE=memory|redis|jdbc] scripts/soak.sh [sessions=1000] [minutes=10] [idle-timeout-seconds=120]
#   memory: one node, in-memory sessions.
#   redis:  two nodes sharing a redis-server (Debian's, no persistence) on a free loopback port.
#   jdbc:   two nodes sharing the embedded PostgreSQL of autologout-test-support on a free
#           loopback port (scripts/SoakPostgres.java).
set -euo pipefail
cd "$(dirname "$0")/.."
SESSIONS=${1:-1000}
MINUTES=${2:-10}
IDLE=${3:-120}
STORE=${SOAK_STORE:-memory}
PORT=${SOAK_PORT:-18080}
case "$STORE" in
  memory) NODES=1 ;;
  redis|jdbc) NODES=2 ;;
  *) echo "SOAK_STORE must be memory, redis or jdbc"; exit 2 ;;
esac

. scripts/store.sh
build_sample_jar

WORK=$(mktemp -d -t soak.XXXXXX)
PIDS=()
trap stop_started EXIT
start_store "$STORE"

URLS=()
APP_PIDS=()
for ((n = 0; n < NODES; n++)); do
  NODE_PORT=$((PORT + n))
  java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$NODE_PORT" "${STORE_ARGS[@]}" \
    --autologout.idle-timeout="${IDLE}s" --autologout.policies[0].authority=ROLE_ADMIN \
    --autologout.policies[0].idle-timeout="${IDLE}s" \
    --autologout.absolute-timeout=8h --logging.level.root=WARN >"$WORK/app-$n.log" 2>&1 &
  PIDS+=($!)
  APP_PIDS+=($!)
  URLS+=("http://127.0.0.1:$NODE_PORT")
done
for ((n = 0; n < NODES; n++)); do
  wait_for_node "${URLS[$n]}" "${APP_PIDS[$n]}" "$WORK/app-$n.log"
done
echo "store: $STORE, nodes: ${URLS[*]}"

set +e
java scripts/Soak.java "$(IFS=,; echo "${URLS[*]}")" "$SESSIONS" "$MINUTES" "$IDLE"
STATUS=$?
set -e
for ((n = 0; n < NODES; n++)); do
  echo "node $n: server errors logged: $(grep -c ' ERROR ' "$WORK/app-$n.log" || true) (log: $WORK/app-$n.log)"
done
exit $STATUS
