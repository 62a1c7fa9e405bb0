#!/usr/bin/env bash
# Smoke test of a daprd binary on loopback, with no app, no placement and no
# scheduler. Usage: smoke.sh /path/to/daprd   (or: ../daprd.sh smoke)
#
# Loads: secretstores.local.file, bindings.cron, state.in-memory (with outbox
# to pubsub.in-memory), pubsub.in-memory; name resolution: sqlite.
# Checks: healthz, /v1.0/metadata lists those components, a secret read,
# state save/get, a state transaction (outbox), a publish. Stops daprd with
# SIGTERM and verifies the process is gone. Exit 0 only if all passed.
set -euo pipefail

BIN="${1:?usage: smoke.sh /path/to/daprd}"
[[ -x "$BIN" ]] || { echo "smoke: no executable at $BIN (run scripts/provision/daprd.sh build)" >&2; exit 1; }
for t in curl python3; do command -v "$t" >/dev/null || { echo "smoke: missing: $t" >&2; exit 1; }; done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/daprd-smoke.XXXXXX")"
PID=""
cleanup() {
  if [[ -n "$PID" ]] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
HTTP_PORT=$(free_port); GRPC_PORT=$(free_port); METRICS_PORT=$(free_port); INTERNAL_PORT=$(free_port)

mkdir -p "$WORK/resources"
echo '{"db-password":"s3cret","nested":{"key":"v"}}' >"$WORK/secrets.json"
cat >"$WORK/resources/secrets.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: localsecrets
spec:
  type: secretstores.local.file
  version: v1
  metadata:
    - name: secretsFile
      value: $WORK/secrets.json
    - name: nestedSeparator
      value: ":"
EOF
cat >"$WORK/resources/cron.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: tick
spec:
  type: bindings.cron
  version: v1
  metadata:
    - name: schedule
      value: "@every 1h"
    - name: direction
      value: input
EOF
cat >"$WORK/resources/pubsub.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.in-memory
  version: v1
EOF
cat >"$WORK/resources/state.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.in-memory
  version: v1
  metadata:
    - name: outboxPublishPubsub
      value: pubsub
    - name: outboxPublishTopic
      value: outbox-events
EOF
cat >"$WORK/config.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: smoke
spec:
  nameResolution:
    component: sqlite
    configuration:
      connectionString: "$WORK/nr.db"
EOF

echo "smoke: starting $BIN (http $HTTP_PORT, grpc $GRPC_PORT, metrics $METRICS_PORT) in $WORK"
"$BIN" --app-id smoke \
  --resources-path "$WORK/resources" --config "$WORK/config.yaml" \
  --dapr-http-port "$HTTP_PORT" --dapr-grpc-port "$GRPC_PORT" \
  --dapr-internal-grpc-port "$INTERNAL_PORT" --metrics-port "$METRICS_PORT" \
  --dapr-listen-addresses 127.0.0.1 --dapr-internal-grpc-listen-address 127.0.0.1 \
  --metrics-listen-address 127.0.0.1 --log-level info \
  >"$WORK/daprd.log" 2>&1 &
PID=$!

BASE="http://127.0.0.1:$HTTP_PORT/v1.0"
fail() {
  echo "smoke: FAIL: $*" >&2
  echo "---- daprd log ----" >&2; cat "$WORK/daprd.log" >&2 || true
  exit 1
}
ok=0
for _ in $(seq 1 120); do
  kill -0 "$PID" 2>/dev/null || fail "daprd exited early"
  code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz/outbound" || true)
  [[ "$code" == 204 ]] && { ok=1; break; }
  sleep 0.5
done
[[ $ok == 1 ]] || fail "healthz/outbound did not answer 204 within 60s"
echo "smoke: healthz/outbound 204"
# Full healthz (204 once all components are initialised; no app configured).
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz" || true)
echo "smoke: healthz $code"

meta=$(curl -sf "$BASE/metadata") || fail "GET /v1.0/metadata"
echo "smoke: metadata: $meta"
for t in secretstores.local.file bindings.cron state.in-memory pubsub.in-memory; do
  grep -q "\"type\":\"$t\"" <<<"$meta" || fail "component type $t not in /v1.0/metadata"
done

got=$(curl -sf "$BASE/secrets/localsecrets/db-password") || fail "GET secret"
[[ "$got" == '{"db-password":"s3cret"}' ]] || fail "secret: $got"
echo "smoke: secret read ok"

curl -sf -X POST -H 'content-type: application/json' "$BASE/state/statestore" \
  -d '[{"key":"k1","value":{"n":1}}]' >/dev/null || fail "state save"
got=$(curl -sf "$BASE/state/statestore/k1") || fail "state get"
[[ "$got" == '{"n":1}' ]] || fail "state get: $got"
echo "smoke: state save/get ok"

curl -sf -X POST -H 'content-type: application/json' "$BASE/state/statestore/transaction" \
  -d '{"operations":[{"operation":"upsert","request":{"key":"k2","value":{"todo":"x"}}}]}' >/dev/null \
  || fail "state transaction (outbox)"
got=$(curl -sf "$BASE/state/statestore/k2") || fail "state get k2"
[[ "$got" == '{"todo":"x"}' ]] || fail "state get k2: $got"
echo "smoke: state transaction with outbox ok"

code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'content-type: application/json' \
  "$BASE/publish/pubsub/todo-events" -d '{"hello":"world"}')
[[ "$code" == 204 ]] || fail "publish returned $code"
echo "smoke: publish ok"

kill -TERM "$PID"
for _ in $(seq 1 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.2; done
if kill -0 "$PID" 2>/dev/null; then fail "daprd still running 20s after SIGTERM"; fi
wait "$PID" 2>/dev/null && rc=0 || rc=$?
PID=""
echo "smoke: daprd stopped (exit $rc)"
grep -Ei 'placement|scheduler' "$WORK/daprd.log" | sed 's/^/smoke: log: /' | head -n 20 || true
grep -q 'Initialized name resolution to sqlite' "$WORK/daprd.log" || fail "sqlite name resolution not initialised"
if grep -q "couldn't find" "$WORK/daprd.log"; then fail "a component type is not compiled in"; fi
grep -q 'Daprd shutdown gracefully' "$WORK/daprd.log" || echo "smoke: warning: no graceful-shutdown line in log" >&2
[[ "${SMOKE_KEEP_LOG:-}" ]] && cp "$WORK/daprd.log" "$SMOKE_KEEP_LOG"
echo "smoke: PASS"
