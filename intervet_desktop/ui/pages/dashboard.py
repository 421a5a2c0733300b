"""Dashboard: what needs attention now (departures, returns, missing evidence, payments due)
and the picture (budget use per project, mobilities per country and activity)."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.services.changes import Kind
from intervet_desktop.services.overview import Dashboard, Upcoming, dashboard
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import country_name, day, enum_label, money
from intervet_desktop.ui.i18n import tr, trn
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.pages.office.upcoming import UpcomingDeadlines
from intervet_desktop.ui.widgets.charts import Bar, BarChart

C = "Dashboard"


class KpiCard(QFrame):
    clicked = Signal()

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.value = QLabel("–")
        font = QFont(self.value.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(title)
        self.caption.setWordWrap(True)
        self.note = QLabel("")
        self.note.setEnabled(False)
        self.note.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        layout.addWidget(self.note)

    def set(self, value: str, note: str = "") -> None:
        self.value.setText(value)
        self.note.setText(note)

    def make_clickable(self, tooltip: str) -> None:
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setProperty("clickable", True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.property("clickable") and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class DashboardPage(Page):
    key = "dashboard"
    icon_name = "dashboard"
    # the figures read mobilities (with their missing evidence), payments, projects, and the names
    # of participants and hosts in the upcoming list
    watches = (Kind.MOBILITY, Kind.EVIDENCE_ITEM, Kind.PAYMENT, Kind.PROJECT, Kind.PERSON, Kind.ORGANISATION)
    #: (filter key, value) asks the main window to open the mobilities list filtered
    open_mobilities = Signal(str, object)
    #: asks the main window to show another page (its key)
    open_page = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.setSpacing(12)
        layout.addWidget(page_header(self.title(), body))

        cards = QHBoxLayout()
        self.kpi_active = KpiCard(tr(C, "Mobilities under way or planned"))
        self.kpi_departures = KpiCard(tr(C, "Departures in the next 4 weeks"))
        self.kpi_missing = KpiCard(tr(C, "Mobilities with missing evidence"))
        self.kpi_payments = KpiCard(tr(C, "Payments due in 30 days"))
        for card in (self.kpi_active, self.kpi_departures, self.kpi_missing, self.kpi_payments):
            cards.addWidget(card)
        layout.addLayout(cards)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        self.departures = self._upcoming_list()
        self.returns = self._upcoming_list()
        grid.addWidget(self._box(tr(C, "Departures (next 4 weeks)"), self.departures), 0, 0)
        grid.addWidget(self._box(tr(C, "Returns (next 4 weeks)"), self.returns), 0, 1)
        self.budget_chart = BarChart()
        self.country_chart = BarChart()
        self.activity_chart = BarChart()
        grid.addWidget(
            self._box(tr(C, "Budget committed against award, per project"), self.budget_chart), 1, 0
        )
        self.deadlines = QTreeWidget()
        self.deadlines.setObjectName("report-deadlines")
        self.deadlines.setRootIsDecorated(False)
        self.deadlines.setHeaderLabels([tr(C, "Date"), tr(C, "Report"), tr(C, "When"), tr(C, "Project")])
        self.deadlines.setColumnWidth(0, 95)
        self.deadlines.setColumnWidth(1, 110)
        self.deadlines.setColumnWidth(2, 120)
        self.deadlines.setMinimumHeight(120)
        self.deadlines.setMaximumHeight(self.fontMetrics().height() * 10)
        grid.addWidget(self._box(tr(C, "Report deadlines"), self.deadlines), 1, 1)
        grid.addWidget(self._box(tr(C, "Outgoing mobilities per country"), self.country_chart), 2, 0)
        grid.addWidget(self._box(tr(C, "Mobilities per activity"), self.activity_chart), 2, 1)
        grid.addWidget(
            self._box(tr(C, "EU programme deadlines (next 60 days)"), UpcomingDeadlines(ctx)), 3, 0, 1, 2
        )
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        layout.addStretch(1)

        self.country_chart.bar_clicked.connect(lambda code: self.open_mobilities.emit("country", code))
        self.activity_chart.bar_clicked.connect(lambda act: self.open_mobilities.emit("activity", act))
        self.budget_chart.bar_clicked.connect(lambda pid: self.open_mobilities.emit("project_id", pid))
        self.kpi_payments.make_clickable(tr(C, "Open the payments due"))
        self.kpi_payments.clicked.connect(lambda: self.open_page.emit("payments"))
        self.kpi_missing.make_clickable(tr(C, "Open the mobilities with missing evidence"))
        self.kpi_missing.clicked.connect(lambda: self.open_mobilities.emit("missing", True))
        self.deadlines.itemActivated.connect(self._deadline_activated)
        self._asked = 0
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Dashboard")

    def _box(self, title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(widget)
        return box

    def _upcoming_list(self) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setHeaderLabels([tr(C, "Date"), tr(C, "Participant"), tr(C, "Host"), tr(C, "Where")])
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setMinimumHeight(180)
        tree.setColumnWidth(0, 95)
        tree.setColumnWidth(1, 170)
        tree.setColumnWidth(2, 200)
        return tree

    def _fill(self, tree: QTreeWidget, rows: list[Upcoming], departing: bool) -> None:
        tree.clear()
        for item in rows:
            when = item.start if departing else item.end
            where = f"{item.city}, {country_name(item.country)}" if item.city else country_name(item.country)
            row = QTreeWidgetItem([day(when), item.participant, item.host, where])
            row.setData(0, Qt.ItemDataRole.UserRole, item.mobility_id)
            tree.addTopLevelItem(row)
        if not rows:
            empty = QTreeWidgetItem([tr(C, "Nothing in the next 4 weeks")])
            empty.setDisabled(True)
            tree.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

    def _deadline_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        pid = item.data(0, Qt.ItemDataRole.UserRole)
        if pid is not None:
            self.open_mobilities.emit("project_id", pid)

    def _fill_deadlines(self, data: Dashboard) -> None:
        self.deadlines.clear()
        bad = (
            QColor(255, 138, 128)
            if self.palette().window().color().lightness() < 128
            else QColor(176, 42, 30)
        )
        for deadline in data.deadlines:
            kind = tr(C, "Interim report") if deadline.kind == "interim" else tr(C, "Final report")
            if deadline.days_left < 0:
                when = trn(C, "%n day ago", "%n days ago", -deadline.days_left)
            elif deadline.days_left == 0:
                when = tr(C, "today")
            else:
                when = trn(C, "in %n day", "in %n days", deadline.days_left)
            row = QTreeWidgetItem([day(deadline.due), kind, when, deadline.code])
            row.setData(0, Qt.ItemDataRole.UserRole, deadline.project_id)
            if deadline.days_left <= 14:
                for column in range(3):
                    row.setForeground(column, bad)
            self.deadlines.addTopLevelItem(row)
        if not data.deadlines:
            empty = QTreeWidgetItem([tr(C, "No report dates entered for the projects")])
            empty.setDisabled(True)
            self.deadlines.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

    def reload(self) -> None:
        """The figures are a heavy read: computed on a worker and shown when they arrive."""
        self._asked += 1
        asked = self._asked
        workspace = self.ctx.workspace
        self.ctx.tasks.run(
            lambda _progress: dashboard(workspace, date.today()), on_done=lambda data: self._show(asked, data)
        )

    def _show(self, asked: int, data: Dashboard) -> None:
        if asked != self._asked or not shiboken6.isValid(self):
            return
        active = sum(
            n
            for status, n in data.by_status.items()
            if status in ("planned", "agreement_sent", "agreement_signed", "ongoing")
        )
        self.kpi_active.set(str(active), tr(C, "%n completed", None, data.by_status.get("completed", 0)))
        self.kpi_departures.set(str(len(data.departures)))
        self.kpi_missing.set(str(data.missing_evidence))
        self.kpi_payments.set(
            str(data.payments_due_count),
            money(data.payments_due_cents) + " · " + tr(C, "%n overdue", None, data.payments_overdue_count),
        )
        self._fill(self.departures, data.departures, True)
        self._fill(self.returns, data.returns, False)
        self._fill_deadlines(data)
        self.budget_chart.set_bars(
            [
                Bar(
                    p.project_id,
                    p.code,
                    p.committed_cents / 100,
                    f"{money(p.committed_cents)} / {money(p.awarded_cents)}",
                    limit=(p.awarded_cents / 100) or None,
                )
                for p in data.projects
                if p.action != "KA220-VET"
            ]
        )
        self.country_chart.set_bars([Bar(code, country_name(code), n, str(n)) for code, n in data.by_country])
        self.activity_chart.set_bars([Bar(a, enum_label(a), n, str(n)) for a, n in data.by_activity])
