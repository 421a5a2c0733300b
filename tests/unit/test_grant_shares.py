"""Engine rules the rate set decides: exceptional costs at the set's share (not always 100 %),
organisational support by activity type (the flat amount where the set has no table)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from intervet_desktop.core.enums import GrantLineCode
from intervet_desktop.core.grant import GrantInput, compute_grant
from intervet_desktop.core.rates import dump_rate_set, parse_rate_set_text
from intervet_desktop.core.rates_builtin import builtin_for_year

START = date(2025, 3, 3)


def shadowing(activity: str = "SM-JOB-SHDW", **kw: object) -> GrantInput:
    base = GrantInput(
        activity_type=activity,
        receiving_country="ES",
        start=START,
        end=START + timedelta(days=4),
        distance_km=1000,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def test_exceptional_costs_at_the_share_the_rate_set_gives() -> None:
    rates = replace(builtin_for_year(2025), exceptional_costs_share=Decimal("0.80"))
    breakdown = compute_grant(shadowing(exceptional_other_cents=12_345), rates)
    [line] = [li for li in breakdown.lines if li.code is GrantLineCode.EXCEPTIONAL_OTHER]
    # 80 % of 123.45 = 98.76 exactly
    assert line.amount_cents == 9_876
    assert line.derivation.endswith("80% of real costs 123.45 = 98.76")
    # 80 % of 0.05 = 0.04 (half up)
    tiny = compute_grant(shadowing(exceptional_other_cents=5), rates)
    assert [li.amount_cents for li in tiny.lines if li.code is GrantLineCode.EXCEPTIONAL_OTHER] == [4]
    # a set without a share pays all of it
    full = compute_grant(
        shadowing(exceptional_other_cents=12_345), replace(rates, exceptional_costs_share=None)
    )
    assert [li.amount_cents for li in full.lines if li.code is GrantLineCode.EXCEPTIONAL_OTHER] == [12_345]


def test_organisational_support_by_activity_type() -> None:
    table = {"SM-COUR-TRAIN": Decimal("100.00"), "LM-LONG-VET": Decimal("500.00")}
    rates = replace(builtin_for_year(2025), organisational_support_by_activity=table)

    def org(activity: str, **kw: object) -> int:
        b = compute_grant(shadowing(activity, **kw), rates)
        return sum(li.amount_cents for li in b.lines if li.code is GrantLineCode.ORGANISATIONAL_SUPPORT)

    assert org("SM-COUR-TRAIN", course_days=5) == 10_000
    assert org("SM-JOB-SHDW") == int(rates.organisational_support_per_participant * 100)  # not in the table


def test_the_new_keys_survive_a_round_trip() -> None:
    rates = replace(
        builtin_for_year(2025),
        exceptional_costs_share=Decimal("0.80"),
        organisational_support_by_activity={"SM-COUR-TRAIN": Decimal("100.00")},
    )
    again = parse_rate_set_text(dump_rate_set(rates))
    assert again.exceptional_costs_share == Decimal("0.80")
    assert again.organisational_support_by_activity == {"SM-COUR-TRAIN": Decimal("100.00")}
