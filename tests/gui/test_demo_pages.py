"""Every page on demo data: lists filter by Greek and accented names (accent- and
case-insensitively), sort, and the lazy models pass Qt's model checks."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlmodel import select

from intervet_desktop.db.models import Person
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.listing import ListReader
from intervet_desktop.services.lists import SPECS
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.models.lazy_table import LazyTableModel
from intervet_desktop.ui.pages.list_page import ListPage
from intervet_desktop.ui.tasks import TaskRunner


@pytest.fixture
def demo_window(gui_app: QApplication, demo_workspace: Workspace, qtbot) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    ctx = AppContext(demo_workspace, TaskRunner(demo_workspace, inline=True))
    window = MainWindow(ctx, remember_state=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    ctx.tasks.close()


def _people(workspace: Workspace) -> list[Person]:
    with workspace.read_session() as s:
        return list(s.exec(select(Person).where(Person.archived == False)).all())  # noqa: E712


def _greek(name: str) -> bool:
    return any("GREEK" in unicodedata.name(ch, "") for ch in name)


def _accented(name: str) -> bool:
    return unicodedata.normalize("NFKD", name) != name and not _greek(name)


def _plain(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _last_names(page: ListPage) -> set[str]:
    column = [c.key for c in page.spec.columns].index("last_name")
    return {page.model.index(r, column).data() for r in range(page.model.rowCount())}


def test_every_page_opens_on_demo_data(demo_window: MainWindow) -> None:
    for page in demo_window.pages:
        demo_window.show_page(page.key)
        assert demo_window.current_page() is page
        if isinstance(page, ListPage) and page.key != "documents":
            assert page.model.rowCount() > 0, page.key


def test_people_filter_by_greek_and_accented_names(
    demo_window: MainWindow, demo_workspace: Workspace
) -> None:
    people = _people(demo_workspace)
    greek = next(p for p in people if _greek(p.last_name))
    accented = next(p for p in people if _accented(p.last_name))
    page = demo_window.show_page("people")
    assert isinstance(page, ListPage)
    page.search.setText(greek.last_name[:5])
    assert greek.last_name in _last_names(page)
    page.search.setText(greek.last_name.upper())
    assert greek.last_name in _last_names(page)
    page.search.setText(_plain(accented.last_name).lower())
    assert accented.last_name in _last_names(page)


def test_mobilities_filter_by_a_greek_participant_and_sort(
    demo_window: MainWindow, demo_workspace: Workspace
) -> None:
    page = demo_window.show_page("mobilities")
    assert isinstance(page, ListPage)
    total = page.model.rowCount()
    greek_keys = [p for p in _people(demo_workspace) if _greek(p.last_name)]
    assert greek_keys
    found = 0
    for person in greek_keys:
        page.search.setText(f"{person.first_name} {person.last_name}")
        found += page.model.rowCount()
    assert 0 < found < total * len(greek_keys)
    page.search.clear()
    grant = [c.key for c in page.spec.columns].index("grant")
    page.table.sortByColumn(grant, Qt.SortOrder.DescendingOrder)
    from intervet_desktop.ui.models.lazy_table import RawRole

    amounts = [page.model.index(r, grant).data(RawRole) for r in range(min(60, page.model.rowCount()))]
    assert amounts == sorted(amounts, reverse=True)
    assert page.model.rowCount() == total


@pytest.mark.parametrize("name", sorted(SPECS))
def test_lazy_models_pass_qt_model_checks_on_demo_data(
    qtmodeltester, demo_workspace: Workspace, name: str
) -> None:  # type: ignore[no-untyped-def]
    model = LazyTableModel(ListReader(demo_workspace, SPECS[name]))
    qtmodeltester.check(model, force_py=True)
