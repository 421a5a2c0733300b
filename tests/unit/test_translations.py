"""The translation catalogues: complete (every UI string of the code is in the template), and
every translation keeps the placeholders of its source."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from intervet_desktop.i18n_catalogue import collect
from intervet_desktop.locator import resource_path

LANGUAGES = ("it", "fi", "pt", "el", "de", "es")
PLACEHOLDER = re.compile(r"%\d|%n|\{[a-z_]+\}")


def read(name: str, locale: str | None = None):  # type: ignore[no-untyped-def]
    with resource_path("translations", name).open("rb") as handle:
        return read_po(handle, locale=locale)


def test_template_holds_every_string_of_the_code() -> None:
    template = read("template.pot")
    known = {(m.context or "", m.id) for m in template if m.id}
    missing = sorted({(e.context, e.text) for e in collect()} - known)
    assert missing == [], "run scripts/update_translations.py"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    catalog = read(f"{language}.po", language)
    wrong = [
        (m.context, m.id)
        for m in catalog
        if m.id
        and m.string
        and sorted(PLACEHOLDER.findall(str(m.id))) != sorted(PLACEHOLDER.findall(str(m.string)))
    ]
    assert wrong == []
