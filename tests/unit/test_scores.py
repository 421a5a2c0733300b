"""The one score parser (core.scores): Decimal, half up, and a catalogue refusal for anything that
is not plain points between 0 and the criterion's maximum."""

from __future__ import annotations

import pytest

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.messages import CATALOGUE
from intervet_desktop.core.scores import check_points, format_points, parse_points


@pytest.mark.parametrize(
    ("text", "hundredths"),
    [
        ("7", 700),
        ("7,5", 750),
        (" 7.25 ", 725),
        ("7.125", 713),  # half up in Decimal; float rounding gives 712
        ("7.124", 712),
        ("0.005", 1),
        ("10", 1000),
        ("0", 0),
        (".5", 50),
        ("", None),
        ("   ", None),
        (None, None),
    ],
)
def test_plain_points_are_read_half_up(text: str | None, hundredths: int | None) -> None:
    assert parse_points(text, 10, "Motivation") == hundredths


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("inf", "score_not_a_number"),
        ("Infinity", "score_not_a_number"),
        ("nan", "score_not_a_number"),
        ("1e999", "score_not_a_number"),
        ("1e1", "score_not_a_number"),
        ("abc", "score_not_a_number"),
        ("7,5,1", "score_not_a_number"),
        ("0x10", "score_not_a_number"),
        ("٣", "score_not_a_number"),  # Arabic-Indic digit: Decimal would take it, people do not type it
        ("9" * 500, "score_not_a_number"),
        ("-0", "score_negative"),
        ("-1", "score_negative"),
        ("−2,5", "score_negative"),
        ("10.01", "app_score_out_of_range"),
        ("10.004", "app_score_out_of_range"),  # above the maximum before rounding
        ("11", "app_score_out_of_range"),
    ],
)
def test_anything_else_is_a_catalogue_refusal(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_points(text, 10, "Motivation")
    problem = err.value.problems[0]
    assert problem.field == "points"
    assert problem.message.code == code and code in CATALOGUE
    rendered = problem.message.render()
    assert rendered.startswith("Motivation: ") and len(rendered) < 200


def test_out_of_range_message_names_the_range() -> None:
    with pytest.raises(ValidationError) as err:
        parse_points("11", 10, "Motivation")
    assert "between 0 and 10" in str(err.value) and "outside 0..10" in str(err.value)


def test_stored_hundredths_are_checked_and_formatted() -> None:
    check_points(0, 10)
    check_points(1000, 10)
    for bad in (-1, 1001):
        with pytest.raises(ValidationError) as err:
            check_points(bad, 10, "Motivation")
        assert err.value.problems[0].message.code == "app_score_out_of_range"
    assert [format_points(v) for v in (None, 0, 5, 750, 1000, -1)] == [
        "",
        "0.00",
        "0.05",
        "7.50",
        "10.00",
        "-0.01",
    ]
