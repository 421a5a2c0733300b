"""Rate sets: a list with Open / Copy / Import / Export, and an editor of one set's tables.

Editing a built-in or locked version saves a new version (the service decides); schema problems
are listed by their JSON path and the cell or field they belong to is marked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.core.rates import RateSet, load_rate_set, rate_set_to_dict
from intervet_desktop.services import rates as service
from intervet_desktop.services.rates import RateSetSummary
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, tr

C = "RateSets"
BAD = QColor("#f5b7b1")
ERROR_STYLE = "color: #c0392b;"


def problems_text(error: ValidationError) -> str:
    return "\n".join(f"{p.field}: {render_message(p.message)}" for p in error.problems)


def summary_text(s: RateSetSummary) -> str:
    years = ", ".join(str(y) for y in s.call_years)
    flags = []
    if s.builtin:
        flags.append(tr(C, "built-in"))
    if s.locked:
        flags.append(tr(C, "used by grants"))
    if not s.latest:
        flags.append(tr(C, "older version"))
    extra = f" · {', '.join(flags)}" if flags else ""
    return f"{s.name}  ({s.code} v{s.version}; {years}){extra}"


def _table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _cell(value: Any) -> QTableWidgetItem:
    return QTableWidgetItem("" if value is None else str(value))


def _number(text: str) -> Any:
    """An integer when it is one; anything else stays text so the schema names the field."""
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text if text else None


class RateSetEditor(QDialog):
    """One rate set's tables, editable; Save stores it (a new version when built-in or locked)."""

    def __init__(self, ctx: AppContext, ref: str | int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("rate-set-editor")
        self.summary, rates = service.get_rate_set(ctx.workspace, ref)
        self.original = rate_set_to_dict(rates)
        self.saved_summary: RateSetSummary | None = None
        self.setWindowTitle(tr(C, "Rate set %1").replace("%1", self.summary.ref))
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        head = QLabel(summary_text(self.summary), self)
        head.setWordWrap(True)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        layout.addWidget(head)
        if self.summary.builtin or self.summary.locked:
            note = QLabel(
                tr(C, "This version is built-in or used by grants: saving stores version %1 of %2.")
                .replace("%1", str(self._next_version()))
                .replace("%2", self.summary.code),
                self,
            )
            note.setObjectName("rate-set-new-version-note")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general(), tr(C, "General"))
        self.tabs.addTab(self._travel(), tr(C, "Travel"))
        self.tabs.addTab(self._groups(), tr(C, "Country groups"))
        self.tabs.addTab(self._daily(), tr(C, "Daily rates"))
        self.tabs.addTab(self._other(), tr(C, "Support, fees, expensive travel"))
        self.tabs.addTab(self._durations(), tr(C, "Durations"))
        layout.addWidget(self.tabs, 1)
        self.problems = QLabel(self)
        self.problems.setObjectName("rate-set-problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(ERROR_STYLE)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.problems)
        buttons = QHBoxLayout()
        self.status = QLabel(self)
        buttons.addWidget(self.status, 1)
        export = QPushButton(tr(C, "Export…"), self)
        export.clicked.connect(self.export)
        buttons.addWidget(export)
        self.save_button = QPushButton(tr(C, "Save"), self)
        self.save_button.setObjectName("rate-set-save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        close = QPushButton(tr(C, "Close"), self)
        close.clicked.connect(self.reject)
        buttons.addWidget(close)
        layout.addLayout(buttons)

    def _next_version(self) -> int:
        versions = [
            s.version for s in service.list_rate_sets(self.ctx.workspace) if s.code == self.summary.code
        ]
        return max(versions, default=self.summary.version) + 1

    # ------------------------------------------------------------------ tabs
    def _general(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        d = self.original
        self.name = QLineEdit(d["name"], page)
        self.name.setObjectName("rate-name")
        self.years = QLineEdit(", ".join(str(y) for y in d["call_years"]), page)
        self.years.setObjectName("rate-call-years")
        self.agency = QLineEdit(d.get("national_agency") or "", page)
        self.agency.setPlaceholderText(tr(C, "e.g. FI01 (empty: programme defaults)"))
        self.note = QPlainTextEdit(d["note"], page)
        self.note.setFixedHeight(70)
        self.sources = QPlainTextEdit("\n".join(d["sources"]), page)
        form.addRow(tr(C, "Name"), self.name)
        form.addRow(tr(C, "Call years"), self.years)
        form.addRow(tr(C, "National Agency"), self.agency)
        form.addRow(tr(C, "Note"), self.note)
        form.addRow(tr(C, "Sources (one a line)"), self.sources)
        unverified = d.get("unverified") or []
        if unverified:
            label = QLabel(tr(C, "Not verified: %1").replace("%1", ", ".join(unverified)), page)
            label.setWordWrap(True)
            form.addRow("", label)
        return page

    def _travel(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.bands = _table(
            page, [tr(C, "From km"), tr(C, "To km"), tr(C, "Standard"), tr(C, "Green")], "rate-bands"
        )
        for band in self.original["travel_bands"]:
            row = self.bands.rowCount()
            self.bands.insertRow(row)
            for col, key in enumerate(("min_km", "max_km", "standard", "green")):
                item = _cell(band[key])
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.bands.setItem(row, col, item)
        layout.addWidget(self.bands, 1)
        hint = QLabel(
            tr(
                C,
                "Amounts in EUR per participant. An empty 'To km' means open-ended; "
                "an empty green rate means the standard amount is paid.",
            ),
            page,
        )
        hint.setWordWrap(True)
        hint.setEnabled(False)
        layout.addWidget(hint)
        row_buttons = QHBoxLayout()
        add = QPushButton(tr(C, "Add band"), page)
        add.clicked.connect(lambda: self.bands.insertRow(self.bands.rowCount()))
        remove = QPushButton(tr(C, "Remove band"), page)
        remove.clicked.connect(lambda: self.bands.removeRow(max(self.bands.currentRow(), 0)))
        row_buttons.addWidget(add)
        row_buttons.addWidget(remove)
        row_buttons.addStretch(1)
        layout.addLayout(row_buttons)
        form = QFormLayout()
        self.days_standard = QLineEdit(str(self.original["travel_days"]["standard_max"]), page)
        self.days_green = QLineEdit(str(self.original["travel_days"]["green_max"]), page)
        form.addRow(tr(C, "Travel days, standard travel (max)"), self.days_standard)
        form.addRow(tr(C, "Travel days, green travel (max)"), self.days_green)
        layout.addLayout(form)
        return page

    def _groups(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.groups = _table(page, [tr(C, "Group"), tr(C, "Receiving countries")], "rate-groups")
        self.groups.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for group, codes in self.original["country_groups"].items():
            row = self.groups.rowCount()
            self.groups.insertRow(row)
            self.groups.setItem(row, 0, _cell(group))
            self.groups.setItem(row, 1, _cell(", ".join(codes)))
        self.groups.setWordWrap(True)
        self.groups.resizeRowsToContents()
        layout.addWidget(self.groups)
        return page

    def _daily(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.daily = _table(
            page, [tr(C, "Group"), tr(C, "Staff, per day"), tr(C, "Learners, per day")], "rate-daily"
        )
        staff = self.original["individual_support_staff"]
        learners = self.original["individual_support_learners"]
        for group in dict.fromkeys([*staff, *learners]):
            row = self.daily.rowCount()
            self.daily.insertRow(row)
            self.daily.setItem(row, 0, _cell(group))
            self.daily.setItem(row, 1, _cell(staff.get(group)))
            self.daily.setItem(row, 2, _cell(learners.get(group)))
        layout.addWidget(self.daily, 1)
        form = QFormLayout()
        self.reduced_from = QLineEdit(str(self.original["reduced_rate"]["from_day"]), page)
        self.reduced_factor = QLineEdit(self.original["reduced_rate"]["factor"], page)
        form.addRow(tr(C, "Reduced rate from day"), self.reduced_from)
        form.addRow(tr(C, "Reduced rate factor"), self.reduced_factor)
        layout.addLayout(form)
        return page

    def _other(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        d = self.original
        self.org_support = QLineEdit(d["organisational_support_per_participant"], page)
        self.org_support.setObjectName("rate-org-support")
        self.inclusion = QLineEdit(d["inclusion_support_organisation"], page)
        self.course_fee = QLineEdit(d["course_fee_per_day"], page)
        self.course_days = QLineEdit(str(d["course_fee_max_days"]), page)
        self.threshold = QLineEdit(d["expensive_travel"]["threshold"], page)
        self.share = QLineEdit(d["expensive_travel"]["share"], page)
        form.addRow(tr(C, "Organisational support per participant"), self.org_support)
        form.addRow(tr(C, "Inclusion support for organisations, per participant"), self.inclusion)
        form.addRow(tr(C, "Course fee per day"), self.course_fee)
        form.addRow(tr(C, "Course fees: maximum days"), self.course_days)
        form.addRow(tr(C, "Expensive travel: standard grant covers less than (share)"), self.threshold)
        form.addRow(tr(C, "Expensive travel: share of the real cost paid"), self.share)
        self.exceptional_share = QLineEdit(d.get("exceptional_costs_share", ""), page)
        self.exceptional_share.setObjectName("rate-exceptional-share")
        self.exceptional_share.setPlaceholderText(tr(C, "empty: 100 % of the real costs"))
        form.addRow(tr(C, "Other exceptional costs: share of the real cost paid"), self.exceptional_share)
        by_activity = d.get("organisational_support_by_activity") or {}
        self.org_by_activity = QLineEdit(", ".join(f"{a}={v}" for a, v in by_activity.items()), page)
        self.org_by_activity.setObjectName("rate-org-by-activity")
        self.org_by_activity.setPlaceholderText("SM-COUR-TRAIN=100.00, LM-LONG-VET=500.00")
        form.addRow(
            tr(C, "Organisational support by activity (overrides the flat amount)"), self.org_by_activity
        )
        self.field_edits = {
            "organisational_support_per_participant": self.org_support,
            "inclusion_support_organisation": self.inclusion,
            "course_fee_per_day": self.course_fee,
            "course_fee_max_days": self.course_days,
            "expensive_travel.threshold": self.threshold,
            "expensive_travel.share": self.share,
            "exceptional_costs_share": self.exceptional_share,
            "organisational_support_by_activity": self.org_by_activity,
            "name": self.name,
            "call_years": self.years,
            "national_agency": self.agency,
            "travel_days.standard_max": self.days_standard,
            "travel_days.green_max": self.days_green,
            "reduced_rate.from_day": self.reduced_from,
            "reduced_rate.factor": self.reduced_factor,
        }
        return page

    def _durations(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.durations = _table(
            page, [tr(C, "Activity type"), tr(C, "Minimum days"), tr(C, "Maximum days")], "rate-durations"
        )
        for activity, (lo, hi) in self.original["durations"].items():
            row = self.durations.rowCount()
            self.durations.insertRow(row)
            for col, value in enumerate((activity, lo, hi)):
                self.durations.setItem(row, col, _cell(value))
        layout.addWidget(self.durations)
        return page

    # ------------------------------------------------------------------ reading back
    @staticmethod
    def _text(table: QTableWidget, row: int, col: int) -> str:
        item = table.item(row, col)
        return item.text().strip() if item is not None else ""

    def document(self) -> dict[str, Any]:
        d = dict(self.original)
        d["name"] = self.name.text().strip()
        years = [y for y in re.split(r"[,\s]+", self.years.text().strip()) if y]
        d["call_years"] = [_number(y) for y in years]
        if "national_agency" in d or self.agency.text().strip():
            d["national_agency"] = self.agency.text().strip() or None
        d["note"] = self.note.toPlainText().strip()
        d["sources"] = [s.strip() for s in self.sources.toPlainText().splitlines() if s.strip()]
        bands = []
        for row in range(self.bands.rowCount()):
            cells = [self._text(self.bands, row, c) for c in range(4)]
            if not any(cells):
                continue
            bands.append(
                {
                    "min_km": _number(cells[0]),
                    "max_km": _number(cells[1]),
                    "standard": cells[2] or None,
                    "green": cells[3] or None,
                }
            )
        d["travel_bands"] = bands
        d["travel_days"] = {
            "standard_max": _number(self.days_standard.text()),
            "green_max": _number(self.days_green.text()),
        }
        groups: dict[str, list[str]] = {}
        for row in range(self.groups.rowCount()):
            group = self._text(self.groups, row, 0)
            if group:
                groups[group] = [c for c in re.split(r"[,\s]+", self._text(self.groups, row, 1)) if c]
        d["country_groups"] = groups
        staff: dict[str, Any] = {}
        learners: dict[str, Any] = {}
        for row in range(self.daily.rowCount()):
            group = self._text(self.daily, row, 0)
            if group:
                staff[group] = self._text(self.daily, row, 1) or None
                learners[group] = self._text(self.daily, row, 2) or None
        d["individual_support_staff"] = staff
        d["individual_support_learners"] = learners
        d["reduced_rate"] = {
            "from_day": _number(self.reduced_from.text()),
            "factor": self.reduced_factor.text().strip(),
        }
        d["organisational_support_per_participant"] = self.org_support.text().strip()
        d["inclusion_support_organisation"] = self.inclusion.text().strip()
        d["course_fee_per_day"] = self.course_fee.text().strip()
        d["course_fee_max_days"] = _number(self.course_days.text())
        d["expensive_travel"] = {
            "threshold": self.threshold.text().strip(),
            "share": self.share.text().strip(),
        }
        d.pop("exceptional_costs_share", None)
        if self.exceptional_share.text().strip():
            d["exceptional_costs_share"] = self.exceptional_share.text().strip()
        d.pop("organisational_support_by_activity", None)
        table: dict[str, str] = {}
        for part in re.split(r"[,;]\s*", self.org_by_activity.text().strip()):
            if part.strip():
                key, _, value = part.partition("=")
                table[key.strip()] = value.strip()
        if table:
            d["organisational_support_by_activity"] = table
        durations: dict[str, Any] = {}
        for row in range(self.durations.rowCount()):
            activity = self._text(self.durations, row, 0)
            if activity:
                durations[activity] = [
                    _number(self._text(self.durations, row, 1)),
                    _number(self._text(self.durations, row, 2)),
                ]
        d["durations"] = durations
        return d

    def parsed(self) -> RateSet | None:
        self._clear_marks()
        try:
            rates = load_rate_set(self.document())
        except ValidationError as error:
            self.problems.setText(problems_text(error))
            self._mark(error)
            return None
        self.problems.clear()
        return rates

    def _clear_marks(self) -> None:
        for table in (self.bands, self.groups, self.daily, self.durations):
            for row in range(table.rowCount()):
                for col in range(table.columnCount()):
                    item = table.item(row, col)
                    if item is not None:
                        item.setBackground(QBrush())
        for edit in self.field_edits.values():
            edit.setStyleSheet("")

    def _mark(self, error: ValidationError) -> None:
        columns = {"min_km": 0, "max_km": 1, "standard": 2, "green": 3}
        for found in error.problems:
            path = found.field
            band = re.match(r"travel_bands\[(\d+)\](?:\.(\w+))?", path)
            if band:
                row = int(band.group(1))
                col = columns.get(band.group(2) or "", 0)
                item = self.bands.item(row, col)
                if item is None and row < self.bands.rowCount():
                    item = _cell("")
                    self.bands.setItem(row, col, item)
                if item is not None:
                    item.setBackground(BAD)
                self.tabs.setCurrentIndex(1)
                continue
            for prefix, table, col in (
                ("individual_support_staff.", self.daily, 1),
                ("individual_support_learners.", self.daily, 2),
                ("country_groups.", self.groups, 1),
                ("durations.", self.durations, 1),
            ):
                if path.startswith(prefix):
                    key = path[len(prefix) :].split("[")[0]
                    for row in range(table.rowCount()):
                        if self._text(table, row, 0) == key and table.item(row, col) is not None:
                            table.item(row, col).setBackground(BAD)  # type: ignore[union-attr]
            base = path.split("[")[0]
            if base in self.field_edits:
                self.field_edits[base].setStyleSheet("background: #f5b7b1;")

    # ------------------------------------------------------------------ actions
    def save(self) -> None:
        rates = self.parsed()
        if rates is None:
            self.status.setText(tr(C, "Not saved: see the problems above."))
            return
        ref = self.summary.id
        self.ctx.tasks.write(
            lambda ws: service.save_rate_set(ws, ref, rates), on_done=self._saved, on_error=self._failed
        )

    def _saved(self, summary: RateSetSummary) -> None:
        self.saved_summary = summary
        self.status.setText(tr(C, "Saved as %1.").replace("%1", summary.ref))
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.problems.setText(problems_text(error))
            self._mark(error)
            return
        if isinstance(error, UserError):
            self.problems.setText(render_message(error.message))
            return
        raise error

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            tr(C, "Export rate set"),
            f"{self.summary.code}-v{self.summary.version}.json",
            "JSON (*.json)",
        )
        if name:
            service.export_rate_set(self.ctx.workspace, self.summary.id, Path(name))
            self.status.setText(tr(C, "Exported to %1.").replace("%1", name))


class RateSetsPanel(QWidget):
    """The list of rate sets with Open / Copy / Import / Export (in Settings)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget(self)
        self.list.setObjectName("rate-set-list")
        self.list.setMaximumHeight(110)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        layout.addWidget(self.list)
        row = QHBoxLayout()
        for text, name, slot in (
            (tr(C, "Open…"), "rate-open", self.open_selected),
            (tr(C, "Copy…"), "rate-copy", self.copy_selected),
            (tr(C, "Import…"), "rate-import", self.import_file),
            (tr(C, "Export…"), "rate-export", self.export_selected),
        ):
            button = QPushButton(text, self)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.message = QLabel(self)
        self.message.setObjectName("rate-set-message")
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        self.reload()

    def reload(self) -> None:
        selected = self.selected()
        self.list.clear()
        for summary in service.list_rate_sets(self.ctx.workspace):
            item = QListWidgetItem(summary_text(summary), self.list)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            if selected is not None and summary.id == selected:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def selected(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def open_selected(self) -> RateSetEditor | None:
        ref = self.selected()
        if ref is None:
            return None
        editor = RateSetEditor(self.ctx, ref, self)
        editor.exec()
        if editor.saved_summary is not None:
            self.reload()
            self.message.setText(tr(C, "Saved as %1.").replace("%1", editor.saved_summary.ref))
        return editor

    def copy_selected(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        summary, _ = service.get_rate_set(self.ctx.workspace, ref)
        code, ok = QInputDialog.getText(
            self,
            tr(C, "Copy rate set"),
            tr(C, "Id of the copy (letters, digits, dashes)"),
            text=f"{summary.code}-own",
        )
        if not ok or not code.strip():
            return
        name = f"{summary.name} ({tr(C, 'own copy')})"
        self.ctx.tasks.write(
            lambda ws: service.copy_rate_set(ws, ref, code.strip(), name),
            on_done=lambda s: self._done(tr(C, "Copied as %1."), s),
            on_error=self._failed,
        )

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, tr(C, "Import rate set"), "", "JSON (*.json)")
        if not name:
            return
        path = Path(name)
        self.ctx.tasks.write(
            lambda ws: service.import_rate_set(ws, path),
            on_done=lambda s: self._done(tr(C, "Imported as %1."), s),
            on_error=self._failed,
        )

    def export_selected(self) -> None:
        ref = self.selected()
        if ref is None:
            return
        summary, _ = service.get_rate_set(self.ctx.workspace, ref)
        name, _ = QFileDialog.getSaveFileName(
            self, tr(C, "Export rate set"), f"{summary.code}-v{summary.version}.json", "JSON (*.json)"
        )
        if not name:
            return
        try:
            service.export_rate_set(self.ctx.workspace, ref, Path(name))
        except UserError as error:
            self._failed(error)
            return
        self.message.setText(tr(C, "Exported to %1.").replace("%1", name))

    def _done(self, template: str, summary: RateSetSummary) -> None:
        self.reload()
        self.message.setText(template.replace("%1", summary.ref))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            text = problems_text(error)
        elif isinstance(error, UserError):
            text = render_message(error.message)
        else:
            raise error
        QMessageBox.warning(self, tr(C, "Rate sets"), text)
