"""What the calls page's parts share: the translation context, outcome colours, small helpers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QAbstractTableModel, QDate
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QTableView,
)

from intervet_desktop.core.enums import ApplicationStatus
from intervet_desktop.ui.i18n import tr

C = "CallsPage"
SELECTED_COLOUR = QColor(76, 175, 80, 60)
RESERVE_COLOUR = QColor(255, 193, 7, 70)
CONFLICT_COLOUR = QColor(128, 128, 128, 60)
SELECTED = {ApplicationStatus.SELECTED.value, ApplicationStatus.PROVISIONALLY_SELECTED.value}


def call_status_label(status: str) -> str:
    labels = {
        "draft": tr(C, "Draft"),
        "open": tr(C, "Open"),
        "closed": tr(C, "Closed"),
        "evaluated": tr(C, "Evaluated"),
        "provisional": tr(C, "Provisional ranking published"),
        "published": tr(C, "Final list published"),
        "archived": tr(C, "Archived"),
    }
    return labels.get(status, status)


def _points(hundredths: int | None) -> str:
    return "" if hundredths is None else f"{hundredths / 100:.2f}"


def _qdate(value: date | None) -> QDate:
    value = value or date.today()
    return QDate(value.year, value.month, value.day)


def _pydate(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


def _table(model: QAbstractTableModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(False)
    view.horizontalHeader().setStretchLastSection(True)
    return view
