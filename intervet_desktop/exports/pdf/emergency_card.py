"""A printable emergency card per learner: wallet-sized cards (85 x 55 mm, cut marks), two to a
row on A4, with the host, the tutor, the school contact, insurance and emergency numbers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from intervet_desktop.exports.pdf.styles import register_fonts

CARD_W, CARD_H = 85 * mm, 55 * mm
MARGIN_X, MARGIN_Y, GAP = 15 * mm, 15 * mm, 8 * mm
RED = colors.HexColor("#b3261e")


@dataclass(frozen=True)
class EmergencyCard:
    learner: str
    birth_date: str
    host: str
    host_address: str
    tutor: str
    tutor_phone: str
    school: str
    school_contact: str
    school_phone: str
    insurance: str
    ehic: str
    guardian: str
    emergency_numbers: str  # "112 (EU)" and the country's own where known
    destination: str


def _rows(card: EmergencyCard) -> list[tuple[str, str]]:
    rows = [
        ("Born", card.birth_date),
        ("Host", card.host),
        ("", card.host_address),
        ("Tutor", f"{card.tutor}  {card.tutor_phone}".strip()),
        ("School", card.school),
        ("Contact", f"{card.school_contact}  {card.school_phone}".strip()),
        ("Insurance", card.insurance),
        ("EHIC", card.ehic),
        ("Parent", card.guardian),
    ]
    return [(label, value) for label, value in rows if value]


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> str:
    if canvas.stringWidth(text, font, size) <= width:
        return text
    while text and canvas.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _card(canvas: Canvas, x: float, y: float, card: EmergencyCard, family: str) -> None:
    canvas.setStrokeColor(colors.HexColor("#9a9a9a"))
    canvas.setDash(2, 2)
    canvas.rect(x, y, CARD_W, CARD_H)
    canvas.setDash()
    canvas.setFillColor(RED)
    canvas.rect(x, y + CARD_H - 9 * mm, CARD_W, 9 * mm, stroke=0, fill=1)
    canvas.setFillColor(colors.white)
    canvas.setFont(f"{family}-Bold", 9)
    canvas.drawString(x + 3 * mm, y + CARD_H - 4.2 * mm, "EMERGENCY CARD · Erasmus+")
    canvas.setFont(family, 7)
    canvas.drawString(
        x + 3 * mm, y + CARD_H - 7.6 * mm, _fit(canvas, card.destination, family, 7, CARD_W - 6 * mm)
    )
    canvas.setFillColor(colors.black)
    canvas.setFont(f"{family}-Bold", 9)
    canvas.drawString(
        x + 3 * mm, y + CARD_H - 13 * mm, _fit(canvas, card.learner, f"{family}-Bold", 9, CARD_W - 6 * mm)
    )
    line_y = y + CARD_H - 17 * mm
    label_w = 15 * mm
    for label, value in _rows(card):
        canvas.setFont(family, 6)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(x + 3 * mm, line_y, label)
        canvas.setFillColor(colors.black)
        canvas.setFont(family, 6.5)
        canvas.drawString(
            x + 3 * mm + label_w, line_y, _fit(canvas, value, family, 6.5, CARD_W - 6 * mm - label_w)
        )
        line_y -= 3.3 * mm
    canvas.setFillColor(RED)
    canvas.setFont(f"{family}-Bold", 8)
    canvas.drawString(
        x + 3 * mm, y + 2.5 * mm, _fit(canvas, card.emergency_numbers, f"{family}-Bold", 8, CARD_W - 6 * mm)
    )
    canvas.setFillColor(colors.black)


def render_cards(cards: Sequence[EmergencyCard]) -> bytes:
    """The cards on A4 pages, two per row and four rows per page."""
    family = register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle("Emergency cards")
    per_row, per_page = 2, 8
    _, page_h = A4
    for index, card in enumerate(cards):
        slot = index % per_page
        if index and slot == 0:
            canvas.showPage()
        col, row = slot % per_row, slot // per_row
        x = MARGIN_X + col * (CARD_W + GAP)
        y = page_h - MARGIN_Y - (row + 1) * CARD_H - row * GAP
        _card(canvas, x, y, card, family)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
