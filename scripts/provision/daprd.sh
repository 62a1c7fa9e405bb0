#!/usr/bin/env bash
# Build (once) and locate a trimmed Dapr sidecar, daprd, compiled from the
# official github.com/dapr/dapr Go module through the Go module proxy.
# No Docker, no GitHub downloads, no dapr CLI needed. See daprd/README.md.
#
#   scripts/provision/daprd.sh build             # daprd and the scheduler (Jobs API): build into the cache
#                                                # unless already there
#   scripts/provision/daprd.sh path              # print the daprd path (built or not)
#   scripts/provision/daprd.sh check             # exit 0 only if the cached daprd is current and runs
#   scripts/provision/daprd.sh smoke             # run daprd on loopback with sample components, check, stop
#   scripts/provision/daprd.sh build-scheduler   # the scheduler alone (~40 s after daprd)
#   scripts/provision/daprd.sh build-placement   # optional: dapr placement (actors/workflows), ~10 s more
#   scripts/provision/daprd.sh path scheduler|placement
#
# Cache (reusable by CI): ${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}
#   go/mod, go/build       Go module and build caches
#   dapr-<version>/daprd   the binary (+ daprd.stamp: hash of the sources it came from)
set -euo pipefail

# Pinned release. Must match the versions in daprd/go.mod (dapr and
# components-contrib move together; kit comes from dapr's go.mod).
DAPR_VERSION=1.16.5
DAPR_COMMIT=f167add0ab641afa210d61771820d0d178bc41ae
# shellcheck disable=SC2034 # read by lib.sh (go_require_toolchain)
GO_MIN=1.24.11 # the go directive of dapr's (and our) go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091 # followed with shellcheck -x
. "$HERE/lib.sh" # go_build_cached, go_binary_ok
MOD_DIR="$HERE/daprd"
CACHE_ROOT="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN_DIR="$CACHE_ROOT/dapr-$DAPR_VERSION"

log() { printf '[daprd.sh] %s\n' "$*" >&2; }
die() { printf '[daprd.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# name -> Go package to build (from within $MOD_DIR)
pkg_of() {
  case "$1" in
    daprd) echo . ;;
    scheduler) echo github.com/dapr/dapr/cmd/scheduler ;;
    placement) echo github.com/dapr/dapr/cmd/placement ;;
    *) die "unknown binary '$1' (daprd, scheduler or placement)" ;;
  esac
}

# src_hash and runs_ok are the hooks lib.sh's go_build_cached and go_binary_ok call.
# Hash of everything that decides what gets compiled: a change to go.mod
# invalidates every cached binary, one to our daprd's sources (the component
# list, components.go) only daprd, the one binary built from them.
src_hash() {
  (
    cd "$MOD_DIR" && cat go.mod go.sum
    if [[ "$1" == daprd ]]; then cat ./*.go; fi
    echo "$1 $DAPR_VERSION $DAPR_COMMIT"
  ) | sha256sum | cut -d' ' -f1
}

# Does the binary start? daprd prints its version; the control-plane
# binaries have no --version, but print their usage on --help.
runs_ok() {
  local name=$1 bin=$2 out
  if [[ "$name" == daprd ]]; then
    out="$("$bin" --version 2>&1)" && [[ "$out" == "$DAPR_VERSION" ]]
  else
    out="$("$bin" --help 2>&1)" || true
    [[ "$out" == "Usage of $name:"* ]]
  fi
}

build_one() {
  local name=$1 pkg note=""
  pkg="$(pkg_of "$name")"
  local bi=github.com/dapr/dapr/pkg/buildinfo
  local ldflags="-s -w -X $bi.version=$DAPR_VERSION -X $bi.gitcommit=$DAPR_COMMIT -X $bi.gitversion=v$DAPR_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_VERSION"
  if [[ "$name" == daprd ]]; then
    note="  a cold build downloads ~240 MB of modules (1.4 GB unpacked) and compiles for ~4 min on 2 cores"
  fi
  go_build_cached "$name" "$DAPR_VERSION" "$pkg" "$ldflags" "$name" "$name" "$note"
}

cmd_check() {
  local name=${1:-daprd} bin="$BIN_DIR/${1:-daprd}"
  local hint="build"
  pkg_of "$name" >/dev/null
  [[ "$name" == daprd ]] || hint="build-$name"
  if go_binary_ok "$name"; then echo "$bin"; return 0; fi
  if [[ ! -x "$bin" ]]; then log "missing: $bin (run: $0 $hint)"
  else log "stale or broken: $bin (run: $0 $hint)"; fi
  return 1
}

case "${1:-}" in
  build) build_one daprd && build_one scheduler ;;
  build-scheduler) build_one scheduler ;;
  build-placement) build_one placement ;;
  path) pkg_of "${2:-daprd}" >/dev/null; echo "$BIN_DIR/${2:-daprd}" ;;
  check) cmd_check "${2:-daprd}" ;;
  smoke) shift; exec bash "$MOD_DIR/smoke.sh" "$BIN_DIR/daprd" "$@" ;;
  *)
    echo "usage: $0 {build|path|check|smoke|build-scheduler|build-placement} (path/check take an optional daprd|scheduler|placement)" >&2
    exit 2
    ;;
esac
