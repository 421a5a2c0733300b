"""Languages (ISO 639-1 codes) and CEFR levels."""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

from intervet_desktop.core.enums import CefrLevel
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.core.validation.result import blank, problem, text

register("language_unknown", "'{value}' is not a language code we know (use two letters, like fi or el).")
register("cefr_invalid", "'{value}' is not a CEFR level. Use A1, A2, B1, B2, C1, C2 or native.")
register("language_repeated", "The language {value} is listed twice.")

NATIVE_WORDS = {"native", "mother tongue", "madrelingua", "aidinkieli", "nativo", "muttersprache", "nativa"}


@cache
def codes() -> frozenset[str]:
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = {}
    for locale_code in ("en", "it", "fi", "pt", "el", "de", "es"):
        for code, name in Locale.parse(locale_code).languages.items():
            if code in codes():
                table.setdefault(search_key(name), code)
    return table


def language(value: object, field: str = "language") -> str | None | Problem:
    """'FI' -> 'fi'; 'Finnish' or 'suomi' -> 'fi'."""
    if blank(value):
        return None
    raw = text(value)
    lowered = raw.lower()
    if lowered in codes():
        return lowered
    found = _names().get(search_key(raw))
    return found or problem(field, "language_unknown", value=raw)


def languages(value: object, field: str = "languages") -> tuple[str, ...] | Problem:
    """'it, EN; de' -> ('it', 'en', 'de') (no repeats)."""
    if blank(value):
        return ()
    found: list[str] = []
    for part in text(value).replace(";", ",").replace("/", ",").split(","):
        if not part.strip():
            continue
        code = language(part, field)
        if isinstance(code, Problem):
            return code
        if code and code not in found:
            found.append(code)
    return tuple(found)


def cefr(value: object, field: str = "level") -> str | None | Problem:
    if blank(value):
        return None
    raw = text(value)
    if search_key(raw) in NATIVE_WORDS or raw.upper() == "C2+":
        return CefrLevel.NATIVE.value
    upper = raw.upper().replace(" ", "")
    if upper in {lvl.value for lvl in CefrLevel if lvl is not CefrLevel.NATIVE}:
        return upper
    return problem(field, "cefr_invalid", value=raw)


def language_choices(locale: str = "en") -> tuple[tuple[str, str], ...]:
    try:
        names = Locale.parse(locale).languages
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").languages
    pairs = [(code, str(names.get(code) or code)) for code in codes()]
    return tuple(sorted(pairs, key=lambda pair: (sort_key(pair[1]), pair[0])))
