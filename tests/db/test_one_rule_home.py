"""One home per rule: the school profile and the organisation form accept and refuse exactly the
same OIDs and PICs (core.validation.identifiers), and forms, imports and the command line read
dates with one parser (core.validation.dates.parse_date)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.organisation_rules import OrganisationForm
from intervet_desktop.core.validation.dates import parse_date
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import organisations, settings
from intervet_desktop.services.importing.parsers import date_cell

#: (typed, stored) where stored None means refused
OIDS = [
    ("E10208745", "E10208745"),
    ("e 1020 8745", "E10208745"),
    ("E-1020-8745", "E10208745"),
    ("E1020874", None),
    ("E102087451", None),
    ("X10208745", None),
    ("10208745", None),
]
PICS = [
    ("949876543", "949876543"),
    ("949 876 543", "949876543"),
    ("949-876-543", "949876543"),
    ("94987654", None),
    ("9498765430", None),
    ("94987654X", None),
]


def _profile_field(ws: Workspace, field: str, value: str) -> tuple[str | None, set[str]]:
    profile = settings.InstitutionProfile(name="Scuola", **{field: value})
    try:
        settings.save_profile(ws, profile)
    except ValidationError as exc:
        return None, {p.message.code for p in exc.problems if p.field == field}
    return getattr(settings.load_profile(ws), field), set()


def _organisation_field(ws: Workspace, field: str, value: str) -> tuple[str | None, set[str]]:
    form = OrganisationForm(name=f"Host {field} {value}", country="IT", city="Bologna", **{field: value})
    try:
        detail = organisations.create_organisation(ws, form).value
    except ValidationError as exc:
        return None, {p.message.code for p in exc.problems if p.field == field}
    stored = getattr(organisations.get_organisation(ws, detail.id).form, field)
    organisations.delete_organisation(ws, detail.id)  # the next row may have the same OID
    return stored, set()


@pytest.mark.parametrize(("field", "table"), [("oid", OIDS), ("pic", PICS)])
def test_profile_and_organisation_form_agree(
    workspace: Workspace, field: str, table: list[tuple[str, str | None]]
) -> None:
    for typed, stored in table:
        school = _profile_field(workspace, field, typed)
        host = _organisation_field(workspace, field, typed)
        assert school == host, typed
        assert school[0] == stored, typed
        assert school[1] == (set() if stored else {f"{field}_invalid"}), typed


@pytest.mark.parametrize("typed", ["2025-03-03", "03.03.2025", "03/03/2025", "3.3.2025", "03-03-2025"])
def test_one_date_parser_for_forms_imports_and_options(typed: str) -> None:
    assert parse_date(typed, "start") == date(2025, 3, 3)
    assert date_cell(typed, "start") == date(2025, 3, 3)


def test_day_comes_first() -> None:
    assert parse_date("04/03/2025", "start") == date(2025, 3, 4)
    assert parse_date("2025-03-04", "start") == date(2025, 3, 4)


def test_grant_command_reads_dates_as_its_message_says(capsys: pytest.CaptureFixture[str]) -> None:
    base = ["grant", "--from", "Tampere,FI", "--to", "Bologna,IT", "--activity", "SM-JOB-SHDW", "--json"]
    amounts = []
    spellings = (("2025-03-03", "2025-03-14"), ("03.03.2025", "14.03.2025"), ("03/03/2025", "14/03/2025"))
    for start, end in spellings:
        assert main([*base, "--start", start, "--end", end]) == 0
        amounts.append(json.loads(capsys.readouterr().out)["total"])
    assert amounts[0] == amounts[1] == amounts[2]
    assert main([*base, "--start", "31.02.2025", "--end", "14.03.2025"]) == 1
    err = capsys.readouterr().err
    assert "--start" in err and "31.02.2025" in err
    assert "DD.MM.YYYY, DD/MM/YYYY or YYYY-MM-DD" in err
