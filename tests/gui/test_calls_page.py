"""Calls page: the scoring grid refuses values outside 0..max in the cell, the ranking view
shows ranks and colours, the call editor validates."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from sqlmodel import select

from intervet_desktop.db.models import Score
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.calls import RESERVE_COLOUR, SELECTED_COLOUR, CallDialog, CallsPage
from tests.factories import Sample, person

NAMES = [
    ("Γεώργιος", "Ζαφειρίου"),
    ("Ana", "Ferreira"),
    ("Aino", "Mäkinen"),
    ("Luca", "Bianchi"),
    ("Μαρία", "Κωνσταντίνου"),
    ("Jürgen", "Schäfer"),
]


def seed_call(ws: Workspace, sample: Sample, *, rank: bool = True) -> int:
    """A call with the preset criteria, three evaluators and six scored applications."""
    call = calls.create_call(
        ws,
        calls.CallForm(
            project_id=sample.project_id,
            title="Job shadowing 2027",
            activity_type="SM-JOB-SHDW",
            opens_on=date(2026, 10, 1),
            deadline=date(2026, 11, 15),
            places_total=3,
            with_appeals=True,
            provisional_published_on=date(2026, 12, 1),
            appeal_deadline=date(2026, 12, 11),
            quotas=[calls.QuotaForm(1, country="PT")],
            evaluators=["Eleni Markou", "Nikos Pappas", "Maria Rossi"],
        ),
    ).value
    with ws.session() as s:
        people = [person(f, last, sample.school_id, email=f"c{i}@x.eu") for i, (f, last) in enumerate(NAMES)]
        s.add_all(people)
        s.flush()
        ids = [p.id or 0 for p in people]
    from intervet_desktop.core.selection import Slot

    for i, pid in enumerate(ids):
        app_id = apps.enter_application(
            ws,
            apps.ApplicationForm(
                call.id,
                pid,
                datetime(2026, 11, 2, 9, i, tzinfo=UTC),
                preferred_start=date(2027, 4, 5),
                preferred_end=date(2027, 4, 16),
                first_time=i % 2 == 0,
                fewer_opportunities=i == 4,
                preferences=[Slot(country="PT" if i < 3 else "FI")],
            ),
        ).value.id
        for c in call.criteria:
            for j, e in enumerate(call.evaluators):
                points = min(c.max_points * 100, (c.max_points * 100 * (9 - i)) // 10 + j * 25)
                apps.set_score(ws, app_id, c.id, e.id, points)
    if rank:
        apps.rank_call(ws, call.id)
    return call.id


def _page(window: MainWindow) -> CallsPage:
    window.show_page("calls")
    page = next(p for p in window.pages if p.key == "calls")
    assert isinstance(page, CallsPage)
    return page


def test_scoring_grid_refuses_out_of_range(window: MainWindow, sample: Sample, ctx) -> None:  # type: ignore[no-untyped-def]
    call_id = seed_call(ctx.workspace, sample, rank=False)
    page = _page(window)
    page.reload()
    page.select_call(call_id)
    model = page.grid_model
    assert model.grid is not None and model.rowCount() == 6
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Motivation\n(0–10)"
    cell = model.index(0, 2)
    before = model.data(cell)
    assert not model.setData(cell, "11")
    assert "between 0 and 10" in model.last_error
    assert not model.setData(cell, "abc")
    assert not model.setData(cell, "-1")
    assert model.data(cell) == before
    app_id = model.grid.rows[0].application_id
    criterion_id = model.grid.criteria[0].id
    with ctx.workspace.read_session() as s:
        stored = s.exec(
            select(Score).where(
                Score.application_id == app_id,
                Score.criterion_id == criterion_id,
                Score.evaluator_id == model.grid.evaluator_id,
            )
        ).one()
    assert f"{stored.points_hundredths / 100:.2f}" == before
    assert model.setData(cell, "7,5")
    assert model.data(cell) == "7.50"
    with ctx.workspace.read_session() as s:
        again = s.exec(
            select(Score).where(
                Score.application_id == app_id,
                Score.criterion_id == criterion_id,
                Score.evaluator_id == model.grid.evaluator_id,
            )
        ).one()
    assert again.points_hundredths == 750


def test_ranking_view_shows_ranks_and_colours(window: MainWindow, sample: Sample, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    call_id = seed_call(ctx.workspace, sample, rank=False)
    page = _page(window)
    page.reload()
    page.select_call(call_id)
    assert page.rank_model.rowCount() == 6
    page.rank_button.click()
    qtbot.waitUntil(lambda: page.rank_model.rowCount() == 6 and page.rank_model.rows[0].rank == 1)
    model = page.rank_model
    ranks = [model.data(model.index(r, 0)) for r in range(6)]
    assert ranks == ["1", "2", "3", "4", "5", "6"]
    statuses = [row.status for row in model.rows]
    assert statuses.count("provisionally_selected") == 3
    first = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert first.color() == SELECTED_COLOUR
    reserve_row = statuses.index("reserve")
    assert model.data(model.index(reserve_row, 0), Qt.ItemDataRole.BackgroundRole).color() == RESERVE_COLOUR
    assert "quota for PT full" in model.data(model.index(reserve_row, 5))
    assert page.rank_status.text() == "Ranked."


def test_call_dialog_shows_validation(window: MainWindow, sample: Sample, ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CallDialog(ctx, None, window)
    qtbot.addWidget(dialog)
    dialog.title_edit.setText("Κινητικότητα 2027")
    dialog.deadline.setDate(dialog.opens.date().addDays(-1))
    dialog.save()
    assert "before the opening" in dialog.error.text()
    assert dialog.saved_id is None
    dialog.deadline.setDate(dialog.opens.date().addDays(30))
    dialog.save()
    assert dialog.saved_id is not None
    assert calls.get_call(ctx.workspace, dialog.saved_id).title == "Κινητικότητα 2027"


def test_application_form_late_needs_reason_and_shows_history(
    window: MainWindow, sample: Sample, ctx, qtbot
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDateTime

    from intervet_desktop.ui.pages.calls import ApplicationDialog

    call_id = seed_call(ctx.workspace, sample)
    dialog = ApplicationDialog(ctx, call_id, window)
    qtbot.addWidget(dialog)
    dialog.person.setCurrentIndex(dialog.person.findData(sample.portuguese_id))
    dialog.submitted.setDateTime(QDateTime.fromString("2026-11-20T10:00:00", "yyyy-MM-ddTHH:mm:ss"))
    dialog.save()
    assert "after the deadline" in dialog.error.text() and dialog.saved_id is None
    dialog.late_reason.setText("sent by post before the deadline")
    dialog.country.setText("fi")
    dialog.save()
    assert dialog.saved_id is not None
    page = _page(window)
    page.reload()
    page.select_call(call_id)
    row = next(i for i, r in enumerate(page.app_model.rows) if r.application_id == dialog.saved_id)
    page.app_view.selectRow(row)
    assert "late, accepted: sent by post before the deadline" in page.app_info.text()
    kinds = [page.history.item(r, 2).text() for r in range(page.history.rowCount())]
    assert kinds == ["Eligibility", "Received"]
    assert page.history.item(0, 3).text() == "Received → Eligible"


def test_attach_file_from_the_page(
    window: MainWindow, sample: Sample, ctx, qtbot, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    call_id = seed_call(ctx.workspace, sample)
    cv = tmp_path / "CV Μαρία.pdf"
    cv.write_bytes(b"%PDF cv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(cv), "")))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("CV", True)))
    page = _page(window)
    page.reload()
    page.select_call(call_id)
    page.app_view.selectRow(4)
    page.attach_button.click()
    qtbot.waitUntil(lambda: "CV Μαρία.pdf" in page.app_info.text())
    assert page.history.item(0, 2).text() == "File attached"


ODD_INPUT = [
    ("inf", "'inf' is not a number of points"),
    ("nan", "'nan' is not a number of points"),
    ("1e999", "'1e999' is not a number of points"),
    ("abc", "'abc' is not a number of points"),
    ("-0", "'-0' is negative"),
    ("10,01", "outside 0..10 points"),
]


def test_scoring_grid_refuses_odd_input_with_a_message(window: MainWindow, sample: Sample, ctx) -> None:  # type: ignore[no-untyped-def]
    call_id = seed_call(ctx.workspace, sample, rank=False)
    page = _page(window)
    page.reload()
    page.select_call(call_id)
    model = page.grid_model
    cell = model.index(0, 2)
    before = model.data(cell)
    for typed, says in ODD_INPUT:
        assert not model.setData(cell, typed), typed  # refused in the cell: no exception, no bug dialog
        assert model.last_error.startswith("Motivation: ") and says in model.last_error, typed
        assert model.data(cell) == before
    assert model.setData(cell, "7,125") and model.data(cell) == "7.13"  # Decimal, half up
    assert model.last_error == ""
