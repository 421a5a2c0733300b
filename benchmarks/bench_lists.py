"""Issue 3 targets on a 100,000-mobility database: the Mobilities page opens in under a second,
a filter keystroke updates the view in <= 50 ms, a sort in <= 200 ms.

    .venv/bin/python benchmarks/bench_lists.py [--size 100000] [--db PATH]

Builds the database with `intervet demo --size N` when PATH does not exist. A benchmark, not a
test: it prints the median and the slowest of several runs, judged by the slowest.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(fn, repeat: int = 7) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median and slowest of ``repeat`` runs, in ms."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs), max(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / f"bench-{args.size}.db"
    if not db.exists():
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "intervet_desktop", "--db", str(db), "demo", "--size", str(args.size)],
            check=True,
        )
        print(f"demo --size {args.size}: {time.perf_counter() - start:.1f} s")

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from intervet_desktop.db.workspace import Workspace
    from intervet_desktop.ui.context import AppContext
    from intervet_desktop.ui.pages.lists import MobilitiesPage
    from intervet_desktop.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    with Workspace.open(db) as ws:
        ctx = AppContext(ws, TaskRunner(ws, inline=True))
        visible_rows = 40

        def first_rows(page: MobilitiesPage) -> None:
            model = page.model
            for row in range(min(visible_rows, model.rowCount())):
                for column in range(model.columnCount()):
                    model.index(row, column).data()

        def open_page() -> None:
            page = MobilitiesPage(ctx)
            page.resize(1200, 800)
            page.show()
            first_rows(page)
            app.processEvents()
            page.close()
            page.deleteLater()

        page = MobilitiesPage(ctx)
        page.show()
        total = page.model.rowCount()
        gc.freeze()  # as the app does once its window is up (app.run_gui)
        # typing names letter by letter: common prefixes, then rare or absent words (the slow case
        # before a search found its few rows first: every row was read walking the sort order)
        typed = ["p", "pa", "par", "pari", "paris", "m", "mu", "mul", "mull", "mulle", "muller"]
        typed += ["Π", "Πα", "Παπ", "Παπα", "Παπαδ", "j", "jo", "joa", "joao", "zz", "zzq"]
        words = iter(typed * 2)

        per_word: list[tuple[float, str]] = []

        def keystroke() -> None:
            word = next(words)
            start = time.perf_counter()
            page.search.setText(word)
            first_rows(page)
            per_word.append(((time.perf_counter() - start) * 1000, word))

        columns = [c.key for c in page.spec.columns]
        orders = iter(
            [
                (columns.index(k), o)
                for k in ("participant", "grant", "start", "host", "status")
                for o in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder)
            ]
            * 3
        )

        def sort() -> None:
            column, order = next(orders)
            page.table.sortByColumn(column, order)
            first_rows(page)

        start = time.perf_counter()
        page.search.setText("s")  # the first search reads the search index from disk
        first_rows(page)
        cold = (time.perf_counter() - start) * 1000
        page.search.clear()
        results = {
            "open Mobilities page": (timed(open_page, 5), 1000),
            "filter keystroke": (timed(keystroke, len(typed) * 2), 50),
        }
        page.search.clear()
        results["sort by a column"] = (timed(sort, 10), 200)
        print(f"rows in list: {total}; first search after opening (cold): {cold:.0f} ms")
        for name, ((median, slowest), target) in results.items():
            verdict = "ok" if slowest <= target else "SLOW"
            timing = f"median {median:6.1f} ms, slowest {slowest:6.1f} ms"
            print(f"{name:24s} {timing}   (target <= {target} ms) {verdict}")
        slow = ", ".join(f"{word!r} {ms:.0f} ms" for ms, word in sorted(per_word, reverse=True)[:4])
        print(f"slowest keystrokes: {slow}")
        ctx.tasks.close()


if __name__ == "__main__":
    main()
