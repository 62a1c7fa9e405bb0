#!/usr/bin/env bash
# What `npm test` runs: build, static checks, unit tests and the UI's component tests, then the integration
# tests (the browser suite among them) against a
# throwaway PostgreSQL (scripts/pg-test-cluster.sh).
#
#   npm test                       # everything
#   npm test -- core/src/foo       # extra args go to both vitest runs
#   TEST_SCOPE=unit npm test       # unit only, no PostgreSQL
#   TEST_SCOPE=integration npm test
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scope=${TEST_SCOPE:-all}
case "$scope" in
  all | unit | integration) ;;
  *) echo "test.sh: TEST_SCOPE must be unit, integration or all (got '$scope')" >&2; exit 2 ;;
esac

banner() { printf '\n==== %s ====\n\n' "$*"; }

if [ ! -d node_modules ]; then
  banner "installing dependencies"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi

banner "build (tsc -b)"
npm run build || { echo "test.sh: BUILD FAILED" >&2; exit 1; }

# A file filter usually matches one project only, and vitest fails a project
# that finds no test file. So with extra args, skip a project whose files all
# miss the filter (and skip PostgreSQL with it), but fail if nothing matches.
# Without args nothing is skipped: a project with no tests must fail CI.
wanted() {
  local phase=$1
  [ "$phase" = browser ] && phase=integration # the browser suite belongs to the integration phase
  [ "$scope" = all ] || [ "$scope" = "$phase" ] || return 1
  [ "$#" -gt 1 ] || return 0
  local files
  files=$(npx vitest list --filesOnly --project "$1" "${@:2}" 2>/dev/null) || return 0
  [ -n "$files" ] && return 0
  echo "test.sh: no $1 test file matches: ${*:2}"
  return 1
}
run_unit=0 run_int=0 run_browser=0
wanted unit "$@" && run_unit=1
wanted integration "$@" && run_int=1
wanted browser "$@" && run_browser=1
if [ "$run_unit$run_int$run_browser" = 000 ]; then
  echo "test.sh: nothing to run (TEST_SCOPE=$scope, args: $*)" >&2
  exit 1
fi

# Keep going after a failing phase so one CI run reports every failure.
failed=()

if [ "$#" -eq 0 ]; then
  banner "static checks (types of the tests, the UI's types, lint, format)"
  { npx tsc -p tsconfig.tests.json && npm run check -w @todo/ui && npm run lint; } || failed+=(static)
fi

# Each run also writes a JSON report; the totals line at the end sums them.
rm -rf test-results
vitest_run() { npx vitest run --project "$1" --reporter=default --reporter=json --outputFile="test-results/$1.json" "${@:2}"; }

if [ "$run_unit" = 1 ]; then
  banner "unit tests"
  vitest_run unit "$@" || failed+=(unit)
  if [ "$#" -eq 0 ]; then
    banner "UI component tests (jsdom)"
    # Their own Vite config (Svelte, SvelteKit's $lib and $app), which SvelteKit reads from ui/.
    (cd ui && npx vitest run --reporter=default --reporter=json --outputFile=../test-results/ui.json) || failed+=(ui)
  fi
fi

if [ "$run_int$run_browser" != 00 ]; then
  banner "daprd, helm, Chromium, and throwaway PostgreSQL, Kafka and Kubernetes API server"
  pg_state=$(mktemp /tmp/todo-pg-state.XXXXXX)
  kafka_state=$(mktemp /tmp/todo-kafka-state.XXXXXX)
  # Trap before start: stop is a no-op on an empty state file, and start
  # cleans up after itself if it fails half-way.
  kube_state=$(mktemp /tmp/todo-kube-state.XXXXXX)
  stop_servers() {
    scripts/pg-test-cluster.sh stop "$pg_state" || true
    scripts/provision/kafka.sh stop "$kafka_state" || true
    scripts/provision/kube.sh stop "$kube_state" || true
  }
  trap stop_servers EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  # The trimmed Dapr sidecar and the scheduler (Jobs API): built once from the Go module (~5 min cold), then cached.
  scripts/provision/daprd.sh build
  scripts/provision/dapr-cli.sh build # the Dapr CLI, for dapr run -f (gateway/test/dapr-cli-run.test.ts)
  # Helm and chart-check for helm/test: built once from the Go module proxy (~2 min cold), then cached.
  HELM_BIN=$(scripts/provision/helm.sh build)
  CHART_CHECK_BIN=$(scripts/provision/helm.sh path chart-check)
  export HELM_BIN CHART_CHECK_BIN
  scripts/provision/helm.sh test || failed+=(chart-check) # chart-check's own Go tests
  # A Kubernetes API server (kube-apiserver and etcd) for helm/test/cluster.test.ts: built once from the Go
  # module proxy (~5.5 min cold), then cached.
  scripts/provision/kube.sh build >/dev/null
  # The browser suite's Chromium: Debian's package, installed when missing (never downloaded, never skipped).
  CHROMIUM=$(scripts/provision/chromium.sh)
  export CHROMIUM
  scripts/pg-test-cluster.sh start "$pg_state"
  scripts/provision/kafka.sh start "$kafka_state"
  scripts/provision/kube.sh start "$kube_state"
  # shellcheck disable=SC1090  # written by the start commands above
  . "$pg_state"
  # shellcheck disable=SC1090
  . "$kafka_state"
  # shellcheck disable=SC1090
  . "$kube_state"
  export TEST_DATABASE_URL KAFKA_BOOTSTRAP KUBECONFIG
  export KAFKA_STATE="$kafka_state" # lets a suite restart the broker

  if [ "$run_browser" = 1 ]; then
    # First: the quickest look at what a person sees, before the long suites.
    banner "browser suite (Chromium)"
    vitest_run browser "$@" || failed+=(browser)
  fi
  if [ "$run_int" = 1 ]; then
    banner "integration tests"
    vitest_run integration "$@" || failed+=(integration)
  fi
fi

node scripts/test-totals.mjs test-results/*.json || true
if [ "${#failed[@]}" -gt 0 ]; then
  banner "FAILED: ${failed[*]}"
  exit 1
fi
banner "all test phases passed ($scope)"
