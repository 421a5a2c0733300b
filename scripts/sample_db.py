"""Write a small database with the tests' sample data (tests/factories.py), for screenshots:
.venv/bin/python scripts/sample_db.py /tmp/sample.db
.venv/bin/intervet --db /tmp/sample.db shots -o /tmp/shots
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from intervet_desktop.db.workspace import Workspace  # noqa: E402
from tests.factories import build_sample  # noqa: E402


def main(path: str) -> None:
    target = Path(path)
    if target.exists():
        raise SystemExit(f"{target} exists; choose a new file")
    with Workspace.open(target) as workspace:
        build_sample(workspace)
    print(target)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sample.db")
