"""Build the frozen app (PyInstaller onedir) and smoke-test it.

    python packaging/build.py            build into build/pyinstaller/dist/intervet, then smoke test
    python packaging/build.py --smoke    smoke test an existing build only

The smoke test runs the frozen ``intervet`` on a fresh temporary database: ``init`` (which runs
every bundled migration), ``check``, ``projects``, ``rates list`` (bundled rate sets), ``distance``
(the gazetteer), ``grant``, ``demo`` (babel, phonenumbers and schwifty data; once more at 5,000
mobilities, which spawns the worker process) and a Beneficiary
Module export of a demo project; each must exit 0 with no traceback.
"""

from __future__ import annotations

import json
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
            ["--db", str(db), "rates", "list"],
            ["distance", "Tampere,FI", "Θεσσαλονίκη,EL"],
            [
                "grant",
                "--from",
                "Bologna,IT",
                "--to",
                "Faro,PT",
                "--start",
                "2026-03-02",
                "--end",
                "2026-03-13",
                "--activity",
                "SM-JOB-SHDW",
                "--travel-days",
                "2",
            ],
            ["--db", str(db), "demo", "--size", "40"],
            # from 5,000 mobilities on, a spawned worker process generates them (freeze_support)
            ["--db", str(Path(tmp) / "large.db"), "demo", "--size", "5000"],
        ]
        for args in runs:
            proc = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120)
            output = proc.stdout + proc.stderr
            print(f"$ intervet {' '.join(args)}\n{output.rstrip()}")
            if proc.returncode != 0 or "Traceback" in output:
                sys.exit(f"smoke test failed: intervet {' '.join(args)} exited {proc.returncode}")
        listed = subprocess.run(
            [str(exe), "--db", str(db), "projects", "--json"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        )
        code = next(p["code"] for p in json.loads(listed.stdout) if p["action"] != "KA220-VET")
        target = Path(tmp) / "bm.xlsx"
        args = ["--db", str(db), "export", "bm", "--project", code, "--force", "-o", str(target)]
        proc = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=120)
        print(f"$ intervet {' '.join(args)}\n{(proc.stdout + proc.stderr).rstrip()}")
        if proc.returncode != 0 or not target.exists():
            sys.exit(f"smoke test failed: the Beneficiary Module export exited {proc.returncode}")
    print("frozen smoke test passed")


if __name__ == "__main__":
    if "--smoke" not in sys.argv:
        build()
    smoke()
