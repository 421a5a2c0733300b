"""Import a call's applications from an online-form export: all or nothing, or a dry run.

Each row becomes an application of the call; its applicant is matched to an existing person by
e-mail (else by name at the same school) or created. Rows use the generic importer's reading,
header detection, mapping and cell parsing (``services.importing``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import col

from intervet_desktop.core.enums import ApplicationStatus
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.person_rules import person_keys
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import Application, ApplicationEvent, ApplicationPreference, Person, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.applications.eligibility import eligibility, sending_schools
from intervet_desktop.services.applications.records import _call, event_row, format_number, next_number
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.importing.application_spec import APPLICATIONS
from intervet_desktop.services.importing.engine import _header, _parse_rows, _report, resolve_mapping
from intervet_desktop.services.importing.mappings import save_mapping
from intervet_desktop.services.importing.reading import read_table
from intervet_desktop.services.importing.report import ImportReport, RowReport, RowStatus

register("import_app_late", "Submitted after the deadline ({deadline}); enter it by hand with the reason.")
register("import_app_already", "This person already applied to this call (application {number}).")
register("import_app_same_person", "Same applicant as row {row}; only the first is imported.")

log = logging.getLogger(__name__)


def import_applications(
    workspace: Workspace,
    call_id: int,
    path: Path,
    *,
    overrides: Mapping[str, str] | None = None,
    dry_run: bool = False,
) -> Result[ImportReport]:
    started = time.perf_counter()
    spec = APPLICATIONS
    overrides = dict(overrides or {})
    table = read_table(path)
    header = _header(table, spec, overrides, path)
    changes = Changes()
    with workspace.session() as session:
        call = _call(session, call_id)
        mapping = resolve_mapping(session, spec, header, overrides)
        report = _report(spec, path, header, mapping)
        report.dry_run = dry_run
        rows = _parse_rows(table, header, spec, mapping, spec.context(session))
        by_email: dict[str, int] = {}
        by_name: dict[tuple[str, int | None], int] = {}
        for pid, first, last, mail, employer in session.execute(
            select(
                col(Person.id),
                col(Person.first_name),
                col(Person.last_name),
                col(Person.email),
                col(Person.employer_id),
            )
        ):
            if mail:
                by_email.setdefault(mail.lower(), pid)
            by_name.setdefault((search_key(first, last), employer), pid)
        applied = dict(
            session.execute(
                select(col(Application.person_id), col(Application.number)).where(
                    col(Application.call_id) == call_id
                )
            ).all()
        )
        reports: list[RowReport] = []
        planned: list[tuple[int, dict[str, Any], int | None]] = []  # (row, values, existing person id)
        seen: dict[str, int] = {}
        for r in rows:
            problems = list(r.problems)
            v = r.values
            if not problems and v["submitted_at"].date() > call.deadline:
                problems.append(_p("submitted_at", "import_app_late", r.number, deadline=call.deadline))
            if problems:
                reports.append(RowReport(r.number, RowStatus.ERROR, problems=tuple(problems)))
                continue
            key = (v.get("email") or "").lower() or search_key(v["first_name"], v["last_name"])
            if key in seen:
                note = msg("import_app_same_person", row=seen[key])
                reports.append(RowReport(r.number, RowStatus.DUPLICATE, note=note))
                continue
            seen[key] = r.number
            person_id = by_email.get((v.get("email") or "").lower()) if v.get("email") else None
            if person_id is None:
                person_id = by_name.get((search_key(v["first_name"], v["last_name"]), v["employer_id"]))
            if person_id is not None and person_id in applied:
                note = msg("import_app_already", number=applied[person_id])
                reports.append(RowReport(r.number, RowStatus.DUPLICATE, person_id, note=note))
                continue
            reports.append(RowReport(r.number, RowStatus.CREATED))
            planned.append((r.number, v, person_id))
        report.rows = reports
        if dry_run or any(x.status is RowStatus.ERROR for x in reports):
            session.rollback()
        else:
            ids = _write(session, call, planned)
            it = iter(ids)
            report.rows = [
                RowReport(x.row, x.status, next(it), x.problems, x.note)
                if x.status is RowStatus.CREATED
                else x
                for x in reports
            ]
            save_mapping(session, spec.kind, header.signature(spec.kind), mapping)
            report.committed = True
            changes.add(Kind.APPLICATION, ids).add(Kind.PERSON)
    report.seconds = time.perf_counter() - started
    log.info(
        "applications import into call %s: %s rows, committed=%s", call_id, len(report.rows), report.committed
    )
    return Result(report, changes)


def _p(field: str, code: str, row: int, **params: Any) -> Any:
    from intervet_desktop.core.errors import Problem

    return Problem(field, msg(code, **params), row)


def _write(session: Any, call: Any, planned: list[tuple[int, dict[str, Any], int | None]]) -> list[int]:
    sending = sending_schools(session, call.project_id)
    n = next_number(session, call.id)
    ids: list[int] = []
    now = utcnow()
    for _row, v, person_id in planned:
        if person_id is None:
            values = {
                "first_name": v["first_name"],
                "last_name": v["last_name"],
                "email": v.get("email"),
                "employer_id": v["employer_id"],
            }
            keys = person_keys(values)
            created = Person(
                first_name=v["first_name"],
                last_name=v["last_name"],
                email=v.get("email"),
                employer_id=v["employer_id"],
                search_key=keys["search_key"],
                sort_key=keys["sort_key"],
            )
            session.add(created)
            session.flush()
            person_id = created.id
        assert person_id is not None
        person = session.get(Person, person_id)
        assert person is not None
        number = format_number(call.id, n)
        n += 1
        application = Application(
            call_id=call.id,
            person_id=person_id,
            number=number,
            search_key=search_key(number, person.first_name, person.last_name),
            submitted_at=v["submitted_at"],
            preferred_start=v.get("preferred_start"),
            preferred_end=v.get("preferred_end"),
            motivation=v["motivation"],
            first_time=v["first_time"],
            fewer_opportunities=v["fewer_opportunities"],
        )
        session.add(application)
        session.flush()
        assert application.id is not None
        if v.get("host_id") is not None or v.get("country"):
            session.add(
                ApplicationPreference(
                    application_id=application.id,
                    position=1,
                    host_id=v.get("host_id"),
                    country=v.get("country"),
                )
            )
        ok, reason = eligibility(session, call, application, person, sending)
        application.status = ApplicationStatus.ELIGIBLE.value if ok else ApplicationStatus.INELIGIBLE.value
        application.eligibility_reason = reason
        session.add(application)
        ids.append(application.id)
        session.execute(
            insert(ApplicationEvent),
            [
                event_row(application.id, "imported", None, ApplicationStatus.RECEIVED.value, "", at=now),
                event_row(
                    application.id,
                    "eligibility",
                    ApplicationStatus.RECEIVED.value,
                    application.status,
                    reason,
                    at=now,
                ),
            ],
        )
    session.flush()
    return ids
