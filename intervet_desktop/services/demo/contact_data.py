"""Phone numbers in each country's format (via phonenumbers) and valid IBANs (via schwifty)."""

from __future__ import annotations

import random
from functools import cache

import phonenumbers
from schwifty import IBAN

# A real bank (and branch) code per country, so generated IBANs carry a known BIC.
BANK_CODES = {
    "IT": "0306909606",
    "FI": "500",
    "PT": "00350001",
    "GR": "0110125",
    "DE": "37040044",
    "ES": "21000418",
}
ACCOUNT_DIGITS = {"IT": 12, "FI": 8, "PT": 11, "GR": 16, "DE": 10, "ES": 10}


@cache
def _template(country: str, mobile: bool) -> str:
    kind = phonenumbers.PhoneNumberType.MOBILE if mobile else phonenumbers.PhoneNumberType.FIXED_LINE
    example = phonenumbers.example_number_for_type(country, kind)
    if example is None:
        example = phonenumbers.example_number(country) or phonenumbers.example_number("IT")
    assert example is not None
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def phone(rng: random.Random, country: str, *, mobile: bool = True) -> str:
    """The country's example number in international format with its last six digits changed."""
    text = list(_template(country, mobile))
    left = 6
    for i in range(len(text) - 1, -1, -1):
        if left and text[i].isdigit():
            text[i] = str(rng.randrange(10))
            left -= 1
    return "".join(text)


def iban(rng: random.Random, country: str) -> tuple[str, str | None]:
    """A valid IBAN (check digits by schwifty) and its BIC when the bank is known."""
    digits = ACCOUNT_DIGITS[country]
    account = "".join(str(rng.randrange(10)) for _ in range(digits))
    value = IBAN.generate(country, bank_code=BANK_CODES[country], account_code=account)
    bic = value.bic
    return str(value), (str(bic) if bic is not None else None)
