"""A table model over a ``ListSpec`` that fetches indexed pages of rows on demand.

Qt asks ``rowCount()``/``data()`` synchronously on the UI thread, so the model keeps a cached
count and an LRU cache of pages (200 rows each) read through the workspace's read-only
engine. Filtering and sorting are SQL: no proxy model, nothing touches every row.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from intervet_desktop.services.listing import ListFilter, ListReader, ListSpec, Matches, Sort
from intervet_desktop.ui.formatting import display
from intervet_desktop.ui.i18n import tr

IdRole = Qt.ItemDataRole.UserRole + 1
RawRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
RIGHT_ALIGNED = {"money", "int", "score"}


class LazyTableModel(QAbstractTableModel):
    PAGE_SIZE = 200
    MAX_PAGES = 40

    def __init__(self, reader: ListReader, parent: Any = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.spec: ListSpec = reader.spec
        self._filter = ListFilter()
        self._sort: Sort | None = None
        self._matches: Matches | None = None
        self._basis: Matches | None = None  # the last search's matches while the user types on
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        #: column key -> raw value -> (background, foreground) colours or None
        self.highlights: dict[str, Callable[[Any], tuple[QColor, QColor] | None]] = {}

    # ------------------------------------------------------------------ query state
    @property
    def current_sort(self) -> Sort:
        return self._sort or Sort(self.spec.default_sort)

    def set_filter(self, flt: ListFilter) -> None:
        if flt == self._filter:
            return
        # typing on narrows the search: look only among the rows the last one found
        basis = self._matches if self._matches is not None and flt.narrows(self._filter) else None
        self._filter = flt
        self._reset(basis)

    def refresh(self) -> None:
        """Read everything again (the data changed)."""
        self._reset(None)

    def _reset(self, basis: Matches | None) -> None:
        self.beginResetModel()
        self._basis = basis
        self._matches = None
        self._pages.clear()
        self.endResetModel()

    def total(self) -> int:
        return self._current_matches().count

    def _current_matches(self) -> Matches:
        if self._matches is None:
            among = self._basis.ids if self._basis is not None else None
            self._matches = self.reader.matches(self._filter, among=among)
        return self._matches

    # ------------------------------------------------------------------ rows
    def _page(self, number: int) -> list[tuple[Any, ...]]:
        page = self._pages.get(number)
        if page is None:
            within = self._current_matches().ids
            page = self.reader.page(
                self._filter, self._sort, number * self.PAGE_SIZE, self.PAGE_SIZE, within=within
            )
            self._pages[number] = page
            while len(self._pages) > self.MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page

    def row_values(self, row: int) -> tuple[Any, ...] | None:
        if row < 0 or row >= self.total():
            return None
        page = self._page(row // self.PAGE_SIZE)
        offset = row % self.PAGE_SIZE
        return page[offset] if offset < len(page) else None

    def id_at(self, row: int) -> int | None:
        values = self.row_values(row)
        return int(values[0]) if values else None

    def row_of_id(self, record_id: int) -> int | None:
        """Row of an id among the pages already loaded (no extra queries)."""
        for number, page in self._pages.items():
            for offset, values in enumerate(page):
                if values[0] == record_id:
                    return number * self.PAGE_SIZE + offset
        return None

    # ------------------------------------------------------------------ Qt API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.total()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.spec.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.spec.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.kind in RIGHT_ALIGNED:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            paint = self.highlights.get(column.key)
            values = self.row_values(index.row()) if paint is not None else None
            colours = paint(values[index.column() + 1]) if paint is not None and values is not None else None
            if colours is None:
                return None
            return colours[0] if role == Qt.ItemDataRole.BackgroundRole else colours[1]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, IdRole, RawRole):
            return None
        values = self.row_values(index.row())
        if values is None:
            return None
        if role == IdRole:
            return values[0]
        raw = values[index.column() + 1]
        if role == RawRole:
            return raw
        return display(raw, column.kind)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.spec.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return tr("columns", self.spec.columns[section].label)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        spec_column = self.spec.columns[column]
        if not spec_column.sortable:
            return
        new = Sort(spec_column.key, descending=order == Qt.SortOrder.DescendingOrder)
        if new == self._sort:
            return
        self._sort = new
        self.beginResetModel()
        self._pages.clear()
        self.endResetModel()

    def sort_column_index(self) -> int:
        key = self.current_sort.key
        for i, column in enumerate(self.spec.columns):
            if column.key == key:
                return i
        return 0
