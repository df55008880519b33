#!/usr/bin/env bash
# Retake the README's screenshots (docs/screenshots/*.png) from the site as it is now: the home page on
# a desktop (1280 px) and a phone (390 px), the phone with the menu open, and search results on a phone.
# Starts the site on a free port, drives Chromium with Playwright (tests/browser/test_screenshots.py)
# and overwrites the PNGs; look at them before committing. Needs the test set-up (bash scripts/test.sh
# installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
NDL_UPDATE_SCREENSHOTS=1 exec .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/browser/test_screenshots.py -k test_readme_screenshots "$@"
