"""Base of every page: a key, a title, an icon name, and a refresh on ``Changes``."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from intervet_desktop.services.changes import Changes, Kind
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.widgets.unsaved import Guarded
from intervet_desktop.ui.widgets.unsaved import may_leave as ask_to_leave


class Page(QWidget):
    key = "page"
    icon_name = "dashboard"
    #: kinds of rows whose changes make this page refresh
    watches: tuple[Kind, ...] = ()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.key}")

    def title(self) -> str:
        raise NotImplementedError

    def activate(self) -> None:
        """Called when the page is shown."""

    def on_changes(self, changes: Changes) -> None:
        if changes.touches(*self.watches):
            self.reload()

    def reload(self) -> None:
        """Re-read what the page shows."""

    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        """More screenshots of this page for ``intervet shots``: (name, prepare -> widget to grab,
        None for the whole window)."""
        return []

    def focus_search(self) -> None:
        """Ctrl+F: pages with a search box focus it."""

    # ------------------------------------------------------------------ no silent loss
    def guarded_editors(self) -> list[Guarded]:
        """The editors on this page that may hold unsaved changes."""
        return []

    def may_leave(self) -> bool:
        """Asked before the page's record changes, the page is left or the window closes:
        Save / Discard / Cancel for each editor with unsaved changes."""
        return all(ask_to_leave(self, editor) for editor in self.guarded_editors())


def page_header(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setBold(True)
    label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def page_layout(widget: QWidget, title: str) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(18, 14, 18, 12)
    layout.setSpacing(10)
    layout.addWidget(page_header(title, widget))
    return layout
