"""The grant calculator: one mobility's inputs and a rate set in, breakdown lines with their why out.

Public API (used by services, the CLI, the UI and the documents):

- ``GrantInput``: what the calculation needs (a frozen, hashable dataclass).
- ``compute_grant(inp, rates) -> GrantBreakdown``: raises ``ValidationError`` (problems name the
  ``GrantInput`` field) when the input breaks a rule.
- ``validate_grant_input(inp, rates) -> list[Problem]``: the same checks without computing.
- ``GrantBreakdown`` / ``GrantLineResult``: lines (code, label, recipient, quantity, rate, amount,
  derivation) and totals in integer cents; ``GrantBreakdown.to_json()`` is DESIGN.md section 6's
  shape (``to_json(extended=True)`` adds codes, in kind, cash, rate set and warnings).

Money is Decimal while computing and quantized half-up once per line; amounts are integer cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from intervet_desktop.core.country_codes import is_country_code
from intervet_desktop.core.enums import GrantLineCode, Recipient
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.money import CENT, decimal_text, format_cents, from_cents, quantize
from intervet_desktop.core.rates import RateSet, TravelBand

register(
    "grant_duration_out_of_range",
    "{activity} lasts {days} days ({start} to {end}); it must last {min} to {max} days "
    "(travel days not counted). Only force majeure allows another duration.",
)
register("grant_unknown_activity", "Activity type {value} has no duration range in rate set {rates}.")
register(
    "grant_travel_days_too_many",
    "Funded travel days: {days} is more than the {max} allowed with {mode} travel.",
)
register("grant_country_no_group", "Receiving country {value} is in no country group of rate set {rates}.")
register(
    "grant_distance_missing",
    "The travel distance is missing: type the official distance (EC distance calculator) or the places.",
)
register(
    "grant_course_days_other_activity",
    "Course days are paid only for courses and training (SM-COUR-TRAIN), not for {activity}.",
)
register(
    "grant_course_days_too_many", "Course days ({course_days}) are more than the activity days ({days})."
)
register(
    "grant_warn_inclusion_without_flag",
    "Inclusion real costs are entered but the participant is not flagged as having fewer opportunities.",
)
register(
    "grant_warn_in_kind_exceeds",
    "Support in kind ({in_kind}) is more than the participant's entitlement ({entitlement}).",
)

HUNDRED = Decimal(100)

LABELS: dict[GrantLineCode, str] = {
    GrantLineCode.TRAVEL: "Travel",
    GrantLineCode.EXCEPTIONAL_TRAVEL: "Exceptional costs for expensive travel",
    GrantLineCode.INDIVIDUAL_SUPPORT: "Individual support",
    GrantLineCode.ORGANISATIONAL_SUPPORT: "Organisational support",
    GrantLineCode.INCLUSION_ORGANISATION: "Inclusion support for organisations",
    GrantLineCode.INCLUSION_REAL_COSTS: "Inclusion support (real costs)",
    GrantLineCode.COURSE_FEES: "Course fees",
    GrantLineCode.EXCEPTIONAL_OTHER: "Exceptional costs (visa, permits, vaccination)",
    GrantLineCode.INCLUSION_ACCOMPANYING: "Inclusion support (accompanying person, later days)",
}
COURSE_ACTIVITY = "SM-COUR-TRAIN"


@dataclass(frozen=True)
class GrantInput:
    """Everything the calculation reads. Field names are the ``Problem.field`` of errors."""

    activity_type: str
    receiving_country: str
    start: date
    end: date  # inclusive: a 3 to 14 March stay has 12 activity days
    travel_days: int = 0
    green_travel: bool = False
    distance_km: int | None = None  # official (EC calculator), else the offline estimate
    course_days: int = 0
    real_travel_cost_cents: int | None = None
    fewer_opportunities: bool = False
    inclusion_real_cost_cents: int = 0
    exceptional_other_cents: int = 0
    force_majeure: bool = False
    org_support_not_requested: bool = False
    is_accompanying: bool = False
    in_kind_travel_cents: int = 0
    in_kind_accommodation_cents: int = 0

    @property
    def activity_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def funded_days(self) -> int:
        return self.activity_days + self.travel_days

    @property
    def uses_learner_rates(self) -> bool:
        return self.activity_type.startswith("LM-") and not self.is_accompanying


@dataclass(frozen=True)
class GrantLineResult:
    code: GrantLineCode
    label: str
    recipient: Recipient
    quantity: str
    rate_cents: int | None
    amount_cents: int
    derivation: str

    def to_json(self, *, extended: bool = False) -> dict[str, Any]:
        data = {
            "label": self.label,
            "recipient": self.recipient.value,
            "quantity": self.quantity,
            "rate": None if self.rate_cents is None else decimal_text(self.rate_cents),
            "amount": decimal_text(self.amount_cents),
            "derivation": self.derivation,
        }
        if extended:
            data["code"] = self.code.value
        return data


@dataclass(frozen=True)
class GrantBreakdown:
    lines: tuple[GrantLineResult, ...]
    participant_total_cents: int
    organisation_total_cents: int
    total_cents: int
    in_kind_cents: int  # travel/accommodation the school books itself (reported beside, not deducted)
    participant_cash_cents: int  # participant total minus in kind: what is paid out in money
    rate_set_id: str
    rate_set_version: int
    activity_days: int
    funded_days: int
    country_group: str
    band: TravelBand | None
    warnings: tuple[Message, ...] = ()

    def to_json(self, *, extended: bool = False) -> dict[str, Any]:
        """DESIGN.md section 6's shape exactly (amounts as strings with two decimals); ``extended``
        adds line codes, in kind, cash, the rate set and the warnings."""
        data: dict[str, Any] = {
            "lines": [line.to_json(extended=extended) for line in self.lines],
            "participant_total": decimal_text(self.participant_total_cents),
            "organisation_total": decimal_text(self.organisation_total_cents),
            "total": decimal_text(self.total_cents),
        }
        if extended:
            data["in_kind"] = decimal_text(self.in_kind_cents)
            data["participant_cash"] = decimal_text(self.participant_cash_cents)
            data["rate_set"] = {"id": self.rate_set_id, "version": self.rate_set_version}
            data["warnings"] = [w.render() for w in self.warnings]
        return data


_PARTICIPANT = Recipient.PARTICIPANT


def _group(rates: RateSet, country: str) -> str | None:
    """The receiving country's group, memoised on the rate set (a hot path of bulk recomputes)."""
    key = ("group", country)
    memo = rates.memo
    if key not in memo:
        memo[key] = rates.group_of(country)
    group: str | None = memo[key]
    return group


# ----------------------------------------------------------------------------------- validation
def validate_grant_input(inp: GrantInput, rates: RateSet) -> list[Problem]:
    problems: list[Problem] = []

    def add(where: str, code: str, **params: Any) -> None:
        problems.append(Problem(where, msg(code, **params)))

    if inp.end < inp.start:
        add("end", "date_order", end_field="end_date", end=inp.end, start_field="start_date", start=inp.start)
    span = rates.duration_range(inp.activity_type)
    if span is None:
        add("activity_type", "grant_unknown_activity", value=inp.activity_type, rates=rates.id)
    elif inp.end >= inp.start and not inp.force_majeure:
        lo, hi = span
        days = inp.activity_days
        # An accompanying person may join for part of the stay: only the maximum applies.
        too_short = days < lo and not inp.is_accompanying
        if too_short or days > hi:
            add(
                "end",
                "grant_duration_out_of_range",
                activity=inp.activity_type,
                days=days,
                start=inp.start,
                end=inp.end,
                min=lo,
                max=hi,
            )
    if inp.travel_days < 0:
        add("travel_days", "value_negative", field="travel_days")
    else:
        limit = rates.travel_days_green_max if inp.green_travel else rates.travel_days_standard_max
        if inp.travel_days > limit:
            mode = "green" if inp.green_travel else "standard (not green)"
            add("travel_days", "grant_travel_days_too_many", days=inp.travel_days, max=limit, mode=mode)
    if _group(rates, inp.receiving_country) is None:
        if not is_country_code(inp.receiving_country):
            add(
                "receiving_country", "unknown_country", field="receiving_country", value=inp.receiving_country
            )
        else:
            add("receiving_country", "grant_country_no_group", value=inp.receiving_country, rates=rates.id)
    if inp.distance_km is None:
        add("distance_km", "grant_distance_missing")
    elif inp.distance_km < 0:
        add("distance_km", "value_negative", field="distance_km")
    if inp.course_days < 0:
        add("course_days", "value_negative", field="course_days")
    elif inp.course_days > 0:
        if inp.activity_type != COURSE_ACTIVITY:
            add("course_days", "grant_course_days_other_activity", activity=inp.activity_type)
        elif inp.end >= inp.start and inp.course_days > inp.activity_days:
            add(
                "course_days",
                "grant_course_days_too_many",
                course_days=inp.course_days,
                days=inp.activity_days,
            )
    for name, label in (
        ("real_travel_cost_cents", "Real travel cost"),
        ("inclusion_real_cost_cents", "Inclusion real costs"),
        ("exceptional_other_cents", "Exceptional costs"),
        ("in_kind_travel_cents", "Travel in kind"),
        ("in_kind_accommodation_cents", "Accommodation in kind"),
    ):
        value = getattr(inp, name)
        if value is not None and value < 0:
            add(name, "value_negative", field=label)
    return problems


# ----------------------------------------------------------------------------------- calculation
def compute_grant(inp: GrantInput, rates: RateSet) -> GrantBreakdown:
    problems = validate_grant_input(inp, rates)
    if problems:
        raise ValidationError(problems)
    group = _group(rates, inp.receiving_country)
    assert group is not None and inp.distance_km is not None
    lines: list[GrantLineResult] = []
    warnings: list[Message] = []

    memo = rates.memo
    band = rates.band_for(inp.distance_km)
    key: tuple[Any, ...] = ("travel", inp.distance_km, inp.green_travel, inp.real_travel_cost_cents)
    if key not in memo:
        memo[key] = _travel_line(inp, rates, band, inp.distance_km)
    lines.append(memo[key])
    key = (
        "individual",
        group,
        inp.uses_learner_rates,
        inp.is_accompanying,
        inp.activity_days,
        inp.travel_days,
    )
    if key not in memo:
        memo[key] = _individual_support_lines(inp, rates, group)
    lines.extend(memo[key])
    if inp.activity_type == COURSE_ACTIVITY and inp.course_days > 0:
        lines.append(_course_fees_line(inp, rates))
    group_amount = rates.learners.group_mobility_per_participant
    if group_amount is not None and inp.activity_type == rates.learners.group_mobility_activity:
        if not inp.is_accompanying and not inp.org_support_not_requested:
            lines.append(
                _line(
                    GrantLineCode.ORGANISATIONAL_SUPPORT,
                    Recipient.ORGANISATION,
                    "1 participant in group mobility",
                    group_amount,
                    group_amount,
                    f"1 participant in group mobility x {_eur(group_amount)} (the rate set's amount "
                    f"for {inp.activity_type})",
                )
            )
    elif not inp.is_accompanying and not inp.org_support_not_requested:
        org_key = ("org", inp.activity_type)
        if org_key not in memo:
            rate = rates.organisational_support_for(inp.activity_type)
            memo[org_key] = _line(
                GrantLineCode.ORGANISATIONAL_SUPPORT,
                Recipient.ORGANISATION,
                "1 participant",
                rate,
                rate,
                f"1 participant x {_eur(rate)}",
            )
        lines.append(memo[org_key])
    if inp.fewer_opportunities and not inp.is_accompanying:
        if "inclusion" not in memo:
            rate = rates.inclusion_support_organisation
            memo["inclusion"] = _line(
                GrantLineCode.INCLUSION_ORGANISATION,
                Recipient.ORGANISATION,
                "1 participant with fewer opportunities",
                rate,
                rate,
                f"1 participant with fewer opportunities x {_eur(rate)}",
            )
        lines.append(memo["inclusion"])
    if inp.inclusion_real_cost_cents > 0:
        real = from_cents(inp.inclusion_real_cost_cents)
        lines.append(
            _line(
                GrantLineCode.INCLUSION_REAL_COSTS,
                Recipient.PARTICIPANT,
                "real costs",
                None,
                real,
                f"100% of real costs {_eur(real)}",
            )
        )
        if not inp.fewer_opportunities:
            warnings.append(msg("grant_warn_inclusion_without_flag"))
    if inp.exceptional_other_cents > 0:
        real = from_cents(inp.exceptional_other_cents)
        share = rates.exceptional_costs_share if rates.exceptional_costs_share is not None else Decimal(1)
        lines.append(
            _line(
                GrantLineCode.EXCEPTIONAL_OTHER,
                Recipient.PARTICIPANT,
                "real costs",
                None,
                real * share,
                f"{_pct(share)} of real costs {_eur(real)}",
            )
        )

    participant = organisation = 0
    for li in lines:
        if li.recipient is _PARTICIPANT:
            participant += li.amount_cents
        else:
            organisation += li.amount_cents
    in_kind = inp.in_kind_travel_cents + inp.in_kind_accommodation_cents
    if in_kind > participant:
        warnings.append(
            msg(
                "grant_warn_in_kind_exceeds",
                in_kind=format_cents(in_kind),
                entitlement=format_cents(participant),
            )
        )
    return GrantBreakdown(
        lines=tuple(lines),
        participant_total_cents=participant,
        organisation_total_cents=organisation,
        total_cents=participant + organisation,
        in_kind_cents=in_kind,
        participant_cash_cents=participant - in_kind,
        rate_set_id=rates.id,
        rate_set_version=rates.version,
        activity_days=inp.activity_days,
        funded_days=inp.funded_days,
        country_group=group,
        band=band,
        warnings=tuple(warnings),
    )


def _travel_line(inp: GrantInput, rates: RateSet, band: TravelBand | None, km: int) -> GrantLineResult:
    code, recipient = GrantLineCode.TRAVEL, Recipient.PARTICIPANT
    if band is None:
        return _line(
            code, recipient, f"{km:,} km", Decimal(0), Decimal(0), f"{km:,} km one way, below 10 km: no grant"
        )
    green_rate = inp.green_travel and band.green is not None
    amount = band.green if green_rate and band.green is not None else band.standard
    if inp.green_travel and not green_rate:
        kind = "green travel, this band has no green rate: standard"
    else:
        kind = "green" if inp.green_travel else "standard"
    quantity = f"{km:,} km, band {band.label()}"
    why = f"{km:,} km one way, band {band.label()}, {kind}"
    if inp.real_travel_cost_cents:
        real = from_cents(inp.real_travel_cost_cents)
        threshold, share = rates.expensive_travel.threshold, rates.expensive_travel.share
        coverage = (amount / real * HUNDRED).quantize(Decimal("0.1"))
        if amount < threshold * real:
            paid = real * share
            return _line(
                GrantLineCode.EXCEPTIONAL_TRAVEL,
                recipient,
                f"real cost {_eur(real)}",
                None,
                paid,
                f"{kind} grant {_eur(amount)} covers {coverage}% of real cost {_eur(real)} "
                f"(< {_pct(threshold)}), so {_pct(share)} of the real cost instead",
            )
        why += f" (real cost {_eur(real)}: the grant covers {coverage}%, not below {_pct(threshold)})"
    return _line(code, recipient, quantity, amount, amount, why)


def _individual_support_lines(inp: GrantInput, rates: RateSet, group: str) -> tuple[GrantLineResult, ...]:
    """Individual support; an accompanying person's days beyond the rate set's staff-rate days are
    a second line, paid as inclusion support at the rate of those days."""
    table = rates.individual_support_learners if inp.uses_learner_rates else rates.individual_support_staff
    rate = table[group]
    days = inp.funded_days
    limit = rates.learners.accompanying_support_max_days
    if not inp.is_accompanying or days <= limit:
        return (_individual_support_line(inp, rates, rate, group, days),)
    first = _individual_support_line(inp, rates, rate, group, limit)
    reduced = quantize(rate * rates.reduced_rate.factor)
    beyond = days - limit
    rate_now = reduced if limit >= rates.reduced_rate.from_day - 1 else rate
    extra = _line(
        GrantLineCode.INCLUSION_ACCOMPANYING,
        Recipient.PARTICIPANT,
        _days(beyond),
        rate_now,
        beyond * rate_now,
        f"accompanying person, days {limit + 1} to {days}: {_days(beyond)} x {_eur(rate_now)} "
        f"paid as inclusion support (staff rates cover the first {limit} days)",
    )
    return (first, extra)


def _individual_support_line(
    inp: GrantInput, rates: RateSet, rate: Decimal, group: str, days: int
) -> GrantLineResult:
    full_max = rates.reduced_rate.from_day - 1
    full_days, reduced_days = min(days, full_max), max(0, days - full_max)
    reduced = quantize(rate * rates.reduced_rate.factor)
    amount = full_days * rate + reduced_days * reduced
    who = "learner" if inp.uses_learner_rates else "staff"
    quantity = f"{_days(days)} ({inp.activity_days} + {inp.travel_days} travel), group {group} {who}"
    if days < inp.funded_days:
        quantity = f"{_days(days)} of {inp.funded_days}, group {group} {who}"
    why = f"{_days(full_days)} x {_eur(rate)}"
    if inp.is_accompanying:
        why = f"accompanying person at staff rates, {why}"
    if reduced_days:
        why += (
            f" + {_days(reduced_days)} x {_eur(reduced)} "
            f"({_pct(rates.reduced_rate.factor)} from day {rates.reduced_rate.from_day})"
        )
    return _line(GrantLineCode.INDIVIDUAL_SUPPORT, Recipient.PARTICIPANT, quantity, rate, amount, why)


def _course_fees_line(inp: GrantInput, rates: RateSet) -> GrantLineResult:
    rate = rates.course_fee_per_day
    paid = min(inp.course_days, rates.course_fee_max_days)
    why = f"{_days(paid)} x {_eur(rate)}"
    if paid < inp.course_days:
        why += f" ({inp.course_days} course days, at most {rates.course_fee_max_days} paid)"
    return _line(GrantLineCode.COURSE_FEES, Recipient.ORGANISATION, _days(paid), rate, rate * paid, why)


def _line(
    code: GrantLineCode,
    recipient: Recipient,
    quantity: str,
    rate: Decimal | None,
    amount: Decimal,
    why: str,
) -> GrantLineResult:
    exact = amount.quantize(CENT, rounding=ROUND_HALF_UP)  # the one rounding of the line: half up
    label = LABELS[code]
    return GrantLineResult(
        code=code,
        label=label,
        recipient=recipient,
        quantity=quantity,
        rate_cents=None if rate is None else _cents(rate),
        amount_cents=_cents(exact),
        derivation=f"{label}: {why} = {exact:,.2f}",
    )


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _cents(value: Decimal) -> int:
    return int(value.quantize(CENT, rounding=ROUND_HALF_UP).scaleb(2))


def _eur(value: Decimal) -> str:
    """'1,234.50' (half up to cents first: Decimal's own formatting would round half even)."""
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def _pct(factor: Decimal) -> str:
    value = factor * HUNDRED
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"
    return f"{text}%"
