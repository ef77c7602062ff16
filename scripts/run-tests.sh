#!/usr/bin/env bash
# Run the whole suite. pytest's exit 5 (no tests collected) is a failure here, and in CI
# (CI=true) a skipped test is a failure too: the real clients are installed, never mocked.
set -uo pipefail
python=${1:-.venv/bin/python}
report=$(mktemp)
"$python" -m pytest -p no:cacheprovider -rs "${@:2}" | tee "$report"
status=${PIPESTATUS[0]}
if [ "$status" -eq 5 ]; then
  echo "run-tests: pytest collected no tests" >&2
  exit 1
fi
if [ "$status" -eq 0 ] && [ "${CI:-}" = "true" ] && grep -qE "^SKIPPED|[0-9]+ skipped" "$report"; then
  echo "run-tests: tests were skipped in CI; every test must run here" >&2
  exit 1
fi
exit "$status"
