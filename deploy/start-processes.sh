#!/usr/bin/env bash
# Start N identical NDL Explained site processes, one per port, for nginx to balance across.
#
#   NDL_DATABASE_URL=postgresql+psycopg://ndl@db.internal/ndl bash deploy/start-processes.sh 8501 8502 8503
#
# Same settings as scripts/run.sh (.streamlit/config.toml, the content check first), except that
# each process listens on NDL_ADDRESS (default 127.0.0.1: only nginx on this machine should reach
# it; set 0.0.0.0 when nginx runs elsewhere). With more than one port NDL_DATABASE_URL must point at
# a shared PostgreSQL: one process may use the SQLite default, several must not.
#
# Stays in the foreground; logs go to NDL_LOG_DIR (default ./logs) as site-PORT.log, and pid files
# to NDL_RUN_DIR (default NDL_LOG_DIR) as site-PORT.pid. Ctrl-C or SIGTERM stops all of them (by
# their own pids), and if any process exits the others are stopped too, so a supervisor (systemd)
# sees the failure and restarts the set. NDL_SKIP_SETUP=1 skips scripts/setup.sh. Before starting, it
# builds the plain edition into NDL_PLAIN_DIR (default build/plain), with NDL_SITE_URL as its address,
# and the cut-down icon font into NDL_ICON_FONT_DIR (default build/icon-font).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -lt 1 ]; then
  echo "usage: [NDL_DATABASE_URL=...] $0 PORT [PORT...]" >&2
  exit 2
fi
for port in "$@"; do
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] \
    || { echo "not a port: $port" >&2; exit 2; }
done
if [ "$#" -gt 1 ] && [[ "${NDL_DATABASE_URL:-}" != postgresql* ]]; then
  echo "Several processes need a shared database: set NDL_DATABASE_URL=postgresql+psycopg://..." >&2
  exit 2
fi

if [ "${NDL_SKIP_SETUP:-0}" != 1 ]; then
  bash scripts/setup.sh
fi
.venv/bin/python -m ndl_explain check
# The plain edition (static HTML, no JavaScript) from the same content, for nginx to serve at /plain/
# (render_nginx.py --plain-dir reads its pages.json for each page's title). Issue 19.
.venv/bin/python -m ndl_explain.plain --out "${NDL_PLAIN_DIR:-build/plain}"
# Streamlit's icon font cut down to the icons the site shows, for nginx to serve in its place
# (render_nginx.py --icon-font-dir): 375 kB -> about 15 kB on every first visit.
.venv/bin/python -m deploy.icon_font --out "${NDL_ICON_FONT_DIR:-build/icon-font}"

log_dir="${NDL_LOG_DIR:-logs}"
run_dir="${NDL_RUN_DIR:-$log_dir}"
mkdir -p "$log_dir" "$run_dir"
address="${NDL_ADDRESS:-127.0.0.1}"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for port in "${ports[@]}"; do rm -f "$run_dir/site-$port.pid"; done
}
ports=("$@")
trap 'stop; exit 143' INT TERM
trap stop EXIT

for port in "${ports[@]}"; do
  PYTHONUNBUFFERED=1 .venv/bin/streamlit run app.py \
    --server.port "$port" --server.address "$address" --server.headless true \
    >"$log_dir/site-$port.log" 2>&1 </dev/null &
  pids+=("$!")
  echo "$!" >"$run_dir/site-$port.pid"
  echo "site process $! on $address:$port (log: $log_dir/site-$port.log)"
done

# Return when the first process exits (then the EXIT trap stops the rest).
set +e
wait -n "${pids[@]}"
status=$?
echo "a site process exited (status $status): stopping the others" >&2
exit "$status"
