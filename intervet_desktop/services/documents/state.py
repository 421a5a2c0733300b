"""What a document knows about itself: the content it shows (a key), whether it is signed, and
whether the data it shows has changed since (stale: amend it with a new version)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import DocumentKind, SignatureStatus
from intervet_desktop.db.models import Document, DocumentSignature
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import DocumentRequest, Layout


def content_key(request: DocumentRequest) -> str:
    """sha256 of everything the document shows except its version and issue date (and the
    amendment note): equal keys mean the same content."""
    same = replace(
        request,
        version=0,
        issued_on=date.min,
        amends_version=None,
        amends_issued_on=None,
        layout=Layout.SIDE_BY_SIDE,  # how the languages are laid out is not content
    )
    return hashlib.sha256(repr(same).encode("utf-8")).hexdigest()


def latest_document(session: Session, kind: str, mobility_id: int) -> Document | None:
    return session.exec(
        select(Document)
        .where(Document.kind == kind, Document.mobility_id == mobility_id)
        .order_by(col(Document.version).desc())
    ).first()


def signed_parties(session: Session, document_id: int) -> list[str]:
    return [
        s.party
        for s in session.exec(
            select(DocumentSignature).where(
                DocumentSignature.document_id == document_id,
                DocumentSignature.status == SignatureStatus.SIGNED,
            )
        ).all()
    ]


@dataclass(frozen=True)
class DocumentState:
    document_id: int
    kind: str
    version: int
    signed_by: tuple[str, ...]
    stale: bool  # signed, and the data it shows has changed since: make an amendment
    superseded: bool  # a newer version exists
    draft: bool
    amends_version: int | None


def document_states(workspace: Workspace, mobility_id: int) -> list[DocumentState]:
    """Each document of a mobility with its state: a signed latest version whose data changed
    since (dates, grant, parties) is stale until an amendment is made."""
    from intervet_desktop.services.documents.common import DocumentOptions
    from intervet_desktop.services.documents.gathering import load_school
    from intervet_desktop.services.documents.generation import _prepare_one
    from intervet_desktop.services.documents.storage import _Prepared

    states: list[DocumentState] = []
    with workspace.read_session() as session:
        docs = session.exec(
            select(Document)
            .where(Document.mobility_id == mobility_id)
            .order_by(col(Document.kind), col(Document.version))
        ).all()
        latest = {d.kind: d.version for d in docs}
        school = load_school(workspace, session) if docs else None
        amended = {d.id: d.version for d in docs}
        for doc in docs:
            assert doc.id is not None
            signed = tuple(signed_parties(session, doc.id))
            stale = False
            if school is not None and signed and doc.content_key and latest[doc.kind] == doc.version:
                languages = doc.languages.split(",")
                options = DocumentOptions(
                    kind=DocumentKind(doc.kind),
                    second_language=languages[1] if len(languages) > 1 else None,
                    draft=doc.draft,
                )
                stale = isinstance(_prepare_one(session, school, mobility_id, options), _Prepared)
            states.append(
                DocumentState(
                    doc.id,
                    doc.kind,
                    doc.version,
                    signed,
                    stale,
                    latest[doc.kind] != doc.version,
                    doc.draft,
                    amended.get(doc.amends_id) if doc.amends_id is not None else None,
                )
            )
    return states


def state_of_document(workspace: Workspace, document_id: int) -> DocumentState | None:
    """One document's state (None for a document that belongs to no mobility)."""
    with workspace.read_session() as session:
        document = session.get(Document, document_id)
        mobility_id = document.mobility_id if document is not None else None
    if mobility_id is None:
        return None
    return next((s for s in document_states(workspace, mobility_id) if s.document_id == document_id), None)
