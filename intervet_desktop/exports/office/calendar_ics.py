"""An iCalendar file of the office's dates, written with the ``icalendar`` package.

Every event has a stable UID (kind and row id), so importing a newer file into a calendar
updates the events instead of duplicating them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event

from intervet_desktop.exports.atomic import atomic_path

UID_DOMAIN = "intervet-desktop.local"


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # "opportunity-12": unique within the database and stable across exports
    day: date
    summary: str
    description: str = ""
    category: str = ""
    changed_at: datetime | None = None  # last change of the source row (DTSTAMP / LAST-MODIFIED)
    end_day: date | None = None  # inclusive; None: a one-day event


def write_calendar(target: Path, entries: list[CalendarEntry], *, name: str) -> int:
    cal = Calendar()
    cal.add("prodid", "-//InterVET Desktop//International office//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for entry in sorted(entries, key=lambda e: (e.day, e.uid)):
        event = Event()
        event.add("uid", f"{entry.uid}@{UID_DOMAIN}")
        stamp = (entry.changed_at or datetime(2000, 1, 1, tzinfo=UTC)).astimezone(UTC).replace(microsecond=0)
        event.add("dtstamp", stamp)
        event.add("last-modified", stamp)
        event.add("dtstart", entry.day)
        event.add("dtend", (entry.end_day or entry.day) + timedelta(days=1))
        event.add("summary", entry.summary)
        if entry.description:
            event.add("description", entry.description)
        if entry.category:
            event.add("categories", [entry.category])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    with atomic_path(target) as tmp:
        tmp.write_bytes(cal.to_ical())
    return len(entries)
