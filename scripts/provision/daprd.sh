#!/usr/bin/env bash
# Build (once) and locate a trimmed Dapr sidecar, daprd, compiled from the
# official github.com/dapr/dapr Go module through the Go module proxy.
# No Docker, no GitHub downloads, no dapr CLI needed. See daprd/README.md.
#
#   scripts/provision/daprd.sh build             # daprd: build into the cache unless already there
#   scripts/provision/daprd.sh path              # print the daprd path (built or not)
#   scripts/provision/daprd.sh check             # exit 0 only if the cached daprd is current and runs
#   scripts/provision/daprd.sh smoke             # run daprd on loopback with sample components, check, stop
#   scripts/provision/daprd.sh build-scheduler   # optional: dapr scheduler (Jobs API), ~40 s more
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
GO_MIN=1.24.11 # the go directive of dapr's (and our) go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
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

# Hash of everything that decides what gets compiled: a change to the
# component list (components.go) or to go.mod invalidates the cached binary.
src_hash() {
  (cd "$MOD_DIR" && cat go.mod go.sum ./*.go && echo "$1 $DAPR_VERSION $DAPR_COMMIT") | sha256sum | cut -d' ' -f1
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

binary_ok() {
  local name=$1 bin="$BIN_DIR/$1"
  [[ -x "$bin" ]] || return 1
  [[ -f "$bin.stamp" && "$(cat "$bin.stamp")" == "$(src_hash "$name")" ]] || return 1
  runs_ok "$name" "$bin"
}

# version_ge A B: true if Go version A >= B (both like 1.24.11)
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

build_one() {
  local name=$1 bin="$BIN_DIR/$1" pkg
  pkg="$(pkg_of "$name")"
  if binary_ok "$name"; then
    log "up to date: $bin"
    echo "$bin"
    return 0
  fi
  [[ -f "$MOD_DIR/go.mod" ]] || die "missing $MOD_DIR/go.mod (checkout incomplete?)"
  command -v go >/dev/null 2>&1 \
    || die "missing: the 'go' command (Go >= $GO_MIN). Install Go and put it on PATH."
  local gov
  gov="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null)" || die "'go env GOVERSION' failed"
  gov="${gov#go}"
  version_ge "${gov%%[-+ ]*}" "$GO_MIN" \
    || die "missing: Go >= $GO_MIN (found go$gov). Install a newer Go; this script does not download toolchains."

  mkdir -p "$BIN_DIR" "$CACHE_ROOT/go/mod" "$CACHE_ROOT/go/build"
  # Serialise concurrent builds (e.g. parallel CI jobs) on the same cache.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$BIN_DIR/.build.lock"
    flock 9
    if binary_ok "$name"; then log "built by a concurrent run: $bin"; echo "$bin"; return 0; fi
  fi

  export GOMODCACHE="$CACHE_ROOT/go/mod" GOCACHE="$CACHE_ROOT/go/build"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOWORK=off CGO_ENABLED=0
  export GOFLAGS="-trimpath -mod=readonly"
  local bi=github.com/dapr/dapr/pkg/buildinfo
  local ldflags="-s -w -X $bi.version=$DAPR_VERSION -X $bi.gitcommit=$DAPR_COMMIT -X $bi.gitversion=v$DAPR_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_VERSION"
  local tmp="$bin.tmp.$$" start=$SECONDS
  log "building $name $DAPR_VERSION -> $bin"
  log "  GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE ($(go env GOVERSION), GOPROXY=$(go env GOPROXY))"
  [[ "$name" == daprd ]] && log "  a cold build downloads ~240 MB of modules (1.4 GB unpacked) and compiles for ~4 min on 2 cores"
  if ! (cd "$MOD_DIR" && go build -ldflags "$ldflags" -o "$tmp" "$pkg"); then
    rm -f "$tmp"
    die "go build of $name failed (see above). If a module could not be fetched, the Go module proxy ($(go env GOPROXY)) must be reachable, or $GOMODCACHE must already hold the modules."
  fi
  if ! runs_ok "$name" "$tmp"; then
    rm -f "$tmp"
    die "the freshly built $name does not run (or reports a version other than $DAPR_VERSION)"
  fi
  mv -f "$tmp" "$bin"
  src_hash "$name" >"$bin.stamp"
  log "built in $((SECONDS - start))s: $bin ($(du -h "$bin" | cut -f1))"
  echo "$bin"
}

cmd_check() {
  local name=${1:-daprd} bin="$BIN_DIR/${1:-daprd}"
  local hint="build"
  pkg_of "$name" >/dev/null
  [[ "$name" == daprd ]] || hint="build-$name"
  if binary_ok "$name"; then echo "$bin"; return 0; fi
  if [[ ! -x "$bin" ]]; then log "missing: $bin (run: $0 $hint)"
  else log "stale or broken: $bin (run: $0 $hint)"; fi
  return 1
}

case "${1:-}" in
  build) build_one daprd ;;
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
