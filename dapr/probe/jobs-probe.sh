#!/usr/bin/env bash
# Probe: how Dapr 1.16.5's Jobs API (daprd + scheduler) behaves, as a base for the notifier's reminders.
#
#   dapr/probe/jobs-probe.sh                 # runs everything (~85 s), prints findings, cleans up
#   PROBE_KEEP=1 dapr/probe/jobs-probe.sh    # keep the work dir (scheduler/daprd logs, app log) at the end
#
# What it starts, all on 127.0.0.1 on free ports, all stopped on exit (also on Ctrl-C, failure or timeout).
# It re-executes itself inside a private network namespace (`unshare -n`, or `unshare -rn` when not root)
# when it can, because the scheduler's healthz server ignores --healthz-listen-address and binds every
# interface (dapr 1.16.5); PROBE_NETNS=off skips that.
#   - the Dapr scheduler (scripts/provision/daprd.sh build-scheduler), embedded etcd in a temp data dir, no mTLS
#   - a tiny Node HTTP app that logs every request (JSON lines, epoch ms) and answers
#       POST /job/fail-*  -> 500,   POST /job/nf-* -> 404,   anything else -> 200
#   - daprd 1.16.5, app-id `notifier`, --app-port = that app, --scheduler-host-address = the scheduler
# Findings: dapr/probe/JOBS-FINDINGS.md; a real run: dapr/probe/jobs-sample-output.txt. The probe only observes;
# it asserts nothing and exits 0 when it ran to the end. Requirements: bash, curl, jq, python3, node 18+.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DAPRD=$("$REPO/scripts/provision/daprd.sh" path)
SCHED=$("$REPO/scripts/provision/daprd.sh" path scheduler)
[[ -x "$DAPRD" ]] || { echo "probe: no daprd at $DAPRD (run scripts/provision/daprd.sh build)" >&2; exit 1; }
[[ -x "$SCHED" ]] || { echo "probe: no scheduler at $SCHED (run scripts/provision/daprd.sh build-scheduler)" >&2; exit 1; }
for t in curl jq python3 node; do command -v "$t" >/dev/null || { echo "probe: missing $t" >&2; exit 1; }; done
if [[ -z "${JOBS_PROBE_IN_NETNS:-}" && "${PROBE_NETNS:-auto}" != off ]] && command -v unshare >/dev/null && command -v ip >/dev/null; then
  for u in "-n" "-rn"; do
    if unshare $u true 2>/dev/null; then exec env JOBS_PROBE_IN_NETNS="unshare $u" unshare $u bash "$0" "$@"; fi
  done
fi
if [[ -n "${JOBS_PROBE_IN_NETNS:-}" ]]; then
  ip link set lo up || { echo "probe: cannot bring up lo in the private network namespace" >&2; exit 1; }
fi

LIMIT_S=${PROBE_TIMEOUT_S:-240} # hard bound on the whole run
WORK=$(mktemp -d /tmp/jobs-probe.XXXXXX)
APP_LOG=$WORK/app.log
SCHED_PID="" APP_PID="" DAPRD_PID="" WATCHDOG_PID="" APP2_PID="" DAPRD2_PID=""
T0=$SECONDS

# --- cleanup: only the processes this script started, by pid ------------------------------------
stop_pid() { # pid: SIGTERM, up to 10 s, then SIGKILL
  local p=$1 i
  [[ -n "$p" ]] || return 0
  kill -TERM "$p" 2>/dev/null || return 0
  for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  stop_pid "$DAPRD2_PID"
  stop_pid "$DAPRD_PID"
  stop_pid "$APP2_PID"
  stop_pid "$APP_PID"
  stop_pid "$SCHED_PID"
  if [[ -n "$WATCHDOG_PID" ]]; then
    pkill -P "$WATCHDOG_PID" 2>/dev/null # its `sleep 1`
    kill "$WATCHDOG_PID" 2>/dev/null
  fi
  if [[ -n "${PROBE_KEEP:-}" ]]; then
    echo "probe: work dir kept: $WORK"
  else
    rm -rf -- "$WORK"
  fi
  echo "probe: cleaned up (exit $rc, total $((SECONDS - T0)) s)"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'echo "probe: terminated (time limit ${LIMIT_S}s or SIGTERM)" >&2; exit 143' TERM
# Watchdog: SIGTERM to this script after LIMIT_S; exits by itself once the script is gone.
MAIN_PID=$$
(for _ in $(seq 1 "$LIMIT_S"); do sleep 1; kill -0 "$MAIN_PID" 2>/dev/null || exit 0; done; kill -TERM "$MAIN_PID") 2>/dev/null &
WATCHDOG_PID=$!
disown "$WATCHDOG_PID"

# --- helpers -------------------------------------------------------------------------------------
now_ms() { date +%s%3N; }
iso_ms() { date -u -d "@$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))" +%Y-%m-%dT%H:%M:%S.%3NZ; } # epoch ms -> RFC3339
section() { printf '\n=== %s  [t=%ss]\n' "$*" "$((SECONDS - T0))"; }
note() { printf '  %s\n' "$*"; }
read -r SP SH SM EC EP AP HP GP IP MP AP2 HP2 GP2 IP2 MP2 < <(python3 -c '
import socket
ss=[socket.socket() for _ in range(15)]
for s in ss: s.bind(("127.0.0.1",0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()')
DAPR=http://127.0.0.1:$HP
JOBS=$DAPR/v1.0-alpha1/jobs

# api METHOD NAME [JSON]: call the Jobs API, print request and response; sets CODE, BODY, REQ_MS.
api() {
  local m=$1 name=$2 body=${3:-} rc=0
  local args=(-sS -o "$WORK/resp.body" -w '%{http_code}' -X "$m" "$JOBS/$name")
  [[ -n "$body" ]] && args+=(-H 'content-type: application/json' -d "$body")
  [[ -n "${CURL_MAXTIME:-}" ]] && args+=(--max-time "$CURL_MAXTIME")
  printf '  > %s /v1.0-alpha1/jobs/%s %s\n' "$m" "$name" "$body"
  REQ_MS=$(now_ms)
  CODE=$(curl "${args[@]}" 2>"$WORK/resp.err") || rc=$?
  BODY=$(cat "$WORK/resp.body" 2>/dev/null || true)
  if [[ $rc -ne 0 ]]; then CODE="curl-rc=$rc"; BODY=$(tr -d '\n' <"$WORK/resp.err"); fi
  printf '  < HTTP %s %s  (%d ms)\n' "$CODE" "$BODY" "$(($(now_ms) - REQ_MS))"
}
# hits NAME: epoch-ms of each callback for job NAME, one per line
hits() { jq -r --arg n "/job/$1" 'select(.url == $n) | .t' "$APP_LOG" 2>/dev/null || true; }
nhits() { hits "$1" | grep -c . || true; }
# wait_hits NAME COUNT TIMEOUT_S
wait_hits() {
  local deadline=$(($(now_ms) + $3 * 1000))
  while [[ $(nhits "$1") -lt $2 ]]; do [[ $(now_ms) -lt $deadline ]] || return 1; sleep 0.05; done
}
# show_hits NAME REF_MS: each callback's time relative to REF_MS and to the previous callback
show_hits() {
  local prev="" t
  for t in $(hits "$1"); do
    printf '    callback /job/%s at due%+d ms%s\n' "$1" "$((t - $2))" "${prev:+ (+$((t - prev)) ms after the previous)}"
    prev=$t
  done
  [[ -n "$prev" ]] || printf '    no callback for /job/%s\n' "$1"
}

# --- the app ---------------------------------------------------------------------------------------
cat >"$WORK/app.js" <<'JS'
const http = require("http"), fs = require("fs");
const [port, logFile, replica] = process.argv.slice(2);
http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const t = Date.now(), body = Buffer.concat(chunks).toString("utf8");
    const name = req.url.startsWith("/job/") ? req.url.slice(5) : "";
    const code = name.startsWith("fail-") ? 500 : name.startsWith("nf-") ? 404 : 200;
    fs.appendFileSync(logFile, JSON.stringify({ t, replica, method: req.method, url: req.url, code, headers: req.headers, body }) + "\n");
    res.writeHead(code, { "content-type": "text/plain" }).end(code === 200 ? "ok" : "no");
  });
}).listen(Number(port), "127.0.0.1");
JS
start_app() {
  node "$WORK/app.js" "$AP" "$APP_LOG" app1 >>"$WORK/app.out" 2>&1 &
  APP_PID=$!
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$AP/ready" && return 0; sleep 0.05; done
  echo "probe: app did not start" >&2; exit 1
}
stop_app() { stop_pid "$APP_PID"; APP_PID=""; }

# --- scheduler and daprd -----------------------------------------------------------------------
SCHED_ARGS=(--id dapr-scheduler-server-0 --mode standalone --listen-address 127.0.0.1 --port "$SP"
  --healthz-listen-address 127.0.0.1 --healthz-port "$SH" --enable-metrics=false --metrics-listen-address 127.0.0.1 --metrics-port "$SM"
  --etcd-data-dir "$WORK/etcd" --etcd-client-listen-address 127.0.0.1 --etcd-client-port "$EC"
  --etcd-initial-cluster "dapr-scheduler-server-0=http://127.0.0.1:$EP"
  --identity-directory-write "$WORK/identity" --log-level info)
start_scheduler() {
  local s
  s=$(now_ms)
  "$SCHED" "${SCHED_ARGS[@]}" >>"$WORK/scheduler.log" 2>&1 &
  SCHED_PID=$!
  for _ in $(seq 1 300); do
    kill -0 "$SCHED_PID" 2>/dev/null || { tail -n 30 "$WORK/scheduler.log" >&2; echo "probe: scheduler exited" >&2; exit 1; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SH/healthz" || true) == 200 ]] && break
    sleep 0.1
  done
  [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SH/healthz" || true) == 200 ]] ||
    { tail -n 30 "$WORK/scheduler.log" >&2; echo "probe: scheduler not healthy after 30 s" >&2; exit 1; }
  note "scheduler healthy (GET :$SH/healthz -> 200) $(($(now_ms) - s)) ms after start, pid $SCHED_PID"
}
cat >"$WORK/config.yaml" <<EOF
apiVersion: dapr.io/v1alpha1
kind: Configuration
metadata:
  name: probe
spec:
  nameResolution:
    component: sqlite
    configuration:
      connectionString: "$WORK/nr.db"
EOF
mkdir -p "$WORK/resources"
# DAPR_HOST_IP: the address daprd advertises (else it dials 8.8.8.8 over UDP to find one, which fails in a
# private network namespace: "could not determine host IP address").
export DAPR_HOST_IP=127.0.0.1
DAPRD_ARGS=(--app-id notifier --app-port "$AP" --app-protocol http --resources-path "$WORK/resources" --config "$WORK/config.yaml"
  --dapr-http-port "$HP" --dapr-grpc-port "$GP" --dapr-internal-grpc-port "$IP" --metrics-port "$MP"
  --dapr-listen-addresses 127.0.0.1 --dapr-internal-grpc-listen-address 127.0.0.1 --metrics-listen-address 127.0.0.1
  --scheduler-host-address "127.0.0.1:$SP" --log-level info)
DAPRD_N=0
start_daprd() {
  local s
  DAPRD_N=$((DAPRD_N + 1))
  s=$(now_ms)
  "$DAPRD" "${DAPRD_ARGS[@]}" >"$WORK/daprd-$DAPRD_N.log" 2>&1 &
  DAPRD_PID=$!
  for _ in $(seq 1 200); do
    kill -0 "$DAPRD_PID" 2>/dev/null || { tail -n 30 "$WORK/daprd-$DAPRD_N.log" >&2; echo "probe: daprd exited" >&2; exit 1; }
    [[ $(curl -s -o /dev/null -w '%{http_code}' "$DAPR/v1.0/healthz" || true) == 204 ]] && break
    sleep 0.1
  done
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$DAPR/v1.0/healthz" || true) == 204 ]] ||
    { tail -n 30 "$WORK/daprd-$DAPRD_N.log" >&2; echo "probe: daprd not healthy after 20 s" >&2; exit 1; }
  DAPRD_UP_MS=$(now_ms)
  note "daprd #$DAPRD_N healthy (GET /v1.0/healthz -> 204) $((DAPRD_UP_MS - s)) ms after start, pid $DAPRD_PID"
}
stop_daprd() {
  local s
  s=$(now_ms)
  stop_pid "$DAPRD_PID"
  DAPRD_PID=""
  note "daprd stopped (SIGTERM) in $(($(now_ms) - s)) ms"
}

# =================================================================================================
section "setup: scheduler + app + daprd $("$DAPRD" --version), all on 127.0.0.1"
NETNS_NOTE="the host one (PROBE_NETNS=off, or no unshare/ip)"
note "network namespace: private, via ${JOBS_PROBE_IN_NETNS:-$NETNS_NOTE}"
note "scheduler $SCHED ${SCHED_ARGS[*]}"
start_scheduler
start_app
note "app: node $WORK/app.js on 127.0.0.1:$AP"
note "daprd $DAPRD ${DAPRD_ARGS[*]}"
start_daprd
note "listening sockets of the three processes (the scheduler's healthz port $SH shows as *: it ignores --healthz-listen-address):"
ss -ltnpH 2>/dev/null | grep -E "pid=($SCHED_PID|$APP_PID|$DAPRD_PID)," | awk '{print $4}' | sort -t: -k2 -n | tr '\n' ' ' | sed 's/^/    /'
echo
grep -m1 -i 'scheduler' "$WORK/daprd-1.log" | cut -c1-200 | sed 's/^/  daprd log: /' || true
note "warm-up: a job due in 1s, to see when the scheduler stream is live"
api POST warmup '{"dueTime":"1s","data":{}}'
if wait_hits warmup 1 10; then note "warm-up delivered $(($(hits warmup | head -1) - DAPRD_UP_MS)) ms after daprd became healthy"; else note "warm-up NOT delivered in 10 s"; fi

# =================================================================================================
section "(g) callback payload shape: data object / string / number / none; GET of a pending job"
api POST payload-obj '{"dueTime":"1s","data":{"reminderId":42,"taskId":"t-1","userId":"u-1","dueAt":"2026-11-24T09:00:00Z","nested":{"a":[1,2]}}}'
api POST payload-str '{"dueTime":"1s","data":"hello"}'
api POST payload-num '{"dueTime":"1s","data":7}'
api POST payload-none '{"dueTime":"1s"}'
api POST payload-null '{"dueTime":"1s","data":null}'
api POST payload-emptyobj '{"dueTime":"1s","data":{}}'
api POST repeat-data '{"schedule":"@every 1s","repeats":3,"data":{"r":1}}'
api POST repeat-nodata '{"schedule":"@every 1s","repeats":3}'
api POST payload-wrapped '{"dueTime":"1s","data":{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"x"}}'
api GET payload-obj
api GET payload-none
for n in payload-obj payload-str payload-num payload-null payload-emptyobj payload-wrapped payload-none; do
  wait_hits "$n" 1 10 || true
  jq -c --arg n "/job/$n" 'select(.url == $n) | {method, url, body, headers}' "$APP_LOG" | sed 's/^/    app got: /'
done
wait_hits repeat-data 3 5 || true
note "payload-none (no data): $(nhits payload-none) callback(s); repeat-data: $(nhits repeat-data); repeat-nodata: $(nhits repeat-nodata)"
note "daprd log lines 'none of the oneof fields is set' so far: $(grep -c 'none of the oneof fields is set' "$WORK/daprd-1.log" || true)"
grep -m1 'none of the oneof fields is set' "$WORK/daprd-1.log" | cut -c1-250 | sed 's/^/  daprd log: /' || true
api GET payload-obj
note "(after a one-shot job fired, it is gone)"

# =================================================================================================
section "(a) one-shot job, dueTime = RFC3339 instant 3 s ahead;  (b) dueTime = duration \"2s\""
DUE_A=$(($(now_ms) + 3000))
api POST oneshot-instant "{\"dueTime\":\"$(iso_ms "$DUE_A")\",\"data\":{\"k\":\"a\"}}"
api POST oneshot-duration '{"dueTime":"2s","data":{"k":"b"}}'
DUE_B=$((REQ_MS + 2000))
api POST oneshot-seconds-only "{\"dueTime\":\"$(date -u -d "@$(($(now_ms) / 1000 + 3))" +%Y-%m-%dT%H:%M:%SZ)\",\"data\":{\"k\":\"c\"}}"
DUE_C=$((($(now_ms) / 1000 + 3) * 1000))
api GET oneshot-instant
wait_hits oneshot-instant 1 8 || true
wait_hits oneshot-duration 1 2 || true
wait_hits oneshot-seconds-only 1 3 || true
sleep 2 # anything more?
show_hits oneshot-instant "$DUE_A"
show_hits oneshot-duration "$DUE_B"
show_hits oneshot-seconds-only "$DUE_C"
note "bad dueTime values:"
api POST bad-due '{"dueTime":"tomorrow","data":{}}'
api POST bad-past "{\"dueTime\":\"$(iso_ms $(($(now_ms) - 60000)))\",\"data\":{}}"
DUE_PAST=$REQ_MS
api POST bad-noschedule '{"data":{"x":1}}'
api POST 'bad%7Cpipe' '{"dueTime":"1s","data":{}}'
api POST iso-duration '{"dueTime":"PT1S","data":{}}'
DUE_ISO=$((REQ_MS + 1000))
wait_hits bad-past 1 3 || true
wait_hits iso-duration 1 3 || true
show_hits iso-duration "$DUE_ISO"
note "dueTime 60 s in the PAST: $(nhits bad-past) callback(s); $(for t in $(hits bad-past); do printf '%d ms after the POST ' $((t - DUE_PAST)); done)"

# =================================================================================================
section "(c) the same job name twice"
api POST dup '{"dueTime":"3s","data":{"v":1}}'
DUE_DUP1=$((REQ_MS + 3000))
api POST dup '{"dueTime":"2s","data":{"v":2}}'
note "^ without overwrite"
api GET dup
api POST dup '{"dueTime":"2s","data":{"v":3},"overwrite":true}'
DUE_DUP3=$((REQ_MS + 2000))
note "^ with \"overwrite\":true"
api GET dup
wait_hits dup 1 6 || true
sleep 2
note "callbacks for dup: $(jq -c 'select(.url == "/job/dup") | .body' "$APP_LOG" | tr '\n' ' ')"
show_hits dup "$DUE_DUP3"
note "(due of the first version would have been due$((DUE_DUP1 - DUE_DUP3)) relative)"
note "overwrite:true on a name that does not exist:"
api POST dup-new '{"dueTime":"1s","data":{"v":1},"overwrite":true}'
wait_hits dup-new 1 4 || true
note "dup-new callbacks: $(nhits dup-new)"
note "re-using a name AFTER its one-shot fired (no overwrite):"
api POST dup-new '{"dueTime":"1s","data":{"v":2}}'
wait_hits dup-new 2 4 || true
note "dup-new callbacks: $(nhits dup-new) bodies: $(jq -c 'select(.url == "/job/dup-new") | .body' "$APP_LOG" | tr '\n' ' ')"

# =================================================================================================
section "(d) delete before it fires"
api POST del-me '{"dueTime":"2s","data":{"x":1}}'
api DELETE del-me
api GET del-me
api DELETE del-me
note "^ deleting it again"
api DELETE never-existed
sleep 3
note "del-me callbacks after 3 s: $(nhits del-me)"

# =================================================================================================
section "(e) the app answers 500 (or 404): retries, failure policy"
api POST fail-default '{"dueTime":"1s","data":{}}'
DUE_FD=$((REQ_MS + 1000))
api POST fail-const '{"dueTime":"1s","data":{},"failurePolicy":{"constant":{"interval":"2s","maxRetries":2}}}'
DUE_FC=$((REQ_MS + 1000))
api POST fail-drop '{"dueTime":"1s","data":{},"failurePolicy":{"drop":{}}}'
DUE_FX=$((REQ_MS + 1000))
api POST fail-forever '{"dueTime":"1s","data":{},"failurePolicy":{"constant":{"interval":"1.5s"}}}'
DUE_FF=$((REQ_MS + 1000))
api POST nf-404 '{"dueTime":"1s","data":{}}'
DUE_NF=$((REQ_MS + 1000))
api GET fail-const
sleep 8.5
note "fail-default (no failurePolicy): $(nhits fail-default) attempt(s)"
show_hits fail-default "$DUE_FD"
note "fail-const (constant, interval 2s, maxRetries 2): $(nhits fail-const) attempt(s)"
show_hits fail-const "$DUE_FC"
note "fail-drop (drop): $(nhits fail-drop) attempt(s)"
show_hits fail-drop "$DUE_FX"
note "fail-forever (constant 1.5s, no maxRetries): $(nhits fail-forever) attempt(s) in ~8 s"
show_hits fail-forever "$DUE_FF"
note "nf-404 (app answers 404): $(nhits nf-404) attempt(s)"
show_hits nf-404 "$DUE_NF"
api GET fail-default
api GET fail-forever
api DELETE fail-forever
grep -m1 -F 'fail-default' "$WORK/daprd-1.log" | cut -c1-260 | sed 's/^/  daprd log: /' || true
grep -m1 -F 'nf-404' "$WORK/daprd-1.log" | cut -c1-260 | sed 's/^/  daprd log: /' || true

# =================================================================================================
section "(f1) the app is DOWN (daprd up) when the job is due"
stop_app
note "app stopped"
api POST appdown-default '{"dueTime":"1s","data":{"x":1}}'
DUE_AD=$((REQ_MS + 1000))
api POST appdown-retry '{"dueTime":"1s","data":{"x":2},"failurePolicy":{"constant":{"interval":"1s","maxRetries":30}}}'
DUE_AR=$((REQ_MS + 1000))
sleep 6
note "app restarted 6 s after the jobs were due..."
start_app
wait_hits appdown-retry 1 5 || true
sleep 1
note "appdown-default (default policy): $(nhits appdown-default) callback(s)"
show_hits appdown-default "$DUE_AD"
note "appdown-retry (constant 1s, maxRetries 30): $(nhits appdown-retry) callback(s)"
show_hits appdown-retry "$DUE_AR"
grep -m1 -F 'appdown-default' "$WORK/daprd-1.log" | cut -c1-260 | sed 's/^/  daprd log: /' || true

# =================================================================================================
section "(f2) daprd is DOWN when the job is due (scheduler keeps running)"
api POST offline-1 '{"dueTime":"3s","data":{"x":1}}'
DUE_OFF=$((REQ_MS + 3000))
api POST offline-2 "{\"dueTime\":\"4s\",\"data\":{\"x\":2}}"
DUE_OFF2=$((REQ_MS + 4000))
stop_daprd
note "daprd down; waiting until 6 s past offline-1's due time ..."
while [[ $(now_ms) -lt $((DUE_OFF + 6000)) ]]; do sleep 0.2; done
note "callbacks while daprd was down: $(($(nhits offline-1) + $(nhits offline-2)))"
RESTART_MS=$(now_ms)
start_daprd
wait_hits offline-2 1 15 || true
wait_hits offline-1 1 1 || true
sleep 1
note "offline-1: $(nhits offline-1) callback(s); offline-2: $(nhits offline-2)"
show_hits offline-1 "$DUE_OFF"
show_hits offline-2 "$DUE_OFF2"
for n in offline-1 offline-2; do
  for t in $(hits "$n"); do note "$n delivered $((t - RESTART_MS)) ms after daprd was started again (its healthz said 204 after $((DAPRD_UP_MS - RESTART_MS)) ms)"; done
done

# =================================================================================================
section "(f3) the scheduler restarts (same etcd data dir) while a job is pending"
api POST sched-restart '{"dueTime":"4s","data":{"x":1}}'
DUE_SR=$((REQ_MS + 4000))
s=$(now_ms)
stop_pid "$SCHED_PID"
SCHED_PID=""
note "scheduler stopped in $(($(now_ms) - s)) ms; job API while it is down:"
CURL_MAXTIME=2 api GET sched-restart
start_scheduler
wait_hits sched-restart 1 15 || true
show_hits sched-restart "$DUE_SR"
api POST after-sched-restart '{"dueTime":"1s","data":{}}'
DUE_ASR=$((REQ_MS + 1000))
wait_hits after-sched-restart 1 15 || true
show_hits after-sched-restart "$DUE_ASR"

# =================================================================================================
section "(h) delivery latency: 20 jobs due at distinct instants within the next 2-4 s"
BASE=$(($(now_ms) + 2000))
: >"$WORK/lat.txt"
for i in $(seq -w 1 20); do
  due=$((BASE + 10#$i * 100 + RANDOM % 50))
  curl -s -o /dev/null -X POST "$JOBS/lat-$i" -H 'content-type: application/json' -d "{\"dueTime\":\"$(iso_ms "$due")\",\"data\":{\"i\":$((10#$i))}}"
  echo "lat-$i $due" >>"$WORK/lat.txt"
done
note "scheduled 20 (e.g. > POST /v1.0-alpha1/jobs/lat-01 {\"dueTime\":\"$(iso_ms "$((BASE + 100))")\",...}) in $(($(now_ms) - BASE + 2000)) ms"
for i in $(seq -w 1 20); do wait_hits "lat-$i" 1 8 || true; done
LATS=()
while read -r n due; do
  t=$(hits "$n" | head -1)
  [[ -n "$t" ]] && LATS+=("$((t - due))")
done <"$WORK/lat.txt"
if [[ ${#LATS[@]} -gt 0 ]]; then
  sorted=$(printf '%s\n' "${LATS[@]}" | sort -n)
  note "${#LATS[@]}/20 delivered; callback - dueTime (ms): min $(head -1 <<<"$sorted"), median $(sed -n "$(((${#LATS[@]} + 1) / 2))p" <<<"$sorted"), p90 $(sed -n "$(((${#LATS[@]} * 9 + 9) / 10))p" <<<"$sorted"), max $(tail -1 <<<"$sorted")"
  note "all: $(tr '\n' ' ' <<<"$sorted")"
fi
note "order of delivery vs due order: $(for i in $(seq -w 1 20); do printf '%s %s\n' "$(hits "lat-$i" | head -1)" "$((10#$i))"; done | sort -n | awk '{print $2}' | tr '\n' ' ')"

# =================================================================================================
section "(i) scheduling throughput (node fetch, keep-alive) and a burst of jobs due at one instant"
cat >"$WORK/tp.js" <<'JS'
const [jobs, N, C] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
async function run(label, method, n, conc, body) {
  let next = 0, fails = {};
  const t0 = Date.now();
  async function worker() {
    while (next < n) {
      const i = next++;
      const r = await fetch(`${jobs}/${label}-${i}`, method === "POST"
        ? { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body(i)) } : { method });
      await r.arrayBuffer();
      if (r.status !== 204) fails[r.status] = (fails[r.status] || 0) + 1;
    }
  }
  await Promise.all(Array.from({ length: conc }, worker));
  const ms = Date.now() - t0;
  console.log(`  ${method} x${n}, concurrency ${conc}: ${ms} ms = ${Math.round(n * 1000 / ms)}/s, non-204: ${JSON.stringify(fails)}`);
  return ms;
}
(async () => {
  await run("tp-seq", "POST", N, 1, (i) => ({ dueTime: "1h", data: { i } }));
  await run("tp-par", "POST", N, C, (i) => ({ dueTime: "1h", data: { i } }));
  await run("tp-seq", "POST", 100, 1, (i) => ({ dueTime: "2h", data: { i }, overwrite: true }));
  await run("tp-seq", "DELETE", N, 1);
  await run("tp-par", "DELETE", N, C);
  const due = Date.now() + 5000;
  const ms = await run("burst", "POST", 200, C, (i) => ({ dueTime: new Date(due).toISOString(), data: { i } }));
  console.log(`BURST_DUE ${due}`);
})().catch((e) => { console.error(e); process.exit(1); });
JS
s=$(now_ms)
for i in $(seq 1 100); do
  curl -s -o /dev/null -X POST "$JOBS/tp-curl-$i" -H 'content-type: application/json' -d '{"dueTime":"1h","data":{}}'
done
note "curl loop, one process per request: POST x100 in $(($(now_ms) - s)) ms"
TP_OUT=$(node "$WORK/tp.js" "$JOBS" 500 16)
grep -v '^BURST_DUE' <<<"$TP_OUT"
BURST_DUE=$(sed -n 's/^BURST_DUE //p' <<<"$TP_OUT")
note "(the POST x100 with overwrite:true replaces existing tp-seq-* jobs)"
dl=$(($(now_ms) + 20000))
while [[ $(jq -r 'select(.url | startswith("/job/burst-")) | .url' "$APP_LOG" | sort -u | wc -l) -lt 200 && $(now_ms) -lt $dl ]]; do sleep 0.2; done
BT=$(jq -r 'select(.url | startswith("/job/burst-")) | .t' "$APP_LOG" | sort -n)
note "burst: 200 jobs due at the same instant; $(grep -c . <<<"$BT") callbacks ($(jq -r 'select(.url | startswith("/job/burst-")) | .url' "$APP_LOG" | sort -u | wc -l) distinct); first at due$(printf '%+d' $(($(head -1 <<<"$BT") - BURST_DUE))) ms, median due$(printf '%+d' $(($(sed -n 100p <<<"$BT") - BURST_DUE))) ms, last at due$(printf '%+d' $(($(tail -1 <<<"$BT") - BURST_DUE))) ms"
note "any tp-* job fired (all were deleted before due)? $(jq -r 'select(.url | startswith("/job/tp-")) | .url' "$APP_LOG" | wc -l) callbacks"
note "etcd data dir size now: $(du -sh "$WORK/etcd" | cut -f1)"

# =================================================================================================
section "(j) two replicas: a second app + daprd with the same app-id notifier"
node "$WORK/app.js" "$AP2" "$APP_LOG" app2 >>"$WORK/app.out" 2>&1 &
APP2_PID=$!
for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$AP2/ready" && break; sleep 0.05; done
"$DAPRD" --app-id notifier --app-port "$AP2" --app-protocol http --resources-path "$WORK/resources" --config "$WORK/config.yaml" \
  --dapr-http-port "$HP2" --dapr-grpc-port "$GP2" --dapr-internal-grpc-port "$IP2" --metrics-port "$MP2" \
  --dapr-listen-addresses 127.0.0.1 --dapr-internal-grpc-listen-address 127.0.0.1 --metrics-listen-address 127.0.0.1 \
  --scheduler-host-address "127.0.0.1:$SP" --log-level info >"$WORK/daprd-replica2.log" 2>&1 &
DAPRD2_PID=$!
for _ in $(seq 1 200); do [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HP2/v1.0/healthz" || true) == 204 ]] && break; sleep 0.1; done
note "replica 2 (daprd pid $DAPRD2_PID, app on :$AP2) healthz: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$HP2/v1.0/healthz")"
sleep 1
note "40 jobs, due in 2 s, scheduled through replica 1's daprd; plus one fetched through replica 2:"
for i in $(seq -w 1 40); do
  curl -s -o /dev/null -X POST "$JOBS/rep-$i" -H 'content-type: application/json' -d "{\"dueTime\":\"2s\",\"data\":{\"i\":$((10#$i))}}"
done
printf '  > GET (replica 2) /v1.0-alpha1/jobs/rep-01\n  < %s\n' "$(curl -s "http://127.0.0.1:$HP2/v1.0-alpha1/jobs/rep-01")"
dl=$(($(now_ms) + 10000))
while [[ $(jq -r 'select(.url | startswith("/job/rep-")) | .url' "$APP_LOG" | wc -l) -lt 40 && $(now_ms) -lt $dl ]]; do sleep 0.2; done
sleep 1
note "callbacks per replica: $(jq -r 'select(.url | startswith("/job/rep-")) | .replica' "$APP_LOG" | sort | uniq -c | tr -s ' ' | tr '\n' ';') distinct jobs: $(jq -r 'select(.url | startswith("/job/rep-")) | .url' "$APP_LOG" | sort -u | wc -l)/40, duplicates: $(jq -r 'select(.url | startswith("/job/rep-")) | .url' "$APP_LOG" | sort | uniq -d | wc -l)"
stop_pid "$DAPRD2_PID"; DAPRD2_PID=""
stop_pid "$APP2_PID"; APP2_PID=""
note "replica 2 stopped"

# =================================================================================================
section "summary of raw counts"
note "app requests: $(grep -c . "$APP_LOG"); by status: $(jq -r .code "$APP_LOG" | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
note "any callback that is not POST /job/<name>: $(jq -r 'select(.method != "POST" or (.url | startswith("/job/") | not)) | "\(.method) \(.url)"' "$APP_LOG" | grep -v '^GET /ready$' | sort | uniq -c | tr -s ' ' | tr '\n' ';')"
note "daprd log errors: $(cat "$WORK"/daprd-*.log | grep -c 'level=error' || true); scheduler log errors: $(grep -c 'level=error' "$WORK/scheduler.log" || true)"
note "run time before cleanup: $((SECONDS - T0)) s"
