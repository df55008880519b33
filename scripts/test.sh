#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite: content checks, copied-prose check, unit, app
# and browser tests. Exits non-zero if anything fails or if no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
echo "== Content checks"
.venv/bin/python -m ndl_explain check
if [ -f ../shared/tools/check_copying.py ]; then
  echo "== Copied-prose check"
  out=$(python3 ../shared/tools/check_copying.py . 2>&1 | tail -n 5)
  echo "$out"
  echo "$out" | grep -qE "(^| )0 copied runs" || { echo "Copied prose found: rewrite it in your own words."; exit 1; }
fi
echo "== Tests"
.venv/bin/python -m pytest "$@"
