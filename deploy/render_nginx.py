#!/usr/bin/env python3
"""Write an nginx.conf for N site processes from deploy/nginx.conf.template (standard library only).

    python3 deploy/render_nginx.py --port 8501 --port 8502 --listen 80 > /etc/nginx/nginx.conf
    python3 deploy/render_nginx.py --server 10.0.0.5:8501 --server 10.0.0.6:8501 --listen 80
    python3 deploy/render_nginx.py --port 8501 --port 8502 --listen 127.0.0.1:8080 \\
        --prefix /tmp/ndl-nginx --foreground > /tmp/ndl-nginx/nginx.conf
    nginx -p /tmp/ndl-nginx -c /tmp/ndl-nginx/nginx.conf      # a private nginx, not the system one

Without ``--prefix`` the pid file, logs and temporary files go where Debian's nginx keeps them
(/run/nginx.pid, /var/log/nginx, /var/lib/nginx) and workers run as ``www-data``. With
``--prefix DIR`` everything goes under DIR (for tests, or nginx started by an ordinary user).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"


ERROR_LOG_LEVELS = ("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg")
PRIVATE_ERROR_LOG_LEVEL = "crit"  # nginx writes client addresses and request lines with errors below this


def render(servers: list[str], listen: str, *, prefix: str | None = None, foreground: bool = False,
           user: str | None = "www-data", worker_processes: str = "auto", max_fails: int = 3,
           fail_timeout: str = "10s", worker_connections: int = 4096,
           error_log_level: str = PRIVATE_ERROR_LOG_LEVEL) -> str:
    """The nginx configuration text. ``servers``: ``host:port`` of each site process.

    ``error_log_level`` below ``crit`` makes nginx write visitors' addresses and whole request lines
    (with private tokens and join codes) into the error log: only for a short debugging session."""
    if not servers:
        raise ValueError("at least one site process (host:port) is needed")
    if error_log_level not in ERROR_LOG_LEVELS:
        raise ValueError(f"error log level must be one of {', '.join(ERROR_LOG_LEVELS)}")
    if prefix:
        base = Path(prefix)
        pid, error_log, access_log, temp = base / "nginx.pid", base / "error.log", base / "access.log", base / "temp"
    else:
        pid, error_log, access_log, temp = (Path("/run/nginx.pid"), Path("/var/log/nginx/error.log"),
                                            Path("/var/log/nginx/access.log"), Path("/var/lib/nginx"))
    main = []
    if user:
        main.append(f"user {user};")
    main += [f"worker_processes {worker_processes};", f"pid {pid};", f"error_log {error_log} {error_log_level};"]
    if foreground:
        main.append("daemon off;")
    main.append(f"events {{\n    worker_connections {worker_connections};\n}}")
    http = [f"    {name}_temp_path {temp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    lines = [f"        server {s} max_fails={max_fails} fail_timeout={fail_timeout};" for s in servers]
    values = {"MAIN": "\n".join(main), "HTTP": "\n".join(http), "SERVERS": "\n".join(lines),
              "LISTEN": listen, "ACCESS_LOG": str(access_log)}
    text = TEMPLATE.read_text()
    missing = set(re.findall(r"\{\{(\w+)\}\}", text)) - set(values)
    if missing:
        raise KeyError(f"template placeholders without a value: {sorted(missing)}")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, action="append", default=[], help="a site process on 127.0.0.1:PORT")
    p.add_argument("--server", action="append", default=[], help="a site process at HOST:PORT")
    p.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    p.add_argument("--prefix", default=None, help="keep pid, logs and temporary files under this folder")
    p.add_argument("--foreground", action="store_true", help="daemon off (for a supervisor or a test)")
    p.add_argument("--user", default=None,
                   help="worker user (default www-data without --prefix; none with --prefix)")
    p.add_argument("--max-fails", type=int, default=3)
    p.add_argument("--fail-timeout", default="10s")
    p.add_argument("--error-log-level", default=PRIVATE_ERROR_LOG_LEVEL, choices=ERROR_LOG_LEVELS,
                   help="default crit: lower levels write visitors' addresses and private links to the log")
    args = p.parse_args(argv)
    servers = [f"127.0.0.1:{port}" for port in args.port] + args.server
    user = args.user if args.user is not None else (None if args.prefix else "www-data")
    if args.prefix:
        for sub in ("", "temp"):
            Path(args.prefix, sub).mkdir(parents=True, exist_ok=True)
    try:
        sys.stdout.write(render(servers, args.listen, prefix=args.prefix, foreground=args.foreground,
                                user=user or None, max_fails=args.max_fails, fail_timeout=args.fail_timeout,
                                error_log_level=args.error_log_level))
    except ValueError as exc:
        p.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
