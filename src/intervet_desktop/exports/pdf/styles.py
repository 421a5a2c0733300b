"""DejaVu Sans registered as one family (so ``<b>``/``<i>`` stay in the Unicode font) and the styles."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.pdfbase.ttfonts import TTFont

from intervet_desktop.resources import FONT_BOLD, FONT_BOLD_ITALIC, FONT_ITALIC, FONT_REGULAR, resource_path

FAMILY = "DejaVuSans"
GREY = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#f0f2f5")


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
    body = ParagraphStyle("body", fontName=font, fontSize=9.2, leading=12.2, spaceAfter=4)
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
