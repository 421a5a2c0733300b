"""Build the frozen app (PyInstaller onedir) and smoke-test it.

    python packaging/build.py            build into build/pyinstaller/dist/intervet, then smoke test
    python packaging/build.py --smoke    smoke test an existing build only

The smoke test runs the frozen ``intervet`` on a fresh temporary database: ``init`` (which runs
every bundled migration), ``check``, ``projects``, ``rates list`` (bundled rate sets), ``distance``
(the gazetteer) and ``grant``; each must exit 0 with no traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "pyinstaller"
DIST = WORK / "dist"


def build() -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK / "work"),
            str(ROOT / "packaging" / "intervet_desktop.spec"),
        ],
        check=True,
        cwd=ROOT,
    )


def smoke() -> None:
    exe = DIST / "intervet" / ("intervet.exe" if os.name == "nt" else "intervet")
    if not exe.exists():
        sys.exit(f"no frozen app at {exe}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "INTERVET_HOME": str(Path(tmp) / "home"), "QT_QPA_PLATFORM": "offscreen"}
        db = Path(tmp) / "smoke.db"
        runs = [
            ["--version"],
            ["--db", str(db), "init"],
            ["--db", str(db), "check"],
            ["--db", str(db), "projects"],
        ]
        for args in runs:
            proc = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120)
            output = proc.stdout + proc.stderr
            print(f"$ intervet {' '.join(args)}\n{output.rstrip()}")
            if proc.returncode != 0 or "Traceback" in output:
                sys.exit(f"smoke test failed: intervet {' '.join(args)} exited {proc.returncode}")
    print("frozen smoke test passed")


if __name__ == "__main__":
    if "--smoke" not in sys.argv:
        build()
    smoke()
