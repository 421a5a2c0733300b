"""Dead code stays out: vulture finds no unused function, class, method or variable in the package.

Tests, scripts and benchmarks count as users (an API the tests exercise is not dead);
tests/vulture_whitelist.py lists the false positives (Qt overrides, SQLAlchemy listeners, table
columns, enum members), each with its reason.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_dead_code_in_the_package() -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "vulture",
            "intervet_desktop",
            "tests",
            "scripts",
            "benchmarks",
            "--min-confidence",
            "60",
            "--exclude",
            "intervet_desktop/db/migrations/versions",
        ],  # fmt: skip
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode in (0, 3), proc.stderr  # 3: vulture found unused code
    found = [line for line in proc.stdout.splitlines() if line.startswith("intervet_desktop/")]
    assert found == [], "unused code (delete it, or whitelist a false positive with its reason)"
