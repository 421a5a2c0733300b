#!/usr/bin/env python3
"""One-command set-up for InterVET Desktop on a fresh machine (Python 3.11+ only).

    python3 bootstrap.py app     create .venv if needed, install the locked dependencies,
                                 build a demo database and open the app on it
    python3 bootstrap.py test    create .venv if needed, install, and run the whole test suite

Extra arguments after ``test`` go to pytest; after ``app`` to ``intervet``.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".intervet-installed"
DEMO_DB = ROOT / "demo" / "intervet-demo.db"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_env() -> Path:
    if sys.version_info < (3, 11):
        sys.exit("InterVET Desktop needs Python 3.11 or newer (this is %s)." % sys.version.split()[0])
    py = venv_python()
    if not py.exists():
        print("Creating .venv ...", flush=True)
        # clear=True: a .venv without its interpreter (an interrupted first run) is made anew
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        print("Installing locked dependencies ...", flush=True)
        pip = [str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "-r", str(LOCK)], check=True)
        subprocess.run([*pip, "--no-deps", "-e", str(ROOT)], check=True)
        STAMP.write_text(wanted)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"app", "test"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    py = ensure_env()
    env = dict(os.environ)
    if command == "test":
        # both cores by default (pytest-xdist); pass -n 0 to run in one process
        workers = [] if any(a == "-n" or a.startswith("-n") for a in rest) else ["-n", "auto"]
        return subprocess.run([str(py), "-m", "pytest", *workers, *rest], cwd=ROOT, env=env).returncode
    if not DEMO_DB.exists():
        DEMO_DB.parent.mkdir(parents=True, exist_ok=True)
        print(f"Building demo data in {DEMO_DB} ...", flush=True)
        subprocess.run([str(py), "-m", "intervet_desktop", "--db", str(DEMO_DB), "demo"], check=True, env=env)
    return subprocess.run(
        [str(py), "-m", "intervet_desktop", "--db", str(DEMO_DB), *(rest or ["gui"])], env=env
    ).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
