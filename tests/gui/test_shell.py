"""The shell on sample data: every page opens, lists filter accent- and case-insensitively
(Greek included), sort by any column, and the lazy model passes Qt's model checks."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from intervet_desktop.services.changes import Changes, Kind
from intervet_desktop.services.listing import ListReader
from intervet_desktop.services.lists import MOBILITIES, PEOPLE
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.models.lazy_table import IdRole, LazyTableModel
from intervet_desktop.ui.pages.list_page import ListPage
from tests.factories import Sample, person


def list_page(window: MainWindow, key: str) -> ListPage:
    page = window.show_page(key)
    assert isinstance(page, ListPage)
    return page


def column_texts(page: ListPage, column: str) -> list[str]:
    index = [c.key for c in page.spec.columns].index(column)
    return [page.model.index(r, index).data() for r in range(page.model.rowCount())]


def test_every_page_opens_and_has_a_title(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    titles = []
    for i, page in enumerate(window.pages):
        window.nav.setCurrentRow(i)
        holder = window.stack.currentWidget()
        assert isinstance(holder, QScrollArea) and holder.widget() is page  # pages scroll
        titles.append(page.title())
    assert titles == [
        "Dashboard",
        "Calls",
        "Applications",
        "People",
        "Organisations",
        "Mobilities",
        "Documents",
        "Budget",
        "Payments",
        "Roadmap",
        "Office",
        "Network",
        "Programmes",
        "Events",
        "Exports",
        "Settings",
    ]


def test_lists_show_their_rows(window: MainWindow) -> None:
    assert list_page(window, "mobilities").model.rowCount() == 3
    assert list_page(window, "people").model.rowCount() == 3
    assert list_page(window, "organisations").model.rowCount() == 3
    assert list_page(window, "applications").model.rowCount() == 1


def test_filter_people_accent_and_case_insensitively(window: MainWindow) -> None:
    page = list_page(window, "people")
    page.search.setText("joao")
    assert column_texts(page, "first_name") == ["João"]
    page.search.setText("MULLER")
    assert column_texts(page, "last_name") == ["Müller"]
    page.search.setText("papad")
    assert column_texts(page, "last_name") == []
    page.search.setText("Παπαδ")
    assert column_texts(page, "last_name") == ["Παπαδόπουλος"]
    page.search.setText("παπαδοπουλος")
    assert page.model.rowCount() == 1
    page.search.clear()
    assert page.model.rowCount() == 3


def test_typing_ascii_into_the_search_box_filters(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = list_page(window, "mobilities")
    qtbot.keyClicks(page.search, "faro")
    assert page.model.rowCount() == 2
    assert page.count_label.text() == "2 rows"


def test_sort_by_any_sortable_column(window: MainWindow) -> None:
    page = list_page(window, "mobilities")
    participant = [c.key for c in page.spec.columns].index("participant")
    page.table.sortByColumn(participant, Qt.SortOrder.AscendingOrder)
    assert column_texts(page, "participant") == [
        "Gonçalves, João",
        "Müller, Jürgen",
        "Παπαδόπουλος, Γεώργιος",
    ]
    page.table.sortByColumn(participant, Qt.SortOrder.DescendingOrder)
    assert column_texts(page, "participant")[0] == "Παπαδόπουλος, Γεώργιος"
    grant = [c.key for c in page.spec.columns].index("grant")
    page.table.sortByColumn(grant, Qt.SortOrder.DescendingOrder)
    assert column_texts(page, "grant") == ["3,520.00", "1,640.00", "985.00"]


def test_filters_combine_with_search(window: MainWindow, sample: Sample) -> None:
    page = list_page(window, "mobilities")
    status = page.filter_boxes["status"]
    status.setCurrentIndex(status.findData("completed"))
    assert column_texts(page, "participant") == ["Gonçalves, João"]
    status.setCurrentIndex(0)
    missing = page.filter_boxes["missing"]
    missing.setCurrentIndex(missing.findData(True))
    assert page.model.rowCount() == 2
    page.search.setText("jurgen")
    assert column_texts(page, "participant") == ["Müller, Jürgen"]


def test_selecting_a_row_fills_the_detail_pane(window: MainWindow, sample: Sample) -> None:
    page = list_page(window, "mobilities")
    page.search.setText("Παπαδόπουλος")
    page.select_first()
    editor = page.detail  # the mobilities page edits the selected row
    assert "Γεώργιος Παπαδόπουλος" in editor.heading.text()
    receiving = editor.widgets["receiving_org_id"].currentText()
    assert "Escola Profissional de Hotelaria e Turismo do Algarve e da Região Sul" in receiving


def test_dashboard_chart_opens_the_filtered_list(window: MainWindow) -> None:
    dashboard = window.page("dashboard")
    dashboard.open_mobilities.emit("country", "FI")  # type: ignore[attr-defined]
    page = window.current_page()
    assert isinstance(page, ListPage) and page.key == "mobilities"
    assert column_texts(page, "participant") == ["Gonçalves, João"]


def test_keyboard_shortcuts_switch_pages(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "mobilities"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().focusWidget() is list_page(window, "mobilities").search


def test_lazy_model_passes_qt_model_checks(qtmodeltester, ctx: AppContext, sample: Sample) -> None:  # type: ignore[no-untyped-def]
    for spec in (MOBILITIES, PEOPLE):
        model = LazyTableModel(ListReader(ctx.workspace, spec))
        qtmodeltester.check(model, force_py=True)
        assert model.index(0, 0).data(IdRole) is not None


def test_settings_profile_validates_and_saves(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from intervet_desktop.services.settings import load_profile

    page = window.show_page("settings")
    name = page.inputs["name"]  # type: ignore[attr-defined]
    oid = page.inputs["oid"]  # type: ignore[attr-defined]
    name.clear()
    qtbot.keyClicks(name, "EPAL Thessalonikis")
    qtbot.keyClicks(oid, "E123")
    assert not page.save_button.isEnabled()  # type: ignore[attr-defined]
    assert "OID" in page.errors["oid"].text()  # type: ignore[attr-defined]
    qtbot.keyClicks(oid, "45678")
    assert page.save_button.isEnabled()  # type: ignore[attr-defined]
    page.country.setCurrentIndex(page.country.findData("GR"))  # type: ignore[attr-defined]
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    profile = load_profile(window.ctx.workspace)
    assert (profile.name, profile.oid, profile.country) == ("EPAL Thessalonikis", "E12345678", "GR")


def test_typing_on_searches_among_the_last_rows_until_the_data_changes(
    window: MainWindow, ctx: AppContext, sample: Sample
) -> None:
    page = list_page(window, "people")
    page.search.setText("m")
    before = page.model.rowCount()
    assert before >= 1
    page.search.setText("mu")  # narrows: looked up among the rows "m" found
    assert column_texts(page, "last_name") == ["Müller"]
    # someone new arrives (another window, an import): the broadcast reads everything again
    with ctx.workspace.session() as session:
        session.add(person("Anna", "Mustermann", None))
    window.broadcast(Changes().add(Kind.PERSON))
    page.search.setText("mus")
    assert column_texts(page, "last_name") == ["Mustermann"]
    page.search.setText("m")  # deleting widens: a full search again
    assert page.model.rowCount() == before + 1
