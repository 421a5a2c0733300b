"""Recording a written document: file name, version, sha256, the stored copy, signature rows."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from intervet_desktop.core.enums import AuditAction, SignatureStatus
from intervet_desktop.db.models import Document, DocumentSignature, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import SIGNING_PARTIES, DocumentRequest, PersonData
from intervet_desktop.exports.pdf.render import write_atomically
from intervet_desktop.exports.pdf.store import TemplateStore
from intervet_desktop.services import audit
from intervet_desktop.services.attachments import store_bytes
from intervet_desktop.services.documents.common import GeneratedDocument

log = logging.getLogger(__name__)


# ------------------------------------------------------------------------------------------ writing
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(kind: str, project_code: str, person: PersonData, owner: str, version: int) -> str:
    name = f"{kind}_{project_code}_{person.last_name}_{person.first_name}_{owner}_v{version}"
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", "-", name).strip(".-")
    return f"{name[:180]}.pdf"


def _template_note(store: TemplateStore, kind: str, languages: Sequence[str]) -> str:
    notes = []
    for lang in languages:
        template = store.template(kind, lang)
        origin = (
            "custom" if store.override_dir and template.path.is_relative_to(store.override_dir) else "builtin"
        )
        notes.append(f"{origin}:{template.name}")
    return ",".join(notes)[:120]


def _next_version(session: Session, kind: str, mobility_id: int | None, application_id: int | None) -> int:
    query = select(func.max(Document.version)).where(Document.kind == kind)
    if mobility_id is not None:
        query = query.where(Document.mobility_id == mobility_id)
    else:
        query = query.where(Document.application_id == application_id)
    current = session.exec(query).one()
    return int(current or 0) + 1


@dataclass(frozen=True)
class _Prepared:
    """A document ready to render: its request and where its rows go."""

    request: DocumentRequest
    project_id: int
    person: PersonData
    mobility_id: int | None = None
    application_id: int | None = None
    call_id: int | None = None
    content_key: str = ""
    amends_id: int | None = None


def _record(
    workspace: Workspace,
    session: Session,
    prepared: _Prepared,
    store: TemplateStore,
    out_dir: Path,
    data: bytes,
) -> GeneratedDocument:
    """Write atomically, keep a copy, and add the document and signature rows."""
    request, person = prepared.request, prepared.person
    mobility_id, application_id = prepared.mobility_id, prepared.application_id
    digest = hashlib.sha256(data).hexdigest()
    owner = f"m{mobility_id}" if mobility_id is not None else f"a{application_id}"
    target = out_dir / file_name(request.kind, request.project.code, person, owner, request.version)
    document = Document(
        kind=request.kind,
        project_id=prepared.project_id,
        mobility_id=mobility_id,
        application_id=application_id,
        call_id=prepared.call_id,
        languages=",".join(request.languages),
        version=request.version,
        file_name=target.name,
        sha256=digest,
        template=_template_note(store, request.kind, request.languages),
        generated_at=utcnow(),
        content_key=prepared.content_key,
        amends_id=prepared.amends_id,
        draft=request.draft,
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    attachment = store_bytes(
        session,
        workspace.files_dir,
        data,
        original_name=target.name,
        mime_type="application/pdf",
        kind="generated_document",
        owner_kind="document",
        owner_id=document.id,
    )
    document.attachment_id = attachment.id
    session.add(document)
    for party in SIGNING_PARTIES[request.kind]:
        session.add(DocumentSignature(document_id=document.id, party=party, status=SignatureStatus.NOT_SENT))
    audit.record(
        session,
        "document",
        document.id,
        AuditAction.CREATE,
        {"kind": [None, request.kind], "version": [None, request.version], "sha256": [None, digest]},
    )
    session.flush()
    # the rename is the last step inside the transaction: if it fails, no row is committed
    write_atomically(data, target)
    log.info("document %s written (kind=%s, version=%s)", document.id, request.kind, request.version)
    return GeneratedDocument(
        document_id=document.id,
        kind=request.kind,
        version=request.version,
        languages=request.languages,
        path=target,
        sha256=digest,
        mobility_id=mobility_id,
        application_id=application_id,
    )
