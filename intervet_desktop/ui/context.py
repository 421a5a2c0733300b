"""What every page gets: the open workspace, the task runner, and a way to show messages.
Injected, never global."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QMessageBox, QWidget

from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.services.workspace_door import Workspace
from intervet_desktop.ui.i18n import render_message, render_problems, tr
from intervet_desktop.ui.tasks import TaskRunner


@dataclass
class AppContext:
    workspace: Workspace
    tasks: TaskRunner

    def show_user_error(self, parent: QWidget | None, error: UserError) -> None:
        if isinstance(error, ValidationError):
            text = "\n".join(render_problems(error).values())
        else:
            text = render_message(error.message)
        QMessageBox.warning(parent, tr("AppContext", "InterVET Desktop"), text)
