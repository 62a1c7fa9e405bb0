#!/usr/bin/env bash
# Probe: how Dapr 1.16.5's transactional outbox behaves with state.postgresql + pubsub.kafka.
#
#   dapr/probe/outbox-probe.sh            # runs everything (about 105 s), prints findings, cleans up
#   PROBE_KEEP=1 dapr/probe/outbox-probe.sh   # keep the work dir (daprd logs, consumer dumps) at the end
#
# What it starts, all on 127.0.0.1, all stopped on exit (also on Ctrl-C or failure):
#   - PostgreSQL 15 via scripts/pg-test-cluster.sh
#   - Kafka 4.3.1 via scripts/provision/kafka.sh, topic task-events:6 (auto-create is off)
#   - daprd 1.16.5 (scripts/provision/daprd.sh path), app-id `core`, NO app (no --app-port)
#   - two Kafka console consumers (JVMs) that dump task-events and the outbox's internal topic
# Findings and sample output: dapr/probe/FINDINGS.md. The probe only observes; it asserts nothing,
# and exits 0 when it ran to the end. Requirements: bash, curl, jq, python3, java 17+, psql.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PG_SH=$REPO/scripts/pg-test-cluster.sh
KAFKA_SH=$REPO/scripts/provision/kafka.sh
DAPRD=$("$REPO/scripts/provision/daprd.sh" path)
[[ -x "$DAPRD" ]] || { echo "probe: no daprd at $DAPRD (run scripts/provision/daprd.sh build)" >&2; exit 1; }
for t in curl jq python3 java psql; do command -v "$t" >/dev/null || { echo "probe: missing $t" >&2; exit 1; }; done

WORK=$(mktemp -d /tmp/outbox-probe.XXXXXX)
PG_STATE=$WORK/pg.state
KAFKA_STATE=$WORK/kafka.state
DAPRD_PID=""
CONSUMER_PIDS=()
T0=$SECONDS

# --- cleanup: only the processes this script started, by pid ------------------------------------
cleanup() {
  local rc=$?
  set +e
  stop_daprd quiet
  for p in "${CONSUMER_PIDS[@]}"; do
    kill -TERM "$p" 2>/dev/null
  done
  for p in "${CONSUMER_PIDS[@]}"; do
    for _ in $(seq 1 30); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
    wait "$p" 2>/dev/null
  done
  [[ -s "$KAFKA_STATE" ]] && "$KAFKA_SH" stop "$KAFKA_STATE" >/dev/null 2>&1
  [[ -s "$PG_STATE" ]] && "$PG_SH" stop "$PG_STATE" >/dev/null 2>&1
  if [[ -n "${PROBE_KEEP:-}" ]]; then
    echo "probe: work dir kept: $WORK"
  else
    rm -rf -- "$WORK"
  fi
  echo "probe: cleaned up (exit $rc, total $((SECONDS - T0)) s)"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- helpers -------------------------------------------------------------------------------------
now_ms() { date +%s%3N; }
section() { printf '\n=== %s  [t=%ss]\n' "$*" "$((SECONDS - T0))"; }
note() { printf '  %s\n' "$*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Formats console-consumer lines ("CreateTime:..\tPartition:..\tOffset:..\t<headers>\t<key>\t<value>").
cat >"$WORK/fmt.py" <<'PY'
import json, sys
mode = sys.argv[1] if len(sys.argv) > 1 else "short"
for line in sys.stdin:
    line = line.rstrip("\n")
    if not line.startswith("CreateTime:"):
        continue
    ts, part, off, headers, key, value = line.split("\t", 5)
    meta = f"{part} {off} key={key} headers={headers} {ts}"
    try:
        ce = json.loads(value)
    except ValueError:
        print("  kafka: " + meta + "\n  value (not JSON): " + value)
        continue
    if mode == "pretty":
        print("  kafka record: " + meta)
        print("  value: " + json.dumps(ce, indent=2, sort_keys=True).replace("\n", "\n  "))
    else:
        fields = {k: ce.get(k) for k in ("id", "type", "subject", "source", "datacontenttype", "traceid", "traceparent") if k in ce}
        print(f"  {part} key={key} headers={headers} data={json.dumps(ce.get('data'))} {json.dumps(fields)}")
PY
fmt() { python3 "$WORK/fmt.py" "${1:-short}"; }

# wait_msg FILE FIXED_STRING TIMEOUT_S [COUNT]: wait until COUNT lines contain the string; print them.
wait_msg() {
  local file=$1 pat=$2 timeout=$3 want=${4:-1} deadline n
  deadline=$(($(now_ms) + timeout * 1000))
  while :; do
    n=$(grep -cF -- "$pat" "$file" 2>/dev/null || true)
    if [[ "${n:-0}" -ge "$want" ]]; then grep -F -- "$pat" "$file"; return 0; fi
    [[ $(now_ms) -lt $deadline ]] || { grep -F -- "$pat" "$file" || true; return 1; }
    sleep 0.05
  done
}
count_msg() { grep -cF -- "$1" "$2" 2>/dev/null || true; }
create_time() { sed -n 's/^CreateTime:\([0-9]*\).*/\1/p' | head -n1; }
partition_of() { sed -n 's/^CreateTime:[0-9]*\tPartition:\([0-9]*\).*/\1/p' | head -n1; }

psql_q() { psql -X -q -P pager=off "$@"; }

# tx JSON [extra curl args...]: POST a state transaction; prints request and response.
# Sets TX_CODE (HTTP status or "curl-rc=N"), TX_BODY, TX_MS (epoch ms when the response arrived).
tx() {
  local body=$1 rc=0
  shift
  printf '  > POST /v1.0/state/%s/transaction%s %s\n' "$STORE" "${TX_QUERY:-}" "$(jq -c . <<<"$body")"
  TX_CODE=$(curl -sS -o "$WORK/resp.body" -D "$WORK/resp.hdr" -w '%{http_code}' -X POST \
    "$DAPR/v1.0/state/$STORE/transaction${TX_QUERY:-}" -H 'content-type: application/json' "$@" \
    -d "$body" 2>"$WORK/resp.err") || rc=$?
  TX_MS=$(now_ms)
  TX_BODY=$(cat "$WORK/resp.body" 2>/dev/null || true)
  if [[ $rc -ne 0 ]]; then
    TX_CODE="curl-rc=$rc"
    printf '  < %s (%s)\n' "$TX_CODE" "$(tr -d '\n' <"$WORK/resp.err")"
  else
    printf '  < HTTP %s %s\n' "$TX_CODE" "$TX_BODY"
  fi
}

get_state() { # key -> prints "HTTP code, ETag, body"
  local code
  code=$(curl -sS -o "$WORK/get.body" -D "$WORK/get.hdr" -w '%{http_code}' "$DAPR/v1.0/state/$STORE/$1")
  GET_ETAG=$(sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p' "$WORK/get.hdr")
  printf '  GET /v1.0/state/%s/%s -> HTTP %s ETag=%s body=%s\n' "$STORE" "$1" "$code" "${GET_ETAG:-<none>}" "$(cat "$WORK/get.body")"
}

# start_daprd NAME RESOURCES_DIR [ENV=VAL...]: starts daprd app-id core, no app; waits for healthz.
# Returns 1 (and leaves DAPRD_PID empty) if daprd exits during startup.
start_daprd() {
  local name=$1 res=$2 code
  shift 2
  local hp gp ip mp
  hp=$(free_port) gp=$(free_port) ip=$(free_port) mp=$(free_port)
  cat >"$WORK/config-$name.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: probe
spec:
  tracing:
    samplingRate: "1"
  nameResolution:
    component: sqlite
    configuration:
      connectionString: "$WORK/nr-$name.db"
EOF
  DAPRD_LOG=$WORK/daprd-$name.log
  env "$@" "$DAPRD" --app-id core --resources-path "$res" --config "$WORK/config-$name.yaml" \
    --dapr-http-port "$hp" --dapr-grpc-port "$gp" --dapr-internal-grpc-port "$ip" --metrics-port "$mp" \
    --dapr-listen-addresses 127.0.0.1 --dapr-internal-grpc-listen-address 127.0.0.1 \
    --metrics-listen-address 127.0.0.1 --log-level info >"$DAPRD_LOG" 2>&1 &
  DAPRD_PID=$!
  DAPR=http://127.0.0.1:$hp
  for _ in $(seq 1 100); do
    if ! kill -0 "$DAPRD_PID" 2>/dev/null; then
      wait "$DAPRD_PID" 2>/dev/null && DAPRD_RC=0 || DAPRD_RC=$?
      DAPRD_PID=""
      return 1
    fi
    code=$(curl -s -o /dev/null -w '%{http_code}' "$DAPR/v1.0/healthz" || true)
    [[ "$code" == 204 ]] && return 0
    sleep 0.2
  done
  echo "probe: daprd $name not healthy after 20 s" >&2
  tail -n 30 "$DAPRD_LOG" >&2
  exit 1
}

# stop_daprd [quiet]: SIGTERM, 10 s grace, then SIGKILL. Sets DAPRD_RC and DAPRD_STOP_MS.
stop_daprd() {
  [[ -n "$DAPRD_PID" ]] || return 0
  local s i
  s=$(now_ms)
  kill -TERM "$DAPRD_PID" 2>/dev/null || true
  for i in $(seq 1 100); do kill -0 "$DAPRD_PID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$DAPRD_PID" 2>/dev/null; then
    [[ "${1:-}" == quiet ]] || note "daprd still running 10 s after SIGTERM: SIGKILL"
    kill -KILL "$DAPRD_PID" 2>/dev/null || true
  fi
  wait "$DAPRD_PID" 2>/dev/null && DAPRD_RC=0 || DAPRD_RC=$?
  DAPRD_STOP_MS=$(($(now_ms) - s))
  DAPRD_PID=""
}

start_consumer() { # topic outfile
  local java
  java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  "$java" -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$REPO/scripts/provision/log4j2-tools.properties" -cp "$KAFKA_LIBS/*" \
    org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server "$KAFKA_BOOTSTRAP" --topic "$1" \
    --from-beginning --formatter-property print.timestamp=true --formatter-property print.partition=true \
    --formatter-property print.offset=true --formatter-property print.headers=true \
    --formatter-property print.key=true >"$2" 2>"$2.err" &
  CONSUMER_PIDS+=("$!")
}

write_pubsub() { # dir
  cat >"$1/pubsub.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: kafka-pubsub
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - name: brokers
      value: "$KAFKA_BOOTSTRAP"
    - name: authType
      value: none
    # Without this the internal-topic consumer group starts at "newest" on its first join and
    # skips outbox messages published before it joined.
    - name: initialOffset
      value: oldest
EOF
}

write_state() { # dir version connstring [outbox: yes|no]
  cat >"$1/state.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: statestore
spec:
  type: state.postgresql
  version: $2
  metadata:
    - name: connectionString
      value: "$3"
EOF
  [[ "${4:-yes}" == yes ]] && cat >>"$1/state.yaml" <<EOF
    - name: outboxPublishPubsub
      value: kafka-pubsub
    - name: outboxPublishTopic
      value: task-events
    - name: outboxDiscardWhenMissingState
      value: "true"
EOF
  return 0
}

# =================================================================================================
section "setup: PostgreSQL, Kafka (task-events:6), daprd $("$DAPRD" --version)"
"$PG_SH" start "$PG_STATE" 2>"$WORK/pg-start.log" || { cat "$WORK/pg-start.log" >&2; exit 1; }
# shellcheck disable=SC1090
. "$PG_STATE"
"$KAFKA_SH" start "$KAFKA_STATE" 2>"$WORK/kafka-start.log" || { cat "$WORK/kafka-start.log" >&2; exit 1; }
# shellcheck disable=SC1090
. "$KAFKA_STATE"
"$KAFKA_SH" topics "$KAFKA_STATE" task-events:6 2>>"$WORK/kafka-start.log"
note "PostgreSQL $TEST_DATABASE_URL, Kafka $KAFKA_BOOTSTRAP (auto.create.topics.enable=false)"
start_consumer task-events "$WORK/task-events.txt"
TE=$WORK/task-events.txt

mkdir -p "$WORK/res-a"
write_pubsub "$WORK/res-a"
write_state "$WORK/res-a" v1 "$TEST_DATABASE_URL"
STORE=statestore
start_daprd a "$WORK/res-a" || { tail -n 30 "$DAPRD_LOG" >&2; exit 1; }
note "daprd (run A: state.postgresql v1) healthy at $DAPR, pid $DAPRD_PID; no --app-port"
note "state component metadata:"
sed -n '/metadata:/,$p' "$WORK/res-a/state.yaml" | sed -n '2,$p' | sed 's/^/    /'
curl -s "$DAPR/v1.0/metadata" | jq -c '{id, components: [.components[] | {name, type, version}], subscriptions, appConnectionProperties}' | sed 's/^/  metadata API: /'

# =================================================================================================
section "Q1  the outbox's internal topic (no app at all)"
note "Internal topic = NAMESPACE + app-id + outboxPublishTopic + \"outbox\"; NAMESPACE defaults to 'default'."
INTERNAL=defaultcoretask-eventsoutbox
note "It does not exist yet (broker auto-create is off). A transaction now:"
tx '{"operations":[{"operation":"upsert","request":{"key":"q1-missing-topic","value":{"t":"q1"}}}]}'
get_state q1-missing-topic
grep -m1 -F "Error consuming [$INTERNAL]" "$DAPRD_LOG" | cut -c1-260 | sed 's/^/  daprd log: /' || true
"$KAFKA_SH" topics "$KAFKA_STATE" "$INTERNAL:3" 2>>"$WORK/kafka-start.log"
note "created $INTERNAL:3"
start_consumer "$INTERNAL" "$WORK/internal-a.txt"
IN=$WORK/internal-a.txt
tx '{"operations":[{"operation":"upsert","request":{"key":"q1-noapp","value":{"marker":"q1-noapp"}}}]}'
if wait_msg "$TE" q1-noapp 20 >/dev/null; then
  note "published to task-events $(( $(grep -F q1-noapp "$TE" | create_time) - TX_MS )) ms after the response, with no app running"
else
  note "NOT published within 20 s"
fi

# =================================================================================================
section "Q2a  one upsert, JSON value, no content type"
note "(first, a plain save through POST /v1.0/state/statestore, not a transaction; checked at the end of Q3)"
printf '  > POST /v1.0/state/%s [{"key":"task-plain","value":{"marker":"q2-plain-save-api"}}]\n' "$STORE"
printf '  < HTTP %s\n' "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$DAPR/v1.0/state/$STORE" -H 'content-type: application/json' \
  -d '[{"key":"task-plain","value":{"marker":"q2-plain-save-api"}}]')"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-1","value":{"marker":"q2a-plain","title":"buy milk","done":false}}}]}'
note "rows right after the response (the outbox adds its own key to the same transaction):"
psql_q "$TEST_DATABASE_URL" -c "select key, value, xmin from state where key like 'outbox-%' or key = 'core||task-1'" | sed 's/^/    /'
wait_msg "$TE" q2a-plain 10 | fmt pretty || note "no message"
note "the internal-topic record for the same transaction (what daprd published before committing):"
wait_msg "$IN" q2a-plain 5 | fmt short
sleep 0.3
note "outbox rows left after publishing: $(psql_q "$TEST_DATABASE_URL" -Atc "select count(*) from state where key like 'outbox-%'")"
get_state task-1

section "Q2b  content type application/json (as op metadata, then as the request's contentType field)"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-2","value":{"marker":"q2b-meta","title":"buy milk"},"metadata":{"contentType":"application/json"}}}]}'
wait_msg "$TE" q2b-meta 10 | fmt pretty || note "no message"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-2b","value":{"marker":"q2b-field"},"contentType":"application/json"}}]}'
wait_msg "$TE" q2b-field 10 | fmt short || note "no message"

section "Q2c  setting CloudEvent fields and a Kafka key from op metadata"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-3","value":{"marker":"q2c-override"},"metadata":{"contentType":"application/json","type":"todo.task.created","subject":"task-3","source":"todo-core","time":"2030-01-01T00:00:00Z","id":"my-id","data":"my-data","cloudevent.type":"x","outbox.cloudevent.type":"y","partitionKey":"task-3","key":"task-3","traceparent":"00-11111111111111111111111111111111-2222222222222222-01"}}}]}'
wait_msg "$TE" q2c-override 10 | fmt pretty || note "no message"
note "transaction-level metadata: body \"metadata\" vs query string ?metadata.subject=..."
TX_QUERY='?metadata.subject=from-query' tx '{"metadata":{"type":"from-body"},"operations":[{"operation":"upsert","request":{"key":"task-3b","value":{"marker":"q2c-txlevel"},"metadata":{"contentType":"application/json"}}}]}'
wait_msg "$TE" q2c-txlevel 10 | fmt short || note "no message"

section "Q2d  outbox.projection: save one value, publish another"
tx '{"operations":[
  {"operation":"upsert","request":{"key":"task-4","value":{"marker":"q2d-saved","title":"full row"},"metadata":{"contentType":"application/json","type":"todo.task.updated"}}},
  {"operation":"upsert","request":{"key":"task-4","value":{"marker":"q2d-published","event":"TaskUpdated"},"metadata":{"outbox.projection":"true","contentType":"application/json","type":"ignored-on-projection"}}}]}'
wait_msg "$TE" q2d-published 10 | fmt pretty || note "no message"
get_state task-4
note "saved value published? $(count_msg q2d-saved "$TE") message(s) contain q2d-saved"
note "a projection with no plain upsert of the same key is dropped (neither saved nor published):"
tx '{"operations":[
  {"operation":"upsert","request":{"key":"task-4b","value":{"marker":"q2d-lonely-main"},"metadata":{"contentType":"application/json"}}},
  {"operation":"upsert","request":{"key":"counter-4b","value":{"marker":"q2d-lonely-proj"},"metadata":{"outbox.projection":"true","contentType":"application/json"}}}]}'
wait_msg "$TE" q2d-lonely-main 10 >/dev/null || true
sleep 1
get_state counter-4b
note "messages containing q2d-lonely-proj: $(count_msg q2d-lonely-proj "$TE")"
note "two projected keys, order [A, A-projection, C, C-projection]:"
tx '{"operations":[
  {"operation":"upsert","request":{"key":"pa","value":{"marker":"q2d-pa"}}},
  {"operation":"upsert","request":{"key":"pa","value":{"marker":"q2d-pa-proj"},"metadata":{"outbox.projection":"true"}}},
  {"operation":"upsert","request":{"key":"pc","value":{"marker":"q2d-pc"}}},
  {"operation":"upsert","request":{"key":"pc","value":{"marker":"q2d-pc-proj"},"metadata":{"outbox.projection":"true"}}}]}'
grep -m1 'http: panic serving' "$DAPRD_LOG" | sed 's/^/  daprd log: /' || true
get_state pa
note "daprd still alive: $(kill -0 "$DAPRD_PID" 2>/dev/null && echo yes || echo no)"
note "same two pairs, order [A-projection, A, C-projection, C]:"
tx '{"operations":[
  {"operation":"upsert","request":{"key":"pa","value":{"marker":"q2d-pa2-proj"},"metadata":{"outbox.projection":"true","contentType":"application/json"}}},
  {"operation":"upsert","request":{"key":"pa","value":{"marker":"q2d-pa2"}}},
  {"operation":"upsert","request":{"key":"pc","value":{"marker":"q2d-pc2-proj"},"metadata":{"outbox.projection":"true","contentType":"application/json"}}},
  {"operation":"upsert","request":{"key":"pc","value":{"marker":"q2d-pc2"}}}]}'
wait_msg "$TE" q2d-pa2-proj 10 | fmt short || note "no message for pa"
wait_msg "$TE" q2d-pc2-proj 10 | fmt short || note "no message for pc"

# =================================================================================================
section "Q3  two upserts in one transaction (task + per-user counter)"
tx '{"operations":[
  {"operation":"upsert","request":{"key":"task-6","value":{"marker":"q3-task","title":"x"},"metadata":{"contentType":"application/json","type":"todo.task.created"}}},
  {"operation":"upsert","request":{"key":"user-1:seq","value":{"marker":"q3-counter","seq":42},"metadata":{"contentType":"application/json","type":"todo.internal.counter"}}}]}'
wait_msg "$TE" q3-task 10 | fmt short || note "no task message"
wait_msg "$TE" q3-counter 10 | fmt short || note "no counter message"
note "records for the plain save API call made in Q2a: $(count_msg q2-plain-save-api "$TE")"

# =================================================================================================
section "Q5  deletes"
N_BEFORE_Q5=$(grep -c '^CreateTime' "$TE" || true)
tx '{"operations":[{"operation":"delete","request":{"key":"task-1"}}]}'
note "outbox rows written by the delete-only transaction: $(psql_q "$TEST_DATABASE_URL" -Atc "select count(*) from state where key like 'outbox-%'")"
tx '{"operations":[{"operation":"delete","request":{"key":"task-2"}},{"operation":"upsert","request":{"key":"task-7","value":{"marker":"q5-mixed"},"metadata":{"contentType":"application/json"}}}]}'
wait_msg "$TE" q5-mixed 10 | fmt short || note "no message"
note "delete carried by a projection on another key (the counter):"
tx '{"operations":[
  {"operation":"delete","request":{"key":"task-3"}},
  {"operation":"upsert","request":{"key":"user-1:seq","value":{"seq":43}}},
  {"operation":"upsert","request":{"key":"user-1:seq","value":{"marker":"q5-deleted-event","type":"TaskDeleted","taskId":"task-3","seq":43},"metadata":{"outbox.projection":"true","contentType":"application/json"}}}]}'
wait_msg "$TE" q5-deleted-event 10 | fmt short || note "no message"
sleep 1
note "records published by the 3 transactions above: $(($(grep -c '^CreateTime' "$TE" || true) - N_BEFORE_Q5))"

# =================================================================================================
section "Q6  trace context"
TRACE=4bf92f3577b34da6a3ce929d0e0e4736
tx '{"operations":[{"operation":"upsert","request":{"key":"task-8","value":{"marker":"q6-trace"},"metadata":{"contentType":"application/json"}}}]}' \
  -H "traceparent: 00-$TRACE-00f067aa0ba902b7-01" -H 'tracestate: congo=t61rcWkgMzE'
note "response header: $(grep -i '^traceparent' "$WORK/resp.hdr" | tr -d '\r')"
wait_msg "$TE" q6-trace 10 | fmt pretty || note "no message"
note "same trace id in the record: $(grep -F q6-trace "$TE" | grep -c "$TRACE" || true) record(s)"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-8b","value":{"marker":"q6-notrace"},"metadata":{"contentType":"application/json"}}}]}'
wait_msg "$TE" q6-notrace 10 | fmt short || note "no message"

# =================================================================================================
section "Q8  latency: 10 sequential transactions on one key, each waiting for its record"
LAT=()
PARTS=()
for i in $(seq -w 1 10); do
  curl -s -o /dev/null -X POST "$DAPR/v1.0/state/$STORE/transaction" -H 'content-type: application/json' \
    -d "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-9\",\"value\":{\"marker\":\"q8-lat-$i\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
  t=$(now_ms)
  if line=$(wait_msg "$TE" "q8-lat-$i\"" 15); then
    seen=$(now_ms)
    ct=$(create_time <<<"$line")
    LAT+=("$((ct - t))")
    PARTS+=("$(partition_of <<<"$line")")
    printf '  sample %s: produced %4d ms after the response, seen by the consumer after %4d ms, partition %s\n' \
      "$i" "$((ct - t))" "$((seen - t))" "$(partition_of <<<"$line")"
  else
    note "sample $i: not seen within 15 s"
  fi
done
[[ ${#LAT[@]} -gt 0 ]] && note "response->produce ms: min $(printf '%s\n' "${LAT[@]}" | sort -n | head -1), median $(printf '%s\n' "${LAT[@]}" | sort -n | sed -n "$(((${#LAT[@]} + 1) / 2))p"), max $(printf '%s\n' "${LAT[@]}" | sort -n | tail -1); partitions used for the one key: $(printf '%s\n' "${PARTS[@]}" | sort -u | tr '\n' ' ')"

section "Q8b  burst: 12 updates of ONE key, sent back to back (each after the previous response)"
s=$(now_ms)
for i in $(seq -w 1 12); do
  curl -s -o /dev/null -X POST "$DAPR/v1.0/state/$STORE/transaction" -H 'content-type: application/json' \
    -d "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-burst\",\"value\":{\"marker\":\"q8-burst-$i\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
done
r=$(now_ms)
note "12 responses (HTTP 204) in $((r - s)) ms"
wait_msg "$TE" q8-burst- 30 12 >"$WORK/burst.txt" || true
last=$(sed -n 's/^CreateTime:\([0-9]*\).*/\1/p' "$WORK/burst.txt" | sort -n | tail -1)
note "$(grep -c . "$WORK/burst.txt") records; the last produced $((last - r)) ms after the last response"
note "internal-topic partition of each update (count partition): $(grep -F q8-burst- "$IN" | sed -n 's/^CreateTime:[0-9]*\tPartition:\([0-9]*\).*/\1/p' | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
note "order in which the updates reached task-events (by CreateTime): $(sort -t: -k2 -n "$WORK/burst.txt" | sed 's/.*q8-burst-\([0-9]*\).*/\1/' | tr '\n' ' ')"
note "final state: $(curl -s "$DAPR/v1.0/state/$STORE/task-burst")"

# =================================================================================================
section "Q4a  ETags: successful conditional writes"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-11","value":{"marker":"q4-v1"},"metadata":{"contentType":"application/json"}}}]}'
get_state task-11
OLD_ETAG=$GET_ETAG
tx "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-11\",\"value\":{\"marker\":\"q4-v2\"},\"etag\":\"$OLD_ETAG\",\"options\":{\"concurrency\":\"first-write\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
get_state task-11
wait_msg "$TE" q4-v2 10 | fmt short || note "no message"
note "first-write without an etag on a NEW key (insert-only):"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-12","value":{"marker":"q4-insert"},"options":{"concurrency":"first-write"},"metadata":{"contentType":"application/json"}}}]}'
wait_msg "$TE" q4-insert 10 | fmt short || note "no message"
note "non-transactional save with the stale etag, for comparison (no outbox involved):"
printf '  > POST /v1.0/state/%s [{"key":"task-11","etag":"%s",...}]\n' "$STORE" "$OLD_ETAG"
printf '  < HTTP %s\n' "$(curl -s -w ' %{http_code}' -X POST "$DAPR/v1.0/state/$STORE" -H 'content-type: application/json' \
  -d "[{\"key\":\"task-11\",\"value\":{\"marker\":\"q4-single-stale\"},\"etag\":\"$OLD_ETAG\",\"options\":{\"concurrency\":\"first-write\"}}]" | sed 's/\(.*\) \([0-9]*\)$/\2 \1/')"

section "Q4b  ETags: failing transactions (stale etag, insert over an existing key, malformed etag)"
STALE_PARTS=""
n=0
stale_tx() { # marker json
  n=$((n + 1))
  tx "$2"
  if line=$(wait_msg "$IN" "$1\"" 5); then
    p=$(partition_of <<<"$line")
    STALE_PARTS="$STALE_PARTS $p"
    note "-> its internal record sits on partition $p of $INTERNAL, id $(sed 's/.*"id":"\([^"]*\)".*/\1/' <<<"$line")"
  fi
}
stale_tx q4-stale-fw "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-11\",\"value\":{\"marker\":\"q4-stale-fw\"},\"etag\":\"$OLD_ETAG\",\"options\":{\"concurrency\":\"first-write\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
stale_tx q4-stale-lw "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-11\",\"value\":{\"marker\":\"q4-stale-lw\"},\"etag\":\"$OLD_ETAG\",\"metadata\":{\"contentType\":\"application/json\"}}}]}"
stale_tx q4-fw-exists '{"operations":[{"operation":"upsert","request":{"key":"task-11","value":{"marker":"q4-fw-exists"},"options":{"concurrency":"first-write"},"metadata":{"contentType":"application/json"}}}]}'
stale_tx q4-bad-etag '{"operations":[{"operation":"upsert","request":{"key":"task-11","value":{"marker":"q4-bad-etag"},"etag":"not-a-number","metadata":{"contentType":"application/json"}}}]}'
stale_tx q4-stale-del "{\"operations\":[{\"operation\":\"delete\",\"request\":{\"key\":\"task-11\",\"etag\":\"$OLD_ETAG\"}},{\"operation\":\"upsert\",\"request\":{\"key\":\"task-13\",\"value\":{\"marker\":\"q4-stale-del\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
# Make sure every internal partition holds at least one orphan, so the next step is deterministic.
while [[ $n -lt 12 ]] && [[ $(tr ' ' '\n' <<<"$STALE_PARTS" | grep . | sort -u | wc -l) -lt 3 ]]; do
  stale_tx "q4-stale-more-$n" "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-11\",\"value\":{\"marker\":\"q4-stale-more-$n\"},\"etag\":\"$OLD_ETAG\",\"metadata\":{\"contentType\":\"application/json\"}}}]}"
done
get_state task-11
note "internal partitions holding an orphan (a record whose transaction rolled back): $(tr ' ' '\n' <<<"$STALE_PARTS" | grep . | sort -u | tr '\n' ' ')"
note "now 4 good transactions:"
for i in 1 2 3 4; do
  tx "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-after-$i\",\"value\":{\"marker\":\"q4-after-$i\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}" >/dev/null
done
note "(4 x HTTP $TX_CODE) waiting 14 s (> 1 s scan delay + 10 s backoff budget) ..."
sleep 14
note "after 14 s: task-events records for the failed transactions: $(grep -F q4- "$TE" | grep -c 'q4-stale\|q4-fw-exists\|q4-bad-etag' || true); for the 4 good ones: $(grep -c 'q4-after-' "$TE" || true)"
note "outbox rows waiting in the state table: $(psql_q "$TEST_DATABASE_URL" -Atc "select count(*) from state where key like 'outbox-%'")"
note "'discarding' lines in the daprd log: $(grep -c 'discarding message' "$DAPRD_LOG" || true); outbox lines: $(grep -c 'dapr.outbox' "$DAPRD_LOG" || true)"
pgx() { psql_q "$TEST_DATABASE_URL" -Atc "select xact_commit + xact_rollback from pg_stat_database where datname = 'postgres'"; }
c1=$(awk '{print $14+$15}' "/proc/$DAPRD_PID/stat"); x1=$(pgx); sleep 2
c2=$(awk '{print $14+$15}' "/proc/$DAPRD_PID/stat"); x2=$(pgx)
note "over 2 s: daprd used $(((c2 - c1) * 100 / $(getconf CLK_TCK) / 2))% of one core; PostgreSQL ran $(((x2 - x1) / 2)) transactions/s (the outbox's GET of the missing key, in a loop)"
note "consumer group 'core' on $INTERNAL:"
"$KAFKA_SH" run-class org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$KAFKA_BOOTSTRAP" \
  --describe --group core 2>/dev/null | awk 'NF>=6 {print "    " $2, $3, $4, $5, $6}'

section "Q4c  restarting daprd while partitions are stuck"
stop_daprd
note "SIGTERM: daprd exit status $DAPRD_RC after $DAPRD_STOP_MS ms"
grep -m1 -A1 '^panic:' "$DAPRD_LOG" | sed 's/^/  daprd log: /' || note "no panic in log"
sed -n '/^panic:/,$p' "$DAPRD_LOG" | grep -m1 -B1 'outbox.go' | sed 's/^/  daprd log: /' || true
start_daprd a2 "$WORK/res-a" || { tail -n 30 "$DAPRD_LOG" >&2; exit 1; }
note "restarted (same components), pid $DAPRD_PID; sampling its CPU every second (up to 40 s) ..."
rs=$(now_ms)
cpu=0
while [[ $(($(now_ms) - rs)) -lt 40000 ]]; do
  c1=$(awk '{print $14+$15}' "/proc/$DAPRD_PID/stat"); sleep 1; c2=$(awk '{print $14+$15}' "/proc/$DAPRD_PID/stat")
  cpu=$(((c2 - c1) * 100 / $(getconf CLK_TCK)))
  [[ $cpu -ge 50 ]] && break
done
note "$(($(now_ms) - rs)) ms after the restart: daprd at ${cpu}% of one core; good records on task-events: $(grep -c 'q4-after-' "$TE" || true) of 4"

section "Q4d  un-sticking by inserting the missing outbox rows"
ORPHANS=$(grep -E 'q4-(stale|fw-exists|bad-etag)' "$IN" | sed 's/.*"id":"\(outbox-[^"]*\)".*/\1/')
note "$(wc -w <<<"$ORPHANS" | tr -d ' ') orphans; first: INSERT INTO state (key, value, isbinary) VALUES ('$(head -n1 <<<"$ORPHANS")', '\"0\"', false)"
u0=$(now_ms)
psql_q "$TEST_DATABASE_URL" -c "insert into state (key, value, isbinary) select k, '\"0\"', false from unnest(string_to_array('$(tr '\n' ' ' <<<"$ORPHANS" | xargs)', ' ')) as k" >/dev/null
if wait_msg "$TE" q4-after- 30 4 >/dev/null; then
  note "all 4 good records published $(($(now_ms) - u0)) ms after the insert"
else
  note "good records published within 30 s: $(grep -c 'q4-after-' "$TE" || true) of 4"
fi
note "records published for the FAILED transactions as a side effect: $(grep -cE 'q4-(stale|fw-exists|bad-etag)' "$TE" || true)"
grep -m1 -F 'q4-stale-fw"' "$TE" | fmt short
note "orphan rows left: $(psql_q "$TEST_DATABASE_URL" -Atc "select count(*) from state where key like 'outbox-%'")"

section "stopping daprd A again (SIGTERM), after the recovery"
stop_daprd
note "daprd exit status $DAPRD_RC after $DAPRD_STOP_MS ms"
grep -m1 -A4 '^panic:' "$DAPRD_LOG" | sed 's/^/  daprd log: /' || note "no panic in log"
grep -m1 -F 'Daprd shutdown gracefully' "$DAPRD_LOG" | cut -c1-120 | sed 's/^/  daprd log: /' || true

# =================================================================================================
section "Q7  state.postgresql v1 table layout (database postgres)"
psql_q "$TEST_DATABASE_URL" -c '\d state' -c 'select key, value from dapr_metadata' | sed 's/^/    /'
psql_q "$TEST_DATABASE_URL" -c "select key, value, isbinary, xmin from state where key in ('core||task-4','core||user-1:seq') or key like 'outbox-%' order by key" | sed 's/^/    /'

section "Q7  state.postgresql v2 with default table names on the SAME database as v1"
mkdir -p "$WORK/res-clash"
write_state "$WORK/res-clash" v2 "$TEST_DATABASE_URL" no
if start_daprd clash "$WORK/res-clash"; then
  note "daprd started (unexpected)"
  stop_daprd
else
  note "daprd exited at startup with status $DAPRD_RC:"
  grep -m1 'Failed to init component' "$DAPRD_LOG" | grep -o 'failed to perform migration.*SQLSTATE [0-9A-Z]*)' | sed 's/^/    /'
fi

section "Q7  run B: state.postgresql v2 (fresh database v2db), NAMESPACE=v2"
psql_q "$TEST_DATABASE_URL" -c 'create database v2db' >/dev/null
V2_URL=${TEST_DATABASE_URL%/*}/v2db
INTERNAL_B=v2coretask-eventsoutbox
"$KAFKA_SH" topics "$KAFKA_STATE" "$INTERNAL_B:3" 2>>"$WORK/kafka-start.log"
note "created $INTERNAL_B:3 (a new internal topic, so run B does not inherit run A's stuck records)"
start_consumer "$INTERNAL_B" "$WORK/internal-b.txt"
mkdir -p "$WORK/res-b"
write_pubsub "$WORK/res-b"
write_state "$WORK/res-b" v2 "$V2_URL"
start_daprd b "$WORK/res-b" NAMESPACE=v2 || { tail -n 30 "$DAPRD_LOG" >&2; exit 1; }
note "daprd (run B) healthy, pid $DAPRD_PID"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-v2","value":{"marker":"q7-v2-insert","title":"v2"},"metadata":{"contentType":"application/json"}}}]}'
psql_q "$V2_URL" -c "select key, convert_from(value, 'UTF8') as value, etag from state" | sed 's/^/    /'
wait_msg "$TE" q7-v2-insert 10 | fmt short || note "no message"
get_state task-v2
V2_ETAG=$GET_ETAG
tx "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-v2\",\"value\":{\"marker\":\"q7-v2-update\"},\"etag\":\"$V2_ETAG\",\"options\":{\"concurrency\":\"first-write\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
wait_msg "$TE" q7-v2-update 10 | fmt short || note "no message"
tx '{"operations":[{"operation":"delete","request":{"key":"task-v2b"}},{"operation":"upsert","request":{"key":"task-v2c","value":{"marker":"q7-v2-two"},"metadata":{"contentType":"application/json"}}}]}'
wait_msg "$TE" q7-v2-two 10 | fmt short || note "no message"
note "failing transactions on v2:"
tx "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"task-v2\",\"value\":{\"marker\":\"q7-v2-stale\"},\"etag\":\"$V2_ETAG\",\"options\":{\"concurrency\":\"first-write\"},\"metadata\":{\"contentType\":\"application/json\"}}}]}"
tx '{"operations":[{"operation":"upsert","request":{"key":"task-v2","value":{"marker":"q7-v2-badetag"},"etag":"not-a-uuid","metadata":{"contentType":"application/json"}}}]}'
tx '{"operations":[{"operation":"upsert","request":{"key":"task-v2","value":{"marker":"q7-v2-fwexists"},"options":{"concurrency":"first-write"},"metadata":{"contentType":"application/json"}}}]}'
psql_q "$V2_URL" -c '\d state' -c 'select key, value from dapr_metadata' | sed 's/^/    /'
stop_daprd
note "daprd B stopped: exit status $DAPRD_RC after $DAPRD_STOP_MS ms"
grep -m1 -A1 '^panic:' "$DAPRD_LOG" | sed 's/^/  daprd log: /' || note "no panic in log"
grep -m1 -F "Daprd shutdown gracefully" "$DAPRD_LOG" | cut -c1-120 | sed "s/^/  daprd log: /" || true
grep -m1 -B1 -A1 'outbox.go' "$DAPRD_LOG" | sed 's/^/  daprd log: /' || true

# =================================================================================================
section "summary of raw counts"
note "task-events records: $(grep -c '^CreateTime' "$TE"); all with key=null: $(grep '^CreateTime' "$TE" | awk -F'\t' '$5 != "null"' | wc -l | tr -d ' ') exceptions; all NO_HEADERS: $(grep '^CreateTime' "$TE" | awk -F'\t' '$4 != "NO_HEADERS"' | wc -l | tr -d ' ') exceptions"
note "task-events records per partition: $(grep '^CreateTime' "$TE" | sed -n 's/^CreateTime:[0-9]*\tPartition:\([0-9]*\).*/\1/p' | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
note "run time before cleanup: $((SECONDS - T0)) s"
