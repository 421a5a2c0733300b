"""The benchmark suite in one command: builds demo databases of each size and times what a user
waits for, as the user runs it (separate processes), median of several runs.

    .venv/bin/python -m benchmarks [--sizes 1000,10000,100000] [--runs 3] [--only a,b] [-o DIR]

Steps: demo (build the database), start (cold start to the painted window, with
``intervet gui --quit-after-start``; also the GUI's peak memory), backup (a full backup), and
the existing scripts at the same size: lists (open Mobilities, a filter keystroke, a sort),
grants (recompute every grant), bm (BM export against bare openpyxl), documents (500 grant
agreements against bare reportlab). Writes ``results.md`` (a Markdown table) and
``results.json`` in DIR. Timings are reported, never judged: noise cannot fail a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("demo", "start", "backup", "lists", "grants", "bm", "documents")
HERE = Path(__file__).resolve().parent


def _run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak memory in MB, output) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = ""
    if child.stdout is not None:
        output = child.stdout.read()
        child.stdout.close()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({child.returncode}):\n{output[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, output


def _intervet(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "intervet_desktop", "--db", str(db), *args]


def _script(name: str, *args: str) -> list[str]:
    return [sys.executable, str(HERE / f"bench_{name}.py"), *args]


def measure(size: int, runs: int, only: set[str], work: Path) -> dict[str, object]:
    env = dict(os.environ, INTERVET_HOME=str(work / "home"), QT_QPA_PLATFORM="offscreen")
    db = work / f"demo-{size}.db"
    row: dict[str, object] = {"size": size}
    seconds, _mb, _ = _run(_intervet(db, "demo", "--size", str(size), "--quiet"), env)
    row["demo_s"] = round(seconds, 2)
    if "start" in only:
        starts, peaks = [], []
        for _ in range(runs):
            _s, mb, output = _run(_intervet(db, "gui", "--quit-after-start"), env)
            starts.append(float(output.split("window painted after")[1].split()[0]))
            peaks.append(mb)
        row["start_s"] = round(statistics.median(starts), 3)
        row["gui_peak_mb"] = round(max(peaks))
    if "backup" in only:
        times = [_run(_intervet(db, "backup", "-o", str(work / f"b{i}.zip")), env)[0] for i in range(runs)]
        row["backup_s"] = round(statistics.median(times), 2)
    scripts = {
        "lists": _script("lists", "--size", str(size), "--db", str(db)),
        "grants": _script("grants", str(size)),
        "bm": _script("bm_export", "--mobilities", str(size), "--rounds", str(runs)),
        "documents": _script("documents", "--n", str(min(size, 500))),
    }
    for name, args in scripts.items():
        if name in only:
            seconds, _mb, output = _run(args, env)
            row[f"{name}_s"] = round(seconds, 2)
            row[f"{name}_output"] = output.strip().splitlines()[-12:]
    return row


def markdown(rows: list[dict[str, object]]) -> str:
    keys = sorted({k for row in rows for k in row if not k.endswith("_output")}, key=list(rows[0]).index)
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        "",
        "| " + " | ".join(keys) + " |",
        "|" + "---|" * len(keys),
    ]
    lines += ["| " + " | ".join(str(row.get(k, "")) for k in keys) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", default=",".join(STEPS), help=f"steps among {', '.join(STEPS)}")
    parser.add_argument("-o", "--output", type=Path, default=Path("benchmark-results"))
    args = parser.parse_args(argv)
    only = {step.strip() for step in args.only.split(",") if step.strip()}
    args.output.mkdir(parents=True, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="intervet-bench-") as folder:
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append(measure(size, max(args.runs, 1), only, Path(folder)))
    table = markdown(rows)
    (args.output / "results.md").write_text(table, encoding="utf-8")
    (args.output / "results.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    print(table)  # noqa: T201 - the command's answer
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
