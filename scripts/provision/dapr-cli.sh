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
# shellcheck disable=SC2034 # read by lib.sh (go_require_toolchain)
GO_MIN=1.24.11                                       # the go directive of dapr-cli/go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091 # followed with shellcheck -x
. "$HERE/lib.sh" # go_build_cached, go_binary_ok
MOD_DIR="$HERE/dapr-cli"
CACHE_ROOT="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN_DIR="$CACHE_ROOT/dapr-cli-$CLI_VERSION"
BIN="$BIN_DIR/dapr"

log() { printf '[dapr-cli.sh] %s\n' "$*" >&2; }
die() { printf '[dapr-cli.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# src_hash and runs_ok are the hooks lib.sh's go_build_cached and go_binary_ok call
# (their NAME argument is always "dapr" here).
# Everything that decides what gets compiled: a change to go.mod or go.sum
# (or to the version pinned above) invalidates the cached binary.
src_hash() {
  (cd "$MOD_DIR" && cat go.mod go.sum && echo "$CLI_VERSION $CLI_COMMIT $RUNTIME_API_VERSION") | sha256sum | cut -d' ' -f1
}

# `dapr --version` prints "CLI version: 1.16.5 \nRuntime version: ...".
runs_ok() {
  local out
  out="$(DAPR_RUNTIME_PATH=/nonexistent "$2" --version 2>&1)" && [[ "$out" == "CLI version: $CLI_VERSION"* ]]
}

cmd_build() {
  # The -X flags of the CLI's Makefile (main.version is what `dapr --version` prints).
  local std=github.com/dapr/cli/pkg/standalone
  local ldflags="-s -w -X main.version=$CLI_VERSION -X main.apiVersion=$RUNTIME_API_VERSION -X $std.gitcommit=$CLI_COMMIT -X $std.gitversion=v$CLI_VERSION"
  # The CLI's own main package, built from our module so that its pins and replaces apply.
  go_build_cached dapr "$CLI_VERSION" github.com/dapr/cli "$ldflags" "dapr CLI" "the dapr CLI" \
    "  cold: ~150 MB of modules, ~5 min on 2 cores; ~1.5 min once daprd.sh build has filled the caches"
}

cmd_check() {
  if go_binary_ok dapr; then echo "$BIN"; return 0; fi
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
