"""The read service behind every lazy list: ``count(filter)`` and ``page(filter, sort, offset, limit)``.

A ``ListSpec`` names a table, its columns (label, SQL expression, sortable), the normalised
search column and optional extra filters. All filtering and sorting is SQL on indexed
columns, so pages stay instant at 100,000 rows. Runs on the workspace's read-only engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.sql import FromClause

from intervet_desktop.core.text import like_pattern, search_key
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

    @property
    def count_from(self) -> FromClause:
        """Where counting and finding the matches read: ``count_source`` or ``source``."""
        return self.count_source if self.count_source is not None else self.source

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)

    def narrows(self, wider: ListFilter) -> bool:
        """Whether every row this filter keeps, ``wider`` keeps too: the same choices, and each
        of its words inside one of ours (the user typed on: "mu" after "m")."""
        if dict(self.values) != dict(wider.values):
            return False
        ours = [search_key(word) for word in self.text.split()]
        return all(any(search_key(word) in mine for mine in ours) for word in wider.text.split())


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
    return select(func.count()).select_from(spec.count_from).where(*_where(spec, flt))


#: a text search with at most this many matches fetches their ids with its count; sorting that
#: many ids for a page stays under ~20 ms at 100,000 rows, while walking the sort order until a
#: page matches depends on where the matches lie (a rare word: every row is read)
FEW_MATCHES = 10_000


@dataclass(frozen=True)
class Matches:
    """How many rows a filter keeps and, when they are few, which (their ids)."""

    count: int
    ids: tuple[int, ...] | None = None


#: a page among more ids than this walks the sort column's index, probing each row's id
LOOKUP_MAX = 2_000


def _among(spec: ListSpec, ids: Sequence[int], *, walk: bool = False) -> ColumnElement[bool]:
    """``id IN ids`` with one JSON parameter: binding thousands of ids one by one costs more to
    compile than the query takes to run.

    By default SQLite fetches each id's row (quick for a few ids). ``walk``: ``id + 0`` hides
    the key, so a sorted page walks the sort column's index and reads only rows whose id is
    in the set: bounded by the index size, where fetching and sorting 10,000 rows is not.
    """
    values = func.json_each(json.dumps(list(ids))).table_valued("value")
    key = spec.id_expr + 0 if walk else spec.id_expr
    return key.in_(select(values.c.value))


def _ordering(spec: ListSpec, sort: Sort | None) -> list[ColumnElement[Any]]:
    sort = sort or Sort(spec.default_sort)
    column = spec.column(sort.key)
    order = column.sort_expr if column.sort_expr is not None else column.expr
    id_order = spec.id_expr.desc() if sort.descending else spec.id_expr.asc()
    return [order.desc() if sort.descending else order.asc(), id_order]


def page_query(
    spec: ListSpec,
    flt: ListFilter,
    sort: Sort | None,
    offset: int,
    limit: int,
    *,
    within: Sequence[int] | None = None,
) -> Select[Any]:
    """One page in the list's order: the page's ids first (sorting ids and sort keys only),
    then the displayed columns, whose look-ups run for those rows alone.

    ``within`` (the filter's matching ids, see ``ListReader.matches``) replaces the filter: a
    text search (``LIKE '%word%'``) cannot use an index, and walking the sort order until a
    page of rows matches reads every row of the table when the word is rare.
    """
    ordering = _ordering(spec, sort)
    if within is not None:
        where = [_among(spec, within, walk=len(within) > LOOKUP_MAX)]
    else:
        where = _where(spec, flt)
    page_ids = select(spec.id_expr).select_from(spec.source).where(*where)
    page_ids = page_ids.order_by(*ordering).offset(offset).limit(limit)
    return (
        select(spec.id_expr, *(c.expr for c in spec.columns))
        .select_from(spec.source)
        .where(spec.id_expr.in_(page_ids.scalar_subquery()))
        .order_by(*ordering)
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

    def matches(self, flt: ListFilter, *, among: Sequence[int] | None = None) -> Matches:
        """The filter's count, with the matching ids when a text search keeps at most
        ``FEW_MATCHES`` rows (one scan gives both; pass the ids to ``page`` as ``within``).

        ``among``: ids that hold every match (those of a wider filter, see ``ListFilter.narrows``):
        only they are looked at, instead of the whole table.
        """
        if not flt.text.strip():
            return Matches(self.count(flt))
        where = _where(self.spec, flt)
        if among is not None:
            where.append(_among(self.spec, among))
        query = select(self.spec.id_expr).select_from(self.spec.count_from).where(*where)
        with self.workspace.read_engine.connect() as conn:
            ids = tuple(conn.execute(query.limit(FEW_MATCHES + 1)).scalars().all())  # all(): one fetchall
        if len(ids) <= FEW_MATCHES:
            return Matches(len(ids), ids)
        return Matches(self.count(flt))

    def page(
        self,
        flt: ListFilter,
        sort: Sort | None,
        offset: int,
        limit: int,
        *,
        within: Sequence[int] | None = None,
    ) -> list[tuple[Any, ...]]:
        """Rows ``offset`` to ``offset + limit``; ``within``: the ids ``matches`` gave for ``flt``."""
        if within is not None and not within:
            return []
        query = page_query(self.spec, flt, sort, offset, limit, within=within)
        with self.workspace.read_engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]


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
