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


def _forms(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (str(value or ""),)


def test_template_holds_every_string_of_the_code() -> None:
    template = read("template.pot")
    known = {(m.context or "", *(m.id if isinstance(m.id, tuple) else (m.id, ""))) for m in template if m.id}
    missing = sorted({(e.context, e.text, e.plural) for e in collect()} - known)
    assert missing == [], "run scripts/update_translations.py"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_their_placeholders(language: str) -> None:
    catalog = read(f"{language}.po", language)
    # a plural entry: every translated form keeps the placeholders of the English plural form
    wrong = [
        (m.context, m.id)
        for m in catalog
        if m.id
        for source, translated in [(_forms(m.id)[-1], _forms(m.string))]
        if any(
            t and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(t)) for t in translated
        )
    ]
    assert wrong == []
