"""SQL pieces for "who still has to sign what": the latest version of each document kind per
mobility, and its signatures that are not signed yet. Correlated on indexed columns
(document.mobility_id, document_signature.document_id), so a page of rows stays cheap."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql import FromClause

from intervet_desktop.core.enums import SignatureStatus
from intervet_desktop.db.models import Document, DocumentSignature, table_of

_doc = table_of(Document)
_sig = table_of(DocumentSignature)


def _latest(doc: Any) -> ColumnElement[bool]:
    newer = aliased(_doc)
    return ~exists(
        select(literal(1))
        .select_from(newer)
        .where(
            newer.c.mobility_id == doc.c.mobility_id,
            newer.c.kind == doc.c.kind,
            newer.c.version > doc.c.version,
        )
    )


def pending_exists(mobility_id: ColumnElement[Any], correlate: FromClause) -> ColumnElement[bool]:
    """True when a mobility's latest document of some kind still waits for a signature.

    An ``IN`` over the (few) unsigned signatures rather than a probe per mobility: counting
    100,000 mobilities stays a single pass over document_signature."""
    doc = aliased(_doc)
    sig = aliased(_sig)
    waiting = (
        select(doc.c.mobility_id)
        .select_from(sig.join(doc, doc.c.id == sig.c.document_id))
        .where(sig.c.status != SignatureStatus.SIGNED, doc.c.mobility_id.isnot(None), _latest(doc))
    )
    return mobility_id.in_(waiting)


def pending_summary(mobility_id: ColumnElement[Any], correlate: FromClause) -> ColumnElement[Any]:
    """``kind:party,kind:party`` of the signatures still due (for an ``enum_pairs`` column)."""
    doc = aliased(_doc)
    sig = aliased(_sig)
    return (
        select(func.group_concat(doc.c.kind + ":" + sig.c.party, ","))
        .select_from(doc.join(sig, sig.c.document_id == doc.c.id))
        .where(doc.c.mobility_id == mobility_id, sig.c.status != SignatureStatus.SIGNED, _latest(doc))
        .correlate(correlate)
        .scalar_subquery()
    )


def document_waiting(document_id: ColumnElement[Any], correlate: FromClause) -> ColumnElement[bool]:
    """True when this document has a party that has not signed yet (one pass over signatures)."""
    return document_id.in_(select(_sig.c.document_id).where(_sig.c.status != SignatureStatus.SIGNED))


def document_statuses(document_id: ColumnElement[Any], correlate: FromClause) -> ColumnElement[Any]:
    """``party:status,party:status`` of one document (for an ``enum_pairs`` column)."""
    return (
        select(func.group_concat(_sig.c.party + ":" + _sig.c.status, ","))
        .where(_sig.c.document_id == document_id)
        .correlate(correlate)
        .scalar_subquery()
    )


def latest_only(document: FromClause) -> ColumnElement[bool]:
    """Keep a document only when no newer version of its kind exists for its mobility."""
    newer = aliased(_doc)
    c = document.c
    return ~exists(
        select(literal(1))
        .select_from(newer)
        .where(
            and_(
                c.mobility_id.isnot(None),
                newer.c.mobility_id == c.mobility_id,
                newer.c.kind == c.kind,
                newer.c.version > c.version,
            )
        )
        .correlate(document)
    )
