"""Bulk writing for the demo: explicit ids, one timestamp for every row, counts, progress.

The INSERT is compiled by SQLAlchemy from the model's table (so it stays portable SQL), and the
rows go to the driver's ``executemany`` inside the session's transaction, with dates and datetimes
converted exactly as SQLAlchemy stores them on SQLite (``YYYY-MM-DD`` and
``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC). Going through ``session.execute(insert(Model), rows)``
spent about 60 % of the build in per-value parameter processing (the aware ``UTCDateTime`` and
``Date`` processors): 100,000 mobilities write about two million rows, and the command must finish
in well under a minute. Tests read the rows back through the models to check the stored form.
"""

from __future__ import annotations

import itertools
import operator
import queue
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Table,
    TypeDecorator,
    func,
    insert,
    literal_column,
    select,
)
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel

_SQLITE = SQLiteDialect_pysqlite()

Progress = Callable[[int, int, str], None]
Row = dict[str, Any]


def table_of(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def stored_timestamp(moment: datetime) -> str:
    """The text SQLAlchemy's SQLite DATETIME stores for an aware datetime (converted to UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


class _IsoDates(dict[date | None, str | None]):
    """``date`` -> ISO text, remembered: ``date.isoformat`` costs most of a microsecond and a demo
    stores a couple of million dates drawn from a few thousand days."""

    def __missing__(self, day: date) -> str:
        text = self[day] = day.isoformat()
        return text


_ISO = _IsoDates({None: None})
_CLOCK = [[f" {hour:02d}:{minute:02d}:00.000000" for minute in range(60)] for hour in range(24)]


def stored_at(on: date, hour: int, minute: int) -> str:
    """The stored text of ``on`` at hour:minute UTC, without building a datetime (millions of rows)."""
    return _ISO[on] + _CLOCK[hour][minute]  # type: ignore[operator]


def _stored_datetime(value: datetime | None) -> str | None:
    return None if value is None else stored_timestamp(value)


def _is_date(kind: TypeEngine[Any]) -> bool:
    impl = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    return isinstance(impl, Date)


def _is_datetime(kind: TypeEngine[Any]) -> bool:
    impl = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    return isinstance(impl, DateTime)


class RowSink(Protocol):
    """Where generated rows go: this process's ``BulkWriter`` or the worker's ``ChunkEncoder``."""

    def id_source(self, model: type[SQLModel]) -> Callable[[], int]: ...

    def insert(self, model: type[SQLModel], rows: Sequence[Row]) -> None: ...


class BulkWriter:
    def __init__(self, session: Session, stamp: datetime) -> None:
        self.session = session
        self.stamp = stored_timestamp(stamp)
        self._next: dict[str, Callable[[], int]] = {}
        self._tables: dict[type[SQLModel], Table] = {}
        self.counts: Counter[str] = Counter()
        self._queue: queue.Queue[tuple[type[SQLModel], Sequence[Row]] | None] | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    # ------------------------------------------------------------------ overlap
    @contextmanager
    def in_background(self) -> Iterator[None]:
        """Inserts run on a second thread while the caller generates the next rows.

        On two cores this overlaps Python (generating) with SQLite (``sqlite3_step`` runs
        without the GIL). Only the writer thread touches the session meanwhile, so every id
        source must exist before entering; ``new_id`` of a new table is refused inside.
        """
        self._queue = queue.Queue(maxsize=3)
        self._thread = threading.Thread(target=self._drain, name="demo-writer", daemon=True)
        self._thread.start()
        try:
            yield
        finally:
            self._queue.put(None)
            self._thread.join()
            self._queue = self._thread = None
        if self._failure is not None:
            raise self._failure

    def _drain(self) -> None:
        assert self._queue is not None
        while (item := self._queue.get()) is not None:
            if self._failure is None:
                try:
                    self._insert_now(*item)
                except BaseException as exc:  # handed to the generating thread
                    self._failure = exc

    def _table(self, model: type[SQLModel]) -> Table:
        table = self._tables.get(model)
        if table is None:
            table = self._tables[model] = table_of(model)
        return table

    def new_id(self, model: type[SQLModel]) -> int:
        return self.id_source(model)()

    def id_source(self, model: type[SQLModel]) -> Callable[[], int]:
        """A function giving the table's next free id (the same sequence as ``new_id``)."""
        table = self._table(model)
        source = self._next.get(table.name)
        if source is None:
            assert self._queue is None, "create id sources before in_background()"
            first = int(self.session.execute(select(func.max(table.c.id))).scalar() or 0) + 1
            source = self._next[table.name] = itertools.count(first).__next__
        return source

    def insert(self, model: type[SQLModel], rows: Sequence[Row]) -> None:
        """Insert rows that all have the same keys; ``created_at``/``updated_at`` are filled here.

        Date and datetime values in ``rows`` are replaced by their stored text: the caller hands
        the list over and must not reuse it.
        """
        if not rows:
            return
        if self._queue is not None:
            if self._failure is not None:
                raise self._failure
            self._queue.put((model, rows))
        else:
            self._insert_now(model, rows)

    def _insert_now(self, model: type[SQLModel], rows: Sequence[Row]) -> None:
        table = self._table(model)
        self.execute_prepared(table.name, *prepare_insert(table, rows, self.stamp))

    def execute_prepared(self, table_name: str, sql: str, params: list[tuple[Any, ...]]) -> None:
        """Run an INSERT made by ``prepare_insert`` (here or in the worker process)."""
        self.session.connection().exec_driver_sql(sql, params)
        self.counts[table_name] += len(params)

    def resume_ids(self, next_ids: dict[str, int]) -> None:
        """Continue the tables' id sequences after ids were handed out elsewhere (the worker)."""
        for name, first in next_ids.items():
            self._next[name] = itertools.count(first).__next__


def prepare_insert(table: Table, rows: Sequence[Row], stamp: str) -> tuple[str, list[tuple[Any, ...]]]:
    """The INSERT for rows that all have the same keys, and the rows as parameter tuples.

    ``created_at``/``updated_at`` become the literal ``stamp``. Dates and datetimes become their
    stored text unless the caller gave text already (see ``stored_at``); ``StrEnum`` members
    become plain ``str`` (the driver adapts a ``str`` subclass several times slower).
    """
    keys = list(rows[0])
    stmt = insert(table)
    if "created_at" in table.c:
        literal: ColumnElement[Any] = literal_column(f"'{stamp}'")
        stmt = stmt.values(created_at=literal, updated_at=literal)
    compiled = stmt.compile(dialect=_SQLITE, column_keys=keys)
    order = list(compiled.positiontup or ())
    missing = [key for key in order if key not in rows[0]]
    if missing:  # columns with a Python-side default must be given: no per-row defaults here
        raise ValueError(f"{table.name}: rows lack {', '.join(missing)}")
    plain = str.__str__
    iso = _ISO
    for key in order:
        sample = next((row[key] for row in rows if row[key] is not None), None)
        if isinstance(sample, str):
            if type(sample) is not str:  # a StrEnum member
                for row in rows:
                    if (value := row[key]) is not None:
                        row[key] = plain(value)
        elif _is_date(table.c[key].type):
            for row in rows:
                row[key] = iso[row[key]]
        elif _is_datetime(table.c[key].type):
            for row in rows:
                row[key] = _stored_datetime(row[key])
    getter = operator.itemgetter(*order)
    params = [getter(row) for row in rows] if len(order) > 1 else [(getter(row),) for row in rows]
    return str(compiled), params
