"""Names in any script: required, trimmed, with at least one letter and no digits."""

from __future__ import annotations

import unicodedata

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.result import blank, problem, text

register("name_required", "{label} is required.")
register("name_invalid", "{label} '{value}' contains digits or symbols that do not belong in a name.")
register("text_too_long", "{label} is longer than {max} characters.")

_ALLOWED_MARKS = set(" '-.’,()")


def name(
    value: object, field: str, label: str, *, required: bool = True, max_length: int = 120
) -> str | None | Problem:
    """Any script (Latin, Greek, Cyrillic...); letters, combining marks, spaces, ' - . , ()."""
    if blank(value):
        return problem(field, "name_required", label=label) if required else None
    clean = unicodedata.normalize("NFC", text(value))
    if not any(ch.isalpha() for ch in clean) or any(
        not (ch.isalpha() or unicodedata.category(ch).startswith("M") or ch in _ALLOWED_MARKS) for ch in clean
    ):
        return problem(field, "name_invalid", label=label, value=clean)
    if len(clean) > max_length:
        return problem(field, "text_too_long", label=label, max=max_length)
    return clean


def free_text(
    value: object, field: str, label: str, *, max_length: int, required: bool = False
) -> str | None | Problem:
    """A one-line text (city, role, organisation name): trimmed; digits allowed."""
    if blank(value):
        return problem(field, "name_required", label=label) if required else None
    clean = unicodedata.normalize("NFC", text(value))
    if len(clean) > max_length:
        return problem(field, "text_too_long", label=label, max=max_length)
    return clean
