"""The list pages: mobilities, applications, people, organisations, documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from intervet_desktop.core.enums import (
    ActivityType,
    ApplicationStatus,
    Direction,
    MobilityStatus,
)
from intervet_desktop.services import choices
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.lists import APPLICATIONS, MOBILITIES
from intervet_desktop.ui.documents.mobility_actions import MobilityDocumentActions
from intervet_desktop.ui.formatting import country_name, enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.directory import OrganisationsPage, PeoplePage
from intervet_desktop.ui.pages.documents import DocumentsPage
from intervet_desktop.ui.pages.list_page import FilterChoice, ListPage
from intervet_desktop.ui.widgets.mobility_editor import MobilityEditor
from intervet_desktop.ui.widgets.unsaved import Guarded

__all__ = [
    "ApplicationsPage",
    "DocumentsPage",
    "MobilitiesPage",
    "OrganisationsPage",
    "PeoplePage",
]


def _enum_choice(key: str, label: str, all_text: str, values: list[str]) -> FilterChoice:
    return FilterChoice(key, label, [(all_text, None)] + [(enum_label(v), v) for v in values])


def _missing_colours(value: Any) -> tuple[QColor, QColor] | None:
    """Missing evidence at a glance: amber cells where something is missing."""
    if value is None or int(value) <= 0:
        return None
    return QColor("#f5cba7") if int(value) > 2 else QColor("#fdebd0"), QColor("#6e2c00")


class MobilitiesPage(ListPage):
    key = "mobilities"
    icon_name = "mobilities"
    spec = MOBILITIES
    watches = (
        Kind.MOBILITY,
        Kind.PERSON,
        Kind.ORGANISATION,
        Kind.PROJECT,
        Kind.PAYMENT,
        Kind.DOCUMENT,
        Kind.DOCUMENT_SIGNATURE,
        Kind.RATE_SET,
    )
    search_hint = "Search participant, host or city"
    splitter_sizes = [700, 520]
    #: what an officer scans for, visible at 1280 px; the rest through the header's menu
    key_columns = ("participant", "missing", "status", "start", "end", "host", "grant")

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model.highlights["missing"] = _missing_colours
        # what is missing and where it stands, next to the name
        keys = [c.key for c in self.spec.columns]
        header = self.table.horizontalHeader()
        for visual, key in enumerate(("missing", "status"), start=1):
            header.moveSection(header.visualIndex(keys.index(key)), visual)
        self.editor.saved.connect(self._saved)
        self.documents = MobilityDocumentActions(self)
        # beside "Generate documents…" on the title line: the filter row is full
        self.new_button = QPushButton(tr("MobilitiesPage", "New mobility"), self)
        self.new_button.setObjectName("new-mobility")
        self.new_button.clicked.connect(self.new_mobility)
        outer = self.layout()
        first = outer.itemAt(0) if outer is not None else None
        title_row = first.layout() if first is not None else None
        if title_row is not None:
            title_row.addWidget(self.new_button)

    def title(self) -> str:
        return tr("Pages", "Mobilities")

    def make_detail(self) -> Any:
        self.editor = MobilityEditor(self.ctx, self)
        return self.editor

    def guarded_editors(self) -> list[Guarded]:
        return [self.editor]

    def new_mobility(self) -> None:
        if not self.may_leave():
            return
        self.table.clearSelection()
        project = self.filter_boxes["project_id"].currentData()
        self.editor.new(project)

    def _after_reset(self) -> None:
        self._update_count()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else rows[0].row()
        record_id = self.model.id_at(row)
        if record_id is not None and record_id != self.editor.mobility_id:
            if self.may_leave():
                self.editor.load(record_id)
            else:
                self.keep_selection(self.editor.mobility_id)

    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def tab(index: int) -> Callable[[], QWidget | None]:
            def prepare() -> QWidget | None:
                self.editor.select_tab(index)
                return None

            return prepare

        names = ("places", "costs", "status", "grant", "programme")
        return [(name, tab(index)) for index, name in enumerate(names, start=1)]

    def _saved(self, mobility_id: int) -> None:
        self.model.refresh()
        row = self.model.row_of_id(mobility_id)
        if row is None:
            # look through the first pages for it (a new row may sort anywhere)
            for r in range(min(self.model.rowCount(), 2000)):
                if self.model.id_at(r) == mobility_id:
                    row = r
                    break
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def reload(self) -> None:
        current = self.editor.mobility_id
        self.model.refresh()
        if current is not None:
            row = self.model.row_of_id(current)
            if row is not None:
                self.table.blockSignals(True)
                self.table.selectRow(row)
                self.table.blockSignals(False)

    def filter_choices(self) -> list[FilterChoice]:
        c = "MobilitiesPage"
        projects = [(tr(c, "All projects"), None)] + [
            (code, pid) for pid, code in choices.projects(self.ctx.workspace)
        ]
        countries = [(tr(c, "All countries"), None)] + sorted(
            ((country_name(code), code) for code in choices.destination_countries(self.ctx.workspace)),
            key=lambda item: item[0],
        )
        return [
            FilterChoice("project_id", tr(c, "Project"), projects),
            _enum_choice("status", tr(c, "Status"), tr(c, "Any status"), [s.value for s in MobilityStatus]),
            _enum_choice(
                "activity", tr(c, "Activity"), tr(c, "Any activity"), [a.value for a in ActivityType]
            ),
            _enum_choice(
                "direction", tr(c, "Direction"), tr(c, "Both directions"), [d.value for d in Direction]
            ),
            FilterChoice("country", tr(c, "Country"), countries),
            FilterChoice(
                "missing",
                tr(c, "Evidence"),
                [
                    (tr(c, "Any evidence"), None),
                    (tr(c, "Missing evidence"), True),
                    (tr(c, "Signatures due"), "unsigned"),
                ],
            ),
        ]


class ApplicationsPage(ListPage):
    key = "applications"
    icon_name = "applications"
    spec = APPLICATIONS
    watches = (Kind.APPLICATION, Kind.CALL, Kind.PERSON)
    search_hint = "Search applicant or number"

    def title(self) -> str:
        return tr("Pages", "Applications")

    def filter_choices(self) -> list[FilterChoice]:
        c = "ApplicationsPage"
        calls = [(tr(c, "All calls"), None)] + [
            (title, cid) for cid, title in choices.calls(self.ctx.workspace)
        ]
        return [
            FilterChoice("call_id", tr(c, "Call"), calls),
            _enum_choice(
                "status", tr(c, "Status"), tr(c, "Any status"), [s.value for s in ApplicationStatus]
            ),
        ]
