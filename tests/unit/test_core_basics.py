"""Money, search keys and the message catalogue."""

from __future__ import annotations

from decimal import Decimal

import pytest

from intervet_desktop.core import messages
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.money import MoneyError, format_cents, parse_amount, to_cents
from intervet_desktop.core.text import like_pattern, search_key


@pytest.mark.parametrize(
    ("value", "cents"),
    [("0.005", 1), ("0.015", 2), ("2.675", 268), (Decimal("112.004"), 11200), ("-0.005", -1), (80, 8000)],
)
def test_to_cents_rounds_half_up(value: object, cents: int) -> None:
    assert to_cents(value) == cents  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1.234,50", 123450),
        ("1,234.50", 123450),
        ("80", 8000),
        ("€ 12,5", 1250),
        ("1,234", 123400),
        ("0,99", 99),
    ],
)
def test_parse_amount_accepts_european_and_english_forms(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize("text", ["", "abc", "NaN", "1.2.3,4,5"])
def test_parse_amount_rejects_garbage(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_amount(text)


def test_format_cents() -> None:
    assert format_cents(257600) == "2,576.00"
    assert format_cents(-5) == "-0.05"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("João", "joao"),
        ("MÜLLER", "muller"),
        ("Παπαδόπουλος", "παπαδοπουλοσ"),
        ("ΠΑΠΑΔΌΠΟΥΛΟΣ", "παπαδοπουλοσ"),
        ("Øberg  Åsa", "oberg asa"),
        ("Straße", "strasse"),
    ],
)
def test_search_key_folds_case_and_accents(text: str, key: str) -> None:
    assert search_key(text) == key


def test_greek_final_sigma_matches_either_way() -> None:
    # casefold maps both σ and ς to σ, so a name typed with or without the final form matches
    assert search_key("Παπαδόπουλος") == search_key("ΠΑΠΑΔΟΠΟΥΛΟΣ") == search_key("παπαδοπουλοσ")
    assert search_key("Παπαδ") == "παπαδ"


def test_like_pattern_escapes_wildcards() -> None:
    assert like_pattern("50%_off") == "%50\\%\\_off%"


def test_messages_render_in_english_and_refuse_unknown_codes() -> None:
    text = messages.msg("field_required", field="E-mail").render()
    assert text == "E-mail is required."
    with pytest.raises(KeyError):
        messages.msg("no_such_code")


def test_validation_error_lists_every_problem() -> None:
    err = ValidationError(
        [
            Problem("email", messages.msg("field_required", field="E-mail")),
            Problem("oid", messages.msg("field_invalid", field="OID", detail="E + 8 digits"), row=4),
        ]
    )
    assert err.fields() == {"email", "oid"}
    assert "Row 4" in str(err)
