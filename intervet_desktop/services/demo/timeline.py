"""When things happen to a mobility: its status for today, the dated status history, and which
evidence is due at each stage."""

from __future__ import annotations

import random
from datetime import date, timedelta

from intervet_desktop.core.enums import EvidenceKind, MobilityStatus

S = MobilityStatus
ORDER = (S.PLANNED, S.AGREEMENT_SENT, S.AGREEMENT_SIGNED, S.ONGOING, S.COMPLETED, S.REPORTED)

# Evidence that must be in hand once a mobility has reached a status.
REQUIRED: dict[MobilityStatus, tuple[EvidenceKind, ...]] = {
    S.PLANNED: (),
    S.AGREEMENT_SENT: (),
    S.AGREEMENT_SIGNED: (EvidenceKind.MOBILITY_AGREEMENT, EvidenceKind.GRANT_AGREEMENT),
    S.ONGOING: (EvidenceKind.MOBILITY_AGREEMENT, EvidenceKind.GRANT_AGREEMENT),
    S.COMPLETED: (
        EvidenceKind.MOBILITY_AGREEMENT,
        EvidenceKind.GRANT_AGREEMENT,
        EvidenceKind.CERTIFICATE,
        EvidenceKind.TRAVEL,
    ),
    S.REPORTED: tuple(EvidenceKind),
    S.CANCELLED: (),
}


def between(rng: random.Random, low: int, high: int) -> int:
    """Like ``rng.randint(low, high)``, several times faster (it is called millions of times)."""
    return low + int(rng.random() * (high - low + 1))


def status_for(rng: random.Random, start: date, end: date, today: date, project_end: date) -> MobilityStatus:
    if rng.random() < 0.03:
        return S.CANCELLED
    if end < today:
        if project_end < today or ((today - end).days > 30 and rng.random() < 0.7):
            return S.REPORTED
        return S.COMPLETED
    if start <= today:
        return S.ONGOING
    ahead = (start - today).days
    roll = rng.random()
    if ahead > 75:
        return S.PLANNED if roll < 0.8 else S.AGREEMENT_SENT
    if ahead > 30:
        return S.PLANNED if roll < 0.25 else S.AGREEMENT_SENT if roll < 0.7 else S.AGREEMENT_SIGNED
    return S.AGREEMENT_SENT if roll < 0.25 else S.AGREEMENT_SIGNED


def history(
    rng: random.Random, status: MobilityStatus, start: date, end: date, today: date, earliest: date
) -> list[tuple[MobilityStatus, date]]:
    """The statuses reached, each with its date: chronological and never after today."""
    if status == S.CANCELLED:
        reached = rng.choice((S.PLANNED, S.AGREEMENT_SENT, S.AGREEMENT_SIGNED))
        steps = list(ORDER[: ORDER.index(reached) + 1])
    else:
        steps = list(ORDER[: ORDER.index(status) + 1])
    wanted = {
        S.PLANNED: start - timedelta(days=between(rng, 60, 150)),
        S.AGREEMENT_SENT: start - timedelta(days=between(rng, 25, 55)),
        S.AGREEMENT_SIGNED: start - timedelta(days=between(rng, 5, 20)),
        S.ONGOING: start,
        S.COMPLETED: end,
        S.REPORTED: end + timedelta(days=between(rng, 10, 40)),
    }
    events: list[tuple[MobilityStatus, date]] = []
    last = min(max(wanted[S.PLANNED], earliest), today)
    for step in steps:
        on = min(max(wanted[step], last), today)
        events.append((step, on))
        last = on
    if status == S.CANCELLED:
        on = min(max(last + timedelta(days=between(rng, 1, 20)), last), today)
        events.append((S.CANCELLED, on))
    return events
