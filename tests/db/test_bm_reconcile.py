"""Reconciliation against a BM export written here (modified as the BM would), and taking the BM's
value with an audit row; files from another project are refused with nothing changed."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import text
from sqlmodel import select

from intervet_desktop.core.errors import UnusableFileError, UserError, ValidationError
from intervet_desktop.db.models import AuditEntry, Mobility
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.bm import export_bm
from intervet_desktop.services.bm_reconcile import reconcile, take_bm_values
from intervet_desktop.services.changes import Kind
from tests.bm_factory import CODE, KA220_CODE, OTHER_CODE, BmSample, build_bm_sample


@pytest.fixture
def sample(workspace: Workspace) -> BmSample:
    return build_bm_sample(workspace)


def snapshot(workspace: Workspace) -> list[tuple[object, ...]]:
    with workspace.engine.connect() as conn:
        rows = list(conn.execute(text("SELECT * FROM mobility ORDER BY id")))
        rows += list(conn.execute(text("SELECT * FROM audit_entry ORDER BY id")))
        return [tuple(r) for r in rows]


def bm_export(workspace: Workspace, tmp_path: Path) -> Path:
    """What the BM would give back: our file, changed by the BM, with the grants it computed."""
    path = tmp_path / "from-bm.xlsx"
    export_bm(workspace, CODE, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    for name in ("Travel Grant", "Individual Support Grant", "Organisational Support Grant"):
        sheet.cell(row=1, column=sheet.max_column + 1, value=name)
        col[name] = sheet.max_column
    rows = {
        sheet.cell(row=r, column=col["Mobility Activity ID"]).value: r for r in range(2, sheet.max_row + 1)
    }
    first, learner, third = rows["EL01-0001"], rows["EL01-0002"], rows["EL01-0003"]
    sheet.cell(row=first, column=col["Start Date"], value="04-03-2025")
    sheet.cell(row=first, column=col["Funded Travel Days"], value=1)
    sheet.cell(row=first, column=col["Receiving Organisation OID"], value="E10000003")
    sheet.cell(row=first, column=col["Receiving City"], value="FARO")  # case only: not a difference
    sheet.cell(row=first, column=col["Participant Last Name"], value="Papadopoulos")
    sheet.cell(row=learner, column=col["Green Travel"], value="NO")
    sheet.cell(row=learner, column=col["Receiving Country"], value="AT")
    for row, travel, individual, organisational in (
        (first, 395.00, 1600.00, 100.00),  # individual support differs (local 1,640.00)
        (learner, 417.00, 1900.00, 100.00),
    ):
        sheet.cell(row=row, column=col["Travel Grant"], value=travel)
        sheet.cell(row=row, column=col["Individual Support Grant"], value=individual)
        sheet.cell(row=row, column=col["Organisational Support Grant"], value=organisational)
    sheet.cell(row=third, column=col["Organisational Support Grant"], value=100.00)
    sheet.delete_rows(third)  # ... the BM lost the third mobility
    sheet.append(["Mobility Activity", CODE, "EL01-0099", "SM-JOB-SHDW", "Anna", "Virtanen"])
    workbook.save(path)
    return path


def test_reconciliation_lists_every_kind_of_difference(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    path = bm_export(workspace, tmp_path)
    before = snapshot(workspace)
    result = reconcile(workspace, CODE, path)
    assert snapshot(workspace) == before  # comparing changes nothing
    assert result.rows_read == 3 and result.matched == 2
    assert [(u.bm_activity_id, u.participant) for u in result.only_in_bm] == [("EL01-0099", "Anna Virtanen")]
    assert [u.bm_activity_id for u in result.only_local] == ["EL01-0003"]
    found = {(d.bm_activity_id, d.field): (d.local, d.bm, d.applicable) for d in result.differences}
    assert found == {
        ("EL01-0001", "start"): ("03-03-2025", "04-03-2025", True),
        ("EL01-0001", "travel_days"): ("2", "1", True),
        ("EL01-0001", "receiving_oid"): ("E10000002", "E10000003", True),
        ("EL01-0001", "last_name"): ("Παπαδόπουλος", "Papadopoulos", False),
        ("EL01-0002", "green_travel"): ("YES", "NO", True),
        ("EL01-0002", "receiving_country"): ("DE", "AT", True),
    }
    assert [(a.bm_activity_id, a.item, a.local_cents, a.bm_cents) for a in result.amounts] == [
        ("EL01-0001", "individual_support", 164_000, 160_000)
    ]
    org = result.organisational_support
    assert org is not None and (org.local_cents, org.bm_cents, org.differs) == (20_000, 20_000, False)
    assert not result.in_step
    json.dumps(result.as_dict())  # the --json output is serialisable


def test_taking_the_bm_value_updates_the_record_and_audits_it(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    result = reconcile(workspace, CODE, bm_export(workspace, tmp_path))
    chosen = [
        d for d in result.differences if d.field in ("start", "travel_days", "receiving_oid", "green_travel")
    ]
    applied = take_bm_values(workspace, CODE, chosen)
    assert applied.changes.touches(Kind.MOBILITY)
    assert applied.value and applied.value[0].code == "bm_grant_needs_recompute"
    with workspace.read_session() as s:
        first = s.get(Mobility, sample.mobility_ids["EL01-0001"])
        learner = s.get(Mobility, sample.mobility_ids["EL01-0002"])
        assert first and learner
        assert first.planned_start == date(2025, 3, 4) and first.travel_days == 1
        assert first.receiving_org_id == sample.host_de_id
        assert learner.green_travel is False
        assert learner.actual_start == date(2025, 4, 2)  # untouched
        entries = s.exec(select(AuditEntry).where(AuditEntry.entity == "mobility")).all()
    changes = {e.entity_id: json.loads(e.changes) for e in entries}
    assert changes[sample.mobility_ids["EL01-0001"]]["planned_start"] == ["2025-03-03", "2025-03-04"]
    assert changes[sample.mobility_ids["EL01-0001"]]["source"] == "bm_reconciliation"
    assert changes[sample.mobility_ids["EL01-0002"]]["green_travel"] == [True, False]
    again = reconcile(workspace, CODE, tmp_path / "from-bm.xlsx")
    assert {d.field for d in again.differences} == {"last_name", "receiving_country"}


def test_stale_or_not_applicable_values_are_refused_and_nothing_changes(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    result = reconcile(workspace, CODE, bm_export(workspace, tmp_path))
    name = next(d for d in result.differences if d.field == "last_name")
    start = next(d for d in result.differences if d.field == "start")
    before = snapshot(workspace)
    with pytest.raises(ValidationError) as caught:
        take_bm_values(workspace, CODE, [start, name])
    assert caught.value.problems[0].message.code == "bm_value_not_applicable"
    assert snapshot(workspace) == before
    with workspace.session() as s:
        first = s.get(Mobility, sample.mobility_ids["EL01-0001"])
        assert first
        first.planned_start = date(2025, 3, 2)
        s.add(first)
    before = snapshot(workspace)
    with pytest.raises(ValidationError) as caught:
        take_bm_values(workspace, CODE, [start])
    assert caught.value.problems[0].message.code == "bm_value_changed_since"
    assert snapshot(workspace) == before


def test_another_projects_file_is_refused(workspace: Workspace, sample: BmSample, tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    export_bm(workspace, OTHER_CODE, path, force=True)
    before = snapshot(workspace)
    with pytest.raises(UserError) as caught:
        reconcile(workspace, CODE, path)
    assert caught.value.message.code == "bm_other_project"
    assert OTHER_CODE in caught.value.message.render()
    assert snapshot(workspace) == before
    with pytest.raises(UserError) as caught:
        reconcile(workspace, KA220_CODE, path)
    assert caught.value.message.code == "bm_lump_sum_refused"


def test_a_windows_1252_csv_with_semicolons_is_read(
    workspace: Workspace, sample: BmSample, tmp_path: Path
) -> None:
    path = tmp_path / "bm-export.csv"
    lines = [
        "Grant Agreement No.;Mobility Activity ID;Participant First Name;Participant Last Name;"
        "Receiving City;Start Date;Travel Grant",
        f"{CODE};EL01-0003;João;Gonçalves;Faro;05-05-2025;",
        f"{CODE};EL01-0002;Μαρία;Οικονόμου;Köln;02-04-2025;417,00",
    ]
    # Greek cannot be written in Windows-1252: the BM file would carry it as '?'
    path.write_bytes("\r\n".join(lines).encode("cp1252", errors="replace"))
    result = reconcile(workspace, CODE, path)
    assert result.matched == 2
    assert [u.bm_activity_id for u in result.only_local] == ["EL01-0001"]
    fields = {(d.bm_activity_id, d.field) for d in result.differences}
    assert ("EL01-0003", "first_name") not in fields  # 'João' decoded from Windows-1252
    assert ("EL01-0002", "first_name") in fields  # '?????' is not 'Μαρία'
    assert result.amounts == []  # 417,00 matches the local travel grant


@pytest.mark.parametrize(
    ("name", "content", "error", "code"),
    [
        ("empty.csv", b"", UnusableFileError, "bm_file_empty"),
        ("empty.xlsx", b"", UnusableFileError, "bm_file_unreadable"),
        ("notes.csv", b"Colour,Taste\nred,sweet\n", ValidationError, "bm_template_unrecognised"),
        (
            "noid.csv",
            b"Participant First Name;Start Date\nAnna;01-01-2025\n",
            ValidationError,
            "bm_template_no_id",
        ),
        ("data.json", b"{}", UnusableFileError, "bm_file_type"),
    ],
)
def test_bad_files_change_nothing(
    workspace: Workspace,
    sample: BmSample,
    tmp_path: Path,
    name: str,
    content: bytes,
    error: type[Exception],
    code: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = snapshot(workspace)
    with pytest.raises(error) as caught:
        reconcile(workspace, CODE, path)
    assert isinstance(caught.value, UserError)
    found = (
        caught.value.problems[0].message.code
        if isinstance(caught.value, ValidationError)
        else caught.value.message.code
    )
    assert found == code
    assert snapshot(workspace) == before
