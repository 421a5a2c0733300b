"""budget, payments-due and fx-rate on the command line: figures, JSON, exit codes."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.db.models import BudgetLine
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import fx
from intervet_desktop.services.payments import refresh_plan
from tests.money_factories import make_mobility, make_project


def build(db_path: Path) -> None:
    with Workspace.open(db_path, create=True) as ws:
        pid = make_project(ws, awarded_cents=300_000, transfer_limit_bp=1000)
        with ws.session() as s:
            s.add(BudgetLine(project_id=pid, item="travel", awarded_cents=100_000))
            s.add(BudgetLine(project_id=pid, item="individual_support", awarded_cents=200_000))
        start = date.today() + timedelta(days=3)
        mid = make_mobility(
            ws, pid, {"travel": 50_000, "individual_support": 150_000}, start=start, end=start
        )
        refresh_plan(ws, mid)


def test_budget_json_and_table(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(db_path)
    assert (
        main(["--db", str(db_path), "budget", "--project", "2025-1-FI01-KA122-VET-000000001", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    items = {i["item"]: (i["awarded_cents"], i["committed_cents"]) for i in data["items"]}
    assert items == {"travel": (100_000, 50_000), "individual_support": (200_000, 150_000)}
    assert data["total"]["committed_cents"] == 200_000
    assert main(["--db", str(db_path), "budget", "--project", "2025-1-FI01-KA122-VET-000000001"]) == 0
    assert "individual_support" in capsys.readouterr().out


def test_payments_due(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(db_path)
    assert main(["--db", str(db_path), "payments-due", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["count"], data["total_cents"], data["overdue_count"]) == (1, 160_000, 0)
    assert main(["--db", str(db_path), "payments-due", "--days", "400"]) == 1


def test_refusals_exit_1_without_traceback(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build(db_path)
    assert main(["--db", str(db_path), "budget", "--project", "nope"]) == 1
    assert main(["--db", str(db_path), "fx-rate", "SEK", "2026-13", "11"]) == 1
    assert main(["--db", str(db_path), "fx-rate", "SEK", "2026-02", "-1"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert main(["--db", str(db_path), "fx-rate", "sek", "2026-02", "11,2"]) == 0
    with Workspace.open(db_path, create=False) as ws:
        assert [(r.currency, r.rate) for r in fx.list_rates(ws)] == [("SEK", "11.2")]
