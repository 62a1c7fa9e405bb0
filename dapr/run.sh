#!/usr/bin/env bash
# Runs the stack in dapr/dapr.yaml with the Dapr CLI (`dapr run -f`), on this project's own builds of the
# CLI and of daprd (scripts/provision/dapr-cli.sh, daprd.sh) and without `dapr init`:
#
#   npm run build
#   DATABASE_URL=postgres://... KAFKA_BROKERS=127.0.0.1:9092 dapr/run.sh    # Ctrl-C stops it all
#
# Needs:    DATABASE_URL (the PostgreSQL of core and the notifier), KAFKA_BROKERS (comma-separated; the
#           topics must exist: task-events, its dead letters task-events-dlq, notifications by default).
# Optional: SECRETS_FILE (JSON with "jwt-secret" and "database-url", which core's state store reads; by
#           default DATABASE_URL and a random key for this run only, so tokens do
#           not survive a restart), NAMES_DB (SQLite file for name resolution; by default in the run
#           folder), PORT (the gateway's, 8080), TASK_EVENTS_TOPIC, TASK_EVENTS_DLQ_TOPIC (by default
#           $TASK_EVENTS_TOPIC-dlq), NOTIFICATIONS_TOPIC, REPLICA_ID (one per run by default), DAPR_CLI
#           (another `dapr` binary).
#
# What it does: makes a throwaway Dapr runtime folder, the layout `dapr init` would make in ~/.dapr:
#   .dapr/bin/daprd        a wrapper around our daprd (below)
#   .dapr/components/      dapr/resources/*.yaml with ${KAFKA_BROKERS}, ${SECRETS_FILE}, the topics … filled in
#   .dapr/config.yaml      dapr/config.yaml, filled in the same way
# and runs the CLI with DAPR_RUNTIME_PATH pointing there. dapr.yaml names no resources or config, so the CLI
# takes these. Rendering is needed because daprd never expands ${VAR} in a component, and the files keep
# that form because the project's own launcher (stack/, used by `npm run stack` and the tests) renders
# the very same files.
#
# The notifier's reminders are Dapr jobs, so run.sh first starts Dapr's scheduler (what `dapr init` would
# run in a container) on free loopback ports, with its data in the run folder: pending jobs live as long as
# the run. Its healthz port listens on every interface (dapr 1.16.5 ignores the flag that would say
# otherwise); metrics are off.
#
# The wrapper passes daprd what the run file cannot: the internal gRPC API and the metrics server on
# loopback (daprd's defaults are all interfaces), and that scheduler's address in place of the one the
# CLI always passes for daprd >= 1.15 (localhost:50006, whatever the run file says).
#
# On exit (the CLI stopped by Ctrl-C or SIGTERM, or an app failing to start) it kills whatever is left in
# the CLI's process group, then the scheduler, and deletes the folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[dapr/run.sh] %s\n' "$*" >&2; }
die() { printf '[dapr/run.sh] ERROR: %s\n' "$*" >&2; exit 1; }

[[ -n "${DATABASE_URL:-}" ]] || die "set DATABASE_URL (core's PostgreSQL, postgres://user:pass@host:port/db)"
[[ -n "${KAFKA_BROKERS:-}" ]] || die "set KAFKA_BROKERS (host:port[,host:port...])"
for main in core/dist/main.js notifier/dist/main.js gateway/dist/main.js; do
  [[ -f "$ROOT/$main" ]] || die "missing $main: run npm run build"
done
dapr_cli="${DAPR_CLI:-}"
if [[ -z "$dapr_cli" ]]; then
  dapr_cli="$("$ROOT/scripts/provision/dapr-cli.sh" check)" \
    || die "no dapr CLI built: run scripts/provision/dapr-cli.sh build (~4 min the first time)"
fi
[[ -x "$dapr_cli" ]] || die "DAPR_CLI=$dapr_cli is not an executable"
daprd="$("$ROOT/scripts/provision/daprd.sh" check)" \
  || die "no daprd built: run scripts/provision/daprd.sh build (~4 min the first time)"
scheduler="$("$ROOT/scripts/provision/daprd.sh" check scheduler)" \
  || die "no Dapr scheduler built: run scripts/provision/daprd.sh build"

run_dir="$(mktemp -d /tmp/todo-dapr-run.XXXXXX)"
cli_pid=
scheduler_pid=
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  # The CLI makes itself a process group leader, and its sidecars and apps stay in that group.
  if [[ -n "$cli_pid" ]]; then kill -KILL -- "-$cli_pid" 2>/dev/null || true; fi
  if [[ -n "$scheduler_pid" ]]; then
    kill -TERM "$scheduler_pid" 2>/dev/null || true
    wait "$scheduler_pid" 2>/dev/null || true
  fi
  rm -rf "$run_dir"
  # The CLI always makes <appDirPath>/.dapr/logs, even with console logs only: remove it if still empty.
  rmdir "$ROOT/.dapr/logs" "$ROOT/.dapr" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p "$run_dir/.dapr/bin" "$run_dir/.dapr/components"

export NAMES_DB="${NAMES_DB:-$run_dir/names.db}"
# The subscription (dapr/resources/subscription.yaml) names the topics, so they are settled here.
export TASK_EVENTS_TOPIC="${TASK_EVENTS_TOPIC:-task-events}"
export TASK_EVENTS_DLQ_TOPIC="${TASK_EVENTS_DLQ_TOPIC:-$TASK_EVENTS_TOPIC-dlq}"
# The CLI stops the gateway with SIGKILL, so it never leaves its Kafka consumer group; a gateway joining
# that group again waits out the dead member's session (10 s). A fresh group per run starts at once.
export REPLICA_ID="${REPLICA_ID:-$(hostname)-${run_dir##*.}}"
if [[ -z "${SECRETS_FILE:-}" ]]; then
  export SECRETS_FILE="$run_dir/secrets.json"
  # JSON written by node, so a password with quotes in DATABASE_URL stays valid JSON.
  (umask 077 && node -e '
    const { randomBytes } = require("node:crypto");
    process.stdout.write(JSON.stringify({
      "jwt-secret": randomBytes(48).toString("base64url"),
      "database-url": process.env.DATABASE_URL,
    }) + "\n");' >"$SECRETS_FILE")
fi
[[ -f "$SECRETS_FILE" ]] || die "SECRETS_FILE=$SECRETS_FILE does not exist"

# render SRC DEST: every ${NAME} replaced by the variable's value; an unset one is an error.
render() {
  local text name
  text="$(<"$1")"
  while [[ "$text" =~ \$\{([A-Za-z_][A-Za-z0-9_]*)\} ]]; do
    name="${BASH_REMATCH[1]}"
    [[ -n "${!name:-}" ]] || die "$1 needs \${$name}, which is not set"
    text="${text//"\${$name}"/"${!name}"}"
  done
  printf '%s\n' "$text" >"$2"
}
for file in "$ROOT"/dapr/resources/*.yaml; do render "$file" "$run_dir/.dapr/components/${file##*/}"; done
render "$ROOT/dapr/config.yaml" "$run_dir/.dapr/config.yaml"

# Four free loopback ports, from the kernel: gRPC, healthz, etcd client, etcd peer.
read -r sched_port sched_healthz etcd_client etcd_peer < <(node -e '
  const net = require("node:net");
  const one = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => ok(port)); }); });
  (async () => { const ports = []; for (let i = 0; i < 4; i++) ports.push(await one()); console.log(ports.join(" ")); })();')
"$scheduler" --id dapr-scheduler-server-0 --mode standalone \
  --listen-address 127.0.0.1 --port "$sched_port" --healthz-port "$sched_healthz" --enable-metrics=false \
  --etcd-data-dir "$run_dir/scheduler/etcd" --etcd-client-listen-address 127.0.0.1 \
  --etcd-client-port "$etcd_client" --etcd-initial-cluster "dapr-scheduler-server-0=http://127.0.0.1:$etcd_peer" \
  --identity-directory-write "$run_dir/scheduler/identity" >"$run_dir/scheduler.log" 2>&1 &
scheduler_pid=$!
for _ in $(seq 150); do
  curl -fsS -o /dev/null "http://127.0.0.1:$sched_healthz/healthz" 2>/dev/null && break
  kill -0 "$scheduler_pid" 2>/dev/null || { tail -n 30 "$run_dir/scheduler.log" >&2; die "the scheduler exited"; }
  sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$sched_healthz/healthz" \
  || { tail -n 30 "$run_dir/scheduler.log" >&2; die "the scheduler was not ready in 30 s"; }
log "Dapr scheduler on 127.0.0.1:$sched_port (log: $run_dir/scheduler.log)"

cat >"$run_dir/.dapr/bin/daprd" <<EOF
#!/bin/sh
# Written by dapr/run.sh: our daprd, on loopback, with run.sh's scheduler (see there). exec, so the CLI's
# signals reach daprd itself.
for arg; do
  shift
  if [ "\${skip:-}" = 1 ]; then skip=; continue; fi
  case "\$arg" in
    --scheduler-host-address) skip=1; continue ;;
    --scheduler-host-address=*) continue ;;
  esac
  set -- "\$@" "\$arg"
done
exec '$daprd' "\$@" --scheduler-host-address 127.0.0.1:$sched_port \
  --dapr-internal-grpc-listen-address 127.0.0.1 --metrics-listen-address 127.0.0.1
EOF
chmod +x "$run_dir/.dapr/bin/daprd"
export DAPR_RUNTIME_PATH="$run_dir"

log "runtime folder $run_dir; $("$dapr_cli" version 2>/dev/null | tr '\n' ' ')"
cd "$ROOT"
"$dapr_cli" run -f dapr/dapr.yaml &
cli_pid=$!
stopping=
trap 'stopping=1; kill -TERM "$cli_pid" 2>/dev/null || true' INT TERM
# wait returns early when a trapped signal arrives: then wait again, for the CLI's own exit status (0 when
# it stopped everything on a signal).
while :; do
  stopping=
  status=0
  wait "$cli_pid" || status=$?
  [[ -n "$stopping" ]] || break
done
exit "$status"
