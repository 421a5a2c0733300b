"""The retention rule (from the NA's balance payment, five years by default) and `intervet history`."""

from __future__ import annotations

import json
import sqlite3
from datetime import date

import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.core.enums import AuditAction, NaPaymentKind
from intervet_desktop.db import backup
from intervet_desktop.db.models import NaPayment, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.gdpr.retention import due
from intervet_desktop.services.settings import set_value
from tests.factories import build_sample


def _paid(workspace: Workspace, project_id: int, on: date) -> None:
    with workspace.session() as s:
        s.add(
            NaPayment(
                project_id=project_id, kind=NaPaymentKind.BALANCE.value, amount_cents=100, received_on=on
            )
        )


def test_nobody_is_due_before_the_balance_is_paid_or_the_years_are_over(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    assert due(workspace) == []
    _paid(workspace, sample.project_id, date(2024, 3, 1))
    assert due(workspace, today=date(2029, 2, 28)) == []
    items = due(workspace, today=date(2029, 3, 1))
    assert {i.person_id for i in items} >= {sample.greek_id}
    assert items[0].expires_on == "2029-03-01"
    with workspace.read_session() as s:
        project = s.get(Project, sample.project_id)
        assert project is not None
    set_value(workspace, "retention_years", {project.code: 10})  # this grant agreement says ten
    assert due(workspace, today=date(2029, 3, 1)) == []
    assert due(workspace, today=date(2034, 3, 1)) != []


def test_retention_run_anonymises_and_prunes_older_backups(
    workspace: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = build_sample(workspace)
    _paid(workspace, sample.project_id, date(2015, 1, 1))
    db = workspace.path
    old = backup.full_backup(db, backup.backups_dir(db) / "test-20200101-120000.zip")
    workspace.close()
    assert main(["--db", str(db), "retention", "preview", "--json"]) == 0
    preview = json.loads(capsys.readouterr().out)
    assert sample.greek_id in [item["person_id"] for item in preview]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM person WHERE anonymised_at IS NOT NULL").fetchone() == (0,)
    assert main(["--db", str(db), "retention", "run"]) == 0
    with sqlite3.connect(db) as con:
        anonymised = {r[0] for r in con.execute("SELECT id FROM person WHERE anonymised_at IS NOT NULL")}
    assert {item["person_id"] for item in preview} == anonymised
    assert not old.exists()  # it still held the anonymised people
    assert len(backup.list_backups(backup.backups_dir(db))) == 1
    assert main(["--db", str(db), "retention", "preview", "--project", "NOPE"]) == 1


def test_history_of_a_person(workspace: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    sample = build_sample(workspace)
    with workspace.session() as s:
        audit.record(s, "person", sample.greek_id, AuditAction.UPDATE, {"email": ["a@x.gr", "b@x.gr"]})
    db = workspace.path
    workspace.close()
    assert main(["--db", str(db), "history", "--person", str(sample.greek_id), "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert lines[-1]["action"] == "update" and lines[-1]["changes"] == {"email": ["a@x.gr", "b@x.gr"]}
    assert lines[-1]["os_user"]
    assert main(["--db", str(db), "history", "--person", str(sample.greek_id)]) == 0
    assert "email" in capsys.readouterr().out
    assert main(["--db", str(db), "history", "--mobility", "0"]) == 1
