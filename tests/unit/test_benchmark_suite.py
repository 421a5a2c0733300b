"""CI's smoke check of the benchmark suite: the 1,000 size runs end to end and writes its table
and JSON. Timings are recorded, never judged here, so noise cannot fail it."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.__main__ import main


def test_suite_runs_the_smallest_size(tmp_path: Path) -> None:
    assert main(["--sizes", "1000", "--runs", "1", "--only", "start,backup", "-o", str(tmp_path)]) == 0
    rows = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert [row["size"] for row in rows] == [1000]
    assert rows[0]["start_s"] > 0 and rows[0]["backup_s"] > 0 and rows[0]["gui_peak_mb"] > 50
    table = (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| size |" in table and "start_s" in table
