"""Learner activities (durations and rates from the rate set), minors at departure, recent
graduates, accompanying persons' lines and the pre-departure checklist: amounts by hand.

2024+ set: learners group 1 70.00 a day (49.00 from day 15), staff group 1 180.00 (126.00 from
day 15), travel 500-1,999 km 309.00, organisational support 100.00."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from intervet_desktop.core.enums import ActivityType, GrantLineCode
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.grant import GrantInput, compute_grant, validate_grant_input
from intervet_desktop.core.learners import (
    CheckItem,
    ChecklistInput,
    LearnerFacts,
    add_months,
    age_on,
    checklist,
    guardian_problems,
    is_minor_on,
    ready_to_leave,
    recent_graduate_problems,
    signing_problems,
)
from intervet_desktop.core.messages import render
from intervet_desktop.core.rates import RateSet, dump_rate_set, parse_rate_set_text
from intervet_desktop.core.rates_builtin import builtin_for_year

START = date(2025, 3, 3)


@pytest.fixture(scope="module")
def r24() -> RateSet:
    return builtin_for_year(2025)


def learner(activity: str, days: int, **kw: object) -> GrantInput:
    base = GrantInput(
        activity_type=activity,
        receiving_country="IT",
        start=START,
        end=START + timedelta(days=days - 1),
        distance_km=1000,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def amounts(inp: GrantInput, rates: RateSet) -> dict[str, int]:
    return {line.code.value: line.amount_cents for line in compute_grant(inp, rates).lines}


@pytest.mark.parametrize(
    ("activity", "lo", "hi"),
    [
        (ActivityType.SKILLS_COMPETITION, 1, 10),
        (ActivityType.LEARNER_SHORT, 10, 89),
        (ActivityType.LEARNER_LONG, 90, 365),
        (ActivityType.LEARNER_GROUP, 2, 30),
    ],
)
def test_learner_durations_come_from_the_rate_set(
    r24: RateSet, activity: ActivityType, lo: int, hi: int
) -> None:
    assert r24.duration_range(activity.value) == (lo, hi)
    assert validate_grant_input(learner(activity.value, lo), r24) == []
    assert validate_grant_input(learner(activity.value, hi), r24) == []
    for days in (lo - 1, hi + 1):
        if days < 1:
            continue
        problems = validate_grant_input(learner(activity.value, days), r24)
        assert [p.field for p in problems] == ["end"]
        text = render(problems[0].message)
        assert f"{activity.value} lasts {days} days" in text and f"{lo} to {hi} days" in text


def test_skills_competition_grant_at_learner_rates(r24: RateSet) -> None:
    # 5 days + 2 travel = 7 x 70.00 = 490.00; travel 309.00; organisational support 100.00
    got = amounts(learner("LM-SKILL-VET", 5, travel_days=2), r24)
    assert got == {"travel": 30900, "individual_support": 49000, "organisational_support": 10000}


def test_short_term_learner_grant_reduced_from_day_15(r24: RateSet) -> None:
    # 28 + 2 = 30 days: 14 x 70.00 + 16 x 49.00 = 980.00 + 784.00 = 1,764.00
    breakdown = compute_grant(learner("LM-SHORT-VET", 28, travel_days=2), r24)
    line = breakdown.lines[1]
    assert line.amount_cents == 176400
    assert "14 days x 70.00 + 16 days x 49.00" in line.derivation
    assert "learner" in line.quantity


def test_erasmuspro_grant(r24: RateSet) -> None:
    # 120 + 2 = 122 days: 14 x 70.00 + 108 x 49.00 = 980.00 + 5,292.00 = 6,272.00
    assert amounts(learner("LM-LONG-VET", 120, travel_days=2), r24)["individual_support"] == 627200


def test_group_mobility_learner_rates_and_the_rate_sets_per_participant_amount(r24: RateSet) -> None:
    # built-in set: no amount of its own, so learner rates and the usual organisational support
    got = amounts(learner("LM-GROUP-VET", 6), r24)
    assert got == {"travel": 30900, "individual_support": 42000, "organisational_support": 10000}
    # a set that gives a per-participant amount for group mobility uses it instead
    rules = replace(r24.learners, group_mobility_per_participant=Decimal("250.00"))
    custom = replace(r24, learner_rules=rules)
    breakdown = compute_grant(learner("LM-GROUP-VET", 6), custom)
    org = [li for li in breakdown.lines if li.code == GrantLineCode.ORGANISATIONAL_SUPPORT]
    assert [li.amount_cents for li in org] == [25000]
    assert "group mobility x 250.00" in org[0].derivation


def test_group_mobility_does_not_exist_in_the_2021_set() -> None:
    problems = validate_grant_input(learner("LM-GROUP-VET", 6), builtin_for_year(2022))
    assert [p.field for p in problems] == ["activity_type"]


def test_learner_rules_round_trip_and_report_bad_values(r24: RateSet) -> None:
    text = dump_rate_set(r24)
    assert '"accompanying_support_max_days": 60' in text
    assert dump_rate_set(parse_rate_set_text(text)) == text
    bad = text.replace('"accompanying_max_per_learner": 2', '"accompanying_max_per_learner": 0')
    with pytest.raises(ValidationError) as err:
        parse_rate_set_text(bad)
    assert [p.field for p in err.value.problems] == ["learner_rules.accompanying_max_per_learner"]


def test_accompanying_person_staff_rates_then_inclusion_beyond_day_60(r24: RateSet) -> None:
    # 70 + 2 = 72 days. Staff rates for 60 days: 14 x 180.00 + 46 x 126.00 = 2,520.00 + 5,796.00
    # = 8,316.00; days 61-72 (12) as inclusion support at 126.00 = 1,512.00. No organisational support.
    inp = learner("LM-LONG-VET", 70, travel_days=2, is_accompanying=True)
    breakdown = compute_grant(inp, r24)
    got = {line.code.value: line.amount_cents for line in breakdown.lines}
    assert got == {"travel": 30900, "individual_support": 831600, "inclusion_accompanying": 151200}
    extra = breakdown.lines[-1]
    assert "days 61 to 72: 12 days x 126.00 paid as inclusion support" in extra.derivation
    assert len(breakdown.lines[1].quantity) <= 40


def test_short_accompanying_person_single_line(r24: RateSet) -> None:
    # accompanying a 2-week stay for 5 days (only the maximum applies to them): 7 x 180.00
    got = amounts(learner("LM-SHORT-VET", 5, travel_days=2, is_accompanying=True), r24)
    assert got == {"travel": 30900, "individual_support": 126000}


@pytest.mark.parametrize(
    ("birth", "minor"),
    [
        (date(2007, 3, 2), False),  # 18th birthday the day before departure
        (date(2007, 3, 3), False),  # 18th birthday on the day of departure
        (date(2007, 3, 4), True),  # 18th birthday the day after departure
    ],
)
def test_minor_on_the_day_of_departure(birth: date, minor: bool) -> None:
    assert is_minor_on(birth, START) is minor
    assert age_on(birth, START) == (17 if minor else 18)


def test_unknown_birth_date_is_not_a_minor() -> None:
    assert not is_minor_on(None, START)


def test_minor_needs_guardian_and_consent_before_signing() -> None:
    facts = LearnerFacts(name="Ana Silva", birth_date=date(2008, 6, 1), departure=START)
    assert [p.field for p in guardian_problems(facts)] == ["guardian_name", "guardian_contact"]
    text = render(guardian_problems(facts)[0].message)
    assert "Ana Silva is a minor" in text and "Parent or guardian is required" in text
    assert [p.field for p in signing_problems(facts)] == [
        "guardian_name",
        "guardian_contact",
        "consent_signed",
    ]
    with_guardian = replace(facts, guardian_name="Rui Silva", guardian_contact="+351 912 345 678")
    assert [p.field for p in signing_problems(with_guardian)] == ["consent_signed"]
    signed = replace(with_guardian, consent_signed=True)
    assert [p.field for p in signing_problems(signed)] == ["consent_attachment"]
    assert signing_problems(replace(signed, consent_attached=True)) == []
    adult = replace(facts, birth_date=date(2000, 1, 1))
    assert signing_problems(adult) == []


def test_recent_graduate_within_twelve_months() -> None:
    graduated = date(2024, 6, 30)
    assert add_months(graduated, 12) == date(2025, 6, 30)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert recent_graduate_problems("Eva Lind", graduated, date(2025, 6, 30), 12) == []
    late = recent_graduate_problems("Eva Lind", graduated, date(2025, 7, 1), 12)
    assert [p.field for p in late] == ["planned_start"]
    assert "within 12 months of graduating (by 2025-06-30" in render(late[0].message)
    assert [p.field for p in recent_graduate_problems("Eva Lind", None, START, 12)] == ["graduation_date"]


def test_checklist_consent_only_for_minors() -> None:
    base = ChecklistInput(
        minor=False,
        consent_ok=False,
        agreement_signed=True,
        insurance_ok=True,
        language_assessed=True,
        travel_booked=True,
        emergency_card_printed=True,
    )
    items = checklist(base)
    assert items[CheckItem.CONSENT] is None and ready_to_leave(items)
    minor = checklist(replace(base, minor=True))
    assert minor[CheckItem.CONSENT] is False and not ready_to_leave(minor)
    assert list(minor) == list(CheckItem)


def test_group_mobility_needs_the_rate_sets_minimum(r24: RateSet) -> None:
    from intervet_desktop.core.learners import group_size_warning

    rules = r24.learners
    lone = group_size_warning(["LM-GROUP-VET", "LM-SHORT-VET"], rules.group_mobility_activity, 2)
    assert lone is not None
    assert render(lone) == (
        "Group mobility needs at least 2 learners travelling together; this group has 1 learner."
    )
    assert group_size_warning(["LM-GROUP-VET"] * 2, rules.group_mobility_activity, 2) is None
    assert group_size_warning(["LM-SHORT-VET"], rules.group_mobility_activity, 2) is None
