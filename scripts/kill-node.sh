#!/usr/bin/env bash
# A node killed with SIGKILL in the middle of an expiry pass (not part of the build): the sessions
# it had claimed but not yet ended must still end, each with one AutoLogoutEvent, on a node
# started after it, once the claim's lease lapses.
#
# Usage: SOAK_STORE=redis|jdbc scripts/kill-node.sh [sessions=300] [idle-timeout-seconds=60]
#   SOAK_PRE_LEASE=1 for a jar from before leased claims (SOAK_JAR=path), whose claims remove what
#   they claim from the tracker instead of leasing it.
#
# Builds the sample jar from the working tree (SOAK_SKIP_BUILD=1 reuses it, SOAK_JAR=path runs
# another), starts the store and node A on 127.0.0.1, signs in the sessions of user "user" through
# node A, which then send no request. Once node A has ended some of them, it is frozen (SIGSTOP)
# while a claim of the user is leased in the store, and killed (SIGKILL) if the claim is still
# there, or let go on otherwise. Node B is then started and must end every session left, none
# before the lease's end, with one event each (its counter autologout.logouts), and the last at
# most 5 s after the later of the lease's end and the last session's deadline.
set -euo pipefail
# a jar given by a relative path is found from where the script was started
if [ -n "${SOAK_JAR:-}" ]; then SOAK_JAR=$(realpath "$SOAK_JAR"); fi
cd "$(dirname "$0")/.."
SESSIONS=${1:-300}
IDLE=${2:-60}
STORE=${SOAK_STORE:-redis}
PORT=${SOAK_PORT:-18080}
case "$STORE" in
  redis|jdbc) ;;
  *) echo "SOAK_STORE must be redis or jdbc"; exit 2 ;;
esac

. scripts/store.sh
build_sample_jar

WORK=$(mktemp -d -t kill-node.XXXXXX)
PIDS=()
trap stop_started EXIT
start_store "$STORE"

now_ms() { date +%s%3N; }

# what the store holds: whether user "user" is leased to a claim, when the tracker checks it next
# (a lease's end while leased; nothing while a jar from before leased claims has it claimed), and
# how many sessions are left
if [ "$STORE" = redis ]; then
  rc() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
  leased() { [ "$(rc SISMEMBER autologout:tracked:leased user)" = 1 ]; }
  check_at() { rc ZSCORE autologout:tracked:users user; }
  # the principal index: Spring Session keeps a deleted session's hash for five more minutes
  sessions_left() {
    rc SCARD spring:session:index:org.springframework.session.FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME:user
  }
else
  PSQL_URL="postgresql://postgres:postgres@${JDBC_URL#jdbc:postgresql://}"
  sql() { psql "$PSQL_URL" -tAqc "$1"; }
  # (quiet: a table of a jar from before leased claims has no such column)
  leased() { [ "$(sql "SELECT LEASED FROM AUTOLOGOUT_USER WHERE PRINCIPAL_NAME = 'user'" 2>/dev/null)" = t ]; }
  check_at() { sql "SELECT CHECK_AT FROM AUTOLOGOUT_USER WHERE PRINCIPAL_NAME = 'user'"; }
  sessions_left() { sql "SELECT count(*) FROM SPRING_SESSION"; }
fi

# claimed by a pass: leased or, for a jar from before leased claims, no longer tracked
if [ "${SOAK_PRE_LEASE:-}" = 1 ]; then
  claimed() { [ -z "$(check_at)" ]; }
else
  claimed() { leased; }
fi

start_node() {
  java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$1" "${STORE_ARGS[@]}" \
    --autologout.idle-timeout="${IDLE}s" --autologout.absolute-timeout=8h --logging.level.root=WARN \
    --management.endpoints.web.exposure.include=health,autologout,metrics >"$WORK/$2.log" 2>&1 &
  PIDS+=($!)
  NODE_PID=$!
  wait_for_node "http://127.0.0.1:$1" "$NODE_PID" "$WORK/$2.log"
}

# signs one session of "user" in through the form login, with its CSRF token
sign_in() {
  local jar="$WORK/cookies-$2" token status
  token=$(curl -fsS -c "$jar" -b "$jar" "$1/login" | sed -n 's/.*name="_csrf"[^>]*value="\([^"]*\)".*/\1/p' | head -1)
  status=$(curl -sS -o /dev/null -c "$jar" -b "$jar" -w '%{http_code} %{redirect_url}' \
    --data-urlencode username=user --data-urlencode password=password --data-urlencode "_csrf=$token" "$1/login")
  case "$status" in
    302*error*|'') echo "login $2 failed: $status" >&2; return 1 ;;
    302*) ;;
    *) echo "login $2 failed: $status" >&2; return 1 ;;
  esac
}
export -f sign_in
export WORK

start_node "$PORT" node-a
A_PID=$NODE_PID
A_URL="http://127.0.0.1:$PORT"
echo "store: $STORE, node A: $A_URL (pid $A_PID)"

FIRST_LOGIN=$(now_ms)
seq 1 "$SESSIONS" | xargs -P 4 -I{} bash -c 'sign_in "$0" {}' "$A_URL"
LAST_DEADLINE=$(($(now_ms) + IDLE * 1000))
echo "signed in $SESSIONS sessions in $(( ($(now_ms) - FIRST_LOGIN) / 1000 )) s; sessions in the store: $(sessions_left)"

# wait for node A's passes to have ended some sessions, then catch one of them holding a lease
until [ "$(sessions_left)" -lt "$SESSIONS" ]; do
  if [ "$(now_ms)" -gt "$((LAST_DEADLINE + 30000))" ]; then echo "FAIL: node A ended no session"; exit 1; fi
  sleep 0.2
done
TRIES=0
KILLED=no
while [ "$(now_ms)" -lt "$((LAST_DEADLINE + 30000))" ] && [ "$(sessions_left)" -gt 0 ]; do
  if claimed; then
    TRIES=$((TRIES + 1))
    kill -STOP "$A_PID"
    if claimed; then
      kill -KILL "$A_PID"
      wait "$A_PID" 2>/dev/null || true
      # gone: its process id must not be signalled again at exit, whoever has it by then
      for i in "${!PIDS[@]}"; do [ "${PIDS[$i]}" = "$A_PID" ] && PIDS[$i]=; done
      KILLED=yes
      break
    fi
    kill -CONT "$A_PID"
  fi
  sleep 0.005
done
if [ "$KILLED" != yes ]; then
  echo "FAIL: no pass of node A was caught holding a lease ($TRIES tries)"; exit 1
fi
KILLED_AT=$(now_ms)
LEFT=$(sessions_left)
if [ "$LEFT" -eq 0 ]; then
  echo "FAIL: node A had ended every session when it was killed; nothing was tested"; exit 1
fi
if [ "${SOAK_PRE_LEASE:-}" = 1 ]; then
  echo "the user is no longer tracked: this jar does not lease what it claims"
  LEASE_END=$KILLED_AT
else
  LEASE_END=$(check_at)
  LEASE_END=${LEASE_END%.*}
fi
echo "node A killed during a pass (try $TRIES): $LEFT sessions left, user leased for $(( (LEASE_END - KILLED_AT) / 1000 )) s more"

start_node "$((PORT + 1))" node-b
B_URL="http://127.0.0.1:$((PORT + 1))"
echo "node B: $B_URL, started $(( ($(now_ms) - KILLED_AT) / 1000 )) s after the kill"

FIRST_END=
LAST_END=
GIVE_UP=$(( (LEASE_END > LAST_DEADLINE ? LEASE_END : LAST_DEADLINE) + 60000 ))
while [ "$(now_ms)" -lt "$GIVE_UP" ]; do
  N=$(sessions_left)
  if [ -z "$FIRST_END" ] && [ "$N" -lt "$LEFT" ]; then FIRST_END=$(now_ms); fi
  if [ "$N" -eq 0 ]; then LAST_END=$(now_ms); break; fi
  sleep 0.2
done
EVENTS=$(curl -fsS -u admin:admin "$B_URL/actuator/metrics/autologout.logouts?tag=reason:idle" \
  | python3 -c 'import json, sys; print(int(json.load(sys.stdin)["measurements"][0]["value"]))')
ERRORS=$(grep -c ' ERROR ' "$WORK/node-b.log" || true)

echo "sessions left in the store: $(sessions_left) of $LEFT; idle events on node B: $EVENTS; ERROR lines on node B: $ERRORS"
STATUS=0
if [ -z "$LAST_END" ]; then
  echo "FAIL: sessions still in the store $(( (GIVE_UP - LEASE_END) / 1000 )) s after the lease's end"; STATUS=1
else
  echo "first session ended by node B $(( (FIRST_END - LEASE_END) )) ms after the lease's end, the last $(( LAST_END - (LEASE_END > LAST_DEADLINE ? LEASE_END : LAST_DEADLINE) )) ms after the later of the lease's end and the last deadline"
  if [ "$FIRST_END" -lt "$LEASE_END" ]; then echo "FAIL: a session ended within the lease"; STATUS=1; fi
  if [ "$LAST_END" -gt $(( (LEASE_END > LAST_DEADLINE ? LEASE_END : LAST_DEADLINE) + 5000 )) ]; then
    echo "FAIL: the last session ended more than 5 s late"; STATUS=1
  fi
fi
if [ "$EVENTS" -ne "$LEFT" ]; then echo "FAIL: $EVENTS events for $LEFT sessions"; STATUS=1; fi
if [ "$ERRORS" -ne 0 ]; then echo "FAIL: node B logged errors ($WORK/node-b.log)"; STATUS=1; fi
[ "$STATUS" = 0 ] && echo "PASS"
exit $STATUS
