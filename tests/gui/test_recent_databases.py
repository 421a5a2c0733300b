"""File > Open Recent and the last database: remembered in QSettings, missing files disabled."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMenu

from intervet_desktop.paths import PORTABLE_MARKER
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.recent_databases import (
    MAX_RECENT,
    RECENT_KEY,
    recent_databases,
    remember_database,
    startup_database,
)


def _db(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def _recent_menu(window: MainWindow) -> QMenu:
    menu = window.findChild(QMenu, "recent-databases")
    assert isinstance(menu, QMenu)
    menu.aboutToShow.emit()
    return menu


def test_remember_puts_the_last_first_once_and_keeps_a_few(gui_app: QApplication, tmp_path: Path) -> None:
    paths = [_db(tmp_path, f"db{i}.db") for i in range(MAX_RECENT + 2)]
    for path in paths:
        remember_database(path)
    remember_database(paths[3])
    recent = recent_databases()
    assert recent[0] == paths[3].resolve()
    assert len(recent) == MAX_RECENT
    assert len(set(recent)) == MAX_RECENT
    assert paths[0].resolve() not in recent  # the oldest went


def test_start_reopens_the_last_existing_database_unless_one_is_asked_for(
    gui_app: QApplication, tmp_path: Path
) -> None:
    default = tmp_path / "data" / "intervet.db"
    assert startup_database(default, default) == default  # nothing remembered yet
    gone = _db(tmp_path, "gone.db")
    last = _db(tmp_path, "last.db")
    remember_database(last)
    remember_database(gone)
    gone.unlink()
    assert startup_database(default, default) == last.resolve()
    asked = tmp_path / "asked.db"
    assert startup_database(asked, default) == asked


def test_open_recent_lists_the_others_disables_missing_and_opens_one(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = _db(tmp_path, "other.db")
    missing = _db(tmp_path, "missing.db")
    remember_database(other)
    remember_database(missing)
    missing.unlink()
    window = MainWindow(ctx)  # remembering, as the running app does
    qtbot.addWidget(window)
    assert recent_databases()[0] == ctx.workspace.path.resolve()
    menu = _recent_menu(window)
    actions = {a.data(): a for a in menu.actions() if a.data()}
    assert set(actions) == {str(other.resolve()), str(missing.resolve())}  # not the open one
    assert actions[str(other.resolve())].isEnabled()
    assert not actions[str(missing.resolve())].isEnabled()
    with qtbot.waitSignal(window.open_requested) as opened:
        actions[str(other.resolve())].trigger()
    assert opened.args == [other.resolve()]
    clear = next(a for a in menu.actions() if a.text() == "&Clear the list")
    clear.trigger()
    assert recent_databases() == []
    menu = _recent_menu(window)
    assert [a.isEnabled() for a in menu.actions()] == [False]  # "No other recent databases"


def test_a_window_that_does_not_remember_leaves_the_list_alone(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, remember_state=False)
    qtbot.addWidget(window)
    assert recent_databases() == []


def test_portable_mode_keeps_databases_on_the_stick_relative_to_it(
    gui_app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "E"
    (stick / "data").mkdir(parents=True)
    (stick / PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(stick / "intervet-desktop"))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    on_stick = _db(stick / "data", "2026.db")
    elsewhere = _db(tmp_path, "office.db")
    remember_database(elsewhere)
    remember_database(on_stick)
    assert QSettings().value(RECENT_KEY) == [str(Path("data") / "2026.db"), str(elsewhere.resolve())]
    assert recent_databases() == [on_stick.resolve(), elsewhere.resolve()]
    # the stick mounted elsewhere: its database follows
    moved = tmp_path / "F"
    stick.rename(moved)
    monkeypatch.setattr(sys, "executable", str(moved / "intervet-desktop"))
    assert recent_databases()[0] == moved.resolve() / "data" / "2026.db"
