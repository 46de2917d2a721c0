# Sourced by scripts/soak.sh and scripts/kill-node.sh (not part of the build): builds the sample
# jar and starts a session store on a free loopback port.
# The caller sets WORK (a scratch directory) and PIDS (an array whose processes it stops in
# reverse order on exit); start_store sets STORE_ARGS, the sample app's arguments for the store,
# and REDIS_PORT or JDBC_URL.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# always from the working tree unless SOAK_SKIP_BUILD=1: a jar left from an earlier build would run old code
# (SOAK_JAR=path runs a jar built elsewhere, such as an earlier commit's)
build_sample_jar() {
  if [ -n "${SOAK_JAR:-}" ]; then
    JAR=$SOAK_JAR
    return
  fi
  if [ "${SOAK_SKIP_BUILD:-}" != 1 ]; then
    rm -f sample-app/target/sample-app.jar sample-app/target/sample-app.jar.original
    ./mvnw -B -q -ntp -pl sample-app -am package -DskipTests
  fi
  JAR=sample-app/target/sample-app.jar
}

stop_started() {
  # stop the apps first, then the store, each by the process id the script started
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    [ -n "${PIDS[$i]}" ] || continue
    # a process stopped with SIGSTOP would keep the SIGTERM pending, and the wait would hang
    kill -CONT "${PIDS[$i]}" 2>/dev/null || true
    kill "${PIDS[$i]}" 2>/dev/null || true
    wait "${PIDS[$i]}" 2>/dev/null || true
  done
}

start_store() {
  STORE_ARGS=()
  case "$1" in
    memory) ;;
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
      local cp_file=autologout-test-support/target/classpath.txt
      if [ ! -s "$cp_file" ] || [ ! -d autologout-test-support/target/classes ]; then
        ./mvnw -B -q -ntp -pl autologout-test-support -am compile \
          org.apache.maven.plugins:maven-dependency-plugin:3.7.0:build-classpath \
          -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
      fi
      : >"$WORK/postgres.out"
      java -Xmx128m -cp "autologout-test-support/target/classes:$(cat "$cp_file")" scripts/SoakPostgres.java \
        >>"$WORK/postgres.out" 2>&1 &
      local pid=$!
      PIDS+=($pid)
      JDBC_URL=
      for _ in $(seq 1 120); do
        JDBC_URL=$(sed -n 's/^jdbc-url=//p' "$WORK/postgres.out" || true)
        [ -n "$JDBC_URL" ] && break
        kill -0 "$pid" 2>/dev/null || break
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
}

# wait_for_node URL PID LOG: waits up to three minutes for the node's health endpoint
wait_for_node() {
  for _ in $(seq 1 180); do
    curl -fsS "$1/actuator/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 1
  done
  echo "the sample app at $1 did not start:"; tail -20 "$3"; exit 2
}
