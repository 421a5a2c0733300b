"""Building blocks of the editable forms: a section of labelled fields with an error line under
each field, an optional date typed in European formats, a country box with names in the UI
language, choice boxes for enums, and a searchable organisation picker."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.validation.countries import country_choices
from intervet_desktop.core.validation.dates import parse_date
from intervet_desktop.ui.formatting import enum_label, ui_locale
from intervet_desktop.ui.i18n import render_message, tr

ERROR_STYLE = "color: #c0392b;"
DARK_ERROR_STYLE = "color: #ff7b6b;"
INVALID_STYLE = "border: 1px solid #c0392b;"


def error_style(widget: QWidget) -> str:
    """Red text that stays readable on the dark palette too."""
    dark = widget.palette().window().color().lightness() < 128
    return DARK_ERROR_STYLE if dark else ERROR_STYLE


class ErrorLabel(QLabel):
    """The words under a field that say what is wrong with it (hidden when nothing is)."""

    def __init__(self, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"error-{field}")
        self.setWordWrap(True)
        self.setStyleSheet(error_style(self))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class Section(QGroupBox):
    """A titled group of fields; each field gets an error line."""

    def __init__(self, title: str, parent: QWidget | None = None, *, note: str = "") -> None:
        super().__init__(title, parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        # top-aligned so a label stays beside its field when an error line appears under it
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._mnemonics: set[str] = set(MENU_LETTERS)
        if note:
            hint = QLabel(note, self)
            hint.setWordWrap(True)
            hint.setEnabled(False)
            self.form.addRow(hint)

    def add(self, label: str, widget: QWidget, error: ErrorLabel | None = None) -> None:
        label = self._mnemonic(label)
        if isinstance(widget, QPlainTextEdit):
            widget.setTabChangesFocus(True)  # Tab moves on; the notes box does not swallow it
        if error is None:
            self.form.addRow(label, widget)
            return
        holder = QWidget(self)
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(error)
        self.form.addRow(label, holder)
        caption = self.form.labelForField(holder)
        if isinstance(caption, QLabel):
            caption.setBuddy(widget)
            field_height = 8 if isinstance(widget, QPlainTextEdit) else widget.sizeHint().height()
            offset = max((field_height - caption.sizeHint().height()) // 2, 0)
            caption.setContentsMargins(0, offset, 0, 0)

    def _mnemonic(self, label: str) -> str:
        return with_mnemonic(label, self._mnemonics)


#: Alt+F, Alt+G and Alt+H open the window's menus: labels leave them alone
MENU_LETTERS = frozenset("fgh")


def keyboard_friendly(root: QWidget) -> None:
    """For forms not built from ``Section``: Alt shortcuts on every label of a form layout
    (its buddy is the field beside it) and Tab out of every multi-line box."""
    for edit in root.findChildren(QPlainTextEdit):
        edit.setTabChangesFocus(True)
    for layout in root.findChildren(QFormLayout):
        taken = set(MENU_LETTERS)
        for row in range(layout.rowCount()):
            label_item = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            field = field_item.widget() if field_item is not None else None
            if isinstance(label, QLabel) and field is not None and label.text():
                if label.buddy() is None:
                    label.setBuddy(field)
                label.setText(with_mnemonic(label.text(), taken))


def with_mnemonic(label: str, taken: set[str]) -> str:
    """The label with an Alt shortcut on its first letter not yet used in the same group (the
    label's buddy takes the focus): "&Email", "Last &name"."""
    if "&" in label.replace("&&", "") or label.lstrip().startswith("<"):
        return label
    for index, char in enumerate(label):
        if char.isalnum() and char.lower() not in taken:
            taken.add(char.lower())
            return label[:index] + "&" + label[index:]
    return label


class FieldSet:
    """Widgets of a form by field name, with their error labels."""

    def __init__(self) -> None:
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}

    def register(self, field: str, widget: QWidget, parent: QWidget | None = None) -> ErrorLabel:
        widget.setObjectName(field)
        error = ErrorLabel(field, parent)
        self.widgets[field] = widget
        self.errors[field] = error
        return error

    def show(self, problems: dict[str, str]) -> list[str]:
        """Show each problem next to its field; returns the problems with no field on this form."""
        for field, label in self.errors.items():
            text = problems.get(field, "")
            label.show_text(text)
            widget = self.widgets[field]
            widget.setProperty("invalid", bool(text))
            widget.setStyleSheet(_invalid_style(widget) if text else "")
        return [text for field, text in problems.items() if field not in self.errors]


def _invalid_style(widget: QWidget) -> str:
    name = type(widget).__mro__[0].__name__
    for base in type(widget).__mro__:
        if base.__name__ in ("QLineEdit", "QComboBox", "QPlainTextEdit", "QSpinBox"):
            name = base.__name__
            break
    return f"{name} {{ {INVALID_STYLE} }}"


def rendered(problems: dict[str, Any]) -> dict[str, str]:
    """field -> text for a dict of Messages (or already rendered text)."""
    return {k: v if isinstance(v, str) else render_message(v) for k, v in problems.items()}


def bold(label: QLabel, factor: float = 1.0) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    if factor != 1.0:
        font.setPointSizeF(font.pointSizeF() * factor)
    label.setFont(font)
    return label


# ---------------------------------------------------------------- value widgets
class DateField(QLineEdit):
    """An optional date: empty, or typed as 31.12.2024, 31/12/24, 2024-12-31..."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(tr("Forms", "DD.MM.YYYY"))
        self.setMaximumWidth(160)
        self.setClearButtonEnabled(True)

    def value(self, field: str) -> tuple[date | None, Problem | None]:
        parsed = parse_date(self.text(), field)
        if isinstance(parsed, Problem):
            return None, parsed
        return parsed, None

    def set_value(self, value: date | None) -> None:
        self.setText(value.strftime("%d.%m.%Y") if value else "")


class ChoiceBox(QComboBox):
    """A closed list of enum values shown by their labels."""

    def __init__(self, values: Iterable[str], parent: QWidget | None = None, *, empty: str | None = None):
        super().__init__(parent)
        compact(self)
        if empty is not None:
            self.addItem(empty, "")
        for value in values:
            self.addItem(enum_label(value), value)

    def value(self) -> str:
        return str(self.currentData() or "")

    def set_value(self, value: str | None) -> None:
        index = self.findData(value or "")
        self.setCurrentIndex(max(index, 0))


class CountryBox(QComboBox):
    """Countries by their names in the UI language; type to find one (any part of the name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        compact(self)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItem("", "")
        for code, name in country_choices(ui_locale().split("_")[0]):
            self.addItem(name, code)
        completer = self.completer()
        assert completer is not None
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        edit = self.lineEdit()
        assert edit is not None
        edit.setPlaceholderText(tr("Forms", "Type to find a country"))
        self.setMaxVisibleItems(15)

    def value(self) -> str:
        """The chosen country's code, or the text as typed (the rules say what is wrong with it)."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index) or "")
        return text

    def set_value(self, code: str | None) -> None:
        index = self.findData(code or "")
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code or "")


class TextBox(QPlainTextEdit):
    """Multi-line notes with the same ``textChanged`` contract and a sensible height."""

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:  # noqa: N802 - same name as QLineEdit's
        self.setPlainText(text)


class RecordPicker(QLineEdit):
    """Type part of a name (accents and case do not matter) and pick a record from the list.
    ``search(text)`` returns (id, label) pairs."""

    chosen = Signal()

    def __init__(self, search: Callable[[str], list[tuple[int, str]]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._chosen_id: int | None = None
        self._chosen_text = ""
        self._matches: list[tuple[int, str]] = []
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setMaxVisibleItems(12)
        completer.activated[str].connect(self._pick_text)  # type: ignore[index]
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText(tr("Forms", "Type to search"))
        self.textEdited.connect(self._refresh)

    def _refresh(self, text: str) -> None:
        self._matches = self._search(text) if text.strip() else []
        self._model.setStringList([label for _id, label in self._matches])

    def _pick_text(self, label: str) -> None:
        for record_id, text in self._matches:
            if text == label:
                self.set_value(record_id, label)
                self.chosen.emit()
                return

    def choose(self, text: str) -> bool:
        """Search ``text`` and take the first match (keyboard and tests)."""
        self.setText(text)
        self._refresh(text)
        if not self._matches:
            return False
        record_id, label = self._matches[0]
        self.set_value(record_id, label)
        self.chosen.emit()
        return True

    def set_value(self, record_id: int | None, label: str = "") -> None:
        self._chosen_id = record_id
        self._chosen_text = label if record_id is not None else ""
        self.setText(self._chosen_text)

    def value(self) -> tuple[int | None, bool]:
        """(id, ok): ok is False when text is typed but nothing was picked."""
        text = self.text().strip()
        if not text:
            return None, True
        if self._chosen_id is not None and text == self._chosen_text:
            return self._chosen_id, True
        return None, False


def compact(box: QComboBox, characters: int = 12) -> QComboBox:
    """A combo box whose width does not grow to its longest item (long country names)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)
    return box


def check(text: str, parent: QWidget | None = None) -> QCheckBox:
    return QCheckBox(text, parent)
