"""UI translations from PO catalogues (``resources/translations/<lang>.po``, msgctxt = the
``tr()`` context), served to Qt by a ``QTranslator`` so every ``QCoreApplication.translate``
call is translated. PO is what translators' tools (Poedit, Weblate) speak; babel reads it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from gettext import c2py
from pathlib import Path

from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from intervet_desktop.locator import resources_dir
from intervet_desktop.ui import formatting, i18n

log = logging.getLogger(__name__)

LANGUAGE_KEY = "ui/language"
LANGUAGES: dict[str, str] = {
    "en": "English",
    "it": "Italiano",
    "fi": "Suomi",
    "pt": "Português",
    "el": "Ελληνικά",
    "de": "Deutsch",
    "es": "Español",
}
#: babel locale used for numbers and country names with each UI language
FORMAT_LOCALES = {
    "en": "en_IE",
    "it": "it_IT",
    "fi": "fi_FI",
    "pt": "pt_PT",
    "el": "el_GR",
    "de": "de_DE",
    "es": "es_ES",
}


#: a language is offered once this share of the UI's strings is translated
MIN_COVERAGE = 0.9


@cache
def template_size() -> int:
    path = resources_dir() / "translations" / "template.pot"
    if not path.exists():
        return 0
    with path.open("rb") as handle:
        return sum(1 for message in read_po(handle) if message.id)


@cache
def coverage(language: str) -> float:
    """Share of the UI's strings the language's catalogue translates (English: all)."""
    if language == "en":
        return 1.0
    total = template_size()
    return len(load_catalogue(language)) / total if total else 0.0


def offered_languages() -> dict[str, str]:
    """The languages a user can choose: English and every catalogue that is nearly complete."""
    return {code: name for code, name in LANGUAGES.items() if coverage(code) >= MIN_COVERAGE}


def catalogue_path(language: str) -> Path:
    return resources_dir() / "translations" / f"{language}.po"


def load_catalogue(language: str) -> dict[tuple[str, str], str]:
    path = catalogue_path(language)
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    entries: dict[tuple[str, str], str] = {}
    for message in catalog:
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and message.string:
            entries[(message.context or "", message.id)] = message.string
    return entries


class PluralForms:
    """A catalogue's plural entries (PO ``msgid_plural``) and its language's plural rule."""

    def __init__(self, forms: dict[tuple[str, str], tuple[str, ...]], index_of: Callable[[int], int]) -> None:
        self.forms = forms
        self.index_of = index_of

    def __call__(self, context: str, one: str, n: int) -> str | None:
        forms = self.forms.get((context, one))
        if not forms:
            return None
        index = self.index_of(n) if n >= 0 else len(forms) - 1
        return forms[index] if index < len(forms) else None


def load_plurals(language: str) -> PluralForms:
    path = catalogue_path(language)
    if not path.exists():
        return PluralForms({}, lambda n: int(n != 1))
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    forms: dict[tuple[str, str], tuple[str, ...]] = {}
    for message in catalog:
        if message.fuzzy or not isinstance(message.id, tuple) or not isinstance(message.string, tuple):
            continue
        if all(message.string):
            forms[(message.context or "", message.id[0])] = tuple(message.string)
    return PluralForms(forms, c2py(catalog.plural_expr))


class CatalogueTranslator(QTranslator):
    def __init__(self, language: str, entries: dict[tuple[str, str], str]) -> None:
        super().__init__()
        self.code = language
        self.entries = entries

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return self.entries.get((context, source))

    def isEmpty(self) -> bool:  # noqa: N802
        return not self.entries


_installed: list[QTranslator] = []
#: Qt's own catalogue (standard buttons, dialogs) where PySide6 ships one
QT_CATALOGUES = {
    "it": "qtbase_it",
    "fi": "qtbase_fi",
    "pt": "qtbase_pt_BR",
    "de": "qtbase_de",
    "es": "qtbase_es",
}


def system_language() -> str:
    code = QLocale.system().name().split("_")[0]
    return code if code in LANGUAGES else "en"


def install_language(language: str) -> str:
    """Switch the UI language (before building windows). Returns the language in use."""
    app = QCoreApplication.instance()
    language = language if language in LANGUAGES else "en"
    while _installed:
        old = _installed.pop()
        if app is not None:
            app.removeTranslator(old)
    i18n.set_plural_lookup(load_plurals(language) if language != "en" else None)
    if language != "en" and app is not None:
        qt_name = QT_CATALOGUES.get(language)
        if qt_name:
            qt_translator = QTranslator()
            if qt_translator.load(qt_name, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt_translator)
                _installed.append(qt_translator)
        translator = CatalogueTranslator(language, load_catalogue(language))
        app.installTranslator(translator)
        _installed.append(translator)
        log.info("UI language %s (%d translated strings)", language, len(translator.entries))
    formatting.set_ui_locale(FORMAT_LOCALES[language])
    return language
