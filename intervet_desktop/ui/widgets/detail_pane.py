"""The detail pane beside a list: a card of sections and labelled values."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from intervet_desktop.services.details import DetailCard
from intervet_desktop.ui.formatting import display, money
from intervet_desktop.ui.i18n import tr

EVIDENCE_LABELS = {
    "signed_mobility_agreement": "Signed mobility agreement",
    "signed_grant_agreement": "Signed grant agreement",
    "certificate_of_attendance": "Certificate of attendance",
    "travel_evidence": "Travel evidence",
    "participant_report": "Participant report",
}


class DetailPane(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(300)
        self.show_empty()

    def show_empty(self, text: str | None = None) -> None:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        hint = QLabel(text or tr("DetailPane", "Select a row to see its details."))
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setEnabled(False)
        layout.addWidget(hint)
        self.setWidget(holder)

    def show_card(self, card: DetailCard) -> None:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(12, 8, 12, 8)
        title = QLabel(card.title)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(title)
        if card.subtitle:
            subtitle = QLabel(card.subtitle)
            subtitle.setWordWrap(True)
            subtitle.setEnabled(False)
            layout.addWidget(subtitle)
        for section in card.sections:
            if not section.fields:
                continue
            heading = QLabel(tr("details", section.title))
            heading_font = QFont(heading.font())
            heading_font.setBold(True)
            heading.setFont(heading_font)
            heading.setContentsMargins(0, 10, 0, 2)
            layout.addWidget(heading)
            form = QFormLayout()
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for item in section.fields:
                if item.kind == "evidence":
                    label = tr("evidence", EVIDENCE_LABELS.get(item.label, item.label))
                    text = tr("evidence", "done") if item.value == "done" else tr("evidence", "missing")
                elif item.kind == "money":
                    label, text = tr("details", item.label), money(item.value)
                else:
                    label, text = tr("details", item.label), display(item.value, item.kind)
                value = QLabel(text or "–")
                value.setWordWrap(True)
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                if item.kind == "evidence" and item.value != "done":
                    value.setStyleSheet("color: #c0392b; font-weight: bold;")
                form.addRow(label + ":", value)
            layout.addLayout(form)
        layout.addStretch(1)
        self.setWidget(holder)
