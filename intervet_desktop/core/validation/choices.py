"""Values from a fixed list (gender, role, kind...), tolerant of case, accents and spacing."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key
from intervet_desktop.core.validation.result import blank, problem, text

register("choice_unknown", "'{value}' is not one of: {choices}.")


@lru_cache(maxsize=4096)
def _key(value: str) -> str:
    return search_key(value.replace("_", " ").replace("-", " "))


_TABLES: dict[tuple[type[StrEnum], int], dict[str, str]] = {}


def _table(enum: type[StrEnum], synonyms: Mapping[str, str] | None) -> dict[str, str]:
    """Folded spelling -> value, built once per enum and synonym table (imports check many rows)."""
    cache_key = (enum, id(synonyms))
    table = _TABLES.get(cache_key)
    if table is None:
        table = {_key(word): target for word, target in (synonyms or {}).items()}
        for member in enum:
            table[_key(member.name)] = member.value
            table[_key(member.value)] = member.value
        _TABLES[cache_key] = table
    return table


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
    found = _table(enum, synonyms).get(_key(raw))
    if found is not None:
        return found
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
