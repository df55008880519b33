#!/usr/bin/env bash
# Set up NDL Explained on a fresh Debian machine with Python 3.11 and pip.
#   bash scripts/setup.sh          runtime: system libraries + .venv with requirements.txt
#   bash scripts/setup.sh --dev    also test tools: Chromium, poppler-utils, PostgreSQL, nginx, zbar
#                                  (reads back the QR codes on printed leaflets), requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

# System packages. WeasyPrint needs Pango; leaflets use the DejaVu fonts.
packages=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "$dev" = 1 ]; then
  packages+=(chromium poppler-utils postgresql nginx zbar-tools)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Python packages, pinned, in a virtual environment of the project's own.
python="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install -q -r requirements-dev.txt
else
  .venv/bin/python -m pip install -q -r requirements.txt
fi
echo "Set-up complete."
