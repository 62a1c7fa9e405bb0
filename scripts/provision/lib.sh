# shellcheck shell=bash
# Helpers shared by the provisioning scripts (daprd.sh, dapr-cli.sh, kafka.sh and
# ../pg-test-cluster.sh). Sourced, never run:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# The caller defines `log` and `die` (each script keeps its own message prefix); the
# functions here use them for every message and print results only where noted.
# Nothing here changes shell options or traps.

# as_admin CMD...: run CMD as root: directly when we are root (CI), else through
# passwordless sudo. Returns non-zero, silently, when neither is possible.
as_admin() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    return 1
  fi
}

# can_admin: true if as_admin has a way to become root (root already, or sudo exists).
can_admin() {
  [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1
}

# apt_install PKG...: install Debian packages non-interactively, as_admin, with all
# output on stderr. Returns non-zero on failure (no apt-get, no root/sudo, or apt-get
# failed); says why through `log`, except when there is no apt-get at all.
apt_install() {
  command -v apt-get >/dev/null 2>&1 || return 1
  can_admin || { log "need root or passwordless sudo to install $*"; return 1; }
  log "installing Debian package(s) $* ..."
  as_admin apt-get update >&2 || { log "apt-get update failed"; return 1; }
  as_admin env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" </dev/null >&2 ||
    { log "apt-get install $* failed"; return 1; }
}

# version_ge A B: true if version A >= B (dotted, like 1.24.11; compared by sort -V).
version_ge() {
  [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]
}

# --- Go binaries built from a module of ours, cached with a stamp ------------------
# The caller sets MOD_DIR (the main module, with go.mod), GO_MIN (oldest Go that
# builds it), CACHE_ROOT (Go's module and build caches go under $CACHE_ROOT/go) and
# BIN_DIR (the binaries, $BIN_DIR/<name>, each with <name>.stamp), and defines:
#   src_hash NAME         print the stamp of what NAME would be built from
#   runs_ok NAME FILE     true if FILE (a build of NAME) starts and reports our version

# go_binary_ok NAME: true if $BIN_DIR/NAME is there, its stamp is current and it runs.
go_binary_ok() {
  local name=$1 bin="$BIN_DIR/$1"
  [[ -x "$bin" ]] || return 1
  [[ -f "$bin.stamp" && "$(cat "$bin.stamp")" == "$(src_hash "$name")" ]] || return 1
  runs_ok "$name" "$bin"
}

# go_require_toolchain: die unless $MOD_DIR/go.mod exists and `go` is Go >= $GO_MIN.
go_require_toolchain() {
  [[ -f "$MOD_DIR/go.mod" ]] || die "missing $MOD_DIR/go.mod (checkout incomplete?)"
  command -v go >/dev/null 2>&1 \
    || die "missing: the 'go' command (Go >= $GO_MIN). Install Go and put it on PATH."
  local gov
  gov="$(GOTOOLCHAIN=local go env GOVERSION 2>/dev/null)" || die "'go env GOVERSION' failed"
  gov="${gov#go}"
  version_ge "${gov%%[-+ ]*}" "$GO_MIN" \
    || die "missing: Go >= $GO_MIN (found go$gov). Install a newer Go; this script does not download toolchains."
}

# go_binaries_check NAME...: 0 if each named binary is current and runs (go_binary_ok),
# printing the first one's path; else says which is missing or stale and returns 1.
go_binaries_check() {
  local name
  for name in "$@"; do
    if ! go_binary_ok "$name"; then
      if [[ ! -x "$BIN_DIR/$name" ]]; then log "missing: $BIN_DIR/$name (run: $0 build)"
      else log "stale or broken: $BIN_DIR/$name (run: $0 build)"; fi
      return 1
    fi
  done
  echo "$BIN_DIR/$1"
}

# go_env: the environment of every go command here: the module and build caches
# under $CACHE_ROOT/go, this machine's Go (no toolchain downloads), no cgo, and
# go.mod/go.sum as they are (-mod=readonly).
go_env() {
  export GOMODCACHE="$CACHE_ROOT/go/mod" GOCACHE="$CACHE_ROOT/go/build"
  export GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOWORK=off CGO_ENABLED=0
  export GOFLAGS="-trimpath -mod=readonly"
}

# go_build_cached NAME VERSION PKG LDFLAGS LABEL REF [NOTE]
# Builds Go package PKG (from within $MOD_DIR) into $BIN_DIR/NAME and writes its stamp,
# unless go_binary_ok NAME already holds. Prints the binary's path on stdout (the only
# stdout); progress goes to `log`, failures to `die`. LABEL names the binary in
# messages ("building LABEL VERSION", "the freshly built LABEL"), REF in "go build of
# REF failed"; NOTE, if given, is logged before a build. A flock on $BIN_DIR/.build.lock
# (fd 9, held until the script exits) serialises concurrent builds on one cache.
# Exports GOMODCACHE, GOCACHE, GOTOOLCHAIN (local unless set), GOWORK=off,
# CGO_ENABLED=0 and GOFLAGS="-trimpath -mod=readonly".
go_build_cached() {
  local name=$1 version=$2 pkg=$3 ldflags=$4 label=$5 ref=$6 note=${7:-}
  local bin="$BIN_DIR/$1"
  if go_binary_ok "$name"; then
    log "up to date: $bin"
    echo "$bin"
    return 0
  fi
  go_require_toolchain

  mkdir -p "$BIN_DIR" "$CACHE_ROOT/go/mod" "$CACHE_ROOT/go/build"
  # Serialise concurrent builds (e.g. parallel CI jobs) on the same cache.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$BIN_DIR/.build.lock"
    flock 9
    if go_binary_ok "$name"; then log "built by a concurrent run: $bin"; echo "$bin"; return 0; fi
  fi

  go_env
  local tmp="$bin.tmp.$$" start=$SECONDS
  log "building $label $version -> $bin"
  log "  GOMODCACHE=$GOMODCACHE GOCACHE=$GOCACHE ($(go env GOVERSION), GOPROXY=$(go env GOPROXY))"
  if [[ -n "$note" ]]; then log "$note"; fi
  if ! (cd "$MOD_DIR" && go build -ldflags "$ldflags" -o "$tmp" "$pkg"); then
    rm -f "$tmp"
    die "go build of $ref failed (see above). If a module could not be fetched, the Go module proxy ($(go env GOPROXY)) must be reachable, or $GOMODCACHE must already hold the modules."
  fi
  if ! runs_ok "$name" "$tmp"; then
    rm -f "$tmp"
    die "the freshly built $label does not run (or reports a version other than $version)"
  fi
  mv -f "$tmp" "$bin"
  src_hash "$name" >"$bin.stamp"
  log "built in $((SECONDS - start))s: $bin ($(du -h "$bin" | cut -f1))"
  echo "$bin"
}
