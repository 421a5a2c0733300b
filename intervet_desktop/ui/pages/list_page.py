"""A list page: search as you type (accent- and case-insensitive, SQL), filters, a lazy table
sortable by any column, and a detail pane for the selected row."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QByteArray, QItemSelection, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTableView,
    QWidget,
)

from intervet_desktop.services.details import load_card
from intervet_desktop.services.listing import ListFilter, ListReader, ListSpec
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr, trn
from intervet_desktop.ui.icons import icon
from intervet_desktop.ui.models.lazy_table import LazyTableModel
from intervet_desktop.ui.pages.base import Page, page_layout
from intervet_desktop.ui.widgets.detail_pane import DetailPane
from intervet_desktop.ui.widgets.flow import FlowLayout

#: the narrowest a column of this kind may become when the key columns share a small window
KIND_FLOORS = {"date": 92, "money": 84, "int": 56, "enum": 80}


@dataclass(frozen=True)
class FilterChoice:
    key: str
    label: str
    options: list[tuple[str, Any]]  # (shown text, value); the first is "all" with value None


class ListPage(Page):
    spec: ListSpec
    search_hint = "Search"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        layout = page_layout(self, self.title())
        bar = QHBoxLayout()
        self.toolbar = bar  # pages may add their buttons
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(tr("ListPage", self.search_hint) + " (Ctrl+F)")
        self.search.addAction(
            icon("search", self.palette().text().color()), QLineEdit.ActionPosition.LeadingPosition
        )
        self.search.setMinimumWidth(200)
        self.search.textChanged.connect(self._apply_filter)
        bar.addWidget(self.search, 3)
        self.filter_boxes: dict[str, QComboBox] = {}
        # the filters wrap onto a second line on a narrow window (1280x720 must fit)
        self.filter_area = QWidget(self)
        self.filter_area.setObjectName("filters")
        flow = FlowLayout(self.filter_area)
        for choice in self.filter_choices():
            box = QComboBox(self.filter_area)
            box.setObjectName(f"filter-{choice.key}")
            box.setAccessibleName(choice.label)
            box.setToolTip(choice.label)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(8)
            for text, value in choice.options:
                box.addItem(text, value)
            box.currentIndexChanged.connect(self._apply_filter)
            self.filter_boxes[choice.key] = box
            flow.addWidget(box)
        if self.filter_boxes:
            bar.addWidget(self.filter_area, 4)
        else:
            self.filter_area.hide()
        self.count_label = QLabel(self)
        self.count_label.setMinimumWidth(110)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.count_label)
        for widget in self.toolbar_widgets():
            bar.addWidget(widget)
        self.bar = bar
        layout.addLayout(bar)

        self.model = LazyTableModel(ListReader(ctx.workspace, self.spec), self)
        self.table = QTableView(self)
        self.table.setObjectName("table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setCornerButtonEnabled(False)
        # Tab leaves the table for the next control (arrows move between rows), Enter and
        # double-click open the row in the editor beside it
        self.table.setTabKeyNavigation(False)
        self.table.activated.connect(self._open_current)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setHighlightSections(False)
        header.setStretchLastSection(True)
        header.setSortIndicator(self.model.sort_column_index(), Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        scale = max(self.fontMetrics().averageCharWidth() / 7.0, 1.0)
        for i, column in enumerate(self.spec.columns):
            self.table.setColumnWidth(i, int(column.width * scale))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self._show_key_columns()
        self._columns_restored = False
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._after_reset)

        self.detail = self.make_detail()
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setObjectName("splitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.build_detail())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(list(self.splitter_sizes))
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self._update_count()

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear)
        self.search.returnPressed.connect(self._focus_table)

    # ------------------------------------------------------------------ columns
    def _show_key_columns(self) -> None:
        keys = [column.key for column in self.spec.columns]
        for index, key in enumerate(keys):
            self.table.setColumnHidden(index, bool(self.key_columns) and key not in self.key_columns)

    def _settings_key(self) -> str:
        return f"lists/{self.spec.name}/header"

    def _restore_columns(self) -> None:
        """Widths, order and hidden columns as the user left them (once, on first show)."""
        if self._columns_restored:
            return
        self._columns_restored = True
        header = self.table.horizontalHeader()
        state = QSettings().value(self._settings_key())
        if isinstance(state, QByteArray):
            header.restoreState(state)
        elif self.key_columns:
            QTimer.singleShot(0, self.fit_key_columns)  # once the page has its real width
        header.sectionResized.connect(self._remember_columns)
        header.sectionMoved.connect(self._remember_columns)

    def fit_key_columns(self) -> None:
        """Shares the table's width among the key columns (in proportion to their usual widths,
        none narrower than its heading), so what people scan for is on screen."""
        header = self.table.horizontalHeader()
        shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
        available = self.table.viewport().width() - 2
        metrics = header.fontMetrics()
        floors = {
            i: max(
                KIND_FLOORS.get(self.spec.columns[i].kind, 40),
                min(metrics.horizontalAdvance(str(self.model.headerData(i, Qt.Orientation.Horizontal))), 56)
                + 24,
            )
            for i in shown
        }
        wanted = {i: max(self.spec.columns[i].width, floors[i]) for i in shown}
        total = sum(wanted.values())
        if total <= available or available <= 0:
            return
        spare = max(available - sum(floors.values()), 0)
        extra = {i: wanted[i] - floors[i] for i in shown}
        extra_total = sum(extra.values()) or 1
        for i in shown:
            header.resizeSection(i, floors[i] + extra[i] * spare // extra_total)

    def _remember_columns(self, *_: object) -> None:
        QSettings().setValue(self._settings_key(), self.table.horizontalHeader().saveState())

    def _column_menu(self, position: QPoint) -> QMenu:
        """The header's context menu: show or hide each column, or go back to the defaults."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.setObjectName("column-menu")
        for index, column in enumerate(self.spec.columns):
            action = menu.addAction(tr("columns", column.label))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(index))
            action.toggled.connect(partial(self._toggle_column, index))
        menu.addSeparator()
        menu.addAction(tr("ListPage", "Default columns"), self._default_columns)
        if position.x() >= 0:
            menu.popup(header.mapToGlobal(position))
        return menu

    def _toggle_column(self, index: int, shown: bool) -> None:
        header = self.table.horizontalHeader()
        if not shown and header.count() - header.hiddenSectionCount() <= 1:
            return  # the last visible column stays
        self.table.setColumnHidden(index, not shown)
        self._remember_columns()

    def _default_columns(self) -> None:
        self._show_key_columns()
        QSettings().remove(self._settings_key())

    # ------------------------------------------------------------------ hooks for subclasses
    #: the columns shown until the user chooses (header menu); empty: all of them
    key_columns: tuple[str, ...] = ()

    def filter_choices(self) -> list[FilterChoice]:
        return []

    splitter_sizes: tuple[int, int] | list[int] = (900, 340)

    def toolbar_widgets(self) -> list[QWidget]:
        """Buttons after the filters (e.g. "New ...")."""
        return []

    def make_detail(self) -> Any:
        """The detail widget kept as ``self.detail`` (a read-only card by default)."""
        return DetailPane(self)

    def build_detail(self) -> QWidget:
        """The widget beside the table (pages with an editor replace the read-only card)."""
        widget: QWidget = self.detail
        return widget

    def show_record(self, record_id: int) -> None:
        card = load_card(self.ctx.workspace, self.spec.name, record_id)
        if card is None:
            self.detail.show_empty()
        else:
            self.detail.show_card(card)

    def show_nothing(self) -> None:
        self.detail.show_empty()

    # ------------------------------------------------------------------ behaviour
    def current_filter(self) -> ListFilter:
        values = {key: box.currentData() for key, box in self.filter_boxes.items()}
        return ListFilter(text=self.search.text(), values={k: v for k, v in values.items() if v is not None})

    def _apply_filter(self, *_: object) -> None:
        self.model.set_filter(self.current_filter())

    def _after_reset(self) -> None:
        self._update_count()
        self.show_nothing()

    def _update_count(self) -> None:
        self.count_label.setText(trn("ListPage", "%n row", "%n rows", self.model.total()))

    def _focus_table(self) -> None:
        self.table.setFocus()
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.show_nothing()
            return
        row = index.row() if index.isValid() else rows[0].row()
        record_id = self.model.id_at(row)
        if record_id is None:
            return
        self.show_record(record_id)

    def _open_current(self, *_: object) -> None:
        """Enter or double-click on a row: into the editor or card beside the list."""
        self.detail_widget().setFocus()
        self.detail_widget().focusNextChild()

    def detail_widget(self) -> QWidget:
        widget: QWidget = self.splitter.widget(1) or self.table
        return widget

    def selected_ids(self) -> list[int]:
        ids = [self.model.id_at(i.row()) for i in self.table.selectionModel().selectedRows()]
        return [i for i in ids if i is not None]

    def keep_selection(self, record_id: int | None) -> None:
        """The user cancelled leaving the record in the editor: select its row again, quietly."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            self.table.clearSelection()
            row = self.model.row_of_id(record_id) if record_id is not None else None
            if row is not None:
                self.table.selectRow(row)
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()

    def select_first(self) -> None:
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.scrollTo(self.model.index(0, 0))

    def reload(self) -> None:
        selected = self.selected_ids()
        self.model.refresh()
        if selected:
            row = self.model.row_of_id(selected[0])
            if row is not None:
                self.table.selectRow(row)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def activate(self) -> None:
        self._restore_columns()
        QTimer.singleShot(0, self._update_count)
