"""Statistics (xlsx and PDF), people/hosts/payments-due lists and the budget PDF, read back with
calamine, the csv module and pypdf."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from intervet_desktop.core.report_stats import StatRecord, compute
from intervet_desktop.db.models import Mobility, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.report_exports import (
    export_budget,
    export_hosts,
    export_payments_due,
    export_people,
    export_stats,
)
from tests.factories import build_sample

TODAY = date(2026, 6, 1)


def _sample(workspace: Workspace) -> tuple[int, list[int]]:
    sample = build_sample(workspace, TODAY)
    with workspace.session() as s:
        greek = s.get(Person, sample.greek_id)
        assert greek is not None
        greek.gender = "male"
        greek.birth_date = date(1980, 5, 1)
        greek.iban = "GR1601101250000000012300695"
        greek.special_needs_notes = "secret"
        first = s.get(Mobility, sample.mobility_ids[0])
        assert first is not None
        first.green_travel = True
        first.fewer_opportunities = True
        first.destination_country = "GR"
        project = s.get(Project, sample.project_id)
        assert project is not None
        project.title = "Κινητικότητα εκπαιδευτικών"
    return sample.project_id, sample.mobility_ids


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_stats_xlsx_and_pdf(workspace: Workspace, tmp_path: Path) -> None:
    project_id, _ = _sample(workspace)
    xlsx = tmp_path / "stats.xlsx"
    assert export_stats(workspace, project_id, xlsx, today=TODAY).rows == 3
    book = CalamineWorkbook.from_path(str(xlsx))
    assert book.sheet_names[:3] == ["Overview", "Activity type", "Country"]
    country = book.get_sheet_by_name("Country").to_python()
    assert country[2] == ["Category", "Mobilities", "Share"]
    assert {r[0]: r[1] for r in country[3:]} == {"PT": 1, "FI": 1, "GR": 1}
    green = book.get_sheet_by_name("Green travel").to_python()
    assert green[3][0] == "green travel" and green[3][1] == 1 and abs(green[3][2] - 1 / 3) < 1e-9
    assert load_workbook(xlsx)["Green travel"]["C4"].number_format == "0.0%"
    age = book.get_sheet_by_name("Age").to_python()
    assert ["35-49", 1, 1 / 3] in [r[:3] for r in age[3:]]

    pdf = tmp_path / "stats.pdf"
    export_stats(workspace, project_id, pdf, today=TODAY)
    text = _pdf_text(pdf)
    assert "Final-report statistics" in text and "Mobilities by country of destination" in text
    assert "Green travel" in text and "SM-JOB-SHDW" in text
    assert "Κινητικότητα εκπαιδευτικών" in text  # Greek renders (DejaVu) and extracts


def test_stats_bands() -> None:
    records = [
        StatRecord(
            "SM-JOB-SHDW",
            "PT",
            "outgoing",
            "female",
            date(2008, 6, 2),
            date(2026, 6, 1),
            date(2026, 6, 14),
            True,
            False,
        ),
        StatRecord(
            "LM-LONG-VET", "FI", "incoming", "male", None, date(2026, 1, 1), date(2026, 4, 30), False, True
        ),
    ]
    report = compute("C", "Τίτλος", records)
    tables = {t.key: t for t in report.tables}
    assert dict(tables["age"].rows) == {"under 18": 1, "unknown": 1}
    assert dict(tables["duration"].rows) == {"10-29 days": 1, "90-179 days": 1}
    assert tables["direction"].rows == (("outgoing", 1), ("incoming", 1))
    assert compute("C", "", []).mobilities == 0


def test_people_list_never_has_sensitive_fields(workspace: Workspace, tmp_path: Path) -> None:
    project_id, _ = _sample(workspace)
    target = tmp_path / "people.xlsx"
    assert export_people(workspace, project_id, target, today=TODAY).rows == 3
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_name("People").to_python()
    flat = " ".join(str(v) for r in rows for v in r)
    assert "GR1601101250000000012300695" not in flat and "secret" not in flat and "1980" not in flat
    assert ["Παπαδόπουλος", "Γεώργιος"] in [r[1:3] for r in rows]
    csv_target = tmp_path / "people.csv"
    export_people(workspace, None, csv_target, today=TODAY)
    with csv_target.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle, delimiter=";"))
    assert read[0][:3] == ["Person ID", "Last name", "First name"] and len(read) == 4
    assert any(r[1] == "Παπαδόπουλος" for r in read)


def test_hosts_due_and_budget(workspace: Workspace, tmp_path: Path) -> None:
    project_id, _ = _sample(workspace)
    hosts = tmp_path / "hosts.xlsx"
    assert export_hosts(workspace, hosts, today=TODAY).rows == 2
    rows = CalamineWorkbook.from_path(str(hosts)).get_sheet_by_name("Hosts").to_python()
    assert rows[1][5] == "FI" and rows[2][1].startswith("Escola Profissional") and rows[2][13] == 2

    due = tmp_path / "due.xlsx"
    assert export_payments_due(workspace, due, today=TODAY).rows == 1
    rows = CalamineWorkbook.from_path(str(due)).get_sheet_by_name("Payments due").to_python()
    assert (
        rows[1][0] == TODAY + timedelta(days=5)
        and rows[1][6] == 1230.0
        and rows[1][4] == "Γεώργιος Παπαδόπουλος"
    )

    pdf = tmp_path / "budget.pdf"
    export_budget(workspace, project_id, pdf, today=TODAY)
    text = _pdf_text(pdf)
    assert "Budget report: 2025-1-EL01-KA122-VET-000123456" in text and "Cash position" in text
