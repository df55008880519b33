"""Every database call gives up after a short time (issue 17, failure 5).

A database that accepts connections but never answers made the first workshop visitor wait 23 s
and the next 42 s: a 5 s connect timeout tried 4 times, then the next visitor did the same. Here a
listener plays that database: it accepts every connection and never sends a byte.
"""
from __future__ import annotations

import socket
import threading
import time

import pytest

from ndl_explain.workshop import Unavailable, WorkshopStore
from ndl_explain.workshop.store import DEFAULT_DB_TIMEOUT, db_timeout, make_engine


class SilentDatabase:
    """A TCP listener on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)  # kept open, never read from or written to

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://ndl@127.0.0.1:{self.port}/ndl"

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def silent():
    db = SilentDatabase()
    yield db
    db.close()


def in_thread(work, limit: float):
    """Run ``work`` in a thread; return (finished, its exception). A hang is reported, not waited out."""
    outcome: dict = {}

    def run():
        try:
            work()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    return not thread.is_alive(), outcome.get("error")


def test_the_timeout_is_about_3_seconds_and_configurable():
    assert DEFAULT_DB_TIMEOUT == 3
    assert db_timeout({}) == 3
    assert db_timeout({"NDL_DB_TIMEOUT": "1.5"}) == 1.5
    for bad in ("0", "-2", "soon", "nan", "inf"):
        assert db_timeout({"NDL_DB_TIMEOUT": bad}) == 3


def test_a_database_that_never_answers_is_given_up_after_one_timeout(silent):
    """One connection attempt, given up after the timeout: no retries that multiply the wait."""
    started = time.monotonic()
    finished, error = in_thread(lambda: WorkshopStore(silent.url), limit=20)
    assert finished, "the store was still waiting for the silent database after 20 s"
    assert isinstance(error, Unavailable), error
    assert len(silent.accepted) == 1, "one attempt, not one per retry"
    assert time.monotonic() - started < 3 * DEFAULT_DB_TIMEOUT  # far from the 23 s of the issue


def test_postgresql_statements_and_pool_waits_are_bounded_too():
    engine = make_engine("postgresql+psycopg://ndl@127.0.0.1:1/ndl", {"NDL_DB_TIMEOUT": "3"})
    try:
        assert engine.pool._timeout == 3  # waiting for a free pooled connection
    finally:
        engine.dispose()


def test_sqlite_waits_for_a_locked_database_at_most_the_timeout(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    try:
        assert store.engine.pool._timeout == DEFAULT_DB_TIMEOUT
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == DEFAULT_DB_TIMEOUT * 1000
    finally:
        store.dispose()


def test_connect_arguments_carry_every_timeout():
    from ndl_explain.workshop.store import postgres_connect_args

    args = postgres_connect_args({"NDL_DB_TIMEOUT": "3"})
    assert args["connect_timeout"] == 3
    assert "statement_timeout=3000" in args["options"] and "lock_timeout=3000" in args["options"]
    assert args["tcp_user_timeout"] == 3000
    assert postgres_connect_args({"NDL_DB_TIMEOUT": "0.5"})["connect_timeout"] == 2  # libpq's smallest
