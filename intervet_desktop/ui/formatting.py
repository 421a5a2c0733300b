"""How values look on screen: dates, money, enum labels, country names in the UI language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from babel.numbers import format_currency, format_decimal

from intervet_desktop.core.validation.countries import country_choices
from intervet_desktop.ui.i18n import tr

_ui_locale = "en_IE"

ENUM_LABELS: dict[str, str] = {
    # activity types
    "SM-JOB-SHDW": "Job shadowing",
    "SM-TTA": "Teaching/training",
    "SM-COUR-TRAIN": "Course",
    "LM-SHORT-VET": "Learners, short",
    "LM-LONG-VET": "Learners, long (ErasmusPro)",
    "LM-SKILL-VET": "Skills competition",
    "LM-GROUP-VET": "Learners, group mobility",
    "OA-INV-EXP": "Invited expert",
    "OA-HOS-TTT": "Hosting teachers",
    # directions
    "outgoing": "Outgoing",
    "incoming": "Incoming",
    # mobility status
    "planned": "Planned",
    "agreement_sent": "Agreement sent",
    "agreement_signed": "Agreement signed",
    "ongoing": "Ongoing",
    "completed": "Completed",
    "reported": "Reported",
    "cancelled": "Cancelled",
    # organisation kinds
    "vet_school": "VET school",
    "company": "Company",
    "public_body": "Public body",
    "ngo": "NGO",
    "hei": "Higher education",
    "other": "Other",
    # person roles
    "teacher": "Teacher",
    "trainer": "Trainer",
    "manager": "Manager",
    "administrative": "Administrative staff",
    "international_officer": "International officer",
    "other_staff": "Other staff",
    "learner": "Learner",
    "recent_graduate": "Recent graduate",
    # application status
    "received": "Received",
    "eligible": "Eligible",
    "ineligible": "Ineligible",
    "scored": "Scored",
    "provisionally_selected": "Provisionally selected",
    "reserve": "Reserve",
    "appealed": "Appealed",
    "selected": "Selected",
    "rejected": "Rejected",
    "withdrawn": "Withdrawn",
    # documents
    "mobility-agreement": "Mobility agreement",
    "grant-agreement": "Grant agreement",
    "certificate": "Certificate of attendance",
    "selection-letter": "Selection letter",
    "learning-agreement": "Learning agreement",
    "ranking": "Ranking",
    # signatures
    "participant": "Participant",
    "sending": "Sending",
    "receiving": "Receiving",
    "not_sent": "Not sent",
    "sent": "Sent",
    "signed": "Signed",
    # genders
    "female": "Female",
    "male": "Male",
    "non_binary": "Non-binary",
    "undisclosed": "Undisclosed",
    # roles in lists
    "Own school": "Own school",
    "Partner": "Partner",
    "Consortium member": "Consortium member",
    "Host": "Host",
}


def set_ui_locale(code: str) -> None:
    global _ui_locale
    _ui_locale = code
    country_names.cache_clear()


def ui_locale() -> str:
    """The locale the UI shows names in (e.g. 'en_IE', 'el')."""
    return _ui_locale


def enum_label(value: str | None) -> str:
    if not value:
        return ""
    return tr("labels", ENUM_LABELS.get(value, value))


@cache
def country_names() -> dict[str, str]:
    """Code -> name in the UI language, for every country (EL shown as Greece too)."""
    names = dict(country_choices(_ui_locale.split("_")[0]))
    names["EL"] = names.get("GR", "Greece")
    return names


def country_name(code: str | None) -> str:
    if not code:
        return ""
    return country_names().get(code.upper(), code)


def money(cents: int | None, currency: str = "EUR") -> str:
    if cents is None:
        return ""
    return format_currency(Decimal(cents) / 100, currency, locale=_ui_locale)


def plain_amount(cents: int | None) -> str:
    if cents is None:
        return ""
    return format_decimal(Decimal(cents) / 100, format="#,##0.00", locale=_ui_locale)


def day(value: date | datetime | str | None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value[:10]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def display(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "money":
        return plain_amount(int(value))
    if kind in ("date", "datetime"):
        return day(value)
    if kind == "enum":
        return enum_label(str(value))
    if kind == "country":
        return country_name(str(value))
    if kind == "enum_pairs":
        return enum_pairs(str(value))
    if kind == "bool":
        return tr("labels", "Yes") if value else ""
    if kind == "score":
        return format_decimal(Decimal(int(value)) / 100, format="0.00", locale=_ui_locale)
    return str(value)


def enum_pairs(value: str) -> str:
    """``a:x,a:y,b:z`` (codes from SQL) as "A: X, Y; B: Z" in the UI language."""
    grouped: dict[str, list[str]] = {}
    for pair in value.split(","):
        head, _, tail = pair.partition(":")
        if head:
            grouped.setdefault(head, [])
            if tail:
                grouped[head].append(enum_label(tail))
    return "; ".join(
        f"{enum_label(head)}: {', '.join(tails)}" if tails else enum_label(head)
        for head, tails in grouped.items()
    )
