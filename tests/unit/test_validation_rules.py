"""Every field rule, with good and bad values (issue 4)."""

from __future__ import annotations

from datetime import date

import pytest

from intervet_desktop.core.enums import Gender
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.validation import bank, contact, identifiers, languages, names
from intervet_desktop.core.validation.choices import choice, yes_no
from intervet_desktop.core.validation.countries import country, country_choices, country_name, eu_code
from intervet_desktop.core.validation.dates import birth_date, parse_date


def code_of(outcome: object) -> str:
    assert isinstance(outcome, Problem), outcome
    outcome.message.render()  # every registered template renders with its parameters
    assert "{" not in outcome.message.render()
    return outcome.message.code


@pytest.mark.parametrize(
    ("raw", "clean"), [("E10208745", "E10208745"), (" e1020 8745 ", "E10208745"), ("", None)]
)
def test_oid_good(raw: str, clean: str | None) -> None:
    assert identifiers.oid(raw) == clean


@pytest.mark.parametrize("raw", ["E1020874", "E102087450", "F10208745", "10208745", "EABCDEFGH"])
def test_oid_bad(raw: str) -> None:
    assert code_of(identifiers.oid(raw)) == "oid_invalid"


def test_pic() -> None:
    assert identifiers.pic("949 876 543") == "949876543"
    assert identifiers.pic(949876543.0) == "949876543"
    assert code_of(identifiers.pic("94987654")) == "pic_invalid"
    assert code_of(identifiers.pic("94987654X")) == "pic_invalid"


def test_email() -> None:
    assert contact.email("  Anna.Rossi@Scuola.IT ") == "anna.rossi@scuola.it"
    assert contact.email("mailto:x@example.fi") == "x@example.fi"
    assert contact.email("") is None
    for bad in ("anna", "anna@", "anna@scuola", "an na@@x.it"):
        assert code_of(contact.email(bad)) == "email_invalid"


def test_phone_uses_the_country_and_stores_e164() -> None:
    assert contact.phone("040 123 4567", region="FI") == "+358401234567"
    assert contact.phone("210 1234567", region="EL") == "+302101234567"
    assert contact.phone("0039 051 1234567") == "+390511234567"
    assert contact.phone("+49 30 901820") == "+4930901820"
    assert code_of(contact.phone("12345", region="IT")) == "phone_invalid"
    assert code_of(contact.phone("051 1234567")) == "phone_needs_country"
    assert contact.phone_display("+390511234567") == "+39 051 123 4567"


def test_web() -> None:
    assert contact.web("www.Scuola.it") == "https://www.scuola.it"
    assert contact.web("http://example.fi/path?q=1") == "http://example.fi/path?q=1"
    for bad in ("not a url", "ftp://example.com", "https://localhost", "http://", "example"):
        assert code_of(contact.web(bad)) == "web_invalid"


def test_iban_and_bic() -> None:
    assert bank.iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert bank.iban("GR16 0110 1250 0000 0001 2300 695") == "GR1601101250000000012300695"
    problem = bank.iban("DE89 3704 0044 0532 0130 01")
    assert code_of(problem) == "iban_invalid"
    assert isinstance(problem, Problem) and "check digits" in problem.message.render()
    assert code_of(bank.iban("XX00")) == "iban_invalid"
    assert bank.bic("deutdeff") == "DEUTDEFF"
    assert bank.bic("DEUTDEFF500") == "DEUTDEFF500"
    assert code_of(bank.bic("DEUT")) == "bic_invalid"


def test_country_codes_names_and_el() -> None:
    assert country("el") == "GR"
    assert country("GR") == "GR"
    assert country("UK") == "GB"
    assert country("Italia") == "IT"
    assert country("Suomi") == "FI"
    assert country("Ελλάδα") == "GR"
    assert country("Deutschland") == "DE"
    assert country("ESP") == "ES"
    assert code_of(country("Narnia")) == "country_unknown"
    assert code_of(country("ZZ")) == "country_unknown"
    assert eu_code("GR") == "EL"
    assert country_name("FI", "fi") == "Suomi"


def test_country_choices_are_localised_and_sorted_by_name() -> None:
    greek = country_choices("el")
    assert ("GR", "Ελλάδα") in greek
    english = country_choices("en")
    names_en = [name for _code, name in english]
    # Åland sorts with the A's, not after Z; the list follows the localised names
    assert names_en.index("Åland Islands") < names_en.index("Albania")
    assert dict(country_choices("it"))["DE"] == "Germania"
    assert len(english) >= 249


def test_dates_european_formats_and_excel_values() -> None:
    today = date(2026, 6, 1)
    assert parse_date("03.04.1980", today=today) == date(1980, 4, 3)
    assert parse_date("03/04/1980", today=today) == date(1980, 4, 3)
    assert parse_date("1980-04-03", today=today) == date(1980, 4, 3)
    assert parse_date("3-4-80", today=today) == date(1980, 4, 3)
    assert parse_date("3.4.07", today=today) == date(2007, 4, 3)
    assert parse_date("1980-04-03 00:00:00", today=today) == date(1980, 4, 3)
    assert parse_date(29314.0) == date(1980, 4, 3)  # an Excel serial number
    assert parse_date(date(1980, 4, 3)) == date(1980, 4, 3)
    assert code_of(parse_date(1980)) == "date_unreadable"  # a year alone, not an Excel serial
    for bad in ("31.02.1980", "tomorrow", "1980/13/01", "12"):
        assert code_of(parse_date(bad, today=today)) == "date_unreadable"


def test_birth_dates_plausible_for_staff_and_learners() -> None:
    today = date(2026, 6, 1)
    assert birth_date(date(1980, 1, 1), today=today) is None
    assert code_of(birth_date(date(2027, 1, 1), today=today)) == "birth_date_future"
    assert (
        code_of(birth_date(date(2015, 1, 1), today=today)) == "birth_date_implausible"
    )  # an 11-year-old teacher
    assert code_of(birth_date(date(1930, 1, 1), today=today)) == "birth_date_implausible"
    assert birth_date(date(2010, 1, 1), learner=True, today=today) is None  # a 16-year-old learner
    assert code_of(birth_date(date(2016, 1, 1), learner=True, today=today)) == "birth_date_implausible"


def test_languages_and_cefr() -> None:
    assert languages.language("FI") == "fi"
    assert languages.language("Finnish") == "fi"
    assert languages.language("suomi") == "fi"
    assert code_of(languages.language("xx")) == "language_unknown"
    assert languages.languages("it, EN; de, it") == ("it", "en", "de")
    assert languages.cefr("b2") == "B2"
    assert languages.cefr("Native") == "native"
    assert languages.cefr("madrelingua") == "native"
    assert code_of(languages.cefr("B3")) == "cefr_invalid"


def test_names_in_any_script() -> None:
    assert names.name("  Γιώργος ", "first_name", "First name") == "Γιώργος"
    assert names.name("Jean-Luc O'Neill", "first_name", "First name") == "Jean-Luc O'Neill"
    assert names.name("Ñúñez  Pérez", "last_name", "Last name") == "Ñúñez Pérez"
    assert names.name("Иванов", "last_name", "Last name") == "Иванов"
    assert code_of(names.name("", "last_name", "Last name")) == "name_required"
    assert code_of(names.name("R2D2", "last_name", "Last name")) == "name_invalid"
    assert code_of(names.name("x" * 121, "last_name", "Last name")) == "text_too_long"
    assert names.name("", "last_name", "Last name", required=False) is None


def test_choices_and_yes_no() -> None:
    assert choice("Non-binary", Gender, "gender") == "non_binary"
    assert choice("FEMALE", Gender, "gender") == "female"
    assert choice("donna", Gender, "gender", synonyms={"donna": "female"}) == "female"
    assert code_of(choice("robot", Gender, "gender")) == "choice_unknown"
    assert yes_no("Kyllä", "is_host") is True
    assert yes_no("no", "is_host") is False
    assert code_of(yes_no("maybe", "is_host")) == "choice_unknown"
