"""Opens the import wizard (File > Import…, and the Import buttons of the directory pages)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.i18n import tr

log = logging.getLogger(__name__)


def open_import_wizard(ctx: AppContext, parent: QWidget | None, kind: str = "people") -> QDialog | None:
    """Show the wizard (window-modal, returns at once) and return it; None when this build has
    no importer."""
    try:
        from intervet_desktop.ui.pages.import_wizard import ImportWizard
    except ModuleNotFoundError as error:
        if not (error.name or "").startswith("intervet_desktop.services.importing"):
            raise
        log.warning("import wizard unavailable: %s", error.name)
        QMessageBox.information(
            parent,
            tr("ImportWizard", "Import"),
            tr("ImportWizard", "Importing is not available in this build."),
        )
        return None
    wizard = ImportWizard(ctx, kind, parent)
    wizard.open()
    return wizard
