"""DejaVu Sans registered as one family (so ``<b>``/``<i>`` stay in the Unicode font) and the styles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, TableStyle

from intervet_desktop.locator import FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC, FONT_REGULAR, resource_path

FAMILY = "DejaVuSans"
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#f0f2f5")
ALERT = colors.HexColor("#b71c1c")  # an amendment's note and a draft's mark


@cache
def register_fonts() -> str:
    faces = {
        FAMILY: FONT_REGULAR,
        f"{FAMILY}-Bold": FONT_BOLD,
        f"{FAMILY}-Oblique": FONT_ITALIC,
        f"{FAMILY}-BoldOblique": FONT_BOLD_ITALIC,
    }
    for name, parts in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path(*parts))))
    registerFontFamily(
        FAMILY,
        normal=FAMILY,
        bold=f"{FAMILY}-Bold",
        italic=f"{FAMILY}-Oblique",
        boldItalic=f"{FAMILY}-BoldOblique",
    )
    return FAMILY


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    small: ParagraphStyle
    amount: ParagraphStyle
    header_name: ParagraphStyle
    header_right: ParagraphStyle


@cache
def styles() -> Styles:
    font = register_fonts()
    # bullets too: reportlab's default bullet font is Helvetica, never embedded
    body = ParagraphStyle(
        "body", fontName=font, bulletFontName=font, fontSize=9.2, leading=12.2, spaceAfter=4
    )
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=15,
            leading=19,
            spaceAfter=2,
            alignment=TA_CENTER,
        ),
        subtitle=ParagraphStyle(
            "subtitle",
            parent=body,
            fontSize=10.5,
            leading=13.5,
            textColor=GREY,
            alignment=TA_CENTER,
            spaceAfter=8,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=f"{font}-Bold",
            fontSize=10.5,
            leading=13.5,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        subheading=ParagraphStyle(
            "subheading", parent=body, fontName=f"{font}-Bold", spaceBefore=3, spaceAfter=1.5, keepWithNext=1
        ),
        body=body,
        bullet=ParagraphStyle("bullet", parent=body, leftIndent=11, bulletIndent=2, spaceAfter=2.5),
        label=ParagraphStyle("label", parent=body, fontSize=8.2, leading=10.5, textColor=GREY, spaceAfter=0),
        value=ParagraphStyle("value", parent=body, spaceAfter=0),
        small=ParagraphStyle("small", parent=body, fontSize=7.6, leading=9.6, textColor=GREY, spaceAfter=0),
        amount=ParagraphStyle("amount", parent=body, alignment=TA_RIGHT, spaceAfter=0),
        header_name=ParagraphStyle(
            "header_name", parent=body, fontName=f"{font}-Bold", fontSize=10, leading=12.5, spaceAfter=0
        ),
        header_right=ParagraphStyle(
            "header_right",
            parent=body,
            fontSize=7.6,
            leading=9.6,
            alignment=TA_RIGHT,
            spaceAfter=0,
            textColor=GREY,
        ),
    )


_PARSED: dict[tuple[str, int, str | None], tuple[Any, Any, Any, Any]] = {}
_PARSED_MAX = 20000


class Para(Paragraph):
    """A Paragraph that parses each (text, style) once per process and remembers its last
    line breaking.

    Most of a document's text is the same in every document of a batch (labels, clauses), and
    tables wrap their cells several times (measure, then draw); parsing the markup and breaking
    lines are the costly parts of rendering, and both depend only on text, style and width.
    The parsed fragments are shared read-only (reportlab derives new lists when it breaks lines).
    """

    _wrapped_for: float | None = None
    _wrapped: tuple[float, float] = (0.0, 0.0)

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:  # noqa: N803
        if (
            frags is not None
            or not isinstance(text, str)
            or not (bulletText is None or isinstance(bulletText, str))
        ):
            super()._setup(text, style, bulletText, frags, cleaner)  # type: ignore[misc]  # private, unstubbed
            return
        key = (text, id(style), bulletText)
        hit = _PARSED.get(key)
        if hit is None:
            super()._setup(text, style, bulletText, frags, cleaner)  # type: ignore[misc]  # private, unstubbed
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            own = vars(self)
            _PARSED[key] = (own["text"], own["frags"], own["style"], own["bulletText"])
            return
        self.__dict__.update(text=hit[0], frags=hit[1], style=hit[2], bulletText=hit[3], debug=0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if availWidth == self._wrapped_for and "blPara" in self.__dict__:
            return self._wrapped
        result: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_for, self._wrapped = availWidth, result
        return result


class EmbeddedCanvas(Canvas):
    """A canvas whose initial font is the embedded family: reportlab's default, Helvetica, is a
    base-14 font it never embeds, and an archived PDF must reference only embedded fonts."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        kwargs["initialFontName"] = FAMILY  # the doc templates pass their default, Helvetica
        super().__init__(*args, **kwargs)


def table_style(commands: Sequence[tuple[Any, ...]]) -> TableStyle:
    """A table style whose cells default to the embedded family (reportlab's default cell font is
    Helvetica, never embedded)."""
    return TableStyle([("FONT", (0, 0), (-1, -1), FAMILY), *commands])
