"""Importing applications from a messy online-form export: mapping, people matched or created,
yes/no in several languages, dates as text and Excel dates, dry run, all or nothing."""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import Application, ApplicationPreference, Person
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import calls
from intervet_desktop.services.application_import import import_applications
from intervet_desktop.services.importing.report import RowStatus
from tests.factories import Sample, build_sample

HEADER = [
    "Timestamp",
    "Email address",
    "Name",
    "Your school ",
    "Motivation",
    "Preferred country",
    "Preferred start date",
    "Preferred end date",
    "Is this your first Erasmus+ mobility?",
    "Score",  # a column the form added for the organiser: ignored
    "Anything else?",
]


def _call(ws: Workspace, sample: Sample) -> int:
    form = calls.CallForm(
        project_id=sample.project_id,
        title="Job shadowing spring 2027",
        activity_type="SM-JOB-SHDW",
        opens_on=date(2026, 1, 1),
        deadline=date(2026, 2, 28),
        places_total=3,
    )
    return calls.create_call(ws, form).value.id


def _rows() -> list[list[object]]:
    school = "1ο ΕΠΑΛ Θεσσαλονίκης  "  # trailing spaces as typed in the form
    return [
        # existing person matched by e-mail (case differs)
        [
            "2026/02/01 10:15:30",
            "G.P@1epal-thess.example.gr ",
            "Γεώργιος Παπαδόπουλος",
            school,
            "Θέλω να μάθω",
            "Portugal",
            "03/04/2027",
            "14/04/2027",
            "Yes",
            7,
            "",
        ],
        # new people: Italian, Finnish yes words; Excel dates; a country by code
        [
            datetime(2026, 2, 2, 8, 0),
            "maria.rossi@example.it",
            "Rossi, Maria Grazia",
            school,
            "Voglio imparare",
            "PT",
            datetime(2027, 5, 3),
            datetime(2027, 5, 14),
            "Sì",
            "",
            "grazie",
        ],
        [
            "2026-02-03 12:00",
            "aino@example.fi ",
            "  Aino  Mäkinen ",
            school,
            "Haluan oppia",
            "Finland",
            "2027-06-01",
            "2027-06-10",
            "Kyllä",
            None,
            None,
        ],
        [
            "2026-02-04 09:00",
            "n.k@example.gr",
            "Νίκος Κωνσταντίνου",
            school,
            "",
            "",
            "",
            "",
            "No",
            None,
            None,
        ],
        [None, None, None, None, None, None, None, None, None, None, None],  # blank row
    ]


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["Job shadowing spring 2027 - responses"])  # a title row above the header
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    wb.save(path)
    return path


def test_messy_form_export_imports_all(workspace: Workspace, tmp_path: Path) -> None:
    sample = build_sample(workspace)
    call_id = _call(workspace, sample)
    path = _xlsx(tmp_path / "responses.xlsx", _rows())
    with workspace.read_session() as s:
        people_before = len(s.exec(select(Person)).all())
    dry = import_applications(workspace, call_id, path, dry_run=True).value
    assert not dry.committed and dry.counts["created"] == 4, [r.as_dict() for r in dry.rows]
    assert "Score" in dry.unmapped_columns
    with workspace.read_session() as s:
        assert s.exec(select(Application).where(Application.call_id == call_id)).all() == []
    report = import_applications(workspace, call_id, path).value
    assert report.committed and report.counts["created"] == 4
    with workspace.read_session() as s:
        rows = s.exec(
            select(Application).where(Application.call_id == call_id).order_by(Application.number)
        ).all()
        people = {p.id: p for p in s.exec(select(Person)).all()}
        prefs = {p.application_id: p for p in s.exec(select(ApplicationPreference)).all()}
    assert len(people) == people_before + 3  # Γεώργιος matched, three created
    first, second, third, fourth = rows
    assert first.person_id == sample.greek_id
    assert (first.preferred_start, first.preferred_end) == (date(2027, 4, 3), date(2027, 4, 14))
    assert first.first_time and second.first_time and third.first_time and not fourth.first_time
    maria = people[second.person_id]
    assert (maria.first_name, maria.last_name, maria.employer_id) == (
        "Maria Grazia",
        "Rossi",
        sample.school_id,
    )
    aino = people[third.person_id]
    assert (aino.first_name, aino.last_name, aino.email) == ("Aino", "Mäkinen", "aino@example.fi")
    assert second.preferred_start == date(2027, 5, 3)
    assert prefs[first.id].country == "PT" and prefs[third.id].country == "FI"
    assert fourth.id not in prefs
    assert all(r.status == "eligible" for r in rows), [(r.number, r.eligibility_reason) for r in rows]
    assert first.submitted_at == datetime(2026, 2, 1, 10, 15, 30, tzinfo=UTC)
    assert third.search_key.endswith("aino makinen")
    # a second import of the same file: every row is a duplicate (already applied)
    again = import_applications(workspace, call_id, path).value
    assert again.counts["duplicate"] == 4 and again.counts["created"] == 0


def test_bad_rows_change_nothing(workspace: Workspace, tmp_path: Path) -> None:
    sample = build_sample(workspace)
    call_id = _call(workspace, sample)
    rows = _rows()
    rows[1][6] = "31/02/2027"  # impossible date
    rows[2][3] = "Scuola che non esiste"
    rows[3][0] = "2026-03-05 09:00"  # after the deadline
    path = _xlsx(tmp_path / "bad.xlsx", rows)
    report = import_applications(workspace, call_id, path).value
    assert not report.committed
    errors = {r.row: [p.field for p in r.problems] for r in report.rows if r.status is RowStatus.ERROR}
    assert errors == {4: ["preferred_start"], 5: ["school"], 6: ["submitted_at"]}
    with workspace.read_session() as s:
        assert s.exec(select(Application).where(Application.call_id == call_id)).all() == []


def test_unknown_mapping_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    sample = build_sample(workspace)
    call_id = _call(workspace, sample)
    path = _xlsx(tmp_path / "r.xlsx", _rows())
    with pytest.raises(ValidationError) as err:
        import_applications(workspace, call_id, path, overrides={"email": "No such column"})
    assert "No such column" in str(err.value)


def test_cli_import_applications_csv(workspace: Workspace, db_path: Path, tmp_path: Path) -> None:
    sample = build_sample(workspace)
    _call(workspace, sample)
    workspace.close()
    path = tmp_path / "limesurvey.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "id",
                "submitdate",
                "Nome",
                "Cognome",
                "Email",
                "Scuola",
                "Paese preferito",
                "Dal",
                "Al",
                "Prima volta",
            ]
        )
        writer.writerow(
            [
                "1",
                "2026-02-10 11:02:03",
                "Giulia",
                "Bianchi ",
                "giulia@example.it",
                "1ο ΕΠΑΛ Θεσσαλονίκης",
                "Italia",
                "01.09.2027",
                "12.09.2027",
                "sì",
            ]
        )
    args = ["--db", str(db_path), "import", "applications", str(path), "--call", "job shadowing spring 2027"]
    assert main([*args, "--dry-run"]) == 0
    assert main(args) == 0
    con = sqlite3.connect(db_path)
    try:
        found = con.execute(
            "select p.last_name, a.first_time, a.preferred_end from application a"
            " join person p on p.id = a.person_id where p.email = 'giulia@example.it'"
        ).fetchall()
    finally:
        con.close()
    assert found == [("Bianchi", 1, "2027-09-12")]
    assert main(["--db", str(db_path), "import", "applications", str(path)]) == 1  # --call missing
    assert main(["--db", str(db_path), "import", "applications", str(path), "--call", "nope"]) == 1
