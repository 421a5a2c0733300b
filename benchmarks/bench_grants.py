"""Benchmark: recompute the grants of N mobilities (bulk inserts into a temporary database).

    .venv/bin/python benchmarks/bench_grants.py [N] [--seed S]

Prints the time to build the data and the time of ``services.grants.recompute_all`` (and a second
run, when every snapshot already exists and is replaced), wall clock and this process's CPU time (the
CPU figure is the fairer one on a shared machine). Not a timed test.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

from intervet_desktop.core.country_codes import PROGRAMME_COUNTRIES
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import GrantLine, Mobility, Person, Project, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.grants import recompute_all

ACTIVITIES = [
    ("SM-JOB-SHDW", 2, 60),
    ("SM-TTA", 2, 60),
    ("SM-COUR-TRAIN", 5, 30),
    ("LM-SHORT-VET", 10, 89),
    ("LM-LONG-VET", 90, 180),
]


def build(ws: Workspace, n: int, seed: int) -> None:
    rng = random.Random(seed)
    now = utcnow()
    projects = 20
    persons = max(1, n // 5)
    with ws.session() as s:
        s.execute(
            insert(Project),
            [
                {
                    "created_at": now,
                    "updated_at": now,
                    "code": f"2024-1-FI01-KA121-VET-{i:09d}",
                    "title": f"Benchmark project {i}",
                    "search_key": search_key(f"benchmark project {i}"),
                    "action": "KA121-VET",
                    "call_year": 2024,
                    "start_date": date(2024, 6, 1),
                    "end_date": date(2026, 8, 31),
                }
                for i in range(projects)
            ],
        )
        s.execute(
            insert(Person),
            [
                {
                    "created_at": now,
                    "updated_at": now,
                    "first_name": f"First{i}",
                    "last_name": f"Last{i}",
                    "search_key": f"first{i} last{i}",
                    "sort_key": f"last{i} first{i}",
                }
                for i in range(persons)
            ],
        )
        project_ids = list(s.execute(select(Project.id)).scalars())  # type: ignore[call-overload]
        first_person = s.execute(select(func.min(Person.id))).scalar_one()
        rows = []
        countries = [c for c in PROGRAMME_COUNTRIES if c != "FI"]
        for _ in range(n):
            activity, lo, hi = rng.choice(ACTIVITIES)
            days = rng.randint(lo, hi)
            start = date(2024, 7, 1) + timedelta(days=rng.randint(0, 600))
            green = rng.random() < 0.3
            rows.append(
                {
                    "created_at": now,
                    "updated_at": now,
                    "project_id": rng.choice(project_ids),
                    "person_id": first_person + rng.randrange(persons),
                    "activity_type": activity,
                    "destination_country": rng.choice(countries),
                    "planned_start": start,
                    "planned_end": start + timedelta(days=days - 1),
                    "travel_days": rng.randint(0, 6 if green else 2),
                    "green_travel": green,
                    "distance_km": rng.randint(5, 4500),
                    "course_days": rng.randint(1, min(days, 12)) if activity == "SM-COUR-TRAIN" else 0,
                    "fewer_opportunities": rng.random() < 0.15,
                    "is_accompanying": rng.random() < 0.05,
                    "real_travel_cost_cents": rng.randint(10_000, 90_000) if rng.random() < 0.1 else None,
                    "search_key": "",
                }
            )
        s.execute(insert(Mobility), rows)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.open(Path(tmp) / "bench.db", create=True)
        try:
            t0 = time.perf_counter()
            build(ws, args.n, args.seed)
            t1 = time.perf_counter()
            print(f"built {args.n:,} mobilities in {t1 - t0:.2f} s")
            for label in ("first", "second"):
                t, cpu = time.perf_counter(), time.process_time()
                result = recompute_all(ws)
                elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
                report = result.value
                per = elapsed / max(1, args.n) * 1e6
                print(
                    f"recompute_all ({label} run): {report.computed:,} grants, "
                    f"{len(report.failed):,} failed, {elapsed:.2f} s wall, {cpu:.2f} s CPU "
                    f"({per:.1f} us per mobility)"
                )
            with ws.session() as s:
                lines = s.execute(select(func.count()).select_from(GrantLine)).scalar_one()
                total = s.execute(select(func.sum(Mobility.grant_total_cents))).scalar_one()
            print(f"{lines:,} grant lines, total {total / 100:,.2f} EUR")
        finally:
            ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
