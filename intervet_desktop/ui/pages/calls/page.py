"""The calls page: pick a call, see its applications, score them, rank them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.enums import CallStatus
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls as calls_service
from intervet_desktop.services.changes import Changes, Kind
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import day
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.base import page_layout
from intervet_desktop.ui.pages.calls.actions import CallActions
from intervet_desktop.ui.pages.calls.application_dialog import show_application_detail
from intervet_desktop.ui.pages.calls.common import (
    _table,
    call_status_label,
)
from intervet_desktop.ui.pages.calls.phases import (
    appeals_open,
    fill_history,
    fill_phase_menu,
    history_table,
    window_text,
)
from intervet_desktop.ui.pages.calls.ranking_view import RowsModel
from intervet_desktop.ui.pages.calls.score_grid import ScoreGridModel

C = "CallsPage"  # translation context (the catalogue reads it from each file)


class CallsPage(CallActions):
    """One call at a time: its applications, the scoring grid per evaluator and the ranking;
    the actions (rank, publish, appeals, withdrawals, conversion) are in ``actions.py``."""

    key = "calls"
    icon_name = "calls"
    watches = (Kind.CALL, Kind.APPLICATION, Kind.SCORE, Kind.PERSON, Kind.MOBILITY)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, self.title())
        top = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setMinimumWidth(360)
        self.picker.currentIndexChanged.connect(lambda _i: self.reload_call())
        top.addWidget(QLabel(tr(C, "Call")))
        top.addWidget(self.picker, 1)
        self.new_button = QPushButton(tr(C, "New call…"))
        self.edit_button = QPushButton(tr(C, "Edit call…"))
        self.new_button.clicked.connect(lambda: self.edit_call(new=True))
        self.edit_button.clicked.connect(lambda: self.edit_call(new=False))
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        self.phase_button = QPushButton(tr(C, "Phase"))
        self.phase_menu = QMenu(self.phase_button)
        self.phase_menu.triggered.connect(lambda action: self.change_phase(str(action.data())))
        self.phase_button.setMenu(self.phase_menu)
        top.addWidget(self.phase_button)
        layout.addLayout(top)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.detail: calls_service.CallDetail | None = None

        # applications
        self.app_model = RowsModel(
            [
                ("number", tr(C, "Number")),
                ("applicant", tr(C, "Applicant")),
                ("status", tr(C, "Status")),
                ("total", tr(C, "Total")),
                ("rank", tr(C, "Rank")),
            ]
        )
        self.app_view = _table(self.app_model)
        self.app_view.horizontalHeader().setStretchLastSection(False)
        self.app_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_application())
        self.app_info = QLabel("")
        self.app_info.setWordWrap(True)
        self.app_info.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.history = QTableWidget(0, 5)
        self.history.setHorizontalHeaderLabels(
            [tr(C, "When"), tr(C, "Who"), tr(C, "What"), tr(C, "Change"), tr(C, "Why")]
        )
        self.history.verticalHeader().setVisible(False)
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.new_application_button = QPushButton(tr(C, "New application…"))
        self.new_application_button.clicked.connect(self.new_application)
        app_bar = QHBoxLayout()
        app_bar.addWidget(self.new_application_button)
        self.attach_button = QPushButton(tr(C, "Attach file…"))
        self.attach_button.clicked.connect(self.attach)
        app_bar.addWidget(self.attach_button)
        app_bar.addStretch(1)
        right_layout.addLayout(app_bar)
        right_layout.addWidget(self.app_info)
        right_layout.addWidget(QLabel(tr(C, "History")))
        right_layout.addWidget(self.history, 1)
        split = QSplitter()
        split.addWidget(self.app_view)
        split.addWidget(right)
        split.setSizes([560, 640])
        self.tabs.addTab(split, tr(C, "Applications"))

        # scoring
        scoring = QWidget()
        s_layout = QVBoxLayout(scoring)
        bar = QHBoxLayout()
        self.evaluator = QComboBox()
        self.evaluator.currentIndexChanged.connect(lambda _i: self.reload_grid())
        self.conflict_button = QPushButton(tr(C, "Declare conflict of interest…"))
        self.conflict_button.clicked.connect(self.declare_conflict)
        bar.addWidget(QLabel(tr(C, "Evaluator")))
        bar.addWidget(self.evaluator)
        bar.addWidget(self.conflict_button)
        self.link_button = QPushButton(tr(C, "Evaluator is person…"))
        self.link_button.setToolTip(
            tr(C, "Link the evaluator to a person: nobody scores their own application.")
        )
        self.link_button.clicked.connect(self.link_evaluator)
        bar.addWidget(self.link_button)
        bar.addStretch(1)
        s_layout.addLayout(bar)
        self.grid_model = ScoreGridModel(ctx, self)
        self.grid_view = _table(self.grid_model)
        self.grid_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.grid_view.horizontalHeader().setStretchLastSection(False)
        s_layout.addWidget(self.grid_view, 1)
        self.grid_status = QLabel("")
        self.grid_status.setStyleSheet("color: #c62828;")
        self.grid_model.dataChanged.connect(lambda *_: self.grid_status.setText(""))
        s_layout.addWidget(self.grid_status)
        self.tabs.addTab(scoring, tr(C, "Scoring"))

        # ranking
        ranking = QWidget()
        r_layout = QVBoxLayout(ranking)
        actions = QHBoxLayout()
        self.rank_button = QPushButton(tr(C, "Rank"))
        self.provisional_button = QPushButton(tr(C, "Publish provisional"))
        self.final_button = QPushButton(tr(C, "Publish final"))
        self.appeal_button = QPushButton(tr(C, "Decide appeal…"))
        self.withdraw_button = QPushButton(tr(C, "Withdraw && promote…"))
        self.convert_button = QPushButton(tr(C, "Convert to mobility"))
        self.export_button = QPushButton(tr(C, "Export ranking…"))
        self.rescore_button = QPushButton(tr(C, "Re-score after final list…"))
        self.rescore_button.clicked.connect(self.rescore_final)
        self.rank_button.clicked.connect(self.rank)
        self.provisional_button.clicked.connect(lambda: self.publish(final=False))
        self.final_button.clicked.connect(lambda: self.publish(final=True))
        self.appeal_button.clicked.connect(self.decide_appeal)
        self.withdraw_button.clicked.connect(self.withdraw)
        self.convert_button.clicked.connect(self.convert)
        self.export_button.clicked.connect(self.export)
        for button in (
            self.rank_button,
            self.provisional_button,
            self.final_button,
            self.appeal_button,
            self.withdraw_button,
            self.convert_button,
            self.export_button,
            self.rescore_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        r_layout.addLayout(actions)
        self.rank_model = RowsModel(
            [
                ("rank", tr(C, "Rank")),
                ("number", tr(C, "Number")),
                ("applicant", tr(C, "Applicant")),
                ("total", tr(C, "Total")),
                ("status", tr(C, "Status")),
                ("reason", tr(C, "Reason")),
            ]
        )
        self.rank_view = _table(self.rank_model)
        r_layout.addWidget(self.rank_view, 1)
        self.rank_status = QLabel("")
        self.rank_status.setWordWrap(True)
        r_layout.addWidget(self.rank_status)
        self.tabs.addTab(ranking, tr(C, "Ranking"))

        # phases: the appeal window and the call's history
        phases = QWidget()
        p_layout = QVBoxLayout(phases)
        self.window_label = QLabel("")
        self.window_label.setWordWrap(True)
        self.window_label.setStyleSheet("font-weight: bold;")
        p_layout.addWidget(self.window_label)
        p_layout.addWidget(QLabel(tr(C, "History of the call's phases")))
        self.phase_history = history_table()
        p_layout.addWidget(self.phase_history, 1)
        self.tabs.addTab(phases, tr(C, "Phases"))
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Calls")

    # ------------------------------------------------------------ loading
    def call_id(self) -> int | None:
        value = self.picker.currentData()
        return int(value) if value is not None else None

    def reload(self) -> None:
        current = self.call_id()
        found = calls_service.list_calls(self.ctx.workspace)
        self.picker.blockSignals(True)
        self.picker.clear()
        for c in found:
            self.picker.addItem(f"{c.title} ({c.project_code})", c.id)
        if current is not None and self.picker.findData(current) >= 0:
            self.picker.setCurrentIndex(self.picker.findData(current))
        self.picker.blockSignals(False)
        self.reload_call()

    def select_call(self, call_id: int) -> None:
        index = self.picker.findData(call_id)
        if index >= 0:
            self.picker.setCurrentIndex(index)

    def reload_call(self) -> None:
        call_id = self.call_id()
        self.detail = calls_service.get_call(self.ctx.workspace, call_id) if call_id is not None else None
        detail = self.detail
        for button in (
            self.new_application_button,
            self.attach_button,
            self.edit_button,
            self.rank_button,
            self.provisional_button,
            self.final_button,
            self.appeal_button,
            self.withdraw_button,
            self.convert_button,
            self.export_button,
        ):
            button.setEnabled(detail is not None)
        self.phase_button.setEnabled(detail is not None)
        self.rescore_button.setVisible(bool(detail and detail.status == CallStatus.PUBLISHED))
        self.provisional_button.setVisible(bool(detail and detail.with_appeals))
        self.appeal_button.setVisible(bool(detail and detail.with_appeals))
        if detail is None:
            self.summary.setText(tr(C, "No call yet. Create one with New call…"))
            self.app_model.load([])
            self.rank_model.load([])
            self.grid_model.load(None)
            self.phase_menu.clear()
            self.phase_history.setRowCount(0)
            self.window_label.setText("")
            return
        fill_phase_menu(
            self.phase_menu, calls_service.call_steps(self.ctx.workspace, detail.id), detail.status
        )
        fill_history(self.phase_history, calls_service.call_history(self.ctx.workspace, detail.id))
        parts = [
            tr(C, "Status: %1").replace("%1", call_status_label(detail.status)),
            tr(C, "%1 places").replace("%1", str(detail.places_total)),
            tr(C, "open %1 to %2").replace("%1", day(detail.opens_on)).replace("%2", day(detail.deadline)),
            tr(C, "%1 applications").replace("%1", str(detail.applications)),
        ]
        if detail.with_appeals:
            parts.append(
                tr(C, "provisional ranking %1, appeals until %2")
                .replace("%1", day(detail.provisional_published_on))
                .replace("%2", day(detail.appeal_deadline))
            )
        if detail.quotas:
            parts.append(
                tr(C, "quotas: %1").replace("%1", ", ".join(f"{q.label} {q.places}" for q in detail.quotas))
            )
        self.summary.setText(" · ".join(parts))
        ranking = apps.get_ranking(self.ctx.workspace, detail.id)
        before = self.selected_row(self.app_view, self.app_model)
        self.app_model.load(sorted(ranking.rows, key=lambda r: r.number))
        if before is not None:
            again = [
                i for i, r in enumerate(self.app_model.rows) if r.application_id == before.application_id
            ]
            if again:
                self.app_view.selectRow(again[0])
        self.rank_model.load(list(ranking.rows))
        self.window_label.setText(window_text(detail, appeals_open(list(ranking.rows))))
        self.rank_view.resizeColumnsToContents()
        self.app_view.resizeColumnsToContents()
        self.app_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.rank_view.horizontalHeader().setStretchLastSection(True)
        current = self.evaluator.currentData()
        self.evaluator.blockSignals(True)
        self.evaluator.clear()
        for e in detail.evaluators:
            self.evaluator.addItem(e.name, e.id)
        if current is not None and self.evaluator.findData(current) >= 0:
            self.evaluator.setCurrentIndex(self.evaluator.findData(current))
        self.evaluator.blockSignals(False)
        self.reload_grid()
        if self.app_model.rowCount() and not self.app_view.currentIndex().isValid():
            self.app_view.selectRow(0)
        self.show_application()

    def reload_grid(self) -> None:
        evaluator = self.evaluator.currentData()
        if self.detail is None or evaluator is None:
            self.grid_model.load(None)
            return
        self.grid_model.load(apps.score_grid(self.ctx.workspace, self.detail.id, int(evaluator)))
        self.grid_view.resizeColumnsToContents()

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(Kind.CALL, Kind.APPLICATION, Kind.PERSON, Kind.MOBILITY):
            self.reload()

    # ------------------------------------------------------------ applications
    def show_application(self) -> None:
        row = self.selected_row(self.app_view, self.app_model)
        if row is None:
            self.app_info.setText("")
            self.history.setRowCount(0)
            return
        detail = apps.get_application(self.ctx.workspace, row.application_id)
        show_application_detail(self.app_info, self.history, detail)
