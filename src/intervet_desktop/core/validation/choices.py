"""Values from a fixed list (gender, role, kind...), tolerant of case, accents and spacing."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key
from intervet_desktop.core.validation.result import blank, problem, text

register("choice_unknown", "'{value}' is not one of: {choices}.")


def _key(value: str) -> str:
    return search_key(value.replace("_", " ").replace("-", " "))


def choice(
    value: object,
    enum: type[StrEnum],
    field: str,
    *,
    synonyms: Mapping[str, str] | None = None,
) -> str | None | Problem:
    """'Non-binary', 'non_binary', 'NON BINARY' -> 'non_binary'; ``synonyms`` map other words."""
    if blank(value):
        return None
    raw = text(value)
    wanted = _key(raw)
    for member in enum:
        if wanted in (_key(member.value), _key(member.name)):
            return member.value
    for word, target in (synonyms or {}).items():
        if _key(word) == wanted:
            return target
    return problem(field, "choice_unknown", value=raw, choices=[m.value for m in enum])


def yes_no(value: object, field: str) -> bool | None | Problem:
    if blank(value):
        return None
    if isinstance(value, bool):
        return value
    word = _key(text(value))
    if word in {"1", "yes", "y", "true", "x", "si", "sim", "kylla", "ja", "ναι", "nai"}:
        return True
    if word in {"0", "no", "n", "false", "ei", "nein", "nao", "οχι", "ochi"}:
        return False
    return problem(field, "choice_unknown", value=text(value), choices=["yes", "no"])
