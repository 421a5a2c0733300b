"""intervet project new / award / rates / terms, mobility cancel, payments reverse: a project from an
empty database through the command, and the refusals (exit 1 naming the field, nothing saved)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select

from intervet_desktop.cli.main import main
from intervet_desktop.db.models import AuditEntry, BudgetLine, Payment, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.payments import PaymentForm, record_payment, refresh_plan
from tests.money_factories import make_mobility

CODE = "2025-1-FI01-KA122-VET-000000042"


def run(db: Path, *args: str) -> int:
    return main(["--db", str(db), *args])


def counts(db: Path) -> tuple[int, int, int]:
    with Workspace.open(db, create=False) as ws, ws.read_session() as s:
        return (
            s.exec(select(func.count()).select_from(Project)).one(),
            s.exec(select(func.count()).select_from(BudgetLine)).one(),
            s.exec(select(func.count()).select_from(AuditEntry)).one(),
        )


def new_project(db: Path) -> None:
    assert (
        run(
            db,
            "project",
            "new",
            "--code",
            CODE,
            "--action",
            "KA122-VET",
            "--call-year",
            "2025",
            "--start",
            "2025-09-01",
            "--end",
            "2027-02-28",
            "--title",
            "Kitchens of Europe",
        )
        == 0
    )


def test_a_project_from_an_empty_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_project(db_path)
    assert "created" in capsys.readouterr().out
    assert (
        run(
            db_path,
            "project",
            "award",
            "--project",
            CODE,
            "--transfer-limit",
            "10",
            "travel=12000",
            "individual-support=30000.50",
            "organisational-support=5000",
            "inclusion-support-participants=1250",
            "--json",
        )
        == 0
    )
    award = json.loads(capsys.readouterr().out)
    assert award["total_cents"] == 4_825_050
    assert run(db_path, "budget", "--project", CODE, "--json") == 0
    budget = json.loads(capsys.readouterr().out)
    assert {i["item"]: i["awarded_cents"] for i in budget["items"]} == {
        "travel": 1_200_000,
        "individual_support": 3_000_050,
        "organisational_support": 500_000,
        "inclusion_support_participants": 125_000,
    }
    # 10 % of travel's 12,000.00 may move
    assert budget["items"][0]["room"]["can_give_cents"] == 120_000
    assert budget["awarded_cents"] == 4_825_050 and budget["transfer_limit_bp"] == 1000
    assert budget["rates_confirmed"] is False
    assert "Rates not confirmed" in budget["warnings"][0]
    # correct one item: the others stay, an audit row says what changed
    assert run(db_path, "project", "award", "--project", CODE, "travel=11000") == 0
    with Workspace.open(db_path, create=False) as ws, ws.read_session() as s:
        rows = s.exec(select(AuditEntry).where(AuditEntry.entity == "budget_line")).all()
        assert json.loads(rows[-1].changes)["awarded_cents"] == [1_200_000, 1_100_000]
        project = s.exec(select(Project)).one()
        assert (project.national_agency, project.awarded_cents) == ("FI01", 4_725_050)
    capsys.readouterr()
    assert run(db_path, "project", "rates", "--project", CODE, "--confirm", "--json") == 0
    rates = json.loads(capsys.readouterr().out)
    assert rates["confirmed"] and rates["rate_set"] == "ka1-vet-2024@1"
    assert run(db_path, "budget", "--project", CODE, "--json") == 0
    assert json.loads(capsys.readouterr().out)["rates_confirmed"] is True


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--code", CODE], "already exists"),
        (["--end", "2025-08-01"], "End date"),
        (["--start", "2025-13-01"], "--start"),
        (["--call-year", "twenty"], "--call-year"),
        (["--action", "KA999"], "--action"),
        (["--national-agency", "SE01"], "National Agency"),
        (["--code", "2025-1-FI01-KA999"], "does not look like"),
    ],
)
def test_new_project_refusals(
    db_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], field: str
) -> None:
    new_project(db_path)
    before = counts(db_path)
    capsys.readouterr()
    base = {
        "--code": "2025-1-FI01-KA122-VET-000000043",
        "--action": "KA122-VET",
        "--call-year": "2025",
        "--start": "2025-09-01",
        "--end": "2027-02-28",
    }
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    argv = [x for pair in base.items() for x in pair]
    assert run(db_path, "project", "new", *argv) == 1
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err
    assert counts(db_path) == before


@pytest.mark.parametrize(
    ("pairs", "field"),
    [
        (["flights=100"], "'flights' is not one of"),
        (["travel=-5"], "Travel cannot be negative"),
        (["travel=lots"], "'lots' is not an amount"),
        (["travel"], "is not ITEM=EUR"),
        (["travel=100", "--transfer-limit", "140"], "between 0 and 100"),
    ],
)
def test_award_refusals(
    db_path: Path, capsys: pytest.CaptureFixture[str], pairs: list[str], field: str
) -> None:
    new_project(db_path)
    before = counts(db_path)
    capsys.readouterr()
    assert run(db_path, "project", "award", "--project", CODE, *pairs) == 1
    err = capsys.readouterr().err
    assert field in err and "Traceback" not in err
    assert counts(db_path) == before


def test_cancel_and_reverse_on_the_command_line(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new_project(db_path)
    capsys.readouterr()
    start = date.today() + timedelta(days=10)
    with Workspace.open(db_path, create=False) as ws:
        with ws.read_session() as s:
            pid = s.exec(select(Project.id)).one()
        assert pid is not None
        mid = make_mobility(ws, pid, {"travel": 30_000, "individual_support": 70_000}, start=start, end=start)
        refresh_plan(ws, mid)
        paid = record_payment(ws, mid, PaymentForm("prefinancing", "800", date.today())).value.id
    assert run(db_path, "payments", "reverse", str(paid), "--reason", "wrong person", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["reversal"]["amount_eur_cents"] == -80_000 and data["reversal"]["reverses_id"] == paid
    assert run(db_path, "payments", "reverse", str(paid), "--reason", "again") == 1
    assert "already reversed" in capsys.readouterr().err
    assert run(db_path, "payments-due", "--days", "30", "--json") == 0
    due = json.loads(capsys.readouterr().out)
    assert [(r["kind"], r["amount_eur_cents"]) for r in due["rows"]] == [
        ("prefinancing", 80_000)
    ]  # open again
    assert run(db_path, "mobility", "cancel", str(mid), "--reason", "no host", "--json") == 0
    cancelled = json.loads(capsys.readouterr().out)
    assert (cancelled["status"], cancelled["recovery_cents"], cancelled["paid_cents"]) == ("cancelled", 0, 0)
    # payments-due no longer lists the cancelled mobility's instalments
    assert run(db_path, "payments-due", "--days", "30", "--json") == 0
    assert json.loads(capsys.readouterr().out)["count"] == 0
    with Workspace.open(db_path, create=False) as ws, ws.read_session() as s:
        assert s.exec(select(func.count()).select_from(Payment)).one() == 2  # the original and its reversal
    assert run(db_path, "mobility", "cancel", str(mid), "--reason", "x") == 1
    assert run(db_path, "mobility", "cancel", "abc", "--reason", "x") == 1
    assert "Traceback" not in capsys.readouterr().err
