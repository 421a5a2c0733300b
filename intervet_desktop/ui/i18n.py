"""Text for people: every UI string goes through ``QCoreApplication.translate`` with an explicit
context (``self.tr()`` would take the runtime class and miss strings in base classes)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import CATALOGUE, Message, render


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate ``text`` in ``context``; ``n`` fills ``%n`` with the right plural form."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def render_message(message: Message) -> str:
    """A service's message, with its English template passed through the translator."""
    template = CATALOGUE.get(message.code, message.code)
    return render(message, templates={message.code: QCoreApplication.translate("messages", template)})


def render_all(error: ValidationError) -> str:
    """Every problem of a refusal, translated, on one line."""
    return "; ".join(render_message(p.message) for p in error.problems)


def render_problems(error: ValidationError) -> dict[str, str]:
    """field -> translated text (first problem of each field)."""
    shown: dict[str, str] = {}
    for problem in error.problems:
        shown.setdefault(problem.field, render_message(problem.message))
    return shown
