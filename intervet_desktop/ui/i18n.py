"""Text for people: every UI string goes through ``QCoreApplication.translate`` with an explicit
context (``self.tr()`` would take the runtime class and miss strings in base classes)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import CATALOGUE, PLURALS, Message, render

#: (context, English singular, n) -> the translated form for n, or None (set by translations)
PluralLookup = Callable[[str, str, int], str | None]
_plural_lookup: PluralLookup | None = None


def tr(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """Translate ``text`` in ``context``; ``n`` fills ``%n`` with the right plural form."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def set_plural_lookup(lookup: PluralLookup | None) -> None:
    """The installed language's plural forms (``ui.translations.install_language``)."""
    global _plural_lookup
    _plural_lookup = lookup


def ngettext(context: str, one: str, other: str, n: int) -> str:
    """The form of a plural text for ``n`` in the UI language; English rules when untranslated."""
    found = _plural_lookup(context, one, n) if _plural_lookup is not None else None
    return found if found else (one if n == 1 else other)


def trn(context: str, one: str, other: str, n: int) -> str:
    """``tr`` for a text with a number: ``trn(C, "%n row", "%n rows", n)``; ``%n`` is ``n``."""
    return ngettext(context, one, other, n).replace("%n", str(n))


def field_label(label: str) -> str:
    """A field's English label in the UI language (message parameters that name a field)."""
    return QCoreApplication.translate("fields", label)


def render_message(message: Message) -> str:
    """A service's message, with its English template passed through the translator."""
    plural = PLURALS.get(message.code)
    if plural is not None:
        count = message.params.get(plural.count)
        n = count if isinstance(count, int) else -1
        template = ngettext("messages", plural.one, plural.other, n)
    else:
        template = QCoreApplication.translate("messages", CATALOGUE.get(message.code, message.code))
    return render(message, templates={message.code: template}, labels=field_label)


def render_all(error: ValidationError) -> str:
    """Every problem of a refusal, translated, on one line."""
    return "; ".join(render_message(p.message) for p in error.problems)


def render_problems(error: ValidationError) -> dict[str, str]:
    """field -> translated text (first problem of each field)."""
    shown: dict[str, str] = {}
    for problem in error.problems:
        shown.setdefault(problem.field, render_message(problem.message))
    return shown
