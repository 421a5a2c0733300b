"""The Places && dates tab: origin, destination, dates, the official distance beside the offline
estimate, and travel."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from intervet_desktop.core.enums import TransportMode
from intervet_desktop.services import mobilities as service
from intervet_desktop.services.mobilities import MobilityForm
from intervet_desktop.ui.formatting import country_names, enum_label
from intervet_desktop.ui.i18n import render_message, tr
from intervet_desktop.ui.widgets.mobility_editor.base import WARN_STYLE, EditorBase

C = "MobilityEditor"  # one translation context for the editor, a literal so the collector sees it


class PlacesTab(EditorBase):
    def _country_combo(self) -> QComboBox:
        box = self._combo()
        box.addItem("", "")
        for code, name in sorted(country_names().items(), key=lambda item: item[1]):
            if code != "GR":
                box.addItem(f"{name} ({code})", code)
        return box

    def _build_places(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        p = self._group(page, layout, tr(C, "Places and dates"))
        origin = QLineEdit(self)
        origin.setPlaceholderText(tr(C, "the sending organisation's city when empty"))
        self._field(p, "origin_city", tr(C, "Origin city"), origin)
        self._field(p, "origin_country", tr(C, "Origin country"), self._country_combo())
        self._field(p, "destination_city", tr(C, "Destination city"), QLineEdit(self))
        self._field(p, "destination_country", tr(C, "Destination country"), self._country_combo())
        self._field(p, "planned_start", tr(C, "Planned start"), self._date_edit())
        self._field(p, "planned_end", tr(C, "Planned end"), self._date_edit())
        self._field(
            p, "has_actual", tr(C, "Actual dates"), QCheckBox(tr(C, "Differ from the planned ones"), self)
        )
        self._field(p, "actual_start", tr(C, "Actual start"), self._date_edit())
        self._field(p, "actual_end", tr(C, "Actual end"), self._date_edit())
        distance = QLineEdit(self)
        distance.setPlaceholderText(tr(C, "EC distance calculator, km"))
        self._field(p, "distance_km", tr(C, "Official distance (km)"), distance)
        self.estimate_label = QLabel(self)
        self.estimate_label.setObjectName("mob-estimate")
        self.estimate_label.setWordWrap(True)
        p.addRow(tr(C, "Offline estimate"), self.estimate_label)
        self.distance_warning = QLabel(self)
        self.distance_warning.setObjectName("mob-distance-warning")
        self.distance_warning.setWordWrap(True)
        self.distance_warning.setStyleSheet(WARN_STYLE)
        p.addRow("", self.distance_warning)
        t = self._group(page, layout, tr(C, "Travel"))
        days = QSpinBox(self)
        days.setRange(0, 30)
        self._field(t, "travel_days", tr(C, "Funded travel days"), days)
        mode = self._combo()
        mode.addItem("", "")
        for m in TransportMode:
            mode.addItem(enum_label(m.value), m.value)
        self._field(t, "transport_mode", tr(C, "Main means of transport"), mode)
        self._field(
            t,
            "green_travel",
            tr(C, "Green travel"),
            QCheckBox(tr(C, "Sustainable means for most of the way"), self),
        )
        self._field(t, "green_travel_note", tr(C, "How (green travel)"), QLineEdit(self))
        layout.addStretch(1)
        return page

    def _show_distance(self, form: MobilityForm) -> None:
        info = service.distance_info(self.ctx.workspace, form)
        if info.estimate_km is None:
            self.estimate_label.setText(tr(C, "no estimate (type the cities)"))
        else:
            self.estimate_label.setText(
                tr(C, "%1 km, band %2")
                .replace("%1", f"{info.estimate_km:,}")
                .replace("%2", info.estimate_band or "")
            )
        self.distance_warning.setText("\n".join(render_message(w) for w in info.warnings))
        self.distance_warning.setVisible(bool(info.warnings))
