#!/usr/bin/env bash
# A real Kubernetes API server (kube-apiserver + etcd) on loopback, compiled from
# k8s.io/kubernetes and go.etcd.io/etcd through the Go module proxy: no Docker, no
# kind/minikube, no GitHub downloads. Only the API server runs (no kubelet,
# scheduler or controllers): objects are validated and stored, pods never run.
# Enough for `helm install/upgrade` against genuine OpenAPI, CRD schema and
# admission checks. See the kube.sh section of README.md.
#
#   scripts/provision/kube.sh build                 # kube-apiserver and etcd: build into the cache
#                                                   # unless already there; prints the kube-apiserver path
#   scripts/provision/kube.sh path [kube-apiserver|etcd]  # print a path (built or not)
#   scripts/provision/kube.sh check [kube-apiserver|etcd] # exit 0 only if the cached binary (no
#                                                   # argument: both) is current and runs
#   scripts/provision/kube.sh start <statefile>     # start etcd + kube-apiserver, write `export` lines
#   scripts/provision/kube.sh stop  <statefile>     # stop both, delete their dir and <statefile>
#   scripts/provision/kube.sh crds                  # print a dir holding Dapr's CRDs (from the
#                                                   # github.com/dapr/dapr module in the Go module cache)
#
# The state file exports KUBECONFIG, KUBE_DIR (the temp dir), KUBE_APISERVER_PID,
# KUBE_APISERVER_LOG, KUBE_APISERVER_URL, KUBE_TOKEN, ETCD_PID, ETCD_LOG, ETCD_URL
# and KUBE_VERSION.
#
# Environment: TODO_CACHE_DIR (cache root, default ${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot),
# TODO_KUBE_READY_TIMEOUT (seconds, default 60).
#
# Cache (shared Go caches with helm.sh/daprd.sh):
#   go/mod, go/build                  Go module and build caches
#   kube-<version>/kube-apiserver     the binaries (+ <name>.stamp: hash of the sources they came from)
#   kube-<version>/etcd
set -euo pipefail

# Pinned release. Must match k8s.io/kubernetes (and the v0.x replace lines) in kube/go.mod.
KUBE_VERSION=1.37.2
# Dapr release whose CRDs `crds` serves; must match daprd.sh / helm/go.mod.
DAPR_VERSION=1.16.5
# shellcheck disable=SC2034 # read by lib.sh (go_require_toolchain)
GO_MIN=1.26.0 # the go directive of k8s.io/kubernetes's (and our) go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091 # followed with shellcheck -x
. "$HERE/lib.sh" # go_build_cached, go_binary_ok
MOD_DIR="$HERE/kube"
CACHE_ROOT="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN_DIR="$CACHE_ROOT/kube-$KUBE_VERSION"

READY_TIMEOUT=${TODO_KUBE_READY_TIMEOUT:-60}
STOP_TIMEOUT=20

log() { printf '[kube.sh] %s\n' "$*" >&2; }
die() { printf '[kube.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# The etcd server's version: whatever go.mod selects (Kubernetes' own graph).
etcd_version() {
  sed -n 's/^\(require\)\{0,1\}[[:space:]]*go\.etcd\.io\/etcd\/server\/v3 v\([^ ]*\).*/\2/p' "$MOD_DIR/go.mod" | head -n1
}

# --- build ------------------------------------------------------------------------

# name -> Go package to build (from within $MOD_DIR)
pkg_of() {
  case "$1" in
    kube-apiserver) echo k8s.io/kubernetes/cmd/kube-apiserver ;;
    etcd) echo ./etcd ;;
    *) die "unknown binary '$1' (kube-apiserver or etcd)" ;;
  esac
}

# src_hash and runs_ok are the hooks lib.sh's go_build_cached and go_binary_ok call.
# A change to go.mod or go.sum invalidates both binaries; one to etcd/main.go only etcd.
src_hash() {
  (
    cd "$MOD_DIR" && cat go.mod go.sum
    if [[ "$1" == etcd ]]; then cat etcd/*.go; fi
    echo "$1 $KUBE_VERSION"
  ) | sha256sum | cut -d' ' -f1
}

# Does the binary start and report the version we built?
runs_ok() {
  local name=$1 bin=$2 out
  out="$("$bin" --version 2>&1)" || return 1
  if [[ "$name" == kube-apiserver ]]; then
    [[ "$out" == "Kubernetes v$KUBE_VERSION" ]]
  else
    [[ "$out" == *"etcd Version: $(etcd_version)"* ]]
  fi
}

build_one() {
  local name=$1 pkg ldflags="-s -w" note="" version p
  pkg="$(pkg_of "$name")"
  if [[ "$name" == kube-apiserver ]]; then
    version=$KUBE_VERSION
    # As hack/lib/version.sh: the version both version packages report (and
    # that the API server's compatibility version is derived from).
    for p in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
      ldflags+=" -X $p.gitVersion=v$KUBE_VERSION -X $p.gitMajor=${KUBE_VERSION%%.*}"
      ldflags+=" -X $p.gitMinor=$(cut -d. -f2 <<<"$KUBE_VERSION") -X $p.gitTreeState=clean"
    done
    note="  a cold build (empty build cache) compiles for ~5 min on 2 cores (plus module downloads)"
  else
    version="$(etcd_version)"
    [[ -n "$version" ]] || die "no go.etcd.io/etcd/server/v3 version in $MOD_DIR/go.mod"
  fi
  go_build_cached "$name" "$version" "$pkg" "$ldflags" "$name" "$name" "$note"
}

cmd_check() {
  local name
  for name in "$@"; do pkg_of "$name" >/dev/null; done # dies on an unknown name
  go_binaries_check "$@"
}

# --- crds -------------------------------------------------------------------------
# Dapr's CRDs ship in its Helm chart, charts/dapr/crds/, which is part of the
# github.com/dapr/dapr module zip. Downloads the module (no build) if the cache lacks it.
cmd_crds() {
  local dir="$CACHE_ROOT/go/mod/github.com/dapr/dapr@v$DAPR_VERSION/charts/dapr/crds"
  if [[ ! -d "$dir" ]]; then
    command -v go >/dev/null 2>&1 || die "missing $dir and no 'go' command to download github.com/dapr/dapr@v$DAPR_VERSION"
    go_env
    log "downloading github.com/dapr/dapr@v$DAPR_VERSION into $GOMODCACHE for its CRDs ..."
    (cd "$MOD_DIR" && GOFLAGS=-mod=mod go mod download github.com/dapr/dapr@v"$DAPR_VERSION") >&2 ||
      die "go mod download github.com/dapr/dapr@v$DAPR_VERSION failed"
  fi
  compgen -G "$dir/*.yaml" >/dev/null || die "no CRDs (*.yaml) in $dir"
  echo "$dir"
}

# --- start / stop -----------------------------------------------------------------
# Until `start` has written the state file nobody else knows about the processes or
# their dir, so on failure or Ctrl-C this process must remove them itself.
START_PENDING=""
KUBE_DIR=""
KUBE_APISERVER_PID=""
ETCD_PID=""
on_exit() {
  local rc=$?
  set +e
  if [[ -n "$START_PENDING" ]]; then
    log "start did not finish; stopping what it started and removing $KUBE_DIR"
    teardown
  fi
  exit "$rc"
}

# True if pid is a live process of ours: named NAME (comm) and started with an
# argument inside $KUBE_DIR. Guards every kill against a stale, reused pid.
is_ours() { # pid name
  local pid=$1 name=$2 st
  [[ -n "$pid" && -n "$KUBE_DIR" ]] || return 1
  st=$(cut -d' ' -f3 2>/dev/null </proc/"$pid"/stat) || return 1
  if [[ "$st" == Z || "$st" == X ]]; then return 1; fi
  [[ "$(cat 2>/dev/null "/proc/$pid/comm")" == "$name" ]] || return 1
  tr '\0' '\n' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$KUBE_DIR/"
}

stop_proc() { # pid name
  local pid=$1 name=$2 i
  is_ours "$pid" "$name" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    is_ours "$pid" "$name" || break
    sleep 0.2
  done
  if is_ours "$pid" "$name"; then
    log "$name (pid $pid) still running after ${STOP_TIMEOUT} s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
      is_ours "$pid" "$name" || break
      sleep 0.1
    done
  fi
  wait "$pid" 2>/dev/null || true
  ! is_ours "$pid" "$name" || die "could not stop $name pid $pid"
}

teardown() {
  # The API server first: it would otherwise log etcd errors while stopping.
  stop_proc "$KUBE_APISERVER_PID" kube-apiserver
  stop_proc "$ETCD_PID" etcd
  # A corrupted state file must never make us delete anything else.
  case "$KUBE_DIR" in
    /tmp/todo-kube.?*) rm -rf -- "$KUBE_DIR" ;;
    "") ;;
    *) die "refusing to delete unexpected directory '$KUBE_DIR'" ;;
  esac
}

# Three distinct free loopback ports (kernel-chosen: bind to port 0).
free_ports() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
ss = [socket.socket() for _ in range(3)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()'
  elif command -v node >/dev/null 2>&1; then
    node -e 'const net=require("net");const s=[0,1,2].map(()=>net.createServer());
s[0].listen(0,"127.0.0.1",()=>s[1].listen(0,"127.0.0.1",()=>s[2].listen(0,"127.0.0.1",()=>{
console.log(s.map(x=>x.address().port).join(" "));s.forEach(x=>x.close())})))'
  else
    die "need python3 or node to pick free ports"
  fi
}

show_log_tail() { # file
  if [[ -s "$1" ]]; then
    echo "---- last lines of $1 ----" >&2
    tail -n 25 "$1" >&2
  fi
}

# wait_until NAME PID CMD...: poll CMD until it succeeds; 1 if NAME (pid) dies, 2 on timeout.
wait_until() {
  local name=$1 pid=$2 deadline=$((SECONDS + READY_TIMEOUT))
  shift 2
  while :; do
    is_ours "$pid" "$name" || return 1
    if "$@" >/dev/null 2>&1; then return 0; fi
    [[ "$SECONDS" -lt "$deadline" ]] || return 2
    sleep 0.3
  done
}

etcd_healthy() { # url
  [[ "$(curl -fsS --max-time 2 "$1/health")" == *'"health":"true"'* ]]
}

apiserver_ready() { # url token
  [[ "$(curl -fsS --max-time 3 --cacert "$KUBE_DIR/ca.crt" -H "Authorization: Bearer $2" "$1/readyz")" == ok ]]
}

# A self-signed CA and a serving certificate for 127.0.0.1/localhost signed by it
# (so the kubeconfig verifies TLS), the service-account key pair, a static token.
make_credentials() {
  local d=$KUBE_DIR
  (
    set -e
    cd "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=todo-kube-ca" \
      -keyout ca.key -out ca.crt
    openssl req -newkey rsa:2048 -nodes -subj "/CN=kube-apiserver" -keyout serving.key -out serving.csr
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\nextendedKeyUsage=serverAuth\n' >serving.ext
    openssl x509 -req -in serving.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
      -extfile serving.ext -out serving.crt
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key
    openssl pkey -in sa.key -pubout -out sa.pub
  ) >"$d/openssl.log" 2>&1 || { cat "$d/openssl.log" >&2; die "openssl failed to make the certificates/keys (output above)"; }
  KUBE_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # token,user,uid,"group1,group2"
  (umask 077 && printf '%s,admin,admin,"system:masters"\n' "$KUBE_TOKEN" >"$d/tokens.csv")
}

write_kubeconfig() { # url
  local ca
  ca=$(base64 -w0 <"$KUBE_DIR/ca.crt")
  (umask 077 && cat >"$KUBE_DIR/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: todo-kube
  cluster:
    server: $1
    certificate-authority-data: $ca
users:
- name: admin
  user:
    token: $KUBE_TOKEN
contexts:
- name: todo-kube
  context:
    cluster: todo-kube
    user: admin
    namespace: default
current-context: todo-kube
EOF
  )
}

write_state() { # statefile
  local state=$1
  {
    printf 'export KUBECONFIG=%q\n' "$KUBE_DIR/kubeconfig"
    printf 'export KUBE_DIR=%q\n' "$KUBE_DIR"
    printf 'export KUBE_APISERVER_PID=%q\n' "$KUBE_APISERVER_PID"
    printf 'export KUBE_APISERVER_LOG=%q\n' "$KUBE_DIR/kube-apiserver.log"
    printf 'export KUBE_APISERVER_URL=%q\n' "$KUBE_APISERVER_URL"
    printf 'export KUBE_TOKEN=%q\n' "$KUBE_TOKEN"
    printf 'export ETCD_PID=%q\n' "$ETCD_PID"
    printf 'export ETCD_LOG=%q\n' "$KUBE_DIR/etcd.log"
    printf 'export ETCD_URL=%q\n' "$ETCD_URL"
    printf 'export KUBE_VERSION=%q\n' "$KUBE_VERSION"
  } >"$state.tmp"
  mv -f -- "$state.tmp" "$state"
}

cmd_start() {
  local state=$1 started=$SECONDS apiserver etcd eport pport aport rc
  if [[ -s "$state" ]]; then
    log "state file '$state' already describes a server; stopping that one first"
    cmd_stop "$state"
  fi
  command -v openssl >/dev/null 2>&1 || die "missing: openssl (Debian: apt-get install openssl)"
  command -v curl >/dev/null 2>&1 || die "missing: curl (Debian: apt-get install curl)"
  apiserver=$(build_one etcd >/dev/null && build_one kube-apiserver)
  etcd="$BIN_DIR/etcd"

  START_PENDING=1
  KUBE_DIR=$(mktemp -d /tmp/todo-kube.XXXXXX)
  read -r eport pport aport < <(free_ports)
  [[ -n "$aport" ]] || die "could not pick free loopback ports"
  ETCD_URL="http://127.0.0.1:$eport"
  KUBE_APISERVER_URL="https://127.0.0.1:$aport"
  make_credentials

  # etcd: one member, loopback only, a small backend quota, no fsync (throwaway data).
  log "starting etcd $(etcd_version) on $ETCD_URL (data $KUBE_DIR/etcd)"
  setsid "$etcd" --name todo-kube --data-dir "$KUBE_DIR/etcd" \
    --listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
    --listen-peer-urls "http://127.0.0.1:$pport" --initial-advertise-peer-urls "http://127.0.0.1:$pport" \
    --initial-cluster "todo-kube=http://127.0.0.1:$pport" --initial-cluster-state new \
    --quota-backend-bytes $((256 * 1024 * 1024)) --unsafe-no-fsync --log-level warn \
    </dev/null >>"$KUBE_DIR/etcd.log" 2>&1 &
  ETCD_PID=$!
  rc=0
  wait_until etcd "$ETCD_PID" etcd_healthy "$ETCD_URL" || rc=$?
  if [[ "$rc" -ne 0 ]]; then
    show_log_tail "$KUBE_DIR/etcd.log"
    [[ "$rc" -eq 1 ]] && die "etcd exited during startup (log above)"
    die "etcd did not become healthy within ${READY_TIMEOUT} s (log above)"
  fi

  # kube-apiserver: loopback only, static token auth, everything authorized. No
  # endpoint reconciler: it would publish 127.0.0.1 as the `kubernetes` Service's
  # endpoint, which validation rejects.
  log "starting kube-apiserver v$KUBE_VERSION on $KUBE_APISERVER_URL"
  setsid "$apiserver" \
    --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="$aport" \
    --etcd-servers="$ETCD_URL" \
    --tls-cert-file="$KUBE_DIR/serving.crt" --tls-private-key-file="$KUBE_DIR/serving.key" \
    --client-ca-file="$KUBE_DIR/ca.crt" \
    --token-auth-file="$KUBE_DIR/tokens.csv" \
    --authorization-mode=AlwaysAllow \
    --service-account-key-file="$KUBE_DIR/sa.pub" \
    --service-account-signing-key-file="$KUBE_DIR/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/16 \
    --endpoint-reconciler-type=none \
    --allow-privileged=true \
    --profiling=false \
    </dev/null >>"$KUBE_DIR/kube-apiserver.log" 2>&1 &
  KUBE_APISERVER_PID=$!
  rc=0
  wait_until kube-apiserver "$KUBE_APISERVER_PID" apiserver_ready "$KUBE_APISERVER_URL" "$KUBE_TOKEN" || rc=$?
  if [[ "$rc" -ne 0 ]]; then
    show_log_tail "$KUBE_DIR/kube-apiserver.log"
    [[ "$rc" -eq 1 ]] && die "kube-apiserver exited during startup (log above)"
    curl -sS --max-time 3 --cacert "$KUBE_DIR/ca.crt" -H "Authorization: Bearer $KUBE_TOKEN" \
      "$KUBE_APISERVER_URL/readyz?verbose" 2>&1 | grep -v '\[+\]' >&2 || true
    die "kube-apiserver did not become ready within ${READY_TIMEOUT} s (log and failing /readyz checks above)"
  fi

  write_kubeconfig "$KUBE_APISERVER_URL"
  write_state "$state"
  START_PENDING=""
  log "ready: $KUBE_APISERVER_URL (apiserver pid $KUBE_APISERVER_PID, etcd pid $ETCD_PID) after $((SECONDS - started)) s; KUBECONFIG=$KUBE_DIR/kubeconfig"
}

cmd_stop() {
  local state=$1
  if [[ ! -s "$state" ]]; then
    log "no state in '$state'; nothing to stop"
    rm -f -- "$state"
    return 0
  fi
  # shellcheck disable=SC1090 # our own state file, written by cmd_start
  . "$state"
  [[ -n "${KUBE_DIR:-}" ]] || die "state file '$state' is not one kube.sh wrote"
  log "stopping kube-apiserver (pid ${KUBE_APISERVER_PID:-?}) and etcd (pid ${ETCD_PID:-?})"
  teardown
  rm -f -- "$state"
  log "stopped and removed $KUBE_DIR"
}

usage() {
  echo "usage: $0 {build|path [kube-apiserver|etcd]|check [kube-apiserver|etcd]|start <statefile>|stop <statefile>|crds}" >&2
  exit 2
}

cmd=${1:-}
[[ "$#" -gt 0 ]] && shift
case "$cmd:$#:${1:-}" in
  build:0:) build_one etcd >/dev/null && build_one kube-apiserver ;;
  path:0: | path:1:?*) pkg_of "${1:-kube-apiserver}" >/dev/null; echo "$BIN_DIR/${1:-kube-apiserver}" ;;
  check:0:) cmd_check kube-apiserver etcd ;;
  check:1:?*) cmd_check "$1" ;;
  crds:0:) cmd_crds ;;
  start:1:?*)
    trap on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    cmd_start "$1"
    ;;
  stop:1:?*) cmd_stop "$1" ;;
  *) usage ;;
esac
