"""The Beneficiary Module export: load a project's mobilities as ``MobilityRow`` DTOs, check them
before writing (pre-flight), and write the import file through ``exports.bm``.

The column set is a best guess from the documented fields unless the user gives a fresh export
from the BM as the template; every report says so.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlmodel import Session, col
from sqlmodel import select as sqlmodel_select

from intervet_desktop.core.enums import Action, ActivityType, GrantLineCode, MobilityStatus, TransportMode
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import Message, msg, register, register_plural
from intervet_desktop.core.validation import identifiers
from intervet_desktop.core.validation.result import is_problem
from intervet_desktop.db.models import (
    GrantLine,
    Mobility,
    Organisation,
    Person,
    PersonLanguage,
    Project,
    RateSetRow,
    table_of,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.bm.fields import ExportOptions, MobilityRow
from intervet_desktop.exports.bm.layout import EmptyColumn, Layout, default_layout, load_template
from intervet_desktop.exports.bm.writer import WriteResult, file_kind, write_bm_file
from intervet_desktop.services import settings
from intervet_desktop.services.changes import Result
from intervet_desktop.services.sequence_checks import TRANSNATIONAL

log = logging.getLogger(__name__)

GREECE_SETTING = "bm_export_greece"

register(
    "bm_default_columns_guess",
    "The columns are InterVET's best guess from the documented BM fields. A fresh export from the "
    "Beneficiary Module (Import-export section) is the reference: pass it as the template so the file "
    "follows the BM's current headers and order.",
)
register("bm_template_used", "Columns and order taken from the template {path}.")
register("bm_column_left_empty", "Column {position} '{header}' is left empty: {reason}.")
register("bm_reason_unknown", "InterVET does not know this field")
register("bm_reason_computed", "the BM computes it")
register("bm_reason_sensitive", "sensitive data never goes to the BM")
register(
    "bm_lump_sum_refused",
    "Project {project} is a {action} project: its mobilities are paid from the partnership's lump sums "
    "under its own rules and are not reported through the Beneficiary Module's mobility import.",
)
register("bm_project_not_found", "No project with the code '{project}'.")
register("bm_greece_invalid", "Greece is written EL or GR in the BM file, not '{value}'.")
register_plural(
    "bm_preflight_failed",
    "The pre-flight check found {count} problem; the file was not written. Fix it, or accept it "
    "(--force on the command line) to write the file anyway.",
    "The pre-flight check found {count} problems; the file was not written. Fix them, or accept them "
    "(--force on the command line) to write the file anyway.",
)
register("bm_id_missing", "The mobility has no BM Mobility Activity ID.")
register(
    "bm_domestic",
    "The sending and the receiving organisation are both in {country}: {action} requires a mobility "
    "abroad and the BM refuses it.",
)
register("bm_id_duplicate", "Mobility Activity ID {bm_id} is used by {count} mobilities of this project.")
register("bm_org_missing", "No {side} organisation is set.")
register("bm_oid_missing", "The {side} organisation '{name}' has no OID yet (E followed by 8 digits).")
register(
    "bm_oid_invalid", "The {side} organisation '{name}' has OID '{oid}': expected E followed by 8 digits."
)
register("bm_field_missing", "{field} is missing.")
register("bm_activity_unknown", "Activity type '{value}' is not a BM activity type code.")
register("bm_dates_order", "The end date {end} is before the start date {start}.")
register(
    "bm_dates_outside_project",
    "The dates {start} to {end} are not inside the project's period {project_start} to {project_end}.",
)
register_plural(
    "bm_duration_range",
    "{activity} lasts {days} day; the rules allow {min} to {max} days (travel days not counted).",
    "{activity} lasts {days} days; the rules allow {min} to {max} days (travel days not counted).",
    count="days",
)
register_plural(
    "bm_travel_days_range",
    "{days} funded travel day; at most {max} with {kind} travel.",
    "{days} funded travel days; at most {max} with {kind} travel.",
    count="days",
)
register_plural(
    "bm_travel_days_short_distance",
    "{days} funded travel day for a distance of {km} km: below 10 km there is no travel support.",
    "{days} funded travel days for a distance of {km} km: below 10 km there is no travel support.",
    count="days",
)
register("bm_green_transport", "Green travel is set but the main means of transport is {transport}.")
register(
    "bm_distance_missing", "The official distance (EC calculator) is missing, so the distance band is empty."
)
register(
    "bm_languages_limit",
    "{count} other languages; the BM takes at most {max}. Only the first {max} are written: {written}.",
)
register_plural(
    "bm_export_done",
    "{rows} row for {mobilities} mobilities written to {path}.",
    "{rows} rows for {mobilities} mobilities written to {path}.",
    count="rows",
)

STANDARD_TRAVEL_DAYS = 2
GREEN_TRAVEL_DAYS = 6
DEFAULT_DURATIONS: dict[str, tuple[int, int]] = {
    "SM-JOB-SHDW": (2, 60),
    "SM-TTA": (2, 365),
    "SM-COUR-TRAIN": (2, 30),
    "LM-SHORT-VET": (10, 89),
    "LM-LONG-VET": (90, 365),
    "LM-SKILL-VET": (1, 10),
    "LM-GROUP-VET": (2, 30),
}


# ---------------------------------------------------------------------------- DTOs
@dataclass(frozen=True)
class BmProject:
    id: int
    code: str
    title: str
    action: str
    start: Any
    end: Any
    rate_set_document: str | None = None


@dataclass(frozen=True)
class BmLimits:
    max_other_languages: int = 3
    travel_days_standard: int = STANDARD_TRAVEL_DAYS
    travel_days_green: int = GREEN_TRAVEL_DAYS
    durations: dict[str, tuple[int, int]] = field(default_factory=lambda: dict(DEFAULT_DURATIONS))

    @classmethod
    def from_rate_set(cls, document: str | None) -> BmLimits:
        if not document:
            return cls()
        try:
            data = json.loads(document)
            travel = data.get("travel_days") or {}
            durations = {
                str(k): (int(v[0]), int(v[1]))
                for k, v in (data.get("durations") or DEFAULT_DURATIONS).items()
            }
            return cls(
                travel_days_standard=int(travel.get("standard_max", STANDARD_TRAVEL_DAYS)),
                travel_days_green=int(travel.get("green_max", GREEN_TRAVEL_DAYS)),
                durations=durations,
            )
        except (ValueError, TypeError, AttributeError, IndexError):
            return cls()


@dataclass(frozen=True)
class BmProblem:
    """One pre-flight problem of one mobility, with the field the UI should open."""

    mobility_id: int
    bm_activity_id: str | None
    participant: str
    field: str
    message: Message

    def render(self) -> str:
        who = f"{self.bm_activity_id or '(no BM id)'} ({self.participant})"
        return f"{who}, {self.field}: {self.message.render()}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "mobility_id": self.mobility_id,
            "bm_activity_id": self.bm_activity_id,
            "participant": self.participant,
            "field": self.field,
            "code": self.message.code,
            "message": self.message.render(),
        }


class PreflightFailed(ValidationError):
    """The pre-flight check found problems and the user did not accept them. Nothing was written."""

    def __init__(self, problems: Sequence[BmProblem]) -> None:
        self.bm_problems = list(problems)
        super().__init__(
            [Problem("preflight", msg("bm_preflight_failed", count=len(problems)))]
            + [Problem(p.field, Message(p.message.code, dict(p.message.params))) for p in problems]
        )
        self.args = ("\n".join([self.problems[0].render(), *(p.render() for p in problems)]),)


@dataclass(frozen=True)
class BmExportReport:
    path: Path
    kind: str
    project_code: str
    mobilities: int
    rows: int
    headers: list[str]
    from_template: bool
    template: Path | None
    empty_columns: list[EmptyColumn]
    problems: list[BmProblem]
    greece: str
    notes: list[Message]

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "format": self.kind,
            "project": self.project_code,
            "mobilities": self.mobilities,
            "rows": self.rows,
            "headers": self.headers,
            "from_template": self.from_template,
            "template": str(self.template) if self.template else None,
            "best_guess": not self.from_template,
            "empty_columns": [
                {"position": c.position, "header": c.header, "reason": c.reason} for c in self.empty_columns
            ],
            "problems": [p.as_dict() for p in self.problems],
            "greece": self.greece,
            "notes": [n.render() for n in self.notes],
        }


# ---------------------------------------------------------------------------- loading
def find_project(session: Session, code: str) -> Project:
    project = session.exec(sqlmodel_select(Project).where(col(Project.code) == code.strip())).first()
    if project is None:
        raise UserError.of("bm_project_not_found", project=code)
    return project


def bm_project(session: Session, project: Project) -> BmProject:
    document = None
    if project.rate_set_id is not None:
        rate_set = session.get(RateSetRow, project.rate_set_id)
        document = rate_set.document if rate_set else None
    return BmProject(
        project.id or 0,
        project.code,
        project.title,
        project.action,
        project.start_date,
        project.end_date,
        document,
    )


def refuse_lump_sum(project: BmProject) -> None:
    try:
        lump_sum = Action(project.action).is_lump_sum
    except ValueError:
        lump_sum = False
    if lump_sum:
        raise UserError.of("bm_lump_sum_refused", project=project.code, action=project.action)


def _languages(session: Session, project_id: int) -> dict[int, tuple[str, ...]]:
    order = {"C2": 0, "C1": 1, "B2": 2, "B1": 3, "A2": 4, "A1": 5}
    m, pl = table_of(Mobility).c, table_of(PersonLanguage).c
    people = select(m.person_id).where(m.project_id == project_id)
    query = select(pl.person_id, pl.language, pl.level).where(pl.person_id.in_(people), pl.level != "native")
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for person_id, language, level in session.execute(query):
        found[person_id].append((order.get(level, 9), language.upper()))
    return {pid: tuple(lang for _, lang in sorted(items)) for pid, items in found.items()}


def _grant_amounts(session: Session, project_id: int) -> dict[int, dict[str, int]]:
    m, g = table_of(Mobility).c, table_of(GrantLine).c
    query = (
        select(g.mobility_id, g.code, func.sum(g.amount_cents))
        .join_from(table_of(GrantLine), table_of(Mobility), m.id == g.mobility_id)
        .where(m.project_id == project_id)
        .group_by(g.mobility_id, g.code)
    )
    amounts: dict[int, dict[str, int]] = defaultdict(dict)
    for mobility_id, code, total in session.execute(query):
        amounts[mobility_id][code] = int(total or 0)
    return amounts


def load_rows(
    session: Session, project: BmProject, mobility_ids: Sequence[int] | None = None
) -> list[MobilityRow]:
    """Every mobility of the project that is not cancelled (or just these), ordered by BM id."""
    mobility, person = table_of(Mobility), table_of(Person)
    sending_t = table_of(Organisation).alias("sending")
    receiving_t = table_of(Organisation).alias("receiving")
    m, p, sending, receiving = mobility.c, person.c, sending_t.c, receiving_t.c
    query = (
        select(
            m.id,
            m.bm_activity_id,
            m.activity_type,
            m.direction,
            m.is_accompanying,
            p.first_name,
            p.last_name,
            p.gender,
            p.birth_date,
            p.nationality,
            p.email,
            m.fewer_opportunities,
            m.sending_org_id,
            sending.oid,
            sending.country,
            sending.city,
            m.origin_country,
            m.origin_city,
            m.receiving_org_id,
            receiving.oid,
            receiving.country,
            receiving.city,
            m.destination_country,
            m.destination_city,
            m.planned_start,
            m.planned_end,
            m.actual_start,
            m.actual_end,
            m.travel_days,
            m.green_travel,
            m.transport_mode,
            m.distance_km,
            m.course_days,
            m.force_majeure,
            m.org_support_not_requested,
            m.real_travel_cost_cents,
            m.status,
            p.id,
            sending.name,
            receiving.name,
        )
        .select_from(mobility)
        .join(person, p.id == m.person_id)
        .outerjoin(sending_t, sending.id == m.sending_org_id)
        .outerjoin(receiving_t, receiving.id == m.receiving_org_id)
        .where(
            m.project_id == project.id,
            or_(m.status != MobilityStatus.CANCELLED.value, m.force_majeure.is_(True)),
        )
        .order_by(m.bm_activity_id, m.id)
    )
    if mobility_ids is not None:
        query = query.where(m.id.in_(list(mobility_ids)))
    languages = _languages(session, project.id)
    amounts = _grant_amounts(session, project.id)
    rows = []
    for r in session.execute(query):
        lines = amounts.get(r[0])
        rows.append(
            MobilityRow(
                mobility_id=r[0],
                grant_agreement_no=project.code,
                bm_activity_id=r[1],
                activity_type=r[2],
                direction=r[3],
                is_accompanying=bool(r[4]),
                first_name=r[5],
                last_name=r[6],
                gender=r[7],
                birth_date=r[8],
                nationality=r[9],
                email=r[10],
                fewer_opportunities=bool(r[11]),
                sending_org_id=r[12],
                sending_oid=r[13],
                sending_country=r[14] or r[16],
                sending_city=r[15] or r[17],
                receiving_org_id=r[18],
                receiving_oid=r[19],
                receiving_country=r[22] or r[20],
                receiving_city=r[23] or r[21],
                start=r[26] or r[24],
                end=r[27] or r[25],
                travel_days=int(r[28] or 0),
                green_travel=bool(r[29]),
                transport_mode=r[30],
                distance_km=r[31],
                other_languages=languages.get(r[37], ()),
                course_days=int(r[32] or 0),
                force_majeure=bool(r[33]),
                org_support_not_requested=bool(r[34]),
                real_travel_cost_cents=r[35],
                status=r[36],
                sending_name=r[38] or "",
                receiving_name=r[39] or "",
                travel_cents=None if lines is None else lines.get(GrantLineCode.TRAVEL.value, 0),
                individual_support_cents=(
                    None if lines is None else lines.get(GrantLineCode.INDIVIDUAL_SUPPORT.value, 0)
                ),
                organisational_support_cents=(
                    None if lines is None else lines.get(GrantLineCode.ORGANISATIONAL_SUPPORT.value, 0)
                ),
            )
        )
    return rows


def load_project_rows(workspace: Workspace, code: str) -> tuple[BmProject, list[MobilityRow]]:
    with workspace.read_session() as session:
        project = bm_project(session, find_project(session, code))
        refuse_lump_sum(project)
        return project, load_rows(session, project)


# ---------------------------------------------------------------------------- pre-flight
_NAMES = {
    "first_name": "Participant first name",
    "last_name": "Participant last name",
    "birth_date": "Participant date of birth",
    "nationality": "Participant nationality",
    "receiving_country": "Receiving country",
    "receiving_city": "Receiving city",
    "activity_type": "Activity type",
}


def preflight(
    project: BmProject, rows: Sequence[MobilityRow], limits: BmLimits | None = None
) -> list[BmProblem]:
    """Everything the BM would reject, or that would make the file wrong, per mobility and field."""
    limits = limits or BmLimits.from_rate_set(project.rate_set_document)
    problems: list[BmProblem] = []
    ids: dict[str, list[MobilityRow]] = defaultdict(list)
    activity_codes = {a.value for a in ActivityType}
    for row in rows:

        def add(field: str, code: str, /, row: MobilityRow = row, **params: Any) -> None:
            problems.append(
                BmProblem(row.mobility_id, row.bm_activity_id, row.participant, field, msg(code, **params))
            )

        bm_id = (row.bm_activity_id or "").strip()
        if not bm_id:
            add("bm_activity_id", "bm_id_missing")
        else:
            ids[bm_id.casefold()].append(row)
        for side, org_id, oid in (
            ("sending", row.sending_org_id, row.sending_oid),
            ("receiving", row.receiving_org_id, row.receiving_oid),
        ):
            field = f"{side}_org"
            if org_id is None:
                add(field, "bm_org_missing", side=side)
            elif not (oid or "").strip():
                add(f"{side}_oid", "bm_oid_missing", side=side, name=_org_label(row, side))
            elif is_problem(identifiers.oid(oid)):  # the one OID rule (core.validation.identifiers)
                add(f"{side}_oid", "bm_oid_invalid", side=side, name=_org_label(row, side), oid=oid)
        for key, value in (
            ("first_name", row.first_name),
            ("last_name", row.last_name),
            ("birth_date", row.birth_date),
            ("nationality", row.nationality),
            ("receiving_country", row.receiving_country),
            ("receiving_city", row.receiving_city),
            ("activity_type", row.activity_type),
        ):
            if value is None or (isinstance(value, str) and not value.strip()):
                add(key, "bm_field_missing", field=_NAMES[key])
        if (
            project.action in TRANSNATIONAL
            and row.sending_country
            and row.sending_country == row.receiving_country
            and row.status != "cancelled"
        ):
            add("receiving_country", "bm_domestic", country=row.receiving_country, action=project.action)
        if row.activity_type and row.activity_type not in activity_codes:
            add("activity_type", "bm_activity_unknown", value=row.activity_type)
        if row.end < row.start:
            add("end", "bm_dates_order", start=row.start.isoformat(), end=row.end.isoformat())
        else:
            if row.start < project.start or row.end > project.end:
                add(
                    "start" if row.start < project.start else "end",
                    "bm_dates_outside_project",
                    start=row.start.isoformat(),
                    end=row.end.isoformat(),
                    project_start=project.start.isoformat(),
                    project_end=project.end.isoformat(),
                )
            bounds = limits.durations.get(row.activity_type)
            if bounds and not row.is_accompanying and not bounds[0] <= row.duration_days <= bounds[1]:
                add(
                    "end",
                    "bm_duration_range",
                    activity=row.activity_type,
                    days=row.duration_days,
                    min=bounds[0],
                    max=bounds[1],
                )
        travel_max = limits.travel_days_green if row.green_travel else limits.travel_days_standard
        if row.travel_days < 0 or row.travel_days > travel_max:
            add(
                "travel_days",
                "bm_travel_days_range",
                days=row.travel_days,
                max=travel_max,
                kind="green" if row.green_travel else "standard",
            )
        elif row.travel_days > 0 and row.distance_km is not None and row.distance_km < 10:
            add("travel_days", "bm_travel_days_short_distance", days=row.travel_days, km=row.distance_km)
        if row.green_travel and row.transport_mode:
            try:
                green = TransportMode(row.transport_mode).is_green
            except ValueError:
                green = True
            if not green:
                add("transport_mode", "bm_green_transport", transport=row.transport_mode)
        if row.distance_km is None and row.receiving_country:
            add("distance_km", "bm_distance_missing")
        if len(row.other_languages) > limits.max_other_languages:
            add(
                "languages",
                "bm_languages_limit",
                count=len(row.other_languages),
                max=limits.max_other_languages,
                written=",".join(row.other_languages[: limits.max_other_languages]),
            )
    for same in ids.values():
        if len(same) > 1:
            for row in same:
                problems.append(
                    BmProblem(
                        row.mobility_id,
                        row.bm_activity_id,
                        row.participant,
                        "bm_activity_id",
                        msg("bm_id_duplicate", bm_id=row.bm_activity_id, count=len(same)),
                    )
                )
    return problems


def _org_label(row: MobilityRow, side: str) -> str:
    name = row.sending_name if side == "sending" else row.receiving_name
    org_id = row.sending_org_id if side == "sending" else row.receiving_org_id
    return name or f"#{org_id}"


def check_project(workspace: Workspace, code: str) -> tuple[BmProject, list[MobilityRow], list[BmProblem]]:
    project, rows = load_project_rows(workspace, code)
    problems = preflight(project, rows)
    log.info("bm pre-flight project=%s mobilities=%d problems=%d", project.id, len(rows), len(problems))
    return project, rows, problems


# ---------------------------------------------------------------------------- export
def greece_setting(workspace: Workspace) -> str:
    value = settings.get_value(workspace, GREECE_SETTING)
    return value if value in ("EL", "GR") else "EL"


def save_greece_setting(workspace: Workspace, value: str) -> Result[None]:
    return settings.set_value(workspace, GREECE_SETTING, _greece(value))


def _greece(value: str) -> str:
    cleaned = (value or "").strip().upper()
    if cleaned not in ("EL", "GR"):
        raise ValidationError.single("greece", "bm_greece_invalid", value=value)
    return cleaned


def resolve_layout(template: Path | None) -> Layout:
    return default_layout() if template is None else load_template(template)


def export_bm(
    workspace: Workspace,
    code: str,
    target: Path,
    *,
    template: Path | None = None,
    greece: str | None = None,
    force: bool = False,
    on_progress: Callable[[int, int], None] | None = None,
) -> BmExportReport:
    """Check, then write the BM import file. Refuses (``PreflightFailed``) when the check finds
    problems and ``force`` is not set; with ``force`` the problems are in the report."""
    file_kind(target)
    layout = resolve_layout(template)
    chosen = _greece(greece) if greece else greece_setting(workspace)
    project, rows, problems = check_project(workspace, code)
    if problems and not force:
        raise PreflightFailed(problems)
    total = len(rows)
    result = write_bm_file(
        target,
        layout,
        rows,
        ExportOptions(greece=chosen),
        on_progress=(lambda n: on_progress(n, total)) if on_progress else None,
    )
    log.info("bm export project=%s mobilities=%d rows=%d", project.id, result.mobilities, result.rows)
    return _report(project, layout, result, problems, chosen)


def _report(
    project: BmProject, layout: Layout, result: WriteResult, problems: list[BmProblem], greece: str
) -> BmExportReport:
    notes = [msg("bm_export_done", rows=result.rows, mobilities=result.mobilities, path=result.path)]
    if layout.from_template:
        notes.append(msg("bm_template_used", path=layout.template))
    else:
        notes.append(msg("bm_default_columns_guess"))
    reasons = {
        "unknown": "bm_reason_unknown",
        "computed_by_bm": "bm_reason_computed",
        "sensitive": "bm_reason_sensitive",
    }
    for column in layout.empty:
        notes.append(
            msg(
                "bm_column_left_empty",
                position=column.position,
                header=column.header,
                reason=msg(reasons[column.reason]),
            )
        )
    return BmExportReport(
        path=result.path,
        kind=result.kind,
        project_code=project.code,
        mobilities=result.mobilities,
        rows=result.rows,
        headers=list(layout.headers),
        from_template=layout.from_template,
        template=layout.template,
        empty_columns=list(layout.empty),
        problems=problems,
        greece=greece,
        notes=notes,
    )
