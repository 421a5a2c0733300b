"""Import 10,000 people from xlsx (and csv) into a fresh database; compare with the raw libraries.

    .venv/bin/python benchmarks/bench_import.py [--rows 10000]

Prints the time of each phase and the ratio against reading the file with python-calamine plus
inserting the same rows with one executemany (the floor any importer could reach).
"""

from __future__ import annotations

import argparse
import csv
import random
import sqlite3
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook
from schwifty import IBAN

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.importing import run_import
from intervet_desktop.services.importing.people_spec import PEOPLE

FIRST = [
    "Anna",
    "Giulia",
    "Jukka",
    "Γιώργος",
    "Ελένη",
    "João",
    "María",
    "Jörg",
    "Lucía",
    "Aino",
    "Νίκος",
    "Pedro",
]
LAST = ["Rossi", "Virtanen", "Παπαδόπουλος", "Gonçalves", "Müller", "García", "Korhonen", "Ζαχαρίου", "Silva"]
COUNTRIES = ["IT", "FI", "EL", "PT", "DE", "ES"]
PHONES = {
    "IT": "333 {:07d}",
    "FI": "040 {:07d}",
    "EL": "69{:08d}",
    "PT": "91{:07d}",
    "DE": "0151 {:08d}",
    "ES": "6{:08d}",
}


def rows(n: int, seed: int = 1) -> list[list[object]]:
    rng = random.Random(seed)
    out: list[list[object]] = [
        ["Cognome", "Nome", "E-mail", "Data di nascita", "Telefono", "Nazionalità", "IBAN"]
    ]
    for i in range(n):
        country = rng.choice(COUNTRIES)
        iban = str(IBAN.generate("DE", bank_code="37040044", account_code=f"{i:010d}")) if i % 3 == 0 else ""
        out.append(
            [
                rng.choice(LAST),
                rng.choice(FIRST),
                f"Person.{i}@School.eu ",
                date(1960, 1, 1) + timedelta(days=rng.randrange(12000)),
                PHONES[country].format(rng.randrange(10**6, 10**7)),
                country,
                iban,
            ]
        )
    return out


def write_xlsx(path: Path, data: list[list[object]]) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["Partecipanti"])
    ws.append([])
    for row in data:
        ws.append(row)
    wb.save(path)


def write_csv(path: Path, data: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # Excel's "CSV UTF-8"
        writer = csv.writer(handle, delimiter=";")
        for row in data:
            writer.writerow([v.strftime("%d.%m.%Y") if isinstance(v, date) else v for v in row])


def raw_floor(path: Path, db: Path) -> float:
    start = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (a, b, c, d, e, f, g)")
    con.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?)", [tuple(map(str, r[:7])) for r in sheet[3:]])
    con.commit()
    con.close()
    return time.perf_counter() - start


def bench(path: Path, db: Path) -> tuple[float, float, dict[str, int]]:
    with Workspace.open(db) as ws:
        start = time.perf_counter()
        dry = run_import(ws, PEOPLE, path, dry_run=True).value
        dry_time = time.perf_counter() - start
        start = time.perf_counter()
        report = run_import(ws, PEOPLE, path).value
        commit_time = time.perf_counter() - start
    assert report.committed and not report.has_errors, report.counts
    assert dry.counts == report.counts
    return dry_time, commit_time, report.counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    data = rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        xlsx, csv_path = folder / "people.xlsx", folder / "people.csv"
        write_xlsx(xlsx, data)
        write_csv(csv_path, data)
        floor = raw_floor(xlsx, folder / "raw.db")
        dry, commit, counts = bench(xlsx, folder / "xlsx.db")
        print(f"xlsx, {args.rows} people: dry run {dry:.2f} s, import {commit:.2f} s, {counts}")
        print(f"  raw floor (calamine read + one executemany): {floor:.2f} s; ratio {commit / floor:.0f}x")
        dry, commit, counts = bench(csv_path, folder / "csv.db")
        print(f"csv (UTF-8 with BOM, ;), {args.rows} people: dry run {dry:.2f} s, import {commit:.2f} s")
        with Workspace.open(folder / "xlsx.db") as ws:
            start = time.perf_counter()
            again = run_import(ws, PEOPLE, xlsx).value
            took = time.perf_counter() - start
            print(f"re-import of the same file (all unchanged): {took:.2f} s {again.counts}")


if __name__ == "__main__":
    main()
