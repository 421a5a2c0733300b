"""What the person and organisation editors share: a title, a duplicate warning banner, a
scrolling form, and Save / Revert / Delete / Archive with validation as you type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.duplicates import reason_message
from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.services.duplicates import SimilarRecord
from intervet_desktop.services.record_errors import RecordInUseError
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_message, render_problems, tr, trn
from intervet_desktop.ui.widgets.form_fields import FieldSet, bold, error_style

C = "RecordEditor"


class DuplicateBanner(QFrame):
    """'This looks like an existing record' with a button to open it."""

    open_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#duplicate-banner { background: rgba(241, 196, 15, 0.22); border: 1px solid #d4a017;"
            " border-radius: 4px; }"
        )
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self.open_button = QPushButton(tr(C, "Open existing"), self)
        self.open_button.setObjectName("open-existing")
        self.open_button.clicked.connect(self._open)
        row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        self.record_id: int | None = None
        self.hide()

    def show_matches(self, matches: list[SimilarRecord]) -> None:
        if not matches:
            self.record_id = None
            self.hide()
            return
        best = sorted(matches, key=lambda m: not m.strong)[0]
        self.record_id = best.id
        reasons = "; ".join(render_message(reason_message(r)) for r in best.reasons)
        lead = tr(C, "This looks like an existing record:")
        more = (
            trn(C, "(and %n other)", "(and %n others)", len(matches) - 1).strip() if len(matches) > 1 else ""
        )
        self.text.setText(f"<b>{lead}</b> {_escape(best.label)} {more}<br>{_escape(reasons)}")
        self.show()

    def _open(self) -> None:
        if self.record_id is not None:
            self.open_requested.emit(self.record_id)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class RecordEditor(QWidget):
    """Subclasses build ``self.body`` with sections, and implement the hooks below."""

    saved = Signal(int)  # id of the record written
    removed = Signal()  # deleted, archived or merged away
    open_requested = Signal(int)  # open another record (duplicate banner)

    new_title = "New record"
    #: problems of these fields are shown by the subclass (show_extra_problems)
    handled_prefixes: tuple[str, ...] = ()
    #: the audit trail's name for this editor's records (shows the History button)
    history_entity: str | None = None

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id: int | None = None
        self.loaded: Any = None
        self.fields = FieldSet()
        self._loading = False
        self._problems: dict[str, str] = {}
        #: a new record shows its problems only for the fields the user has filled, until Save
        self._reveal_all = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 0, 0, 0)
        outer.setSpacing(6)
        head = QHBoxLayout()
        self.title = bold(QLabel(self), 1.25)
        self.title.setObjectName("editor-title")
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.badge = QLabel(self)
        self.badge.setObjectName("editor-badge")
        self.badge.setStyleSheet(
            "QLabel { background: #c0392b; color: white; border-radius: 3px; padding: 2px 6px; }"
        )
        self.badge.hide()
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)
        self.banner = DuplicateBanner(self)
        self.banner.open_requested.connect(self.open_requested)
        outer.addWidget(self.banner)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 8, 0)
        self.scroll_area.setWidget(self.body)
        outer.addWidget(self.scroll_area, 1)
        self.other_errors = QLabel(self)
        self.other_errors.setObjectName("other-errors")
        self.other_errors.setWordWrap(True)
        self.other_errors.setStyleSheet(error_style(self))
        self.other_errors.hide()
        outer.addWidget(self.other_errors)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(tr(C, "Save"), self)
        self.save_button.setObjectName("save")
        self.save_button.setDefault(True)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip(tr(C, "Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(tr(C, "Revert"), self)
        self.revert_button.setObjectName("revert")
        self.revert_button.clicked.connect(self.revert)
        self.archive_button = QPushButton(tr(C, "Archive"), self)
        self.archive_button.setObjectName("archive")
        self.archive_button.clicked.connect(self.archive)
        self.history_button = QPushButton(tr(C, "History…"), self)
        self.history_button.setObjectName("history")
        self.history_button.clicked.connect(self.show_history)
        self.history_button.setVisible(self.history_entity is not None)
        self.delete_button = QPushButton(tr(C, "Delete…"), self)
        self.delete_button.setObjectName("delete")
        self.delete_button.clicked.connect(self.delete)
        self.state = QLabel(self)
        self.state.setObjectName("editor-state")
        self.state.setEnabled(False)
        for button in (self.save_button, self.revert_button):
            buttons.addWidget(button)
        buttons.addWidget(self.state, 1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.archive_button)
        buttons.addWidget(self.delete_button)
        outer.addLayout(buttons)
        self._buttons = buttons
        #: buttons that act on the saved record (enabled once there is one)
        self.record_buttons: list[QPushButton] = [self.history_button]

    # ------------------------------------------------------------------ hooks
    def read_form(self) -> tuple[Any, dict[str, str]]:
        """(form dataclass, problems found by the widgets themselves, e.g. an unreadable date)."""
        raise NotImplementedError

    def write_form(self, form: Any) -> None:
        raise NotImplementedError

    def empty_form(self) -> Any:
        raise NotImplementedError

    def validate(self, form: Any) -> dict[str, str]:
        raise NotImplementedError

    def similar(self, form: Any) -> list[SimilarRecord]:
        return []

    def load_detail(self, record_id: int) -> Any:
        """The service's detail of the record; sets what the subclass shows besides the form."""
        raise NotImplementedError

    def heading(self, form: Any) -> str:
        raise NotImplementedError

    def create_op(self, form: Any) -> Callable[[Any], Any]:
        raise NotImplementedError

    def update_op(self, record_id: int, form: Any) -> Callable[[Any], Any]:
        raise NotImplementedError

    def delete_op(self, record_id: int) -> Callable[[Any], Any]:
        raise NotImplementedError

    def archive_op(self, record_id: int) -> Callable[[Any], Any]:
        raise NotImplementedError

    def badge_text(self) -> str:
        return ""

    # ------------------------------------------------------------------ loading
    def new_record(self, form: Any | None = None) -> None:
        self.record_id = None
        self.loaded = self.empty_form()
        self._reveal_all = False
        self._load(form if form is not None else self.loaded)
        self.title.setText(tr(C, self.new_title))
        first = next(iter(self.fields.widgets.values()), None)
        if first is not None:
            first.setFocus()

    def open_record(self, record_id: int) -> None:
        try:
            detail = self.load_detail(record_id)
        except UserError as error:
            self.ctx.show_user_error(self, error)
            return
        self.record_id = record_id
        self.loaded = detail.form
        self._reveal_all = True
        self._load(detail.form)

    def _load(self, form: Any) -> None:
        self._loading = True
        try:
            self.write_form(form)
        finally:
            self._loading = False
        self.refresh()

    def revert(self) -> None:
        if self.record_id is None:
            self.new_record()
        else:
            self.open_record(self.record_id)

    # ------------------------------------------------------------------ validation
    def changed(self, *_: object) -> None:
        if not self._loading:
            self.refresh()

    def is_dirty(self) -> bool:
        form, local = self.read_form()
        return bool(local) or form != self.loaded

    def _visible(self, form: Any, problems: dict[str, str]) -> dict[str, str]:
        """A blank new record is not greeted with "First name is required.": until the user
        tries to save, only the fields they have changed show their problems."""
        if self._reveal_all or self.record_id is not None:
            return problems
        missing = object()
        shown = {}
        for field, text in problems.items():
            root = field.split(".")[0].split("[")[0]
            if getattr(form, root, missing) != getattr(self.loaded, root, missing):
                shown[field] = text
        return shown

    def refresh(self) -> None:
        form, local = self.read_form()
        validated = dict(self.validate(form))
        everything = {**validated, **local}
        self._problems = everything
        problems = self._visible(form, validated)
        problems.update(local)  # what the user typed and the widget cannot read is always said
        leftover = [
            text
            for field, text in problems.items()
            if field not in self.fields.errors and not field.startswith(self.handled_prefixes)
        ]
        self.fields.show(problems)
        self.show_extra_problems(problems)
        self.other_errors.setText("\n".join(leftover))
        self.other_errors.setVisible(bool(leftover))
        dirty = bool(local) or form != self.loaded
        self.save_button.setEnabled(not everything and (dirty or self.record_id is None))
        hidden = bool(everything) and not problems
        self.revert_button.setEnabled(dirty)
        saved = self.record_id is not None
        self.delete_button.setEnabled(saved)
        self.archive_button.setEnabled(saved)
        for button in self.record_buttons:
            button.setEnabled(saved)
        self.banner.show_matches(self.similar(form))
        if problems:
            self.state.setText(trn(C, "%n problem to fix", "%n problems to fix", len(problems)))
        elif hidden:
            self.state.setText(tr(C, "Fill in the required fields"))
        elif dirty:
            self.state.setText(tr(C, "Unsaved changes"))
        else:
            self.state.setText(tr(C, "Saved") if saved else "")
        if saved:
            self.title.setText(self.heading(self.loaded))
        badge = self.badge_text()
        self.badge.setText(badge)
        self.badge.setVisible(bool(badge))

    def show_extra_problems(self, problems: dict[str, str]) -> None:
        """Problems of fields that are not single widgets (language rows)."""

    def problems(self) -> dict[str, str]:
        return dict(self._problems)

    # ------------------------------------------------------------------ actions
    def _ready_to_save(self) -> Any | None:
        """The form to write, or None after showing every problem that stops it."""
        self._reveal_all = True
        self.refresh()
        form, local = self.read_form()
        if local or self._problems:
            return None
        return form

    def save(self) -> None:
        if not self.save_button.isEnabled() and self._reveal_all:
            return
        form = self._ready_to_save()
        if form is None:
            return
        op = self.create_op(form) if self.record_id is None else self.update_op(self.record_id, form)
        self.ctx.tasks.write(op, self._saved, self._failed)

    # ------------------------------------------------------------------ leaving (ui.widgets.unsaved)
    def save_now(self) -> bool:
        form = self._ready_to_save()
        if form is None:
            return False
        op = self.create_op(form) if self.record_id is None else self.update_op(self.record_id, form)
        return self.ctx.tasks.write_now(op, self._saved, self._failed)

    def discard_changes(self) -> None:
        self.revert()

    def unsaved_name(self) -> str:
        if self.record_id is None:
            return tr(C, "the new record")
        return self.heading(self.loaded)

    def _saved(self, detail: Any) -> None:
        self.record_id = detail.id
        self.loaded = detail.form
        self._load(detail.form)
        self.saved.emit(detail.id)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            shown = render_problems(error)
            self.fields.show(shown)
            self.show_extra_problems(shown)
            self.save_button.setEnabled(False)
        elif isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            raise error

    def delete(self) -> None:
        if self.record_id is None:
            return
        answer = QMessageBox.question(
            self,
            tr(C, "Delete"),
            tr(C, "Delete %1? This cannot be undone.").replace("%1", self.heading(self.loaded)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.tasks.write(self.delete_op(self.record_id), lambda _v: self._gone(), self._delete_failed)

    def _delete_failed(self, error: BaseException) -> None:
        if isinstance(error, RecordInUseError) and self.record_id is not None:
            text = (
                render_message(error.message)
                + "\n\n"
                + tr(
                    C, "Archive it instead? Archived records are kept for the history but hidden from lists."
                )
            )
            answer = QMessageBox.question(self, tr(C, "Cannot delete"), text)
            if answer == QMessageBox.StandardButton.Yes:
                self.ctx.tasks.write(self.archive_op(self.record_id), lambda _v: self._gone())
        elif isinstance(error, UserError):
            self.ctx.show_user_error(self, error)
        else:
            raise error

    def add_action_button(self, button: QPushButton) -> None:
        """A subclass's button for the saved record, beside History."""
        self._buttons.insertWidget(self._buttons.indexOf(self.history_button), button)
        self.record_buttons.append(button)
        button.setEnabled(self.record_id is not None)

    def show_history(self) -> None:
        if self.history_entity is None or self.record_id is None:
            return
        from intervet_desktop.ui.dialogs.record_history import HistoryDialog

        HistoryDialog(self.ctx, self.history_entity, self.record_id, self).exec()

    def archive(self) -> None:
        if self.record_id is None:
            return
        answer = QMessageBox.question(
            self,
            tr(C, "Archive"),
            tr(C, "Archive %1? It stays in the history of past mobilities but leaves the lists.").replace(
                "%1", self.heading(self.loaded)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.tasks.write(self.archive_op(self.record_id), lambda _v: self._gone())

    def _gone(self) -> None:
        self.record_id = None
        self.removed.emit()


def line(parent: QWidget, max_length: int = 0) -> QLineEdit:
    edit = QLineEdit(parent)
    if max_length:
        edit.setMaxLength(max_length)
    return edit
