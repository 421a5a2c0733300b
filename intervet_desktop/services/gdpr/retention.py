"""The retention rule: a person's data may be kept until some years (five by default, a setting
per grant agreement) after the National Agency paid the balance of every project they took part
in; then the person is anonymised, and backups made before that are pruned."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func
from sqlmodel import col, select

from intervet_desktop.core.enums import NaPaymentKind
from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.db.models import Mobility, NaPayment, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.settings import get_value

DEFAULT_YEARS = 5
#: app setting: {project code: years to keep after the balance payment}
YEARS_KEY = "retention_years"

register("retention_unknown_project", "There is no project with code {project}.")


@dataclass(frozen=True)
class RetentionItem:
    person_id: int
    projects: str
    #: the last balance payment among the person's projects, and when keeping ends
    balance_paid_on: str
    expires_on: str


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due(
    workspace: Workspace, project_code: str | None = None, today: date | None = None
) -> list[RetentionItem]:
    """People whose every project's retention period has ended (preview: changes nothing)."""
    today = today or date.today()
    years_by_code = get_value(workspace, YEARS_KEY) or {}
    with workspace.read_session() as session:
        if (
            project_code is not None
            and session.exec(select(Project).where(Project.code == project_code)).first() is None
        ):
            raise UserError(msg("retention_unknown_project", project=project_code))
        paid = dict(
            session.exec(
                select(NaPayment.project_id, func.max(NaPayment.received_on))
                .where(NaPayment.kind == NaPaymentKind.BALANCE.value, col(NaPayment.received_on).is_not(None))
                .group_by(col(NaPayment.project_id))
            ).all()
        )
        codes = dict(session.exec(select(Project.id, Project.code)).all())
        pairs = session.exec(
            select(Mobility.person_id, Mobility.project_id)
            .join(Person, col(Person.id) == col(Mobility.person_id))
            .where(col(Person.anonymised_at).is_(None))
            .distinct()
        ).all()
    projects_of: dict[int, set[int]] = {}
    for person_id, project_id in pairs:
        projects_of.setdefault(person_id, set()).add(project_id)
    items = []
    for person_id, project_ids in sorted(projects_of.items()):
        names = sorted(codes.get(p, "?") for p in project_ids)
        if project_code is not None and project_code not in names:
            continue
        ends = []
        for project_id in project_ids:
            paid_on = paid.get(project_id)
            if paid_on is None:
                break  # a project still open: keep everything
            years = int(years_by_code.get(codes.get(project_id, ""), DEFAULT_YEARS))
            ends.append((paid_on, _add_years(paid_on, years)))
        else:
            last_paid, expires = max(ends, key=lambda pair: pair[1])
            if expires <= today:
                items.append(
                    RetentionItem(person_id, ", ".join(names), last_paid.isoformat(), expires.isoformat())
                )
    return items


def run_retention(workspace: Workspace, project_code: str | None = None) -> list[RetentionItem]:
    """Anonymise everyone due (one transaction each), then back up and prune the backups that
    still hold them."""
    from intervet_desktop.services.backups import backup_now
    from intervet_desktop.services.gdpr.person import anonymise_person

    started = datetime.now().replace(microsecond=0)
    items = due(workspace, project_code)
    for item in items:
        anonymise_person(workspace, item.person_id)
    if items:
        backup_now(workspace, drop_before=started)
    return items
