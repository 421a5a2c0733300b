"""Rules that hold only for learners: age at departure, recent graduates, the pre-departure checklist
and the checks before a learner's agreement may be marked signed. Pure: no database, no Qt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import Message, msg, register, register_plural

ADULT_AGE = 18

register(
    "learner_guardian_required",
    "{name} is a minor on the day of departure ({departure}): the {field} is required.",
)
register(
    "learner_consent_missing",
    "The agreement cannot be marked signed: {name} is a minor on the day of departure and the "
    "{field} is missing.",
)
register(
    "learner_recent_graduate_late",
    "{name} graduated on {graduated}: a recent graduate must leave within {months} months of graduating "
    "(by {latest}), not on {departure}.",
)
register("learner_graduation_missing", "The {field} is required for a recent graduate.")
register_plural(
    "learner_group_too_small",
    "Group mobility needs at least {min} learners travelling together; this group has {count} learner.",
    "Group mobility needs at least {min} learners travelling together; this group has {count} learners.",
    count="count",
)


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day`` (a birthday on 29 February counts from 1 March in other years)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def is_minor_on(birth: date | None, departure: date) -> bool:
    """A minor on the day of departure. An unknown date of birth is not a minor (the form asks for it)."""
    return birth is not None and age_on(birth, departure) < ADULT_AGE


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, the month's last day when it has fewer days."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")  # pragma: no cover


def recent_graduate_problems(
    name: str, graduated: date | None, departure: date, months: int
) -> list[Problem]:
    """A recent graduate must start within ``months`` months of graduating."""
    if graduated is None:
        return [Problem("graduation_date", msg("learner_graduation_missing", field="graduation_date"))]
    latest = add_months(graduated, months)
    if departure > latest or departure < graduated:
        return [
            Problem(
                "planned_start",
                msg(
                    "learner_recent_graduate_late",
                    name=name,
                    graduated=graduated,
                    months=months,
                    latest=latest,
                    departure=departure,
                ),
            )
        ]
    return []


@dataclass(frozen=True)
class LearnerFacts:
    """What the checks read about a learner's mobility."""

    name: str
    birth_date: date | None
    departure: date
    guardian_name: str = ""
    guardian_contact: str = ""
    consent_signed: bool = False
    consent_attached: bool = False

    @property
    def minor(self) -> bool:
        return is_minor_on(self.birth_date, self.departure)


def guardian_problems(facts: LearnerFacts) -> list[Problem]:
    """A minor at departure needs a guardian's name and contact."""
    if not facts.minor:
        return []
    found: list[Problem] = []
    for field_key, value in (
        ("guardian_name", facts.guardian_name),
        ("guardian_contact", facts.guardian_contact),
    ):
        if not value.strip():
            found.append(
                Problem(
                    field_key,
                    msg(
                        "learner_guardian_required",
                        name=facts.name,
                        departure=facts.departure,
                        field=field_key,
                    ),
                )
            )
    return found


def signing_problems(facts: LearnerFacts) -> list[Problem]:
    """What is missing before the agreement of a minor may be marked signed: the guardian and the
    signed consent form, attached."""
    found = guardian_problems(facts)
    if facts.minor:
        if not facts.consent_signed:
            found.append(
                Problem(
                    "consent_signed", msg("learner_consent_missing", name=facts.name, field="consent_signed")
                )
            )
        elif not facts.consent_attached:
            found.append(
                Problem(
                    "consent_attachment",
                    msg("learner_consent_missing", name=facts.name, field="consent_attachment"),
                )
            )
    return found


class CheckItem(StrEnum):
    """The pre-departure checklist of a learner, in the order it is shown."""

    CONSENT = "consent"
    LEARNING_AGREEMENT = "learning_agreement"
    INSURANCE = "insurance"
    LANGUAGE_ASSESSMENT = "language_assessment"
    TRAVEL_BOOKED = "travel_booked"
    EMERGENCY_CARD = "emergency_card"


@dataclass(frozen=True)
class ChecklistInput:
    minor: bool
    consent_ok: bool
    agreement_signed: bool
    insurance_ok: bool
    language_assessed: bool
    travel_booked: bool
    emergency_card_printed: bool


def checklist(inp: ChecklistInput) -> dict[CheckItem, bool | None]:
    """Each item done (True), open (False) or not needed (None: consent of an adult)."""
    return {
        CheckItem.CONSENT: inp.consent_ok if inp.minor else None,
        CheckItem.LEARNING_AGREEMENT: inp.agreement_signed,
        CheckItem.INSURANCE: inp.insurance_ok,
        CheckItem.LANGUAGE_ASSESSMENT: inp.language_assessed,
        CheckItem.TRAVEL_BOOKED: inp.travel_booked,
        CheckItem.EMERGENCY_CARD: inp.emergency_card_printed,
    }


def ready_to_leave(items: dict[CheckItem, bool | None]) -> bool:
    return all(value is not False for value in items.values())


def group_size_warning(activities: list[str], group_activity: str, minimum: int) -> Message | None:
    """Group mobility needs the rate set's minimum of learners leaving together."""
    count = sum(1 for activity in activities if activity == group_activity)
    if count == 0 or count >= minimum:
        return None
    return msg("learner_group_too_small", min=minimum, count=count)
