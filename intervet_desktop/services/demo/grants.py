"""Grants of demo mobilities, computed by the real engine (core.grant) with the built-in rate set
of each project's call year; the snapshot records that rate set's id and version.

A breakdown depends on the dates only through the number of days, so results are cached on
the inputs that matter (a demo of 100,000 mobilities has a few thousand distinct breakdowns).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, select

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.grant import GrantInput, GrantLineResult, compute_grant
from intervet_desktop.core.rates import RateSet
from intervet_desktop.core.rates_builtin import builtin_for_year
from intervet_desktop.db.models import RateSetRow
from intervet_desktop.services.rates import install_builtin_in, lock_in

log = logging.getLogger(__name__)

#: any fixed Monday: only the number of days reaches the breakdown
_ANCHOR = date(2025, 1, 6)


@dataclass(frozen=True)
class DemoGrant:
    lines: tuple[GrantLineResult, ...]
    participant_cents: int
    organisation_cents: int
    rate_set_row_id: int
    rate_set_version: int

    @property
    def total_cents(self) -> int:
        return self.participant_cents + self.organisation_cents


class GrantBook:
    """The rate set of each call year (installed in the demo's transaction), one engine call per
    distinct input. Holds no session, so a worker process can use a copy."""

    def __init__(self, sets: dict[int, tuple[int, RateSet]]) -> None:
        self._sets = sets
        self._cache: dict[tuple[object, ...], DemoGrant] = {}
        self.used_rows: set[int] = set()
        self.refused = 0

    @classmethod
    def prepare(cls, session: Session, call_years: set[int]) -> GrantBook:
        """Install the built-in rate sets and look up the row of each call year's set."""
        install_builtin_in(session)
        sets: dict[int, tuple[int, RateSet]] = {}
        for year in sorted(call_years):
            rates = builtin_for_year(year)
            row = session.exec(
                select(RateSetRow).where(RateSetRow.code == rates.id, RateSetRow.version == rates.version)
            ).one()
            assert row.id is not None
            sets[year] = (row.id, rates)
        return cls(sets)

    def absorb(self, other: GrantBook) -> None:
        """Take over what a copy (in the worker process) used and refused."""
        self.used_rows |= other.used_rows
        self.refused += other.refused

    def compute(
        self,
        *,
        call_year: int,
        activity_type: str,
        destination_country: str,
        distance_km: int,
        green: bool,
        activity_days: int,
        travel_days: int,
        course_days: int,
        accompanying: bool,
        fewer_opportunities: bool,
        inclusion_real_cost_cents: int,
    ) -> DemoGrant:
        key = (call_year, activity_type, destination_country, distance_km, green, activity_days, travel_days,
               course_days, accompanying, fewer_opportunities, inclusion_real_cost_cents)  # fmt: skip
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        row_id, rates = self._sets[call_year]
        inp = GrantInput(
            activity_type=activity_type,
            receiving_country=destination_country,
            start=_ANCHOR,
            end=_ANCHOR + timedelta(days=activity_days - 1),
            travel_days=travel_days,
            green_travel=green,
            distance_km=distance_km,
            course_days=course_days,
            fewer_opportunities=fewer_opportunities,
            inclusion_real_cost_cents=inclusion_real_cost_cents,
            is_accompanying=accompanying,
        )
        try:
            breakdown = compute_grant(inp, rates)
            grant = DemoGrant(
                breakdown.lines,
                breakdown.participant_total_cents,
                breakdown.organisation_total_cents,
                row_id,
                rates.version,
            )
        except ValidationError:
            # generated data the rules refuse (should not happen): no grant rather than a wrong one
            self.refused += 1
            grant = DemoGrant((), 0, 0, row_id, rates.version)
        self.used_rows.add(row_id)
        self._cache[key] = grant
        return grant

    def finish(self, session: Session) -> None:
        """Lock the rate set versions the snapshots use (they are never edited again)."""
        lock_in(session, self.used_rows)
        if self.refused:
            log.warning("demo: %d generated mobilities had inputs the grant rules refuse", self.refused)
