"""Values as the Beneficiary Module writes them: DD-MM-YYYY dates, YES/NO flags, dictionary words,
distance bands, EL or GR for Greece. And the way back, for reading a BM export."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from intervet_desktop.core.money import MoneyError, parse_amount, to_cents

DATE_FORMAT = "%d-%m-%Y"
YES, NO = "YES", "NO"

#: Person.gender -> the BM's dictionary word (MT+ used Female / Male / Undefined).
GENDER_WORDS = {
    "female": "Female",
    "male": "Male",
    "non_binary": "Undefined",
    "undisclosed": "Undefined",
}

#: Mobility.transport_mode -> the BM's "Main means of transport" word (best guess).
TRANSPORT_WORDS = {
    "plane": "Plane",
    "train": "Train",
    "bus": "Bus",
    "car": "Car",
    "car_pooling": "Car-pooling",
    "boat": "Boat",
    "bike": "Bike",
    "other": "Other",
    "other_sustainable": "Other sustainable means of transport",
}

#: Distance bands of the Erasmus+ distance calculator (lower edge in km, label). Edges inclusive:
#: 99 km is the first band, 100 km the second.
DISTANCE_BANDS: tuple[tuple[int, str], ...] = (
    (0, "Less than 10 KM"),
    (10, "Between 10 and 99 KM"),
    (100, "Between 100 and 499 KM"),
    (500, "Between 500 and 1999 KM"),
    (2000, "Between 2000 and 2999 KM"),
    (3000, "Between 3000 and 3999 KM"),
    (4000, "Between 4000 and 7999 KM"),
    (8000, "8000 KM or more"),
)


def bm_date(value: date | None) -> str:
    """DD-MM-YYYY (formatted by hand: strftime costs several times more per call)."""
    return "" if value is None else f"{value.day:02d}-{value.month:02d}-{value.year:04d}"


def yes_no(flag: bool) -> str:
    return YES if flag else NO


def gender_word(gender: str | None) -> str:
    return GENDER_WORDS.get(gender or "", "Undefined")


def transport_word(mode: str | None) -> str:
    return TRANSPORT_WORDS.get(mode or "", "") if mode else ""


def distance_band(km: int | None) -> str:
    if km is None:
        return ""
    label = DISTANCE_BANDS[0][1]
    for lower, text in DISTANCE_BANDS:
        if km >= lower:
            label = text
    return label


def bm_country(code: str | None, greece: str = "EL") -> str:
    if not code:
        return ""
    code = code.upper()
    return greece if code in ("GR", "EL") else code


# ---------------------------------------------------------------------------- reading back
_DATE_RE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\s*$")
_ISO_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def text_of(value: object) -> str:
    """A cell as text: floats that are whole numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def parse_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    match = _DATE_RE.match(text)
    try:
        if match:
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = _ISO_RE.match(text)
        if match:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return None


def parse_flag(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = text_of(value).casefold()
    if text in ("yes", "y", "true", "1", "x"):
        return True
    if text in ("no", "n", "false", "0"):
        return False
    return None


def parse_int(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value)
    text = text_of(value)
    try:
        return int(Decimal(text.replace(",", ".")))
    except (InvalidOperation, ValueError):
        return None


def parse_cents(value: object) -> int | None:
    """An amount cell ('1 234,50', '1,234.50', 1234.5) -> cents; None when empty or not a number."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, (int, float)):
            return to_cents(Decimal(str(value)))
        return parse_amount(str(value))
    except MoneyError:
        return None


def parse_country(value: object) -> str:
    """A BM country (EL/GR, UK/GB) -> ISO alpha-2 as stored locally."""
    code = text_of(value).upper()
    return {"EL": "GR", "UK": "GB"}.get(code, code)


def parse_transport(value: object) -> str | None:
    text = text_of(value).casefold()
    for key, word in TRANSPORT_WORDS.items():
        if text in (word.casefold(), key.replace("_", " "), key):
            return key
    return None
