"""WorkshopStore: the workshop tables in SQLite (default) or PostgreSQL, with versioned migrations.

Configuration (environment):
- ``NDL_DATABASE_URL``: an SQLAlchemy URL, e.g. ``postgresql+psycopg://user@host/ndl``.
  When unset, an SQLite file ``workshop.sqlite3`` in ``NDL_DATA_DIR`` (default ``./data``),
  created automatically, in WAL mode.
- ``NDL_DB_POOL_SIZE`` / ``NDL_DB_MAX_OVERFLOW``: connections per process (PostgreSQL; default 5 / 10).
  With N processes sharing one PostgreSQL, keep N × (pool + overflow) below its ``max_connections``.
- ``NDL_DB_TIMEOUT``: seconds any database call may wait (default 3): to connect, for a statement or
  a lock, for a free pooled connection, and in all for a call with its retries. After that the call
  raises ``Unavailable`` and the workshop pages say live voting is not available.

The store holds no names, e-mail or IP addresses: participants are kept only as a hash of a random
key their browser keeps, and facilitators as a hash of their secret link token. The limits on
guessing join codes and on creating workshops keep, for at most an hour, a keyed hash of the
client address (``address_key``), never the address.

Writes that must not interleave (an answer and a "close activity") run in one transaction that
locks the workshop row: ``BEGIN IMMEDIATE`` on SQLite, ``SELECT ... FOR SHARE / FOR UPDATE`` on
PostgreSQL. Answers are upserts keyed by (workshop, question, participant), so a repeat replaces.
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from .errors import Closed, Expired, Finished, NotCurrent, Unavailable, WrongCode

log = logging.getLogger(__name__)

T = TypeVar("T")

SQLITE_FILE_NAME = "workshop.sqlite3"
MIGRATION_LOCK_ID = 6_2025_0606  # PostgreSQL advisory lock taken while migrating

# ---------------------------------------------------------------------------------------------
# Schema. SCHEMA_VERSION is the version these Table objects describe. To change the schema:
# edit the tables below, add a function to MIGRATIONS that brings version N-1 up to N with
# explicit DDL (ALTER TABLE ...), and raise SCHEMA_VERSION. Migration 1 creates the first tables.
# ---------------------------------------------------------------------------------------------
SCHEMA_VERSION = 2

metadata = MetaData()

schema_version = Table(
    "ndl_schema_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
)

workshops = Table(
    "ws_workshop",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("created_at", BigInteger, nullable=False),
    Column("expires_at", BigInteger, nullable=False, index=True),
    Column("current_position", Integer, nullable=False, default=0),
    Column("step_count", Integer, nullable=False),
    Column("free_text", Boolean, nullable=False, default=False),
)

steps = Table(
    "ws_step",
    metadata,
    Column("workshop_id", Integer, ForeignKey("ws_workshop.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("step_id", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("scenario_id", String(100), nullable=True),
    Column("status", String(10), nullable=False),  # ready | open | closed
    Column("results_shown", Boolean, nullable=False, default=False),
)

answers = Table(
    "ws_answer",
    metadata,
    Column("workshop_id", Integer, ForeignKey("ws_workshop.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(200), primary_key=True),
    Column("participant", String(64), primary_key=True),
    Column("step_position", Integer, nullable=False),
    Column("value", String(400), nullable=False),
)

paper_votes = Table(
    "ws_paper_vote",
    metadata,
    Column("workshop_id", Integer, ForeignKey("ws_workshop.id", ondelete="CASCADE"), primary_key=True),
    Column("question_id", String(200), primary_key=True),
    Column("value", String(100), primary_key=True),
    Column("count", Integer, nullable=False),
)

comments = Table(
    "ws_comment",
    metadata,
    Column("workshop_id", Integer, ForeignKey("ws_workshop.id", ondelete="CASCADE"), primary_key=True),
    Column("step_position", Integer, primary_key=True),
    Column("participant", String(64), primary_key=True),
    Column("text", String(1000), nullable=False),
)

Index("ws_answer_by_question", answers.c.workshop_id, answers.c.question_id, answers.c.value)

WORKSHOP_TABLES = [workshops, steps, answers, paper_votes, comments]

# Version 2: the limits on wrong join codes and on new workshops, shared by every process.
limit_events = Table(
    "ws_limit_event",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # "wrong-code" | "create" | "create-all"
    Column("who", String(64), nullable=False),  # address_key(...), or "*" for a total
    Column("at", BigInteger, nullable=False),
)
Index("ws_limit_event_lookup", limit_events.c.kind, limit_events.c.who, limit_events.c.at)
Index("ws_limit_event_at", limit_events.c.at)

secrets_table = Table(  # one random key per database, for address_key (shared by every process)
    "ws_secret",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("value", String(64), nullable=False),
)

LIMIT_TABLES = [limit_events, secrets_table]


def _migrate_to_1(conn: Connection) -> None:
    metadata.create_all(conn, tables=WORKSHOP_TABLES, checkfirst=True)


def _migrate_to_2(conn: Connection) -> None:
    metadata.create_all(conn, tables=LIMIT_TABLES, checkfirst=True)


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_to_1, 2: _migrate_to_2}


class SchemaTooNew(RuntimeError):
    """The database was migrated by a newer version of the site than this one."""


# ---------------------------------------------------------------------------------------------
# Plain records handed to the service (no SQLAlchemy objects leak out).
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class WorkshopRow:
    id: int
    code: str
    title: str
    created_at: int
    expires_at: int
    current_position: int
    step_count: int
    free_text: bool


@dataclass(frozen=True)
class StepRow:
    position: int
    step_id: str
    kind: str
    scenario_id: str | None
    status: str
    results_shown: bool


@dataclass(frozen=True)
class NewStep:
    step_id: str
    kind: str
    scenario_id: str | None


def default_database_url(env: Mapping[str, str] | None = None) -> str:
    """``NDL_DATABASE_URL``, or an SQLite file in ``NDL_DATA_DIR`` (default ``./data``)."""
    env = os.environ if env is None else env
    url = env.get("NDL_DATABASE_URL", "").strip()
    if url:
        return url
    data_dir = Path(env.get("NDL_DATA_DIR", "").strip() or "data")
    return f"sqlite:///{(data_dir / SQLITE_FILE_NAME).resolve()}"


def _int_env(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return max(1, int(env.get(name, default)))
    except (TypeError, ValueError):
        return default


DEFAULT_DB_TIMEOUT = 3  # seconds: connect, statement, lock, pool wait, and a call's retries in all


def db_timeout(env: Mapping[str, str] | None = None) -> float:
    """``NDL_DB_TIMEOUT`` in seconds (default 3); anything that is not a positive number gives the default."""
    env = os.environ if env is None else env
    try:
        value = float(env.get("NDL_DB_TIMEOUT", DEFAULT_DB_TIMEOUT))
    except (TypeError, ValueError):
        return DEFAULT_DB_TIMEOUT
    if not math.isfinite(value) or value <= 0:
        return DEFAULT_DB_TIMEOUT
    return int(value) if value == int(value) else value


def postgres_connect_args(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """libpq settings so that no PostgreSQL call waits longer than ``db_timeout``: to connect (whole
    seconds, at least 2, libpq's smallest), for a statement or a lock (server side), and for data the
    network does not acknowledge (a cut cable: ``tcp_user_timeout``)."""
    seconds = db_timeout(env)
    millis = int(seconds * 1000)
    return {
        "connect_timeout": max(2, math.ceil(seconds)),
        "options": f"-c statement_timeout={millis} -c lock_timeout={millis}",
        "tcp_user_timeout": millis,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }


def make_engine(url: str, env: Mapping[str, str] | None = None) -> Engine:
    """An engine set up for concurrent short transactions on SQLite or PostgreSQL, every wait bounded
    by ``db_timeout``. Statement parameters (join codes, token hashes) never go into error messages
    or logs (``hide_parameters``)."""
    env = os.environ if env is None else env
    parsed = make_url(url)
    timeout = db_timeout(env)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"timeout": timeout, "check_same_thread": False},
            pool_size=5,
            max_overflow=10,
            pool_timeout=timeout,
            hide_parameters=True,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred and
            # breaks BEGIN IMMEDIATE); see the SQLAlchemy SQLite dialect notes.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: no corruption on a crash
            cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # pragma: no cover - exercised by every test
            write = conn.get_execution_options().get("ndl_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql":
        connect_args = {k: v for k, v in postgres_connect_args(env).items() if k not in parsed.query}
    return create_engine(
        url,
        connect_args=connect_args,
        pool_size=_int_env(env, "NDL_DB_POOL_SIZE", 5),
        max_overflow=_int_env(env, "NDL_DB_MAX_OVERFLOW", 10),
        pool_pre_ping=True,
        pool_recycle=1800,
        pool_timeout=timeout,
        hide_parameters=True,
    )


def _transient(exc: Exception) -> bool:
    """Errors worth one more try: a dropped connection or a busy/locked database."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    return isinstance(exc, OperationalError)


class WorkshopStore:
    """All SQL for workshops. Every public method is one short transaction."""

    RETRY_DELAYS = (0.05, 0.25, 1.0)

    def __init__(self, url: str | None = None, *, engine: Engine | None = None, migrate: bool = True,
                 timeout: float | None = None):
        self.url = url or default_database_url()
        self.engine = engine or make_engine(self.url)
        self.dialect = self.engine.dialect.name
        self.timeout = db_timeout() if timeout is None else timeout
        self._secret: str | None = None
        if migrate:
            self.migrate()

    # -- plumbing -----------------------------------------------------------------------------
    @contextmanager
    def _write(self):
        with self.engine.connect().execution_options(ndl_write=True) as conn:
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self):
        with self.engine.connect() as conn:
            with conn.begin():
                yield conn

    def _retry(self, work: Callable[[], T]) -> T:
        """Run ``work``; on a dropped connection or a locked database wait and try again, but only
        while the call's whole time stays within ``timeout`` (a database that does not answer is
        given up after one wait, not one per try)."""
        started = time.monotonic()
        for attempt, delay in enumerate((*self.RETRY_DELAYS, None)):
            try:
                return work()
            except (OperationalError, DBAPIError) as exc:
                late = delay is not None and time.monotonic() - started + delay >= self.timeout
                if not _transient(exc) or delay is None or late:
                    # The error's class only: its text can hold SQL, and the log must hold no codes.
                    log.warning("workshop database unavailable after %d tries (%.1f s): %s", attempt + 1,
                                time.monotonic() - started, type(getattr(exc, "orig", exc)).__name__)
                    raise Unavailable(type(getattr(exc, "orig", exc)).__name__) from exc
                time.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _lock_workshop(self, conn: Connection, where, *, exclusive: bool):
        """SELECT the workshop row, locking it on PostgreSQL (SQLite is locked by BEGIN IMMEDIATE)."""
        query = select(workshops).where(where)
        if self.dialect == "postgresql":
            query = query.with_for_update(read=not exclusive)
        return conn.execute(query).mappings().first()

    def _upsert(self, conn: Connection, table: Table, keys: dict[str, Any], values: dict[str, Any]) -> None:
        """Insert, or replace ``values`` when a row with ``keys`` exists (atomic on SQLite and PostgreSQL)."""
        if self.dialect in ("sqlite", "postgresql"):
            if self.dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            statement = insert(table).values(**keys, **values)
            statement = statement.on_conflict_do_update(index_elements=list(keys), set_=values)
            conn.execute(statement)
            return
        # Other databases: update, else insert inside a savepoint, and update if someone won the race.
        where = [table.c[k] == v for k, v in keys.items()]
        if conn.execute(update(table).where(*where).values(**values)).rowcount:
            return
        try:
            with conn.begin_nested():
                conn.execute(table.insert().values(**keys, **values))
        except IntegrityError:
            conn.execute(update(table).where(*where).values(**values))

    # -- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        def work() -> int:
            with self._read() as conn:
                if not self.engine.dialect.has_table(conn, schema_version.name):
                    return 0
                return conn.execute(select(schema_version.c.version).where(schema_version.c.id == 1)).scalar() or 0

        return self._retry(work)

    def migrate(self, migrations: Mapping[int, Callable[[Connection], None]] | None = None) -> int:
        """Bring the database up to the newest version; safe when several processes start at once."""
        migrations = dict(MIGRATIONS if migrations is None else migrations)
        target = max(migrations) if migrations else 0

        def work() -> int:
            with self._write() as conn:
                if self.dialect == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID})
                metadata.create_all(conn, tables=[schema_version], checkfirst=True)
                current = conn.execute(
                    select(schema_version.c.version).where(schema_version.c.id == 1)
                ).scalar()
                if current is None:
                    conn.execute(schema_version.insert().values(id=1, version=0))
                    current = 0
                if current > target:
                    raise SchemaTooNew(
                        f"the workshop database is at version {current}, but this site only knows up to "
                        f"{target}: run the newer site, or point NDL_DATABASE_URL at another database"
                    )
                for version in range(current + 1, target + 1):
                    log.info("migrating workshop database to version %d", version)
                    migrations[version](conn)
                    conn.execute(update(schema_version).where(schema_version.c.id == 1).values(version=version))
                return target

        return self._retry(work)

    # -- workshops ----------------------------------------------------------------------------
    def create_workshop(
        self,
        *,
        code: str,
        token_hash: str,
        title: str,
        created_at: int,
        expires_at: int,
        free_text: bool,
        new_steps: Iterable[NewStep],
    ) -> int | None:
        """Insert a workshop with its steps (the first one open). None when the code is taken."""
        new_steps = list(new_steps)

        def work() -> int | None:
            try:
                with self._write() as conn:
                    workshop_id = conn.execute(
                        workshops.insert().values(
                            code=code,
                            token_hash=token_hash,
                            title=title,
                            created_at=created_at,
                            expires_at=expires_at,
                            current_position=0,
                            step_count=len(new_steps),
                            free_text=free_text,
                        )
                    ).inserted_primary_key[0]
                    conn.execute(
                        steps.insert(),
                        [
                            {
                                "workshop_id": workshop_id,
                                "position": position,
                                "step_id": step.step_id,
                                "kind": step.kind,
                                "scenario_id": step.scenario_id,
                                "status": "open" if position == 0 else "ready",
                                "results_shown": False,
                            }
                            for position, step in enumerate(new_steps)
                        ],
                    )
                    return int(workshop_id)
            except IntegrityError:
                return None

        return self._retry(work)

    @staticmethod
    def _workshop(row) -> WorkshopRow:
        return WorkshopRow(
            id=row["id"],
            code=row["code"],
            title=row["title"],
            created_at=row["created_at"],
            expires_at=row["expires_at"],
            current_position=row["current_position"],
            step_count=row["step_count"],
            free_text=bool(row["free_text"]),
        )

    @staticmethod
    def _step(row) -> StepRow:
        return StepRow(
            position=row["position"],
            step_id=row["step_id"],
            kind=row["kind"],
            scenario_id=row["scenario_id"],
            status=row["status"],
            results_shown=bool(row["results_shown"]),
        )

    def find_by_code(self, code: str) -> WorkshopRow | None:
        def work():
            with self._read() as conn:
                row = conn.execute(select(workshops).where(workshops.c.code == code)).mappings().first()
                return self._workshop(row) if row else None

        return self._retry(work)

    def find_by_token_hash(self, token_hash: str) -> WorkshopRow | None:
        def work():
            with self._read() as conn:
                row = conn.execute(
                    select(workshops).where(workshops.c.token_hash == token_hash)
                ).mappings().first()
                return self._workshop(row) if row else None

        return self._retry(work)

    def load(self, workshop_id: int) -> tuple[WorkshopRow, list[StepRow]] | None:
        """The workshop and all its steps, read in one transaction (a consistent picture)."""

        def work():
            with self._read() as conn:
                row = conn.execute(select(workshops).where(workshops.c.id == workshop_id)).mappings().first()
                if row is None:
                    return None
                step_rows = conn.execute(
                    select(steps).where(steps.c.workshop_id == workshop_id).order_by(steps.c.position)
                ).mappings().all()
                return self._workshop(row), [self._step(s) for s in step_rows]

        return self._retry(work)

    def current_step(self, code: str) -> tuple[WorkshopRow, StepRow | None] | None:
        """The workshop with this code and the step it is on (None after the last step)."""

        def work():
            with self._read() as conn:
                row = conn.execute(select(workshops).where(workshops.c.code == code)).mappings().first()
                if row is None:
                    return None
                step = conn.execute(
                    select(steps).where(
                        steps.c.workshop_id == row["id"], steps.c.position == row["current_position"]
                    )
                ).mappings().first()
                return self._workshop(row), (self._step(step) if step else None)

        return self._retry(work)

    def set_position(self, workshop_id: int, position: int, *, open_it: bool) -> None:
        """Close the current step, move to ``position`` and (optionally) open that step."""

        def work():
            with self._write() as conn:
                row = self._lock_workshop(conn, workshops.c.id == workshop_id, exclusive=True)
                if row is None:
                    raise WrongCode()
                conn.execute(
                    update(steps)
                    .where(steps.c.workshop_id == workshop_id, steps.c.status == "open")
                    .values(status="closed")
                )
                conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(current_position=position))
                if open_it:
                    conn.execute(
                        update(steps)
                        .where(steps.c.workshop_id == workshop_id, steps.c.position == position)
                        .values(status="open")
                    )

        self._retry(work)

    def set_step(self, workshop_id: int, position: int, **values: Any) -> None:
        """Change ``status`` and/or ``results_shown`` of one step (opening it closes any other)."""

        def work():
            with self._write() as conn:
                row = self._lock_workshop(conn, workshops.c.id == workshop_id, exclusive=True)
                if row is None:
                    raise WrongCode()
                if values.get("status") == "open":
                    conn.execute(
                        update(steps)
                        .where(steps.c.workshop_id == workshop_id, steps.c.status == "open")
                        .values(status="closed")
                    )
                conn.execute(
                    update(steps).where(steps.c.workshop_id == workshop_id, steps.c.position == position).values(**values)
                )

        self._retry(work)

    def set_free_text(self, workshop_id: int, on: bool) -> None:
        def work():
            with self._write() as conn:
                conn.execute(update(workshops).where(workshops.c.id == workshop_id).values(free_text=on))

        self._retry(work)

    # -- answers ------------------------------------------------------------------------------
    def record_answer(
        self,
        *,
        workshop_id: int,
        step_position: int,
        question_id: str,
        participant: str,
        value: str,
        now: int,
    ) -> None:
        """Store (or replace) one participant's answer, only if that step is still the open one.

        The check and the write are one transaction with the workshop row locked against a
        concurrent "close" or "next", so no answer lands in a closed activity.
        """

        def work():
            with self._write() as conn:
                self._check_open(conn, workshop_id, step_position, now)
                self._upsert(
                    conn,
                    answers,
                    {"workshop_id": workshop_id, "question_id": question_id, "participant": participant},
                    {"value": value, "step_position": step_position},
                )

        self._retry(work)

    def record_comment(self, *, workshop_id: int, step_position: int, participant: str, text_: str, now: int) -> None:
        def work():
            with self._write() as conn:
                self._check_open(conn, workshop_id, step_position, now)
                self._upsert(
                    conn,
                    comments,
                    {"workshop_id": workshop_id, "step_position": step_position, "participant": participant},
                    {"text": text_},
                )

        self._retry(work)

    def _check_open(self, conn: Connection, workshop_id: int, step_position: int, now: int) -> None:
        row = self._lock_workshop(conn, workshops.c.id == workshop_id, exclusive=False)
        if row is None:
            raise WrongCode()
        if row["expires_at"] <= now:
            raise Expired()
        if row["current_position"] >= row["step_count"]:
            raise Finished()
        if row["current_position"] != step_position:
            raise NotCurrent()
        status = conn.execute(
            select(steps.c.status).where(steps.c.workshop_id == workshop_id, steps.c.position == step_position)
        ).scalar()
        if status != "open":
            raise Closed()

    def my_answers(self, workshop_id: int, participant: str, step_position: int) -> dict[str, str]:
        """One participant's own answers in one step (so their screen can show what they chose)."""

        def work():
            with self._read() as conn:
                rows = conn.execute(
                    select(answers.c.question_id, answers.c.value).where(
                        answers.c.workshop_id == workshop_id,
                        answers.c.participant == participant,
                        answers.c.step_position == step_position,
                    )
                ).all()
                return {q: v for q, v in rows}

        return self._retry(work)

    def my_comment(self, workshop_id: int, participant: str, step_position: int) -> str | None:
        def work():
            with self._read() as conn:
                return conn.execute(
                    select(comments.c.text).where(
                        comments.c.workshop_id == workshop_id,
                        comments.c.participant == participant,
                        comments.c.step_position == step_position,
                    )
                ).scalar()

        return self._retry(work)

    def answer_counts(self, workshop_id: int) -> list[tuple[str, str, int]]:
        """(question id, stored value, number of participants) for every answer given."""

        def work():
            with self._read() as conn:
                rows = conn.execute(
                    select(answers.c.question_id, answers.c.value, func.count())
                    .where(answers.c.workshop_id == workshop_id)
                    .group_by(answers.c.question_id, answers.c.value)
                ).all()
                return [(q, v, int(n)) for q, v, n in rows]

        return self._retry(work)

    def participant_count(self, workshop_id: int) -> int:
        def work():
            with self._read() as conn:
                return int(
                    conn.execute(
                        select(func.count(func.distinct(answers.c.participant))).where(
                            answers.c.workshop_id == workshop_id
                        )
                    ).scalar()
                    or 0
                )

        return self._retry(work)

    def answer_rows(self, workshop_id: int) -> int:
        """How many answers are stored (one per participant per question)."""

        def work():
            with self._read() as conn:
                return int(
                    conn.execute(select(func.count()).select_from(answers).where(answers.c.workshop_id == workshop_id)).scalar()
                    or 0
                )

        return self._retry(work)

    # -- paper votes and comments -------------------------------------------------------------
    def set_paper_votes(self, workshop_id: int, question_id: str, counts: Mapping[str, int]) -> None:
        """Replace the hand-counted votes for one question (a count of 0 removes that row)."""

        def work():
            with self._write() as conn:
                row = self._lock_workshop(conn, workshops.c.id == workshop_id, exclusive=True)
                if row is None:
                    raise WrongCode()
                conn.execute(
                    delete(paper_votes).where(
                        paper_votes.c.workshop_id == workshop_id, paper_votes.c.question_id == question_id
                    )
                )
                rows = [
                    {"workshop_id": workshop_id, "question_id": question_id, "value": value, "count": count}
                    for value, count in counts.items()
                    if count > 0
                ]
                if rows:
                    conn.execute(paper_votes.insert(), rows)

        self._retry(work)

    def paper_counts(self, workshop_id: int) -> list[tuple[str, str, int]]:
        def work():
            with self._read() as conn:
                rows = conn.execute(
                    select(paper_votes.c.question_id, paper_votes.c.value, paper_votes.c.count).where(
                        paper_votes.c.workshop_id == workshop_id
                    )
                ).all()
                return [(q, v, int(n)) for q, v, n in rows]

        return self._retry(work)

    def comment_texts(self, workshop_id: int) -> list[tuple[int, str]]:
        """(step position, text) of every comment, in no particular person's order."""

        def work():
            with self._read() as conn:
                rows = conn.execute(
                    select(comments.c.step_position, comments.c.text)
                    .where(comments.c.workshop_id == workshop_id)
                    .order_by(comments.c.step_position, comments.c.text)
                ).all()
                return [(int(p), t) for p, t in rows]

        return self._retry(work)

    # -- limits (wrong join codes, new workshops) -------------------------------------------------
    def address_key(self, address: str) -> str:
        """A keyed hash of a client address: the same address gives the same key in every process
        (the key is one random secret per database), and the address cannot be read back from it
        without that secret. Events with it are deleted after at most an hour (``add_limit_event``)."""
        if self._secret is None:
            def work() -> str:
                try:
                    with self._write() as conn:
                        found = conn.execute(select(secrets_table.c.value).where(secrets_table.c.id == 1)).scalar()
                        if found is None:
                            found = secrets.token_hex(32)
                            conn.execute(secrets_table.insert().values(id=1, value=found))
                        return found
                except IntegrityError:  # another process made it at the same moment: use theirs
                    with self._read() as conn:
                        return conn.execute(select(secrets_table.c.value).where(secrets_table.c.id == 1)).scalar_one()

            self._secret = self._retry(work)
        return hashlib.sha256(f"{self._secret}:{address}".encode()).hexdigest()[:40]

    def recent_limit_events(self, kind: str, who: str, since: int, limit: int) -> list[int]:
        """The times (newest first, at most ``limit``) of ``kind`` events for ``who`` after ``since``."""

        def work() -> list[int]:
            with self._read() as conn:
                return [int(at) for at in conn.execute(
                    select(limit_events.c.at)
                    .where(limit_events.c.kind == kind, limit_events.c.who == who, limit_events.c.at > since)
                    .order_by(limit_events.c.at.desc())
                    .limit(limit)
                ).scalars()]

        return self._retry(work)

    def add_limit_event(self, kind: str, who: str, at: int, *, forget_before: int) -> None:
        """Remember one event, and delete every event older than ``forget_before`` (all kinds)."""

        def work() -> None:
            with self._write() as conn:
                conn.execute(delete(limit_events).where(limit_events.c.at < forget_before))
                conn.execute(limit_events.insert().values(kind=kind, who=who, at=at))

        self._retry(work)

    def limit_event_count(self) -> int:
        def work() -> int:
            with self._read() as conn:
                return int(conn.execute(select(func.count()).select_from(limit_events)).scalar() or 0)

        return self._retry(work)

    # -- deleting -----------------------------------------------------------------------------
    def delete_workshop(self, workshop_id: int) -> None:
        """Remove the workshop and everything stored for it."""

        def work():
            with self._write() as conn:
                self._delete(conn, [workshop_id])

        self._retry(work)

    @staticmethod
    def _delete(conn: Connection, ids: list[int]) -> None:
        if not ids:
            return
        for table in (answers, paper_votes, comments, steps):
            conn.execute(delete(table).where(table.c.workshop_id.in_(ids)))
        conn.execute(delete(workshops).where(workshops.c.id.in_(ids)))

    def purge_expired(self, now: int) -> int:
        """Delete every workshop whose expiry time has passed; returns how many."""

        def work():
            with self._write() as conn:
                ids = list(conn.execute(select(workshops.c.id).where(workshops.c.expires_at <= now)).scalars())
                self._delete(conn, ids)
                return len(ids)

        return self._retry(work)

    def dispose(self) -> None:
        self.engine.dispose()
