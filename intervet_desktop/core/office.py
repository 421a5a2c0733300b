"""Pure rules of the international office: choices, indicator sources and units, and the
checks on roadmap actions, indicators and funding opportunities. No DB, no Qt."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.result import problem

register(
    "office_indicator_target_zero", "{label}: the target cannot be zero (progress is measured against it)."
)
register(
    "office_indicator_unit_mismatch",
    "{label}: '{unit}' does not match the indicator's source ({source} is measured in {expected}).",
)
register(
    "office_indicator_percent_range", "{label}: a share in percent must be between 0 and 100 (it is {value})."
)
register("office_indicator_needs_year", "{label}: an indicator computed from the data needs a year.")
register("office_action_due_before_start", "Due date ({due}) is before the start ({start}).")
register(
    "office_deadline_in_past",
    "Deadline: {deadline} has already passed; a new opportunity needs a future deadline.",
)
register("office_granted_not_granted", "Amount granted: only a granted opportunity has an amount granted.")
register("office_end_before_start", "End ({end}) is before the start ({start}).")


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class IndicatorSource(StrEnum):
    MANUAL = "manual"
    STAFF_MOBILITIES = "staff_mobilities"
    LEARNERS_ABROAD = "learners_abroad"
    LANGUAGE_CERTIFICATES = "language_certificates"
    CALLS_PUBLISHED = "calls_published"
    EU_APPLICATIONS = "eu_applications"


class IndicatorUnit(StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    PEOPLE = "people"
    EUR = "eur"
    HOURS = "hours"


UNIT_OF_SOURCE: dict[IndicatorSource, IndicatorUnit] = {
    IndicatorSource.STAFF_MOBILITIES: IndicatorUnit.COUNT,
    IndicatorSource.LEARNERS_ABROAD: IndicatorUnit.PEOPLE,
    IndicatorSource.LANGUAGE_CERTIFICATES: IndicatorUnit.PERCENT,
    IndicatorSource.CALLS_PUBLISHED: IndicatorUnit.COUNT,
    IndicatorSource.EU_APPLICATIONS: IndicatorUnit.COUNT,
}


class OfficeRole(StrEnum):
    COORDINATOR = "coordinator"
    OFFICER = "officer"
    ASSISTANT = "assistant"
    FINANCE = "finance"
    OTHER = "other"


class NetworkKind(StrEnum):
    EXPERT = "expert"
    PEER = "peer"


class MeetingKind(StrEnum):
    MEETING = "meeting"
    CALL = "call"
    EMAIL = "email"
    VISIT = "visit"


class Programme(StrEnum):
    KA1_VET = "ka1_vet"
    KA2 = "ka2"
    ETWINNING = "etwinning"
    NATIONAL = "national"
    OTHER = "other"


class OpportunityStatus(StrEnum):
    IDEA = "idea"
    DRAFTING = "drafting"
    SUBMITTED = "submitted"
    GRANTED = "granted"
    REJECTED = "rejected"


SUBMITTED_STATES = frozenset(
    {OpportunityStatus.SUBMITTED, OpportunityStatus.GRANTED, OpportunityStatus.REJECTED}
)


class EventKind(StrEnum):
    WORKSHOP = "workshop"
    CONFERENCE = "conference"
    NEWSLETTER = "newsletter"
    SOCIAL_MEDIA = "social_media"
    MULTIPLIER_EVENT = "multiplier_event"


PARTICIPANT_CATEGORIES = ("staff", "learners", "stakeholders", "public")


def check_indicator(
    source: IndicatorSource, unit: IndicatorUnit, target: int, baseline: int, year: int | None
) -> list[Problem]:
    found: list[Problem] = []
    expected = UNIT_OF_SOURCE.get(source)
    if expected is not None and unit != expected:
        found.append(
            problem(
                "unit",
                "office_indicator_unit_mismatch",
                label="Unit",
                unit=unit.value,
                source=source.value,
                expected=expected.value,
            )
        )
    if target == 0:
        found.append(problem("target", "office_indicator_target_zero", label="Target"))
    if unit == IndicatorUnit.PERCENT:
        for name, value in (("target", target), ("baseline", baseline)):
            if not 0 <= value <= 100:
                found.append(
                    problem(name, "office_indicator_percent_range", label=name.capitalize(), value=value)
                )
    if expected is not None and year is None:
        found.append(problem("year", "office_indicator_needs_year", label="Year"))
    return found


def check_action_dates(start: date, due: date) -> list[Problem]:
    if due < start:
        return [
            problem("due_on", "office_action_due_before_start", due=due.isoformat(), start=start.isoformat())
        ]
    return []


def check_period(start: date, end: date, field: str = "end_on") -> list[Problem]:
    if end < start:
        return [problem(field, "office_end_before_start", end=end.isoformat(), start=start.isoformat())]
    return []


def check_new_deadline(deadline: date, today: date) -> list[Problem]:
    if deadline < today:
        return [problem("deadline", "office_deadline_in_past", deadline=deadline.isoformat())]
    return []


def progress_percent(baseline: int, target: int, actual: int | None) -> int | None:
    """Share of the way from baseline to target (0..100, clipped); None without an actual."""
    if actual is None or target == baseline:
        return None if actual is None else (100 if actual >= target else 0)
    share = (actual - baseline) * 100 // (target - baseline)
    return max(0, min(100, share))
