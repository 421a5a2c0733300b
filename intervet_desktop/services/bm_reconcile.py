"""Reconcile a file exported from the Beneficiary Module with the local data.

Rows are matched to local mobilities by Mobility Activity ID. The result lists mobilities only
in the BM or only here, fields that differ, and the travel and individual support the BM computed
differently per mobility; organisational support is compared for the whole project, since the BM
computes it for the project. ``take_bm_values`` applies the BM's value for chosen differences, with
an audit row each. A file from another project is refused and nothing is changed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import ActivityType, AuditAction
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.money import format_cents
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import Mobility, Organisation, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.bm import values as v
from intervet_desktop.exports.bm.fields import MobilityRow
from intervet_desktop.exports.bm.headers import normalise
from intervet_desktop.exports.bm.layout import layout_from_table
from intervet_desktop.exports.bm.reader import Table, read_table
from intervet_desktop.services import audit
from intervet_desktop.services.bm import BmProject, bm_project, find_project, load_rows, refuse_lump_sum
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.mobility_keys import refresh_mobility_keys

log = logging.getLogger(__name__)

register(
    "bm_other_project",
    "{path} belongs to another project ({found}), not to {project}. Nothing was compared or changed.",
)
register("bm_duplicate_in_file", "Mobility Activity ID {bm_id} appears {count} times in the BM file.")
register(
    "bm_no_grant_agreement_column",
    "The file has no Grant Agreement No. column; its project could not be checked.",
)
register("bm_value_not_applicable", "{field} cannot be taken from the BM automatically; change it by hand.")
register("bm_value_changed_since", "{field} of mobility {bm_id} changed since the comparison; compare again.")
register("bm_oid_not_local", "No organisation here has the OID {oid}; add it to the organisation first.")
register("bm_mobility_gone", "Mobility {bm_id} is no longer in this project; compare again.")
register(
    "bm_grant_needs_recompute",
    "Dates, travel days or the activity changed for {count} mobilities: recompute their grants.",
)


# ---------------------------------------------------------------------------- compared fields
@dataclass(frozen=True)
class Compared:
    key: str
    label: str
    local: Callable[[MobilityRow], Any]
    parse: Callable[[object], Any]
    show: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    same: Callable[[Any, Any], bool] = lambda a, b: a == b
    applicable: bool = True


def _text(value: object) -> str | None:
    text = v.text_of(value)
    return text or None


def _oid(value: object) -> str | None:
    text = v.text_of(value).upper()
    return text or None


def _fuzzy_same(a: Any, b: Any) -> bool:
    return search_key(a or "") == search_key(b or "")


def _show_date(value: Any) -> str:
    return v.bm_date(value) if isinstance(value, date) else ""


def _show_flag(value: Any) -> str:
    return "" if value is None else v.yes_no(bool(value))


COMPARED: tuple[Compared, ...] = (
    Compared("activity_type", "Activity type", lambda r: r.activity_type, _text),
    Compared("first_name", "First name", lambda r: r.first_name, _text, same=_fuzzy_same, applicable=False),
    Compared("last_name", "Last name", lambda r: r.last_name, _text, same=_fuzzy_same, applicable=False),
    Compared("start", "Start date", lambda r: r.start, v.parse_date, _show_date),
    Compared("end", "End date", lambda r: r.end, v.parse_date, _show_date),
    Compared(
        "sending_oid", "Sending organisation OID", lambda r: (r.sending_oid or "").upper() or None, _oid
    ),
    Compared(
        "receiving_oid", "Receiving organisation OID", lambda r: (r.receiving_oid or "").upper() or None, _oid
    ),
    Compared(
        "receiving_country",
        "Receiving country",
        lambda r: (r.receiving_country or "").upper() or None,
        lambda c: v.parse_country(c) or None,
    ),
    Compared("receiving_city", "Receiving city", lambda r: r.receiving_city, _text, same=_fuzzy_same),
    Compared("travel_days", "Funded travel days", lambda r: r.travel_days, v.parse_int),
    Compared("green_travel", "Green travel", lambda r: r.green_travel, v.parse_flag, _show_flag),
    Compared("transport_mode", "Main means of transport", lambda r: r.transport_mode, v.parse_transport),
    Compared(
        "fewer_opportunities",
        "Fewer opportunities",
        lambda r: r.fewer_opportunities,
        v.parse_flag,
        _show_flag,
    ),
    Compared("is_accompanying", "Accompanying person", lambda r: r.is_accompanying, v.parse_flag, _show_flag),
    Compared("course_days", "Course days", lambda r: r.course_days, v.parse_int),
    Compared(
        "distance_band",
        "Distance band",
        lambda r: v.distance_band(r.distance_km) or None,
        _text,
        same=lambda a, b: normalise(a or "") == normalise(b or ""),
        applicable=False,
    ),
)
COMPARED_BY_KEY = {c.key: c for c in COMPARED}
#: fields whose change makes the grant snapshot stale
GRANT_INPUTS = {"start", "end", "travel_days", "green_travel", "activity_type", "course_days"}
AMOUNT_ITEMS = (
    ("travel", "travel_grant", "travel_cents"),
    ("individual_support", "individual_support_grant", "individual_support_cents"),
)


# ---------------------------------------------------------------------------- DTOs
@dataclass(frozen=True)
class FieldDifference:
    mobility_id: int
    bm_activity_id: str
    participant: str
    field: str
    label: str
    local: str
    bm: str
    bm_value: Any
    applicable: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "mobility_id": self.mobility_id,
            "bm_activity_id": self.bm_activity_id,
            "participant": self.participant,
            "field": self.field,
            "label": self.label,
            "local": self.local,
            "bm": self.bm,
            "applicable": self.applicable,
        }


@dataclass(frozen=True)
class AmountDifference:
    mobility_id: int
    bm_activity_id: str
    participant: str
    item: str
    local_cents: int
    bm_cents: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "mobility_id": self.mobility_id,
            "bm_activity_id": self.bm_activity_id,
            "participant": self.participant,
            "item": self.item,
            "local": format_cents(self.local_cents),
            "bm": format_cents(self.bm_cents),
            "difference": format_cents(self.bm_cents - self.local_cents),
        }


@dataclass(frozen=True)
class ProjectAmount:
    item: str
    local_cents: int
    bm_cents: int

    @property
    def differs(self) -> bool:
        return self.local_cents != self.bm_cents

    def as_dict(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "local": format_cents(self.local_cents),
            "bm": format_cents(self.bm_cents),
            "differs": self.differs,
        }


@dataclass(frozen=True)
class Unmatched:
    bm_activity_id: str | None
    participant: str
    mobility_id: int | None = None
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "bm_activity_id": self.bm_activity_id,
            "participant": self.participant,
            "mobility_id": self.mobility_id,
            "row": self.row,
        }


@dataclass
class Reconciliation:
    project_code: str
    path: Path
    rows_read: int
    matched: int
    compared_fields: list[str]
    only_in_bm: list[Unmatched] = field(default_factory=list)
    only_local: list[Unmatched] = field(default_factory=list)
    differences: list[FieldDifference] = field(default_factory=list)
    amounts: list[AmountDifference] = field(default_factory=list)
    organisational_support: ProjectAmount | None = None
    notes: list[Message] = field(default_factory=list)

    @property
    def in_step(self) -> bool:
        return not (
            self.only_in_bm
            or self.only_local
            or self.differences
            or self.amounts
            or (self.organisational_support is not None and self.organisational_support.differs)
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "project": self.project_code,
            "file": str(self.path),
            "rows_read": self.rows_read,
            "matched": self.matched,
            "in_step": self.in_step,
            "compared_fields": self.compared_fields,
            "only_in_bm": [u.as_dict() for u in self.only_in_bm],
            "only_local": [u.as_dict() for u in self.only_local],
            "differences": [d.as_dict() for d in self.differences],
            "amounts": [a.as_dict() for a in self.amounts],
            "organisational_support": (
                self.organisational_support.as_dict() if self.organisational_support else None
            ),
            "notes": [n.render() for n in self.notes],
        }


# ---------------------------------------------------------------------------- reading the BM file
@dataclass
class BmRecord:
    bm_id: str
    row: int
    cells: dict[str, Any]

    @property
    def participant(self) -> str:
        return " ".join(v.text_of(self.cells.get(k)) for k in ("first_name", "last_name")).strip()


def _records(table: Table, project: BmProject) -> tuple[list[BmRecord], list[Message]]:
    layout = layout_from_table(table)
    columns: dict[str, int] = {}
    for index, spec in enumerate(layout.fields):
        if spec is not None:
            columns.setdefault(spec.key, index)
    if "bm_activity_id" not in columns:
        raise ValidationError.single("file", "bm_template_no_id", path=table.path)
    notes: list[Message] = []
    if "grant_agreement_no" in columns:
        index = columns["grant_agreement_no"]
        found = {v.text_of(r[index]) for r in table.rows} - {""}
        others = sorted(code for code in found if normalise(code) != normalise(project.code))
        if others:
            raise UserError.of(
                "bm_other_project", path=table.path, found=", ".join(others[:3]), project=project.code
            )
    else:
        notes.append(msg("bm_no_grant_agreement_column"))
    type_index = columns.get("data_type")
    by_id: dict[str, BmRecord] = {}
    counts: dict[str, int] = {}
    for number, raw in enumerate(table.rows, start=table.first_data_row):
        bm_id = v.text_of(raw[columns["bm_activity_id"]])
        if not bm_id:
            continue
        kind = normalise(v.text_of(raw[type_index])) if type_index is not None else ""
        cells = {key: raw[i] for key, i in columns.items() if raw[i] not in (None, "")}
        if "itiner" in kind:
            record = by_id.setdefault(bm_id, BmRecord(bm_id, number, {}))
            record.cells.update(cells)  # the itinerary's receiving organisation, country, city, days
            continue
        if kind and not ("mobil" in kind or "activit" in kind):
            continue  # certification or other sub-rows
        counts[bm_id] = counts.get(bm_id, 0) + 1
        existing = by_id.get(bm_id)
        if existing is None:
            by_id[bm_id] = BmRecord(bm_id, number, cells)
        elif counts[bm_id] == 1:  # an itinerary row came first: it keeps its fields
            existing.row = number
            existing.cells = {**cells, **existing.cells}
    notes += [msg("bm_duplicate_in_file", bm_id=i, count=n) for i, n in counts.items() if n > 1]
    return list(by_id.values()), notes


# ---------------------------------------------------------------------------- comparing
def compare(project: BmProject, rows: Sequence[MobilityRow], table: Table) -> Reconciliation:
    records, notes = _records(table, project)
    header_keys = {spec.key for spec in layout_from_table(table).fields if spec is not None}
    compared = [c for c in COMPARED if c.key in header_keys]
    result = Reconciliation(
        project.code, table.path, len(table.rows), 0, [c.key for c in compared], notes=notes
    )
    local_by_id: dict[str, MobilityRow] = {}
    for row in rows:
        if row.bm_activity_id and row.bm_activity_id.strip():
            local_by_id.setdefault(row.bm_activity_id.strip().casefold(), row)
        else:
            result.only_local.append(Unmatched(None, row.participant, row.mobility_id))
    seen: set[str] = set()
    for record in records:
        key = record.bm_id.casefold()
        local = local_by_id.get(key)
        if local is None:
            result.only_in_bm.append(Unmatched(record.bm_id, record.participant, row=record.row))
            continue
        seen.add(key)
        result.matched += 1
        for spec in compared:
            if spec.key not in record.cells:
                continue  # the BM left it empty: nothing to compare
            bm_value = spec.parse(record.cells.get(spec.key))
            local_value = spec.local(local)
            if spec.same(local_value, bm_value):
                continue
            result.differences.append(
                FieldDifference(
                    local.mobility_id,
                    local.bm_activity_id or record.bm_id,
                    local.participant,
                    spec.key,
                    spec.label,
                    spec.show(local_value),
                    spec.show(bm_value),
                    bm_value,
                    spec.applicable and bm_value is not None,
                )
            )
        for item, column, attribute in AMOUNT_ITEMS:
            bm_cents = v.parse_cents(record.cells.get(column))
            local_cents = getattr(local, attribute)
            if bm_cents is not None and local_cents is not None and bm_cents != local_cents:
                result.amounts.append(
                    AmountDifference(
                        local.mobility_id,
                        local.bm_activity_id or record.bm_id,
                        local.participant,
                        item,
                        local_cents,
                        bm_cents,
                    )
                )
    for key, row in local_by_id.items():
        if key not in seen:
            result.only_local.append(Unmatched(row.bm_activity_id, row.participant, row.mobility_id))
    if "organisational_support_grant" in header_keys:
        bm_total = sum(v.parse_cents(r.cells.get("organisational_support_grant")) or 0 for r in records)
        local_total = sum(r.organisational_support_cents or 0 for r in rows)
        result.organisational_support = ProjectAmount("organisational_support", local_total, bm_total)
    return result


def reconcile(workspace: Workspace, code: str, path: Path) -> Reconciliation:
    """Read the BM file and compare. Changes nothing."""
    table = read_table(path)
    with workspace.read_session() as session:
        project = bm_project(session, find_project(session, code))
        refuse_lump_sum(project)
        rows = load_rows(session, project)
    result = compare(project, rows, table)
    log.info(
        "bm reconcile project=%s rows=%d matched=%d differences=%d",
        project.id,
        result.rows_read,
        result.matched,
        len(result.differences),
    )
    return result


# ---------------------------------------------------------------------------- taking the BM's value
def _org_by_oid(session: Session, oid: str) -> Organisation | None:
    return session.exec(select(Organisation).where(col(Organisation.oid) == oid.upper())).first()


def _apply(session: Session, mobility: Mobility, diff: FieldDifference) -> dict[str, list[Any]]:
    value = diff.bm_value
    key = diff.field
    if key in ("start", "end"):
        attribute = f"actual_{key}" if getattr(mobility, f"actual_{key}") is not None else f"planned_{key}"
    elif key in ("sending_oid", "receiving_oid"):
        org = _org_by_oid(session, str(value))
        if org is None:
            raise ValidationError.single(key, "bm_oid_not_local", oid=value)
        attribute, value = f"{key.split('_')[0]}_org_id", org.id
    elif key == "activity_type":
        if value not in {a.value for a in ActivityType}:
            raise ValidationError.single(key, "bm_activity_unknown", value=value)
        attribute = key
    else:
        attribute = {
            "receiving_country": "destination_country",
            "receiving_city": "destination_city",
        }.get(key, key)
    before = getattr(mobility, attribute)
    setattr(mobility, attribute, value)
    return audit.diff({attribute: before}, {attribute: value})


def take_bm_values(
    workspace: Workspace, code: str, differences: Sequence[FieldDifference]
) -> Result[list[Message]]:
    """Apply the BM's value of each chosen difference, in one transaction, with an audit row per
    mobility. Refuses (nothing changed) when a value changed since the comparison."""
    changes = Changes()
    notes: list[Message] = []
    with workspace.session() as session:
        project = bm_project(session, find_project(session, code))
        refuse_lump_sum(project)
        ids = sorted({d.mobility_id for d in differences})
        current = {r.mobility_id: r for r in load_rows(session, project, ids)}
        problems: list[Problem] = []
        for diff in differences:
            spec = COMPARED_BY_KEY.get(diff.field)
            if spec is None or not diff.applicable or not spec.applicable:
                problems.append(Problem(diff.field, msg("bm_value_not_applicable", field=diff.label)))
                continue
            row = current.get(diff.mobility_id)
            if row is None:
                problems.append(Problem(diff.field, msg("bm_mobility_gone", bm_id=diff.bm_activity_id)))
            elif spec.show(spec.local(row)) != diff.local:
                problems.append(
                    Problem(
                        diff.field, msg("bm_value_changed_since", field=diff.label, bm_id=diff.bm_activity_id)
                    )
                )
        if problems:
            raise ValidationError(problems)
        stale: set[int] = set()
        people: set[int] = set()
        for mobility_id in ids:
            mobility = session.get(Mobility, mobility_id)
            assert mobility is not None and mobility.id is not None
            changed: dict[str, Any] = {}
            for diff in (d for d in differences if d.mobility_id == mobility_id):
                changed.update(_apply(session, mobility, diff))
                if diff.field in GRANT_INPUTS:
                    stale.add(mobility_id)
            if mobility.planned_end < mobility.planned_start or (
                mobility.actual_start and mobility.actual_end and mobility.actual_end < mobility.actual_start
            ):
                raise ValidationError.single(
                    "end",
                    "date_order",
                    end_field="end_date",
                    end=str(mobility.actual_end or mobility.planned_end),
                    start_field="start_date",
                    start=str(mobility.actual_start or mobility.planned_start),
                )
            mobility.updated_at = utcnow()
            session.add(mobility)
            audit.record(
                session,
                "mobility",
                mobility.id,
                AuditAction.UPDATE,
                {**changed, "source": "bm_reconciliation"},
            )
            changes.add(Kind.MOBILITY, [mobility.id])
            people.add(mobility.person_id)
        refresh_mobility_keys(session, person_ids=people)
    if stale:
        notes.append(msg("bm_grant_needs_recompute", count=len(stale)))
    log.info("bm values taken: differences=%d mobilities=%d", len(differences), len(ids))
    return Result(notes, changes)
