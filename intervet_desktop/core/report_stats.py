"""Final-report statistics of a project's mobilities (pure: records in, tables out).

Cancelled mobilities are left out. Ages are at the start of the mobility; durations count the
days of the activity, both ends included (travel days apart)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("under 18", 0, 17),
    ("18-19", 18, 19),
    ("20-24", 20, 24),
    ("25-34", 25, 34),
    ("35-49", 35, 49),
    ("50 and over", 50, 200),
)
DURATION_BANDS: tuple[tuple[str, int, int], ...] = (
    ("1-9 days", 1, 9),
    ("10-29 days", 10, 29),
    ("30-89 days", 30, 89),
    ("90-179 days", 90, 179),
    ("180 days and over", 180, 100_000),
)
UNKNOWN = "unknown"


@dataclass(frozen=True)
class StatRecord:
    activity_type: str
    country: str
    direction: str
    gender: str
    birth_date: date | None
    start: date
    end: date
    fewer_opportunities: bool
    green_travel: bool
    force_majeure: bool = False  # kept in the figures (the rules keep its costs), counted as such


@dataclass(frozen=True)
class StatTable:
    key: str
    title: str
    rows: tuple[tuple[str, int], ...]
    total: int
    chart: str = "bar"  # "bar" or "pie"

    def share(self, count: int) -> float:
        return count / self.total if self.total else 0.0


@dataclass(frozen=True)
class StatsReport:
    code: str
    title: str
    mobilities: int
    tables: tuple[StatTable, ...]


def age_at(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _band(value: int | None, bands: tuple[tuple[str, int, int], ...]) -> str:
    if value is None:
        return UNKNOWN
    for label, low, high in bands:
        if low <= value <= high:
            return label
    return UNKNOWN


def _ordered(counter: Counter[str], order: Iterable[str] | None = None) -> tuple[tuple[str, int], ...]:
    if order is None:
        return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    labels = [o for o in order if counter.get(o)]
    rest = sorted(k for k in counter if k not in labels)
    return tuple((k, counter[k]) for k in [*labels, *rest])


def compute(code: str, title: str, records: Iterable[StatRecord]) -> StatsReport:
    activity: Counter[str] = Counter()
    country: Counter[str] = Counter()
    gender: Counter[str] = Counter()
    age: Counter[str] = Counter()
    duration: Counter[str] = Counter()
    fewer: Counter[str] = Counter()
    green: Counter[str] = Counter()
    direction: Counter[str] = Counter()
    force: Counter[str] = Counter()
    total = 0
    for r in records:
        total += 1
        activity[r.activity_type] += 1
        country[r.country or UNKNOWN] += 1
        gender[r.gender or UNKNOWN] += 1
        age[_band(age_at(r.birth_date, r.start) if r.birth_date else None, AGE_BANDS)] += 1
        duration[_band((r.end - r.start).days + 1, DURATION_BANDS)] += 1
        fewer["with fewer opportunities" if r.fewer_opportunities else "others"] += 1
        green["green travel" if r.green_travel else "other travel"] += 1
        direction[r.direction] += 1
        force["force majeure" if r.force_majeure else "without force majeure"] += 1
    tables: tuple[StatTable, ...] = (
        StatTable("activity", "Mobilities by activity type", _ordered(activity), total),
        StatTable("country", "Mobilities by country of destination", _ordered(country), total),
        StatTable("gender", "Participants by gender", _ordered(gender), total, "pie"),
        StatTable("age", "Participants by age at start", _ordered(age, [b[0] for b in AGE_BANDS]), total),
        StatTable(
            "duration", "Mobilities by duration", _ordered(duration, [b[0] for b in DURATION_BANDS]), total
        ),
        StatTable(
            "fewer",
            "Participants with fewer opportunities",
            _ordered(fewer, ["with fewer opportunities"]),
            total,
            "pie",
        ),
        StatTable("green", "Green travel", _ordered(green, ["green travel"]), total, "pie"),
        StatTable(
            "direction", "Incoming and outgoing", _ordered(direction, ["outgoing", "incoming"]), total, "pie"
        ),
    )
    if force["force majeure"]:
        tables += (
            StatTable(
                "force_majeure",
                "Mobilities under force majeure",
                _ordered(force, ["force majeure"]),
                total,
                "pie",
            ),
        )
    return StatsReport(code, title, total, tables)
