"""Points as people type them, read in one place: the score grid, the command line and imports.

A score is a plain decimal number of points with at most a decimal comma or point (``7``, ``7,5``,
``7.25``), between 0 and the criterion's maximum, kept as hundredths of a point rounded half up
(Decimal arithmetic: ``7.125`` is 713, never a binary float's 712). An empty text clears the
score. Anything else (``inf``, ``nan``, ``1e999``, ``-0``, ``abc``, a value above the maximum) is
refused with a catalogue message, never a crash.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import register

register(
    "app_score_out_of_range", "{criterion}: {value} is outside 0..{max} points (must be between 0 and {max})."
)
register(
    "score_not_a_number",
    "{criterion}: '{value}' is not a number of points. Type digits with at most one decimal "
    "comma or point, e.g. 7,5.",
)
register("score_negative", "{criterion}: '{value}' is negative; points go from 0 to {max}.")

HUNDRED = Decimal(100)
# digits, optionally one decimal separator and more digits; no sign, exponent, spaces or words
_PLAIN = re.compile(r"(\d+)(?:[.,](\d+))?|[.,](\d+)", re.ASCII)
_LONGEST = 40  # characters: longer text is not a score someone typed


def parse_points(text: str | None, max_points: int, criterion: str = "", field: str = "points") -> int | None:
    """Typed points -> hundredths (half up); ``''``/None -> None (clear); refused with a message."""
    raw = (text or "").strip()
    if not raw:
        return None
    shown = raw if len(raw) <= _LONGEST else raw[:_LONGEST] + "…"
    if raw[0] in "-−" and _PLAIN.fullmatch(raw[1:].strip()):
        raise ValidationError.single(
            field, "score_negative", criterion=criterion, value=shown, max=max_points
        )
    if len(raw) > _LONGEST or not _PLAIN.fullmatch(raw):
        raise ValidationError.single(field, "score_not_a_number", criterion=criterion, value=shown)
    value = Decimal(raw.replace(",", "."))
    if value > max_points:
        raise ValidationError.single(
            field, "app_score_out_of_range", criterion=criterion, value=shown, max=max_points
        )
    return int((value * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_points(hundredths: int, max_points: int, criterion: str = "", field: str = "points") -> None:
    """Refuse stored hundredths outside 0..max (a caller that already holds a number)."""
    if not 0 <= hundredths <= max_points * 100:
        raise ValidationError.single(
            field,
            "app_score_out_of_range",
            criterion=criterion,
            value=format_points(hundredths),
            max=max_points,
        )


def format_points(hundredths: int | None) -> str:
    """Hundredths -> '7.50' ('' for None)."""
    if hundredths is None:
        return ""
    sign = "-" if hundredths < 0 else ""
    whole, part = divmod(abs(hundredths), 100)
    return f"{sign}{whole}.{part:02d}"
