"""Lay out a document (one or two languages) on A4 with reportlab platypus and return the PDF bytes.

Two languages are either side by side (a two-column table, one row per block of the
templates, so the texts stay level with each other) or one after the other; the signature
blocks come once, with labels in both languages.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from io import BytesIO
from itertools import zip_longest
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
)

from intervet_desktop.core.errors import Problem
from intervet_desktop.exports.pdf.context import (
    CONDITIONS,
    PLACEHOLDERS,
    LanguageContent,
    build,
    page_label,
)
from intervet_desktop.exports.pdf.model import DocumentRequest, Layout
from intervet_desktop.exports.pdf.store import TemplateStore
from intervet_desktop.exports.pdf.styles import (
    ALERT,
    FAMILY,
    GREY,
    RULE,
    SHADE,
    EmbeddedCanvas,
    Para,
    Styles,
    styles,
    table_style,
)
from intervet_desktop.exports.pdf.template import Filled, fill

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 33 * mm
MARGIN_BOTTOM = 18 * mm
WIDTH = PAGE_W - 2 * MARGIN_X
GAP = 6 * mm


@dataclass(frozen=True)
class Part:
    content: LanguageContent
    blocks: list[Filled]


def check_templates(store: TemplateStore, kind: str, languages: Sequence[str]) -> list[Problem]:
    """Unknown placeholders and conditions of the templates a document would use (nothing written)."""
    problems: list[Problem] = []
    for lang in languages:
        template = store.template(kind, lang)
        problems += template.check(PLACEHOLDERS[kind], CONDITIONS[kind])
    return problems


def render_document(request: DocumentRequest, store: TemplateStore) -> bytes:
    parts = []
    for lang in request.languages:
        content = build(request, lang, store.labels(lang))
        parts.append(Part(content, fill(store.template(request.kind, lang), content.values)))
    st = styles()
    if len(parts) == 2 and request.layout == Layout.SIDE_BY_SIDE:
        try:
            return _build(request, parts, _side_by_side(parts, st), st)
        except LayoutError:
            # a block taller than a page that reportlab cannot split inside a row: print the
            # languages one after the other rather than fail
            pass
    return _build(request, parts, _sequential(parts, st), st)


def _amendment_note(request: DocumentRequest, parts: Sequence[Part]) -> str:
    """'Amendment: this version amends version 1 (2026-01-20)' in every language of the document."""
    if request.amends_version is None:
        return ""
    notes = []
    for part in parts:
        words = part.content.labels
        old = f"{words.get('version', 'version')} {request.amends_version}"
        if request.amends_issued_on is not None:
            old += f" ({request.amends_issued_on.isoformat()})"
        notes.append(
            words.get("amends", "Amendment: this version amends {{ old }}").replace("{{ old }}", old)
        )
    return " / ".join(dict.fromkeys(notes))


def _build(request: DocumentRequest, parts: Sequence[Part], story: list[Flowable], st: Styles) -> bytes:
    note = _amendment_note(request, parts)
    if note:
        style = ParagraphStyle("amendment", parent=st.body, textColor=ALERT, fontName=f"{FAMILY}-Bold")
        story = [Para(escape(note), style), *story]
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=_plain(parts[0].content.labels.get(f"doc.{request.kind}", request.kind)),
        author=request.school.name,
        subject=request.project.code,
        creator="InterVET Desktop",
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        WIDTH,
        PAGE_H - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_header(request, parts, st))])
    doc.build(story, canvasmaker=_numbered_canvas(request, parts))
    return buffer.getvalue()


def write_atomically(data: bytes, target: Path) -> None:
    """Write to a temporary file in the same folder, then rename over the target."""
    fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# ------------------------------------------------------------------------------------------ blocks
def _flowables(block: Filled, part: Part, st: Styles, width: float) -> list[Flowable]:
    if block.kind == "title":
        return [Para(block.texts[0], st.title)]
    if block.kind == "heading":
        return [Spacer(1, 5), Para(block.texts[0], st.heading)]
    if block.kind == "subheading":
        return [Para(block.texts[0], st.subheading)]
    if block.kind == "paragraph":
        return [Para(block.texts[0], st.body)]
    if block.kind == "bullets":
        return [Para(text, st.bullet, bulletText="\u2022") for text in block.texts]
    if block.kind == "fields":
        return [_fields(block, st, width), Spacer(1, 4)]
    if block.kind == "grant_lines":
        return [_amounts(part, st, width), Spacer(1, 5)]
    return []


def _fields(block: Filled, st: Styles, width: float) -> Table:
    label_w = min(width * 0.36, 58 * mm)
    rows = [[Para(label, st.label), Para(value, st.value)] for label, value in block.rows]
    table = Table(rows, colWidths=[label_w, width - label_w], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
            ]
        )
    )
    return table


def _amounts(part: Part, st: Styles, width: float) -> Table:
    labels = part.content.labels
    amount_w = 31 * mm
    rows: list[list[Any]] = [
        [
            Para(escape(labels.get("grant.item", "Item")), st.label),
            Para(escape(labels.get("grant.amount", "Amount")), st.label),
        ]
    ]
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for row in part.content.amounts:
        text = escape(row.label)
        if row.detail:
            text += f'<br/><font size="7.6" color="#555555">{escape(row.detail)}</font>'
        amount = escape(row.amount)
        if row.strong:
            text, amount = f"<b>{text}</b>", f"<b>{amount}</b>"
            style.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.8, GREY))
        rows.append([Para(text, st.value), Para(amount, st.amount)])
    table = Table(rows, colWidths=[width - amount_w, amount_w], hAlign="LEFT", repeatRows=1)
    table.setStyle(table_style(style))
    return table


def _signatures(parts: Sequence[Part], st: Styles, width: float) -> list[Flowable]:
    first = parts[0].content
    count = len(first.signatures)
    if count == 0:
        return []

    def both(key: str) -> str:
        texts = []
        for part in parts:
            text = part.content.labels.get(key, key)
            if text not in texts:
                texts.append(text)
        return escape(" / ".join(texts))

    columns = max(count, 2)
    col_w = (width - GAP * (columns - 1)) / columns
    grid: list[list[Any]] = [[] for _ in range(8)]
    widths: list[float] = []
    for index, box in enumerate(first.signatures):
        if index:
            for row in grid:
                row.append("")
            widths.append(GAP)
        party = " / ".join(dict.fromkeys(p.content.signatures[index].party for p in parts))
        role = " / ".join(dict.fromkeys(r for p in parts if (r := p.content.signatures[index].role)))
        cells: list[Any] = [
            Para(f"<b>{escape(party)}</b>", st.value),
            Para(escape(box.organisation), st.value) if box.organisation else "",
            Para(f"{both('sign.name')}: {escape(box.name)}", st.value),
            Para(f"{both('sign.role')}: {escape(role)}", st.small) if role else "",
            Para(both("sign.date"), st.label),
            "",
            Para(both("sign.signature"), st.label),
            "",
        ]
        for row, cell in zip(grid, cells, strict=True):
            row.append(cell)
        widths.append(col_w)
    style: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for column in range(0, len(widths), 2):
        style += [
            ("LINEBELOW", (column, 5), (column, 5), 0.6, GREY),
            ("LINEBELOW", (column, 7), (column, 7), 0.6, GREY),
        ]
    outer = Table(grid, colWidths=widths, rowHeights=[None] * 5 + [10 * mm, None, 17 * mm], hAlign="LEFT")
    outer.setStyle(table_style(style))
    heading = Para(both("sign.heading"), st.heading)
    return [Spacer(1, 6), KeepTogether([heading, outer])]


# ------------------------------------------------------------------------------------------ layouts
def _sequential(parts: Sequence[Part], st: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    bilingual = len(parts) > 1
    wants_signatures = False
    for index, part in enumerate(parts):
        if index:
            story.append(PageBreak())
        for block in part.blocks:
            if block.kind == "signatures":
                if bilingual:
                    wants_signatures = True
                else:
                    story += _signatures(parts, st, WIDTH)
            elif block.kind == "pagebreak":
                story.append(PageBreak())
            elif block.kind == "title" and index == 0 and bilingual:
                story.append(Para(block.texts[0], st.title))
                story.append(Para(_title_of(parts[1]), st.subtitle))
            else:
                story += _flowables(block, part, st, WIDTH)
    if wants_signatures:
        story += _signatures(parts, st, WIDTH)
    return story


def _title_of(part: Part) -> str:
    return next((b.texts[0] for b in part.blocks if b.kind == "title"), "")


def _side_by_side(parts: Sequence[Part], st: Styles) -> list[Flowable]:
    col = (WIDTH - GAP) / 2
    story: list[Flowable] = []
    rows: list[list[list[Flowable]]] = []
    pending: list[list[Flowable]] | None = None  # a heading row waiting for its first block

    def flush() -> None:
        nonlocal rows, pending
        if pending is not None:
            rows.append(pending)
            pending = None
        if rows:
            table = Table(
                [[left, "", "", right] for left, right in rows],
                colWidths=[col, GAP / 2, GAP / 2, col],
                splitInRow=1,
                hAlign="LEFT",
            )
            table.setStyle(
                table_style(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
                        ("LINEAFTER", (1, 0), (1, -1), 0.3, RULE),
                    ]
                )
            )
            story.append(table)
            rows = []

    left_part, right_part = parts
    for left, right in zip_longest(left_part.blocks, right_part.blocks):
        kinds = {b.kind for b in (left, right) if b is not None}
        if "title" in kinds and kinds <= {"title"}:
            flush()
            if left is not None:
                story.append(Para(left.texts[0], st.title))
            if right is not None:
                story.append(Para(right.texts[0], st.subtitle))
            continue
        if "signatures" in kinds:
            flush()
            story += _signatures(parts, st, WIDTH)
            continue
        if "pagebreak" in kinds:
            flush()
            story.append(PageBreak())
            continue
        cells = [
            _flowables(block, part, st, col) if block is not None else []
            for block, part in ((left, left_part), (right, right_part))
        ]
        if kinds <= {"heading", "subheading"}:
            pending = cells if pending is None else [pending[0] + cells[0], pending[1] + cells[1]]
            continue
        if (
            left is not None
            and right is not None
            and kinds == {"bullets"}
            and len(left.texts) == len(right.texts)
            and pending is None
        ):
            # one row per item keeps the two lists level and lets them break between items
            rows.extend([[a], [b]] for a, b in zip(cells[0], cells[1], strict=True))
            continue
        if pending is not None:
            cells = [pending[0] + cells[0], pending[1] + cells[1]]
            pending = None
        rows.append(cells)
    flush()
    return story


# ------------------------------------------------------------------------------------------ page furniture
def _plain(text: str) -> str:
    return text.replace("<b>", "").replace("</b>", "")


def _header(request: DocumentRequest, parts: Sequence[Part], st: Styles) -> Callable[[Canvas, Any], None]:
    school = request.school
    logo = None
    if school.logo_path is not None:
        with contextlib.suppress(OSError, ValueError):
            logo = ImageReader(str(school.logo_path))
    cofunded = "<br/>".join(
        escape(text) for text in dict.fromkeys(p.content.labels.get("cofunded", "") for p in parts) if text
    )
    project_label = escape(parts[0].content.labels.get("project", "Project"))
    right_text = f"{cofunded}<br/>{project_label} <b>{escape(request.project.code)}</b>"
    top = PAGE_H - 10 * mm
    labels = parts[0].content.labels
    draft_mark = labels.get("draft", "DRAFT")

    def draw(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        x = MARGIN_X
        if logo is not None:
            w, h = logo.getSize()
            box_h = 15 * mm
            box_w = min(32 * mm, box_h * w / h if h else box_h)
            canvas.drawImage(
                logo,
                x,
                top - box_h,
                width=box_w,
                height=box_h,
                preserveAspectRatio=True,
                anchor="sw",
                mask="auto",
            )
            x += box_w + 4 * mm
        right_w = 68 * mm
        name = Para(escape(school.name), st.header_name)
        _, name_h = name.wrap(PAGE_W - MARGIN_X - right_w - 4 * mm - x, 20 * mm)
        name.drawOn(canvas, x, top - name_h)
        right = Para(right_text, st.header_right)
        _, right_h = right.wrap(right_w, 20 * mm)
        right.drawOn(canvas, PAGE_W - MARGIN_X - right_w, top - right_h)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, PAGE_H - MARGIN_TOP + 5 * mm, PAGE_W - MARGIN_X, PAGE_H - MARGIN_TOP + 5 * mm)
        if request.draft:
            canvas.setFont(f"{FAMILY}-Bold", 96)
            canvas.setFillColor(ALERT, alpha=0.18)
            canvas.translate(PAGE_W / 2, PAGE_H / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -30, draft_mark)
        canvas.restoreState()

    return draw


def _numbered_canvas(request: DocumentRequest, parts: Sequence[Part]) -> type[Canvas]:
    labels = parts[0].content.labels
    left = " \u00b7 ".join(
        [
            labels.get(f"doc.{request.kind}", request.kind),
            f"{labels.get('version', 'version')} {request.version}",
            request.issued_on.isoformat(),
        ]
    )

    class NumberedCanvas(EmbeddedCanvas):
        """Collects the pages, then writes "page X of Y" on each once the count is known."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # private, not in the stubs

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self.setFont(FAMILY, 7.4)
                self.setFillColor(GREY)
                self.drawString(MARGIN_X, 9 * mm, left)
                right = " \u00b7 ".join(
                    dict.fromkeys(page_label(p.content.labels, number, total) for p in parts)
                )
                self.drawRightString(PAGE_W - MARGIN_X, 9 * mm, right)
                super().showPage()
            super().save()

    return NumberedCanvas
