"""Column mappings saved per file layout (signature of the headers), reused next time."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from intervet_desktop.db.models import ImportMapping, utcnow


def load_mapping(session: Session, kind: str, signature: str) -> dict[str, int]:
    row = session.exec(
        select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.signature == signature)
    ).first()
    if row is None:
        return {}
    try:
        data = json.loads(row.mapping)
    except ValueError:
        return {}
    return {str(k): int(v) for k, v in data.items() if isinstance(v, int)} if isinstance(data, dict) else {}


def save_mapping(session: Session, kind: str, signature: str, mapping: dict[str, int]) -> None:
    text = json.dumps(dict(sorted(mapping.items())), sort_keys=True)
    row = session.exec(
        select(ImportMapping).where(ImportMapping.kind == kind, ImportMapping.signature == signature)
    ).first()
    if row is None:
        session.add(ImportMapping(kind=kind, signature=signature, mapping=text))
    elif row.mapping != text:
        row.mapping = text
        row.updated_at = utcnow()
        session.add(row)
