"""Final-report statistics as xlsx (one sheet per table) and as a PDF with bar and pie charts."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from intervet_desktop.core.report_stats import StatsReport, StatTable
from intervet_desktop.exports.pdf.styles import register_fonts
from intervet_desktop.exports.reports.pdf_report import PALETTE, para, table, write_report_pdf
from intervet_desktop.exports.xlsx.writer import Column, xlsx_book

SHEET_NAMES = {
    "activity": "Activity type",
    "country": "Country",
    "gender": "Gender",
    "age": "Age",
    "duration": "Duration",
    "fewer": "Fewer opportunities",
    "green": "Green travel",
    "direction": "Incoming-outgoing",
}
NO_MOBILITIES = "This project has no mobilities yet."


def write_stats_xlsx(target: Path, report: StatsReport, today: date) -> int:
    header = f"{report.code} {report.title}".strip()
    with xlsx_book(target, header, today) as book:
        overview = book.sheet(
            "Overview",
            [Column("Figure", "text", 40), Column("Value", "int", 14)],
            intro=[
                f"Final-report statistics: {report.code}",
                report.title or " ",
                f"Exported on {today.isoformat()}",
            ],
        )
        overview.row(["Mobilities (not cancelled)", report.mobilities])
        if not report.mobilities:
            overview.note(NO_MOBILITIES)
        for t in report.tables:
            sheet = book.sheet(
                SHEET_NAMES.get(t.key, t.key),
                [
                    Column("Category", "text", 30),
                    Column("Mobilities", "int", 12),
                    Column("Share", "percent", 10),
                ],
                intro=[t.title],
            )
            for label, count in t.rows:
                sheet.row([label, count, t.share(count)])
            if not t.rows:
                sheet.note(NO_MOBILITIES)
    return report.mobilities


def _bar(t: StatTable, width: float) -> Drawing:
    font = register_fonts()
    rows = t.rows[:15]
    height = 14 * len(rows) + 30
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 110, 15
    chart.width, chart.height = int(width) - 150, height - 25
    chart.data = [[c for _, c in reversed(rows)]]
    chart.categoryAxis.categoryNames = [label[:24] for label, _ in reversed(rows)]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = PALETTE[0]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    return d


def _pie(t: StatTable, width: float) -> Drawing:
    font = register_fonts()
    d = Drawing(width, 110)
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = 20, 8, 95, 95
    pie.data = [c for _, c in t.rows]
    pie.labels = None
    pie.slices.strokeColor = None
    for i in range(len(t.rows)):
        pie.slices[i].fillColor = PALETTE[i % len(PALETTE)]
    d.add(pie)
    for i, (label, count) in enumerate(t.rows[:7]):
        y = 92 - i * 13
        swatch = Rect(140, y, 8, 8)
        swatch.fillColor, swatch.strokeColor = PALETTE[i % len(PALETTE)], None
        d.add(swatch)
        d.add(String(153, y + 1, f"{label}: {count} ({t.share(count):.0%})", fontName=font, fontSize=8))
    return d


def write_stats_pdf(target: Path, report: StatsReport, today: date) -> int:
    width = 174 * mm
    story: list[Flowable] = [
        para(f"Final-report statistics: {report.code}", "title"),
        para(report.title or "", "subtitle"),
        para(f"{report.mobilities} mobilities (cancelled ones left out). Exported on {today.isoformat()}."),
    ]
    if not report.mobilities:
        story.append(para(NO_MOBILITIES))
    for t in report.tables:
        if not t.rows:
            continue
        story.append(CondPageBreak(70 * mm))
        story.append(para(t.title, "heading"))
        story.append(_pie(t, width) if t.chart == "pie" else _bar(t, width))
        story.append(Spacer(1, 3 * mm))
        rows = [[label, str(count), f"{t.share(count):.1%}"] for label, count in t.rows]
        story.append(table(["", "Mobilities", "Share"], rows, [90 * mm, 30 * mm, 30 * mm]))
    header = f"{report.code} {report.title}".strip()
    write_report_pdf(target, f"Statistics {report.code}", header, today, story)
    return report.mobilities
