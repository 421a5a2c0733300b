"""A one-page roadmap for the school's management: objectives, indicator progress, actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Table, TableStyle

from intervet_desktop.exports.atomic import atomic_path
from intervet_desktop.exports.pdf.styles import RULE, SHADE, styles

BAR_FULL = colors.HexColor("#2e7d32")
BAR_EMPTY = colors.HexColor("#e0e0e0")


@dataclass(frozen=True)
class IndicatorLine:
    name: str
    baseline: str
    target: str
    actual: str
    progress: int | None
    how: str


@dataclass(frozen=True)
class ActionLine:
    title: str
    owner: str
    start: date
    due: date
    status: str
    overdue: bool


@dataclass(frozen=True)
class ObjectiveBlock:
    title: str
    progress: int | None
    indicators: tuple[IndicatorLine, ...]
    actions: tuple[ActionLine, ...]


@dataclass(frozen=True)
class RoadmapDocument:
    school: str
    country: str
    on: date
    objectives: tuple[ObjectiveBlock, ...]


def _bar(progress: int | None) -> Table:
    share = max(0, min(100, progress or 0))
    width = 30 * mm
    filled = max(0.01, width * share / 100)
    table = Table([["", ""]], colWidths=[filled, max(0.01, width - filled)], rowHeights=[3 * mm])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, 0), BAR_FULL),
                ("BACKGROUND", (1, 0), (1, 0), BAR_EMPTY),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def write_roadmap_pdf(target: Path, doc: RoadmapDocument) -> None:
    s = styles()

    def p(text: str, style: Any = s.body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[Flowable] = [
        p("Internationalisation roadmap", s.title),
        p(f"{doc.school} ({doc.country}) · {doc.on:%d.%m.%Y}", s.subtitle),
    ]
    if not doc.objectives:
        story.append(p("No objectives recorded yet."))
    for obj in doc.objectives:
        progress = (
            "no measurement yet" if obj.progress is None else f"{obj.progress} % of the way to the targets"
        )
        story.append(p(f"{obj.title} ({progress})", s.heading))
        if obj.indicators:
            rows: list[list[object]] = [
                [
                    p("Indicator", s.label),
                    p("Baseline", s.label),
                    p("Target", s.label),
                    p("Actual", s.label),
                    p("Progress", s.label),
                ]
            ]
            for i in obj.indicators:
                rows.append(
                    [
                        [p(i.name, s.value), p(i.how, s.small)],
                        p(i.baseline, s.amount),
                        p(i.target, s.amount),
                        p(i.actual, s.amount),
                        [_bar(i.progress), p("" if i.progress is None else f"{i.progress} %", s.small)],
                    ]
                )
            table = Table(rows, colWidths=[88 * mm, 18 * mm, 18 * mm, 18 * mm, 34 * mm], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                    ]
                )
            )
            story.append(table)
        for a in obj.actions:
            late = " · OVERDUE" if a.overdue else ""
            owner = f" · {a.owner}" if a.owner else ""
            story.append(
                Paragraph(
                    f"{escape(a.title)} <font color='#555555'>({a.start:%d.%m.%Y} – {a.due:%d.%m.%Y} · "
                    f"{escape(a.status)}{escape(owner)}{late})</font>",
                    s.bullet,
                    bulletText="•",
                )
            )
    frame_w, frame_h = A4[0] - 30 * mm, A4[1] - 30 * mm
    with atomic_path(target) as tmp:
        pdf = SimpleDocTemplate(
            str(tmp),
            pagesize=A4,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=15 * mm,
            bottomMargin=15 * mm,
            title=f"Internationalisation roadmap: {doc.school}",
            author="InterVET Desktop",
        )
        pdf.build([KeepInFrame(frame_w, frame_h, story, mode="shrink")])
