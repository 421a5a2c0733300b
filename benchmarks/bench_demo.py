"""Time `intervet --db X demo --size N` (default 100,000 mobilities) as a user runs it.

    .venv/bin/python benchmarks/bench_demo.py [--size N] [--seed S] [--keep PATH]

Prints wall time, CPU time of the command and rows written. The target (issue 3) is under a
minute on a 2-core laptop. CPU time is the steadier figure on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the database here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        if db.exists():
            print(f"{db} exists; choose a new file", file=sys.stderr)
            return 1
        env = {**os.environ, "INTERVET_HOME": str(Path(tmp) / "home")}
        command = [
            sys.executable,
            "-m",
            "intervet_desktop",
            "--db",
            str(db),
            "demo",
            "--size",
            str(args.size),
            "--seed",
            str(args.seed),
            "--json",
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run(command, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        summary = json.loads(proc.stdout)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        rows = sum(summary["rows"].values())
        size_mb = db.stat().st_size / 1e6
        print(
            f"intervet demo --size {args.size:,}: {wall:.1f} s wall (build {summary['seconds']:.1f} s), "
            f"{cpu:.1f} s CPU, {rows:,} rows, {size_mb:.0f} MB, load average {os.getloadavg()[0]:.1f}"
        )
        for table, count in sorted(summary["rows"].items(), key=lambda kv: -kv[1])[:8]:
            print(f"  {table:<24} {count:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
