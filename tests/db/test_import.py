"""The generic importer with people and organisations: real xlsx and csv files written here."""

from __future__ import annotations

import csv
import random
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from intervet_desktop.core.errors import UnusableFileError, ValidationError
from intervet_desktop.core.organisation_rules import OrganisationForm
from intervet_desktop.core.person_rules import PersonForm
from intervet_desktop.db.models import Mobility, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import organisations, people
from intervet_desktop.services.importing import RowStatus, plan_import, run_import
from intervet_desktop.services.importing.organisation_spec import ORGANISATIONS
from intervet_desktop.services.importing.people_spec import PEOPLE


def write_xlsx(path: Path, rows: list[list[Any]], merges: list[str] = ()) -> Path:  # type: ignore[assignment]
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    # read back with an independent reader: the file holds what we meant
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
    assert len(sheet) == len(rows)
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str, delimiter: str) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def db_rows(db_path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db_path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def snapshot(db_path: Path) -> tuple[Any, ...]:
    return tuple(
        tuple(db_rows(db_path, f"SELECT * FROM {table} ORDER BY 1"))
        for table in ("person", "organisation", "audit_entry", "import_mapping")
    )


ITALIAN_FILE = [
    ["Elenco partecipanti 2026", None, None, None, None, None],
    [None, None, None, None, None, None],
    ["E-mail", "Anagrafica", None, None, "Contatti", None],
    [None, "Nome", "Cognome", "Data di nascita", "Telefono", "Nazionalità"],
    ["  Anna.ROSSI@Scuola.IT ", "Anna", "  Rossi ", datetime(1980, 1, 2), 3331234567, "Italia"],
    ["mario@scuola.it", "Mario", "Bianchi", "03.04.1975", "+39 333 765 4321", "it"],
    ["eleni@sxoleio.gr", "Ελένη", "Παπαδοπούλου", "24/12/1969", "6912345678", "EL"],
    ["jukka@tredu.fi", "Jukka", "Virtanen", "1971-07-15", "040 123 4567", "Suomi"],
    ["joao@escola.pt", "João", "Gonçalves", "5-6-82", None, "PT"],
]


def test_clean_xlsx_with_title_rows_merged_headers_and_dates(workspace: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "partecipanti.xlsx", ITALIAN_FILE, merges=["A3:A4", "B3:D3", "E3:F3"])
    report = run_import(workspace, PEOPLE, path).value
    assert report.header_row == 4
    assert report.mapping == {
        "birth_date": "Data di nascita",
        "email": "E-mail",
        "first_name": "Nome",
        "last_name": "Cognome",
        "nationality": "Nazionalità",
        "phone": "Telefono",
    }
    assert report.counts["created"] == 5 and not report.has_errors and report.committed
    assert [r.row for r in report.rows] == [5, 6, 7, 8, 9]
    rows = db_rows(
        workspace.path,
        "SELECT first_name, last_name, email, birth_date, phone, nationality, search_key, sort_key"
        " FROM person ORDER BY id",
    )
    assert rows[0] == (
        "Anna", "Rossi", "anna.rossi@scuola.it", "1980-01-02", "+393331234567", "IT",
        "anna rossi anna.rossi@scuola.it", "rossi anna",
    )  # fmt: skip
    assert [r[3] for r in rows] == ["1980-01-02", "1975-04-03", "1969-12-24", "1971-07-15", "1982-06-05"]
    assert rows[2][:2] == ("Ελένη", "Παπαδοπούλου") and rows[2][5] == "GR"
    assert rows[3][4] == "+358401234567"
    assert db_rows(workspace.path, "SELECT count(*) FROM audit_entry WHERE action='import'") == [(5,)]
    # the report names the record each row created
    by_id = dict(db_rows(workspace.path, "SELECT id, email FROM person"))
    assert [by_id[r.record_id] for r in report.rows if r.record_id] == [
        "anna.rossi@scuola.it", "mario@scuola.it", "eleni@sxoleio.gr", "jukka@tredu.fi", "joao@escola.pt",
    ]  # fmt: skip


def test_file_with_errors_changes_nothing_and_names_rows_and_fields(
    workspace: Workspace, tmp_path: Path
) -> None:
    people.create_person(workspace, PersonForm(first_name="Old", last_name="Person", email="old@x.it"))
    rows = [
        ["First name", "Last name", "Email", "Date of birth", "IBAN"],
        ["Anna", "Rossi", "anna@x.it", "01.02.1980", ""],
        ["Bob", "", "bob@", "31.02.1980", "DE89 3704 0044 0532 0130 01"],
        ["Carla", "Verdi", "carla@x.it", "2031-01-01", ""],
        ["Old", "Person", "OLD@x.it", "", ""],
    ]
    path = write_xlsx(tmp_path / "errors.xlsx", rows)
    before = snapshot(workspace.path)
    report = run_import(workspace, PEOPLE, path).value
    assert not report.committed and report.has_errors
    assert snapshot(workspace.path) == before
    problems = {(r.row, p.field, p.message.code) for r in report.errors for p in r.problems}
    assert problems == {
        (3, "last_name", "import_value_required"),
        (3, "email", "email_invalid"),
        (3, "birth_date", "date_unreadable"),
        (3, "iban", "iban_invalid"),
        (4, "birth_date", "birth_date_future"),
    }
    assert [r.status for r in report.rows] == [
        RowStatus.CREATED,
        RowStatus.ERROR,
        RowStatus.ERROR,
        RowStatus.UNCHANGED,
    ]


def test_valid_only_imports_the_good_rows(workspace: Workspace, tmp_path: Path) -> None:
    rows = [["Nachname", "Vorname", "E-Mail"], ["Müller", "Jörg", "jorg@schule.de"], ["", "Ohne", "x@y.de"]]
    path = write_xlsx(tmp_path / "de.xlsx", rows)
    report = run_import(workspace, PEOPLE, path, valid_only=True).value
    assert report.committed and report.counts["created"] == 1 and report.counts["error"] == 1
    assert db_rows(workspace.path, "SELECT first_name, last_name FROM person") == [("Jörg", "Müller")]


def test_dry_run_writes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["Etunimi", "Sukunimi"], ["Jukka", "Virtanen"]])
    before = snapshot(workspace.path)
    report = plan_import(workspace, PEOPLE, path)
    assert report.counts["created"] == 1 and not report.committed and report.dry_run
    assert snapshot(workspace.path) == before


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1252", ";"), ("cp1252", ",")],
)
def test_csv_encodings_and_delimiters(
    workspace: Workspace, tmp_path: Path, encoding: str, delimiter: str
) -> None:
    rows = [
        ["Apellidos", "Nombre", "Correo electrónico", "Fecha de nacimiento", "Teléfono", "Nacionalidad"],
        ["Núñez García", "José", "jose@escuela.es", "07/08/1985", "612 345 678", "ES"],
        ["Müller", "Jörg", "JORG@Schule.DE", "1.2.1970", "", "Deutschland"],
        ["Gonçalves", "João", "joao@escola.pt", "1990-03-04", "", "Portugal"],
    ]
    path = write_csv(tmp_path / "people.csv", rows, encoding, delimiter)
    report = run_import(workspace, PEOPLE, path).value
    assert report.counts["created"] == 3, report.as_dict()
    stored = db_rows(
        workspace.path,
        "SELECT last_name, first_name, email, birth_date, phone, nationality FROM person ORDER BY id",
    )
    assert stored == [
        ("Núñez García", "José", "jose@escuela.es", "1985-08-07", "+34612345678", "ES"),
        ("Müller", "Jörg", "jorg@schule.de", "1970-02-01", None, "DE"),
        ("Gonçalves", "João", "joao@escola.pt", "1990-03-04", None, "PT"),
    ]


def test_updates_duplicates_and_unchanged(workspace: Workspace, tmp_path: Path) -> None:
    existing = people.create_person(
        workspace,
        PersonForm(first_name="Anna", last_name="Rossi", email="anna@x.it", phone="+39 333 123 4567"),
    ).value
    twin = people.create_person(
        workspace, PersonForm(first_name="Γιώργος", last_name="Παπαδόπουλος", birth_date=date(1980, 5, 1))
    ).value
    rows = [
        ["Email", "First name", "Last name", "Phone", "Date of birth"],
        ["ANNA@x.it", "Anna", "Rossi", "+39 333 999 8888", ""],  # updated (matched by e-mail)
        ["new@x.it", "Nuovo", "Nome", "", ""],  # created
        ["new@x.it", "Nuovo", "Nome", "", ""],  # same e-mail as the row above
        ["g@x.gr", "ΓΙΩΡΓΟΣ", "ΠΑΠΑΔΟΠΟΥΛΟΣ", "", "01.05.1980"],  # like an existing person
    ]
    report = run_import(workspace, PEOPLE, write_xlsx(tmp_path / "u.xlsx", rows)).value
    statuses = [(r.row, r.status, r.record_id) for r in report.rows]
    assert statuses[0] == (2, RowStatus.UPDATED, existing.id)
    assert report.rows[0].changed == ("phone",)
    assert statuses[1][1] is RowStatus.CREATED
    assert statuses[2][:2] == (4, RowStatus.DUPLICATE) and "row 3" in report.rows[2].note.render()  # type: ignore[union-attr]
    assert statuses[3] == (5, RowStatus.DUPLICATE, twin.id)
    assert "same name and date of birth" in report.rows[3].note.render()  # type: ignore[union-attr]
    assert people.get_person(workspace, existing.id).form.phone == "+393339998888"
    again = run_import(workspace, PEOPLE, write_xlsx(tmp_path / "u2.xlsx", rows[:2])).value
    assert again.rows[0].status is RowStatus.UNCHANGED


def test_saved_mapping_is_reused_for_the_same_layout(workspace: Workspace, tmp_path: Path) -> None:
    rows = [["Ref", "Col 1", "Col 2", "Contact"], ["1", "Anna", "Rossi", "anna@x.it"]]
    path = write_xlsx(tmp_path / "odd.xlsx", rows)
    with pytest.raises(ValidationError) as caught:
        run_import(workspace, PEOPLE, path, overrides={"email": "Contact"})
    assert {p.field for p in caught.value.problems} == {"first_name", "last_name"}
    overrides = {"first_name": "Col 1", "last_name": "C", "email": "contact"}  # header text or column letter
    first = run_import(workspace, PEOPLE, path, overrides=overrides).value
    assert first.counts["created"] == 1
    assert db_rows(workspace.path, "SELECT kind FROM import_mapping") == [("people",)]
    path2 = write_xlsx(tmp_path / "odd2.xlsx", [rows[0], ["2", "Marco", "Verdi", "marco@x.it"]])
    second = run_import(workspace, PEOPLE, path2, overrides={"email": "Contact"}).value
    assert second.mapping == {"email": "Contact", "first_name": "Col 1", "last_name": "Col 2"}
    assert second.counts["created"] == 1


def test_unknown_field_or_column_in_overrides(workspace: Workspace, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "p.xlsx", [["First name", "Last name"], ["A", "B"]])
    with pytest.raises(ValidationError) as caught:
        run_import(workspace, PEOPLE, path, overrides={"shoe_size": "A", "email": "Nope"})
    assert {p.message.code for p in caught.value.problems} == {
        "import_unknown_field",
        "import_unknown_column",
    }


def encrypted_ooxml_container() -> bytes:
    """The shape of a password-protected .xlsx: an OLE compound file with EncryptionInfo and
    EncryptedPackage streams (header, then a directory sector naming the streams)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\0")
    directory = b""
    for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory += (encoded.ljust(64, b"\0") + len(encoded).to_bytes(2, "little")).ljust(128, b"\0")
    return header + directory.ljust(512, b"\0") + random.Random(1).randbytes(4096)


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("empty.xlsx", b"", "empty"),
        ("fake.xlsx", b"this is not a workbook\n" * 10, "header row"),
        ("garbage.xlsx", random.Random(2).randbytes(5000), "not a spreadsheet"),
        ("zip.xlsx", b"PK\x03\x04" + b"\0" * 100, "not a spreadsheet"),
        ("protected.xlsx", encrypted_ooxml_container(), "password"),
        ("blank.csv", b"\n\n ; ;\n", "no rows"),
    ],
)
def test_broken_files_are_refused_and_change_nothing(
    workspace: Workspace, tmp_path: Path, name: str, content: bytes, needle: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(workspace.path)
    with pytest.raises(UnusableFileError) as caught:
        run_import(workspace, PEOPLE, path)
    assert needle in caught.value.message.render()
    assert snapshot(workspace.path) == before


def test_fifty_thousand_rows_of_garbage(workspace: Workspace, tmp_path: Path) -> None:
    rng = random.Random(3)
    path = tmp_path / "garbage.csv"
    path.write_text(
        "\n".join(f"{rng.random()};{rng.getrandbits(64):x}" for _ in range(50000)), encoding="utf-8"
    )
    with pytest.raises(UnusableFileError) as caught:
        run_import(workspace, PEOPLE, path)
    assert "header row" in caught.value.message.render()


def test_import_organisations_matches_by_oid(workspace: Workspace, tmp_path: Path) -> None:
    existing = organisations.create_organisation(
        workspace, OrganisationForm(name="Berufsschule Nord", country="DE", city="Hamburg", oid="E10000001")
    ).value
    rows = [
        ["Επωνυμία", "Χώρα", "Πόλη", "OID", "Ιστοσελίδα", "Host"],
        ["1ο ΕΠΑΛ Αθηνών", "EL", "Αθήνα", "", "www.epal.gr", "ναι"],
        ["Berufsschule Nord (Hamburg)", "Deutschland", "Hamburg", "e1000 0001", "", "yes"],
        ["Hotel Aurora", "Portugal", "Lisboa", "E1234", "", ""],
    ]
    person = people.create_person(workspace, PersonForm(first_name="Ana", last_name="Silva")).value
    with workspace.session() as s:
        project = Project(
            code="P",
            action="KA121-VET",
            call_year=2025,
            start_date=date(2025, 6, 1),
            end_date=date(2027, 5, 31),
        )
        s.add(project)
        s.flush()
        assert project.id is not None
        s.add(
            Mobility(
                project_id=project.id,
                person_id=person.id,
                receiving_org_id=existing.id,
                activity_type="SM-JOB-SHDW",
                destination_country="DE",
                planned_start=date(2026, 3, 2),
                planned_end=date(2026, 3, 6),
            )
        )
    path = write_xlsx(tmp_path / "orgs.xlsx", rows)
    report = run_import(workspace, ORGANISATIONS, path, valid_only=True).value
    assert db_rows(workspace.path, "SELECT receiving_sort_key FROM mobility") == [
        ("berufsschule nord (hamburg)",)
    ]
    assert [r.status for r in report.rows] == [RowStatus.CREATED, RowStatus.UPDATED, RowStatus.ERROR]
    assert report.rows[1].record_id == existing.id
    assert set(report.rows[1].changed) == {"name", "is_host"}
    assert report.rows[2].problems[0].field == "oid"
    stored = db_rows(
        workspace.path, "SELECT name, country, city, web, is_host, search_key FROM organisation ORDER BY id"
    )
    assert stored[0][:5] == ("Berufsschule Nord (Hamburg)", "DE", "Hamburg", None, 1)
    assert stored[1][:5] == ("1ο ΕΠΑΛ Αθηνών", "GR", "Αθήνα", "https://www.epal.gr", 1)


def test_logs_hold_ids_and_counts_never_names_or_emails(
    workspace: Workspace, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from intervet_desktop.services import duplicates

    caplog.set_level(logging.DEBUG, logger="intervet_desktop")
    path = write_xlsx(tmp_path / "p.xlsx", ITALIAN_FILE, merges=["A3:A4", "B3:D3", "E3:F3"])
    run_import(workspace, PEOPLE, path)
    a = people.create_person(
        workspace, PersonForm(first_name="Zoë", last_name="Kallio", email="zoe@k.fi")
    ).value
    b = people.create_person(workspace, PersonForm(first_name="Zoe", last_name="Kallio")).value
    people.update_person(
        workspace, a.id, PersonForm(first_name="Zoë", last_name="Kallio-Virta", email="zoe@k.fi")
    )
    duplicates.merge_people(workspace, a.id, b.id)
    text = caplog.text.lower()
    assert "import people" in text and "merged person" in text
    for secret in ("rossi", "anna", "scuola.it", "παπαδοπούλου", "kallio", "zoe", "zoë"):
        assert secret not in text


def test_languages_column_creates_and_updates_person_languages(workspace: Workspace, tmp_path: Path) -> None:
    rows = [
        ["Email", "Nome", "Cognome", "Lingue"],
        ["anna@x.it", "Anna", "Rossi", "en B2, Deutsch: A2; it madrelingua"],
        ["marco@x.it", "Marco", "Verdi", ""],
        ["bad@x.it", "Bad", "Level", "en B9"],
    ]
    report = run_import(workspace, PEOPLE, write_xlsx(tmp_path / "l.xlsx", rows), valid_only=True).value
    assert [r.status for r in report.rows] == [RowStatus.CREATED, RowStatus.CREATED, RowStatus.ERROR]
    assert report.rows[2].problems[0].message.code == "cefr_invalid"
    langs = (
        "SELECT p.email, l.language, l.level FROM person_language l"
        " JOIN person p ON p.id = l.person_id ORDER BY 1, 2"
    )
    assert db_rows(workspace.path, langs) == [
        ("anna@x.it", "de", "A2"), ("anna@x.it", "en", "B2"), ("anna@x.it", "it", "native"),
    ]  # fmt: skip
    same = run_import(workspace, PEOPLE, write_xlsx(tmp_path / "l2.xlsx", rows[:2])).value
    assert same.rows[0].status is RowStatus.UNCHANGED
    changed = [rows[0], ["anna@x.it", "Anna", "Rossi", "en C1"], ["marco@x.it", "Marco", "Verdi", "fi A1"]]
    again = run_import(workspace, PEOPLE, write_xlsx(tmp_path / "l3.xlsx", changed)).value
    assert [(r.status, r.changed) for r in again.rows] == [
        (RowStatus.UPDATED, ("languages",)),
        (RowStatus.UPDATED, ("languages",)),
    ]
    assert db_rows(workspace.path, langs) == [("anna@x.it", "en", "C1"), ("marco@x.it", "fi", "A1")]
    person_id = again.rows[0].record_id
    assert person_id is not None
    assert people.get_person(workspace, person_id).form.languages[0].level == "C1"
