"""GUI fixtures: an application context on a fresh database with the inline task runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from intervet_desktop.db.workspace import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.fonts import load_fonts
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.tasks import TaskRunner
from intervet_desktop.ui.theme import apply_theme
from tests.factories import Sample, build_sample


@pytest.fixture
def gui_app(qapp: QApplication, tmp_path: Path) -> QApplication:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    load_fonts(qapp)
    apply_theme(qapp, dark=False)
    return qapp


@pytest.fixture
def sample(workspace: Workspace) -> Sample:
    return build_sample(workspace)


@pytest.fixture
def ctx(gui_app: QApplication, workspace: Workspace) -> Iterator[AppContext]:
    context = AppContext(workspace, TaskRunner(workspace, inline=True))
    yield context
    context.tasks.close()


@pytest.fixture
def window(qtbot, ctx: AppContext, sample: Sample) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(ctx, remember_state=False)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture(autouse=True)
def no_blocking_unsaved_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Save / Discard / Cancel box is modal: a test that leaves a changed record without
    answering it fails at once instead of hanging (tests that expect it replace ``ask``)."""
    from intervet_desktop.ui.widgets import unsaved

    def unexpected(_parent: object, name: str) -> unsaved.Choice:
        raise AssertionError(f"unexpected question about unsaved changes to {name}")

    monkeypatch.setattr(unsaved, "ask", unexpected)
