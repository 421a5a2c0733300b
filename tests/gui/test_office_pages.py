"""The office pages with real widgets on a real database: create and edit through the forms,
refusals shown at the field with nothing saved, search, totals, the dashboard's deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QTreeWidget
from sqlmodel import select

from intervet_desktop.db.models import FundingOpportunity, RoadmapIndicator
from intervet_desktop.services.office import dissemination
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.office import EventsPage, NetworkPage, OfficePage, ProgrammesPage, RoadmapPage
from intervet_desktop.ui.pages.office.kit import FormDialog
from intervet_desktop.ui.widgets.form_fields import DateField, RecordPicker
from tests.factories import Sample


def _set(dialog: FormDialog, **values: object) -> None:
    for name, value in values.items():
        widget = dialog.widgets[name]
        if isinstance(widget, RecordPicker):
            assert widget.choose(str(value))
        elif isinstance(widget, DateField):
            widget.set_value(value)  # type: ignore[arg-type]
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))  # type: ignore[call-overload]
        elif isinstance(widget, QLineEdit):
            widget.setText(str(value))
        else:
            dialog.set_value(name, value)


def _error(dialog: FormDialog, name: str) -> str:
    label = dialog.findChild(QLabel, f"error-{name}")
    assert label is not None
    return label.text() if label.isVisibleTo(dialog) else ""


def _cells(table: object, column: int) -> list[str]:
    t = table.table  # type: ignore[attr-defined]
    return [t.item(r, column).text() for r in range(t.rowCount())]


def test_roadmap_objective_indicator_and_action_through_the_forms(window: MainWindow, sample: Sample) -> None:
    page = window.show_page("roadmap")
    assert isinstance(page, RoadmapPage)
    assert page.school.value() == sample.school_id
    dialog = page.objective_dialog(None)
    _set(dialog, title="Send more staff abroad")
    dialog.submit()
    assert dialog.result() == FormDialog.DialogCode.Accepted
    assert _cells(page.objectives, 0) == ["Send more staff abroad"]
    page.objectives.table.selectRow(0)

    indicator = page.indicator_dialog(None)
    assert indicator is not None
    _set(indicator, name="Staff mobilities", source="staff_mobilities", unit="percent", target=0)
    indicator.submit()
    assert "target cannot be zero" in _error(indicator, "target")
    assert "does not match" in _error(indicator, "unit")
    with window.ctx.workspace.read_session() as s:
        assert s.exec(select(RoadmapIndicator)).all() == []
    _set(indicator, unit="count", target=6, year=date.today().year)
    indicator.submit()
    assert indicator.result() == FormDialog.DialogCode.Accepted
    assert _cells(page.indicators, 0) == ["Staff mobilities"]
    how = _cells(page.indicators, 6)[0]
    assert "outgoing staff mobilities" in how

    action = page.action_dialog(None)
    assert action is not None
    _set(action, title="Job shadowing in Faro", start_on=date(2026, 5, 1), due_on=date(2026, 4, 1))
    action.submit()
    assert "before the start" in _error(action, "due_on")
    _set(action, due_on=date(2026, 6, 1), owner_id="Müller")
    action.submit()
    assert action.result() == FormDialog.DialogCode.Accepted
    assert _cells(page.action_table, 1) == ["Jürgen Müller"]
    assert page.timeline.items and page.timeline.items[0][1].title == "Job shadowing in Faro"
    # edit keeps the row and changes the title
    page.action_table.table.selectRow(0)
    edit = page.action_dialog(page.action_table.current_id())
    assert edit is not None
    _set(edit, title="Job shadowing in Tampere")
    edit.submit()
    assert _cells(page.action_table, 0) == ["Job shadowing in Tampere"]


def test_programmes_refuse_a_past_deadline_and_show_on_the_dashboard(
    window: MainWindow, sample: Sample
) -> None:
    page = window.show_page("programmes")
    assert isinstance(page, ProgrammesPage)
    dialog = page.opportunity_dialog(None)
    _set(dialog, organisation_id="ΕΠΑΛ", title="KA210 partnership", deadline=date.today() - timedelta(days=1))
    dialog.submit()
    assert "already passed" in _error(dialog, "deadline")
    with window.ctx.workspace.read_session() as s:
        assert s.exec(select(FundingOpportunity)).all() == []
    _set(dialog, deadline=date.today() + timedelta(days=12), requested="60000,00")
    dialog.submit()
    assert dialog.result() == FormDialog.DialogCode.Accepted
    assert _cells(page.opportunities, 1) == ["KA210 partnership"]
    assert "€60,000.00" in _cells(page.opportunities, 4)[0]
    upcoming = window.page("dashboard").findChild(QTreeWidget, "upcoming-deadlines")
    assert upcoming is not None
    assert upcoming.topLevelItem(0).text(1) == "KA210 partnership"


def test_network_contact_is_found_without_accents(window: MainWindow, sample: Sample) -> None:
    page = window.show_page("network")
    assert isinstance(page, NetworkPage)
    dialog = page.contact_dialog(None)
    _set(
        dialog, first_name="Anna", last_name="Lehtonen-Müller", expertise="quality; ECVET", languages="fi, en"
    )
    dialog.set_value("country", "FI")
    dialog.submit()
    assert dialog.result() == FormDialog.DialogCode.Accepted
    page.search.setText("muller ecvet")
    assert _cells(page.contacts, 0) == ["Anna Lehtonen-Müller"]
    assert _cells(page.contacts, 2) == ["quality, ECVET"]
    page.contacts.table.selectRow(0)
    meeting = page.meeting_dialog(None)
    _set(meeting, met_on=date(2026, 3, 3), subject="KA2 idea")
    meeting.submit()
    assert _cells(page.meetings, 2) == ["KA2 idea"]


def test_events_totals_and_office_team(window: MainWindow, sample: Sample) -> None:
    page = window.show_page("events")
    assert isinstance(page, EventsPage)
    dialog = page.event_dialog(None)
    _set(
        dialog,
        project_id="2025-1-EL01",
        title="Multiplier event",
        kind="multiplier_event",
        staff=30,
        public=12,
    )
    dialog.submit()
    assert dialog.result() == FormDialog.DialogCode.Accepted
    assert "42 participants" in page.totals.text() and "staff 30" in page.totals.text()
    assert dissemination.project_totals(window.ctx.workspace, sample.project_id).total_participants == 42

    office = window.show_page("office")
    assert isinstance(office, OfficePage)
    member = office.member_dialog(None)
    _set(member, person_id="Gonçalves", role="coordinator", hours_per_week=12)
    member.submit()
    assert _cells(office.members, 0) == ["João Gonçalves"]
    assert "12 hours a week" in office.summary.text()
    training = office.training_dialog(None)
    _set(training, person_id="joao", title="English B2", start_on=date(2026, 1, 5), end_on=date(2026, 1, 2))
    training.submit()
    assert "before the start" in _error(training, "end_on")


def test_a_trainings_certificates_are_added_opened_and_removed(
    window: MainWindow, sample: Sample, tmp_path: Path
) -> None:
    from intervet_desktop.services.office import team
    from intervet_desktop.ui.pages.office.files_dialog import FilesDialog

    person = sample.portuguese_id
    ws = window.ctx.workspace
    first = team.save_training(
        ws, None, team.TrainingForm(person, "English B2", date(2026, 1, 5), date(2026, 1, 9))
    )
    second = team.save_training(
        ws, None, team.TrainingForm(person, "Finnish A1", date(2026, 2, 2), date(2026, 2, 6))
    )
    scan = tmp_path / "certificate.pdf"
    scan.write_bytes(b"%PDF-1.4 certificate of attendance")

    dialog = FilesDialog(window.ctx, team.TRAINING, first.value, "certificate", "Certificates", "", window)
    assert dialog.files.count() == 0 and not dialog.empty.isHidden()
    assert not dialog.remove_button.isEnabled()
    dialog.add_path(scan)
    assert [dialog.files.item(i).text() for i in range(dialog.files.count())] == ["certificate.pdf"]
    assert dialog.empty.isHidden() and dialog.remove_button.isEnabled()
    (stored,) = team.attachments_of(ws, team.TRAINING, first.value)
    assert stored.kind == "certificate" and stored.path.read_bytes() == scan.read_bytes()
    # the same file kept for another training: removing it from the first keeps the stored copy
    team.attach_file(ws, team.TRAINING, second.value, scan, "certificate")
    dialog.remove_chosen()
    assert dialog.files.count() == 0
    assert team.attachments_of(ws, team.TRAINING, first.value) == []
    assert stored.path.exists()
    (other,) = team.attachments_of(ws, team.TRAINING, second.value)
    team.remove_attachment(ws, other.id)
    assert not stored.path.exists()  # no record keeps it any more
