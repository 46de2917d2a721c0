# Helpers that run.sh and profile-own-work.sh share, sourced after both set WORK (a scratch
# directory) and BENCH_JAR (benchmarks/target/benchmarks.jar).

require_jars() { # jar... -> fails, saying how to build them, unless each exists
  local jar
  for jar in "$@"; do
    if [ ! -f "$jar" ]; then
      echo "missing $jar; build it with: ./mvnw -B -pl sample-app,benchmarks -am package -DskipTests" >&2
      exit 1
    fi
  done
}

free_port() { # -> a free port on 127.0.0.1
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

one_jvm_jar() { # sample-jar -> builds $WORK/one-jvm.jar, the benchmarks' classes that ONE_JVM=1 adds to the
  # sample, and sets ONE_JVM_LAUNCH, java's arguments that start the sample's own jar with them
  mkdir -p "$WORK/one-jvm"
  (cd "$WORK/one-jvm" && jar xf "$BENCH_JAR" io/github/autologout/benchmarks/WithoutAutoLogoutChain.class \
    'io/github/autologout/benchmarks/WithoutAutoLogoutChain$EmptyFilter.class' \
    io/github/autologout/benchmarks/RequestThreadCpu.class 'io/github/autologout/benchmarks/RequestThreadCpu$ModeSums.class')
  jar cf "$WORK/one-jvm.jar" -C "$WORK/one-jvm" .
  ONE_JVM_LAUNCH=(-Dloader.path="$WORK/one-jvm.jar" -Dloader.main=io.github.autologout.sample.SampleApplication
    -cp "$1" org.springframework.boot.loader.launch.PropertiesLauncher
    --spring.main.sources=io.github.autologout.benchmarks.WithoutAutoLogoutChain)
}

await_app() { # name port log: waits up to 180 s for the sample's login page, or fails with the log's end
  for _ in $(seq 1 180); do
    if curl -fs -o /dev/null "http://127.0.0.1:$2/login"; then return 0; fi
    sleep 1
  done
  echo "sample app ($1) did not start; log:" >&2
  tail -40 "$3" >&2
  exit 1
}

login() { # name port -> prints the Cookie header value of a session of user, failing unless /api/me knows it
  local jar="$WORK/cookies-$1" csrf cookie
  rm -f "$jar"
  csrf=$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$2/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -fs -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=user" --data-urlencode "password=password" \
    --data-urlencode "_csrf=$csrf" "http://127.0.0.1:$2/login"
  # JSESSIONID of the servlet container, SESSION of Spring Session
  cookie=$(awk '$6 == "JSESSIONID" || $6 == "SESSION" { print $6 "=" $7 }' "$jar" | tail -1)
  if ! curl -fs -H "Cookie: $cookie" -H "Accept: application/json" "http://127.0.0.1:$2/api/me" | grep -q '"username":"user"'; then
    echo "login to the $1 instance failed" >&2
    exit 1
  fi
  echo "$cookie"
}
