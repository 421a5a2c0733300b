"""Switching the UI language: translations come from the catalogue, the window is rebuilt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from intervet_desktop.core.messages import msg
from intervet_desktop.ui import i18n
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import money
from intervet_desktop.ui.i18n import render_message, trn
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.translations import CatalogueTranslator, PluralForms, install_language, load_plurals


@pytest.fixture
def italian(gui_app: QApplication) -> Iterator[CatalogueTranslator]:
    translator = CatalogueTranslator(
        "it", {("Pages", "Mobilities"): "Mobilità", ("fields", "Start date"): "Data di inizio"}
    )
    install_language("it")
    gui_app.installTranslator(translator)
    # plural entries as a PO catalogue holds them (msgid, msgid_plural -> msgstr[0], msgstr[1])
    plurals = load_plurals("it")
    # Italian has three forms in CLDR: one, many (millions), other
    plurals.forms[("ListPage", "%n row")] = ("%n riga", "%n di righe", "%n righe")
    plurals.forms[("messages", "{rows} row for {mobilities} mobilities written to {path}.")] = (
        "{rows} riga per {mobilities} mobilità scritta in {path}.",
        "{rows} di righe per {mobilities} mobilità scritte in {path}.",
        "{rows} righe per {mobilities} mobilità scritte in {path}.",
    )
    i18n.set_plural_lookup(plurals)
    yield translator
    gui_app.removeTranslator(translator)
    install_language("en")


def test_catalogue_translator_translates_and_falls_back(italian: CatalogueTranslator) -> None:
    assert QCoreApplication.translate("Pages", "Mobilities") == "Mobilità"
    assert QCoreApplication.translate("Pages", "People") == "People"
    assert trn("ListPage", "%n row", "%n rows", 3) == "3 righe"
    assert trn("ListPage", "%n row", "%n rows", 1) == "1 riga"
    assert trn("ListPage", "%n page", "%n pages", 1) == "1 page"  # untranslated: English rule


def test_messages_render_plural_forms_and_field_labels_translated(italian: CatalogueTranslator) -> None:
    import intervet_desktop.services.bm  # noqa: F401  (registers bm_export_done)

    one = render_message(msg("bm_export_done", rows=1, mobilities=1, path="bm.xlsx"))
    two = render_message(msg("bm_export_done", rows=2, mobilities=2, path="bm.xlsx"))
    assert one == "1 riga per 1 mobilità scritta in bm.xlsx."
    assert two == "2 righe per 2 mobilità scritte in bm.xlsx."
    assert render_message(msg("field_required", field="start_date")) == "Data di inizio is required."


def test_italian_plural_rule_comes_from_the_catalogue() -> None:
    forms = PluralForms({("c", "%n file"): ("uno", "milioni", "altri")}, load_plurals("it").index_of)
    assert [forms("c", "%n file", n) for n in (0, 1, 2, 1_000_000)] == ["altri", "uno", "altri", "milioni"]
    assert forms("c", "%n page", 2) is None  # not in the catalogue: the caller falls back to English


def test_window_built_in_italian_uses_the_translations_and_italian_numbers(
    italian: CatalogueTranslator, ctx: AppContext, sample: object, qtbot
) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(ctx, remember_state=False)
    qtbot.addWidget(window)
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert "Mobilità" in titles
    page = window.show_page("mobilities")
    assert page.count_label.text() == "3 righe"  # type: ignore[attr-defined]
    assert money(123456) == "1.234,56\xa0€"


def test_only_nearly_complete_catalogues_are_offered(monkeypatch: pytest.MonkeyPatch) -> None:
    from intervet_desktop.ui import translations

    monkeypatch.setattr(translations, "coverage", lambda code: {"en": 1.0, "el": 0.95}.get(code, 0.1))
    assert list(translations.offered_languages()) == ["en", "el"]


def test_settings_language_choice_asks_for_a_rebuild(
    window: MainWindow,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from intervet_desktop.ui import translations

    monkeypatch.setattr(translations, "coverage", lambda code: 1.0)
    from intervet_desktop.ui.pages.settings import SettingsPage

    page = SettingsPage(window.ctx)
    qtbot.addWidget(page)
    page.language_changed.connect(window.language_changed)
    combo = page.ui_language  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.language_changed) as blocker:
        combo.setCurrentIndex(combo.findData("el"))
        combo.activated.emit(combo.currentIndex())
    assert blocker.args == ["el"]
    install_language("en")
