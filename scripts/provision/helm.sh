#!/usr/bin/env bash
# Build (once) and locate the two tools that check the Helm chart
# (helm/todo-chatbot), both compiled through the Go module proxy: no GitHub
# or get.helm.sh downloads, no Docker. See the helm.sh section of README.md.
#
#   scripts/provision/helm.sh build                    # helm and chart-check: build into the cache
#                                                      # unless already there; prints the helm path
#   scripts/provision/helm.sh path [helm|chart-check]  # print a path (built or not)
#   scripts/provision/helm.sh check [helm|chart-check] # exit 0 only if the cached binary (no
#                                                      # argument: both) is current and runs
#   scripts/provision/helm.sh test                     # chart-check's own Go tests
#
#   helm      Helm v3.22.0, helm.sh/helm/v3/cmd/helm
#   chart-check  ours (helm/chart-check/): strict validation of `helm template` output
#             against client-go's scheme and Dapr's own Go types, e.g.
#             "$(helm.sh path helm)" template todo helm/todo-chatbot | "$(helm.sh path chart-check)" --allow-kind Kafka
#
# Cache (shared with daprd.sh): ${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}
#   go/mod, go/build          Go module and build caches
#   helm-<version>/helm       the binaries (+ <name>.stamp: hash of the sources they came from)
#   helm-<version>/chart-check
set -euo pipefail

# Pinned release. Must match helm.sh/helm/v3 in helm/go.mod.
HELM_VERSION=3.22.0
# shellcheck disable=SC2034 # read by lib.sh (go_require_toolchain)
GO_MIN=1.26.0 # the go directive of helm's (and our) go.mod

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib.sh disable=SC1091 # followed with shellcheck -x
. "$HERE/lib.sh" # go_build_cached, go_binary_ok
MOD_DIR="$HERE/helm"
CACHE_ROOT="${TODO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-chatbot}"
BIN_DIR="$CACHE_ROOT/helm-$HELM_VERSION"

log() { printf '[helm.sh] %s\n' "$*" >&2; }
die() { printf '[helm.sh] ERROR: %s\n' "$*" >&2; exit 1; }

# name -> Go package to build (from within $MOD_DIR)
pkg_of() {
  case "$1" in
    helm) echo helm.sh/helm/v3/cmd/helm ;;
    chart-check) echo ./chart-check ;;
    *) die "unknown binary '$1' (helm or chart-check)" ;;
  esac
}

# src_hash and runs_ok are the hooks lib.sh's go_build_cached and go_binary_ok call.
# A change to go.mod or go.sum invalidates both binaries; one to chart-check's
# sources (not its tests) only chart-check.
src_hash() {
  (
    cd "$MOD_DIR" && cat go.mod go.sum
    if [[ "$1" == chart-check ]]; then
      for f in chart-check/*.go; do [[ "$f" == *_test.go ]] || cat "$f"; done
    fi
    echo "$1 $HELM_VERSION"
  ) | sha256sum | cut -d' ' -f1
}

# Does the binary start? helm reports its version; chart-check must accept
# a one-object manifest (which loads client-go's scheme).
runs_ok() {
  local name=$1 bin=$2 out
  if [[ "$name" == helm ]]; then
    out="$("$bin" version --short 2>&1)" && [[ "$out" == "v$HELM_VERSION"* ]]
  else
    out="$(printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' | "$bin" 2>&1)" &&
      [[ "$out" == "chart-check: 1 documents OK" ]]
  fi
}

build_one() {
  local name=$1 pkg ldflags="-s -w" note="" k8s_minor
  pkg="$(pkg_of "$name")"
  if [[ "$name" == helm ]]; then
    # As helm's Makefile for a release tag: the version, a clean tree, no
    # metadata, and the default Kubernetes version (.Capabilities.KubeVersion
    # of `helm template`, lint's deprecation checks) from client-go: v0.37 -> 1.37.
    k8s_minor="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$MOD_DIR/go.mod")"
    [[ -n "$k8s_minor" ]] || die "no k8s.io/client-go version in $MOD_DIR/go.mod"
    local v=helm.sh/helm/v3/internal/version
    ldflags+=" -X $v.version=v$HELM_VERSION -X $v.metadata= -X $v.gitTreeState=clean"
    ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$k8s_minor"
    ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$k8s_minor"
  else
    note="  a cold build of both (empty cache) downloads ~100 MB of modules (450 MB unpacked) and compiles for ~2 min on 2 cores"
  fi
  go_build_cached "$name" "$HELM_VERSION" "$pkg" "$ldflags" "$name" "$name" "$note"
}

cmd_check() {
  local name
  for name in "$@"; do pkg_of "$name" >/dev/null; done # dies on an unknown name
  go_binaries_check "$@"
}

case "${1:-}" in
  test)
    go_require_toolchain
    go_env
    (cd "$MOD_DIR" && go test ./...) >&2
    ;;
  build) build_one chart-check >/dev/null && build_one helm ;;
  path) pkg_of "${2:-helm}" >/dev/null; echo "$BIN_DIR/${2:-helm}" ;;
  check)
    if [[ -n "${2:-}" ]]; then cmd_check "$2"; else cmd_check helm chart-check; fi
    ;;
  *)
    echo "usage: $0 {build|path|check|test} (path/check take an optional helm|chart-check)" >&2
    exit 2
    ;;
esac
