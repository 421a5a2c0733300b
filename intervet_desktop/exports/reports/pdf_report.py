"""A plain A4 report PDF (platypus, DejaVu Sans so Greek and every EU language render), with a
running header (project, export date) and page numbers, written atomically."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from intervet_desktop.exports.atomic import atomic_path
from intervet_desktop.exports.pdf.styles import SHADE, register_fonts, styles

PALETTE = [
    colors.HexColor(c)
    for c in (
        "#2f6fb0",
        "#e0803a",
        "#3f9e5a",
        "#c04b4b",
        "#8a6bbf",
        "#8c6d4f",
        "#d07fb8",
        "#7f7f7f",
        "#b5b83a",
        "#3bb5c4",
    )
]


def para(text: str, style: str = "body") -> Paragraph:
    return Paragraph(escape(text), getattr(styles(), style))


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float], numeric_from: int = 1
) -> Table:
    font = register_fonts()
    body = styles().body
    data: list[list[Any]] = [list(headers), *[list(r) for r in rows]]
    t = Table(data, colWidths=list(widths), repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTNAME", (0, 0), (-1, 0), f"{font}-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), body.fontSize),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("ALIGN", (numeric_from, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def write_report_pdf(target: Path, title: str, header: str, exported_on: date, story: list[Flowable]) -> None:
    font = register_fonts()

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(18 * mm, A4[1] - 11 * mm, header[:110])
        canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 11 * mm, exported_on.isoformat())
        canvas.drawCentredString(A4[0] / 2, 9 * mm, str(doc.page))
        canvas.restoreState()

    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=18 * mm,
            bottomMargin=16 * mm,
            title=title,
            author="InterVET Desktop",
        )
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
