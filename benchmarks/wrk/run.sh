#!/usr/bin/env bash
# End-to-end throughput and store traffic of the sample app with autologout on and off, for
# in-memory sessions, Spring Session on Redis and Spring Session JDBC on PostgreSQL.
#
# For each store it starts two instances of sample-app/target/sample-app.jar on 127.0.0.1 only
# (--autologout.enabled=true and false), each with its own store server (Debian's redis-server
# without persistence, or the embedded PostgreSQL of benchmarks/target/benchmarks.jar with
# pg_stat_statements), logs in to each as user/password, checks GET /api/me, warms each JVM up
# with wrk, then measures them in interleaved rounds (order alternating) and stops everything.
# Per store it prints each mode's medians, the on/off ratio of each round, and the median of those
# ratios with its 95 % bootstrap interval (RoundRatios of benchmarks/target/benchmarks.jar).
# Every response must be a 200 with the username (benchmarks/wrk/me.lua), or it counts as a
# mismatch, and the script fails if there is one.
#
# Store traffic is counted per round, for the instance measured: Redis with CONFIG RESETSTAT
# before the round, then INFO commandstats and INFO stats (total_net_input_bytes: bytes the
# instance sent to Redis) after it; PostgreSQL with pg_stat_statements_reset() before and the
# calls of pg_stat_statements after. Both include everything the instance did meanwhile (the
# expiry checker, the revocation registry's polling), divided by the requests wrk reports. The
# few commands of the counting itself (Redis: CONFIG, INFO; PostgreSQL: statements on
# pg_stat_*) are left out. The CPU time the instance used during each round (user + system,
# from /proc/<pid>/stat) is divided by its requests too: less disturbed by other load on the
# machine than requests/s, since it counts only the instance's own work.
#
# Usage (from the repository root): benchmarks/wrk/run.sh [rounds] [seconds-per-round] [warmup-seconds]
# Defaults: 3 rounds of 20 s each per mode, 60 s of warm-up per instance.
# Environment: STORES (default "memory redis jdbc"), CONNECTIONS (wrk connections, default 8),
# PAIRS (how many pairs of fresh on and off instances to measure one after the other, each warmed
# up and measured for the given rounds, default 1: two JVMs of the same jar differ by more than
# autologout costs, so several pairs average that out), PIN=1 (the instances on CPU 1, wrk and the
# store servers on CPU 0, so that the instance measured has a core to itself), TOGETHER=1 (both
# instances measured at the same time, each with its own wrk on a CPU of its own, the CPUs swapped
# from one pair to the next: whatever else slows the machine down during a round slows both, so
# the ratio of a round cancels it; meant for the in-memory store, whose instances need no store
# server),
# ONE_JVM=1 (one instance serves both modes: the sample with autologout on, plus the benchmarks'
# WithoutAutoLogoutChain, a copy of the sample's main chain built by its own bean method but
# without autologout, which serves the requests that carry its header; the modes are measured in
# turns against that one JVM, so that the differences between two JVMs drop out; autologout's
# background work, which runs in that JVM all the time, is then in both modes),
# ONE_JVM=1 TOGETHER=1 (both modes driven at the same time against the one JVM, each by its own
# wrk with the given connections, nothing pinned, so that both run under the same conditions; the
# ratio of their requests/s then cannot resolve their difference, since each mode's single wrk
# thread gets the same share of the CPUs and limits its mode: use the request threads' figures
# below; the CPU per request is the JVM's over both modes, and store traffic is not counted),
# AA=1 (with ONE_JVM=1: the "off" mode is driven without the header too, so both modes run
# autologout and their difference should come out 0; checks the method itself; the second mode
# keeps the label off),
# EMPTY_FILTER=1 (with ONE_JVM=1: the chain without autologout gets an empty filter where
# autologout's would be, so that the difference between the modes is autologout's own work,
# without what Spring Security's observation and any filter of the chain cost a request).
# With ONE_JVM=1 each round also reports the CPU time and the allocated bytes per request of the
# request threads of each mode (the benchmarks' RequestThreadCpu filter, added with
# WithoutAutoLogoutChain; the requests carry X-Benchmark-Mode), and each store the median of the
# rounds' differences of that CPU (on - off) with its interval, and the ratio on/off that this
# difference predicts for the JVM's whole CPU per request, where the CPU is the limit.
# ON_ARGS / OFF_ARGS (extra arguments of the on / off instance, e.g.
# ON_ARGS=--autologout.record-client-details=false), JAVA_OPTS (extra JVM options of both),
# LOG_DIR (a directory to keep the logs of the instances and servers in), SAMPLE_JAR (another
# build of the sample, e.g. of an older commit, to compare before and after a change).
# Needs: a JDK, wrk, redis-server and redis-cli (for redis), and the built jars:
#   ./mvnw -B -pl sample-app,benchmarks -am package -DskipTests
set -euo pipefail

ROUNDS=${1:-3}
SECONDS_PER_ROUND=${2:-20}
WARMUP=${3:-60}
STORES=${STORES:-memory redis jdbc}
CONNECTIONS=${CONNECTIONS:-8}
PAIRS=${PAIRS:-1}
PIN=${PIN:-0}
TOGETHER=${TOGETHER:-0}
# the command prefixes that pin the instances, and wrk and the store servers, to their CPUs
APP_PIN=()
LOAD_PIN=()
if [ "$PIN" = 1 ]; then APP_PIN=(taskset -c 1); LOAD_PIN=(taskset -c 0); fi
declare -A MODE_CPU # with TOGETHER=1: the CPU of each mode's instance and wrk in the current pair
DRIVES=()
ONE_JVM=${ONE_JVM:-0}
AA=${AA:-0}
if [ "$AA" = 1 ] && [ "$ONE_JVM" != 1 ]; then echo "AA=1 needs ONE_JVM=1" >&2; exit 1; fi
EMPTY_FILTER=${EMPTY_FILTER:-0}
if [ "$EMPTY_FILTER" = 1 ] && [ "$ONE_JVM" != 1 ]; then echo "EMPTY_FILTER=1 needs ONE_JVM=1" >&2; exit 1; fi
# TOGETHER=1 pins each of two instances and its wrk to a CPU of its own; one JVM is pinned to none
PIN_TOGETHER=0
if [ "$TOGETHER" = 1 ] && [ "$ONE_JVM" != 1 ]; then PIN_TOGETHER=1; fi
ON_ARGS=${ON_ARGS:-}
OFF_ARGS=${OFF_ARGS:-}
JAVA_OPTS=${JAVA_OPTS:-}
if [ "$EMPTY_FILTER" = 1 ]; then JAVA_OPTS="$JAVA_OPTS -Dautologout.benchmarks.empty-filter=true"; fi
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${SAMPLE_JAR:-"$ROOT/sample-app/target/sample-app.jar"}
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
WORK=$(mktemp -d)
PIDS=()
FAILED=0
# shellcheck source=benchmarks/wrk/sample.sh
. "$HERE/sample.sh"

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${LOG_DIR:-}" ]; then mkdir -p "$LOG_DIR" && cp "$WORK"/*.log "$LOG_DIR"/ 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

require_jars "$JAR" "$BENCH_JAR"

# with ONE_JVM=1: the header of WithoutAutoLogoutChain, and a jar holding only that class
WITHOUT_HEADER=X-Benchmark-Without-Autologout
if [ "$ONE_JVM" = 1 ]; then one_jvm_jar "$JAR"; fi

stop() { # pid: stops one process started here and forgets it
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local kept=()
  for pid in "${PIDS[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  PIDS=("${kept[@]}")
}

start_redis() { # mode -> sets STORE_PORT and STORE_PID
  STORE_PORT=$(free_port)
  "${LOAD_PIN[@]}" redis-server --bind 127.0.0.1 --port "$STORE_PORT" --save '' --appendonly no --dir "$WORK" \
    --logfile "$WORK/redis-$1.log" &
  STORE_PID=$!
  PIDS+=("$STORE_PID")
  for _ in $(seq 1 50); do
    if redis-cli -h 127.0.0.1 -p "$STORE_PORT" ping >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  echo "redis-server ($1) did not start" >&2
  exit 1
}

start_postgres() { # mode -> sets STORE_PORT and STORE_PID
  rm -f "$WORK/pg-$1.port"
  "${LOAD_PIN[@]}" java -Xmx128m -cp "$BENCH_JAR" io.github.autologout.benchmarks.PostgresServer "$WORK/pg-$1.port" \
    >"$WORK/pg-$1.log" 2>&1 &
  STORE_PID=$!
  PIDS+=("$STORE_PID")
  for _ in $(seq 1 120); do
    if [ -s "$WORK/pg-$1.port" ]; then STORE_PORT=$(cat "$WORK/pg-$1.port"); return 0; fi
    sleep 1
  done
  echo "PostgreSQL ($1) did not start; log:" >&2
  tail -40 "$WORK/pg-$1.log" >&2
  exit 1
}

start_app() { # mode port store-args... -> sets APP_PID
  local mode=$1 port=$2 extra
  shift 2
  if [ "$mode" = on ]; then extra=$ON_ARGS; else extra=$OFF_ARGS; fi
  local pin=("${APP_PIN[@]}")
  if [ "$PIN_TOGETHER" = 1 ]; then pin=(taskset -c "${MODE_CPU[$mode]}"); fi
  local launch=(-jar "$JAR")
  if [ "$ONE_JVM" = 1 ]; then
    # the sample's own jar, with the chain without autologout added from the jar made at start-up
    launch=("${ONE_JVM_LAUNCH[@]}")
  fi
  # shellcheck disable=SC2086
  "${pin[@]}" java -Xmx512m $JAVA_OPTS "${launch[@]}" --server.address=127.0.0.1 --server.port="$port" \
    --autologout.enabled="$([ "$mode" = on ] && echo true || echo false)" \
    --spring.thymeleaf.cache=true --logging.level.root=warn "$@" $extra >"$WORK/app-$STORE-$mode.log" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
  await_app "$mode" "$port" "$WORK/app-$STORE-$mode.log"
}

drive() { # port cookie seconds mode
  local pin=("${LOAD_PIN[@]}") without= mode=
  if [ "$PIN_TOGETHER" = 1 ]; then pin=(taskset -c "${MODE_CPU[$4]}"); fi
  if [ "$ONE_JVM" = 1 ] && [ "$4" = off ] && [ "$AA" != 1 ]; then without=$WITHOUT_HEADER; fi
  if [ "$ONE_JVM" = 1 ]; then mode=$4; fi
  COOKIE="$2" WITHOUT_HEADER=$without BENCHMARK_MODE=$mode "${pin[@]}" wrk -t1 -c"$CONNECTIONS" -d"$3"s --latency -s "$HERE/me.lua" "http://127.0.0.1:$1" | grep '^RESULT'
}

check_one_jvm() { # port cookie: fails unless autologout answers its status endpoint without the header only
  local url="http://127.0.0.1:$1/autologout/status" with without sums
  sums=$(curl -s "http://127.0.0.1:$1/benchmark/request-thread-cpu")
  if [[ "$sums" != on_requests=* ]]; then
    echo "the one JVM does not answer the request threads' sums (RequestThreadCpu): $sums" >&2
    exit 1
  fi
  with=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $2" -H "Accept: application/json" "$url")
  without=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $2" -H "Accept: application/json" \
    -H "$WITHOUT_HEADER: 1" "$url")
  if [ "$with" != 200 ] || [ "$without" = 200 ]; then
    echo "the one JVM does not serve both modes (status endpoint: $with with autologout, $without without)" >&2
    exit 1
  fi
  echo "one JVM: autologout's status endpoint answers $with with autologout and $without without it"
}

THREAD_CPU_FIGURE= # with ONE_JVM=1: the request threads' CPU and allocations per request of the mode report_round prints
thread_sums() { # port -> the sums of both modes since the last call, which resets them
  curl -fs "http://127.0.0.1:$1/benchmark/request-thread-cpu"
}
thread_figures() { # sums mode -> the mode's figures per request, from thread_sums
  awk -v m="$2" '
    { for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] } }
    END {
      n = v[m "_requests"]
      if (n > 0) printf "thread_cpu_us_per_request=%.3f thread_bytes_per_request=%.1f\n", v[m "_cpu_ns"] / n / 1000, v[m "_bytes"] / n
      else print "thread_cpu_us_per_request=n/a thread_bytes_per_request=n/a"
    }' <<<"$1"
}

reset_stats() { # store port
  case $1 in
    redis) redis-cli -h 127.0.0.1 -p "$2" CONFIG RESETSTAT >/dev/null ;;
    jdbc) java -cp "$BENCH_JAR" io.github.autologout.benchmarks.PostgresStatements "$2" reset ;;
  esac
}

report_stats() { # store port requests label -> prints the per-request figures and the breakdown
  local requests=$3 label=$4
  case $1 in
    redis)
      redis-cli -h 127.0.0.1 -p "$2" INFO commandstats | tr -d '\r' \
        | sed -n 's/^cmdstat_\([^:]*\):calls=\([0-9]*\),.*/\1 \2/p' | grep -v -E '^(info|config[|a-z]*) ' >"$WORK/stats" || true
      local bytes
      bytes=$(redis-cli -h 127.0.0.1 -p "$2" INFO stats | tr -d '\r' | sed -n 's/^total_net_input_bytes:\([0-9]*\)/\1/p')
      awk -v r="$requests" -v b="$bytes" -v l="$label" '
        { total += $2; detail = detail sprintf(" %s=%.4f", $1, $2 / r) }
        END { printf "%s store redis_commands_per_request=%.4f redis_bytes_in_per_request=%.1f commands=%d requests=%d |%s\n", l, total / r, b / r, total, r, detail }' \
        "$WORK/stats"
      ;;
    jdbc)
      java -cp "$BENCH_JAR" io.github.autologout.benchmarks.PostgresStatements "$2" report >"$WORK/stats"
      awk -F'\t' -v r="$requests" -v l="$label" '
        /^#/ { tx = $0; next }
        { total += $1; detail = detail sprintf("\n    %.4f/req %d calls: %s", $1 / r, $1, $3) }
        END { printf "%s store sql_statements_per_request=%.4f statements=%d requests=%d (%s)%s\n", l, total / r, total, r, substr(tx, 3), detail }' \
        "$WORK/stats"
      ;;
  esac
}

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { # pid -> user + system CPU time of the process, in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

median() {
  sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

wait_drives() { # waits for the drives started in the background (DRIVES), failing if one failed
  local job
  for job in "${DRIVES[@]}"; do
    wait "$job" || { echo "a wrk run failed" >&2; exit 1; }
  done
  DRIVES=()
}

report_round() { # store pair round mode result cpu-before app-pid store-port [cpu-requests]: prints a round's figures
  local requests after cpu
  requests=$(sed 's/.* requests=\([0-9]*\).*/\1/' <<<"$5")
  after=$(cpu_ticks "$7")
  # the CPU is divided by the requests it served: the round's, or with one JVM driven by both modes at once, both modes'
  cpu=$(awk -v a="$after" -v b="$6" -v r="${9:-$requests}" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", (a - b) * 1e6 / hz / r }')
  echo "pair $2 round $3 autologout=$4 $5 app_cpu_us_per_request=$cpu${THREAD_CPU_FIGURE:+ $THREAD_CPU_FIGURE} load=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$WORK/results"
  if [ -n "$8" ]; then
    report_stats "$1" "$8" "$requests" "pair $2 round $3 autologout=$4" | tee -a "$WORK/results"
  fi
}

run_pair() { # store pair: starts an on and an off instance, warms them up, measures them in rounds, stops them
  local store=$1 pair=$2 mode
  declare -A port cookie store_port app_pid store_pid BEFORE
  if [ $((pair % 2)) -eq 1 ]; then MODE_CPU=([on]=0 [off]=1); else MODE_CPU=([on]=1 [off]=0); fi
  local modes="on off"
  if [ "$ONE_JVM" = 1 ]; then modes=on; fi
  for mode in $modes; do
    local args=()
    case $store in
      memory) store_port[$mode]= ;;
      redis)
        start_redis "$mode"
        store_port[$mode]=$STORE_PORT; store_pid[$mode]=$STORE_PID
        args=(--spring.profiles.active=redis --spring.data.redis.host=127.0.0.1 --spring.data.redis.port="$STORE_PORT") ;;
      jdbc)
        start_postgres "$mode"
        store_port[$mode]=$STORE_PORT; store_pid[$mode]=$STORE_PID
        args=(--spring.profiles.active=jdbc --spring.datasource.url="jdbc:postgresql://127.0.0.1:$STORE_PORT/postgres"
          --spring.datasource.username=postgres --spring.datasource.password=postgres) ;;
      *) echo "unknown store $store" >&2; exit 1 ;;
    esac
    port[$mode]=$(free_port)
    start_app "$mode" "${port[$mode]}" "${args[@]}"
    app_pid[$mode]=$APP_PID
    cookie[$mode]=$(login "$mode" "${port[$mode]}")
  done
  if [ "$ONE_JVM" = 1 ]; then
    port[off]=${port[on]}; cookie[off]=${cookie[on]}; app_pid[off]=${app_pid[on]}
    store_port[off]=${store_port[on]}; store_pid[off]=${store_pid[on]:-}
    check_one_jvm "${port[on]}" "${cookie[on]}"
  fi
  if [ "$TOGETHER" = 1 ]; then
    if [ "$PIN_TOGETHER" = 1 ]; then
      echo "pair $pair warm-up: ${WARMUP}s, both instances at once; autologout=on on CPU ${MODE_CPU[on]}, off on CPU ${MODE_CPU[off]}"
    else
      echo "pair $pair warm-up: ${WARMUP}s, both modes at once"
    fi
    for mode in on off; do
      drive "${port[$mode]}" "${cookie[$mode]}" "$WARMUP" "$mode" >/dev/null &
      DRIVES+=($!)
    done
    wait_drives
  else
    echo "pair $pair warm-up: ${WARMUP}s per instance"
    for mode in on off; do drive "${port[$mode]}" "${cookie[$mode]}" "$WARMUP" "$mode" >/dev/null; done
  fi
  for round in $(seq 1 "$ROUNDS"); do
    if [ $((round % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
    if [ "$ONE_JVM" = 1 ]; then thread_sums "${port[on]}" >/dev/null; fi
    if [ "$TOGETHER" = 1 ]; then
      for mode in on off; do
        BEFORE[$mode]=$(cpu_ticks "${app_pid[$mode]}")
        drive "${port[$mode]}" "${cookie[$mode]}" "$SECONDS_PER_ROUND" "$mode" >"$WORK/round-$mode" &
        DRIVES+=($!)
      done
      wait_drives
      if [ "$ONE_JVM" = 1 ]; then
        local both
        both=$(cat "$WORK/round-on" "$WORK/round-off" | sed 's/.* requests=\([0-9]*\).*/\1/' | paste -sd+ | bc)
        local sums
        sums=$(thread_sums "${port[on]}")
        for mode in on off; do
          THREAD_CPU_FIGURE=$(thread_figures "$sums" "$mode")
          report_round "$store" "$pair" "$round" "$mode" "$(cat "$WORK/round-$mode")" "${BEFORE[on]}" \
            "${app_pid[$mode]}" "" "$both"
        done
        continue
      fi
      for mode in on off; do
        report_round "$store" "$pair" "$round" "$mode" "$(cat "$WORK/round-$mode")" "${BEFORE[$mode]}" \
          "${app_pid[$mode]}" "${store_port[$mode]}"
      done
      continue
    fi
    for mode in $order; do
      [ -z "${store_port[$mode]}" ] || reset_stats "$store" "${store_port[$mode]}"
      local result before
      before=$(cpu_ticks "${app_pid[$mode]}")
      result=$(drive "${port[$mode]}" "${cookie[$mode]}" "$SECONDS_PER_ROUND" "$mode")
      if [ "$ONE_JVM" = 1 ]; then THREAD_CPU_FIGURE=$(thread_figures "$(thread_sums "${port[on]}")" "$mode"); fi
      report_round "$store" "$pair" "$round" "$mode" "$result" "$before" "${app_pid[$mode]}" "${store_port[$mode]}"
    done
  done
  for mode in $modes; do
    stop "${app_pid[$mode]}"
    [ -z "${store_pid[$mode]:-}" ] || stop "${store_pid[$mode]}"
  done
}

run_store() { # store
  local store=$1
  STORE=$store
  : >"$WORK/results"
  echo "== store $store: $PAIRS pair(s) of instances, $ROUNDS rounds of ${SECONDS_PER_ROUND}s per mode each, ${WARMUP}s warm-up, wrk -t1 -c$CONNECTIONS, PIN=$PIN, TOGETHER=$TOGETHER, ONE_JVM=$ONE_JVM, AA=$AA"
  for pair in $(seq 1 "$PAIRS"); do
    run_pair "$store" "$pair"
  done
  field() { # mode name [pair]: the figure of each round of the mode, of every pair or of the one given
    grep "^pair ${3:-[0-9]*} round .* autologout=$1 RESULT" "$WORK/results" | sed "s/.* $2=\([0-9.]*\).*/\1/"
  }
  ratio() { # [pair]: on/off of the median requests/s, of every pair or of the one given
    echo "scale=3; $(field on rps "${1:-}" | median) / $(field off rps "${1:-}" | median)" | bc
  }
  store_field() { # mode name: nothing where the store's traffic was not counted (ONE_JVM=1 TOGETHER=1)
    { grep "autologout=$1 store" "$WORK/results" || true; } | sed -n "s/.* $2=\([0-9.]*\).*/\1/p"
  }
  for mode in on off; do
    local errors
    errors=$(( $(field "$mode" mismatches | paste -sd+ | bc) + $(field "$mode" socket_errors | paste -sd+ | bc) ))
    [ "$errors" -eq 0 ] || FAILED=1
    local line="$store autologout=$mode median rps $(field "$mode" rps | median), median p50 $(field "$mode" p50_us | median) us, median p99 $(field "$mode" p99_us | median) us, median app CPU $(field "$mode" app_cpu_us_per_request | median) us/request, errors $errors"
    case $store in
      redis) line="$line, median redis commands/request $(store_field "$mode" redis_commands_per_request | median), median bytes to redis/request $(store_field "$mode" redis_bytes_in_per_request | median)" ;;
      jdbc) line="$line, median sql statements/request $(store_field "$mode" sql_statements_per_request | median)" ;;
    esac
    echo "$line"
  done
  echo "$store ratio on/off of the median rps: $(ratio)"
  local round_ratios
  round_ratios=$(paste -d/ <(field on rps) <(field off rps) | while read -r q; do echo "scale=4; $q" | bc; done)
  echo "$store ratio on/off per round (rounds interleaved): $(paste -sd' ' <<<"$round_ratios")"
  # the median of the rounds' ratios and its 95 % bootstrap interval
  # shellcheck disable=SC2086 # one argument per ratio
  echo "$store ratios per round: $(java -cp "$BENCH_JAR" io.github.autologout.benchmarks.RoundRatios $round_ratios)"
  if [ "$ONE_JVM" = 1 ] && [ "$TOGETHER" = 1 ]; then
    echo "$store (the requests/s of two modes driven at once cannot resolve their difference: each mode's wrk limits it; see the request threads' figures below)"
  fi
  if [ "$ONE_JVM" = 1 ]; then
    local differences cpu
    differences=$(paste -d- <(field on thread_cpu_us_per_request) <(field off thread_cpu_us_per_request) \
      | while read -r d; do echo "scale=3; $d" | bc; done)
    cpu=$(field '\(on\|off\)' app_cpu_us_per_request | median)
    echo "$store request threads' CPU per request: on $(field on thread_cpu_us_per_request | median) us, off $(field off thread_cpu_us_per_request | median) us (medians); on - off per round: $(paste -sd' ' <<<"$differences")"
    echo "$store request threads' allocations per request: on $(field on thread_bytes_per_request | median) B, off $(field off thread_bytes_per_request | median) B (medians)"
    # shellcheck disable=SC2086 # one argument per difference
    echo "$store on - off of the request threads' CPU per request, us: $(java -cp "$BENCH_JAR" io.github.autologout.benchmarks.RoundRatios $differences)"
    echo "$store ratio on/off that this difference predicts for a JVM of $cpu us of CPU per request (median of both modes' rounds): $(awk -v c="$cpu" -v d="$(median <<<"$differences")" 'BEGIN { printf "%.4f", (c - d / 2) / (c + d / 2) }')"
  fi
  if [ "$PAIRS" -gt 1 ]; then
    local ratios=()
    for pair in $(seq 1 "$PAIRS"); do
      ratios+=("$(ratio "$pair")")
    done
    echo "$store ratio on/off of the median rps per pair: ${ratios[*]}"
  fi
}

for store in ${STORES//,/ }; do
  run_store "$store"
done
if [ "$FAILED" -ne 0 ]; then
  echo "FAILED: some responses were not a 200 with the username (mismatches or socket errors above)" >&2
  exit 1
fi
