"""Dissemination events of a project with their totals, for the final report (.xlsx)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from intervet_desktop.exports.xlsx.writer import Column, xlsx_book

LABELS = {
    "workshop": "Workshop",
    "conference": "Conference",
    "newsletter": "Newsletter",
    "social_media": "Social media",
    "multiplier_event": "Multiplier event",
    "staff": "Staff",
    "learners": "Learners",
    "stakeholders": "Stakeholders",
    "public": "General public",
}


@dataclass(frozen=True)
class EventLine:
    held_on: date
    kind: str
    title: str
    organiser: str
    audience: str
    staff: int
    learners: int
    stakeholders: int
    public: int
    partners: str
    evidence_files: int


@dataclass(frozen=True)
class DisseminationReport:
    project_code: str
    project_title: str
    events: tuple[EventLine, ...]
    by_kind: tuple[tuple[str, int], ...]
    participants: tuple[tuple[str, int], ...]


def write_dissemination(target: Path, report: DisseminationReport, exported_on: date) -> None:
    intro = [f"Dissemination: {report.project_code}", report.project_title]
    with xlsx_book(target, f"Dissemination {report.project_code}", exported_on) as book:
        events = book.sheet(
            "Events",
            [
                Column("Date", "date", 12),
                Column("Type", "text", 16),
                Column("Title", "text", 40),
                Column("Organiser", "text", 30),
                Column("Audience", "text", 30),
                Column("Staff", "int", 9),
                Column("Learners", "int", 9),
                Column("Stakeholders", "int", 12),
                Column("General public", "int", 12),
                Column("Participants", "int", 12),
                Column("Partners involved", "text", 30),
                Column("Evidence files", "int", 10),
            ],
            intro=intro,
        )
        for e in report.events:
            events.row(
                [
                    e.held_on,
                    LABELS.get(e.kind, e.kind),
                    e.title,
                    e.organiser,
                    e.audience,
                    e.staff,
                    e.learners,
                    e.stakeholders,
                    e.public,
                    e.staff + e.learners + e.stakeholders + e.public,
                    e.partners,
                    e.evidence_files,
                ]
            )
        summary = book.sheet("Totals", [Column("What", "text", 30), Column("Total", "int", 12)], intro=intro)
        summary.row(["Events", len(report.events)])
        for kind, n in report.by_kind:
            summary.row([f"Events: {LABELS.get(kind, kind)}", n])
        for name, n in report.participants:
            summary.row([f"Participants: {LABELS.get(name, name)}", n])
        summary.row(["Participants: all", sum(n for _name, n in report.participants)])
