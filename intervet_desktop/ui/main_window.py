"""The main window: navigation sidebar, one page per section, File and Help menus, a status bar
naming the open database, keyboard shortcuts (Ctrl+1..9 pages, Ctrl+F search)."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QByteArray, QSettings, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from intervet_desktop import APP_NAME
from intervet_desktop.core.errors import UserError
from intervet_desktop.services.backups import backup_now
from intervet_desktop.services.changes import Changes
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.help import GuideDialog, show_about
from intervet_desktop.ui.i18n import render_message, tr
from intervet_desktop.ui.icons import app_icon, icon
from intervet_desktop.ui.pages.base import Page
from intervet_desktop.ui.pages.budget import BudgetPage
from intervet_desktop.ui.pages.calls import CallsPage
from intervet_desktop.ui.pages.dashboard import DashboardPage
from intervet_desktop.ui.pages.directory import DirectoryPage
from intervet_desktop.ui.pages.exports import ExportsPage
from intervet_desktop.ui.pages.list_page import ListPage
from intervet_desktop.ui.pages.lists import (
    ApplicationsPage,
    DocumentsPage,
    MobilitiesPage,
    OrganisationsPage,
    PeoplePage,
)
from intervet_desktop.ui.pages.office import OFFICE_PAGES
from intervet_desktop.ui.pages.payments import PaymentsPage
from intervet_desktop.ui.pages.settings import SettingsPage
from intervet_desktop.ui.recent_databases import install_recent_menu

log = logging.getLogger(__name__)
C = "MainWindow"

PAGE_CLASSES: list[type[Page]] = [
    DashboardPage,
    CallsPage,
    ApplicationsPage,
    PeoplePage,
    OrganisationsPage,
    MobilitiesPage,
    DocumentsPage,
    BudgetPage,
    PaymentsPage,
    *OFFICE_PAGES,
    ExportsPage,
    SettingsPage,
]


class MainWindow(QMainWindow):
    #: asks the application to open another database (path); the app swaps workspaces
    open_requested = Signal(object)
    #: the user chose another language in Settings; the application rebuilds the window
    language_changed = Signal(str)

    def __init__(self, ctx: AppContext, *, remember_state: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.remember_state = remember_state
        self.setObjectName("main-window")
        self.setWindowTitle(f"{APP_NAME} - {ctx.workspace.path.name}")
        self.setWindowIcon(app_icon())
        #: pages are built when first shown (start in a second); until then a placeholder
        self._built: dict[int, Page] = {}
        self._shown_row = -1
        self._guide: GuideDialog | None = None
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        self.nav.setAccessibleName(tr(C, "Sections"))
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("pages")
        icon_color = self.palette().text().color()
        for number, page_class in enumerate(PAGE_CLASSES, start=1):
            self.stack.addWidget(QWidget(self.stack))
            title = _title(page_class)
            item = QListWidgetItem(icon(page_class.icon_name, icon_color), title)
            item.setToolTip(f"{title} (Ctrl+{number})" if number <= 9 else title)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 18))
            self.nav.addItem(item)
        width = max(self.nav.sizeHintForColumn(0), 150) + 36
        self.nav.setFixedWidth(width)
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        separator = QFrame(central)
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        row.addWidget(separator)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_page)
        self.db_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.db_label)
        self.db_label.setText(tr(C, "Database: %1").replace("%1", str(ctx.workspace.path)))
        self._build_menus()
        ctx.tasks.changed.connect(self.broadcast)
        ctx.tasks.user_error.connect(lambda err: ctx.show_user_error(self, err))
        self.resize(1280, 720)
        start = 0
        if remember_state:
            self._restore_state()
            with contextlib.suppress(KeyError):
                start = self._row(str(QSettings().value("window/page", "dashboard")))
        self.nav.setCurrentRow(start)

    # ------------------------------------------------------------------ pages
    def _build(self, row: int) -> Page:
        page = self._built.get(row)
        if page is not None:
            return page
        # every page scrolls rather than forcing the window larger than 1280x720
        holder = QScrollArea(self.stack)
        holder.setObjectName(f"scroll-{PAGE_CLASSES[row].key}")
        holder.setWidgetResizable(True)
        holder.setFrameShape(QFrame.Shape.NoFrame)
        page = PAGE_CLASSES[row](self.ctx, holder)
        holder.setWidget(page)
        placeholder = self.stack.widget(row)
        current = self.stack.currentIndex()
        self.stack.insertWidget(row, holder)
        if placeholder is not None:
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        self._built[row] = page
        if isinstance(page, DashboardPage):
            page.open_mobilities.connect(self.open_mobilities_filtered)
            page.open_page.connect(self.show_page)
        if isinstance(page, SettingsPage):
            page.language_changed.connect(self.language_changed)
        return page

    @property
    def pages(self) -> list[Page]:
        """Every page, built if it was not yet (screenshots, tests)."""
        return [self._build(row) for row in range(len(PAGE_CLASSES))]

    def built_pages(self) -> list[Page]:
        return [self._built[row] for row in sorted(self._built)]

    def _row(self, key: str) -> int:
        for row, page_class in enumerate(PAGE_CLASSES):
            if page_class.key == key:
                return row
        raise KeyError(key)

    def page(self, key: str) -> Page:
        return self._build(self._row(key))

    def show_page(self, key: str) -> Page:
        row = self._row(key)
        self.nav.setCurrentRow(row)
        return self._build(row)

    def _show_page(self, row: int) -> None:
        if not 0 <= row < len(PAGE_CLASSES) or row == self._shown_row:
            return
        leaving = self._built.get(self._shown_row)
        if leaving is not None and not leaving.may_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._shown_row)
            self.nav.blockSignals(False)
            return
        page = self._build(row)
        self._shown_row = row
        self.stack.setCurrentIndex(row)
        page.activate()

    def current_page(self) -> Page:
        return self._build(self.stack.currentIndex())

    def broadcast(self, changes: Changes) -> None:
        for page in self.built_pages():
            page.on_changes(changes)

    def open_mobilities_filtered(self, key: str, value: object) -> None:
        page = self.show_page("mobilities")
        assert isinstance(page, ListPage)
        box = page.filter_boxes.get(key)
        if box is not None:
            index = box.findData(value)
            if index >= 0:
                box.setCurrentIndex(index)

    # ------------------------------------------------------------------ menus
    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(tr(C, "&File"))
        file_menu.addAction(self._action(tr(C, "&New database…"), self.new_database, "Ctrl+Shift+N"))
        file_menu.addAction(
            self._action(tr(C, "&Open database…"), self.open_database, QKeySequence.StandardKey.Open)
        )
        install_recent_menu(
            file_menu, self.ctx.workspace.path, self.open_requested.emit, remember=self.remember_state
        )
        file_menu.addAction(self._action(tr(C, "&Backup now"), self.backup_now, "Ctrl+Shift+B"))
        file_menu.addAction(self._action(tr(C, "Bac&kups…"), self.open_backups))
        file_menu.addSeparator()
        file_menu.addAction(self._action(tr(C, "&Import…"), self.open_import, "Ctrl+I"))
        file_menu.addAction(self._action(tr(C, "New &record"), self.new_record, QKeySequence.StandardKey.New))
        file_menu.addSeparator()
        file_menu.addAction(self._action(tr(C, "&Quit"), self.close, QKeySequence.StandardKey.Quit))
        go_menu = self.menuBar().addMenu(tr(C, "&Go"))
        for number, page_class in enumerate(PAGE_CLASSES, start=1):
            shortcut = f"Ctrl+{number}" if number <= 9 else None  # Ctrl+1..9 only
            go_menu.addAction(self._action(_title(page_class), self._page_opener(page_class.key), shortcut))
        go_menu.addSeparator()
        go_menu.addAction(
            self._action(
                tr(C, "&Search"), lambda: self.current_page().focus_search(), QKeySequence.StandardKey.Find
            )
        )
        help_menu = self.menuBar().addMenu(tr(C, "&Help"))
        help_menu.addAction(
            self._action(tr(C, "User &guide"), self.show_guide, QKeySequence.StandardKey.HelpContents)
        )
        help_menu.addAction(self._action(tr(C, "&About InterVET Desktop"), self.about))

    def new_record(self) -> None:
        """Ctrl+N: a new person or organisation on their pages."""
        page = self.current_page()
        if isinstance(page, DirectoryPage):
            page.new_record()

    def open_import(self) -> QWidget | None:
        from intervet_desktop.ui.pages.import_launcher import open_import_wizard

        page = self.current_page()
        kind = page.import_kind if isinstance(page, DirectoryPage) else "people"
        return open_import_wizard(self.ctx, self, kind)

    def _page_opener(self, key: str) -> Callable[[], object]:
        return lambda: self.show_page(key)

    def about(self) -> None:
        show_about(self, str(self.ctx.workspace.path))

    def show_guide(self) -> GuideDialog:
        """F1: the user guide shipped with the app, beside the window."""
        if self._guide is None:
            self._guide = GuideDialog(self)
        self._guide.show()
        self._guide.activateWindow()
        return self._guide

    def new_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, tr(C, "New database"), "", tr(C, "InterVET database (*.db)")
        )
        if name:
            path = Path(name if name.endswith(".db") else name + ".db")
            if path.exists():
                QMessageBox.warning(
                    self,
                    APP_NAME,
                    tr(C, "%1 already exists. Use File > Open database.").replace("%1", str(path)),
                )
                return
            self.open_requested.emit(path)

    def open_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr(C, "Open database"), "", tr(C, "InterVET database (*.db)")
        )
        if name:
            self.open_requested.emit(Path(name))

    def open_backups(self) -> None:
        from intervet_desktop.ui.dialogs.backups import BackupsDialog

        BackupsDialog(self.ctx, self).exec()

    def backup_now(self) -> None:
        workspace = self.ctx.workspace

        def work(_progress: object) -> Path:
            return backup_now(workspace)

        def done(path: Path) -> None:
            self.statusBar().showMessage(tr(C, "Backup written to %1").replace("%1", str(path)), 10000)

        def failed(error: BaseException) -> None:
            if isinstance(error, UserError):
                QMessageBox.warning(self, APP_NAME, render_message(error.message))
            else:
                raise error

        self.ctx.tasks.run(
            work, done, failed, title=tr(C, "Backing up the database"), parent=self, cancellable=False
        )

    # ------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("window/page", self.current_page().key)

    def may_close(self) -> bool:
        """No silent loss: every built page with unsaved changes asks first."""
        return all(page.may_leave() for page in self.built_pages())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.remember_state and not self.may_close():
            event.ignore()
            return
        if self.remember_state:
            self.save_state()
        super().closeEvent(event)


def _title(page_class: type[Page]) -> str:
    """A page's title before the page is built: every ``title`` is a translated constant."""
    return page_class.title(cast(Page, None))
