"""The finance workbook read back: calamine for values and sheet names, openpyxl for formulas (as
text), number formats, frozen panes, filters, print titles and the page header."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from intervet_desktop.core.errors import UnusableFileError, ValidationError
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import GrantLine, Mobility, NaPayment, Payment, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.xlsx.writer import EUR_FORMAT, currency_format
from intervet_desktop.services.report_exports import export_finance
from tests.factories import build_sample

TODAY = date(2026, 6, 1)
INJECTIONS = ['=HYPERLINK("http://x","y")', "+SUM(1,2)", "-2+3", "@cmd"]


def _enrich(workspace: Workspace) -> tuple[int, list[int]]:
    sample = build_sample(workspace, TODAY)
    with workspace.session() as s:
        for mid, (travel, support) in zip(
            sample.mobility_ids, [(27_500, 136_500), (30_900, 67_600), (27_500, 324_500)], strict=True
        ):
            s.add(
                GrantLine(
                    mobility_id=mid,
                    position=1,
                    code="travel",
                    label="Travel",
                    recipient="participant",
                    amount_cents=travel,
                )
            )
            s.add(
                GrantLine(
                    mobility_id=mid,
                    position=2,
                    code="individual_support",
                    label="Support",
                    recipient="participant",
                    amount_cents=support,
                )
            )
        # the third mobility is cancelled: it drops out of committed
        third = s.get(Mobility, sample.mobility_ids[2])
        assert third is not None
        third.status = "cancelled"
        s.add(
            Payment(
                mobility_id=sample.mobility_ids[1],
                kind="balance",
                due_date=TODAY - timedelta(days=3),
                paid_on=TODAY - timedelta(days=1),
                amount_cents=50_000_00,
                currency="HUF",
                amount_eur_cents=125_00,
                fx_rate="400.00",
                note=INJECTIONS[0],
                reference=INJECTIONS[1],
            )
        )
        s.add(
            NaPayment(
                project_id=sample.project_id,
                kind="prefinancing",
                amount_cents=4_800_000,
                received_on=date(2025, 10, 1),
                reference=INJECTIONS[2],
            )
        )
        s.add(
            NaPayment(
                project_id=sample.project_id,
                kind="balance",
                due_date=date(2027, 6, 1),
                amount_cents=1_200_000,
            )
        )
        greek = s.get(Person, sample.greek_id)
        assert greek is not None
        greek.notes = INJECTIONS[3]
    return sample.project_id, sample.mobility_ids


def test_finance_workbook_round_trip(workspace: Workspace, tmp_path: Path) -> None:
    project_id, ids = _enrich(workspace)
    target = tmp_path / "finance.xlsx"
    done = export_finance(workspace, project_id, target, today=TODAY)
    assert done.rows == 3
    assert [
        p.name for p in tmp_path.iterdir() if p.name != "test.db" and not p.name.startswith("test.db")
    ] == ["finance.xlsx"]

    book = CalamineWorkbook.from_path(str(target))
    assert book.sheet_names == ["Summary", "Mobilities", "Payments", "Outstanding", "National Agency"]
    mob = book.get_sheet_by_name("Mobilities").to_python()
    header = mob[0]
    assert header[:10] == [
        "Mobility ID",
        "Participant",
        "Activity",
        "Direction",
        "Status",
        "Sending organisation",
        "Receiving organisation",
        "Country",
        "Start",
        "End",
    ]
    assert "Travel" in header and "Individual support" in header and "Total grant" in header
    assert len(mob) == 4
    by_name = {row[1]: row for row in mob[1:]}
    greek = by_name["Γεώργιος Παπαδόπουλος"]  # Greek survives the round trip
    assert greek[2] == "SM-JOB-SHDW"
    assert isinstance(greek[8], date) and greek[8] == TODAY + timedelta(days=10)
    assert greek[header.index("Travel")] == 275.0
    assert greek[header.index("Individual support")] == 1365.0
    assert greek[header.index("Total grant")] == 1640.0
    assert greek[5] == "1ο ΕΠΑΛ Θεσσαλονίκης"

    pay = book.get_sheet_by_name("Payments").to_python()
    assert pay[0][:10] == [
        "Payment ID",
        "Mobility ID",
        "Participant",
        "Kind",
        "Due date",
        "Paid on",
        "Amount",
        "Currency",
        "FX rate",
        "Amount EUR",
    ]
    huf = next(r for r in pay[1:] if r[7] == "HUF")
    assert huf[6] == 50_000.0 and huf[8] == 400.0 and huf[9] == 125.0
    assert huf[5] == TODAY - timedelta(days=1)
    assert huf[12] == INJECTIONS[0] and huf[11] == INJECTIONS[1]  # injection strings stay text

    out = book.get_sheet_by_name("Outstanding").to_python()
    assert len(out) == 2 and out[1][3] == "prefinancing" and out[1][5] == 1230.0 and out[1][6] == 0
    na = book.get_sheet_by_name("National Agency").to_python()
    assert [r[0] for r in na[1:]] == ["prefinancing", "balance"] and na[1][4] == INJECTIONS[2]

    wb = load_workbook(target)  # formulas as text, formats, sheet setup
    summary = wb["Summary"]
    rows = {r[0].value: r for r in summary.iter_rows(min_row=1) if r[0].value}
    travel = rows["Travel"]
    assert travel[2].value == "=SUMIFS('Mobilities'!$K:$K,'Mobilities'!$E:$E,\"<>cancelled\")"
    assert "SUMIFS('Mobilities'!$K:$K,'Mobilities'!$E:$E,\"completed\")" in travel[3].value
    assert travel[2].number_format == EUR_FORMAT
    assert rows["Total"][2].value.startswith("=SUM(C")
    assert (
        rows["Paid to participants (net of recoveries)"][1].value
        == "=SUMIFS('Payments'!$J:$J,'Payments'!$F:$F,\"<>\")"
    )
    assert rows["Mobilities (not cancelled)"][1].value.startswith("=COUNTIFS(")
    ws = wb["Mobilities"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert ws.print_title_rows == "$1:$1"
    assert "2025-1-EL01-KA122-VET-000123456" in ws.oddHeader.left.text
    assert ws.oddHeader.right.text == TODAY.isoformat()
    assert ws["I2"].number_format == "yyyy-mm-dd" and ws["K2"].number_format == EUR_FORMAT
    assert ws.column_dimensions["B"].width == 28
    pws = wb["Payments"]
    huf_row = next(r for r in pws.iter_rows(min_row=2) if r[7].value == "HUF")
    assert huf_row[6].number_format == currency_format("HUF")
    assert huf_row[12].data_type == "s" and huf_row[12].value == INJECTIONS[0]


def test_summary_formulas_compute_like_the_budget(workspace: Workspace, tmp_path: Path) -> None:
    """Evaluate the Summary's formulas the way a spreadsheet would, from the written cells."""
    project_id, _ = _enrich(workspace)
    target = tmp_path / "f.xlsx"
    export_finance(workspace, project_id, target, today=TODAY)
    book = CalamineWorkbook.from_path(str(target))
    mob = book.get_sheet_by_name("Mobilities").to_python()
    header = mob[0]
    status = header.index("Status")
    committed_travel = sum(r[header.index("Travel")] or 0 for r in mob[1:] if r[status] != "cancelled")
    assert committed_travel == 275.0 + 309.0  # the cancelled one is out
    wb = load_workbook(target)
    formula = next(r for r in wb["Summary"].iter_rows() if r[0].value == "Travel")[2].value
    assert "'Mobilities'!$K:$K" in formula and header[10] == "Travel"  # K is the travel column


def test_empty_project_gives_a_valid_workbook(workspace: Workspace, tmp_path: Path) -> None:
    with workspace.session() as s:
        project = Project(
            code="2026-1-EL01-KA122-VET-000000001",
            title="Κενό έργο",
            search_key=search_key("x"),
            action="KA122-VET",
            call_year=2026,
            national_agency="EL01",
            start_date=date(2026, 9, 1),
            end_date=date(2027, 8, 31),
            awarded_cents=0,
        )
        s.add(project)
        s.flush()
        assert project.id
        pid = project.id
    target = tmp_path / "empty.xlsx"
    assert export_finance(workspace, pid, target, today=TODAY).rows == 0
    book = CalamineWorkbook.from_path(str(target))
    summary = book.get_sheet_by_name("Summary").to_python()
    assert summary[1][0] == "Κενό έργο"
    assert any(r[0] == "This project has no mobilities yet." for r in summary)
    mob = book.get_sheet_by_name("Mobilities").to_python()
    assert mob[1][0] == "This project has no mobilities yet."


def test_unwritable_target_leaves_nothing(workspace: Workspace, tmp_path: Path) -> None:
    project_id, _ = _enrich(workspace)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder")
    with pytest.raises(UnusableFileError):
        export_finance(workspace, project_id, blocker / "f.xlsx", today=TODAY)
    # a target that cannot be replaced (a folder stands where the file should go, like a locked file)
    folder = tmp_path / "out"
    (folder / "f.xlsx").mkdir(parents=True)
    with pytest.raises(UnusableFileError):
        export_finance(workspace, project_id, folder / "f.xlsx", today=TODAY)
    assert [p.name for p in folder.iterdir()] == ["f.xlsx"]  # no temp file left behind
    with pytest.raises(ValidationError):
        export_finance(workspace, project_id, tmp_path / "f.pdf", today=TODAY)


def test_cancelled_export_leaves_nothing(workspace: Workspace, tmp_path: Path) -> None:
    project_id, _ = _enrich(workspace)
    folder = tmp_path / "out"
    folder.mkdir()

    class Stop(Exception):
        pass

    def tick(done: int, total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        export_finance(workspace, project_id, folder / "f.xlsx", today=TODAY, tick=tick)
    assert list(folder.iterdir()) == []
