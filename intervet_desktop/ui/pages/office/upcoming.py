"""The dashboard's list of upcoming EU programme deadlines and office dates (next 60 days).
It refreshes itself on every change of opportunities or office dates."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from intervet_desktop.services.changes import Changes, Kind
from intervet_desktop.services.office.programmes import upcoming_deadlines
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr, trn
from intervet_desktop.ui.pages.office.kit import day_text

C = "UpcomingDeadlines"


class UpcomingDeadlines(QTreeWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("upcoming-deadlines")
        self.setRootIsDecorated(False)
        self.setHeaderLabels([tr(C, "Date"), tr(C, "Deadline"), tr(C, "When")])
        self.setColumnWidth(0, 95)
        self.setColumnWidth(1, 320)
        self.setMinimumHeight(120)
        self.setMaximumHeight(self.fontMetrics().height() * 10)
        ctx.tasks.changed.connect(self._changed)
        self.reload()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(Kind.FUNDING_OPPORTUNITY, Kind.OFFICE_DEADLINE):
            self.reload()

    def reload(self) -> None:
        today = date.today()
        self.clear()
        rows = upcoming_deadlines(self.ctx.workspace, today)
        for row in rows:
            days = (row.due_on - today).days
            when = tr(C, "today") if days == 0 else trn(C, "in %n day", "in %n days", days)
            item = QTreeWidgetItem([day_text(row.due_on), row.title, when])
            self.addTopLevelItem(item)
        if not rows:
            empty = QTreeWidgetItem([tr(C, "No deadlines in the next 60 days")])
            empty.setDisabled(True)
            self.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)
