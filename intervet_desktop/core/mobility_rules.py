"""Mobility form: the DTO, its checks (every problem at once) and the status pipeline's rules.

Field names of problems are the ``MobilityForm`` field names, so forms mark the right widget. Grant
rules (duration range, travel days, amounts) come from ``core.grant.validate_grant_input`` with the
project's rate set; their fields are mapped back to the form's.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from intervet_desktop.core.country_codes import is_country_code, normalise_country
from intervet_desktop.core.enums import ActivityType, Direction, MobilityStatus, TransportMode
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.grant import GrantInput, validate_grant_input
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.core.rates import RateSet


def problem(where: str, code: str, /, **params: Any) -> Problem:
    """A problem of one form field (``field`` stays free as a message parameter)."""
    return Problem(where, msg(code, **params))


register("mobility_note_required", "{field}: say why in the note.")
register("mobility_bm_id_taken", "The BM mobility activity ID {value} is already used in this project.")
register(
    "mobility_sending_not_allowed", "The sending organisation must be your school or a consortium member."
)
register("mobility_tutor_not_of_host", "The host tutor must be a contact of the receiving organisation.")
register(
    "mobility_accompanies_invalid", "An accompanying person accompanies another mobility of the project."
)
register("mobility_actual_incomplete", "Give both actual dates, or neither.")
register(
    "mobility_status_not_allowed",
    "The status cannot go from {current} to {target}; the next step is {allowed}.",
)
register("mobility_status_before_start", "A mobility is ongoing from its start ({start}), not on {on}.")
register("mobility_status_before_end", "A mobility is completed after its end ({end}), not on {on}.")
register("mobility_status_date_before", "The date {on} is before the previous step's date ({previous}).")
register("mobility_evidence_unknown", "{kind} is not an evidence item of this mobility.")
register(
    "mobility_warn_agreement_after_start",
    "The mobility agreement was signed on {signed}, after the start of the mobility ({start}).",
)
register(
    "mobility_warn_certificate_dates",
    "The certificate states {cert_start} to {cert_end}, but the mobility ran {start} to {end}.",
)
register("mobility_warn_host_no_oid", "The receiving organisation has no OID yet (the BM needs it).")
register("mobility_warn_no_grant", "No grant is computed yet: {reason}")
register("mobility_warn_place_unknown", "The distance cannot be estimated: {reason}")

PIPELINE: tuple[MobilityStatus, ...] = (
    MobilityStatus.PLANNED,
    MobilityStatus.AGREEMENT_SENT,
    MobilityStatus.AGREEMENT_SIGNED,
    MobilityStatus.ONGOING,
    MobilityStatus.COMPLETED,
    MobilityStatus.REPORTED,
)

# grant input field -> form field (start/end become planned or actual depending on which is used)
GRANT_FIELD = {
    "receiving_country": "destination_country",
    "activity_type": "activity_type",
    "travel_days": "travel_days",
    "distance_km": "distance_km",
    "course_days": "course_days",
    "real_travel_cost_cents": "real_travel_cost_cents",
    "inclusion_real_cost_cents": "inclusion_real_cost_cents",
    "exceptional_other_cents": "exceptional_other_cents",
    "in_kind_travel_cents": "in_kind_travel_cents",
    "in_kind_accommodation_cents": "in_kind_accommodation_cents",
}


@dataclass(frozen=True)
class MobilityForm:
    """Every field a user edits (ids for the pickers, cents for money, None for unknown)."""

    project_id: int | None = None
    direction: str = Direction.OUTGOING.value
    person_id: int | None = None
    is_accompanying: bool = False
    accompanies_id: int | None = None
    activity_type: str = ActivityType.JOB_SHADOWING.value
    sending_org_id: int | None = None
    receiving_org_id: int | None = None
    host_tutor_id: int | None = None
    origin_city: str = ""
    origin_country: str = ""
    destination_city: str = ""
    destination_country: str = ""
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    travel_days: int = 0
    transport_mode: str = ""
    green_travel: bool = False
    green_travel_note: str = ""
    distance_km: int | None = None
    fewer_opportunities: bool = False
    inclusion_real_cost_cents: int = 0
    course_days: int = 0
    real_travel_cost_cents: int | None = None
    exceptional_other_cents: int = 0
    exceptional_other_note: str = ""
    force_majeure: bool = False
    force_majeure_note: str = ""
    org_support_not_requested: bool = False
    in_kind_travel_cents: int = 0
    in_kind_accommodation_cents: int = 0
    bm_activity_id: str = ""
    notes: str = ""


FORM_FIELDS = tuple(f.name for f in fields(MobilityForm))
NULLABLE_TEXT = {
    "origin_city",
    "origin_country",
    "destination_city",
    "transport_mode",
    "green_travel_note",
    "exceptional_other_note",
    "force_majeure_note",
    "bm_activity_id",
}
# what changes the grant: a stored snapshot is compared (old vs new) when one of these changes
GRANT_FIELDS = {
    "activity_type",
    "destination_country",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "travel_days",
    "green_travel",
    "distance_km",
    "course_days",
    "real_travel_cost_cents",
    "fewer_opportunities",
    "inclusion_real_cost_cents",
    "exceptional_other_cents",
    "force_majeure",
    "org_support_not_requested",
    "is_accompanying",
    "in_kind_travel_cents",
    "in_kind_accommodation_cents",
}


def column_values(form: MobilityForm) -> dict[str, Any]:
    """The form as mobility columns (texts trimmed, empty optional texts as None)."""
    values: dict[str, Any] = {}
    for name in FORM_FIELDS:
        if name == "project_id":
            continue
        value = getattr(form, name)
        if isinstance(value, str):
            value = " ".join(value.split()) if name != "notes" else value.strip()
            if name in ("origin_country", "destination_country"):
                value = normalise_country(value) if value else value
            if name in NULLABLE_TEXT and not value:
                value = None
        values[name] = value
    if not values["is_accompanying"]:
        values["accompanies_id"] = None
    return values


def grant_input_of(form: MobilityForm, distance_estimate_km: int | None) -> GrantInput | None:
    """The calculator's input, when the form has what it needs (dates, activity, country)."""
    start, end = form.planned_start, form.planned_end
    if form.actual_start is not None and form.actual_end is not None:
        start, end = form.actual_start, form.actual_end
    if start is None or end is None or not form.destination_country:
        return None
    return GrantInput(
        activity_type=form.activity_type,
        receiving_country=normalise_country(form.destination_country),
        start=start,
        end=end,
        travel_days=form.travel_days,
        green_travel=form.green_travel,
        distance_km=form.distance_km if form.distance_km is not None else distance_estimate_km,
        course_days=form.course_days,
        real_travel_cost_cents=form.real_travel_cost_cents,
        fewer_opportunities=form.fewer_opportunities,
        inclusion_real_cost_cents=form.inclusion_real_cost_cents,
        exceptional_other_cents=form.exceptional_other_cents,
        force_majeure=form.force_majeure,
        org_support_not_requested=form.org_support_not_requested,
        is_accompanying=form.is_accompanying,
        in_kind_travel_cents=form.in_kind_travel_cents,
        in_kind_accommodation_cents=form.in_kind_accommodation_cents,
    )


def check_form(
    form: MobilityForm,
    *,
    project_period: tuple[date, date] | None,
    rates: RateSet | None,
    distance_estimate_km: int | None,
) -> list[Problem]:
    """The checks that need no database (references are checked by the service)."""
    found: list[Problem] = []
    if form.project_id is None:
        found.append(problem("project_id", "field_required", field="project"))
    if form.person_id is None:
        found.append(problem("person_id", "field_required", field="participant"))
    if form.direction not in {d.value for d in Direction}:
        found.append(
            problem(
                "direction",
                "unknown_choice",
                field="direction",
                value=form.direction,
                choices="outgoing, incoming",
            )
        )
    if form.activity_type not in {a.value for a in ActivityType}:
        found.append(
            problem(
                "activity_type",
                "unknown_choice",
                field="activity_type",
                value=form.activity_type,
                choices=", ".join(a.value for a in ActivityType),
            )
        )
    if form.transport_mode and form.transport_mode not in {t.value for t in TransportMode}:
        found.append(
            problem(
                "transport_mode",
                "unknown_choice",
                field="transport",
                value=form.transport_mode,
                choices=", ".join(t.value for t in TransportMode),
            )
        )
    if form.receiving_org_id is None:
        found.append(problem("receiving_org_id", "field_required", field="receiving_org"))
    if not form.destination_country.strip():
        found.append(problem("destination_country", "field_required", field="destination_country"))
    elif not is_country_code(form.destination_country.strip()):
        found.append(
            problem(
                "destination_country",
                "unknown_country",
                field="destination_country",
                value=form.destination_country,
            )
        )
    if form.origin_country.strip() and not is_country_code(form.origin_country.strip()):
        found.append(
            problem("origin_country", "unknown_country", field="origin_country", value=form.origin_country)
        )
    if form.is_accompanying and form.activity_type.startswith("LM-") and form.accompanies_id is None:
        found.append(problem("accompanies_id", "field_required", field="accompanied_learners"))
    if form.planned_start is None:
        found.append(problem("planned_start", "field_required", field="planned_start"))
    if form.planned_end is None:
        found.append(problem("planned_end", "field_required", field="planned_end"))
    if form.planned_start and form.planned_end and form.planned_end < form.planned_start:
        found.append(
            problem(
                "planned_end",
                "date_order",
                end_field="planned_end",
                end=form.planned_end,
                start_field="planned_start",
                start=form.planned_start,
            )
        )
    if (form.actual_start is None) != (form.actual_end is None):
        missing = "actual_end" if form.actual_end is None else "actual_start"
        found.append(problem(missing, "mobility_actual_incomplete"))
    elif form.actual_start and form.actual_end and form.actual_end < form.actual_start:
        found.append(
            problem(
                "actual_end",
                "date_order",
                end_field="actual_end",
                end=form.actual_end,
                start_field="actual_start",
                start=form.actual_start,
            )
        )
    if project_period is not None:
        lo, hi = project_period
        for name, label in (
            ("planned_start", "Planned start"),
            ("planned_end", "Planned end"),
            ("actual_start", "Actual start"),
            ("actual_end", "Actual end"),
        ):
            value = getattr(form, name)
            if value is not None and not lo <= value <= hi:
                found.append(
                    problem(name, "grant_outside_project", field=label, value=value, start=lo, end=hi)
                )
    if form.exceptional_other_cents > 0 and not form.exceptional_other_note.strip():
        found.append(problem("exceptional_other_note", "mobility_note_required", field="exceptional_cost"))
    if form.force_majeure and not form.force_majeure_note.strip():
        found.append(problem("force_majeure_note", "mobility_note_required", field="force_majeure"))
    if len(form.bm_activity_id.strip()) > 50:
        found.append(problem("bm_activity_id", "field_too_long", field="bm_activity_id", max=50))
    inp = grant_input_of(form, distance_estimate_km)
    if rates is not None and inp is not None and form.activity_type in {a.value for a in ActivityType}:
        use_actual = form.actual_start is not None and form.actual_end is not None
        already = {p.field for p in found}
        for grant_problem in validate_grant_input(inp, rates):
            if grant_problem.message.code in (
                "date_order",
                "grant_distance_missing",
                "grant_unknown_activity",
            ):
                continue  # reported above, or not an error of the form (the grant waits for a distance)
            where = grant_problem.field
            if where in ("start", "end"):
                where = ("actual_" if use_actual else "planned_") + where
            else:
                where = GRANT_FIELD.get(where, where)
            if where not in already:
                found.append(Problem(where, grant_problem.message, grant_problem.row))
    return found


def allowed_next(current: str) -> list[MobilityStatus]:
    """The statuses a mobility can move to: the next step of the pipeline, or cancelled."""
    if current == MobilityStatus.CANCELLED:
        return [MobilityStatus.PLANNED]  # reinstated
    nxt: list[MobilityStatus] = []
    if current in PIPELINE:
        i = PIPELINE.index(MobilityStatus(current))
        if i + 1 < len(PIPELINE):
            nxt.append(PIPELINE[i + 1])
    nxt.append(MobilityStatus.CANCELLED)
    return nxt


def calendar_problem(status: str, start: date, end: date, on: date) -> Message | None:
    """The calendar's part of the lifecycle: ongoing from the start, completed after the end."""
    if status == MobilityStatus.ONGOING and on < start:
        return msg("mobility_status_before_start", start=start, on=on)
    if status == MobilityStatus.COMPLETED and on <= end:
        return msg("mobility_status_before_end", end=end, on=on)
    return None
