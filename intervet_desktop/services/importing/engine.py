"""Plan (dry run) and run an import: one transaction, all or nothing unless ``valid_only``."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlmodel import Session

from intervet_desktop.core.duplicates import Reason, reason_message
from intervet_desktop.core.enums import AuditAction
from intervet_desktop.core.errors import Problem, UnusableFileError, ValidationError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.validation.result import blank
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import AuditEntry, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Result
from intervet_desktop.services.importing.headers import Header, auto_map, find_header, normalise
from intervet_desktop.services.importing.mappings import load_mapping, save_mapping
from intervet_desktop.services.importing.reading import Table, read_table
from intervet_desktop.services.importing.report import ImportReport, RowReport, RowStatus
from intervet_desktop.services.importing.spec import ImportContext, ImportSpec
from intervet_desktop.services.progress import Progress

register(
    "import_duplicate_header",
    '{path} has two columns named "{label}" (columns {first} and {second}): rename one and import '
    "again. Nothing was imported.",
)
register(
    "import_no_header",
    "{path} has no header row we recognise. Its first rows should name the columns, e.g. {examples}.",
)
register("import_unknown_field", "There is no field '{value}' to map. Fields: {choices}.")
register("import_unknown_column", "The file has no column '{value}' (for {field}).")
register("import_required_unmapped", "No column of the file is mapped to {label}, which is required.")
register("import_value_required", "{label} is empty; it is required.")
register(
    "import_duplicate_in_file",
    "Same record as row {row} of this file ({reason}); only the first is imported.",
)
register("import_duplicate_existing", "Looks like an existing record #{id} ({reason}); not imported.")

log = logging.getLogger(__name__)

CHUNK = 500


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    provided: set[str]
    problems: list[Problem]


def _header(table: Table, spec: ImportSpec, overrides: Mapping[str, str], path: Path) -> Header:
    known = {normalise(name) for f in spec.fields for name in f.names}
    known |= {normalise(column) for column in overrides.values() if column}
    header = find_header(table.rows, table.merged, known)
    if header is None:
        examples = ", ".join(f.label for f in spec.fields if f.required) or spec.fields[0].label
        raise UnusableFileError.of("import_no_header", path=path, examples=examples)
    seen: dict[str, int] = {}
    for col, label in enumerate(header.labels):
        key = normalise(label)
        if key in known and key in seen:
            # one of the two would be dropped without a word: let the user rename one
            raise UnusableFileError.of(
                "import_duplicate_header", path=path, label=label, first=seen[key] + 1, second=col + 1
            )
        seen.setdefault(key, col)
    return header


def resolve_mapping(
    session: Session, spec: ImportSpec, header: Header, overrides: Mapping[str, str]
) -> dict[str, int]:
    """Saved mapping for this layout, then obvious headers, then the user's FIELD=COLUMN choices."""
    mapping = auto_map(header, spec.aliases)
    valid = {f.key for f in spec.fields}
    saved = load_mapping(session, spec.kind, header.signature(spec.kind))
    mapping.update({k: v for k, v in saved.items() if k in valid and 0 <= v < len(header.labels)})
    problems: list[Problem] = []
    for key, column in overrides.items():
        if key not in valid:
            problems.append(Problem("map", msg("import_unknown_field", value=key, choices=sorted(valid))))
            continue
        if not column or column == "-":
            mapping.pop(key, None)
            continue
        index = header.column_of(column)
        if index is None:
            problems.append(
                Problem(key, msg("import_unknown_column", value=column, field=spec.field(key).label))
            )
        else:
            mapping[key] = index
    for f in spec.fields:
        if f.required and f.key not in mapping:
            problems.append(Problem(f.key, msg("import_required_unmapped", label=f.label)))
    if problems:
        raise ValidationError(problems)
    return mapping


def _parse_rows(
    table: Table, header: Header, spec: ImportSpec, mapping: dict[str, int], ctx: ImportContext
) -> list[_Row]:
    parsed_rows: list[_Row] = []
    fields = [(spec.field(key), col) for key, col in mapping.items()]
    for index in range(header.row + 1, len(table.rows)):
        cells = table.rows[index]
        if all(blank(c) for c in cells):
            continue
        number = index + 1
        parsed: dict[str, Any] = {}
        provided: set[str] = set()
        problems: list[Problem] = []
        for field, col in fields:
            cell = cells[col] if col < len(cells) else None
            if blank(cell):
                if field.required:
                    problems.append(
                        Problem(field.key, msg("import_value_required", label=field.label), number)
                    )
                continue
            value = field.parse(cell, field.key)
            if isinstance(value, Problem):
                problems.append(Problem(value.field, value.message, number))
            else:
                parsed[field.key] = value
                provided.add(field.key)
        values, row_problems = spec.clean_row(parsed, ctx)
        seen = {p.field for p in problems}
        problems.extend(Problem(p.field, p.message, number) for p in row_problems if p.field not in seen)
        parsed_rows.append(_Row(number, values, provided, problems))
    return parsed_rows


def _existing_rows(session: Session, spec: ImportSpec, ids: list[int]) -> dict[int, dict[str, Any]]:
    table = spec.model.__table__  # type: ignore[attr-defined]
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for row in session.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[int(row["id"])] = dict(row)
    return found


def _reason(key: str) -> Any:
    prefix = key.split(":", 1)[0]
    try:
        return reason_message(Reason(prefix))
    except ValueError:
        return prefix


def _plan(
    session: Session, spec: ImportSpec, rows: list[_Row]
) -> tuple[list[RowReport], list[dict[str, Any]], list[tuple[int, dict[str, Any], dict[str, list[Any]]]]]:
    """Reports, rows to create, and (id, values to set, audit diff) to update."""
    matches, dup_index = spec.existing(session)
    in_file_match: dict[str, int] = {}
    in_file_dup: dict[str, int] = {}
    matched_ids = sorted(
        {matches[k] for r in rows if not r.problems for k in spec.match_keys(r.values) if k in matches}
    )
    current = _existing_rows(session, spec, matched_ids)
    if spec.load_extras is not None:
        for record_id, extras in spec.load_extras(session, matched_ids).items():
            current.setdefault(record_id, {}).update(extras)
    reports: list[RowReport] = []
    creates: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any], dict[str, list[Any]]]] = []
    for r in rows:
        if r.problems:
            reports.append(RowReport(r.number, RowStatus.ERROR, problems=tuple(r.problems)))
            continue
        mkeys, dkeys = spec.match_keys(r.values), spec.duplicate_keys(r.values)
        earlier = next((in_file_match[k] for k in mkeys if k in in_file_match), None) or next(
            (in_file_dup[k] for k in dkeys if k in in_file_dup), None
        )
        if earlier is not None:
            key = next(
                (
                    k
                    for k in mkeys + dkeys
                    if in_file_match.get(k) == earlier or in_file_dup.get(k) == earlier
                ),
                "",
            )
            reports.append(
                RowReport(
                    r.number,
                    RowStatus.DUPLICATE,
                    note=msg("import_duplicate_in_file", row=earlier, reason=_reason(key)),
                )
            )
            continue
        for k in mkeys:
            in_file_match[k] = r.number
        for k in dkeys:
            in_file_dup[k] = r.number
        existing_id = next((matches[k] for k in mkeys if k in matches), None)
        if existing_id is not None:
            before = current[existing_id]
            columns = {c for key in r.provided for c in spec.field(key).targets}
            new = {c: r.values.get(c) for c in columns if c in before}
            diff = audit.diff({c: before[c] for c in new}, new)
            if not diff:
                reports.append(RowReport(r.number, RowStatus.UNCHANGED, existing_id))
                continue
            merged = {**before, **new}
            new.update(spec.keys(merged))
            updates.append((existing_id, new, diff))
            reports.append(
                RowReport(
                    r.number,
                    RowStatus.UPDATED,
                    existing_id,
                    changed=tuple(sorted(k.lstrip("_") for k in diff)),
                )
            )
            continue
        dup = next(((k, dup_index[k]) for k in dkeys if k in dup_index), None)
        if dup is not None:
            reports.append(
                RowReport(
                    r.number, RowStatus.DUPLICATE, dup[1],
                    note=msg("import_duplicate_existing", id=dup[1], reason=_reason(dup[0])),
                )
            )  # fmt: skip
            continue
        reports.append(RowReport(r.number, RowStatus.CREATED))
        creates.append(r.values)
    return reports, creates, updates


def _columns(values: dict[str, Any]) -> dict[str, Any]:
    """Table columns only; keys starting with "_" are extras written by the spec (e.g. languages)."""
    return {k: v for k, v in values.items() if not k.startswith("_")}


def _extras(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k.startswith("_")}


def _audit_value(spec: ImportSpec, diff: dict[str, list[Any]]) -> str:
    shown = {
        k.lstrip("_"): (["(hidden)", "(hidden)"] if k in spec.sensitive else v)
        for k, v in diff.items()
        if not k.endswith("_key")
    }
    return json.dumps(shown, ensure_ascii=False, sort_keys=True)


WRITE_CHUNK = 1000  # rows per executemany: Cancel is polled between chunks


def _write(
    session: Session,
    spec: ImportSpec,
    creates: list[dict[str, Any]],
    updates: list[tuple[int, dict[str, Any], dict[str, list[Any]]]],
    progress: Progress | None = None,
) -> list[int]:
    """Write the planned rows inside the caller's transaction; ``progress.check()`` between
    chunks raises ``Cancelled``, which rolls the whole import back."""
    progress = progress or Progress()
    total = len(creates) + len(updates)
    now = utcnow()
    user = os_user()
    model: Any = spec.model
    new_ids: list[int] = []
    table = model.__table__
    extras: list[tuple[int, dict[str, Any]]] = []
    creates_extras = [_extras(values) for values in creates]
    creates = [_columns(values) for values in creates]
    updates_extras = [(i, _extras(values)) for i, values, _d in updates]
    updates = [(i, _columns(values), diff) for i, values, diff in updates]
    if creates:
        # Core insert on the table with identical keys per row: one executemany per batch,
        # ids back in row order (the ORM's bulk path splits heterogeneous rows and is far slower)
        columns = sorted({key for values in creates for key in values})
        stamps = {"created_at": now, "updated_at": now}
        rows = [{**{c: values.get(c) for c in columns}, **stamps} for values in creates]
        connection = session.connection()
        for start in range(0, len(rows), WRITE_CHUNK):
            progress.check()
            chunk = rows[start : start + WRITE_CHUNK]
            if connection.dialect.name == "sqlite":
                # one plain executemany (RETURNING makes SQLAlchemy insert row by row, 2-3x slower);
                # SQLite gives new rows max(rowid)+1 in order and this transaction is the only writer
                connection.execute(insert(table), chunk)
                newest = select(table.c.id).order_by(table.c.id.desc()).limit(len(chunk))
                new_ids += sorted(int(i) for i in connection.execute(newest).scalars())
            else:
                statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
                new_ids += [int(i) for i in connection.execute(statement, chunk).scalars().all()]
            progress.report(start + len(chunk), total, "")
    # updates change different columns per row: one executemany per set of columns
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for i, values, _d in updates:
        groups.setdefault(tuple(sorted(values)), []).append({"row_id": i, **values, "updated_at": now})
    written = len(creates)
    for columns_set, params in groups.items():
        progress.check()
        written += len(params)
        progress.report(written, total, "")
        if not columns_set:
            continue
        change = (
            update(table)
            .where(table.c.id == bindparam("row_id"))
            .values({c: bindparam(c) for c in (*columns_set, "updated_at")})
        )
        session.connection().execute(change, params)
    extras = [(i, x) for i, x in zip(new_ids, creates_extras, strict=True) if x] + [
        (i, x) for i, x in updates_extras if x
    ]
    if extras and spec.write_extras is not None:
        spec.write_extras(session, extras)
    if updates and spec.after_update is not None:
        spec.after_update(session, {i: set(diff) for i, _v, diff in updates})
    base = {"at": now, "os_user": user, "entity": spec.entity.value, "action": AuditAction.IMPORT.value}
    audit_rows = [{**base, "entity_id": i, "changes": json.dumps({"created": True})} for i in new_ids]
    audit_rows += [{**base, "entity_id": i, "changes": _audit_value(spec, diff)} for i, _v, diff in updates]
    if audit_rows:
        session.connection().execute(insert(AuditEntry.__table__), audit_rows)  # type: ignore[attr-defined]
    return new_ids


def _report(spec: ImportSpec, path: Path, header: Header, mapping: dict[str, int]) -> ImportReport:
    used = set(mapping.values())
    return ImportReport(
        kind=spec.kind,
        path=str(path),
        header_row=header.row + 1,
        mapping={key: header.labels[col] or f"column {col + 1}" for key, col in sorted(mapping.items())},
        unmapped_columns=[label for col, label in enumerate(header.labels) if label and col not in used],
    )


def run_import(
    workspace: Workspace,
    spec: ImportSpec,
    path: Path,
    *,
    overrides: Mapping[str, str] | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    progress: Progress | None = None,
) -> Result[ImportReport]:
    """Import ``path``. A file with errors changes nothing unless ``valid_only``; ``dry_run``
    never writes. The report says what happened (or would happen) to every row.

    One transaction: ``progress`` hears each phase and each written chunk, and a Cancel
    (``Cancelled`` from ``progress.check()``) rolls the whole import back."""
    progress = progress or Progress()
    started = time.perf_counter()
    overrides = dict(overrides or {})
    table = read_table(path)
    header = _header(table, spec, overrides, path)
    changes = Changes()
    with workspace.session() as session:
        mapping = resolve_mapping(session, spec, header, overrides)
        report = _report(spec, path, header, mapping)
        report.dry_run, report.valid_only = dry_run, valid_only
        progress.check()
        rows = _parse_rows(table, header, spec, mapping, spec.context(session))
        progress.check()
        reports, creates, updates = _plan(session, spec, rows)
        progress.check()
        commit = not dry_run and (valid_only or not any(r.status is RowStatus.ERROR for r in reports))
        if commit:
            new_ids = _write(session, spec, creates, updates, progress)
            it = iter(new_ids)
            reports = [
                RowReport(r.row, r.status, next(it), r.problems, r.note, r.changed)
                if r.status is RowStatus.CREATED
                else r
                for r in reports
            ]
            save_mapping(session, spec.kind, header.signature(spec.kind), mapping)
            progress.check()  # the last moment a Cancel rolls everything back
            if new_ids or updates:
                changes.add(spec.entity, [*new_ids, *(i for i, _v, _d in updates)])
            report.committed = True
        else:
            session.rollback()
        report.rows = reports
    report.seconds = time.perf_counter() - started
    log.info(
        "import %s: %s rows, committed=%s, %s, %.2f s",
        spec.kind, len(reports), report.committed, report.counts, report.seconds,
    )  # fmt: skip
    return Result(report, changes)


def plan_import(
    workspace: Workspace, spec: ImportSpec, path: Path, *, overrides: Mapping[str, str] | None = None
) -> ImportReport:
    """The dry run: what the import would do, nothing written."""
    return run_import(workspace, spec, path, overrides=overrides, dry_run=True).value


def preview_columns(workspace: Workspace, spec: ImportSpec, path: Path) -> tuple[Header, dict[str, int]]:
    """For a mapping wizard: the header found and the mapping that would be used."""
    table = read_table(path)
    header = _header(table, spec, {}, path)
    with workspace.read_session() as session:
        mapping = auto_map(header, spec.aliases)
        mapping.update(load_mapping(session, spec.kind, header.signature(spec.kind)))
    return header, mapping
