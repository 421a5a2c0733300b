"""The finance workbook of a 100,000-mobility project against bare openpyxl write-only, one run.

    .venv/bin/python benchmarks/bench_finance.py --db BIG.db [--runs 2]

BIG.db: ``intervet --db BIG.db demo --size 100000``; the script moves every mobility into the
largest project (a copy of the file is used, the original is not touched), then times:
- app: ``export_finance`` end to end (SQL reads + the shared writer + atomic rename);
- bare: openpyxl write-only writing the same cells (the rows read beforehand, not timed), plain
  values appended as they are;
- bare+formats: the same, with the same number formats per cell (what a careful hand-written
  export would have to do), which is the like-for-like baseline.
Best of ``--runs`` for each, printed side by side with the ratios.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook  # noqa: E402
from openpyxl.cell import WriteOnlyCell  # noqa: E402

from intervet_desktop.db.workspace import Workspace  # noqa: E402
from intervet_desktop.exports.xlsx.finance import (  # noqa: E402
    MOBILITY_COLUMNS,
    NA_COLUMNS,
    OUTSTANDING_COLUMNS,
    PAYMENT_COLUMNS,
)
from intervet_desktop.exports.xlsx.writer import _format_of  # noqa: E402
from intervet_desktop.services.finance_export import (  # noqa: E402
    mobility_rows,
    na_payment_rows,
    payment_rows,
)
from intervet_desktop.services.report_exports import export_finance  # noqa: E402

TODAY = date(2026, 6, 1)


def best(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-finance-"))
    db = work / "big.db"
    shutil.copyfile(args.db, db)
    con = sqlite3.connect(db)
    (pid,) = con.execute(
        "select project_id from mobility group by project_id order by count(*) desc limit 1"
    ).fetchone()
    con.execute("update mobility set project_id = ?, bm_activity_id = null", (pid,))
    con.commit()
    (count,) = con.execute("select count(*) from mobility where project_id = ?", (pid,)).fetchone()
    con.close()
    ws = Workspace.open(db, create=False)

    def cents(v: int) -> float:
        return v / 100

    # the same cells, read once (not timed)
    mob = [
        [
            m.mobility_id,
            m.participant,
            m.activity_type,
            m.direction,
            m.status,
            m.sending,
            m.receiving,
            m.destination_country,
            m.start,
            m.end,
            *(cents(x) for x in m.lines),
            cents(m.participant_cents),
            cents(m.organisation_cents),
            cents(m.total_cents),
            cents(m.in_kind_cents),
        ]
        for m in mobility_rows(ws, pid)
    ]
    pays = [
        [
            p.payment_id,
            p.mobility_id,
            p.participant,
            p.kind,
            p.due_date,
            p.paid_on,
            cents(p.amount_cents),
            p.currency,
            float(p.fx_rate) if p.fx_rate else None,
            cents(p.amount_eur_cents),
            p.method,
            p.reference,
            p.note,
        ]
        for p in payment_rows(ws, pid)
    ]
    outs = [
        [p.payment_id, p.mobility_id, p.participant, p.kind, p.due_date, cents(p.amount_eur_cents), 0]
        for p in payment_rows(ws, pid, open_only=True)
    ]
    nas = [
        [n.kind, n.due_date, cents(n.amount_cents), n.received_on, n.reference]
        for n in na_payment_rows(ws, pid)
    ]
    sheets = [
        ("Mobilities", MOBILITY_COLUMNS, mob),
        ("Payments", PAYMENT_COLUMNS, pays),
        ("Outstanding", OUTSTANDING_COLUMNS, outs),
        ("National Agency", NA_COLUMNS, nas),
    ]
    cells = sum(len(rows) * len(cols) for _, cols, rows in sheets)

    def bare(formats: bool) -> None:
        wb = Workbook(write_only=True)
        for title, cols, rows in sheets:
            sheet = wb.create_sheet(title)
            sheet.append([c.header for c in cols])
            fmts = [_format_of(c) for c in cols]
            for row in rows:
                if formats:
                    out = []
                    for v, f in zip(row, fmts, strict=True):
                        if f is None or v is None:
                            out.append(v)
                        else:
                            cell = WriteOnlyCell(sheet, value=v)
                            cell.number_format = f
                            out.append(cell)
                    sheet.append(out)
                else:
                    sheet.append(row)
        wb.save(work / "bare.xlsx")

    app = best(lambda: export_finance(ws, pid, work / "app.xlsx", today=TODAY), args.runs)
    plain = best(lambda: bare(False), args.runs)
    formatted = best(lambda: bare(True), args.runs)
    ws.close()
    print(f"project: {count:,} mobilities, {len(pays):,} payments, {cells:,} data cells")
    print(f"app export_finance (SQL + writer): {app:6.2f} s")
    print(f"bare openpyxl, plain values:       {plain:6.2f} s   ratio app/bare   = {app / plain:.2f}")
    print(
        f"bare openpyxl, same formats:       {formatted:6.2f} s   ratio app/formats = {app / formatted:.2f}"
    )
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
