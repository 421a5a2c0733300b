"""Which evidence a mobility needs, and which signed document proves which evidence."""

from __future__ import annotations

from collections.abc import Iterable

from intervet_desktop.core.enums import Direction, DocumentKind, EvidenceKind

REQUIRED: dict[str, tuple[EvidenceKind, ...]] = {
    Direction.OUTGOING: (
        EvidenceKind.MOBILITY_AGREEMENT,
        EvidenceKind.GRANT_AGREEMENT,
        EvidenceKind.CERTIFICATE,
        EvidenceKind.TRAVEL,
        EvidenceKind.PARTICIPANT_REPORT,
    ),
    # the school hosts: it keeps the agreement and issues the certificate; no grant is paid out
    Direction.INCOMING: (EvidenceKind.MOBILITY_AGREEMENT, EvidenceKind.CERTIFICATE),
}

EVIDENCE_OF_DOCUMENT: dict[str, EvidenceKind] = {
    DocumentKind.MOBILITY_AGREEMENT: EvidenceKind.MOBILITY_AGREEMENT,
    DocumentKind.GRANT_AGREEMENT: EvidenceKind.GRANT_AGREEMENT,
    DocumentKind.CERTIFICATE: EvidenceKind.CERTIFICATE,
}


def required_evidence(direction: str) -> tuple[EvidenceKind, ...]:
    return REQUIRED.get(direction, REQUIRED[Direction.OUTGOING])


def missing_count(direction: str, done: Iterable[str]) -> int:
    """How many required evidence items are not done yet (the mobility's ``missing_evidence``)."""
    done_set = set(done)
    return sum(1 for kind in required_evidence(direction) if kind not in done_set)
