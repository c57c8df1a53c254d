"""Engine, sessions and the declarative base shared by every model."""
from __future__ import annotations

import json
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, TypeVar

from sqlalchemy import (JSON, DateTime, MetaData, Select, String, any_, bindparam, cast, column, create_engine, event,
                        func, select, true)
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

T = TypeVar("T")

# Stable constraint names so Alembic migrations read the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Timestamps stored in UTC and always returned aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}


POOL_SIZE, POOL_OVERFLOW = 8, 4


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            # WAL lets the web process read while a worker writes; FKs are off by default in SQLite.
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # Sized to the threads of one process (the Procfile's gunicorn runs 8), so a burst reuses
    # connections instead of opening and closing overflow ones. No ping per checkout: it was a
    # second round trip on every request. A connection the server dropped fails its statement,
    # SQLAlchemy then discards every connection of the pool opened before it, and
    # `Database.one_statement` runs the statement again on a fresh one.
    return create_engine(url, pool_size=POOL_SIZE, max_overflow=POOL_OVERFLOW, pool_pre_ping=False,
                         pool_use_lifo=True)


class Database:
    """One engine and session factory per process."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def one_statement(self, work: Callable[[Connection], T]) -> T:
        """Run `work`, which issues ONE statement, as its own transaction: in autocommit, so it
        is one round trip instead of BEGIN, statement, COMMIT, and durable once it returns.
        Run once more if the connection turned out dead (safe: the first attempt kept nothing).
        """
        try:
            return self._autocommit(work)
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
        return self._autocommit(work)

    def _autocommit(self, work: Callable[[Connection], T]) -> T:
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            return work(connection)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()


def insert_ignoring_duplicates(session: Session | Connection, model, rows: list[dict],
                               unique_column: str) -> list[int]:
    """Insert rows, skipping any whose unique column already exists; returns the new ids.

    One atomic statement on both backends, so two processes racing on the same
    key can never both win.
    """
    return list(inserted_by_key(session, model, rows, unique_column).values())


def dialect_of(session: Session | Connection) -> str:
    """"postgresql" or "sqlite": which backend a session or connection talks to."""
    return session.dialect.name if isinstance(session, Connection) else session.get_bind().dialect.name


def insert_for(session: Session | Connection):
    """The database's own INSERT construct, which knows ON CONFLICT (PostgreSQL or SQLite)."""
    dialect = dialect_of(session)
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # pragma: no cover - only the two supported backends
        raise RuntimeError(f"unsupported database {dialect}")
    return insert


def inserted_by_key(session: Session | Connection, model, rows: list[dict], unique_column: str) -> dict[Any, int]:
    """`insert_ignoring_duplicates`, answering unique value -> new id."""
    if not rows:
        return {}
    # The rows go as parameters of one cached statement (not VALUES baked into a new
    # statement each time, which SQLAlchemy would compile on every call).
    table = model.__table__
    statement = (insert_for(session)(table).on_conflict_do_nothing(index_elements=[unique_column])
                 .returning(table.c[unique_column], table.c.id))
    return dict(session.execute(statement, rows).all())


def is_in(session: Session, column, values: Iterable[Any]) -> ColumnElement[bool]:
    """`column IN values` with the values passed as ONE parameter (an array on PostgreSQL,
    a JSON list on SQLite), so a long list neither grows the statement nor runs into the
    backends' limits on parameters."""
    values = list(values)
    if dialect_of(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        return column == any_(bindparam(None, values, type_=ARRAY(column.type)))
    listed = func.json_each(bindparam(None, json.dumps(values), type_=String)).table_valued("value")
    return column.in_(select(listed.c.value))


def json_rows(session: Session, rows: list[dict[str, Any]], columns: dict[str, Any]) -> Select:
    """A SELECT yielding `rows` (dicts holding `columns`, name -> SQL type), all sent as ONE
    JSON parameter: set-based inserts of any number of rows in one statement."""
    document = bindparam(None, json.dumps(rows, default=str), type_=String)
    if dialect_of(session) == "postgresql":
        from sqlalchemy.dialects.postgresql import JSON as PG_JSON

        records = (func.json_to_recordset(cast(document, PG_JSON))
                   .table_valued(*(column(name, kind) for name, kind in columns.items()))
                   .render_derived(with_types=True))
        return select(*(records.c[name] for name in columns))
    each = func.json_each(document).table_valued("value")
    return select(*(cast(func.json_extract(each.c.value, f"$.{name}"), kind).label(name)
                    if not isinstance(kind, JSON) else func.json_extract(each.c.value, f"$.{name}").label(name)
                    for name, kind in columns.items())).where(true())
