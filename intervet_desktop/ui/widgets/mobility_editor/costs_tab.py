"""The Costs tab: inclusion, exceptional costs, force majeure and support in kind."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.widgets.mobility_editor.base import EditorBase

C = "MobilityEditor"  # one translation context for the editor, a literal so the collector sees it


class CostsTab(EditorBase):
    def _build_costs(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        c = self._group(page, layout, tr(C, "Costs and inclusion"))
        self._field(
            c,
            "fewer_opportunities",
            tr(C, "Fewer opportunities"),
            QCheckBox(tr(C, "Participant with fewer opportunities"), self),
        )
        self._field(c, "inclusion_real_cost_cents", tr(C, "Inclusion real costs (EUR)"), self._money_edit())
        course = QSpinBox(self)
        course.setRange(0, 365)
        self._field(c, "course_days", tr(C, "Course days"), course)
        self._field(
            c, "real_travel_cost_cents", tr(C, "Real travel cost (expensive travel, EUR)"), self._money_edit()
        )
        self._field(
            c, "exceptional_other_cents", tr(C, "Visa, permit, vaccination (EUR)"), self._money_edit()
        )
        self._field(c, "exceptional_other_note", tr(C, "What for"), QLineEdit(self))
        self._field(
            c, "force_majeure", tr(C, "Force majeure"), QCheckBox(tr(C, "Force majeure applies"), self)
        )
        self._field(c, "force_majeure_note", tr(C, "What happened"), QLineEdit(self))
        self._field(
            c,
            "org_support_not_requested",
            tr(C, "Organisational support"),
            QCheckBox(tr(C, "Not requested for this mobility"), self),
        )
        k = self._group(page, layout, tr(C, "Support in kind (booked by the school)"))
        self._field(k, "in_kind_travel_cents", tr(C, "Travel in kind (EUR)"), self._money_edit())
        self._field(
            k, "in_kind_accommodation_cents", tr(C, "Accommodation in kind (EUR)"), self._money_edit()
        )
        layout.addStretch(1)
        return page
