#!/usr/bin/env bash
# Build (once) and locate the Dapr CLI, `dapr`, compiled from the official
# github.com/dapr/cli Go module through the Go module proxy. It is what runs
# the multi-app run file (dapr/dapr.yaml, started by dapr/run.sh). No Docker,
# no GitHub downloads, no `dapr init`: the sidecar it starts is our own daprd
# (daprd.sh). See README.md, section dapr-cli.sh.
#
#   scripts/provision/dapr-cli.sh build   # build into the cache unless already there
#   scripts/provision/dapr-cli.sh path    # print the binary's path (built or not)
#   scripts/provision/dapr-cli.sh check   # exit 0 only if the cached binary is current and runs
#
# Cache (shared with daprd.sh): ${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}
#   go/mod, go/build              Go module and build caches
#   dapr-cli-<version>/dapr       the binary (+ dapr.stamp: hash of the sources it came from)
set -euo pipefail

# Pinned release, the CLI that goes with our daprd 1.16.5. Only v1.16.5 of
# github.com/dapr/cli is served by the proxy reachable here (1.16.0-1.16.4 are
# refused with 403). The dependency pins are in dapr-cli/go.mod.
CLI_VERSION=1.16.5
CLI_COMMIT=0827566faaca07dd44580e4d99c9ddf9499e72bc # tag v1.16.5, from the proxy's .info
RUNTIME_API_VERSION=1.0                              # the Makefile's RUNTIME_API_VERSION
GO_MIN=1.24.11                                       # the go directive of dapr-cli/go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MOD_DIR="$HERE/dapr-cli"
CACHE_ROOT="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN_DIR="$CACHE_ROOT/dapr-cli-$CLI_VERSION"
BIN="$BIN_DIR/dapr"

log() { printf '[dapr-cli.sh] %s\n' "$*" >&2; }
die() { printf '[dapr-cli.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# Everything that decides what gets compiled: a change to go.mod or go.sum
# (or to the version pinned above) invalidates the cached binary.
src_hash() {
  (cd "$MOD_DIR" && cat go.mod go.sum && echo "$CLI_VERSION $CLI_COMMIT $RUNTIME_API_VERSION") | sha256sum | cut -d' ' -f1
}

# `dapr --version` prints "CLI version: 1.16.5 \nRuntime version: ...".
runs_ok() {
  local out
  out="$(DAPR_RUNTIME_PATH=/nonexistent "$1" --version 2>&1)" && [[ "$out" == "CLI version: $CLI_VERSION"* ]]
}

binary_ok() {
  [[ -x "$BIN" ]] || return 1
  [[ -f "$BIN.stamp" && "$(cat "$BIN.stamp")" == "$(src_hash)" ]] || return 1
  runs_ok "$BIN"
}

# version_ge A B: true if Go version A >= B (both like 1.24.11)
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

cmd_build() {
  if binary_ok; then
    log "up to date: $BIN"
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
  # The -X flags of the CLI's Makefile (main.version is what `dapr --version` prints).
  local std=github.com/dapr/cli/pkg/standalone
  local ldflags="-s -w -X main.version=$CLI_VERSION -X main.apiVersion=$RUNTIME_API_VERSION -X $std.gitcommit=$CLI_COMMIT -X $std.gitversion=v$CLI_VERSION"
  local tmp="$BIN.tmp.$$" start=$SECONDS
  log "building dapr CLI $CLI_VERSION -> $BIN"
  log "  GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE ($(go env GOVERSION), GOPROXY=$(go env GOPROXY))"
  log "  cold: ~150 MB of modules, ~5 min on 2 cores; ~1.5 min once daprd.sh build has filled the caches"
  # The CLI's own main package, built from our module so that its pins and replaces apply.
  if ! (cd "$MOD_DIR" && go build -ldflags "$ldflags" -o "$tmp" github.com/dapr/cli); then
    rm -f "$tmp"
    die "go build of the dapr CLI failed (see above). If a module could not be fetched, the Go module proxy ($(go env GOPROXY)) must be reachable, or $GOMODCACHE must already hold the modules."
  fi
  if ! runs_ok "$tmp"; then
    rm -f "$tmp"
    die "the freshly built dapr CLI does not run (or reports a version other than $CLI_VERSION)"
  fi
  mv -f "$tmp" "$BIN"
  src_hash >"$BIN.stamp"
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
  *)
    echo "usage: $0 {build|path|check}" >&2
    exit 2
    ;;
esac
