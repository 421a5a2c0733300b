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
from typing import Any

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
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel

Progress = Callable[[int, int, str], None]
Row = dict[str, Any]


def table_of(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def stored_timestamp(moment: datetime) -> str:
    """The text SQLAlchemy's SQLite DATETIME stores for an aware datetime (converted to UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def _stored_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _stored_datetime(value: datetime | None) -> str | None:
    return None if value is None else stored_timestamp(value)


def _converter(kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    impl = kind.impl_instance if isinstance(kind, TypeDecorator) else kind
    if isinstance(impl, DateTime):
        return _stored_datetime
    if isinstance(impl, Date):
        return _stored_date
    return None


class BulkWriter:
    def __init__(self, session: Session, stamp: datetime) -> None:
        self.session = session
        self._stamp = stored_timestamp(stamp)
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
        keys = list(rows[0])
        stmt = insert(table)
        if "created_at" in table.c:
            stamp: ColumnElement[Any] = literal_column(f"'{self._stamp}'")
            stmt = stmt.values(created_at=stamp, updated_at=stamp)
        connection = self.session.connection()
        compiled = stmt.compile(dialect=connection.dialect, column_keys=keys)
        order = list(compiled.positiontup or ())
        missing = [key for key in order if key not in rows[0]]
        if missing:  # columns with a Python-side default must be given: no per-row defaults here
            raise ValueError(f"{table.name}: rows lack {', '.join(missing)}")
        dated = [(key, conv) for key in order if (conv := _converter(table.c[key].type)) is not None]
        for row in rows:
            for key, conv in dated:
                row[key] = conv(row[key])
        getter = operator.itemgetter(*order)
        params = [getter(row) for row in rows] if len(order) > 1 else [(getter(row),) for row in rows]
        connection.exec_driver_sql(str(compiled), params)
        self.counts[table.name] += len(rows)
