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

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# always from the working tree: a jar left from an earlier build would soak old code
if [ "${SOAK_SKIP_BUILD:-}" != 1 ]; then
  rm -f sample-app/target/sample-app.jar sample-app/target/sample-app.jar.original
  ./mvnw -B -q -ntp -pl sample-app -am package -DskipTests
fi
JAR=sample-app/target/sample-app.jar

WORK=$(mktemp -d -t soak.XXXXXX)
PIDS=()
cleanup() {
  # stop the apps first, then the store, each by the process id this script started
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT

STORE_ARGS=()
case "$STORE" in
  redis)
    REDIS_PORT=$(free_port)
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --dir "$WORK" \
      --daemonize no --logfile "$WORK/redis.log" &
    PIDS+=($!)
    for _ in $(seq 1 50); do
      redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
      sleep 0.2
    done
    STORE_ARGS=(--spring.profiles.active=redis --spring.data.redis.host=127.0.0.1
      --spring.data.redis.port="$REDIS_PORT")
    echo "redis-server on 127.0.0.1:$REDIS_PORT"
    ;;
  jdbc)
    CP_FILE=autologout-test-support/target/classpath.txt
    if [ ! -s "$CP_FILE" ] || [ ! -d autologout-test-support/target/classes ]; then
      ./mvnw -B -q -ntp -pl autologout-test-support -am compile \
        org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
        -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
    fi
    : >"$WORK/postgres.out"
    java -Xmx128m -cp "autologout-test-support/target/classes:$(cat "$CP_FILE")" scripts/SoakPostgres.java \
      >>"$WORK/postgres.out" 2>&1 &
    PIDS+=($!)
    JDBC_URL=
    for _ in $(seq 1 120); do
      JDBC_URL=$(sed -n 's/^jdbc-url=//p' "$WORK/postgres.out" || true)
      [ -n "$JDBC_URL" ] && break
      kill -0 "${PIDS[0]}" 2>/dev/null || break
      sleep 0.5
    done
    if [ -z "$JDBC_URL" ]; then
      echo "PostgreSQL did not start:"; tail -20 "$WORK/postgres.out"; exit 2
    fi
    STORE_ARGS=(--spring.profiles.active=jdbc --spring.datasource.url="$JDBC_URL"
      --spring.datasource.username=postgres --spring.datasource.password=postgres)
    echo "PostgreSQL at $JDBC_URL"
    ;;
esac

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
  UP=no
  for _ in $(seq 1 180); do
    if curl -fsS "${URLS[$n]}/actuator/health" >/dev/null 2>&1; then UP=yes; break; fi
    kill -0 "${APP_PIDS[$n]}" 2>/dev/null || break
    sleep 1
  done
  if [ "$UP" != yes ]; then
    echo "node $n of the sample app did not start:"; tail -20 "$WORK/app-$n.log"; exit 2
  fi
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
