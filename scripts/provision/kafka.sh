#!/usr/bin/env bash
# Throwaway single-node Apache Kafka (KRaft, combined broker+controller) on loopback,
# run straight from its Maven Central jars: no tarball, no Docker.
#
#   kafka.sh fetch                                   # jars into the cache (idempotent)
#   kafka.sh start   <statefile>                     # start a broker, write `export` lines to <statefile>
#   kafka.sh topics  <statefile> name:partitions...  # create topics (skips existing ones)
#   kafka.sh restart <statefile> [--kill]            # stop the broker, start it again on the
#                                                    # same data dir and ports (--kill: SIGKILL, a crash)
#   kafka.sh stop    <statefile>                     # stop it, delete its data dir and <statefile>
#   kafka.sh run-class <MainClass> [args...]         # run a bundled tool class (stdout is the tool's)
#
# The state file exports KAFKA_BOOTSTRAP (127.0.0.1:<port>), KAFKA_DIR (data dir),
# KAFKA_PID, KAFKA_LOG (the broker's log), KAFKA_PORT, KAFKA_CONTROLLER_PORT,
# KAFKA_LIBS and KAFKA_VERSION.
#
# Environment: TODO_KAFKA_VERSION (default below), TODO_CACHE_DIR (cache root, default
# ${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot), KAFKA_HEAP_OPTS (broker heap flags),
# JAVA_HOME. See README.md beside this file.
set -euo pipefail

# 4.4.0's kafka-tools is not served by the registry we can reach; 4.3.1 is the newest
# release whose broker *and* tools all resolve. See README.md.
KAFKA_VERSION_DEFAULT=4.3.1
VERSION=${TODO_KAFKA_VERSION:-$KAFKA_VERSION_DEFAULT}

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091 # followed with shellcheck -x
. "$HERE/lib.sh" # apt_install
POM=$HERE/kafka-pom.xml
CACHE_ROOT=${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/todo-chatbot}
VER_DIR=$CACHE_ROOT/kafka-$VERSION
LIBS=$VER_DIR/libs
MARKER=$LIBS/.complete
# Shared by all versions, and inside the cache root so that caching that one folder
# in CI also saves Maven's own plugins.
M2_REPO=$CACHE_ROOT/m2-repository

READY_TIMEOUT=${TODO_KAFKA_READY_TIMEOUT:-60}
STOP_TIMEOUT=20

log() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() {
  printf '\n********************************************************************\n' >&2
  printf '* kafka.sh: ERROR: %s\n' "$*" >&2
  printf '********************************************************************\n\n' >&2
  exit 1
}

# --- cleanup on any exit ------------------------------------------------------
# Until `start` has written the state file nobody else knows about the broker or its
# data dir, so on failure or Ctrl-C this process must remove both itself.
FETCH_WORK=""     # half-done download dir
START_PENDING=""  # set while `start` owns an unpublished broker/data dir
RESTART_PID=""    # a broker `restart` launched but has not seen ready yet
KAFKA_DIR=""
KAFKA_PID=""
on_exit() {
  local rc=$?
  set +e
  [ -n "$FETCH_WORK" ] && rm -rf -- "$FETCH_WORK"
  if [ -n "$START_PENDING" ]; then
    log "start did not finish; removing the broker and its data"
    teardown
  fi
  if [ -n "$RESTART_PID" ]; then
    # The data dir stays: the state file still names it, and `stop` removes it.
    log "restart did not finish; stopping the new broker (pid $RESTART_PID)"
    stop_broker "$RESTART_PID" TERM
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- prerequisites --------------------------------------------------------------
# apt_install (lib.sh) returns non-zero on failure; the callers below die with what
# is missing.

# Sets JAVA. Kafka 4 needs Java 17 or newer for the broker.
JAVA=""
find_java() {
  [ -n "$JAVA" ] && return 0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA=$JAVA_HOME/bin/java
  elif command -v java >/dev/null 2>&1; then
    JAVA=$(command -v java)
  elif apt_install default-jre-headless && command -v java >/dev/null 2>&1; then
    JAVA=$(command -v java)
  else
    die "no 'java' on PATH (nor \$JAVA_HOME/bin/java) and it could not be installed; Kafka $VERSION needs Java 17+ (Debian: apt-get install default-jre-headless)"
  fi
  local major
  major=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  { [ -n "$major" ] && [ "$major" -ge 17 ]; } ||
    die "$JAVA is Java ${major:-?}; Kafka $VERSION needs Java 17 or newer (set JAVA_HOME)"
}

find_mvn() {
  command -v mvn >/dev/null 2>&1 && return 0
  apt_install maven && command -v mvn >/dev/null 2>&1 && return 0
  die "no 'mvn' on PATH and it could not be installed; kafka.sh fetch downloads Kafka's jars with Maven (Debian: apt-get install maven)"
}

# --- fetch ----------------------------------------------------------------------
# The marker records the version and the pom's hash: a changed pom means a refetch.
expected_marker() {
  printf 'kafka=%s pom-sha256=%s\n' "$VERSION" "$(sha256sum "$POM" | cut -d' ' -f1)"
}

# Jars that must be there for every subcommand to work; a check against a partly
# deleted cache, in addition to the marker.
required_jars() {
  printf '%s\n' "kafka_2.13-$VERSION.jar" "kafka-clients-$VERSION.jar" "kafka-server-$VERSION.jar" \
    "kafka-raft-$VERSION.jar" "kafka-metadata-$VERSION.jar" "kafka-storage-$VERSION.jar" \
    "kafka-tools-$VERSION.jar" "scala-library-*.jar" "log4j-core-*.jar" "log4j-slf4j-impl-*.jar"
}

missing_jars() { # dir
  local dir=$1 pat matches
  while IFS= read -r pat; do
    # shellcheck disable=SC2206  # $pat is a glob on purpose; no match leaves it literal
    matches=("$dir"/$pat)
    [ -e "${matches[0]}" ] || printf '%s\n' "$pat"
  done < <(required_jars)
}

fetched() {
  [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$(expected_marker)" ] && [ -z "$(missing_jars "$LIBS")" ]
}

cmd_fetch() { # [quiet]
  if fetched; then
    [ -n "${1:-}" ] || log "Kafka $VERSION jars already in $LIBS"
    return 0
  fi
  find_mvn
  find_java
  mkdir -p -- "$VER_DIR" "$M2_REPO"
  # Parallel test runs may all call fetch on a cold cache: one downloads, the
  # others wait and then find the marker.
  exec 9>"$VER_DIR/.lock"
  if command -v flock >/dev/null 2>&1; then
    flock -w 900 9 || die "timed out waiting for another kafka.sh fetch (lock $VER_DIR/.lock)"
  fi
  if fetched; then
    log "Kafka $VERSION jars already in $LIBS (fetched by another process)"
    exec 9>&-
    return 0
  fi

  local started=$SECONDS mvnlog missing
  FETCH_WORK=$(mktemp -d "$VER_DIR/fetch.XXXXXX")
  # Run on a copy so Maven writes nothing into the repository.
  cp -- "$POM" "$FETCH_WORK/pom.xml"
  mvnlog=$FETCH_WORK/mvn.log
  log "fetching Kafka $VERSION and its dependencies from Maven Central into $LIBS (Maven repo $M2_REPO) ..."
  if ! mvn -B -ntp -f "$FETCH_WORK/pom.xml" \
    -Dmaven.repo.local="$M2_REPO" -Dkafka.version="$VERSION" \
    dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$FETCH_WORK/libs" \
    >"$mvnlog" 2>&1 </dev/null; then
    # Maven's own summary names the missing artifact; fall back to the log's end.
    {
      echo "---- what Maven could not resolve ----"
      grep -E 'Could not (find|resolve|transfer)|could not be resolved|Non-resolvable|Failure to find|Unknown host|Connection' "$mvnlog" |
        sed 's/^\[ERROR\] *//' | sort -u | head -n 20 ||
        tail -n 30 "$mvnlog"
    } >&2
    cp -- "$mvnlog" "$VER_DIR/last-fetch-error.log" 2>/dev/null && log "full Maven log: $VER_DIR/last-fetch-error.log"
    die "Maven could not fetch org.apache.kafka:kafka_2.13:$VERSION and its dependencies (see above; TODO_KAFKA_VERSION picks another version)"
  fi
  missing=$(missing_jars "$FETCH_WORK/libs")
  [ -z "$missing" ] || die "Maven finished but these jars are missing from the download: $(echo "$missing" | tr '\n' ' ')"

  expected_marker >"$FETCH_WORK/libs/.complete"
  rm -rf -- "$LIBS"
  mv -- "$FETCH_WORK/libs" "$LIBS"
  rm -rf -- "$FETCH_WORK"
  FETCH_WORK=""
  exec 9>&-
  log "fetched $(find "$LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$LIBS" | cut -f1)) in $((SECONDS - started)) s"
}

# --- running Java ---------------------------------------------------------------
# Short-lived tool JVMs: C1 only and a small serial-GC heap start fastest.
run_tool() { # MainClass args...
  "$JAVA" -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$HERE/log4j2-tools.properties" \
    -cp "$LIBS/*" "$@"
}

# Like run_tool but bounded. --foreground keeps the JVM in our process group so a
# Ctrl-C reaches it directly instead of waiting out the timeout.
run_tool_timeout() { # seconds MainClass args...
  local secs=$1
  shift
  timeout --foreground -k 5 "$secs" "$JAVA" -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$HERE/log4j2-tools.properties" \
    -cp "$LIBS/*" "$@"
}

# True if pid is a live broker JVM started on this data dir. Guards every kill
# against a stale pid that now belongs to something else. A broker this process
# launched itself (CHILD_PID) is checked by pid alone: until we reap it its pid cannot
# be reused, and right after the fork it may not have exec'd java yet.
CHILD_PID=""
is_our_broker() { # pid
  local pid=$1 st
  [ -n "$pid" ] || return 1
  if [ "$pid" = "$CHILD_PID" ]; then
    st=$(cut -d' ' -f3 2>/dev/null </proc/"$pid"/stat) || return 1
    # An explicit status: a bare `return` inside the EXIT trap would return the
    # status the script was exiting with, not this test's.
    if [ "$st" = Z ] || [ "$st" = X ]; then return 1; fi
    return 0
  fi
  [ -n "$KAFKA_DIR" ] || return 1
  [ "$(cat 2>/dev/null "/proc/$pid/comm")" = java ] || return 1
  tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline" | grep -qxF "$KAFKA_DIR/server.properties"
}

# SIGTERM lets Kafka shut down cleanly (flush, close the metadata log); SIGKILL
# only after STOP_TIMEOUT, or right away for a simulated crash.
stop_broker() { # pid TERM|KILL
  local pid=$1 sig=$2 i
  is_our_broker "$pid" || return 0
  if [ "$sig" = TERM ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
      is_our_broker "$pid" || break
      sleep 0.2
    done
  fi
  if is_our_broker "$pid"; then
    [ "$sig" = TERM ] && log "broker (pid $pid) still running after ${STOP_TIMEOUT} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      is_our_broker "$pid" || break
      sleep 0.1
    done
  fi
  # Reap it if it is our child, so no zombie lingers while this script runs.
  wait "$pid" 2>/dev/null || true
  ! is_our_broker "$pid" || die "could not stop broker pid $pid"
}

teardown() {
  stop_broker "$KAFKA_PID" TERM
  # A corrupted state file must never make us delete anything else.
  case "$KAFKA_DIR" in
    /tmp/todo-kafka.?*) rm -rf -- "$KAFKA_DIR" ;;
    "") ;;
    *) die "refusing to delete unexpected directory '$KAFKA_DIR'" ;;
  esac
}

# Two distinct free loopback ports. Asking the kernel (bind to port 0) avoids ports
# in use; the bash fallback picks below the ephemeral range and probes them.
free_ports() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()'
  elif command -v node >/dev/null 2>&1; then
    node -e 'const net=require("net");const a=net.createServer(),b=net.createServer();
a.listen(0,"127.0.0.1",()=>b.listen(0,"127.0.0.1",()=>{console.log(a.address().port+" "+b.address().port);a.close();b.close()}))'
  else
    local p out=()
    while [ "${#out[@]}" -lt 2 ]; do
      p=$((20000 + RANDOM % 12000))
      [ "${#out[@]}" -eq 1 ] && [ "${out[0]}" = "$p" ] && continue
      port_open "$p" || out+=("$p")
    done
    echo "${out[@]}"
  fi
}

port_open() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Kafka's own Uuid.randomUuid(): 16 random bytes, unpadded base64url, never starting
# with '-' (it would parse as an option). Saves a JVM start for `random-uuid`.
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [ "${id#-}" = "$id" ] && break
  done
  printf '%s\n' "$id"
}

write_server_properties() { # port controller_port
  local port=$1 cport=$2
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Written by scripts/provision/kafka.sh: single-node KRaft, combined mode, loopback only.
process.roles=broker,controller
node.id=1
# A static one-voter quorum: valid in every Kafka 4.x and needs no --standalone format.
controller.quorum.voters=1@127.0.0.1:$cport
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$port
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=$KAFKA_DIR/logs
# One broker: every internal topic must make do with one replica.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# The default 50 partitions of __consumer_offsets make the first consumer group of a
# fresh broker wait for 50 partition loads; 5 is plenty for tests.
offsets.topic.num.partitions=5
# Tests join groups constantly; do not wait 3 s for more members.
group.initial.rebalance.delay.ms=0
num.partitions=3
# Topics are created explicitly (kafka.sh topics), so a typo fails instead of
# silently making a new topic.
auto.create.topics.enable=false
EOF
}

# Starts the broker JVM in the background and sets KAFKA_PID. setsid gives it its own
# session: a Ctrl-C or terminal hang-up meant for the caller does not reach it, and
# only `stop` (or our cleanup) ends it.
launch_broker() {
  # shellcheck disable=SC2086  # KAFKA_HEAP_OPTS is a list of flags
  setsid "$JAVA" ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} \
    -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
    -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true \
    -XX:+ExitOnOutOfMemoryError \
    -Dlog4j2.configurationFile="$HERE/log4j2-broker.properties" \
    -Dkafka.logs.dir="$KAFKA_DIR" \
    -cp "$LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    </dev/null >>"$KAFKA_DIR/kafka.log" 2>&1 &
  KAFKA_PID=$!
  CHILD_PID=$KAFKA_PID
}

# Waits until the broker accepts connections and answers a metadata request.
# Returns 1 at once if the JVM dies, 2 on timeout.
wait_ready() { # port
  local port=$1 deadline=$((SECONDS + READY_TIMEOUT)) left
  while :; do
    is_our_broker "$KAFKA_PID" || return 1
    if port_open "$port"; then
      left=$((deadline - SECONDS))
      [ "$left" -gt 0 ] || return 2
      # A successful topic list proves the broker has joined the quorum and
      # serves metadata, not merely that its socket is bound.
      if run_tool_timeout "$left" org.apache.kafka.tools.TopicCommand \
        --bootstrap-server "127.0.0.1:$port" --list >/dev/null 2>>"$KAFKA_DIR/ready-check.log"; then
        return 0
      fi
      is_our_broker "$KAFKA_PID" || return 1
    fi
    [ "$SECONDS" -lt "$deadline" ] || return 2
    sleep 0.2
  done
}

show_log_tail() {
  if [ -s "$KAFKA_DIR/kafka.log" ]; then
    echo "---- last lines of $KAFKA_DIR/kafka.log ----" >&2
    grep -E ' (ERROR|FATAL|WARN) |Exception|Error' "$KAFKA_DIR/kafka.log" | tail -n 15 >&2 || tail -n 30 "$KAFKA_DIR/kafka.log" >&2
  fi
  if [ -s "$KAFKA_DIR/ready-check.log" ]; then
    echo "---- last lines of the readiness check ----" >&2
    tail -n 10 "$KAFKA_DIR/ready-check.log" >&2
  fi
}

write_state() { # statefile port controller_port
  local state=$1
  # Atomically, so a half-written file is never sourced.
  {
    printf 'export KAFKA_DIR=%q\n' "$KAFKA_DIR"
    printf 'export KAFKA_PID=%q\n' "$KAFKA_PID"
    printf 'export KAFKA_BOOTSTRAP=%q\n' "127.0.0.1:$2"
    printf 'export KAFKA_LOG=%q\n' "$KAFKA_DIR/kafka.log"
    printf 'export KAFKA_PORT=%q\n' "$2"
    printf 'export KAFKA_CONTROLLER_PORT=%q\n' "$3"
    printf 'export KAFKA_LIBS=%q\n' "$LIBS"
    printf 'export KAFKA_VERSION=%q\n' "$VERSION"
  } >"$state.tmp"
  mv -f -- "$state.tmp" "$state"
}

# Sources a state file written by write_state; uses its version and jars.
load_state() { # statefile
  # shellcheck disable=SC1090  # our own state file
  . "$1"
  { [ -n "${KAFKA_DIR:-}" ] && [ -n "${KAFKA_PORT:-}" ]; } || die "state file '$1' is not one kafka.sh wrote"
  VERSION=${KAFKA_VERSION:-$VERSION}
  LIBS=${KAFKA_LIBS:-$LIBS}
}

# --- subcommands ----------------------------------------------------------------
cmd_start() {
  local state=$1 started=$SECONDS port="" cport="" attempt rc cluster_id
  # A leftover from an interrupted run: stop it rather than leak a broker.
  if [ -s "$state" ]; then
    log "state file '$state' already describes a broker; stopping that one first"
    cmd_stop "$state"
  fi
  cmd_fetch quiet
  find_java

  START_PENDING=1
  KAFKA_DIR=$(mktemp -d /tmp/todo-kafka.XXXXXX)
  cluster_id=$(new_cluster_id)

  # A free port can be taken between picking and binding it: retry a few times.
  for attempt in 1 2 3; do
    read -r port cport < <(free_ports)
    { [ -n "$port" ] && [ -n "$cport" ]; } || die "could not pick free loopback ports"
    write_server_properties "$port" "$cport"
    rm -rf -- "$KAFKA_DIR/logs"
    if ! run_tool_timeout 60 kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1; then
      cat "$KAFKA_DIR/format.log" >&2
      die "formatting the KRaft storage in $KAFKA_DIR/logs failed (output above)"
    fi
    log "starting Kafka $VERSION on 127.0.0.1:$port (controller :$cport, data $KAFKA_DIR, attempt $attempt)"
    launch_broker
    rc=0
    wait_ready "$port" || rc=$?
    [ "$rc" -eq 0 ] && break
    if [ "$rc" -eq 1 ] && [ "$attempt" -lt 3 ] && grep -q 'Address already in use' "$KAFKA_DIR/kafka.log"; then
      log "a port was taken meanwhile; retrying with new ports"
      wait "$KAFKA_PID" 2>/dev/null || true
      : >"$KAFKA_DIR/kafka.log"
      continue
    fi
    show_log_tail
    [ "$rc" -eq 1 ] && die "the Kafka broker exited during startup (log above, full log was in $KAFKA_DIR/kafka.log)"
    die "the Kafka broker did not become ready within ${READY_TIMEOUT} s (log above)"
  done

  write_state "$state" "$port" "$cport"
  START_PENDING=""
  log "ready: KAFKA_BOOTSTRAP=127.0.0.1:$port (pid $KAFKA_PID) after $((SECONDS - started)) s"
}

cmd_stop() {
  local state=$1
  if [ ! -s "$state" ]; then
    log "no state in '$state'; nothing to stop"
    rm -f -- "$state"
    return 0
  fi
  load_state "$state"
  log "stopping Kafka (pid ${KAFKA_PID:-?}, ${KAFKA_BOOTSTRAP:-?})"
  teardown
  rm -f -- "$state"
  log "stopped and removed $KAFKA_DIR"
}

cmd_restart() {
  local state=$1 mode=${2:-} started=$SECONDS rc=0
  [ -s "$state" ] || die "no state in '$state'; start a broker first"
  case "$mode" in
    "" | --term) mode=TERM ;;
    --kill) mode=KILL ;;
    *) die "restart: unknown option '$mode' (use --kill for a SIGKILL crash)" ;;
  esac
  load_state "$state"
  find_java
  [ -f "$KAFKA_DIR/server.properties" ] || die "no $KAFKA_DIR/server.properties; is the broker's data dir gone?"
  log "restarting Kafka (pid $KAFKA_PID, SIG$mode) on the same data dir and ports"
  stop_broker "$KAFKA_PID" "$mode"
  # The ports were ours a moment ago; if something took one meanwhile the broker
  # fails to bind and we report it: clients keep the address, so new ports won't do.
  launch_broker
  RESTART_PID=$KAFKA_PID
  # Publish the new pid at once, so a `stop` after a failed restart still finds it.
  write_state "$state" "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"
  wait_ready "$KAFKA_PORT" || rc=$?
  if [ "$rc" -ne 0 ]; then
    show_log_tail
    die "the restarted broker did not become ready (rc $rc)"
  fi
  RESTART_PID=""
  log "ready again: KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP (pid $KAFKA_PID) after $((SECONDS - started)) s"
}

cmd_topics() {
  local state=$1 spec name parts
  shift
  [ "$#" -gt 0 ] || die "usage: $0 topics <statefile> name:partitions [name:partitions...]"
  for spec in "$@"; do
    [[ "$spec" =~ ^[A-Za-z0-9._-]+:[1-9][0-9]*$ ]] || die "bad topic spec '$spec' (want name:partitions, e.g. task-events:6)"
  done
  [ -s "$state" ] || die "no state in '$state'; start a broker first"
  load_state "$state"
  find_java
  for spec in "$@"; do
    name=${spec%:*}
    parts=${spec##*:}
    # --if-not-exists: re-running is harmless; an existing topic keeps its
    # partition count even if it differs.
    run_tool_timeout 60 org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
      --create --if-not-exists --topic "$name" --partitions "$parts" --replication-factor 1 >&2 ||
      die "could not create topic '$name' with $parts partitions on $KAFKA_BOOTSTRAP"
  done
  log "topics ready on $KAFKA_BOOTSTRAP: $*"
}

cmd_run_class() {
  [ "$#" -gt 0 ] || die "usage: $0 run-class <MainClass> [args...]"
  cmd_fetch quiet
  find_java
  run_tool "$@"
}

usage() {
  die "usage: $0 fetch | start <statefile> | topics <statefile> name:partitions... | restart <statefile> [--kill] | stop <statefile> | run-class <MainClass> [args...]"
}

cmd=${1:-}
[ "$#" -gt 0 ] && shift
case "$cmd:$#:${1:-}" in
  fetch:0:) cmd_fetch ;;
  start:1:?*) cmd_start "$1" ;;
  stop:1:?*) cmd_stop "$1" ;;
  restart:[12]:?*) cmd_restart "$@" ;;
  topics:*:?*) cmd_topics "$@" ;;
  run-class:*:?*) cmd_run_class "$@" ;;
  *) usage ;;
esac
