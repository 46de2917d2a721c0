#!/usr/bin/env bash
# End-to-end throughput of the sample app with autologout on and off, in-memory sessions.
# Starts two instances of sample-app/target/sample-app.jar on 127.0.0.1 only (autologout on and
# off), logs in to each as user/password, warms each JVM up with wrk, then measures them in
# interleaved rounds and stops both. Every response must be a 200 with the username, or it
# counts as a mismatch.
#
# Usage (from the repository root): benchmarks/wrk/run.sh [rounds] [seconds-per-round] [warmup-seconds]
# Defaults: 3 rounds of 20 s each per mode, 60 s of warm-up per instance.
set -euo pipefail

ROUNDS=${1:-3}
SECONDS_PER_ROUND=${2:-20}
WARMUP=${3:-60}
CONNECTIONS=${CONNECTIONS:-8}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR="$ROOT/sample-app/target/sample-app.jar"
WORK=$(mktemp -d)
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ ! -f "$JAR" ]; then
  (cd "$ROOT" && ./mvnw -B -q -o -pl sample-app -am package -DskipTests)
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() { # mode port
  java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$2" --autologout.enabled="$1" \
    --spring.thymeleaf.cache=true --logging.level.root=warn >"$WORK/app-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null "http://127.0.0.1:$2/login"; then return 0; fi
    sleep 1
  done
  echo "sample app ($1) did not start; log:" >&2
  tail -40 "$WORK/app-$1.log" >&2
  exit 1
}

login() { # mode port -> prints the Cookie header value
  local jar="$WORK/cookies-$1" csrf
  csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$2/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=user" --data-urlencode "password=password" \
    --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$2/login"
  local cookie
  cookie=$(awk '$6 == "JSESSIONID" { print "JSESSIONID=" $7 }' "$jar")
  if ! curl -fs -H "Cookie: $cookie" -H "Accept: application/json" "http://127.0.0.1:$2/api/me" | grep -q '"username":"user"'; then
    echo "login to the $1 instance failed" >&2
    exit 1
  fi
  echo "$cookie"
}

drive() { # port cookie seconds
  COOKIE="$2" wrk -t1 -c"$CONNECTIONS" -d"$3"s --latency -s "$HERE/me.lua" "http://127.0.0.1:$1" | grep '^RESULT'
}

PORT_ON=$(free_port)
start true "$PORT_ON"
PORT_OFF=$(free_port)
start false "$PORT_OFF"
COOKIE_ON=$(login true "$PORT_ON")
COOKIE_OFF=$(login false "$PORT_OFF")

echo "warm-up: ${WARMUP}s per instance"
drive "$PORT_ON" "$COOKIE_ON" "$WARMUP" >/dev/null
drive "$PORT_OFF" "$COOKIE_OFF" "$WARMUP" >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
  for mode in $order; do
    if [ "$mode" = on ]; then port=$PORT_ON; cookie=$COOKIE_ON; else port=$PORT_OFF; cookie=$COOKIE_OFF; fi
    echo "round $round autologout=$mode $(drive "$port" "$cookie" "$SECONDS_PER_ROUND")" | tee -a "$WORK/results"
  done
done

median() {
  sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
field() { # mode name
  grep "autologout=$1 " "$WORK/results" | sed "s/.* $2=\([0-9.]*\).*/\1/"
}
for mode in on off; do
  errors=$(( $(field "$mode" mismatches | paste -sd+ | bc) + $(field "$mode" socket_errors | paste -sd+ | bc) ))
  echo "autologout=$mode median rps $(field "$mode" rps | median), median p50 $(field "$mode" p50_us | median) us, median p99 $(field "$mode" p99_us | median) us, errors $errors"
done
echo "ratio on/off of the median rps: $(echo "scale=3; $(field on rps | median) / $(field off rps | median)" | bc)"
