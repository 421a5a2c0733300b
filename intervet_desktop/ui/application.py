"""Builds the Qt application: settings location, fonts, palette, crash dialog, and the window
on an open workspace; swaps workspaces on File > Open/New."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from intervet_desktop import APP_ID, APP_NAME
from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import msg
from intervet_desktop.logging_setup import LOG_NAME
from intervet_desktop.paths import AppPaths
from intervet_desktop.services.backups import backup_on_close
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.fonts import load_fonts
from intervet_desktop.ui.i18n import render_message
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.tasks import TaskRunner
from intervet_desktop.ui.theme import apply_theme
from intervet_desktop.ui.translations import LANGUAGE_KEY, install_language, system_language

log = logging.getLogger(__name__)
qt_log = logging.getLogger("qt")


def _qt_message(mode: QtMsgType, _context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.INFO)
    qt_log.log(level, "%s", message)


def make_qapp(paths: AppPaths, *, dark: bool | None = None, route_qt_messages: bool = True) -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(paths.config_dir))
    load_fonts(app)
    apply_theme(app, dark)
    install_language(str(QSettings().value(LANGUAGE_KEY, system_language())))
    if route_qt_messages:
        qInstallMessageHandler(_qt_message)
    return app


class _FirstPaint(QObject):
    """Quits the application after the window's first paint (``gui --quit-after-start``)."""

    def __init__(self, app: QApplication, started: float) -> None:
        super().__init__(app)
        self.app = app
        self.started = started
        self.done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            elapsed = time.perf_counter() - self.started
            log.info("window painted after %.3f s", elapsed)
            print(f"window painted after {elapsed:.3f} s", flush=True)  # noqa: T201 - the CLI's answer
            QTimer.singleShot(0, self.app.quit)
        return False


def quit_when_painted(app: QApplication, window: QWidget, started: float) -> None:
    watcher = _FirstPaint(app, started)
    window.installEventFilter(watcher)
    window.update()


class DesktopApp:
    """Owns the current workspace, its task runner and the window."""

    def __init__(self, app: QApplication, paths: AppPaths) -> None:
        self.app = app
        self.paths = paths
        self.window: MainWindow | None = None
        self.ctx: AppContext | None = None

    def open(self, path: Path) -> bool:
        if self.window is not None and not self.window.may_close():
            return False  # the user kept editing
        try:
            workspace = Workspace.open(path, create=True)
        except UserError as exc:
            log.warning("could not open database: %s", exc.message.code)
            QMessageBox.critical(self.window, APP_NAME, render_message(exc.message))
            return False
        for code in workspace.report.warnings:
            QMessageBox.warning(self.window, APP_NAME, render_message(msg(code, path=workspace.path)))
        old_window, old_ctx = self.window, self.ctx
        self.ctx = AppContext(workspace, TaskRunner(workspace))
        self._show_window()
        if old_window is not None:
            old_window.close()
            old_window.deleteLater()
        if old_ctx is not None:
            _close_workspace(old_ctx)
        return True

    def _show_window(self) -> None:
        assert self.ctx is not None
        self.window = MainWindow(self.ctx)
        self.window.open_requested.connect(self.open)
        self.window.language_changed.connect(self.change_language)
        self.window.show()

    def change_language(self, code: str) -> None:
        """Rebuild the window in another language on the same open database."""
        install_language(code)
        old = self.window
        if old is not None:
            old.save_state()
        self._show_window()
        if old is not None:
            old.remember_state = False
            old.close()
            old.deleteLater()

    def close(self) -> None:
        if self.ctx is not None:
            _close_workspace(self.ctx)
            self.ctx = None

    def show_bug(self, exc_type: type[BaseException], exc: BaseException, _tb: TracebackType | None) -> None:
        log_file = self.paths.log_dir / LOG_NAME
        QMessageBox.critical(
            self.window,
            APP_NAME,
            render_message(msg("internal_error", log=log_file)) + f"\n\n{exc_type.__name__}",
        )


def _close_workspace(ctx: AppContext) -> None:
    """Finish the writer, back up when this session changed data, then close the database."""
    ctx.tasks.close()
    try:
        backup_on_close(ctx.workspace)
    except UserError as exc:  # a full or missing backup drive must not keep the app open
        log.warning("automatic backup on close failed: %s", exc.message.code)
    finally:
        ctx.workspace.close()
