"""The grant calculator, with amounts computed by hand from the built-in rate sets.

2024+ set: travel 10-99 km 28/56, 100-499 km 211/285, 500-1,999 km 309/417; staff per day
group 1 180.00, group 2 160.00 (70% from day 15: 126.00 and 112.00); learners group 1 70.00
(49.00 from day 15); organisational support 100.00; inclusion support 125.00; course fees 80.00/day,
at most 10 days. 2021-2023 set: 10-99 km 23.00 and no green rate in that band.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from intervet_desktop.core.enums import GrantLineCode, Recipient
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.grant import GrantBreakdown, GrantInput, compute_grant
from intervet_desktop.core.rates import RateSet
from intervet_desktop.core.rates_builtin import builtin_for_year

START = date(2025, 3, 3)


@pytest.fixture(scope="module")
def r24() -> RateSet:
    return builtin_for_year(2025)


@pytest.fixture(scope="module")
def r21() -> RateSet:
    return builtin_for_year(2022)


def job(days: int, *, country: str = "IT", km: int = 1000, **kw: object) -> GrantInput:
    """A job-shadowing input lasting ``days`` activity days (end inclusive)."""
    base = GrantInput(
        activity_type="SM-JOB-SHDW",
        receiving_country=country,
        start=START,
        end=START + timedelta(days=days - 1),
        distance_km=km,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def line(b: GrantBreakdown, code: GrantLineCode) -> int:
    [found] = [li for li in b.lines if li.code is code]
    return found.amount_cents


def codes(b: GrantBreakdown) -> list[GrantLineCode]:
    return [li.code for li in b.lines]


def problem_fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return exc.value.fields()


def test_builtin_sets_by_call_year(r24: RateSet, r21: RateSet) -> None:
    assert r24.id == "ka1-vet-2024"
    assert r21.id == "ka1-vet-2021"
    assert builtin_for_year(2021).id == "ka1-vet-2021"
    assert builtin_for_year(2023).id == "ka1-vet-2021"
    assert builtin_for_year(2024).id == "ka1-vet-2024"
    assert builtin_for_year(2031).id == "ka1-vet-2024"  # later years fall to the newest set
    with pytest.raises(ValidationError):
        builtin_for_year(2019)


@pytest.mark.parametrize(
    ("km", "standard", "green"),
    [
        (9, 0, 0),  # below 10 km: no travel grant
        (10, 2800, 5600),
        (99, 2800, 5600),  # 99 is still the first band
        (100, 21100, 28500),  # 100 starts the second
        (499, 21100, 28500),
        (500, 30900, 41700),
        (1999, 30900, 41700),
        (2000, 39500, 53500),
        (8000, 173500, 173500),
    ],
)
def test_travel_band_edges(r24: RateSet, km: int, standard: int, green: int) -> None:
    assert line(compute_grant(job(5, km=km), r24), GrantLineCode.TRAVEL) == standard
    assert line(compute_grant(job(5, km=km, green_travel=True), r24), GrantLineCode.TRAVEL) == green


def test_travel_derivation_below_10_km(r24: RateSet) -> None:
    b = compute_grant(job(5, km=9), r24)
    travel = b.lines[0]
    assert travel.amount_cents == 0
    assert travel.derivation == "Travel: 9 km one way, below 10 km: no grant = 0.00"


def test_2021_set_has_no_green_rate_in_first_band(r21: RateSet) -> None:
    b = compute_grant(job(5, km=99, green_travel=True), r21)
    assert line(b, GrantLineCode.TRAVEL) == 2300
    assert "no green rate" in b.lines[0].derivation
    assert line(compute_grant(job(5, km=100, green_travel=True), r21), GrantLineCode.TRAVEL) == 21000


def test_day_14_is_full_rate_day_15_reduced(r24: RateSet) -> None:
    # 12 activity days + 2 travel days = 14 days x 180.00 = 2,520.00
    b14 = compute_grant(job(12, travel_days=2), r24)
    assert b14.funded_days == 14
    assert line(b14, GrantLineCode.INDIVIDUAL_SUPPORT) == 252000
    # 13 + 2 = 15 days: 14 x 180.00 + 1 x 126.00 = 2,646.00
    b15 = compute_grant(job(13, travel_days=2), r24)
    assert line(b15, GrantLineCode.INDIVIDUAL_SUPPORT) == 264600


def test_derivation_text_of_the_design_example(r24: RateSet) -> None:
    # Spain is group 2 (160.00): 15 activity days + 2 travel days = 17 days
    b = compute_grant(job(15, country="ES", travel_days=2), r24)
    support = [li for li in b.lines if li.code is GrantLineCode.INDIVIDUAL_SUPPORT][0]
    assert support.derivation == (
        "Individual support: 14 days x 160.00 + 3 days x 112.00 (70% from day 15) = 2,576.00"
    )
    assert support.amount_cents == 257600
    assert support.rate_cents == 16000
    assert support.recipient is Recipient.PARTICIPANT


def test_travel_days_standard_max_2_green_max_6(r24: RateSet) -> None:
    # 10 + 2 = 12 days x 180.00 = 2,160.00
    assert line(compute_grant(job(10, travel_days=2), r24), GrantLineCode.INDIVIDUAL_SUPPORT) == 216000
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(10, travel_days=3), r24)
    assert problem_fields(exc) == {"travel_days"}
    # green: 10 + 6 = 16 days: 14 x 180.00 + 2 x 126.00 = 2,772.00
    green = compute_grant(job(10, travel_days=6, green_travel=True), r24)
    assert line(green, GrantLineCode.INDIVIDUAL_SUPPORT) == 277200
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(10, travel_days=7, green_travel=True), r24)
    assert problem_fields(exc) == {"travel_days"}


def test_course_fees_capped_at_10_days(r24: RateSet) -> None:
    course = replace(job(12, country="IT"), activity_type="SM-COUR-TRAIN", course_days=12)
    b = compute_grant(course, r24)
    fees = [li for li in b.lines if li.code is GrantLineCode.COURSE_FEES][0]
    assert fees.amount_cents == 80000  # 10 x 80.00, not 12 x 80.00
    assert fees.recipient is Recipient.ORGANISATION
    assert fees.derivation == "Course fees: 10 days x 80.00 (12 course days, at most 10 paid) = 800.00"
    nine = compute_grant(replace(course, course_days=9), r24)
    assert line(nine, GrantLineCode.COURSE_FEES) == 72000


def test_course_days_only_for_courses(r24: RateSet) -> None:
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(12, course_days=3), r24)
    assert problem_fields(exc) == {"course_days"}


def test_expensive_travel_threshold_both_sides(r24: RateSet) -> None:
    # 1,000 km: standard 309.00. 70% of 441.42 = 308.994 < 309: the grant covers >= 70%, band paid.
    below = compute_grant(job(5, real_travel_cost_cents=44142), r24)
    assert codes(below)[0] is GrantLineCode.TRAVEL
    assert below.lines[0].amount_cents == 30900
    # 70% of 441.43 = 309.001 > 309: the grant covers < 70%: 80% of 441.43 = 353.144 -> 353.14 instead.
    above = compute_grant(job(5, real_travel_cost_cents=44143), r24)
    assert codes(above)[0] is GrantLineCode.EXCEPTIONAL_TRAVEL
    assert GrantLineCode.TRAVEL not in codes(above)  # instead of, never both
    assert above.lines[0].amount_cents == 35314
    assert above.lines[0].recipient is Recipient.PARTICIPANT
    # a far costlier ticket: 80% of 1,000.00 = 800.00
    big = compute_grant(job(5, real_travel_cost_cents=100000), r24)
    assert big.lines[0].amount_cents == 80000
    assert big.lines[0].derivation.endswith("= 800.00")


def test_greece_as_el_or_gr(r24: RateSet, r21: RateSet) -> None:
    assert r24.group_of("EL") == r24.group_of("GR") == r24.group_of("gr") == "2"
    assert r21.group_of("EL") == r21.group_of("GR") == "2"
    assert "EL" in r24.country_groups["2"]  # kept as written in the file
    # 5 days x 160.00 = 800.00 either way
    for code in ("EL", "GR"):
        b = compute_grant(job(5, country=code), r24)
        assert line(b, GrantLineCode.INDIVIDUAL_SUPPORT) == 80000
        assert b.country_group == "2"


def test_group_changes_between_call_years(r24: RateSet, r21: RateSet) -> None:
    # Italy: group 1 from 2024 (180.00), group 2 in 2021-2023 (160.00); 5 days
    assert line(compute_grant(job(5, country="IT"), r24), GrantLineCode.INDIVIDUAL_SUPPORT) == 90000
    assert line(compute_grant(job(5, country="IT"), r21), GrantLineCode.INDIVIDUAL_SUPPORT) == 80000


def test_participant_and_organisation_totals(r24: RateSet) -> None:
    inp = GrantInput(
        activity_type="SM-COUR-TRAIN",
        receiving_country="EL",
        start=START,
        end=START + timedelta(days=11),  # 12 activity days
        travel_days=2,
        distance_km=1000,
        course_days=12,
        fewer_opportunities=True,
        inclusion_real_cost_cents=15000,
        exceptional_other_cents=6000,
        in_kind_travel_cents=30900,
    )
    b = compute_grant(inp, r24)
    amounts = {li.code: (li.recipient, li.amount_cents) for li in b.lines}
    assert amounts == {
        GrantLineCode.TRAVEL: (Recipient.PARTICIPANT, 30900),
        GrantLineCode.INDIVIDUAL_SUPPORT: (Recipient.PARTICIPANT, 224000),  # 14 x 160.00
        GrantLineCode.COURSE_FEES: (Recipient.ORGANISATION, 80000),
        GrantLineCode.ORGANISATIONAL_SUPPORT: (Recipient.ORGANISATION, 10000),
        GrantLineCode.INCLUSION_ORGANISATION: (Recipient.ORGANISATION, 12500),
        GrantLineCode.INCLUSION_REAL_COSTS: (Recipient.PARTICIPANT, 15000),
        GrantLineCode.EXCEPTIONAL_OTHER: (Recipient.PARTICIPANT, 4800),  # 80 % of 60.00
    }
    assert b.participant_total_cents == 274700  # 309 + 2,240 + 150 + 48
    assert b.organisation_total_cents == 102500  # 800 + 100 + 125
    assert b.total_cents == 377200 == sum(li.amount_cents for li in b.lines)
    # in kind does not reduce the entitlement; it is reported beside it
    assert b.in_kind_cents == 30900
    assert b.participant_cash_cents == 243800
    data = b.to_json()
    assert set(data) == {"lines", "participant_total", "organisation_total", "total"}
    extended = b.to_json(extended=True)
    assert (extended["in_kind"], extended["participant_cash"]) == ("309.00", "2438.00")
    assert extended["lines"][0]["code"] == "travel"
    assert data["participant_total"] == "2747.00"
    assert data["organisation_total"] == "1025.00"
    assert data["total"] == "3772.00"


def test_accompanying_person_staff_rates_without_org_support(r24: RateSet) -> None:
    inp = GrantInput(
        activity_type="LM-SHORT-VET",
        receiving_country="ES",
        start=START,
        end=START + timedelta(days=4),  # 5 days: shorter than a learner's 10, allowed when accompanying
        travel_days=2,
        distance_km=300,
        is_accompanying=True,
    )
    b = compute_grant(inp, r24)
    assert codes(b) == [GrantLineCode.TRAVEL, GrantLineCode.INDIVIDUAL_SUPPORT]
    assert line(b, GrantLineCode.INDIVIDUAL_SUPPORT) == 112000  # 7 days x 160.00 (staff, group 2)
    assert b.organisation_total_cents == 0
    assert b.total_cents == 21100 + 112000


def test_org_support_not_requested(r24: RateSet) -> None:
    b = compute_grant(job(5, org_support_not_requested=True), r24)
    assert GrantLineCode.ORGANISATIONAL_SUPPORT not in codes(b)


def test_learner_rates(r24: RateSet) -> None:
    inp = GrantInput(
        activity_type="LM-SHORT-VET",
        receiving_country="IT",
        start=START,
        end=START + timedelta(days=19),
        travel_days=2,
        distance_km=1000,
    )
    # 22 days: 14 x 70.00 + 8 x 49.00 = 980.00 + 392.00 = 1,372.00
    assert line(compute_grant(inp, r24), GrantLineCode.INDIVIDUAL_SUPPORT) == 137200


def test_force_majeure_allows_a_short_duration(r24: RateSet) -> None:
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(1), r24)
    assert problem_fields(exc) == {"end"}
    b = compute_grant(job(1, force_majeure=True), r24)
    assert line(b, GrantLineCode.INDIVIDUAL_SUPPORT) == 18000  # 1 day x 180.00
    assert b.lines[1].derivation == "Individual support: 1 day x 180.00 = 180.00"


def test_duration_above_range_is_an_error(r24: RateSet) -> None:
    assert compute_grant(job(60), r24).activity_days == 60
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(61), r24)
    assert problem_fields(exc) == {"end"}


def test_end_before_start(r24: RateSet) -> None:
    inp = replace(job(5), end=START - timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        compute_grant(inp, r24)
    assert problem_fields(exc) == {"end"}


def test_unknown_country_and_activity(r24: RateSet) -> None:
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(5, country="XX"), r24)
    assert problem_fields(exc) == {"receiving_country"}
    with pytest.raises(ValidationError) as exc:
        compute_grant(job(5, country="US"), r24)  # a real country, in no group of the set
    assert problem_fields(exc) == {"receiving_country"}
    with pytest.raises(ValidationError) as exc:
        compute_grant(replace(job(5), activity_type="SM-NOPE"), r24)
    assert problem_fields(exc) == {"activity_type"}


def test_missing_distance(r24: RateSet) -> None:
    with pytest.raises(ValidationError) as exc:
        compute_grant(replace(job(5), distance_km=None), r24)
    assert problem_fields(exc) == {"distance_km"}


def test_half_up_rounding_per_line(r24: RateSet) -> None:
    # 70% of 100.15 = 70.105: half up gives 70.11 (half even would give 70.10)
    custom = replace(r24, individual_support_staff={**r24.individual_support_staff, "1": Decimal("100.15")})
    b = compute_grant(job(13, travel_days=2), custom)
    # 14 x 100.15 + 1 x 70.11 = 1,402.10 + 70.11 = 1,472.21
    assert line(b, GrantLineCode.INDIVIDUAL_SUPPORT) == 147221
    assert b.lines[1].derivation.endswith("1 day x 70.11 (70% from day 15) = 1,472.21")
    # the original set is untouched (its memo is not shared with the copy)
    assert line(compute_grant(job(13, travel_days=2), r24), GrantLineCode.INDIVIDUAL_SUPPORT) == 264600


def test_expensive_travel_rounds_half_up(r24: RateSet) -> None:
    # 150 km: 211.00 < 70% x 391.31 = 273.917, so 80% x 391.31 = 313.048 -> 313.05
    b = compute_grant(job(5, km=150, real_travel_cost_cents=39131), r24)
    assert b.lines[0].code is GrantLineCode.EXCEPTIONAL_TRAVEL
    assert b.lines[0].amount_cents == 31305
