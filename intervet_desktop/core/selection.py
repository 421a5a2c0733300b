"""Selection of applicants: totals, ranking with tie-breakers, quotas, waiting list, promotion.

Pure rules, no DB. The rules, as published with a call:

* **Total.** For each criterion, the mean of the points given by the evaluators who scored it,
  leaving out an evaluator who declared a conflict of interest for that application. The total
  is the sum of ``weight x mean`` over the criteria, rounded half up to hundredths of a point
  (Decimal arithmetic). An application with a criterion nobody (without a conflict) scored has
  no total and is not ranked.
* **Ranking.** Higher total first. Equal totals are ordered by the call's tie-breakers in order
  (``Call.tie_breakers``, a comma list of :data:`TIE_BREAKERS` keys; default: first-time
  participants first, then participants with fewer opportunities first, then earlier
  submission). When all of them are equal, the application number decides, so ranks are unique
  and the same data always gives the same ranking.
* **Places and quotas.** Walking down the ranking, an applicant takes a place while places are
  left, in the first of their preferences (country or host, in their order) whose quota still
  has room. A preference no quota covers is limited only by the total. An applicant whose every
  preference is in a full quota is not selected and does not block the next one.
* **Waiting list.** Every ranked applicant not selected is a reserve, in ranking order.
* **Promotion.** When a selected applicant withdraws, the first reserve who fits (places and
  quotas, counting the remaining selected) is proposed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from intervet_desktop.core.messages import Message, msg, register

register("sel_selected", "rank {rank}; selected{slot}")
register("sel_reserve", "rank {rank}; reserve {position}")
register("sel_reserve_quota", "rank {rank}; reserve {position}; not selected: quota for {quota} full")
register("sel_not_eligible", "not ranked: not eligible{detail}")
register("sel_unscored", "not ranked: no score for {criteria}")
register("sel_withdrawn", "withdrawn")
register("sel_tie", "{text}; after {number} on an equal total by {breaker}")
register("sel_promoted", "rank {rank}; selected from reserve {position} after {number} withdrew{slot}")
register("sel_unknown_tie_breaker", "Unknown tie-breaker '{value}'. Choose from {choices}.")

HUNDRED = Decimal(100)


class TieBreaker(StrEnum):
    FIRST_TIME = "first_time"
    FEWER_OPPORTUNITIES = "fewer_opportunities"
    SUBMITTED_AT = "submitted_at"


TIE_BREAKERS: dict[str, str] = {
    TieBreaker.FIRST_TIME: "first-time participant first",
    TieBreaker.FEWER_OPPORTUNITIES: "fewer opportunities first",
    TieBreaker.SUBMITTED_AT: "earlier submission first",
}
DEFAULT_TIE_BREAKERS = "first_time,fewer_opportunities,submitted_at"


def parse_tie_breakers(text: str) -> tuple[TieBreaker, ...]:
    """'first_time, submitted_at' -> the breakers in order; ValueError names an unknown one."""
    found: list[TieBreaker] = []
    for part in text.split(","):
        key = part.strip().lower().replace("-", "_").replace(" ", "_")
        if not key:
            continue
        try:
            breaker = TieBreaker(key)
        except ValueError as exc:
            raise ValueError(key) from exc
        if breaker not in found:
            found.append(breaker)
    return tuple(found)


def tie_breaker_problem(text: str) -> Message | None:
    try:
        parse_tie_breakers(text)
    except ValueError as exc:
        return msg("sel_unknown_tie_breaker", value=str(exc), choices=", ".join(TIE_BREAKERS))
    return None


# ---------------------------------------------------------------- totals


@dataclass(frozen=True)
class CriterionRule:
    id: int
    name: str
    weight: int
    max_points: int


@dataclass(frozen=True)
class Total:
    """An application's total with the per-criterion means that explain it."""

    hundredths: int | None
    means: dict[int, Decimal]  # criterion id -> mean points (exact)
    missing: tuple[str, ...]  # names of criteria without any usable score


def total_of(
    criteria: Sequence[CriterionRule],
    scores: Mapping[tuple[int, int], int],
    excluded_evaluators: Iterable[int] = (),
) -> Total:
    """``scores``: (criterion id, evaluator id) -> points in hundredths, for one application."""
    excluded = set(excluded_evaluators)
    by_criterion: dict[int, list[int]] = {}
    for (criterion_id, evaluator_id), points in scores.items():
        if evaluator_id not in excluded:
            by_criterion.setdefault(criterion_id, []).append(points)
    means: dict[int, Decimal] = {}
    missing: list[str] = []
    total = Decimal(0)
    for criterion in criteria:
        given = by_criterion.get(criterion.id)
        if not given:
            missing.append(criterion.name)
            continue
        mean = Decimal(sum(given)) / HUNDRED / len(given)
        means[criterion.id] = mean
        total += criterion.weight * mean
    if missing or not criteria:
        return Total(None, means, tuple(missing))
    hundredths = int((total * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return Total(hundredths, means, ())


# ---------------------------------------------------------------- ranking and selection


@dataclass(frozen=True)
class Slot:
    """One preference: a host (organisation id) and/or a country."""

    country: str | None = None
    host_id: int | None = None


@dataclass(frozen=True)
class Quota:
    places: int
    country: str | None = None
    host_id: int | None = None
    label: str = ""  # what a reason shows ("PT", "Escola X")

    def covers(self, slot: Slot) -> bool:
        if self.host_id is not None:
            return slot.host_id == self.host_id
        return self.country is not None and slot.country == self.country

    @property
    def name(self) -> str:
        return self.label or self.country or f"host {self.host_id}"


@dataclass(frozen=True)
class Candidate:
    id: int
    number: str
    total_hundredths: int | None
    submitted_at: datetime
    first_time: bool = False
    fewer_opportunities: bool = False
    eligible: bool = True
    withdrawn: bool = False
    preferences: tuple[Slot, ...] = ()
    missing: tuple[str, ...] = ()
    ineligible_reason: str = ""


class Outcome(StrEnum):
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_RANKED = "not_ranked"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Decision:
    id: int
    outcome: Outcome
    rank: int | None
    reason: Message
    reserve_position: int | None = None
    slot: Slot | None = None


@dataclass
class Selection:
    decisions: list[Decision] = field(default_factory=list)

    def by_id(self) -> dict[int, Decision]:
        return {d.id: d for d in self.decisions}

    @property
    def selected(self) -> list[Decision]:
        return [d for d in self.decisions if d.outcome is Outcome.SELECTED]

    @property
    def reserves(self) -> list[Decision]:
        return sorted(
            (d for d in self.decisions if d.outcome is Outcome.RESERVE),
            key=lambda d: d.reserve_position or 0,
        )


def _key(candidate: Candidate, breakers: Sequence[TieBreaker]) -> tuple[object, ...]:
    parts: list[object] = [-(candidate.total_hundredths or 0)]
    for breaker in breakers:
        if breaker is TieBreaker.FIRST_TIME:
            parts.append(not candidate.first_time)
        elif breaker is TieBreaker.FEWER_OPPORTUNITIES:
            parts.append(not candidate.fewer_opportunities)
        else:
            parts.append(candidate.submitted_at)
    parts.append(candidate.number)
    return tuple(parts)


def rank(candidates: Iterable[Candidate], breakers: Sequence[TieBreaker]) -> list[Candidate]:
    """The rankable candidates (eligible, with a total, not withdrawn) best first."""
    ranked = [c for c in candidates if c.eligible and c.total_hundredths is not None and not c.withdrawn]
    ranked.sort(key=lambda c: _key(c, breakers))
    return ranked


def _tie_note(before: Candidate, after: Candidate, breakers: Sequence[TieBreaker]) -> str | None:
    if before.total_hundredths != after.total_hundredths:
        return None
    a, b = _key(before, breakers), _key(after, breakers)
    for index, breaker in enumerate(breakers, start=1):
        if a[index] != b[index]:
            return TIE_BREAKERS[breaker]
    return "application number"


class _Places:
    """Free places overall and per quota."""

    def __init__(self, total: int, quotas: Sequence[Quota]) -> None:
        self.left = total
        self.quotas = list(quotas)
        self.used = [0] * len(self.quotas)

    def _quota_index(self, slot: Slot) -> int | None:
        # a host quota is more specific than a country quota
        for index, quota in enumerate(self.quotas):
            if quota.host_id is not None and quota.covers(slot):
                return index
        for index, quota in enumerate(self.quotas):
            if quota.host_id is None and quota.covers(slot):
                return index
        return None

    def fit(self, preferences: Sequence[Slot]) -> tuple[Slot | None, list[str]]:
        """The first preference with room (or an unconstrained place), or the full quotas met."""
        if self.left <= 0:
            return None, []
        full: list[str] = []
        for slot in preferences or (Slot(),):
            index = self._quota_index(slot)
            if index is None:
                return slot, []
            quota = self.quotas[index]
            if self.used[index] < quota.places:
                return slot, []
            if quota.name not in full:
                full.append(quota.name)
        return None, full

    def take(self, slot: Slot) -> None:
        self.left -= 1
        index = self._quota_index(slot)
        if index is not None:
            self.used[index] += 1


def _slot_text(slot: Slot | None, labels: Mapping[Slot, str]) -> str:
    if slot is None or (slot.country is None and slot.host_id is None):
        return ""
    return f" ({labels.get(slot) or slot.country or f'host {slot.host_id}'})"


def select(
    candidates: Sequence[Candidate],
    places: int,
    quotas: Sequence[Quota] = (),
    breakers: Sequence[TieBreaker] = tuple(TieBreaker),
    slot_labels: Mapping[Slot, str] | None = None,
) -> Selection:
    """Rank, give places in ranking order respecting quotas, put the rest on the waiting list."""
    labels = slot_labels or {}
    ranked = rank(candidates, breakers)
    free = _Places(places, quotas)
    result = Selection()
    reserve = 0
    previous: Candidate | None = None
    for position, candidate in enumerate(ranked, start=1):
        slot, full = free.fit(candidate.preferences)
        if slot is not None:
            free.take(slot)
            reason = msg("sel_selected", rank=position, slot=_slot_text(slot, labels))
            decision = Decision(candidate.id, Outcome.SELECTED, position, reason, slot=slot)
        else:
            reserve += 1
            if full:
                reason = msg("sel_reserve_quota", rank=position, position=reserve, quota=", ".join(full))
            else:
                reason = msg("sel_reserve", rank=position, position=reserve)
            decision = Decision(candidate.id, Outcome.RESERVE, position, reason, reserve_position=reserve)
        if previous is not None:
            note = _tie_note(previous, candidate, breakers)
            if note is not None:
                tied = msg("sel_tie", text=decision.reason.render(), number=previous.number, breaker=note)
                decision = Decision(
                    decision.id,
                    decision.outcome,
                    decision.rank,
                    tied,
                    decision.reserve_position,
                    decision.slot,
                )
        result.decisions.append(decision)
        previous = candidate
    ranked_ids = {c.id for c in ranked}
    for candidate in candidates:
        if candidate.id in ranked_ids:
            continue
        if candidate.withdrawn:
            reason = msg("sel_withdrawn")
            outcome = Outcome.WITHDRAWN
        elif not candidate.eligible:
            detail = f" ({candidate.ineligible_reason})" if candidate.ineligible_reason else ""
            reason = msg("sel_not_eligible", detail=detail)
            outcome = Outcome.NOT_RANKED
        else:
            reason = msg("sel_unscored", criteria=", ".join(candidate.missing) or "-")
            outcome = Outcome.NOT_RANKED
        result.decisions.append(Decision(candidate.id, outcome, None, reason))
    return result


@dataclass(frozen=True)
class Promotion:
    candidate_id: int
    slot: Slot
    reason: Message


def propose_promotion(
    ranked: Sequence[Candidate],
    selected_ids: Iterable[int],
    reserve_order: Sequence[int],
    withdrawn: Candidate,
    places: int,
    quotas: Sequence[Quota] = (),
    slot_labels: Mapping[Slot, str] | None = None,
) -> Promotion | None:
    """The first reserve who fits once ``withdrawn`` leaves, given who stays selected.

    ``ranked``: candidates in ranking order (any that are still selected are placed first, in
    that order, to count the quotas they use); ``reserve_order``: candidate ids on the waiting list.
    """
    labels = slot_labels or {}
    staying = set(selected_ids) - {withdrawn.id}
    free = _Places(places, quotas)
    by_id = {c.id: c for c in ranked}
    for candidate in ranked:
        if candidate.id in staying:
            slot, _full = free.fit(candidate.preferences)
            free.take(slot or Slot())
    positions = {c.id: i for i, c in enumerate(ranked, start=1)}
    for position, candidate_id in enumerate(reserve_order, start=1):
        reserve = by_id.get(candidate_id)
        if reserve is None or reserve.withdrawn or not reserve.eligible:
            continue
        slot, _full = free.fit(reserve.preferences)
        if slot is not None:
            reason = msg(
                "sel_promoted",
                rank=positions[candidate_id],
                position=position,
                number=withdrawn.number,
                slot=_slot_text(slot, labels),
            )
            return Promotion(candidate_id, slot, reason)
    return None
