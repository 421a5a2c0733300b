"""A stand-in grant calculation for demo data only.

TO BE REPLACED by ``intervet_desktop.core.grant`` (the real grant engine, written on another
branch) when it is merged: ``estimate_grant`` is the one function the demo builder calls, so the
swap touches this module alone.

Figures: 2024 KA1 unit costs as collected in reference/erasmus-rules.md (verify with your
National Agency): travel bands 28/211/309/395/580/1188/1735 EUR (standard) and
56/285/417/535/785/1188/1735 EUR (green); staff individual support 180/160/140 EUR per day by
receiving-country group, 70 % from day 15; organisational support 100.00 EUR per participant
(not for accompanying persons); course fees 80 EUR per day for at most 10 days; inclusion support
for organisations 125 EUR per participant with fewer opportunities. Learner daily rates are
illustrative demo figures (the research did not verify them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from intervet_desktop.core.enums import GrantLineCode, Recipient
from intervet_desktop.core.money import format_cents, quantize, to_cents

BAND_EDGES_KM = (10, 100, 500, 2000, 3000, 4000, 8000)
TRAVEL_STANDARD = ("28.00", "211.00", "309.00", "395.00", "580.00", "1188.00", "1735.00")
TRAVEL_GREEN = ("56.00", "285.00", "417.00", "535.00", "785.00", "1188.00", "1735.00")
GROUPS = {
    1: frozenset({"AT", "BE", "DK", "FI", "FR", "DE", "IS", "IE", "IT", "LI", "LU", "NL", "NO", "SE"}),
    2: frozenset({"CY", "CZ", "EE", "GR", "EL", "ES", "LV", "MT", "PT", "SI", "SK"}),
    3: frozenset({"BG", "HR", "HU", "LT", "MK", "PL", "RO", "RS", "TR"}),
}
STAFF_DAILY = {1: Decimal("180.00"), 2: Decimal("160.00"), 3: Decimal("140.00")}
LEARNER_DAILY = {1: Decimal("98.00"), 2: Decimal("86.00"), 3: Decimal("74.00")}  # illustrative
REDUCED_FROM_DAY = 15
REDUCED_FACTOR = Decimal("0.70")
ORG_SUPPORT = Decimal("100.00")
COURSE_FEE_PER_DAY = Decimal("80.00")
COURSE_FEE_MAX_DAYS = 10
INCLUSION_ORG = Decimal("125.00")
_PARTICIPANT = Recipient.PARTICIPANT.value
_ORGANISATION = Recipient.ORGANISATION.value


@dataclass(frozen=True)
class EstimateLine:
    code: str
    label: str
    recipient: str
    quantity: str
    rate_cents: int | None
    amount_cents: int
    derivation: str


@dataclass(frozen=True)
class GrantEstimate:
    lines: tuple[EstimateLine, ...]
    participant_cents: int
    organisation_cents: int

    @property
    def total_cents(self) -> int:
        return self.participant_cents + self.organisation_cents


def country_group(country: str) -> int:
    for group, members in GROUPS.items():
        if country in members:
            return group
    return 2


def band_index(distance_km: int) -> int | None:
    if distance_km < BAND_EDGES_KM[0]:
        return None
    index = 0
    for i, edge in enumerate(BAND_EDGES_KM):
        if distance_km >= edge:
            index = i
    return index


def _eur(value: Decimal) -> str:
    return format_cents(to_cents(value))


def estimate_grant(
    *,
    activity_type: str,
    learner: bool,
    destination_country: str,
    distance_km: int,
    green: bool,
    activity_days: int,
    travel_days: int,
    course_days: int = 0,
    accompanying: bool = False,
    fewer_opportunities: bool = False,
    inclusion_real_cost_cents: int = 0,
) -> GrantEstimate:
    """Breakdown lines of one mobility's grant, each with its derivation (demo stand-in).

    ``activity_type`` is accepted for the real engine's signature; the stand-in needs only
    ``course_days`` (course fees) and ``learner`` (daily rates).
    """
    lines: list[EstimateLine] = []
    travel = _travel(distance_km, green)
    if travel is not None:
        lines.append(travel)
    group = country_group(destination_country)
    lines.append(_individual(group, learner and not accompanying, activity_days, travel_days))
    if inclusion_real_cost_cents:
        lines.append(
            EstimateLine(
                GrantLineCode.INCLUSION_REAL_COSTS.value,
                "Inclusion support (real costs)",
                Recipient.PARTICIPANT.value,
                "real costs",
                None,
                inclusion_real_cost_cents,
                f"Inclusion support: real costs {format_cents(inclusion_real_cost_cents)}",
            )
        )
    if course_days:
        lines.append(_course_fees(course_days))
    if not accompanying:
        lines.append(_org_support())
    if fewer_opportunities:
        lines.append(_inclusion_org())
    participant = sum(x.amount_cents for x in lines if x.recipient == _PARTICIPANT)
    organisation = sum(x.amount_cents for x in lines if x.recipient == _ORGANISATION)
    return GrantEstimate(tuple(lines), participant, organisation)


@cache
def _travel(distance_km: int, green: bool) -> EstimateLine | None:
    band = band_index(distance_km)
    if band is None:
        return None
    rate = Decimal((TRAVEL_GREEN if green else TRAVEL_STANDARD)[band])
    kind = "green" if green else "standard"
    return EstimateLine(
        GrantLineCode.TRAVEL.value,
        "Travel",
        Recipient.PARTICIPANT.value,
        f"{distance_km} km",
        to_cents(rate),
        to_cents(rate),
        f"Travel: {distance_km} km, band {band + 1}, {kind} = {_eur(rate)}",
    )


@cache
def _individual(group: int, learner: bool, activity_days: int, travel_days: int) -> EstimateLine:
    daily = (LEARNER_DAILY if learner else STAFF_DAILY)[group]
    days = activity_days + travel_days
    full = min(days, REDUCED_FROM_DAY - 1)
    reduced = max(days - full, 0)
    reduced_rate = quantize(daily * REDUCED_FACTOR)
    amount = quantize(daily * full) + quantize(reduced_rate * reduced)
    derivation = f"Individual support: {full} days x {_eur(daily)}"
    if reduced:
        derivation += f" + {reduced} days x {_eur(reduced_rate)} (70% from day {REDUCED_FROM_DAY})"
    derivation += f" = {_eur(amount)} (group {group}, {activity_days} + {travel_days} travel days)"
    return EstimateLine(
        GrantLineCode.INDIVIDUAL_SUPPORT.value,
        "Individual support",
        Recipient.PARTICIPANT.value,
        f"{days} days",
        to_cents(daily),
        to_cents(amount),
        derivation,
    )


@cache
def _course_fees(course_days: int) -> EstimateLine:
    fee_days = min(course_days, COURSE_FEE_MAX_DAYS)
    fee = quantize(COURSE_FEE_PER_DAY * fee_days)
    return EstimateLine(
        GrantLineCode.COURSE_FEES.value,
        "Course fees",
        Recipient.ORGANISATION.value,
        f"{fee_days} days",
        to_cents(COURSE_FEE_PER_DAY),
        to_cents(fee),
        f"Course fees: {fee_days} days x {_eur(COURSE_FEE_PER_DAY)} = {_eur(fee)}"
        + (f" (at most {COURSE_FEE_MAX_DAYS} days)" if course_days > fee_days else ""),
    )


@cache
def _org_support() -> EstimateLine:
    return EstimateLine(
        GrantLineCode.ORGANISATIONAL_SUPPORT.value,
        "Organisational support",
        Recipient.ORGANISATION.value,
        "1 participant",
        to_cents(ORG_SUPPORT),
        to_cents(ORG_SUPPORT),
        f"Organisational support: 1 x {_eur(ORG_SUPPORT)}",
    )


@cache
def _inclusion_org() -> EstimateLine:
    return EstimateLine(
        GrantLineCode.INCLUSION_ORGANISATION.value,
        "Inclusion support for organisations",
        Recipient.ORGANISATION.value,
        "1 participant",
        to_cents(INCLUSION_ORG),
        to_cents(INCLUSION_ORG),
        f"Inclusion support for organisations: 1 x {_eur(INCLUSION_ORG)}",
    )
