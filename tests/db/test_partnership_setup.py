"""A KA220 partnership set up from nothing: partners, work packages with shares, activities, costs,
transfers; the budget command shows work packages and transfers, not unit-cost items."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import AuditEntry
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.partnership_setup import (
    ActivityForm,
    WorkPackageForm,
    add_partner,
    delete_activity,
    delete_work_package,
    remove_partner,
    save_activity,
    save_work_package,
    set_partner_role,
    set_shares,
)
from intervet_desktop.services.project_cash import TransferForm, record_partner_transfer
from intervet_desktop.services.project_setup import NewProjectForm, create_project
from intervet_desktop.services.work_packages import CostForm, lump_sum_budget, record_cost
from tests.money_factories import make_org

CODE = "2024-1-IT01-KA220-VET-000123456"
TODAY = date(2025, 6, 1)


def build(ws: Workspace) -> tuple[int, dict[str, int], dict[str, int]]:
    orgs = {
        "school": make_org(ws, "Istituto Rossi", "IT"),
        "porto": make_org(ws, "Escola Porto", "PT"),
        "tampere": make_org(ws, "Tampere Vocational", "FI"),
    }
    pid = create_project(
        ws,
        NewProjectForm(
            code=CODE,
            action="KA220-VET",
            call_year=2024,
            start_date=date(2024, 11, 1),
            end_date=date(2026, 10, 31),
            title="Green kitchens",
            beneficiary_id=orgs["school"],
            partners=(orgs["porto"],),
        ),
    ).value
    add_partner(ws, pid, orgs["tampere"], "partner")
    wp1 = save_work_package(ws, pid, WorkPackageForm("WP1", "Management", "60000")).value
    wp2 = save_work_package(ws, pid, WorkPackageForm("WP2", "Job shadowing", "90000")).value
    set_shares(ws, wp1, {orgs["school"]: "30000", orgs["porto"]: "15000", orgs["tampere"]: "15000"})
    set_shares(ws, wp2, {orgs["school"]: "30000", orgs["porto"]: "40000", orgs["tampere"]: "20000"})
    return pid, orgs, {"WP1": wp1, "WP2": wp2}


def test_a_partnership_from_nothing(workspace: Workspace) -> None:
    pid, orgs, wps = build(workspace)
    activity = save_activity(
        workspace, wps["WP2"], ActivityForm("Shadowing in Porto", date(2025, 3, 1))
    ).value
    save_activity(workspace, wps["WP2"], ActivityForm("Shadowing in Porto, kitchens"), activity)
    extra = save_activity(workspace, wps["WP2"], ActivityForm("Spare")).value
    delete_activity(workspace, extra)
    record_cost(workspace, wps["WP2"], CostForm("1234.56", date(2025, 3, 10)), today=TODAY)
    record_partner_transfer(
        workspace, pid, TransferForm(orgs["porto"], "22000", date(2025, 1, 15)), today=TODAY
    )
    budget = lump_sum_budget(workspace, pid)
    assert [(w.code, w.lump_sum_cents, w.costs_cents) for w in budget.work_packages] == [
        ("WP1", 6_000_000, 0),
        ("WP2", 9_000_000, 123_456),
    ]
    assert [a.title for a in budget.work_packages[1].activities] == ["Shadowing in Porto, kitchens"]
    partners = {p.organisation: (p.role, p.lump_share_cents, p.transferred_cents) for p in budget.partners}
    assert partners == {
        "Istituto Rossi": ("coordinator", 6_000_000, 0),
        "Escola Porto": ("partner", 5_500_000, 2_200_000),
        "Tampere Vocational": ("partner", 3_500_000, 0),
    }
    # Porto: 55,000 share - 22,000 sent = 33,000 left; 33,000.01 is refused
    with pytest.raises(ValidationError) as exc:
        record_partner_transfer(
            workspace, pid, TransferForm(orgs["porto"], "33000.01", date(2025, 2, 1)), today=TODAY
        )
    assert "33,000.00" in exc.value.problems[0].render()
    set_partner_role(workspace, pid, orgs["tampere"], "associated")
    with workspace.read_session() as s:
        entities = {r.entity for r in s.exec(select(AuditEntry)).all()}
    assert {
        "project",
        "project_partner",
        "work_package",
        "work_package_activity",
        "partner_transfer",
    } <= entities


def test_partnership_guards(workspace: Workspace) -> None:
    pid, orgs, wps = build(workspace)
    outsider = make_org(workspace, "Not A Partner", "DE")
    with pytest.raises(ValidationError) as exc:
        set_shares(workspace, wps["WP1"], {orgs["school"]: "30000", orgs["porto"]: "20000"})
    assert "50,000.00" in exc.value.problems[0].render() and "60,000.00" in exc.value.problems[0].render()
    with pytest.raises(ValidationError):
        set_shares(workspace, wps["WP1"], {outsider: "60000"})
    with pytest.raises(ValidationError):
        save_work_package(workspace, pid, WorkPackageForm("WP1", "again", "100"))
    with pytest.raises(ValidationError):
        save_work_package(workspace, pid, WorkPackageForm("WP3", "negative", "-1"))
    with pytest.raises(ValidationError):  # Porto holds shares
        remove_partner(workspace, pid, orgs["porto"])
    with pytest.raises(ValidationError):
        add_partner(workspace, pid, orgs["porto"], "partner")
    record_cost(workspace, wps["WP1"], CostForm("10", date(2025, 3, 10)), today=TODAY)
    with pytest.raises(ValidationError):
        delete_work_package(workspace, wps["WP1"])
    set_shares(workspace, wps["WP2"], {orgs["school"]: "90000"})
    delete_work_package(workspace, wps["WP2"])
    set_shares(workspace, wps["WP1"], {orgs["school"]: "60000"})
    remove_partner(workspace, pid, orgs["tampere"])
    assert [p.organisation for p in lump_sum_budget(workspace, pid).partners] == [
        "Escola Porto",
        "Istituto Rossi",
    ]


def test_budget_command_shows_work_packages_not_items(
    db_path: Path, migrated_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(db_path, create=True) as ws:
        build(ws)
    assert main(["--db", str(db_path), "budget", "--project", CODE, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lump_sum"] is True and data["items"] == []
    assert [(w["code"], w["lump_sum_cents"]) for w in data["work_packages"]] == [
        ("WP1", 6_000_000),
        ("WP2", 9_000_000),
    ]
    assert sum(p["lump_share_cents"] for p in data["partners"]) == 15_000_000
    assert main(["--db", str(db_path), "budget", "--project", CODE]) == 0
    assert "WP2" in capsys.readouterr().out
    # a KA220 project has no unit-cost award items
    assert main(["--db", str(db_path), "project", "award", "--project", CODE, "travel=100"]) == 1
    assert "work-package lump sums" in capsys.readouterr().err
