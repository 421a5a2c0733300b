"""``intervet gui --quit-after-start`` opens the window, waits for its first paint and exits 0:
the start-up benchmark and the frozen smoke test rely on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_gui_quits_after_the_first_paint(tmp_path: Path) -> None:
    env = dict(os.environ, INTERVET_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "intervet_desktop",
            "--db",
            str(tmp_path / "school.db"),
            "gui",
            "--quit-after-start",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "window painted after" in done.stdout
    seconds = float(done.stdout.split("window painted after")[1].split()[0])
    assert 0 < seconds < 120
    assert (tmp_path / "school.db").exists()
