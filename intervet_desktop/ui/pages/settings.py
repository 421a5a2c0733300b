"""Settings: the school's profile (stored in the database, so backups carry it)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.services import settings as settings_service
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.settings import InstitutionProfile
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.dialogs.rate_sets import RateSetEditor, RateSetsPanel
from intervet_desktop.ui.formatting import country_names
from intervet_desktop.ui.i18n import render_problems, tr
from intervet_desktop.ui.pages.base import Page, page_layout
from intervet_desktop.ui.pages.settings_documents import DocumentSettingsBox
from intervet_desktop.ui.translations import LANGUAGE_KEY, LANGUAGES, offered_languages, system_language

C = "SettingsPage"


class SettingsPage(Page):
    key = "settings"
    icon_name = "settings"
    watches = (Kind.SETTING, Kind.RATE_SET)
    #: the user chose another language for the application (code)
    language_changed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        # the settings are taller than a laptop screen: they scroll
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        layout = page_layout(body, self.title())
        self._touched: set[str] = set()
        box = QGroupBox(tr(C, "Your school"), self)
        box.setMaximumWidth(880)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        labels = {
            "name": tr(C, "School name"),
            "oid": tr(C, "Organisation ID (OID)"),
            "pic": tr(C, "PIC"),
            "address": tr(C, "Address"),
            "city": tr(C, "City"),
            "email": tr(C, "E-mail"),
            "phone": tr(C, "Phone"),
            "web": tr(C, "Web site"),
            "signatory_name": tr(C, "Signatory"),
            "signatory_role": tr(C, "Signatory's role"),
        }
        placeholders = {"oid": "E12345678", "pic": "123456789", "web": "https://"}
        for key, label in labels.items():
            edit = QLineEdit(box)
            edit.setObjectName(f"profile-{key}")
            edit.setPlaceholderText(placeholders.get(key, ""))
            edit.textEdited.connect(lambda _text, key=key: self._edited(key))
            error = QLabel(box)
            error.setStyleSheet("color: #c0392b;")
            error.setVisible(False)
            error.setWordWrap(True)
            form.addRow(label, edit)
            form.addRow("", error)
            self.inputs[key] = edit
            self.errors[key] = error
        self.country = QComboBox(box)
        self.country.setObjectName("profile-country")
        self.country.addItem("", "")
        for code, name in sorted(country_names().items(), key=lambda item: item[1]):
            if code != "EL":
                self.country.addItem(name, code)
        form.insertRow(5, tr(C, "Country"), self.country)
        self.language = QComboBox(box)
        self.language.setObjectName("profile-language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        form.addRow(tr(C, "Language of documents (besides English)"), self.language)
        logo_row = QHBoxLayout()
        self.logo_path = QLineEdit(box)
        self.logo_path.setObjectName("profile-logo")
        self.logo_path.setReadOnly(True)
        choose = QPushButton(tr(C, "Choose…"), box)
        choose.clicked.connect(self._choose_logo)
        self.logo_preview = QLabel(box)
        self.logo_preview.setFixedHeight(48)
        logo_row.addWidget(self.logo_path, 1)
        logo_row.addWidget(choose)
        logo_row.addWidget(self.logo_preview)
        form.addRow(tr(C, "Logo"), logo_row)
        layout.addWidget(box)

        actions = QWidget(self)
        actions.setMaximumWidth(880)
        buttons = QHBoxLayout(actions)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self)
        self.save_button = QPushButton(tr(C, "Save"), self)
        self.save_button.setObjectName("profile-save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.save_button)
        layout.addWidget(actions)

        app_box = QGroupBox(tr(C, "This computer"), self)
        app_box.setMaximumWidth(880)
        app_form = QFormLayout(app_box)
        self.ui_language = QComboBox(app_box)
        self.ui_language.setObjectName("ui-language")
        for code, name in offered_languages().items():
            self.ui_language.addItem(name, code)
        self.ui_language.setToolTip(
            tr(C, "Languages appear here once their translation of the application is complete.")
        )
        current = str(QSettings().value(LANGUAGE_KEY, system_language()))
        self.ui_language.setCurrentIndex(max(self.ui_language.findData(current), 0))
        self.ui_language.activated.connect(self._language_chosen)
        app_form.addRow(tr(C, "Language of the application"), self.ui_language)
        self.documents = DocumentSettingsBox(ctx, self)
        self.documents.setMaximumWidth(880)
        layout.addWidget(self.documents)
        layout.addWidget(app_box)

        rates_box = QGroupBox(tr(C, "Rate sets"), self)
        rates_box.setObjectName("rate-sets-group")
        rates_box.setMaximumWidth(880)
        rates_layout = QVBoxLayout(rates_box)
        self.rate_sets = RateSetsPanel(ctx, rates_box)
        rates_layout.addWidget(self.rate_sets)
        layout.addWidget(rates_box)
        layout.addStretch(1)
        self.reload()

    def title(self) -> str:
        return tr("Pages", "Settings")

    def extra_shots(self) -> list[tuple[str, Callable[[], QWidget | None]]]:
        def editor(tab: int) -> Callable[[], QWidget | None]:
            def prepare() -> QWidget | None:
                ref = self.rate_sets.selected()
                if ref is None:
                    return None
                dialog = RateSetEditor(self.ctx, ref, self)
                dialog.tabs.setCurrentIndex(tab)
                dialog.show()
                return dialog

            return prepare

        return [("rate-set-travel", editor(1)), ("rate-set-daily", editor(3))]

    def profile(self) -> InstitutionProfile:
        data = {key: edit.text() for key, edit in self.inputs.items()}
        data["country"] = self.country.currentData() or ""
        data["language"] = self.language.currentData() or "en"
        data["logo_path"] = self.logo_path.text()
        return InstitutionProfile.from_dict(data)

    def reload(self) -> None:
        if hasattr(self, "rate_sets"):
            self.rate_sets.reload()
        if hasattr(self, "documents"):
            self.documents.reload()
        profile = settings_service.load_profile(self.ctx.workspace)
        values = asdict(profile)
        for key, edit in self.inputs.items():
            edit.setText(values.get(key, ""))
        self.country.setCurrentIndex(max(self.country.findData(profile.country), 0))
        self.language.setCurrentIndex(max(self.language.findData(profile.language), 0))
        self.logo_path.setText(profile.logo_path)
        self._show_logo(profile.logo_path)
        self._validate()

    def _language_chosen(self, _index: int) -> None:
        code = str(self.ui_language.currentData())
        QSettings().setValue(LANGUAGE_KEY, code)
        self.language_changed.emit(code)

    def _show_logo(self, path: str) -> None:
        pixmap = QPixmap(path) if path else QPixmap()
        if pixmap.isNull():
            self.logo_preview.clear()
        else:
            self.logo_preview.setPixmap(pixmap.scaledToHeight(44, Qt.TransformationMode.SmoothTransformation))

    def _choose_logo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, tr(C, "Choose the school's logo"), "", tr(C, "Images (*.png *.jpg *.jpeg)")
        )
        if name:
            self.logo_path.setText(name)
            self._show_logo(name)

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _validate(self, *_: object, show_all: bool = False) -> bool:
        problems = settings_service.validate_profile(self.profile())
        shown = render_problems(ValidationError(problems)) if problems else {}
        for key, label in self.errors.items():
            text = shown.get(key, "") if show_all or key in self._touched else ""
            label.setText(text)
            label.setVisible(bool(text))
        self.save_button.setEnabled(not problems)
        return not problems

    def save(self) -> None:
        if not self._validate(show_all=True):
            return
        profile = self.profile()
        self.ctx.tasks.write(
            lambda ws: settings_service.save_profile(ws, profile),
            on_done=lambda _: self.status.setText(tr(C, "Saved.")),
            on_error=self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self._validate()
        self.status.setText(tr(C, "Not saved."))
        if not isinstance(error, ValidationError):
            raise error
