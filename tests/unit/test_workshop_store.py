"""WorkshopStore: where the data lives, schema versions and migrations, and no vote lost under load."""
from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from ndl_explain.workshop import Closed, WorkshopService, WorkshopStore, new_participant_token
from ndl_explain.workshop.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaTooNew,
    default_database_url,
)


def test_default_is_an_sqlite_file_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("NDL_DATABASE_URL", raising=False)
    monkeypatch.setenv("NDL_DATA_DIR", str(tmp_path / "deep" / "data"))
    store = WorkshopStore()
    try:
        assert store.url == f"sqlite:///{tmp_path / 'deep' / 'data' / 'workshop.sqlite3'}"
        assert (tmp_path / "deep" / "data" / "workshop.sqlite3").exists()  # created automatically
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        store.dispose()


def test_data_dir_defaults_to_data_in_the_working_directory(tmp_path):
    assert default_database_url({}) == f"sqlite:///{(tmp_path / 'x').parent.cwd() / 'data' / 'workshop.sqlite3'}"
    assert default_database_url({"NDL_DATA_DIR": "  "}).endswith("/data/workshop.sqlite3")


def test_database_url_selects_another_database():
    url = "postgresql+psycopg://ndl@db.example/ndl"
    assert default_database_url({"NDL_DATABASE_URL": url, "NDL_DATA_DIR": "/x"}) == url


def test_schema_is_versioned_and_migration_is_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    store = WorkshopStore(url)
    assert store.schema_version() == SCHEMA_VERSION
    assert store.migrate() == SCHEMA_VERSION  # again: nothing to do, no error
    store.dispose()
    again = WorkshopStore(url)  # a second start of the site
    assert again.schema_version() == SCHEMA_VERSION
    again.dispose()


def test_a_new_migration_runs_once_and_keeps_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    store = WorkshopStore(url)
    service = WorkshopService(store)
    created = service.create_workshop("Before upgrade", ["check"])
    calls = []

    def to_next(conn):
        calls.append(1)
        conn.execute(text("ALTER TABLE ws_workshop ADD COLUMN room VARCHAR(40)"))

    upgraded = {**MIGRATIONS, SCHEMA_VERSION + 1: to_next}
    assert store.migrate(upgraded) == SCHEMA_VERSION + 1
    assert store.migrate(upgraded) == SCHEMA_VERSION + 1
    assert calls == [1]
    assert service.join(created.code).title == "Before upgrade"
    with pytest.raises(SchemaTooNew):
        store.migrate()  # this code only knows the older version: refuse, do not damage
    store.dispose()


def test_a_failed_migration_leaves_the_old_version(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")

    def broken(conn):
        conn.execute(text("ALTER TABLE ws_workshop ADD COLUMN half VARCHAR(4)"))
        raise RuntimeError("migration bug")

    with pytest.raises(RuntimeError):
        store.migrate({**MIGRATIONS, SCHEMA_VERSION + 1: broken})
    assert store.schema_version() == SCHEMA_VERSION
    with store.engine.connect() as conn:
        columns = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(ws_workshop)")]
    assert "half" not in columns  # the whole migration was rolled back
    store.dispose()


def test_several_processes_starting_at_once_migrate_once(tmp_path):
    url = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    errors, stores = [], []

    def start():
        try:
            stores.append(WorkshopStore(url))
        except Exception as exc:  # noqa: BLE001 - collected and asserted
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert stores[0].schema_version() == SCHEMA_VERSION
    for s in stores:
        s.dispose()


# -- no vote lost --------------------------------------------------------------------------------
def _answer_together(service, code, tokens, question_id, value_for):
    """Every token answers at the same moment (a barrier releases all threads at once)."""
    barrier = threading.Barrier(len(tokens))
    errors: list[BaseException] = []

    def run(i, token):
        try:
            barrier.wait()
            service.answer(code, token, question_id, value_for(i))
        except BaseException as exc:  # noqa: BLE001 - collected and asserted
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(tokens)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors, time.perf_counter() - started


def test_no_vote_lost_with_150_participants_answering_in_the_same_second(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'room.sqlite3'}")
    service = WorkshopService(store)
    created = service.create_workshop("Full room", ["comfort"], ["maps"])
    tokens = [new_participant_token() for _ in range(150)]
    errors, seconds = _answer_together(service, created.code, tokens, "comfort:maps", lambda i: str(i % 5 + 1))
    assert errors == []
    workshop = service.join(created.code)
    assert store.answer_rows(workshop.id) == 150  # every answer stored exactly once
    tallies = {t.value: t.phone for t in service.results(created.token)[0].questions[0].tallies}
    assert tallies == {"1": 30, "2": 30, "3": 30, "4": 30, "5": 30}
    # The same 150 people all change their minds at once: still 150 answers, all replaced.
    errors, _ = _answer_together(service, created.code, tokens, "comfort:maps", lambda i: "3")
    assert errors == []
    assert store.answer_rows(workshop.id) == 150
    tallies = {t.value: t.phone for t in service.results(created.token)[0].questions[0].tallies}
    assert tallies == {"1": 0, "2": 0, "3": 150, "4": 0, "5": 0}
    assert seconds < 30
    store.dispose()


def test_one_participant_double_tapping_from_many_threads_is_one_answer(tmp_path):
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    service = WorkshopService(store)
    created = service.create_workshop("Taps", ["comfort"], ["maps"])
    me = new_participant_token()
    errors, _ = _answer_together(service, created.code, [me] * 40, "comfort:maps", lambda i: str(i % 5 + 1))
    assert errors == []
    assert store.answer_rows(service.join(created.code).id) == 1
    store.dispose()


def test_close_racing_with_answers_never_keeps_an_answer_after_closing(tmp_path):
    """Answers either land before the close or are refused with Closed: none slip in after it."""
    store = WorkshopStore(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    service = WorkshopService(store)
    created = service.create_workshop("Race", ["comfort"], ["maps"])
    tokens = [new_participant_token() for _ in range(60)]
    barrier = threading.Barrier(len(tokens) + 1)
    accepted, refused, other = [], [], []

    def participant(token):
        barrier.wait()
        try:
            service.answer(created.code, token, "comfort:maps", "2")
            accepted.append(token)
        except Closed:
            refused.append(token)
        except BaseException as exc:  # noqa: BLE001
            other.append(exc)

    def facilitator():
        barrier.wait()
        time.sleep(0.005)
        service.close_step(created.token)

    threads = [threading.Thread(target=participant, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=facilitator))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    assert len(accepted) + len(refused) == 60
    assert store.answer_rows(service.join(created.code).id) == len(accepted)
    store.dispose()


def test_nothing_identifying_is_stored(tmp_path):
    path = tmp_path / "w.sqlite3"
    store = WorkshopStore(f"sqlite:///{path}")
    con = sqlite3.connect(path)
    columns = {
        (table, row[1])
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        for row in con.execute(f"PRAGMA table_info({table})")
    }
    con.close()
    names = {c for _, c in columns}
    for forbidden in ("name", "email", "ip", "ip_address", "user_agent", "address", "phone"):
        assert forbidden not in names
    store.dispose()
