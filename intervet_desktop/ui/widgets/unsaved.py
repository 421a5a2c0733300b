"""No silent loss: one question, asked the same way by every editor, when the user leaves a
record with changes not yet saved (another row, another page, a new record, closing the window).

An editor that takes part implements ``Guarded``: whether it holds unsaved changes, a save that
reports at once whether it worked, and a way to drop the changes. ``may_leave`` asks
Save / Discard / Cancel and answers whether the user may go on.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QMessageBox, QWidget

from intervet_desktop.ui.i18n import tr

C = "Unsaved"


@runtime_checkable
class Guarded(Protocol):
    def is_dirty(self) -> bool: ...

    def save_now(self) -> bool:
        """Save at once; False when the form has problems or the save was refused."""
        ...

    def discard_changes(self) -> None: ...

    def unsaved_name(self) -> str:
        """What the question names ("Anna Rossi", "the new mobility")."""
        ...


class Choice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


def ask(parent: QWidget | None, name: str) -> Choice:
    """The question itself (tests replace this function to answer it)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr(C, "Unsaved changes"))
    box.setText(tr(C, "Save the changes to %1?").replace("%1", name))
    box.setInformativeText(tr(C, "If you do not save them, they are lost."))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return Choice.SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return Choice.DISCARD
    return Choice.CANCEL


def may_leave(parent: QWidget | None, editor: Guarded) -> bool:
    """True when the user may leave the editor's record: nothing changed, saved, or discarded."""
    if not editor.is_dirty():
        return True
    choice = ask(parent, editor.unsaved_name())
    if choice is Choice.SAVE:
        return editor.save_now()
    if choice is Choice.DISCARD:
        editor.discard_changes()
        return True
    return False
