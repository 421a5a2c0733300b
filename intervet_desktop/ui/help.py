"""Help: the user guide shipped with the app (F1), and About with the licences and credits."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from intervet_desktop import APP_NAME, __version__
from intervet_desktop.locator import resource_path
from intervet_desktop.ui.i18n import tr

C = "Help"


class GuideDialog(QDialog):
    """The guide in resources/guide, readable offline, non-modal so it stays beside the work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("user-guide")
        self.setWindowTitle(tr(C, "User guide"))
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setSource(QUrl.fromLocalFile(str(resource_path("guide", "index.html"))))
        layout.addWidget(self.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def about_text(database: str) -> str:
    return (
        f"<b>{APP_NAME} {__version__}</b><br>"
        + tr(C, "Erasmus+ mobility for VET schools, offline.")
        + "<br>"
        + tr(C, "Database: %1").replace("%1", database)
        + "<br><br>"
        + tr(C, "Licensed under the European Union Public Licence (EUPL) 1.2.")
        + "<br><br><b>"
        + tr(C, "Credits")
        + "</b><br>"
        + tr(C, "DejaVu fonts: Bitstream Vera licence and public domain changes (DejaVu team).")
        + "<br>"
        + tr(C, "Place names and coordinates: GeoNames (geonames.org), CC BY 4.0.")
        + "<br>"
        + tr(C, "Built with Qt for Python (PySide6, LGPL), SQLModel, Alembic, openpyxl and reportlab.")
    )


def show_about(parent: QWidget, database: str) -> None:
    QMessageBox.about(parent, tr(C, "About InterVET Desktop"), about_text(database))
