"""The read service behind every lazy list: ``count(filter)`` and ``page(filter, sort, offset, limit)``.

A ``ListSpec`` names a table, its columns (label, SQL expression, sortable), the normalised
search column and optional extra filters. All filtering and sorting is SQL on indexed
columns, so pages stay instant at 100,000 rows. Runs on the workspace's read-only engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.sql import FromClause

from intervet_desktop.core.text import like_pattern
from intervet_desktop.db.workspace import Workspace


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    expr: ColumnElement[Any]
    sort_expr: ColumnElement[Any] | None = None
    sortable: bool = True
    kind: str = "text"  # text | date | money | int | bool | country | enum
    width: int = 120


@dataclass(frozen=True)
class ListSpec:
    name: str
    source: FromClause
    id_expr: ColumnElement[Any]
    columns: Sequence[Column]
    search_expr: ColumnElement[Any]
    default_sort: str
    base_where: Sequence[ColumnElement[bool]] = ()
    filters: Mapping[str, Callable[[Any], ColumnElement[bool]]] = field(default_factory=dict)
    # a cheaper FROM for counting, when filters and search use only its columns (no joins)
    count_source: FromClause | None = None

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False


def _where(spec: ListSpec, flt: ListFilter) -> list[ColumnElement[bool]]:
    clauses = list(spec.base_where)
    if flt.text.strip():
        for word in flt.text.split():
            clauses.append(spec.search_expr.like(like_pattern(word), escape="\\"))
    for key, value in flt.values.items():
        if value is None or value == "":
            continue
        clauses.append(spec.filters[key](value))
    return clauses


def count_query(spec: ListSpec, flt: ListFilter) -> Select[Any]:
    source = spec.count_source if spec.count_source is not None else spec.source
    return select(func.count()).select_from(source).where(*_where(spec, flt))


def page_query(spec: ListSpec, flt: ListFilter, sort: Sort | None, offset: int, limit: int) -> Select[Any]:
    sort = sort or Sort(spec.default_sort)
    column = spec.column(sort.key)
    order = column.sort_expr if column.sort_expr is not None else column.expr
    ordering = [order.desc() if sort.descending else order.asc()]
    id_order = spec.id_expr.desc() if sort.descending else spec.id_expr.asc()
    ordering.append(id_order)
    return (
        select(spec.id_expr, *(c.expr for c in spec.columns))
        .select_from(spec.source)
        .where(*_where(spec, flt))
        .order_by(*ordering)
        .offset(offset)
        .limit(limit)
    )


class ListReader:
    """Counts and pages of one list, on the read-only engine."""

    def __init__(self, workspace: Workspace, spec: ListSpec) -> None:
        self.workspace = workspace
        self.spec = spec

    def count(self, flt: ListFilter) -> int:
        with self.workspace.read_engine.connect() as conn:
            value: int = conn.execute(count_query(self.spec, flt)).scalar_one()
            return value

    def page(self, flt: ListFilter, sort: Sort | None, offset: int, limit: int) -> list[tuple[Any, ...]]:
        with self.workspace.read_engine.connect() as conn:
            return [tuple(row) for row in conn.execute(page_query(self.spec, flt, sort, offset, limit))]


def iter_rows(
    workspace: Workspace, spec: ListSpec, flt: ListFilter, sort: Sort | None, batch: int = 2000
) -> Iterator[tuple[Any, ...]]:
    """Every row of a list (for exports), in pages, without holding them all in memory."""
    reader = ListReader(workspace, spec)
    offset = 0
    while True:
        page = reader.page(flt, sort, offset, batch)
        yield from page
        if len(page) < batch:
            return
        offset += batch
