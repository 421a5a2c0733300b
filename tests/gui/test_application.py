"""Application level: opening and switching databases, refusals shown as a dialog without
touching the file, the window remembering its state."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.paths import AppPaths
from intervet_desktop.ui.application import DesktopApp
from tests.factories import build_sample


@pytest.fixture
def application(gui_app: QApplication, _isolated_home: Path):  # type: ignore[no-untyped-def]
    app = DesktopApp(gui_app, AppPaths.from_env())
    yield app
    if app.window is not None:
        app.window.close()
    app.close()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record what the app tells the user instead of blocking on a modal box."""
    shown: list[str] = []

    def record(
        _parent: object, _title: str, text: str, *args: object, **kwargs: object
    ) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", record)
    monkeypatch.setattr(QMessageBox, "warning", record)
    return shown


def test_open_creates_a_database_and_shows_the_window(application: DesktopApp, tmp_path: Path) -> None:
    assert application.open(tmp_path / "new.db")
    assert application.window is not None and application.window.isVisible()
    assert "new.db" in application.window.windowTitle()


def test_switching_databases_releases_the_first(application: DesktopApp, tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    with Workspace.open(second) as ws:
        build_sample(ws)
    assert application.open(first)
    assert application.open(second)
    assert application.ctx is not None and application.ctx.workspace.path == second
    assert application.window is not None
    assert application.window.page("mobilities").model.rowCount() == 3  # type: ignore[attr-defined]
    with Workspace.open(first):  # the first is no longer locked
        pass


def test_bad_file_is_shown_as_a_dialog_and_left_untouched(
    application: DesktopApp, dialogs: list[str], tmp_path: Path
) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("not a database")
    assert not application.open(bad)
    assert len(dialogs) == 1 and "not an InterVET database" in dialogs[0]
    assert bad.read_text() == "not a database"
    assert application.window is None


def test_locked_database_names_the_holder(
    application: DesktopApp, dialogs: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "held.db"
    holder = Workspace.open(path)
    try:
        # a second lock object in this process conflicts like a second instance would
        assert not application.open(path)
    finally:
        holder.close()
    assert "open in another InterVET Desktop" in dialogs[0]


def test_window_remembers_its_page(application: DesktopApp, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    assert application.open(path)
    assert application.window is not None
    application.window.show_page("budget")
    application.window.close()
    application.close()
    application.window = None
    assert application.open(path)
    assert application.window is not None
    assert application.window.current_page().key == "budget"
