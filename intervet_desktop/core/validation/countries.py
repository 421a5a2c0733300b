"""Countries: ISO 3166-1 alpha-2 inside the app (GR, not EL), names from babel for the UI.

Accepted input: the alpha-2 code in any case, the EU's EL (Greece) and UK (United Kingdom), the
alpha-3 code, or the country's name in English or a partner language ('Italia', 'Suomi', 'Ελλάδα').
"""

from __future__ import annotations

from functools import cache

import pycountry
from babel import Locale, UnknownLocaleError

from intervet_desktop.core.country_codes import EU_TO_ISO, eu_style
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.core.validation.result import blank, problem, text

register(
    "country_unknown", "'{value}' is not a country we know. Choose one from the list or use its code (IT)."
)

NAME_LOCALES = ("en", "it", "fi", "pt", "el", "de", "es", "fr", "nl", "sv")
EXTRA_CODES = {"XK": "XKX"}  # Kosovo: used by the EU, not (yet) in ISO 3166-1


@cache
def codes() -> frozenset[str]:
    return frozenset({c.alpha_2 for c in pycountry.countries} | set(EXTRA_CODES))


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {}
    for locale_code in NAME_LOCALES:
        names = Locale.parse(locale_code).territories
        for code in codes():
            name = names.get(code)
            if name:
                table.setdefault(search_key(name), code)
    for country in pycountry.countries:
        table.setdefault(search_key(country.name), country.alpha_2)
        official = getattr(country, "official_name", None)
        if official:
            table.setdefault(search_key(official), country.alpha_2)
        table.setdefault(search_key(country.alpha_3), country.alpha_2)
    for code, alpha3 in EXTRA_CODES.items():
        table.setdefault(search_key(alpha3), code)
    return table


def country(value: object, field: str = "country") -> str | None | Problem:
    """Any accepted spelling -> 'GR'; empty -> None (the form decides whether it is required)."""
    if blank(value):
        return None
    raw = text(value)
    upper = raw.upper()
    if len(upper) == 2:
        upper = EU_TO_ISO.get(upper, upper)
        if upper in codes():
            return upper
    found = _lookup().get(search_key(raw))
    if found:
        return found
    return problem(field, "country_unknown", value=raw)


def eu_code(code: str) -> str:
    """The EU's spelling for exports that want it: GR -> EL, GB -> UK."""
    return eu_style(code)


def country_name(code: str, locale: str = "en") -> str:
    try:
        names = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").territories
    return str(names.get(code) or code)


@cache
def country_choices(locale: str = "en") -> tuple[tuple[str, str], ...]:
    """(code, name in ``locale``) for every country, sorted by the localised name (accents folded)."""
    try:
        names = Locale.parse(locale).territories
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").territories
    pairs = [(code, str(names.get(code) or code)) for code in codes()]
    return tuple(sorted(pairs, key=lambda pair: (sort_key(pair[1]), pair[0])))
