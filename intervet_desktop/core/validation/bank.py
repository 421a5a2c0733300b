"""Bank details checked with schwifty (IBAN check digits and country formats, BIC structure)."""

from __future__ import annotations

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.result import blank, problem, text

register("iban_invalid", "'{value}' is not a valid IBAN: {detail}")
register("bic_invalid", "'{value}' is not a valid BIC (8 or 11 letters and digits, like DEUTDEFF).")

_IBAN_DETAILS = {
    "InvalidChecksumDigits": "the check digits do not match (a typing mistake?)",
    "InvalidLength": "it has the wrong length for its country",
    "InvalidCountryCode": "it does not start with a known country code",
    "InvalidStructure": "it does not follow its country's format",
    "InvalidBBANChecksum": "the account number's own check digit does not match",
}


def iban(value: object, field: str = "iban") -> str | None | Problem:
    """Stored compact ('DE89370400440532013000')."""
    if blank(value):
        return None
    raw = text(value)
    try:
        checked = IBAN(raw)
    except SchwiftyException as exc:
        detail = _IBAN_DETAILS.get(type(exc).__name__, "it is not in the IBAN format")
        return problem(field, "iban_invalid", value=raw, detail=detail)
    return str(checked.compact)


def bic(value: object, field: str = "bic") -> str | None | Problem:
    if blank(value):
        return None
    raw = text(value)
    try:
        checked = BIC(raw.replace(" ", "").upper())
    except SchwiftyException:
        return problem(field, "bic_invalid", value=raw)
    return str(checked.compact)
