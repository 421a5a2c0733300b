"""Rate sets in the database: built-in ones installed from resources, the user's own, versions.

A version used by a grant snapshot is ``locked`` and never edited again: editing it (or a built-in
set) stores a new version of the same code. References typed by people: ``ka1-vet-2024`` (the
latest version), ``ka1-vet-2024@2`` (that version) or ``#7`` (the row id).
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import UnusableFileError, UserError, ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.core.rates import RateSet, dump_rate_set, parse_rate_set_text
from intervet_desktop.core.rates_builtin import builtin_texts
from intervet_desktop.db.models import RateSetRow, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result

log = logging.getLogger(__name__)

register("rates_not_found", "No rate set '{ref}'. See 'intervet rates list'.")
register("rates_code_taken", "A rate set with the id {value} already exists; choose another id for the copy.")

ENTITY = Kind.RATE_SET


@dataclass(frozen=True)
class RateSetSummary:
    id: int
    code: str
    version: int
    name: str
    builtin: bool
    locked: bool
    call_years: tuple[int, ...]
    latest: bool

    @property
    def ref(self) -> str:
        return f"{self.code}@{self.version}"


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _summary(row: RateSetRow, latest: bool) -> RateSetSummary:
    years = tuple(json.loads(row.document).get("call_years") or ())
    return RateSetSummary(
        id=row.id or 0,
        code=row.code,
        version=row.version,
        name=row.name,
        builtin=row.builtin,
        locked=row.locked,
        call_years=years,
        latest=latest,
    )


def _is_latest(session: Session, row: RateSetRow) -> bool:
    top = session.exec(select(func.max(RateSetRow.version)).where(RateSetRow.code == row.code)).one()
    return row.version == top


def parse_row(row: RateSetRow) -> RateSet:
    """The typed rate set stored in a row (the row's code and version win over the document's)."""
    rates = parse_rate_set_text(row.document)
    if rates.id != row.code or rates.version != row.version:
        rates = replace(rates, id=row.code, version=row.version)
    return rates


# ----------------------------------------------------------------------------------------- install
def install_builtin_in(session: Session) -> int:
    """Insert the built-in sets that are missing (idempotent); refresh unlocked ones that changed."""
    added = 0
    now = utcnow()
    for code, text in builtin_texts().items():
        rates = parse_rate_set_text(text)
        digest = sha256_text(text)
        row = session.exec(
            select(RateSetRow).where(RateSetRow.code == code, RateSetRow.version == rates.version)
        ).first()
        if row is None:
            session.add(
                RateSetRow(
                    code=code,
                    version=rates.version,
                    name=rates.name,
                    builtin=True,
                    locked=False,
                    document=text,
                    sha256=digest,
                    created_at=now,
                    updated_at=now,
                )
            )
            added += 1
        elif row.builtin and not row.locked and row.sha256 != digest:
            row.document, row.sha256, row.name, row.updated_at = text, digest, rates.name, now
            session.add(row)
    if added:
        session.flush()
        log.info("installed %d built-in rate sets", added)
    return added


def install_builtin(workspace: Workspace) -> Result[int]:
    with workspace.session() as session:
        added = install_builtin_in(session)
    return Result(added, Changes.of(ENTITY) if added else Changes())


# ----------------------------------------------------------------------------------------- reading
def list_rate_sets(workspace: Workspace) -> list[RateSetSummary]:
    install_builtin(workspace)
    with workspace.read_session() as session:
        rows = session.exec(select(RateSetRow).order_by(col(RateSetRow.code), col(RateSetRow.version))).all()
    top: dict[str, int] = {}
    for row in rows:
        top[row.code] = max(top.get(row.code, 0), row.version)
    return [_summary(row, row.version == top[row.code]) for row in rows]


def resolve_in(session: Session, ref: str | int) -> RateSetRow:
    """The row for ``#id``/int, ``code@version`` or ``code`` (latest version)."""
    text = str(ref).strip()
    row: RateSetRow | None
    if isinstance(ref, int) or text.startswith("#"):
        try:
            row = session.get(RateSetRow, int(text.lstrip("#")))
        except ValueError:
            row = None
    elif "@" in text:
        code, _, version = text.rpartition("@")
        row = (
            session.exec(
                select(RateSetRow).where(RateSetRow.code == code, RateSetRow.version == int(version))
            ).first()
            if version.isdigit()
            else None
        )
    else:
        row = session.exec(
            select(RateSetRow).where(RateSetRow.code == text).order_by(col(RateSetRow.version).desc())
        ).first()
    if row is None:
        raise ValidationError.single("rate_set", "rates_not_found", ref=text)
    return row


def get_rate_set(workspace: Workspace, ref: str | int) -> tuple[RateSetSummary, RateSet]:
    install_builtin(workspace)
    with workspace.read_session() as session:
        row = resolve_in(session, ref)
        return _summary(row, _is_latest(session, row)), parse_row(row)


# ----------------------------------------------------------------------------------------- writing
def _next_version(session: Session, code: str) -> int:
    top = session.exec(select(func.max(RateSetRow.version)).where(RateSetRow.code == code)).one()
    return int(top or 0) + 1


def _insert(session: Session, rates: RateSet) -> RateSetRow:
    text = dump_rate_set(rates)
    now = utcnow()
    row = RateSetRow(
        code=rates.id,
        version=rates.version,
        name=rates.name,
        builtin=False,
        locked=False,
        document=text,
        sha256=sha256_text(text),
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    audit.record(session, ENTITY, row.id, AuditAction.CREATE, {"code": rates.id, "version": rates.version})
    return row


def import_rate_set(workspace: Workspace, path: Path) -> Result[RateSetSummary]:
    """A JSON file as a new rate set, or as the next version when its id already exists."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise UnusableFileError.of("file_not_found", path=path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError.of("rates_not_json", detail=str(exc)) from exc
    rates = parse_rate_set_text(text)
    with workspace.session() as session:
        install_builtin_in(session)
        exists = session.exec(select(RateSetRow.id).where(RateSetRow.code == rates.id)).first() is not None
        if exists:
            rates = replace(rates, version=_next_version(session, rates.id))
        row = _insert(session, rates)
        summary = _summary(row, True)
    log.info("imported rate set %s as version %d", summary.id, summary.version)
    return Result(summary, Changes.of(ENTITY, summary.id))


def save_rate_set(workspace: Workspace, ref: str | int, rates: RateSet) -> Result[RateSetSummary]:
    """Edit: in place for an unlocked user version, else as a new version of the same code."""
    with workspace.session() as session:
        row = resolve_in(session, ref)
        if row.locked or row.builtin:
            rates = replace(rates, id=row.code, version=_next_version(session, row.code))
            new_row = _insert(session, rates)
            summary = _summary(new_row, True)
        else:
            rates = replace(rates, id=row.code, version=row.version)
            text = dump_rate_set(rates)
            before = {"name": row.name, "sha256": row.sha256}
            row.document, row.sha256, row.name, row.updated_at = text, sha256_text(text), rates.name, utcnow()
            session.add(row)
            assert row.id is not None
            audit.record(
                session,
                ENTITY,
                row.id,
                AuditAction.UPDATE,
                audit.diff(before, {"name": row.name, "sha256": row.sha256}),
            )
            summary = _summary(row, _is_latest(session, row))
    return Result(summary, Changes.of(ENTITY, summary.id))


def copy_rate_set(
    workspace: Workspace, ref: str | int, new_code: str, new_name: str
) -> Result[RateSetSummary]:
    with workspace.session() as session:
        install_builtin_in(session)
        source = parse_row(resolve_in(session, ref))
        if session.exec(select(RateSetRow.id).where(RateSetRow.code == new_code)).first() is not None:
            raise ValidationError.single("id", "rates_code_taken", value=new_code)
        rates = replace(source, id=new_code, version=1, name=new_name)
        summary = _summary(_insert(session, rates), True)
    return Result(summary, Changes.of(ENTITY, summary.id))


def export_rate_set(workspace: Workspace, ref: str | int, path: Path) -> Path:
    _, rates = get_rate_set(workspace, ref)
    try:
        path.write_text(dump_rate_set(rates), encoding="utf-8")
    except OSError as exc:
        raise UnusableFileError.of("file_unwritable", path=path, detail=exc.strerror or str(exc)) from exc
    return path


def lock_in(session: Session, row_ids: set[int]) -> None:
    """Mark versions used by a grant snapshot as never to be edited again."""
    if not row_ids:
        return
    session.execute(
        update(RateSetRow)
        .where(col(RateSetRow.id).in_(sorted(row_ids)), col(RateSetRow.locked).is_(False))
        .values(locked=True, updated_at=utcnow())
    )
