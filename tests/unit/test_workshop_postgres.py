"""The workshop store on a real PostgreSQL (psycopg 3): a throwaway cluster on a loopback port.

Skipped when PostgreSQL's ``initdb``/``pg_ctl`` are not installed. The cluster lives in a temporary
directory, listens on 127.0.0.1 only, and is stopped and removed at the end.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from ndl_explain.workshop import (
    Closed,
    NotFacilitator,
    WorkshopService,
    WorkshopStore,
    WrongCode,
    new_participant_token,
)
from ndl_explain.workshop.store import MIGRATIONS, SCHEMA_VERSION
from tests.scale.pgcluster import PostgresCluster, PostgresUnavailable

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pg_url(tmp_path_factory):
    try:
        cluster = PostgresCluster(tmp_path_factory.mktemp("pg"))
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    with cluster:
        yield cluster.create_database("ndl")


@pytest.fixture(scope="module")
def service(pg_url):
    store = WorkshopStore(pg_url)
    yield WorkshopService(store)
    store.dispose()


def test_several_processes_starting_at_once_migrate_once(pg_url):
    stores, errors = [], []

    def start():
        try:
            stores.append(WorkshopStore(pg_url))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(s.schema_version() == SCHEMA_VERSION for s in stores)
    for s in stores:
        s.dispose()


def test_a_whole_workshop_on_postgresql(service):
    created = service.create_workshop("On PostgreSQL", ["check", "reassure"])
    me = new_participant_token()
    q = "check-before:collect-more"
    service.answer(created.code, me, q, "true")
    service.answer(created.code, me, q, "false")  # replaces
    service.set_paper_votes(created.token, q, {"false": 2})
    result = service.results(created.token)[0].questions[1]
    assert {t.value: (t.phone, t.paper) for t in result.tallies}["false"] == (1, 2)
    service.close_step(created.token)
    with pytest.raises(Closed):
        service.answer(created.code, me, q, "true")
    service.next_step(created.token)
    rules = service.participant_view(created.code, me).step.questions[0].option_values()
    service.answer(created.code, me, "reassure", list(rules[:2]))
    assert "phone_votes" in service.export_csv(created.token)
    service.delete_workshop(created.token)
    with pytest.raises(WrongCode):
        service.join(created.code)
    with pytest.raises(NotFacilitator):
        service.facilitator_view(created.token)


def test_no_vote_lost_with_150_participants_on_postgresql(service):
    created = service.create_workshop("Full room", ["comfort"], ["maps"])
    tokens = [new_participant_token() for _ in range(150)]
    barrier = threading.Barrier(len(tokens))
    errors: list[BaseException] = []

    def run(i: int, token: str) -> None:
        try:
            barrier.wait()
            service.answer(created.code, token, "comfort:maps", str(i % 5 + 1))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert service.store.answer_rows(service.join(created.code).id) == 150
    tallies = {t.value: t.phone for t in service.results(created.token)[0].questions[0].tallies}
    assert tallies == {"1": 30, "2": 30, "3": 30, "4": 30, "5": 30}


def test_close_racing_with_answers_on_postgresql(service):
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
        service.close_step(created.token)

    threads = [threading.Thread(target=participant, args=(t,)) for t in tokens]
    threads.append(threading.Thread(target=facilitator))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert other == []
    assert service.store.answer_rows(service.join(created.code).id) == len(accepted)


def test_a_new_migration_runs_once_on_postgresql(pg_url):
    admin = WorkshopStore(pg_url.rsplit("/", 1)[0] + "/postgres", migrate=False)
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE ndl_migrate"))  # its own database: the others stay at the current version
    admin.dispose()
    store = WorkshopStore(pg_url.rsplit("/", 1)[0] + "/ndl_migrate")
    calls = []

    def to_next(conn):
        calls.append(1)
        conn.execute(text("ALTER TABLE ws_workshop ADD COLUMN room VARCHAR(40)"))

    upgraded = {**MIGRATIONS, SCHEMA_VERSION + 1: to_next}
    assert store.migrate(upgraded) == SCHEMA_VERSION + 1
    assert store.migrate(upgraded) == SCHEMA_VERSION + 1
    assert calls == [1]
    store.dispose()
