#!/usr/bin/env bash
# Build (once) and locate a trimmed Dapr sidecar, daprd, compiled from the
# official github.com/dapr/dapr Go module through the Go module proxy.
# No Docker, no GitHub downloads, no dapr CLI needed. See daprd/README.md.
#
#   scripts/provision/daprd.sh build   # build into the cache unless it is already there
#   scripts/provision/daprd.sh path    # print the binary path (built or not)
#   scripts/provision/daprd.sh check   # exit 0 only if the cached binary is current and runs
#   scripts/provision/daprd.sh smoke   # start it on loopback with sample components and check it
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
BIN="$BIN_DIR/daprd"
STAMP="$BIN_DIR/daprd.stamp"

log() { printf '[daprd.sh] %s\n' "$*" >&2; }
die() { printf '[daprd.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# Hash of everything that decides what gets compiled: a change to the
# component list (components.go) or to go.mod invalidates the cached binary.
src_hash() {
  (cd "$MOD_DIR" && cat go.mod go.sum ./*.go && echo "$DAPR_VERSION $DAPR_COMMIT") | sha256sum | cut -d' ' -f1
}

binary_ok() {
  [[ -x "$BIN" ]] || return 1
  local v
  v="$("$BIN" --version 2>/dev/null)" || return 1
  [[ "$v" == "$DAPR_VERSION" ]] || return 1
  [[ -f "$STAMP" && "$(cat "$STAMP")" == "$(src_hash)" ]] || return 1
}

# version_ge A B: true if Go version A >= B (both like 1.24.11)
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

cmd_build() {
  if binary_ok; then
    log "up to date: $BIN ($("$BIN" --version))"
    echo "$BIN"
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
    if binary_ok; then log "built by a concurrent run: $BIN"; echo "$BIN"; return 0; fi
  fi

  export GOMODCACHE="$CACHE_ROOT/go/mod" GOCACHE="$CACHE_ROOT/go/build"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOWORK=off CGO_ENABLED=0
  export GOFLAGS="-trimpath -mod=readonly"
  local bi=github.com/dapr/dapr/pkg/buildinfo
  local ldflags="-s -w -X $bi.version=$DAPR_VERSION -X $bi.gitcommit=$DAPR_COMMIT -X $bi.gitversion=v$DAPR_VERSION -X github.com/dapr/kit/logger.DaprVersion=$DAPR_VERSION"
  local tmp="$BIN.tmp.$$" start=$SECONDS
  log "building daprd $DAPR_VERSION (trimmed) -> $BIN"
  log "  GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE ($(go env GOVERSION), GOPROXY=$(go env GOPROXY))"
  log "  a cold build downloads ~0.9 GB of modules and compiles for several minutes on 2 cores"
  if ! (cd "$MOD_DIR" && go build -ldflags "$ldflags" -o "$tmp" .); then
    rm -f "$tmp"
    die "go build failed (see above). If a module could not be fetched, the Go module proxy ($(go env GOPROXY)) must be reachable, or $GOMODCACHE must already hold the modules."
  fi
  local v
  v="$("$tmp" --version 2>&1)" || { rm -f "$tmp"; die "built binary does not run: $v"; }
  [[ "$v" == "$DAPR_VERSION" ]] || { rm -f "$tmp"; die "built binary reports version '$v', expected $DAPR_VERSION"; }
  mv -f "$tmp" "$BIN"
  src_hash >"$STAMP"
  log "built in $((SECONDS - start))s: $BIN ($(du -h "$BIN" | cut -f1))"
  echo "$BIN"
}

cmd_check() {
  if binary_ok; then echo "$BIN"; return 0; fi
  if [[ ! -x "$BIN" ]]; then log "missing: $BIN (run: $0 build)"
  else log "stale or broken: $BIN (run: $0 build)"; fi
  return 1
}

case "${1:-}" in
  build) cmd_build ;;
  path) echo "$BIN" ;;
  check) cmd_check ;;
  smoke) shift; exec bash "$MOD_DIR/smoke.sh" "$BIN" "$@" ;;
  *)
    echo "usage: $0 {build|path|check|smoke}" >&2
    exit 2
    ;;
esac
