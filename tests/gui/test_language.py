"""Switching the UI language: translations come from the catalogue, the window is rebuilt."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import money
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.translations import CatalogueTranslator, install_language


@pytest.fixture
def italian(gui_app: QApplication) -> Iterator[CatalogueTranslator]:
    translator = CatalogueTranslator(
        "it", {("Pages", "Mobilities"): "Mobilità", ("ListPage", "%n row(s)"): "%n righe"}
    )
    install_language("it")
    gui_app.installTranslator(translator)
    yield translator
    gui_app.removeTranslator(translator)
    install_language("en")


def test_catalogue_translator_translates_and_falls_back(italian: CatalogueTranslator) -> None:
    assert QCoreApplication.translate("Pages", "Mobilities") == "Mobilità"
    assert QCoreApplication.translate("Pages", "People") == "People"
    assert QCoreApplication.translate("ListPage", "%n row(s)", None, 3) == "3 righe"


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
