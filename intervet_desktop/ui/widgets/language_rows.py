"""Languages with a CEFR level: one row per language, rows added and removed by the user."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from intervet_desktop.core.enums import CefrLevel
from intervet_desktop.core.person_rules import LanguageSkill
from intervet_desktop.core.validation.languages import language_choices
from intervet_desktop.ui.formatting import ui_locale
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.widgets.form_fields import ErrorLabel, compact

C = "LanguageRows"


def language_combo(parent: QWidget, *, blank: bool = True) -> QComboBox:
    """An editable list of languages named in the UI language, found by any part of the name."""
    box = QComboBox(parent)
    box.setEditable(True)
    if blank:
        box.addItem("", "")
    for code, name in language_choices(ui_locale().split("_")[0]):
        box.addItem(f"{name} ({code})", code)
    completer = box.completer()
    assert completer is not None
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return box


def chosen_language(box: QComboBox) -> str:
    """The code of the listed language shown, else the text as typed (the service judges it)."""
    text = box.currentText().strip()
    index = box.findText(text)
    if index >= 0:
        return str(box.itemData(index) or "")
    return text


class _Row:
    def __init__(self, owner: LanguageRows) -> None:
        self.language = compact(language_combo(owner), 14)
        self.language.setAccessibleName(tr(C, "Language"))
        self.level = compact(QComboBox(owner), 6)
        self.level.addItem(tr(C, "Level"), "")
        for level in CefrLevel:
            self.level.addItem(tr(C, "Native") if level is CefrLevel.NATIVE else level.value, level.value)
        self.level.setAccessibleName(tr(C, "CEFR level"))
        self.remove = QPushButton(tr(C, "Remove"), owner)
        self.error = ErrorLabel("language", owner)

    def code(self) -> str:
        return chosen_language(self.language)

    def set(self, skill: LanguageSkill) -> None:
        index = self.language.findData(skill.language)
        if index >= 0:
            self.language.setCurrentIndex(index)
        else:
            self.language.setEditText(skill.language)
        self.level.setCurrentIndex(max(self.level.findData(skill.level), 0))


class LanguageRows(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("languages")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 1)
        outer.addLayout(self.grid)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr(C, "Add language"), self)
        self.add_button.setObjectName("add-language")
        self.add_button.clicked.connect(lambda: self.add_row(focus=True))
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        outer.addLayout(buttons)
        self.rows: list[_Row] = []

    def add_row(self, skill: LanguageSkill | None = None, *, focus: bool = False) -> None:
        row = _Row(self)
        if skill is not None:
            row.set(skill)
        row.language.currentTextChanged.connect(lambda _t: self.changed.emit())
        row.level.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row.remove.clicked.connect(lambda: self._remove(row))
        self.rows.append(row)
        self._relayout()
        if focus:
            row.language.setFocus()
        self.changed.emit()

    def _remove(self, row: _Row) -> None:
        self.rows.remove(row)
        for widget in (row.language, row.level, row.remove, row.error):
            widget.deleteLater()
        self._relayout()
        self.changed.emit()

    def _relayout(self) -> None:
        for i in reversed(range(self.grid.count())):
            self.grid.takeAt(i)
        for i, row in enumerate(self.rows):
            self.grid.addWidget(row.language, 2 * i, 0)
            self.grid.addWidget(row.level, 2 * i, 1)
            self.grid.addWidget(row.remove, 2 * i, 2)
            self.grid.addWidget(row.error, 2 * i + 1, 0, 1, 3)

    def set_skills(self, skills: tuple[LanguageSkill, ...]) -> None:
        self.blockSignals(True)
        for row in list(self.rows):
            self._remove(row)
        for skill in skills:
            self.add_row(skill)
        self.blockSignals(False)

    def skills(self) -> tuple[LanguageSkill, ...]:
        return tuple(
            LanguageSkill(row.code(), row.level.currentData() or "")
            for row in self.rows
            if row.code() or row.level.currentData()
        )

    def show_problems(self, problems: dict[str, str]) -> None:
        kept = [row for row in self.rows if row.code() or row.level.currentData()]
        for row in self.rows:
            row.error.show_text("")
        for i, row in enumerate(kept):
            text = problems.get(f"languages[{i}].language") or problems.get(f"languages[{i}].level") or ""
            row.error.show_text(text)
