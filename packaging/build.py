"""Build the frozen app (PyInstaller onedir), smoke-test it, and pack the Linux tarball.

    python packaging/build.py            build, smoke test, pack (and smoke-test the tarball)
    python packaging/build.py --smoke    smoke test an existing build only

The bundle (build/pyinstaller/dist/intervet-desktop) holds two executables: ``intervet-desktop``
(windowed) and ``intervet`` (console). The smoke test, on a fresh data folder:

- runs the console ``intervet`` on a temporary database: ``init`` (every bundled migration),
  ``check``, ``projects``, ``rates list``, ``distance``, ``grant``, ``demo`` (babel, phonenumbers
  and schwifty data; once more at 5,000 mobilities, which spawns the worker process) and a
  Beneficiary Module export;
- starts the GUI offscreen with ``intervet shots`` (which builds the main window and renders every
  page) and starts the windowed ``intervet-desktop`` until its window is up, then stops it with
  SIGTERM (a clean close, exit 0);
- fails on a non-zero exit, on "Traceback"/"Error" in the output, and on Qt warnings in the log
  other than the offscreen plugin's known "propagateSizeHints" note.

On Linux it then packs ``intervet-desktop-VERSION-linux-ARCH.tar.gz`` (the bundle, the
``.desktop`` file, AppStream metadata, icons and ``install.sh``), unpacks it elsewhere and runs
it once more in portable mode (``portable.txt`` beside the executables): the data, settings and
logs must appear in that folder and nowhere in the user's home. It prints the bundle's size.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "pyinstaller"
DIST = WORK / "dist"
BUNDLE = DIST / "intervet-desktop"
LINUX = ROOT / "packaging" / "linux"
APP_ID = "eu.intervet.desktop"
EXE_SUFFIX = ".exe" if os.name == "nt" else ""
PORTABLE_MARKER = "portable.txt"
#: the offscreen platform plugin's note on every top-level window: harmless
KNOWN_QT_NOTES = ("This plugin does not support propagateSizeHints()",)
GUI_START_TIMEOUT = 90


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


def fail(text: str) -> None:
    sys.exit(f"smoke test failed: {text}")


QT_WARNING = re.compile(r"^(qt\.|Q[A-Z]\w*(::|:)|Warning|WARNING|QML)")


def check_output(what: str, code: int, output: str, stderr: str = "") -> None:
    print(f"$ {what}\n{(output + stderr).rstrip()}")
    if code != 0:
        fail(f"{what} exited {code}")
    for word in ("Traceback", "Error"):
        if word in output + stderr:
            fail(f"{what} printed {word!r}")
    for line in stderr.splitlines():
        if QT_WARNING.match(line.strip()) and not any(note in line for note in KNOWN_QT_NOTES):
            fail(f"{what} printed a Qt warning: {line}")


def check_log(log_dir: Path) -> None:
    """Qt's messages are routed into the log file: no errors, no Qt warnings but the known one."""
    log_file = log_dir / "intervet.log"
    if not log_file.exists():
        fail(f"no log file at {log_file}")
    for line in log_file.read_text(encoding="utf-8").splitlines():
        bad = " ERROR " in line or " CRITICAL " in line or (" WARNING qt " in line)
        if bad and not any(note in line for note in KNOWN_QT_NOTES):
            fail(f"unexpected log line: {line}")


def run(exe: Path, args: list[str], env: dict[str, str]) -> None:
    proc = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)
    check_output(f"{exe.name} {' '.join(args)}", proc.returncode, proc.stdout, proc.stderr)


def smoke_cli(exe: Path, tmp: Path, env: dict[str, str]) -> Path:
    db = tmp / "smoke.db"
    runs = [
        ["--version"],
        ["--db", str(db), "init"],
        ["--db", str(db), "check"],
        ["--db", str(db), "projects"],
        ["--db", str(db), "rates", "list"],
        ["distance", "Tampere,FI", "Θεσσαλονίκη,EL"],
        ["grant", "--from", "Bologna,IT", "--to", "Faro,PT", "--start", "2026-03-02", "--end", "2026-03-13"]
        + ["--activity", "SM-JOB-SHDW", "--travel-days", "2"],
        ["--db", str(db), "demo", "--size", "40"],
        # from 5,000 mobilities on, a spawned worker process generates them (freeze_support)
        ["--db", str(tmp / "large.db"), "demo", "--size", "5000"],
    ]
    for args in runs:
        run(exe, args, env)
    listed = subprocess.run(
        [str(exe), "--db", str(db), "projects", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    code = next(p["code"] for p in json.loads(listed.stdout) if p["action"] != "KA220-VET")
    target = tmp / "bm.xlsx"
    run(exe, ["--db", str(db), "export", "bm", "--project", code, "--force", "-o", str(target)], env)
    if not target.exists():
        fail("the Beneficiary Module export wrote no file")
    return db


def smoke_gui(bundle: Path, db: Path, tmp: Path, env: dict[str, str], config_dir: Path) -> None:
    """Every page rendered by the frozen app, then the windowed executable started and stopped."""
    shots = tmp / "shots"
    run(bundle / f"intervet{EXE_SUFFIX}", ["--db", str(db), "shots", "-o", str(shots)], env)
    pages = sorted(shots.glob("*.png"))
    if len(pages) < 10:
        fail(f"shots rendered {len(pages)} pages")
    print(f"shots: {len(pages)} pages rendered")
    windowed = bundle / f"intervet-desktop{EXE_SUFFIX}"
    run(windowed, ["--version"], env)
    if os.name == "nt":  # no SIGTERM to stop it with; the shots above started the same GUI code
        return
    # a copy the settings have never seen: the window is up once it has remembered it (File >
    # Open Recent syncs the settings at once)
    fresh = tmp / "window.db"
    shutil.copyfile(db, fresh)
    proc = subprocess.Popen(
        [str(windowed), str(fresh)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    deadline = time.monotonic() + GUI_START_TIMEOUT
    while time.monotonic() < deadline and proc.poll() is None:
        inis = config_dir.rglob("*.ini") if config_dir.exists() else []
        if any(fresh.name in p.read_text(encoding="utf-8") for p in inis):
            break
        time.sleep(0.5)
    else:
        proc.kill()
        output, errors = proc.communicate()
        fail(f"the windowed app did not bring its window up (exit {proc.returncode}):\n{output}{errors}")
    # the window is built before the app installs its SIGTERM handler (which closes it cleanly):
    # wait for the handler, or a SIGTERM in between kills the app
    while time.monotonic() < deadline and proc.poll() is None and not catches_sigterm(proc.pid):
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    output, errors = proc.communicate(timeout=60)
    check_output(f"intervet-desktop {fresh} (stopped with SIGTERM)", proc.returncode, output, errors)


def catches_sigterm(pid: int) -> bool:
    """Whether the process has a SIGTERM handler (Linux: /proc; elsewhere assume so after 3 s)."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        time.sleep(3)
        return True
    for line in status.read_text(encoding="utf-8").splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (signal.SIGTERM - 1) & 1)
    return False


def smoke(bundle: Path = BUNDLE) -> None:
    exe = bundle / f"intervet{EXE_SUFFIX}"
    if not exe.exists():
        sys.exit(f"no frozen app at {exe}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        home = tmp / "home"
        env = {**os.environ, "INTERVET_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
        db = smoke_cli(exe, tmp, env)
        smoke_gui(bundle, db, tmp, env, home / "config")
        check_log(home / "logs")
    print("frozen smoke test passed")


def check_linux_metadata() -> None:
    metainfo = LINUX / f"{APP_ID}.metainfo.xml"
    root = ET.parse(metainfo).getroot()
    if root.findtext("id") != APP_ID:
        fail(f"{metainfo.name}: id is not {APP_ID}")
    if shutil.which("appstreamcli"):
        subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)], check=True)
    desktop = (LINUX / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    if f"Icon={APP_ID}" not in desktop or "Exec=intervet-desktop" not in desktop:
        fail("the .desktop file names another icon or executable")
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(LINUX / f"{APP_ID}.desktop")], check=True)


def pack_linux(bundle: Path = BUNDLE) -> Path:
    from intervet_desktop import __version__

    check_linux_metadata()
    top = f"intervet-desktop-{__version__}-linux-{platform.machine()}"
    target = DIST / f"{top}.tar.gz"
    icons = ROOT / "resources" / "icons"
    extras = {
        f"{top}/install.sh": LINUX / "install.sh",
        f"{top}/share/{APP_ID}.desktop": LINUX / f"{APP_ID}.desktop",
        f"{top}/share/{APP_ID}.metainfo.xml": LINUX / f"{APP_ID}.metainfo.xml",
        **{f"{top}/share/icons/{p.name}": p for p in sorted(icons.glob("app-*.png"))},
    }
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=top)
        for arcname, path in extras.items():
            tar.add(path, arcname=arcname)
    print(f"packed {target} ({target.stat().st_size / 1e6:.0f} MB)")
    return target


def smoke_tarball(tarball: Path) -> None:
    """Unpack it, install it for a fake user, and run it in portable mode."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        with tarfile.open(tarball) as tar:
            tar.extractall(tmp / "unpacked", filter="tar")
        top = next((tmp / "unpacked").iterdir())
        user_home = tmp / "user"
        user_home.mkdir()
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("INTERVET_HOME", "INTERVET_DB") and not k.startswith("XDG_")
        }
        env.update(HOME=str(user_home), QT_QPA_PLATFORM="offscreen")
        subprocess.run([str(top / "install.sh")], check=True, env=env)
        installed = user_home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
        if str(top / "intervet-desktop") not in installed.read_text(encoding="utf-8"):
            fail("install.sh wrote a menu entry that does not start the unpacked app")
        subprocess.run([str(top / "install.sh"), "--uninstall"], check=True, env=env)
        if installed.exists():
            fail("install.sh --uninstall left the menu entry")
        (top / PORTABLE_MARKER).write_text(
            "InterVET Desktop keeps its files in this folder.\n", encoding="utf-8"
        )
        exe = top / "intervet"
        run(exe, ["init"], env)  # the default database, in portable mode beside the executable
        db = top / "data" / "intervet.db"
        if not db.is_file():
            fail(f"portable mode: no database at {db}")
        run(exe, ["demo", "--size", "40"], env)
        smoke_gui(top, db, tmp, env, top / "config")
        check_log(top / "logs")
        leaked = [p for p in user_home.rglob("*") if p.is_file()]
        if leaked:
            fail(f"portable mode wrote into the user's home: {leaked[:5]}")
    print("tarball smoke test (install.sh, portable mode) passed")


def report_size(bundle: Path = BUNDLE) -> None:
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle size: {total / 1e6:.0f} MB in {bundle}")


if __name__ == "__main__":
    if "--smoke" not in sys.argv:
        build()
    smoke()
    report_size()
    if sys.platform.startswith("linux"):
        smoke_tarball(pack_linux())
