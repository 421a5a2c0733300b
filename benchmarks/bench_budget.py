"""Time the dashboard and the budget figures on 100,000 mobilities (bulk inserts).

    .venv/bin/python benchmarks/bench_budget.py [--mobilities 100000] [--db /tmp/bench.db]

Builds 4 projects (one KA121 with most mobilities), 100,000 mobilities with 4 grant lines each,
a payment plan row or two per mobility and a paid row for a third of them, then times
``overview.dashboard``, ``budget.project_budget`` of the largest project and
``payments.payments_due``, each run 3 times (the best and the first are reported).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intervet_desktop.core.text import search_key  # noqa: E402
from intervet_desktop.db.models import (  # noqa: E402
    BudgetLine,
    GrantLine,
    Mobility,
    Organisation,
    Payment,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace  # noqa: E402
from intervet_desktop.services import overview  # noqa: E402
from intervet_desktop.services.budget import project_budget  # noqa: E402
from intervet_desktop.services.payments import payments_due  # noqa: E402

ACTIVITIES = ["SM-JOB-SHDW", "SM-COUR-TRAIN", "LM-SHORT-VET", "LM-LONG-VET"]
STATUSES = ["planned", "agreement_signed", "ongoing", "completed", "reported", "cancelled"]
COUNTRIES = ["PT", "FI", "ES", "DE", "IT", "EL", "FR", "IE", "NL", "AT"]


def build(path: Path, n: int, seed: int = 7) -> tuple[int, float]:
    rng = random.Random(seed)
    now = utcnow()
    stamp = {"created_at": now, "updated_at": now}
    started = time.perf_counter()
    with Workspace.open(path, create=True) as ws, ws.session() as s:
        s.execute(
            insert(Organisation),
            [
                {
                    "name": f"Host {i}",
                    "country": COUNTRIES[i % 10],
                    "city": "City",
                    "search_key": f"host {i}",
                    "sort_key": f"host {i:04d}",
                    **stamp,
                }
                for i in range(1, 501)
            ],
        )
        projects = []
        for i, (action, share) in enumerate(
            [("KA121-VET", 0.7), ("KA122-VET", 0.1), ("KA121-VET", 0.1), ("KA122-VET", 0.1)], start=1
        ):
            code = f"2025-1-FI01-{action[:5]}-VET-{i:09d}"
            projects.append((i, share))
            s.execute(
                insert(Project),
                [
                    {
                        "code": code,
                        "title": f"Project {i}",
                        "search_key": search_key(code),
                        "action": action,
                        "call_year": 2025,
                        "start_date": date(2025, 6, 1),
                        "end_date": date(2027, 5, 31),
                        "awarded_cents": int(n * share * 250_000),
                        "transfer_limit_bp": 2000,
                        "final_report_due": date(2027, 7, 30),
                        "interim_report_due": date(2026, 6, 1),
                        **stamp,
                    }
                ],
            )
            s.execute(
                insert(BudgetLine),
                [
                    {"project_id": i, "item": item, "awarded_cents": int(n * share * cents), **stamp}
                    for item, cents in [
                        ("travel", 40_000),
                        ("individual_support", 180_000),
                        ("organisational_support", 20_000),
                        ("inclusion_support_participants", 10_000),
                    ]
                ],
            )
        people = [
            {
                "first_name": f"First{i}",
                "last_name": f"Last{i}",
                "search_key": f"first{i} last{i}",
                "sort_key": f"last{i} first{i}",
                "role": "learner",
                **stamp,
            }
            for i in range(1, n + 1)
        ]
        for start in range(0, n, 20_000):
            s.execute(insert(Person), people[start : start + 20_000])
        base = date.today() - timedelta(days=365)
        mobilities, lines, payments = [], [], []
        for i in range(1, n + 1):
            r = rng.random()
            project = 1 if r < 0.7 else 2 if r < 0.8 else 3 if r < 0.9 else 4
            start = base + timedelta(days=rng.randrange(0, 730))
            days = rng.choice([5, 12, 30, 90])
            travel, individual, org = 27_500, days * 9_000, 10_000
            participant = travel + individual
            status = rng.choice(STATUSES)
            mobilities.append(
                {
                    "project_id": project,
                    "person_id": i,
                    "activity_type": rng.choice(ACTIVITIES),
                    "destination_country": COUNTRIES[i % 10],
                    "receiving_org_id": 1 + i % 500,
                    "planned_start": start,
                    "planned_end": start + timedelta(days=days - 1),
                    "status": status,
                    "search_key": f"first{i} last{i}",
                    "participant_sort_key": f"last{i}",
                    "grant_participant_cents": participant,
                    "grant_organisation_cents": org + 12_500,
                    "grant_total_cents": participant + org + 12_500,
                    "missing_evidence": i % 3,
                    **stamp,
                }
            )
            for position, (code, amount, who) in enumerate(
                [
                    ("travel", travel, "participant"),
                    ("individual_support", individual, "participant"),
                    ("organisational_support", org, "organisation"),
                    ("inclusion_organisation", 12_500, "organisation"),
                ]
            ):
                lines.append(
                    {
                        "mobility_id": i,
                        "position": position,
                        "code": code,
                        "label": code,
                        "recipient": who,
                        "amount_cents": amount,
                        **stamp,
                    }
                )
            pre = participant * 8 // 10
            if i % 3 == 0:
                payments.append(
                    {
                        "mobility_id": i,
                        "kind": "prefinancing",
                        "amount_cents": pre,
                        "amount_eur_cents": pre,
                        "currency": "EUR",
                        "paid_on": start - timedelta(days=3),
                        **stamp,
                    }
                )
            else:
                payments.append(
                    {
                        "mobility_id": i,
                        "kind": "prefinancing",
                        "due_date": start,
                        "amount_cents": pre,
                        "amount_eur_cents": pre,
                        "currency": "EUR",
                        **stamp,
                    }
                )
            payments.append(
                {
                    "mobility_id": i,
                    "kind": "balance",
                    "due_date": start + timedelta(days=days + 45),
                    "amount_cents": participant - pre,
                    "amount_eur_cents": participant - pre,
                    "currency": "EUR",
                    **stamp,
                }
            )
        for start in range(0, n, 20_000):
            s.execute(insert(Mobility), mobilities[start : start + 20_000])
        for start in range(0, len(lines), 50_000):
            s.execute(insert(GrantLine), lines[start : start + 50_000])
        for start in range(0, len(payments), 50_000):
            s.execute(insert(Payment), payments[start : start + 50_000])
    return 1, time.perf_counter() - started


def timed(label: str, work: Callable[[], Any], runs: int = 3) -> None:
    """Wall time and this process's CPU time (the latter is what an idle machine would show)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(
        f"{label:<34} wall first {walls[0] * 1000:6.0f} ms, best {min(walls) * 1000:6.0f} ms;"
        f"  cpu best {min(cpus) * 1000:6.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mobilities", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/intervet-bench-budget.db"))
    parser.add_argument("--reuse", action="store_true", help="time an existing benchmark database")
    args = parser.parse_args()
    project_id = 1
    if not args.reuse:
        for suffix in ("", "-wal", "-shm", ".lock", ".lock-info"):
            Path(str(args.db) + suffix).unlink(missing_ok=True)
        project_id, seconds = build(args.db, args.mobilities)
        print(f"built {args.mobilities:,} mobilities (4 grant lines, 2 payment rows each) in {seconds:.1f} s")
    print(f"load average before timing: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with Workspace.open(args.db, create=False) as ws:
        timed("dashboard (overview.dashboard)", lambda: overview.dashboard(ws))
        timed("budget of the largest project", lambda: project_budget(ws, project_id))
        timed("payments due in 30 days", lambda: payments_due(ws))
        budget = project_budget(ws, project_id)
        print(
            f"largest project: {budget.mobilities:,} live mobilities, "
            f"committed {budget.total.committed_cents / 100:,.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
