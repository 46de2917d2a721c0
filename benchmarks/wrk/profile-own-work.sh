#!/usr/bin/env bash
# Where autologout's own work goes in a request of the sample app: a CPU profile of the running
# sample (in-memory sessions, autologout on) with async-profiler, counted per request.
#
# It starts sample-app/target/sample-app.jar on 127.0.0.1 as run.sh's ONE_JVM=1 does (with the
# benchmarks' WithoutAutoLogoutChain), with Spring Security's observations off, so that the
# observation events around each filter do not blur the filter's own frames. It logs in, drives
# GET /api/me with wrk for the warm-up, loads async-profiler into the JVM with jcmd
# (JVMTI.agent_load), drives it again while profiling, and prints, per request, the CPU samples of
# the stacks through AutoLogoutFilter.doFilterInternal that do not continue the chain, by the
# frame called from it and by the three frames below it. The profiler slows every request down,
# so only the shares mean something.
#
# Usage (from the repository root): benchmarks/wrk/profile-own-work.sh [warmup-seconds] [profiled-seconds]
# Defaults: 60 s of warm-up, 40 s profiled. Needs wrk, and async-profiler's library:
# ASYNC_PROFILER_LIB (default: the linux-x64 library of tools.profiler:async-profiler:4.1 from the
# local Maven repository, unpacked into a temporary directory; fetch it once with
# ./mvnw -q dependency:get -Dartifact=tools.profiler:async-profiler:4.1). JAVA_OPTS adds JVM options.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WARMUP=${1:-60}
SECONDS_PROFILED=${2:-40}
JAR=${SAMPLE_JAR:-"$ROOT/sample-app/target/sample-app.jar"}
BENCH_JAR="$ROOT/benchmarks/target/benchmarks.jar"
WORK=$(mktemp -d)
APP_PID=
cleanup() {
  if [ -n "$APP_PID" ]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
# shellcheck source=benchmarks/wrk/sample.sh
. "$HERE/sample.sh"

require_jars "$JAR" "$BENCH_JAR"

LIB=${ASYNC_PROFILER_LIB:-}
if [ -z "$LIB" ]; then
  (cd "$WORK" && jar xf "$HOME/.m2/repository/tools/profiler/async-profiler/4.1/async-profiler-4.1.jar" \
    linux-x64/libasyncProfiler.so)
  LIB="$WORK/linux-x64/libasyncProfiler.so"
fi

one_jvm_jar "$JAR"
PORT=$(free_port)

# shellcheck disable=SC2086
java -Xmx512m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints ${JAVA_OPTS:-} \
  -Dmanagement.observations.enable.spring.security=false \
  "${ONE_JVM_LAUNCH[@]}" --server.address=127.0.0.1 --server.port="$PORT" --spring.thymeleaf.cache=true --logging.level.root=warn \
  >"$WORK/app.log" 2>&1 &
APP_PID=$!
await_app profiled "$PORT" "$WORK/app.log"

COOKIE=$(login profiled "$PORT")
export COOKIE

drive() { # seconds -> wrk's RESULT line; fails on any response that is not the user's 200
  local result
  result=$(wrk -t1 -c8 -d"$1"s -s "$ROOT/benchmarks/wrk/me.lua" "http://127.0.0.1:$PORT" | grep RESULT)
  echo "$result"
  case "$result" in *" mismatches=0 socket_errors=0"*) ;; *) echo "responses went wrong" >&2; exit 1 ;; esac
}

warmed_up=$(drive "$WARMUP")
echo "warm-up: $warmed_up"
# the agent's options in double quotes: jcmd would read an unquoted "a=b" as an argument of its own
jcmd "$APP_PID" JVMTI.agent_load "$LIB" "\"start,event=cpu,interval=200us\"" | grep "return code: 0" >/dev/null
profiled=$(drive "$SECONDS_PROFILED")
jcmd "$APP_PID" JVMTI.agent_load "$LIB" "\"stop,file=$WORK/profile.collapsed,collapsed\"" >/dev/null
test -s "$WORK/profile.collapsed"
echo "profiled: $profiled"
requests=$(echo "$profiled" | sed -n 's/.*requests=\([0-9]*\).*/\1/p')

python3 - "$WORK/profile.collapsed" "$requests" 200 <<'EOF'
import collections
import sys

path, requests, interval_us = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
by_callee, by_three = collections.Counter(), collections.Counter()
total = own = 0
for line in open(path):
    stack, _, count = line.rstrip().rpartition(' ')
    count = int(count)
    total += count
    frames = stack.split(';')
    filter_frames = [i for i, frame in enumerate(frames) if 'AutoLogoutFilter.doFilterInternal' in frame]
    if not filter_frames:
        continue
    below = frames[filter_frames[-1] + 1:]
    if any('FilterChain' in frame and 'doFilter' in frame for frame in below):
        continue  # the rest of the chain, not the filter's own work
    own += count
    by_callee[below[0] if below else '(self)'] += count
    by_three[';'.join(below[:3]) if below else '(self)'] += count

def per_request(samples):
    return samples * interval_us / requests

print(f"sampled CPU {per_request(total):.2f} us/request, autologout's own work {per_request(own):.3f} us/request")
for frame, count in by_callee.most_common(15):
    print(f"  {per_request(count):.3f} {100 * count / own:4.1f} % {frame[:140]}")
print("by three frames:")
for frames, count in by_three.most_common(30):
    print(f"  {per_request(count):.3f} {frames[:260]}")
EOF
