#!/usr/bin/env bash
# Makes sure a Chromium for the browser suite (ui/test/browser.test.ts) is on this machine, installing
# Debian's `chromium` package when it is missing, and prints its path. Browsers are never downloaded by a
# package (playwright-core drives this one through executablePath).
#
#   scripts/provision/chromium.sh        # prints e.g. /usr/bin/chromium, or fails loudly
#
# CHROMIUM=/path/to/chrome overrides the search (it must exist and run).
set -euo pipefail
log() { echo "chromium.sh: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

find_chromium() {
  if [ -n "${CHROMIUM:-}" ]; then echo "$CHROMIUM"; return; fi
  local candidate
  for candidate in chromium chromium-browser; do
    command -v "$candidate" && return
  done
  return 1
}

path=$(find_chromium) || {
  log "no Chromium found"
  apt_install chromium || die "could not install the Debian package 'chromium' (reason above); the browser suite cannot run"
  path=$(find_chromium) || die "installed 'chromium' but found no chromium binary on PATH"
}
version=$("$path" --headless=new --no-sandbox --version 2>/dev/null) || die "$path does not run ($path --version failed)"
log "$version at $path"
echo "$path"
