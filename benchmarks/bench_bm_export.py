"""BM export of a 100,000-mobility project against bare openpyxl write-only writing the same cells.

    .venv/bin/python benchmarks/bench_bm_export.py [--mobilities N] [--rounds R] [--with-db]

Side by side in one run, alternating, best of R rounds each:
  bare     openpyxl Workbook(write_only=True), ws.append() of the precomputed cell values, save
  export   exports.bm.write_bm_file: the same file from MobilityRow DTOs (values formatted on the
           way: DD-MM-YYYY dates, bands, YES/NO, EL, formula guard)
  service  (--with-db) services.bm.export_bm on an SQLite database holding the project: loading,
           pre-flight check and writing. Reported for information; the target applies to `export`.
Target: export <= 1.3 x bare (wall time; CPU time is printed too, as it is steadier on a busy machine).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from intervet_desktop.exports.bm.fields import ExportOptions, MobilityRow
from intervet_desktop.exports.bm.layout import default_layout
from intervet_desktop.exports.bm.writer import row_makers, write_bm_file

CODE = "2024-1-EL01-KA121-VET-000111222"
FIRST = ["Γεώργιος", "Μαρία", "João", "Jürgen", "Anna", "Élodie", "Åsa", "Zoë"]
LAST = ["Παπαδόπουλος", "Οικονόμου", "Gonçalves", "Müller", "Virtanen", "Dubois", "Öberg", "Ní Bhriain"]
CITIES = [("PT", "Faro"), ("FI", "Tampere"), ("DE", "Köln"), ("IT", "Bologna"), ("ES", "Sevilla")]
ACTIVITIES = ["SM-JOB-SHDW", "LM-SHORT-VET", "SM-COUR-TRAIN", "LM-LONG-VET"]


def make_rows(n: int, seed: int = 7) -> list[MobilityRow]:
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        start = date(2025, 1, 1) + timedelta(days=rnd.randrange(0, 500))
        country, city = CITIES[i % len(CITIES)]
        rows.append(
            MobilityRow(
                mobility_id=i + 1,
                grant_agreement_no=CODE,
                bm_activity_id=f"EL01-{i + 1:06d}",
                activity_type=ACTIVITIES[i % len(ACTIVITIES)],
                direction="outgoing",
                is_accompanying=i % 17 == 0,
                first_name=FIRST[i % len(FIRST)],
                last_name=LAST[(i // 3) % len(LAST)],
                gender=("female", "male", "non_binary", "undisclosed")[i % 4],
                birth_date=date(1970, 1, 1) + timedelta(days=rnd.randrange(0, 12000)),
                nationality="GR",
                email=f"person{i}@example.gr",
                fewer_opportunities=i % 5 == 0,
                sending_org_id=1,
                sending_oid="E10000001",
                sending_country="GR",
                sending_city="Θεσσαλονίκη",
                receiving_org_id=2 + i % 50,
                receiving_oid=f"E2{i % 50:07d}",
                receiving_country=country,
                receiving_city=city,
                start=start,
                end=start + timedelta(days=rnd.randrange(4, 60)),
                travel_days=rnd.choice((0, 1, 2)),
                green_travel=i % 3 == 0,
                transport_mode=("plane", "train", "bus")[i % 3],
                distance_km=rnd.randrange(50, 4500),
                other_languages=("EN", "PT")[: i % 3],
                course_days=0,
            )
        )
    return rows


def bare(path: Path, cells: list[list[object]], headers: list[str]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Mobility activities")
    sheet.append(headers)
    for row in cells:
        sheet.append(row)
    workbook.save(path)


def build_db(path: Path, rows: list[MobilityRow]) -> None:
    from sqlalchemy import insert

    from intervet_desktop.db.models import Mobility, Organisation, Person, Project, utcnow
    from intervet_desktop.db.workspace import Workspace

    now = utcnow()
    stamp = {"created_at": now, "updated_at": now}
    with Workspace.open(path, create=True) as ws, ws.session() as s:
        project = Project(code=CODE, action="KA121-VET", call_year=2024, start_date=date(2024, 6, 1),
                          end_date=date(2027, 5, 31))  # fmt: skip
        s.add(project)
        s.flush()
        orgs = [
            {"id": 1, "name": "School", "country": "GR", "city": "Θεσσαλονίκη", "oid": "E10000001", **stamp}
        ]
        orgs += [
            {"id": 2 + k, "name": f"Host {k}", "country": CITIES[k % 5][0], "city": CITIES[k % 5][1],
             "oid": f"E2{k:07d}", **stamp}
            for k in range(50)
        ]  # fmt: skip
        s.execute(insert(Organisation), orgs)
        people = [
            {"id": r.mobility_id, "first_name": r.first_name, "last_name": r.last_name, "gender": r.gender,
             "birth_date": r.birth_date, "nationality": "GR", "email": r.email, **stamp}
            for r in rows
        ]  # fmt: skip
        s.execute(insert(Person), people)
        mobilities = [
            {"project_id": project.id, "person_id": r.mobility_id, "activity_type": r.activity_type,
             "sending_org_id": 1, "receiving_org_id": r.receiving_org_id,
             "destination_country": r.receiving_country, "destination_city": r.receiving_city,
             "planned_start": r.start, "planned_end": r.end,
             "travel_days": r.travel_days, "green_travel": r.green_travel, "transport_mode": r.transport_mode,
             "distance_km": r.distance_km, "bm_activity_id": r.bm_activity_id, "status": "completed", **stamp}
            for r in rows
        ]  # fmt: skip
        s.execute(insert(Mobility), mobilities)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mobilities", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--with-db", action="store_true")
    args = parser.parse_args()
    rows = make_rows(args.mobilities)
    layout = default_layout()
    options = ExportOptions()
    (make,) = row_makers(layout, options)
    cells = [[None if c == "" else c for c in make(r)] for r in rows]
    folder = Path(tempfile.mkdtemp(prefix="bench-bm-"))
    times: dict[str, list[float]] = {"bare": [], "export": [], "service": []}
    cpu: dict[str, list[float]] = {"bare": [], "export": []}
    db = folder / "bench.db"
    if args.with_db:
        t = time.perf_counter()
        build_db(db, rows)
        print(f"(database with {len(rows):,} mobilities built in {time.perf_counter() - t:.1f} s)")
    for _ in range(args.rounds):
        t, c = time.perf_counter(), time.process_time()
        bare(folder / "bare.xlsx", cells, layout.headers)
        times["bare"].append(time.perf_counter() - t)
        cpu["bare"].append(time.process_time() - c)
        t, c = time.perf_counter(), time.process_time()
        write_bm_file(folder / "export.xlsx", layout, rows, options)
        times["export"].append(time.perf_counter() - t)
        cpu["export"].append(time.process_time() - c)
        if args.with_db:
            from intervet_desktop.db.workspace import Workspace
            from intervet_desktop.services.bm import export_bm

            t = time.perf_counter()
            with Workspace.open(db) as ws:
                export_bm(ws, CODE, folder / "service.xlsx", force=True)
            times["service"].append(time.perf_counter() - t)
    best = {k: min(v) for k, v in times.items() if v}
    n_cells = len(cells) * len(layout.headers)
    print(
        f"{len(rows):,} mobilities x {len(layout.headers)} columns = {n_cells:,} cells, best of {args.rounds}"
    )
    bare_cpu, export_cpu = min(cpu["bare"]), min(cpu["export"])
    print(f"  bare openpyxl write-only : {best['bare']:7.2f} s wall  {bare_cpu:7.2f} s CPU")
    print(
        f"  exports.bm.write_bm_file : {best['export']:7.2f} s wall  {export_cpu:7.2f} s CPU   "
        f"ratio {best['export'] / best['bare']:.2f} x wall, {export_cpu / bare_cpu:.2f} x CPU"
    )
    if "service" in best:
        ratio = best["service"] / best["bare"]
        print(
            f"  services.bm.export_bm    : {best['service']:7.2f} s   ratio {ratio:.2f} x"
            "  (load + check + write)"
        )
    ratio = best["export"] / best["bare"]
    print("target <= 1.30 x:", "met" if ratio <= 1.3 else "MISSED")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
