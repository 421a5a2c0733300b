"""The internationalisation roadmap of a school: objectives with a progress chart, their
indicators (computed ones say how), their actions, and a timeline of every action."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.messages import render
from intervet_desktop.core.office import ActionStatus, IndicatorSource, IndicatorUnit
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.office import roadmap as svc
from intervet_desktop.services.office.common import label_of, person_search
from intervet_desktop.services.office.exports import export_roadmap
from intervet_desktop.services.office.network import contact_choices
from intervet_desktop.services.office.roadmap import ActionView, Roadmap
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import Page, page_header
from intervet_desktop.ui.pages.office.kit import (
    Field,
    FormDialog,
    RecordTable,
    SchoolBox,
    choices,
    day_text,
    label,
    run_delete,
)
from intervet_desktop.ui.theme import accent
from intervet_desktop.ui.widgets.charts import Bar, BarChart

C = "RoadmapPage"


class Timeline(QWidget):
    """Every action of the roadmap as a bar from its start to its due date, month by month;
    overdue actions in red, done ones greyed, a line for today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.items: list[tuple[str, ActionView]] = []
        self.today = date.today()

    def set_actions(self, actions: list[tuple[str, ActionView]], today: date) -> None:
        self.items = actions
        self.today = today
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, 40 + 24 * max(len(self.items), 3))

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        if not self.items:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr(C, "No actions yet"))
            return
        metrics = QFontMetrics(self.font())
        first = min(a.start_on for _o, a in self.items).replace(day=1)
        last = max(a.due_on for _o, a in self.items)
        span = max((last - first).days, 30)
        label_w = min(max(metrics.horizontalAdvance(a.title) for _o, a in self.items) + 16, self.width() // 3)
        left, right = label_w, self.width() - 10
        width = max(right - left, 50)

        def x_of(d: date) -> float:
            return left + width * (d - first).days / span

        grid = palette.color(QPalette.ColorRole.Mid)
        month = first
        painter.setPen(grid)
        while month <= last:
            x = x_of(month)
            painter.drawLine(int(x), 18, int(x), self.height())
            if month.month in (1, 4, 7, 10) or span < 400:
                painter.drawText(
                    QRectF(x + 2, 0, 60, 16), Qt.AlignmentFlag.AlignLeft, month.strftime("%m/%y")
                )
            month = (month + timedelta(days=32)).replace(day=1)
        row = 24
        for i, (_objective, action) in enumerate(self.items):
            y = 22 + i * row
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_w - 8, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                metrics.elidedText(action.title, Qt.TextElideMode.ElideRight, label_w - 10),
            )
            if action.overdue:
                color = QColor(192, 57, 43)
            elif action.status == ActionStatus.DONE.value:
                color = QColor(150, 150, 150)
            else:
                color = accent()
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            x0, x1 = x_of(action.start_on), x_of(action.due_on)
            painter.drawRoundedRect(QRectF(x0, y + 5, max(x1 - x0, 3), row - 10), 3, 3)
        if first <= self.today <= last:
            painter.setPen(QColor(192, 57, 43))
            x = x_of(self.today)
            painter.drawLine(int(x), 16, int(x), self.height())


class RoadmapPage(Page):
    key = "roadmap"
    icon_name = "dashboard"
    watches = (
        Kind.ROADMAP_OBJECTIVE,
        Kind.ROADMAP_ACTION,
        Kind.ROADMAP_INDICATOR,
        Kind.ORGANISATION,
        Kind.MOBILITY,
        Kind.CALL,
        Kind.FUNDING_OPPORTUNITY,
        Kind.STAFF_TRAINING,
        Kind.PERSON,
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.today = date.today()
        self.roadmap: Roadmap | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        top = QHBoxLayout()
        top.addWidget(page_header(self.title(), self))
        top.addStretch(1)
        self.school = SchoolBox(ctx, self)
        self.school.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(QLabel(tr(C, "School"), self))
        top.addWidget(self.school)
        self.pdf_button = QPushButton(tr(C, "One-page PDF…"), self)
        self.pdf_button.setObjectName("roadmap-pdf")
        self.pdf_button.clicked.connect(self.export_pdf)
        top.addWidget(self.pdf_button)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.objectives = RecordTable(
            tr(C, "Objectives"), [tr(C, "Objective"), tr(C, "Progress")], "objectives", left
        )
        self.objectives.widths(300, 80)
        self.objectives.add_requested.connect(lambda: self.edit_objective(None))
        self.objectives.edit_requested.connect(self.edit_objective)
        self.objectives.delete_requested.connect(self.delete_objective)
        self.objectives.selected.connect(lambda _id: self.show_objective())
        left_layout.addWidget(self.objectives, 3)
        left_layout.addWidget(QLabel(tr(C, "Progress per objective (share of the way to the targets)"), left))
        self.chart = BarChart(left)
        self.chart.setObjectName("progress-chart")
        self.chart.bar_clicked.connect(lambda key: self.objectives.select_id(int(key)))
        left_layout.addWidget(self.chart, 2)
        self.tabs = QTabWidget(splitter)
        self.indicators = RecordTable(
            tr(C, "Indicators"),
            [
                tr(C, "Indicator"),
                tr(C, "Year"),
                tr(C, "Baseline"),
                tr(C, "Target"),
                tr(C, "Actual"),
                tr(C, "Progress"),
                tr(C, "How it is measured"),
            ],
            "indicators",
            self.tabs,
        )
        self.indicators.widths(210, 50, 70, 60, 60, 70, 300)
        self.indicators.add_requested.connect(lambda: self.edit_indicator(None))
        self.indicators.edit_requested.connect(self.edit_indicator)
        self.indicators.delete_requested.connect(
            lambda i: run_delete(
                self.ctx, self, tr(C, "this indicator"), lambda ws: svc.delete_indicator(ws, i)
            )
        )
        self.action_table = RecordTable(
            tr(C, "Actions"),
            [tr(C, "Action"), tr(C, "Owner"), tr(C, "Start"), tr(C, "Due"), tr(C, "Status"), tr(C, "Expert")],
            "actions",
            self.tabs,
        )
        self.action_table.widths(260, 150, 85, 85, 90, 150)
        self.action_table.add_requested.connect(lambda: self.edit_action(None))
        self.action_table.edit_requested.connect(self.edit_action)
        self.action_table.delete_requested.connect(
            lambda i: run_delete(self.ctx, self, tr(C, "this action"), lambda ws: svc.delete_action(ws, i))
        )
        self.timeline = Timeline(self.tabs)
        self.tabs.addTab(self.indicators, tr(C, "Indicators"))
        self.tabs.addTab(self.action_table, tr(C, "Actions"))
        self.tabs.addTab(self.timeline, tr(C, "Timeline (all objectives)"))
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setSizes([420, 780])
        layout.addWidget(splitter, 1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Roadmap")

    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def tab(index: int) -> Callable[[], QWidget | None]:
            def prepare() -> QWidget | None:
                self.tabs.setCurrentIndex(index)
                return None

            return prepare

        return [("actions", tab(1)), ("timeline", tab(2))]

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        school = self.school.value()
        if school is None:
            self.roadmap = None
            self.objectives.fill([])
            self.chart.set_bars([])
            self.show_objective()
            return
        self.roadmap = svc.load_roadmap(self.ctx.workspace, school, self.today)
        self.objectives.fill(
            [
                (o.id, [o.title, "–" if o.progress is None else f"{o.progress} %"])
                for o in self.roadmap.objectives
            ]
        )
        self.chart.set_bars(
            [
                Bar(
                    o.id,
                    o.title,
                    float(o.progress or 0),
                    "–" if o.progress is None else f"{o.progress} %",
                    100.0,
                )
                for o in self.roadmap.objectives
            ]
        )
        self.timeline.set_actions(
            [(o.title, a) for o in self.roadmap.objectives for a in o.actions], self.today
        )
        if self.objectives.current_id() is None and self.roadmap.objectives:
            self.objectives.select_id(self.roadmap.objectives[0].id)
        self.show_objective()

    def _objective(self) -> svc.ObjectiveView | None:
        chosen = self.objectives.current_id()
        for o in self.roadmap.objectives if self.roadmap else ():
            if o.id == chosen:
                return o
        return None

    def show_objective(self) -> None:
        objective = self._objective()
        self.indicators.add_button.setEnabled(objective is not None)
        self.action_table.add_button.setEnabled(objective is not None)
        if objective is None:
            self.indicators.fill([])
            self.action_table.fill([])
            return
        self.indicators.fill(
            [
                (
                    i.id,
                    [
                        i.name,
                        str(i.year or ""),
                        _num(i.baseline, i.unit),
                        _num(i.target, i.unit),
                        _num(i.actual, i.unit),
                        "–" if i.progress is None else f"{i.progress} %",
                        render(i.derivation),
                    ],
                )
                for i in objective.indicators
            ]
        )
        self.action_table.fill(
            [
                (
                    a.id,
                    [a.title, a.owner, day_text(a.start_on), day_text(a.due_on), label(a.status), a.expert],
                )
                for a in objective.actions
            ],
            tones={n: "#c0392b" for n, a in enumerate(objective.actions) if a.overdue},
        )

    # ------------------------------------------------------------------ editing
    def objective_dialog(self, row_id: int | None) -> FormDialog:
        school = self.school.value()
        current = next((o for o in self.roadmap.objectives if o.id == row_id), None) if self.roadmap else None
        values: dict[str, Any] = {}
        if current is not None:
            values = {
                "title": current.title,
                "description": current.description,
                "position": current.position,
            }
        return FormDialog(
            self.ctx,
            tr(C, "Objective"),
            [
                Field("title", tr(C, "Objective")),
                Field("description", tr(C, "Description"), "long"),
                Field("position", tr(C, "Order"), "int"),
            ],
            lambda v: (
                lambda ws: svc.save_objective(
                    ws, row_id, svc.ObjectiveForm(school, v["title"], v["description"], v["position"])
                )
            ),
            values,
            self,
        )

    def edit_objective(self, row_id: int | None) -> None:
        self.objective_dialog(row_id).exec()

    def delete_objective(self, row_id: int) -> None:
        run_delete(
            self.ctx,
            self,
            tr(C, "this objective with its actions and indicators"),
            lambda ws: svc.delete_objective(ws, row_id),
        )

    def indicator_dialog(self, row_id: int | None) -> FormDialog | None:
        objective = self._objective()
        if objective is None:
            return None
        current = next((i for i in objective.indicators if i.id == row_id), None)
        values: dict[str, Any] = {"year": self.today.year, "source": "manual", "unit": "count"}
        if current is not None:
            values = {
                "name": current.name,
                "source": current.source,
                "unit": current.unit,
                "year": current.year or 0,
                "baseline": current.baseline,
                "target": current.target,
                "actual": current.actual or 0 if current.source == "manual" else 0,
                "measured_on": current.measured_on,
            }
        objective_id = objective.id

        def save(v: dict[str, Any]) -> Any:
            manual = v["source"] == IndicatorSource.MANUAL.value
            form = svc.IndicatorForm(
                objective_id,
                v["name"],
                v["source"],
                v["unit"],
                v["year"] or None,
                v["baseline"],
                v["target"],
                v["actual"] if manual and v["measured_on"] else None,
                v["measured_on"] if manual else None,
            )
            return lambda ws: svc.save_indicator(ws, row_id, form)

        return FormDialog(
            self.ctx,
            tr(C, "Indicator"),
            [
                Field("name", tr(C, "Indicator")),
                Field(
                    "source", tr(C, "Measured from"), "choice", choices([s.value for s in IndicatorSource])
                ),
                Field("unit", tr(C, "Unit"), "choice", choices([u.value for u in IndicatorUnit])),
                Field("year", tr(C, "Year (0: none)"), "int", maximum=2100),
                Field("baseline", tr(C, "Baseline"), "int"),
                Field("target", tr(C, "Target"), "int"),
                Field("actual", tr(C, "Actual (entered by hand)"), "int"),
                Field("measured_on", tr(C, "Measured on"), "date"),
            ],
            save,
            values,
            self,
        )

    def edit_indicator(self, row_id: int | None) -> None:
        dialog = self.indicator_dialog(row_id)
        if dialog is not None:
            dialog.exec()

    def action_dialog(self, row_id: int | None) -> FormDialog | None:
        objective = self._objective()
        if objective is None:
            return None
        current = next((a for a in objective.actions if a.id == row_id), None)
        values: dict[str, Any] = {"start_on": self.today, "status": "planned"}
        if current is not None:
            values = {
                "title": current.title,
                "owner_id": label_of(self.ctx.workspace, "person", current.owner_id),
                "expert_id": (current.expert_id, current.expert),
                "start_on": current.start_on,
                "due_on": current.due_on,
                "status": current.status,
                "notes": current.notes,
            }
        objective_id = objective.id
        return FormDialog(
            self.ctx,
            tr(C, "Action"),
            [
                Field("title", tr(C, "Action")),
                Field(
                    "owner_id",
                    tr(C, "Owner"),
                    "picker",
                    search=lambda t: person_search(self.ctx.workspace, t),
                ),
                Field("start_on", tr(C, "Start"), "date"),
                Field("due_on", tr(C, "Due date"), "date"),
                Field("status", tr(C, "Status"), "choice", choices([s.value for s in ActionStatus])),
                Field(
                    "expert_id",
                    tr(C, "Expert from the network"),
                    "picker",
                    search=lambda t: contact_choices(self.ctx.workspace, t),
                ),
                Field("notes", tr(C, "Notes"), "long"),
            ],
            lambda v: lambda ws: svc.save_action(ws, row_id, svc.ActionForm(objective_id, **v)),
            values,
            self,
        )

    def edit_action(self, row_id: int | None) -> None:
        dialog = self.action_dialog(row_id)
        if dialog is not None:
            dialog.exec()

    def export_pdf(self) -> None:
        school = self.school.value()
        if school is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, tr(C, "Save the roadmap"), "roadmap.pdf", "PDF (*.pdf)"
        )
        if path:
            self.ctx.tasks.run(lambda _p: export_roadmap(self.ctx.workspace, school, Path(path), self.today))


def _num(value: int | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{value} %" if unit == "percent" else str(value)
