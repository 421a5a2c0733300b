"""Signatures: the status per signing party, signed scans, the evidence they complete and the
queries for what is still to sign."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import (
    AttachmentKind,
    AuditAction,
    DocumentKind,
    MobilityStatus,
    SignatureParty,
    SignatureStatus,
)
from intervet_desktop.core.errors import UnusableFileError, ValidationError
from intervet_desktop.core.evidence import EVIDENCE_OF_DOCUMENT, missing_count
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Document,
    DocumentSignature,
    EvidenceItem,
    Mobility,
    MobilityStatusEvent,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import SIGNING_PARTIES
from intervet_desktop.services import audit
from intervet_desktop.services.attachments import store_bytes
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.documents.common import PendingSignature, SignatureInfo

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------ signatures
def _signature(
    session: Session, document_id: int, party: SignatureParty
) -> tuple[Document, DocumentSignature]:
    document = session.get(Document, document_id)
    if document is None:
        raise ValidationError.single("document", "not_found", entity="document", key="id", value=document_id)
    row = session.exec(
        select(DocumentSignature).where(
            DocumentSignature.document_id == document_id, DocumentSignature.party == party
        )
    ).first()
    if row is None:
        raise ValidationError.single("party", "doc_party_not_signing", kind=document.kind, party=party)
    return document, row


def _info(row: DocumentSignature) -> SignatureInfo:
    assert row.id is not None
    return SignatureInfo(
        row.id, row.document_id, row.party, row.status, row.sent_on, row.signed_on, row.attachment_id
    )


def set_signature_status(
    workspace: Workspace,
    document_id: int,
    party: SignatureParty,
    status: SignatureStatus,
    on: date | None = None,
) -> Result[SignatureInfo]:
    """Mark a party's signature as not sent, sent or signed (with the date; today by default)."""
    day = on or date.today()
    with workspace.session() as session:
        document, row = _signature(session, document_id, party)
        check_signature_date(document, day)
        before = {"status": row.status, "sent_on": row.sent_on, "signed_on": row.signed_on}
        row.status = status
        if status == SignatureStatus.NOT_SENT:
            row.sent_on = row.signed_on = None
        elif status == SignatureStatus.SENT:
            row.sent_on, row.signed_on = day, None
        else:
            row.sent_on = row.sent_on or day
            row.signed_on = day
        row.updated_at = utcnow()
        session.add(row)
        assert row.id is not None
        audit.record(
            session,
            "document_signature",
            row.id,
            AuditAction.UPDATE,
            audit.diff(before, {"status": row.status, "sent_on": row.sent_on, "signed_on": row.signed_on}),
        )
        session.flush()
        changes = Changes.of(Kind.DOCUMENT_SIGNATURE, row.id).add(Kind.DOCUMENT, [document_id])
        changes.merge(_after_signature_change(session, document, day))
        info = _info(row)
    return Result(info, changes)


def attach_signed_scan(
    workspace: Workspace,
    document_id: int,
    scan: Path,
    *,
    parties: Sequence[SignatureParty] | None = None,
    signed_on: date | None = None,
    dates: Mapping[SignatureParty, date] | None = None,
) -> Result[list[SignatureInfo]]:
    """Keep the signed scan (PDF or image) with the document, mark the parties as signed (all the
    document's parties by default) on the date each signed (``dates``; ``signed_on`` for the
    others, today by default) and update the mobility's evidence checklist. A date before the
    document was made, or in the future, is refused."""
    try:
        data = scan.read_bytes()
    except OSError as exc:
        if not scan.exists():
            raise UnusableFileError.of("file_not_found", path=scan) from exc
        raise UnusableFileError.of("doc_scan_unreadable", path=scan, detail=exc.strerror or str(exc)) from exc
    mime = _scan_type(data)
    if mime is None:
        raise UnusableFileError.of("doc_scan_type", path=scan)
    day = signed_on or date.today()
    with workspace.session() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise ValidationError.single(
                "document", "not_found", entity="document", key="id", value=document_id
            )
        assert document.id is not None
        wanted = list(parties) if parties else list(SIGNING_PARTIES[document.kind])
        rows = [_signature(session, document_id, party)[1] for party in wanted]
        days = {party.value: (dates or {}).get(party, day) for party in wanted}
        for when in days.values():
            check_signature_date(document, when)
        attachment = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=scan.name,
            mime_type=mime,
            kind=AttachmentKind.SIGNED_SCAN,
            owner_kind="document",
            owner_id=document.id,
        )
        for row in rows:
            row.status = SignatureStatus.SIGNED
            row.sent_on = row.sent_on or days[row.party]
            row.signed_on = days[row.party]
            row.attachment_id = attachment.id
            row.updated_at = utcnow()
            session.add(row)
            assert row.id is not None
            audit.record(
                session, "document_signature", row.id, AuditAction.UPDATE, {"status": [None, "signed"]}
            )
        session.flush()
        changes = Changes.of(Kind.DOCUMENT_SIGNATURE, *(r.id for r in rows)).add(
            Kind.ATTACHMENT, [attachment.id]
        )
        changes.merge(_after_signature_change(session, document, day, attachment_id=attachment.id))
        infos = [_info(r) for r in rows]
    return Result(infos, changes)


def check_signature_date(document: Document, day: date) -> None:
    """A party cannot sign before the document existed, nor on a day still to come."""
    made = document.generated_at.date()
    if day < made:
        raise ValidationError.single("signed_on", "doc_signed_before_document", day=day, made=made)
    if day > date.today():
        raise ValidationError.single("signed_on", "date_in_future", field="signed_on")


def _scan_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _after_signature_change(
    session: Session, document: Document, day: date, attachment_id: int | None = None
) -> Changes:
    """Evidence item and the mobility's status and missing-evidence count follow the signatures."""
    changes = Changes()
    if document.mobility_id is None:
        return changes
    mobility = session.get(Mobility, document.mobility_id)
    assert mobility is not None and mobility.id is not None
    statuses = session.exec(
        select(DocumentSignature.status).where(DocumentSignature.document_id == document.id)
    ).all()
    all_signed = bool(statuses) and all(s == SignatureStatus.SIGNED for s in statuses)
    evidence_kind = EVIDENCE_OF_DOCUMENT.get(document.kind)
    if evidence_kind is not None:
        item = session.exec(
            select(EvidenceItem).where(
                EvidenceItem.mobility_id == mobility.id, EvidenceItem.kind == evidence_kind
            )
        ).first()
        if item is None:
            item = EvidenceItem(mobility_id=mobility.id, kind=evidence_kind)
        item.done = all_signed
        item.done_on = day if all_signed else None
        if attachment_id is not None:
            item.attachment_id = attachment_id
        item.updated_at = utcnow()
        session.add(item)
        session.flush()
        changes.add(Kind.EVIDENCE_ITEM, [item.id])
    if document.kind == DocumentKind.MOBILITY_AGREEMENT:
        new_status = None
        if all_signed and mobility.status in (MobilityStatus.PLANNED, MobilityStatus.AGREEMENT_SENT):
            new_status = MobilityStatus.AGREEMENT_SIGNED
        elif (
            any(s != SignatureStatus.NOT_SENT for s in statuses) and mobility.status == MobilityStatus.PLANNED
        ):
            new_status = MobilityStatus.AGREEMENT_SENT
        if new_status is not None:
            mobility.status = new_status
            session.add(
                MobilityStatusEvent(
                    mobility_id=mobility.id, status=new_status, on_date=day, at=utcnow(), user=os_user()
                )
            )
    recompute_missing_evidence(session, mobility)
    mobility.updated_at = utcnow()
    session.add(mobility)
    changes.add(Kind.MOBILITY, [mobility.id])
    return changes


def recompute_missing_evidence(session: Session, mobility: Mobility) -> int:
    done = session.exec(
        select(EvidenceItem.kind).where(
            EvidenceItem.mobility_id == mobility.id, col(EvidenceItem.done).is_(True)
        )
    ).all()
    mobility.missing_evidence = missing_count(mobility.direction, done)
    return mobility.missing_evidence


# ------------------------------------------------------------------------------------------ queries
def pending_signatures(
    workspace: Workspace, *, project_id: int | None = None, mobility_ids: Iterable[int] | None = None
) -> list[PendingSignature]:
    """Who still has to sign what: the latest version of each document kind per mobility."""
    latest = (
        select(Document.mobility_id, Document.kind, func.max(Document.version).label("version"))
        .where(col(Document.mobility_id).is_not(None))
        .group_by(col(Document.mobility_id), col(Document.kind))
    )
    if project_id is not None:
        latest = latest.where(Document.project_id == project_id)
    if mobility_ids is not None:
        latest = latest.where(col(Document.mobility_id).in_(list(mobility_ids)))
    sub = latest.subquery()
    query = (
        sa_select(
            col(Document.mobility_id),
            col(Document.id),
            col(Document.kind),
            col(Document.version),
            col(DocumentSignature.party),
            col(DocumentSignature.status),
        )
        .join(
            sub,
            (sub.c.mobility_id == Document.mobility_id)
            & (sub.c.kind == Document.kind)
            & (sub.c.version == Document.version),
        )
        .join(DocumentSignature, col(DocumentSignature.document_id) == col(Document.id))
        .where(col(DocumentSignature.status) != SignatureStatus.SIGNED)
        .order_by(col(Document.mobility_id), col(Document.kind), col(DocumentSignature.party))
    )
    with workspace.read_session() as session:
        rows = session.execute(query).all()
    return [
        PendingSignature(int(m or 0), int(d or 0), kind, version, party, status)
        for m, d, kind, version, party, status in rows
    ]


def pending_by_mobility(pending: Iterable[PendingSignature]) -> dict[int, list[str]]:
    """{mobility id: ["mobility-agreement: receiving", ...]} for a list column."""
    summary: dict[int, list[str]] = {}
    for item in pending:
        summary.setdefault(item.mobility_id, []).append(f"{item.kind}: {item.party}")
    return summary


def signatures_of(workspace: Workspace, document_id: int) -> list[SignatureInfo]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(DocumentSignature)
            .where(DocumentSignature.document_id == document_id)
            .order_by(col(DocumentSignature.id))
        ).all()
    return [_info(r) for r in rows]
