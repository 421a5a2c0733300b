"""Pure rules of the international office: indicator checks, action dates, deadlines, progress."""

from __future__ import annotations

from datetime import date

from intervet_desktop.core.office import (
    IndicatorSource,
    IndicatorUnit,
    check_action_dates,
    check_indicator,
    check_new_deadline,
    progress_percent,
)


def test_indicator_checks_name_the_field() -> None:
    found = check_indicator(IndicatorSource.LANGUAGE_CERTIFICATES, IndicatorUnit.COUNT, 0, 0, None)
    assert [p.field for p in found] == ["unit", "target", "year"]
    assert found[0].render() == (
        "Unit: 'count' does not match the indicator's source (language_certificates is measured in percent)."
    )
    assert [
        p.field for p in check_indicator(IndicatorSource.MANUAL, IndicatorUnit.PERCENT, 120, -1, None)
    ] == [
        "target",
        "baseline",
    ]
    assert check_indicator(IndicatorSource.STAFF_MOBILITIES, IndicatorUnit.COUNT, 10, 2, 2026) == []


def test_dates_and_progress() -> None:
    assert check_action_dates(date(2026, 1, 2), date(2026, 1, 2)) == []
    assert check_action_dates(date(2026, 1, 2), date(2026, 1, 1))[0].field == "due_on"
    assert check_new_deadline(date(2026, 1, 1), date(2026, 1, 2))[0].field == "deadline"
    assert check_new_deadline(date(2026, 1, 2), date(2026, 1, 2)) == []
    assert progress_percent(2, 12, 7) == 50
    assert progress_percent(2, 12, 30) == 100
    assert progress_percent(10, 40, 5) == 0
    assert progress_percent(0, 5, None) is None
    assert progress_percent(40, 10, 25) == 50  # a falling target (e.g. dropouts)
