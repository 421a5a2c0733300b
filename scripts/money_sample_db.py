"""Build a database with budget and payment data for screenshots of the Dashboard, Budget and
Payments pages: tests/factories.py's sample plus budget lines, grant lines, payment plans,
payments (one in HUF), NA payments and a KA220 partnership with work packages.

    .venv/bin/python scripts/money_sample_db.py /tmp/money.db
"""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete  # noqa: E402

from intervet_desktop.db.models import (  # noqa: E402
    BudgetLine,
    GrantLine,
    Mobility,
    Payment,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageActivity,
    WorkPackageShare,
)
from intervet_desktop.db.workspace import Workspace  # noqa: E402
from intervet_desktop.services import fx  # noqa: E402
from intervet_desktop.services.payments import PaymentForm, record_payment, refresh_plan  # noqa: E402
from intervet_desktop.services.project_cash import (  # noqa: E402
    NaPaymentForm,
    TransferForm,
    record_na_payment,
    record_partner_transfer,
)
from intervet_desktop.services.work_packages import CostForm, record_cost  # noqa: E402
from tests.factories import build_sample  # noqa: E402
from tests.money_factories import make_mobility, make_org, make_project  # noqa: E402


def main(path: Path) -> None:
    today = date.today()
    with Workspace.open(path, create=True) as ws:
        sample = build_sample(ws, today)
        with ws.session() as s:
            project = s.get(Project, sample.project_id)
            assert project
            project.transfer_limit_bp = 2000
            project.interim_report_due = today + timedelta(days=12)
            project.final_report_due = date(2027, 4, 28)
            project.awarded_cents = 1_600_000
            s.add(project)
            for item, cents in [
                ("travel", 150_000),
                ("individual_support", 1_100_000),
                ("organisational_support", 200_000),
                ("inclusion_support_participants", 50_000),
                ("course_fees", 100_000),
            ]:
                s.add(BudgetLine(project_id=sample.project_id, item=item, awarded_cents=cents))
            s.execute(delete(Payment))
            for mid in sample.mobility_ids:
                m = s.get(Mobility, mid)
                assert m
                s.add(
                    GrantLine(
                        mobility_id=mid,
                        position=0,
                        code="travel",
                        label="Travel",
                        recipient="participant",
                        amount_cents=27_500,
                    )
                )
                s.add(
                    GrantLine(
                        mobility_id=mid,
                        position=1,
                        code="individual_support",
                        label="Individual support",
                        recipient="participant",
                        amount_cents=m.grant_participant_cents - 27_500,
                    )
                )
                s.add(
                    GrantLine(
                        mobility_id=mid,
                        position=2,
                        code="organisational_support",
                        label="Organisational support",
                        recipient="organisation",
                        amount_cents=10_000,
                    )
                )
        pid = sample.project_id
        extra = [
            make_mobility(
                ws,
                pid,
                {
                    "travel": 55_000,
                    "individual_support": 420_000,
                    "organisational_support": 10_000,
                    "course_fees": 80_000,
                },
                name="Αικατερίνη Δημητρίου",
                status="ongoing",
                activity="SM-COUR-TRAIN",
                start=today - timedelta(days=20),
                end=today - timedelta(days=12),
            ),
            make_mobility(
                ws,
                pid,
                {
                    "travel": 27_500,
                    "individual_support": 180_000,
                    "organisational_support": 10_000,
                    "exceptional_travel": 60_000,
                },
                name="Νίκος Αντωνίου",
                status="agreement_sent",
                start=today + timedelta(days=20),
                end=today + timedelta(days=30),
                in_kind_travel_cents=27_500,
            ),
            make_mobility(
                ws,
                pid,
                {"travel": 27_500, "individual_support": 150_000},
                name="Maria Ioannou",
                status="planned",
                start=today - timedelta(days=5),
                end=today + timedelta(days=5),
            ),
        ]
        for mid in [*sample.mobility_ids, *extra]:
            refresh_plan(ws, mid, today)
        record_payment(
            ws,
            sample.mobility_ids[1],
            PaymentForm("prefinancing", "710.80", today - timedelta(days=45), reference="TR-2026-014"),
            today,
        )
        fx.set_rate(ws, "HUF", today - timedelta(days=30), "391.25")
        record_payment(
            ws,
            extra[0],
            PaymentForm(
                "prefinancing", "140000", today - timedelta(days=30), currency="HUF", reference="HU-77"
            ),
            today,
        )
        record_payment(ws, extra[2], PaymentForm("prefinancing", "1000", today - timedelta(days=15)), today)
        with ws.session() as s:
            m = s.get(Mobility, extra[2])
            assert m
            m.status = "cancelled"
            s.add(m)
        refresh_plan(ws, extra[2], today)
        record_na_payment(
            ws,
            pid,
            NaPaymentForm("prefinancing", "9600", received_on=date(2025, 10, 15), reference="NA-EL01-1"),
            today,
        )
        record_na_payment(ws, pid, NaPaymentForm("balance", "2400", due_date=date(2027, 7, 1)), today)

        ka220 = make_project(
            ws,
            code="2024-1-IT01-KA220-VET-000123456",
            action="KA220-VET",
            funding_model="lump_sum",
            awarded_cents=25_000_000,
            title="Green skills in hospitality VET",
            final_report_due=date(2026, 12, 31),
        )
        coordinator = make_org(ws, "Istituto Professionale Alberghiero di Bari", "IT")
        partner = make_org(ws, "Ammattiopisto Tredu", "FI")
        partner2 = make_org(ws, "Escola Profissional de Hotelaria do Algarve", "PT")
        with ws.session() as s:
            s.add(ProjectPartner(project_id=ka220, organisation_id=coordinator, role="coordinator"))
            s.add(ProjectPartner(project_id=ka220, organisation_id=partner, role="partner"))
            s.add(ProjectPartner(project_id=ka220, organisation_id=partner2, role="partner"))
            wps = []
            for code, title, lump, pct, done in [
                ("WP1", "Project management", 5_000_000, 100, date(2025, 12, 20)),
                ("WP2", "Job shadowing and peer learning", 12_000_000, 60, None),
                ("WP3", "Green kitchen toolkit", 8_000_000, 20, None),
            ]:
                wp = WorkPackage(
                    project_id=ka220,
                    code=code,
                    title=title,
                    lump_sum_cents=lump,
                    completion_pct=pct,
                    completed_on=done,
                    evidence="Minutes, attendance lists" if done else "",
                )
                s.add(wp)
                s.flush()
                wps.append(wp)
                for org, share in [(coordinator, 0.4), (partner, 0.3), (partner2, 0.3)]:
                    s.add(
                        WorkPackageShare(
                            work_package_id=wp.id,
                            organisation_id=org,  # type: ignore[arg-type]
                            amount_cents=int(lump * share),
                        )
                    )
            s.add(
                WorkPackageActivity(
                    work_package_id=wps[1].id,
                    title="Shadowing week in Tampere",  # type: ignore[arg-type]
                    planned_end=date(2026, 3, 20),
                    completion_pct=100,
                    evidence="Certificates",
                )
            )
            s.add(
                WorkPackageActivity(
                    work_package_id=wps[1].id,
                    title="Shadowing week in Faro",  # type: ignore[arg-type]
                    planned_end=date(2026, 10, 9),
                    completion_pct=20,
                )
            )
            wp_ids = [w.id for w in wps]
        record_cost(
            ws, wp_ids[1], CostForm("3120.40", today - timedelta(days=40), description="Travel"), today
        )  # type: ignore[arg-type]
        record_partner_transfer(ws, ka220, TransferForm(partner, "30000", date(2025, 11, 3), "T-1"), today)
        record_na_payment(
            ws, ka220, NaPaymentForm("prefinancing", "200000", received_on=date(2025, 10, 1)), today
        )
    print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
