"""The mobility's programme: what the mobility agreement and the certificate print.

Objectives, the activities, the expected outcomes, the working language and the added value,
saved on their own (a draft may be incomplete); the tab says what the agreement still needs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.exports.pdf.model import ProgrammeData
from intervet_desktop.services import documents
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import render_all, tr
from intervet_desktop.ui.widgets.form_fields import error_style
from intervet_desktop.ui.widgets.language_rows import chosen_language, language_combo

C = "ProgrammeEditor"
EMPTY = ProgrammeData(objectives="", activities="", outcomes="", language="en")


class ProgrammeEditor(QWidget):
    """Edits the programme of one saved mobility; ``saved`` carries the mobility id."""

    saved = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("programme-editor")
        self.mobility_id: int | None = None
        self._stored = EMPTY

        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.language = language_combo(self)
        self.language.setObjectName("programme-language")
        form.addRow(tr(C, "Working language"), self.language)
        self.texts: dict[str, QPlainTextEdit] = {}
        fields = (
            ("objectives", tr(C, "Objectives"), tr(C, "What the participant wants to learn or share")),
            ("activities", tr(C, "Activities"), tr(C, "What the participant will do, day by day")),
            ("outcomes", tr(C, "Expected outcomes"), tr(C, "What changes for the participant and schools")),
            ("added_value", tr(C, "Added value"), tr(C, "How it serves the school's plan (optional)")),
        )
        for key, label, hint in fields:
            edit = QPlainTextEdit(self)
            edit.setObjectName(f"programme-{key}")
            edit.setPlaceholderText(hint)
            edit.setTabChangesFocus(True)
            # five lines each, so the whole tab and its button fit beside the list
            edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 5 + 12)
            edit.setAccessibleName(label)
            edit.textChanged.connect(self._changed)
            self.texts[key] = edit
            form.addRow(label, edit)
        self.language.currentTextChanged.connect(self._changed)
        layout.addLayout(form)

        bar = QHBoxLayout()
        self.needs = QLabel(self)
        self.needs.setObjectName("programme-needs")
        self.needs.setWordWrap(True)
        self.save_button = QPushButton(tr(C, "Save programme"), self)
        self.save_button.setObjectName("programme-save")
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.needs, 1)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        layout.addStretch(1)
        self.clear()

    # ------------------------------------------------------------------ state
    def clear(self) -> None:
        """No saved mobility: nothing to edit yet."""
        self.mobility_id = None
        self._put(EMPTY)
        self.setEnabled(False)
        self.needs.setText(tr(C, "Save the mobility first, then write its programme."))

    def load(self, mobility_id: int) -> None:
        self.mobility_id = mobility_id
        self._put(documents.get_programme(self.ctx.workspace, mobility_id))
        self.setEnabled(True)

    def _put(self, programme: ProgrammeData) -> None:
        self._stored = programme
        for edit in self.texts.values():
            edit.blockSignals(True)
        self.texts["objectives"].setPlainText(programme.objectives)
        self.texts["activities"].setPlainText(programme.activities)
        self.texts["outcomes"].setPlainText(programme.outcomes)
        self.texts["added_value"].setPlainText(programme.added_value)
        for edit in self.texts.values():
            edit.blockSignals(False)
        self.language.blockSignals(True)
        self.language.setCurrentIndex(self.language.findData(programme.language))
        self.language.blockSignals(False)
        self._changed()

    def current(self) -> ProgrammeData:
        return ProgrammeData(
            objectives=self.texts["objectives"].toPlainText().strip(),
            activities=self.texts["activities"].toPlainText().strip(),
            outcomes=self.texts["outcomes"].toPlainText().strip(),
            language=chosen_language(self.language),
            added_value=self.texts["added_value"].toPlainText().strip(),
        )

    def is_dirty(self) -> bool:
        return self.mobility_id is not None and self.current() != self._stored

    def _changed(self, *_: object) -> None:
        self.needs.setStyleSheet("")
        self.save_button.setEnabled(self.is_dirty())
        programme = self.current()
        missing = [
            label
            for label, value in (
                (tr(C, "objectives"), programme.objectives),
                (tr(C, "activities"), programme.activities),
                (tr(C, "expected outcomes"), programme.outcomes),
                (tr(C, "working language"), programme.language),
            )
            if not value
        ]
        if missing:
            needs = tr(C, "The mobility agreement still needs: %1")
            self.needs.setText(needs.replace("%1", ", ".join(missing)))
        else:
            self.needs.setText(tr(C, "Ready for the mobility agreement."))

    # ------------------------------------------------------------------ saving
    def save(self) -> None:
        if self.mobility_id is None or not self.is_dirty():
            return
        mobility_id, programme = self.mobility_id, self.current()
        self.ctx.tasks.write(
            lambda ws: documents.set_programme(
                ws,
                mobility_id,
                objectives=programme.objectives,
                activities=programme.activities,
                outcomes=programme.outcomes,
                language=programme.language,
                added_value=programme.added_value,
            ),
            on_done=lambda _result: self._saved(mobility_id, programme),
            on_error=self._refused,
        )

    def _refused(self, error: BaseException) -> None:
        if not isinstance(error, ValidationError):
            raise error
        self.needs.setText(render_all(error))
        self.needs.setStyleSheet(error_style(self.needs))

    def _saved(self, mobility_id: int, programme: ProgrammeData) -> None:
        if self.mobility_id == mobility_id:
            self._stored = programme
            self._changed()
        self.saved.emit(mobility_id)
