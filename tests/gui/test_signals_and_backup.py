"""The window's plumbing that app.py used to hold: SIGTERM closes the windows (so the database
is checkpointed and unlocked), and File > Backup now writes a zip through the services."""

from __future__ import annotations

import os
import signal
import sqlite3
import zipfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from intervet_desktop.services import backups
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.signals import quit_on_signals


def test_sigterm_closes_the_windows(qtbot, gui_app: QApplication) -> None:  # type: ignore[no-untyped-def]
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    timer = quit_on_signals(gui_app)
    try:
        assert timer.isActive()
        os.kill(os.getpid(), signal.SIGTERM)
        qtbot.waitUntil(lambda: not widget.isVisible(), timeout=5000)
    finally:
        timer.stop()
        timer.deleteLater()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def test_backup_now_writes_the_database_with_its_rows(window: MainWindow, ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.backup_now()
    target_dir = ctx.workspace.path.with_name(ctx.workspace.path.name + ".backups")
    qtbot.waitUntil(lambda: any(target_dir.glob("*.zip")), timeout=10000)
    [archive] = target_dir.glob("*.zip")
    assert str(archive) in window.statusBar().currentMessage()
    with zipfile.ZipFile(archive) as zipped:
        zipped.extract("database.db", archive.parent / "x")
    con = sqlite3.connect(archive.parent / "x" / "database.db")
    live = sqlite3.connect(ctx.workspace.path)
    try:
        count = "SELECT count(*) FROM person"
        assert con.execute(count).fetchone()[0] == live.execute(count).fetchone()[0] > 0
    finally:
        con.close()
        live.close()


def test_suggested_backup_name_is_a_dated_zip() -> None:
    name = backups.suggested_backup_name()
    assert name.endswith("-intervet-backup.zip")
    assert Path(name).name == name and name[:8].isdigit()
