#!/usr/bin/env bash
# Set up (if needed) and run the site at http://localhost:${NDL_PORT:-8501}
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m ndl_explain check
exec .venv/bin/streamlit run app.py --server.port "${NDL_PORT:-8501}" --server.address "${NDL_ADDRESS:-0.0.0.0}"
