"""The rate sets shipped in ``resources/rates/`` (read-only; the database keeps its own copies)."""

from __future__ import annotations

from functools import cache

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.core.rates import RateSet, parse_rate_set_text
from intervet_desktop.locator import resource_path

register("rates_no_builtin_for_year", "No built-in rate set covers call year {year} (built-in: {years}).")


@cache
def builtin_texts() -> dict[str, str]:
    """File text of every built-in rate set, by rate set id."""
    texts = {}
    for path in sorted(resource_path("rates").glob("*.json")):
        text = path.read_text(encoding="utf-8")
        texts[parse_rate_set_text(text).id] = text
    return texts


def builtin_rate_sets() -> list[RateSet]:
    return [parse_rate_set_text(text) for text in builtin_texts().values()]


def builtin_for_year(year: int, *, field: str = "call_year") -> RateSet:
    """The built-in set whose call years include ``year``; later years fall to the newest set."""
    sets = builtin_rate_sets()
    for rates in sets:
        if year in rates.call_years:
            return rates
    newest = max(sets, key=lambda r: max(r.call_years))
    if year > max(newest.call_years):
        return newest
    years = sorted(y for r in sets for y in r.call_years)
    raise ValidationError.single(
        field, "rates_no_builtin_for_year", year=year, years=f"{years[0]}-{years[-1]}"
    )
