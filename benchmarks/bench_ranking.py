"""Benchmark: rank a call with N applications scored by 3 evaluators on the 5 preset criteria.

    .venv/bin/python benchmarks/bench_ranking.py [--n 2000]

Reports (wall and CPU time) the first ranking (every application gets a total, rank and status,
with history rows),
a re-ranking with nothing changed, the ranking view's read, and the pure rules alone.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from intervet_desktop.core.selection import Candidate, Quota, Slot, TieBreaker, select
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import (
    Application,
    ApplicationPreference,
    Organisation,
    Person,
    Project,
    Score,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls


def build(ws: Workspace, n: int) -> int:
    rng = random.Random(7)
    now = utcnow()
    stamps = {"created_at": now, "updated_at": now}
    with ws.session() as s:
        school = Organisation(name="School", country="IT", city="Roma", is_own=True, search_key="school")
        project = Project(
            code="2026-1-IT01-KA122-VET-000000001",
            action="KA122-VET",
            call_year=2026,
            start_date=date(2026, 6, 1),
            end_date=date(2027, 11, 30),
        )
        s.add_all([school, project])
        s.flush()
        assert school.id and project.id
        school_id, project_id = school.id, project.id
    call = calls.create_call(
        ws,
        calls.CallForm(
            project_id=project_id,
            title="Bench call",
            activity_type="SM-JOB-SHDW",
            opens_on=date(2026, 1, 1),
            deadline=date(2026, 3, 1),
            places_total=n // 10,
            quotas=[calls.QuotaForm(n // 40, country="PT"), calls.QuotaForm(n // 40, country="FI")],
            evaluators=["E1", "E2", "E3"],
        ),
    ).value
    with ws.session() as s:
        people = [
            {
                "first_name": f"Name{i}",
                "last_name": f"Surname{i}",
                "employer_id": school_id,
                "search_key": f"name{i} surname{i}",
                "sort_key": f"surname{i}",
                **stamps,
            }
            for i in range(n)
        ]
        s.execute(insert(Person), people)
        first_person = s.execute(Person.__table__.select().order_by(Person.__table__.c.id).limit(1)).first()  # type: ignore[attr-defined]
        assert first_person is not None
        base = first_person.id
        t0 = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)
        rows = [
            {
                "call_id": call.id,
                "person_id": base + i,
                "number": f"{call.id}-{i + 1:04d}",
                "search_key": search_key(f"{call.id}-{i + 1:04d}", f"Name{i}", f"Surname{i}"),
                "submitted_at": t0 + timedelta(minutes=i),
                "first_time": rng.random() < 0.5,
                "fewer_opportunities": rng.random() < 0.2,
                "status": "eligible",
                **stamps,
            }
            for i in range(n)
        ]
        s.execute(insert(Application), rows)
        app_ids = [
            r[0]
            for r in s.execute(Application.__table__.select().with_only_columns(Application.__table__.c.id))
        ]  # type: ignore[attr-defined]
        countries = ["PT", "FI", "ES", "DE"]
        s.execute(
            insert(ApplicationPreference),
            [
                {"application_id": a, "position": 1, "country": rng.choice(countries), **stamps}
                for a in app_ids
            ],
        )
        scores = [
            {
                "application_id": a,
                "criterion_id": c.id,
                "evaluator_id": e.id,
                "points_hundredths": rng.randint(0, c.max_points * 4) * 25,
                **stamps,
            }
            for a in app_ids
            for c in call.criteria
            for e in call.evaluators
        ]
        s.execute(insert(Score), scores)
    return call.id


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace.open(Path(folder) / "bench.db", create=True)
        try:
            started = time.perf_counter()
            call_id = build(ws, args.n)
            print(
                f"built {args.n} applications x 5 criteria x 3 evaluators "
                f"in {time.perf_counter() - started:.2f} s"
            )
            for label in ("first ranking", "re-ranking, nothing changed"):
                started, cpu = time.perf_counter(), time.process_time()
                ranking = apps.rank_call(ws, call_id).value
                print(
                    f"{label}: {time.perf_counter() - started:.3f} s wall, "
                    f"{time.process_time() - cpu:.3f} s CPU ({len(ranking.rows)} rows)"
                )
            started, cpu = time.perf_counter(), time.process_time()
            apps.get_ranking(ws, call_id)
            print(
                f"ranking view read: {time.perf_counter() - started:.3f} s wall, "
                f"{time.process_time() - cpu:.3f} s CPU"
            )
        finally:
            ws.close()
    rng = random.Random(1)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    candidates = [
        Candidate(
            i,
            f"{i:05d}",
            rng.randint(0, 10000),
            t0 + timedelta(minutes=i),
            rng.random() < 0.5,
            rng.random() < 0.2,
            preferences=(Slot(country=rng.choice(["PT", "FI", "ES"])),),
        )
        for i in range(args.n)
    ]
    started = time.process_time()
    select(
        candidates, args.n // 10, [Quota(args.n // 40, "PT"), Quota(args.n // 40, "FI")], tuple(TieBreaker)
    )
    print(f"pure rules (rank, quotas, waiting list): {time.process_time() - started:.3f} s CPU")


if __name__ == "__main__":
    main()
