"""The list read service: pages sort ids before looking up columns; a rare word brings its ids
with its count, and its pages are the same."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import sqlite

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import listing
from intervet_desktop.services.documents import DocumentOptions, generate_batch
from intervet_desktop.services.listing import ListFilter, ListReader, Matches, Sort, page_query
from intervet_desktop.services.lists import SPECS


def _sql(query: object) -> str:
    return str(query.compile(dialect=sqlite.dialect()))  # type: ignore[attr-defined]


def test_a_page_sorts_ids_then_looks_up_its_columns() -> None:
    spec = SPECS["mobilities"]
    text = _sql(page_query(spec, ListFilter(text="muller"), None, 0, 200))
    # the person's name (a look-up) is outside the sorted, limited id subquery
    outer, inner = text.split("WHERE mobility.id IN (SELECT mobility.id", 1)
    assert "person.last_name" in outer and "person.last_name" not in inner
    assert "LIMIT" in inner and "search_key LIKE" in inner
    # given the matching ids, the filter is not evaluated again
    within = _sql(page_query(spec, ListFilter(text="muller"), None, 0, 200, within=[4, 8, 15]))
    assert "search_key LIKE" not in within


def test_a_rare_word_brings_its_ids_a_common_one_only_its_count(demo_workspace: Workspace) -> None:
    reader = ListReader(demo_workspace, SPECS["people"])
    everyone = reader.matches(ListFilter())
    assert everyone.ids is None and everyone.count > 0
    common = reader.matches(ListFilter(text="a"))
    assert common.count == reader.count(ListFilter(text="a")) > 0
    with demo_workspace.read_engine.connect() as conn:
        last = conn.execute(select(SPECS["people"].search_expr).limit(1)).scalar_one()
    rare = reader.matches(ListFilter(text=last.split()[-1]))
    assert rare.ids is not None and len(rare.ids) == rare.count == reader.count(
        ListFilter(text=last.split()[-1])
    )
    assert reader.matches(ListFilter(text="zzqx")) == Matches(0, ())
    assert reader.page(ListFilter(text="zzqx"), None, 0, 10, within=()) == []


def test_few_matches_is_a_limit_not_a_guess(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    reader = ListReader(demo_workspace, SPECS["mobilities"])
    count = reader.count(ListFilter(text="a"))
    monkeypatch.setattr(listing, "FEW_MATCHES", count - 1)
    assert reader.matches(ListFilter(text="a")) == Matches(count)
    monkeypatch.setattr(listing, "FEW_MATCHES", count)
    found = reader.matches(ListFilter(text="a"))
    assert found.ids is not None and len(set(found.ids)) == count


@pytest.mark.parametrize("name", sorted(SPECS))
def test_pages_are_the_same_either_way(demo_workspace: Workspace, tmp_path: Path, name: str) -> None:
    if name == "documents":  # the demo has none: make a few
        batch = generate_batch(demo_workspace, list(range(1, 41)), DocumentOptions(), tmp_path)
        assert len(batch.value.written) >= 8
    spec = SPECS[name]
    reader = ListReader(demo_workspace, spec)
    total = reader.count(ListFilter())
    sortable = [c.key for c in spec.columns if c.sortable]
    with demo_workspace.read_engine.connect() as conn:
        keys = conn.execute(select(spec.search_expr).select_from(spec.source)).scalars().all()
    assert total > 0

    def expected_ids(flt: ListFilter, sort: Sort, offset: int, limit: int) -> list[int]:
        """The same page by the plain query: filter, sort and limit in one SELECT."""
        column = spec.column(sort.key)
        order = column.sort_expr if column.sort_expr is not None else column.expr
        order_by = [order.desc(), spec.id_expr.desc()] if sort.descending else [order, spec.id_expr]
        query = select(spec.id_expr).select_from(spec.source).where(*listing._where(spec, flt))
        with demo_workspace.read_engine.connect() as conn:
            return list(conn.execute(query.order_by(*order_by).offset(offset).limit(limit)).scalars())

    # letters in most rows, words of this list's search column (a few rows each), and no row
    counts = Counter(w for key in keys if key for w in set(key.split()))
    words = [w for w, _ in counts.most_common()]
    samples = ["a", "e", "zzqx", *words[:: max(len(words) // 5, 1)][:5]]
    for text in samples:
        flt = ListFilter(text=text)
        found = reader.matches(flt)
        assert found.count == reader.count(flt)
        for key in sortable[:4]:
            for descending in (False, True):
                sort = Sort(key, descending)
                for offset, limit in ((0, 7), (5, 50), (0, total + 1)):
                    plain = reader.page(flt, sort, offset, limit)
                    assert len(plain) == max(0, min(limit, found.count - offset))
                    assert [row[0] for row in plain] == expected_ids(flt, sort, offset, limit)
                    if found.ids is not None:
                        assert reader.page(flt, sort, offset, limit, within=found.ids) == plain


def test_typing_on_narrows_a_filter_and_only_then() -> None:
    m = ListFilter(text="m")
    assert ListFilter(text="mu").narrows(m)
    assert ListFilter(text="Müller").narrows(ListFilter(text="mul"))  # compared as search keys
    assert ListFilter(text="ana lisboa").narrows(ListFilter(text="lis"))
    assert ListFilter(text="mu").narrows(ListFilter())
    assert not ListFilter(text="m").narrows(ListFilter(text="mu"))  # deleting widens
    assert not ListFilter(text="x").narrows(m)
    assert not ListFilter(text="mu", values={"status": "planned"}).narrows(m)
    assert not ListFilter(text="mu").narrows(ListFilter(text="m", values={"status": "planned"}))


def test_matches_among_a_wider_search_are_the_same(demo_workspace: Workspace) -> None:
    reader = ListReader(demo_workspace, SPECS["mobilities"])
    wide = reader.matches(ListFilter(text="a"))
    assert wide.ids is not None and wide.count > 20
    for text in ("an", "ar", "ia", "zzqx"):
        narrow = reader.matches(ListFilter(text=text), among=wide.ids)
        direct = reader.matches(ListFilter(text=text))
        assert narrow.ids is not None and direct.ids is not None
        assert narrow.count == direct.count and set(narrow.ids) == set(direct.ids)


@pytest.mark.parametrize("name", ["mobilities", "people"])
def test_many_ids_walk_the_sort_index_with_the_same_pages(
    demo_workspace: Workspace, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    spec = SPECS[name]
    reader = ListReader(demo_workspace, spec)
    monkeypatch.setattr(listing, "LOOKUP_MAX", 0)  # every set of ids counts as many
    assert "mobility.id + " in _sql(page_query(SPECS["mobilities"], ListFilter(), None, 0, 9, within=[1, 2]))
    for text in ("a", "e", "o"):
        flt = ListFilter(text=text)
        found = reader.matches(flt)
        assert found.ids is not None and found.count > 5
        for key in [c.key for c in spec.columns if c.sortable][:5]:
            for sort in (Sort(key), Sort(key, descending=True)):
                for offset in (0, 3):
                    walked = reader.page(flt, sort, offset, 20, within=found.ids)
                    assert walked == reader.page(flt, sort, offset, 20), (text, key, offset)
