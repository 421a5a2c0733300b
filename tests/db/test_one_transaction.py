"""One transaction per user action: a mobility with its grant snapshot, an evidence file with its
evidence state, an import with its rows. A failure (or Cancel) part-way leaves the real SQLite
file as it was, read back with a separate connection."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from intervet_desktop.core.grant import GrantBreakdown
from intervet_desktop.db.models import Organisation, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import grants, mobilities
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.importing import engine as import_engine
from intervet_desktop.services.importing import run_import
from intervet_desktop.services.importing.people_spec import PEOPLE
from intervet_desktop.services.mobilities import MobilityForm
from intervet_desktop.services.progress import Cancelled, Progress
from tests.db.test_import import write_csv
from tests.factories import Sample, build_sample


@pytest.fixture
def sample(workspace: Workspace) -> Sample:
    return build_sample(workspace, today=date(2026, 1, 10))


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(db)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def form(sample: Sample, **changes: object) -> MobilityForm:
    base = MobilityForm(
        project_id=sample.project_id,
        person_id=sample.portuguese_id,
        activity_type="SM-JOB-SHDW",
        sending_org_id=sample.school_id,
        receiving_org_id=sample.host_fi_id,
        destination_city="Tampere",
        destination_country="FI",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 13),
        travel_days=2,
        distance_km=2300,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _broken_grant(*_args: object) -> GrantBreakdown:
    raise RuntimeError("grant step failed")


def test_create_with_a_failing_grant_step_saves_nothing(
    workspace: Workspace, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = ("mobility", "grant_line", "evidence_item", "mobility_status_event", "audit_entry", "payment")
    before = {table: rows(workspace.path, f"SELECT count(*) FROM {table}") for table in counted}
    monkeypatch.setattr(grants, "_compute", _broken_grant)
    with pytest.raises(RuntimeError, match="grant step failed"):
        mobilities.create_mobility(workspace, form(sample))
    assert {table: rows(workspace.path, f"SELECT count(*) FROM {table}") for table in counted} == before


def test_create_stores_mobility_and_grant_together(workspace: Workspace, sample: Sample) -> None:
    result = mobilities.create_mobility(workspace, form(sample))
    mid = result.value.id
    lines = rows(workspace.path, f"SELECT sum(amount_cents) FROM grant_line WHERE mobility_id = {mid}")
    total = rows(workspace.path, f"SELECT grant_total_cents FROM mobility WHERE id = {mid}")
    assert lines[0][0] == total[0][0] == result.value.grant_total_cents > 0
    assert result.changes.touches(Kind.MOBILITY, Kind.GRANT_LINE, Kind.PAYMENT, Kind.EVIDENCE_ITEM)


def test_update_with_a_failing_first_snapshot_keeps_the_old_mobility(
    workspace: Workspace, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = mobilities.create_mobility(workspace, form(sample)).value
    # a mobility without a snapshot yet: the next update stores its first one
    con = sqlite3.connect(workspace.path)
    with con:
        con.execute(f"DELETE FROM grant_line WHERE mobility_id = {created.id}")
        con.execute(
            "UPDATE mobility SET grant_rate_set_id = NULL, grant_rate_set_version = NULL,"
            f" grant_total_cents = 0 WHERE id = {created.id}"
        )
    con.close()
    monkeypatch.setattr(grants, "_compute", _broken_grant)
    with pytest.raises(RuntimeError):
        mobilities.update_mobility(
            workspace, created.id, replace(created.form, planned_end=date(2026, 3, 20))
        )
    stored = rows(
        workspace.path, f"SELECT planned_end, grant_total_cents FROM mobility WHERE id = {created.id}"
    )
    assert stored == [("2026-03-13", 0)]
    assert rows(workspace.path, "SELECT count(*) FROM grant_line") == [(0,)]
    assert rows(workspace.path, "SELECT count(*) FROM audit_entry WHERE action = 'update'") == [(0,)]

    monkeypatch.undo()
    outcome = mobilities.update_mobility(
        workspace, created.id, replace(created.form, planned_end=date(2026, 3, 20))
    ).value
    assert not outcome.grant_inputs_changed  # the first snapshot was stored with the update
    lines = rows(workspace.path, f"SELECT sum(amount_cents) FROM grant_line WHERE mobility_id = {created.id}")
    assert lines[0][0] == outcome.detail.grant_total_cents > created.grant_total_cents


def test_evidence_file_and_its_state_are_one_transaction(
    workspace: Workspace, sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    created = mobilities.create_mobility(workspace, form(sample)).value
    scan = tmp_path / "ticket.pdf"
    scan.write_bytes(b"%PDF-1.4 ticket")

    def broken(*_args: object) -> None:
        raise RuntimeError("evidence step failed")

    monkeypatch.setattr(mobilities, "_ensure_evidence", broken)
    with pytest.raises(RuntimeError):
        mobilities.attach_evidence_file(workspace, created.id, "travel_evidence", scan)
    assert rows(workspace.path, "SELECT count(*) FROM attachment") == [(0,)]
    assert rows(
        workspace.path,
        f"SELECT done FROM evidence_item WHERE mobility_id = {created.id} AND kind = 'travel_evidence'",
    ) == [(0,)]

    monkeypatch.undo()
    result = mobilities.attach_evidence_file(workspace, created.id, "travel_evidence", scan)
    assert result.changes.touches(Kind.ATTACHMENT, Kind.EVIDENCE_ITEM)
    linked = rows(
        workspace.path,
        "SELECT a.original_name, e.done FROM evidence_item e JOIN attachment a ON a.id = e.attachment_id"
        f" WHERE e.mobility_id = {created.id}",
    )
    assert linked == [("ticket.pdf", 1)]


def _people_file(tmp_path: Path, count: int) -> Path:
    header = ["First name", "Last name", "Email", "Date of birth", "Nationality"]
    firsts = ["Anna", "Mario", "Giulia", "Luca", "Sofia", "Marco", "Elena"]
    lasts = ["Rossi", "Bianchi", "Esposito", "Ferrari", "Romano", "Colombo", "Ricci"]
    body = [
        [firsts[i % 7], lasts[i // 7], f"p{i}@scuola.it", f"19{60 + i}-01-{1 + i % 28:02d}", "IT"]
        for i in range(count)
    ]
    return write_csv(tmp_path / "people.csv", [header, *body], "utf-8", ",")


def test_cancel_mid_way_through_an_import_leaves_zero_rows(
    workspace: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_engine, "WRITE_CHUNK", 10)
    path = _people_file(tmp_path, 35)
    before = rows(workspace.path, "SELECT count(*) FROM person")[0][0]
    reports: list[tuple[int, int]] = []

    def on_update(done: int, total: int, _label: str) -> None:
        reports.append((done, total))
        if done >= 20:  # two chunks are in the transaction already
            progress.cancel()

    progress = Progress(on_update)
    with pytest.raises(Cancelled):
        run_import(workspace, PEOPLE, path, progress=progress)
    assert (20, 35) in reports  # the cancel came part-way through the write
    assert rows(workspace.path, "SELECT count(*) FROM person")[0][0] == before
    assert rows(workspace.path, "SELECT count(*) FROM audit_entry WHERE action = 'import'") == [(0,)]
    assert rows(workspace.path, "SELECT count(*) FROM import_mapping") == [(0,)]

    report = run_import(workspace, PEOPLE, path, progress=Progress()).value  # not cancelled: all rows
    assert report.committed
    assert rows(workspace.path, "SELECT count(*) FROM person")[0][0] == before + 35


@pytest.mark.parametrize("reader", ["read_session", "grants.reading"])
def test_a_write_through_the_read_session_fails_loudly(workspace: Workspace, reader: str) -> None:
    """Details, forms' checks and the grant preview read through these sessions; lists through
    the same read-only engine (below)."""
    now = utcnow()
    opened = workspace.read_session() if reader == "read_session" else grants.reading(workspace)
    with opened as session:
        stray = Organisation(name="Stray", country="IT", city="Roma", created_at=now, updated_at=now)
        session.add(stray)
        with pytest.raises(OperationalError, match="readonly|read-only"):
            session.flush()
    assert rows(workspace.path, "SELECT count(*) FROM organisation WHERE name = 'Stray'") == [(0,)]


def test_a_write_through_the_list_readers_engine_fails_loudly(workspace: Workspace) -> None:
    with workspace.read_engine.connect() as conn, pytest.raises(OperationalError, match="readonly|read-only"):
        conn.execute(text("UPDATE app_setting SET value = 'x'"))
