#!/usr/bin/env bash
# Assembles what the services need at run time from a built checkout into a folder: the workspaces'
# package.json files and dist/ folders, the built UI, and the production dependencies only (npm ci
# --omit=dev, no install scripts). The Dockerfile's runtime stage is this folder; helm/test/image.test.ts
# runs the services from one to prove nothing they import was left behind.
#
#   scripts/image/assemble.sh SRC DEST     # SRC: a checkout after `npm ci && npm run build`; DEST: new folder
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 SRC DEST" >&2; exit 2; }
src="$(cd "$1" && pwd)"
dest=$2
# What runs: the services' packages (their dist/) and the UI's build. stack/ (the local launcher) and ui/
# itself ship only their package.json, which npm needs to match the lockfile's workspaces.
runtime=(contracts observability platform time core notifier gateway)

[[ -f "$src/ui/build/index.html" ]] || { echo "$0: $src is not built (no ui/build): run npm run build" >&2; exit 1; }
mkdir -p "$dest"
cp "$src/package.json" "$src/package-lock.json" "$dest/"
mapfile -t workspaces < <(node -p "require('$src/package.json').workspaces.join('\n')")
for ws in "${workspaces[@]}"; do
  mkdir -p "$dest/$ws"
  cp "$src/$ws/package.json" "$dest/$ws/"
done
for ws in "${runtime[@]}"; do
  [[ -d "$src/$ws/dist" ]] || { echo "$0: $src/$ws/dist is missing: run npm run build" >&2; exit 1; }
  cp -R "$src/$ws/dist" "$dest/$ws/dist"
  # Compiled tests, type declarations and source maps (of sources not shipped) are not needed to run.
  find "$dest/$ws/dist" \( -name '*.test.js' -o -name '*.d.ts' -o -name '*.map' \) -delete
done
mkdir -p "$dest/ui"
cp -R "$src/ui/build" "$dest/ui/build"
(cd "$dest" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
