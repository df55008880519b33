"""A throwaway PostgreSQL cluster in a temporary folder, on a free 127.0.0.1 port, that a test can stop
and start again (to play "the database went away").

The same approach as the ``pg_url`` fixture in tests/unit/test_workshop_postgres.py (``initdb`` as
the ``postgres`` account when running as root, trust authentication on loopback only, fsync off),
as an importable helper:

    with PostgresCluster(tmp_path) as pg:
        url = pg.create_database("ndl")   # postgresql+psycopg://ndl@127.0.0.1:PORT/ndl
        pg.stop(); pg.start()
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be run here (not installed, or root without a postgres account)."""


def find_tool(tool: str) -> str | None:
    found = shutil.which(tool)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / tool).exists():
            return str(folder / tool)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresCluster:
    def __init__(self, base: Path, *, user: str = "ndl", max_connections: int = 200, timeout: float = 60):
        self.initdb, self.pg_ctl = find_tool("initdb"), find_tool("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise PostgresUnavailable("PostgreSQL (initdb, pg_ctl) is not installed")
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            if subprocess.run(["id", "postgres"], capture_output=True).returncode != 0 or not shutil.which("runuser"):
                raise PostgresUnavailable("running as root without a postgres account")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self.base = Path(base)
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"
        self.user = user
        self.max_connections = max_connections
        self.timeout = timeout
        self.port = 0
        self.running = False

    @property
    def server_url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self.as_user, *args], check=check, capture_output=True, text=True,
                              timeout=self.timeout)

    def init(self) -> "PostgresCluster":
        self.base.mkdir(parents=True, exist_ok=True)
        if self.as_user:
            os.chmod(self.base, 0o777)
            for parent in list(self.base.parents)[:3]:
                os.chmod(parent, os.stat(parent).st_mode | 0o011)
        self.port = free_port()
        self._run(self.initdb, "-D", str(self.data), "-A", "trust", "-U", self.user, "--no-sync")
        return self

    def start(self) -> "PostgresCluster":
        if not self.port:
            self.init()
        options = (f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
                   f"-c max_connections={self.max_connections}")
        done = self._run(self.pg_ctl, "-D", str(self.data), "-l", str(self.log), "-o", options,
                         "-t", str(int(self.timeout)), "-w", "start", check=False)
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {done.stderr or done.stdout}\n{self.log_tail()}")
        self.running = True
        return self

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: disconnect clients, keep everything committed)."""
        if not self.data.exists():
            return
        self._run(self.pg_ctl, "-D", str(self.data), "-m", mode, "-t", str(int(self.timeout)), "-w", "stop",
                  check=False)
        self.running = False

    def create_database(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        engine = create_engine(f"{self.server_url}/postgres")
        try:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            engine.dispose()
        return f"{self.server_url}/{name}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> "PostgresCluster":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop("immediate")
