"""A call's published ranking as PDF (reportlab, DejaVu so any script renders) and xlsx (openpyxl).

Takes a ready ``RankingSheet``: which columns appear (never the sensitive criteria, names only
when asked) is decided by ``services.publication``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer

from intervet_desktop.exports.atomic import atomic_path
from intervet_desktop.exports.csv_table import safe_cell
from intervet_desktop.exports.pdf.styles import SHADE, EmbeddedCanvas, register_fonts, table_style

SELECTED_FILL = "E3F2E1"
RESERVE_FILL = "FFF4D6"


@dataclass(frozen=True)
class RankingSheet:
    title: str
    subtitle: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...]  # per row: "selected", "reserve" or "" (for the colour)
    notes: tuple[str, ...] = ()
    numeric_from: int = 1  # columns from this index on are right-aligned numbers (up to the last)


def write_ranking_pdf(sheet: RankingSheet, target: Path) -> Path:
    font = register_fonts()
    base = ParagraphStyle("rk", fontName=font, fontSize=8.5, leading=10.5)
    head = ParagraphStyle("rkh", parent=base, fontName=f"{font}-Bold")
    title = ParagraphStyle("rkt", parent=base, fontName=f"{font}-Bold", fontSize=14, leading=18)
    sub = ParagraphStyle("rks", parent=base, fontSize=10, leading=13, textColor=colors.HexColor("#555555"))

    def cell(text: str, style: ParagraphStyle = base) -> Paragraph:
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style)

    data = [[cell(h, head) for h in sheet.headers]]
    data += [[cell(v) for v in row] for row in sheet.rows]
    page = landscape(A4)
    width = page[0] - 30 * mm
    count = len(sheet.headers)
    weights = [1.0] * count
    weights[-1] = 2.2  # outcome
    if count > 1 and sheet.numeric_from > 1:
        for i in range(1, sheet.numeric_from):
            weights[i] = 2.6  # names
    total = sum(weights)
    widths = [width * w / total for w in weights]
    table = LongTable(data, colWidths=widths, repeatRows=1)
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9a9a9a")),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for index, kind in enumerate(sheet.kinds, start=1):
        if kind == "selected":
            style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#" + SELECTED_FILL)))
        elif kind == "reserve":
            style.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#" + RESERVE_FILL)))
    table.setStyle(table_style(style))
    story = [cell(sheet.title, title), cell(sheet.subtitle, sub), Spacer(1, 5 * mm), table]
    for note in sheet.notes:
        story += [Spacer(1, 3 * mm), cell(note, sub)]
    with atomic_path(target) as tmp:
        doc = SimpleDocTemplate(
            str(tmp), pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
            bottomMargin=15 * mm, title=sheet.title,
        )  # fmt: skip
        doc.build(story, canvasmaker=EmbeddedCanvas)
    return target


def _cell(sheet: RankingSheet, index: int, value: str) -> object:
    """Ranks and points as numbers (sortable, summable), everything else as safe text."""
    numeric = index == 0 or sheet.numeric_from <= index < len(sheet.headers) - 1
    if numeric and value:
        try:
            return int(value) if index == 0 else float(value)
        except ValueError:
            pass
    return safe_cell(value)


def write_ranking_xlsx(sheet: RankingSheet, target: Path) -> Path:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Ranking"
    ws.append([safe_cell(sheet.title)])
    ws.append([safe_cell(sheet.subtitle)])
    ws.append([])
    ws.append(list(sheet.headers))
    bold = Font(bold=True)
    for c in ws[4]:
        c.font = bold
    ws["A1"].font = Font(bold=True, size=14)
    fills = {
        "selected": PatternFill("solid", fgColor=SELECTED_FILL),
        "reserve": PatternFill("solid", fgColor=RESERVE_FILL),
    }
    for row, kind in zip(sheet.rows, sheet.kinds, strict=True):
        ws.append([_cell(sheet, i, v) for i, v in enumerate(row)])
        for c in ws[ws.max_row]:
            if isinstance(c.value, float):
                c.number_format = "0.00"
        if kind in fills:
            for c in ws[ws.max_row]:
                c.fill = fills[kind]
    for note in sheet.notes:
        ws.append([])
        ws.append([safe_cell(note)])
    for index, header in enumerate(sheet.headers, start=1):
        longest = max([len(header), *(len(r[index - 1]) for r in sheet.rows)])
        ws.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    ws.freeze_panes = "A5"
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target
