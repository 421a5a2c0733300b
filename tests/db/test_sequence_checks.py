"""Sequence warnings: pre-financing before signature, balance before the end, a domestic activity
for a transnational action, one person's overlapping stays; the BM pre-flight refuses the domestic one."""

from __future__ import annotations

from datetime import UTC, date, datetime

from intervet_desktop.core.messages import render
from intervet_desktop.db.models import Mobility, MobilityStatusEvent, Payment
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.bm import check_project
from intervet_desktop.services.budget import project_budget
from tests.money_factories import make_mobility, make_org, make_project

CODE = "2025-1-FI01-KA122-VET-000000001"


def paid(workspace: Workspace, mobility_id: int, kind: str, cents: int, on: date) -> None:
    with workspace.session() as s:
        s.add(
            Payment(
                mobility_id=mobility_id, kind=kind, amount_cents=cents, amount_eur_cents=cents, paid_on=on
            )
        )


def texts(workspace: Workspace, project_id: int) -> list[str]:
    return [render(w) for w in project_budget(workspace, project_id).warnings]


def test_sequence_warnings_on_the_budget_and_the_bm_refusal(workspace: Workspace) -> None:
    pid = make_project(workspace, code=CODE)
    school = make_org(workspace, "Tampereen ammattiopisto", "FI")
    turku = make_org(workspace, "Turun ammattiopisto", "FI")
    porto = make_org(workspace, "Escola do Porto", "PT")
    home = make_mobility(
        workspace,
        pid,
        {"travel": 27_500},
        name="Anna Virtanen",
        start=date(2026, 3, 1),
        end=date(2026, 3, 10),
        sending_org_id=school,
        receiving_org_id=turku,
        destination_city="Turku",
        bm_activity_id="A-1",
    )
    abroad = make_mobility(
        workspace,
        pid,
        {"travel": 27_500},
        name="Ville Koski",
        start=date(2026, 3, 5),
        end=date(2026, 3, 20),
        sending_org_id=school,
        receiving_org_id=porto,
        destination_city="Porto",
        bm_activity_id="A-2",
    )
    with workspace.session() as s:
        turku_stay = s.get(Mobility, home)
        assert turku_stay
        turku_stay.destination_country = "FI"  # a Finnish school sending its teacher to Turku
        s.add(turku_stay)
    assert not any(
        "overlap" in t or "paid on" in t for t in texts(workspace, pid)
    )  # (after "rates not confirmed") nothing in the wrong order yet
    with workspace.session() as s:
        first = s.get(Mobility, home)
        second = s.get(Mobility, abroad)
        assert first and second
        second.person_id = first.person_id  # the same person, in Porto during the Turku stay
        s.add(second)
        s.add(
            MobilityStatusEvent(
                mobility_id=abroad, status="agreement_signed", on_date=date(2026, 2, 10), at=datetime.now(UTC)
            )
        )
    paid(workspace, home, "prefinancing", 80_000, date(2026, 2, 1))  # nothing signed
    paid(workspace, abroad, "prefinancing", 80_000, date(2026, 2, 5))  # before 10 Feb
    paid(workspace, abroad, "balance", 20_000, date(2026, 3, 15))  # before the end on 20 Mar
    shown = texts(workspace, pid)
    assert (
        "Anna Virtanen: pre-financing paid on 2026-02-01, but the grant agreement is not recorded as signed."
        in shown
    )
    assert (
        "Anna Virtanen: pre-financing paid on 2026-02-05, before the grant agreement was signed (2026-02-10)."
        in shown
    )
    assert "Anna Virtanen: balance paid on 2026-03-15, before the mobility ended (2026-03-20)." in shown
    assert (
        "Anna Virtanen: the activity is in FI, the sending school's own country; KA122-VET requires a "
        "mobility abroad." in shown
    )
    assert "Anna Virtanen: two mobilities overlap (2026-03-01–2026-03-10 and 2026-03-05–2026-03-20)." in shown
    _, _, problems = check_project(workspace, CODE)
    domestic = [p for p in problems if p.message.code == "bm_domestic"]
    assert [p.mobility_id for p in domestic] == [home]
