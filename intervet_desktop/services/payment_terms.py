"""Changing a project's payment terms for participants (pre-financing share, balance days).

The new terms apply only to instalments not yet paid, of mobilities not yet completed:
- a completed, reported or cancelled mobility keeps the terms it had (frozen on the mobility);
- a mobility with payments already made keeps its pre-financing share (the pre-financing was paid
  under it) and gets the new balance deadline;
- any other mobility is replanned on the new terms.
``preview_terms`` shows what would change, mobility by mobility, without saving anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from intervet_desktop.core.enums import AuditAction, MobilityStatus
from intervet_desktop.core.errors import Problem, UserError, ValidationError
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import Mobility, Payment, Person, Project, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import audit
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.payments import _figures, parse_share, replan, terms_of

DONE = {MobilityStatus.COMPLETED.value, MobilityStatus.REPORTED.value, MobilityStatus.CANCELLED.value}


@dataclass(frozen=True)
class TermsRow:
    mobility_id: int
    participant: str
    status: str
    old_open_cents: tuple[int, int]  # (pre-financing, balance) still open
    new_open_cents: tuple[int, int]
    old_balance_due: date | None
    new_balance_due: date | None
    kept: bool  # the mobility keeps its terms (completed, reported or cancelled)
    keeps_prefinancing: bool  # payments made: its pre-financing share stays


@dataclass(frozen=True)
class TermsPreview:
    prefinancing_bp: int
    balance_days: int
    rows: tuple[TermsRow, ...]

    @property
    def changed(self) -> tuple[TermsRow, ...]:
        return tuple(
            r
            for r in self.rows
            if r.old_open_cents != r.new_open_cents or r.old_balance_due != r.new_balance_due
        )

    @property
    def kept_count(self) -> int:
        return sum(1 for r in self.rows if r.kept)


def parse_terms(prefinancing_share: str, balance_days: int | str) -> tuple[int, int]:
    problems: list[Problem] = []
    bp = parse_share(prefinancing_share)
    if bp is None:
        problems.append(
            Problem(
                "prefinancing",
                msg("value_not_a_number", field="prefinancing_share", value=prefinancing_share),
            )
        )
    elif not 0 <= bp <= 10_000:
        problems.append(Problem("prefinancing", msg("payment_terms_share", value=prefinancing_share)))
    try:
        days = int(str(balance_days).strip())
    except ValueError:
        problems.append(
            Problem("balance_days", msg("value_not_a_number", field="balance_days", value=balance_days))
        )
        days = 0
    else:
        if not 0 <= days <= 365:
            problems.append(Problem("balance_days", msg("payment_terms_days", value=days)))
    if problems:
        raise ValidationError(problems)
    assert bp is not None
    return bp, days


def _made_payments(session: Session, mobility_id: int) -> bool:
    count = session.execute(
        select(func.count()).where(col(Payment.mobility_id) == mobility_id, col(Payment.paid_on).isnot(None))
    ).scalar_one()
    return bool(count)


def _new_terms(
    session: Session, mobility: Mobility, project: Project, bp: int, days: int
) -> tuple[tuple[int, int], bool, bool]:
    """(terms the mobility would have, kept entirely, keeps its pre-financing share)."""
    old_bp, old_days = terms_of(mobility, project)
    if mobility.status in DONE:
        return (old_bp, old_days), True, False
    if _made_payments(session, mobility.id or 0):
        return (old_bp, days), False, True
    return (bp, days), False, False


def _open(figures: object) -> tuple[tuple[int, int], date | None]:
    pre = bal = 0
    due = None
    for i in figures.instalments:  # type: ignore[attr-defined]
        if i.kind == "prefinancing":
            pre = i.outstanding_cents
        else:
            bal = i.outstanding_cents
            due = i.due_date
    return (pre, bal), due


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise UserError(msg("project_not_found", id=project_id))
    return project


def preview_terms(
    workspace: Workspace,
    project_id: int,
    prefinancing_share: str,
    balance_days: int | str,
    today: date | None = None,
) -> TermsPreview:
    bp, days = parse_terms(prefinancing_share, balance_days)
    today = today or date.today()
    rows: list[TermsRow] = []
    with workspace.read_session() as session:
        project = _project(session, project_id)
        mobilities = session.exec(  # type: ignore[call-overload]
            select(Mobility).where(col(Mobility.project_id) == project_id).order_by(col(Mobility.id))
        ).scalars()
        for mobility in mobilities:
            person = session.get(Person, mobility.person_id)
            old = _figures(session, mobility, project, today)
            terms, kept, keeps_pre = _new_terms(session, mobility, project, bp, days)
            new = _figures(session, mobility, project, today, terms)
            (old_open, old_due), (new_open, new_due) = _open(old), _open(new)
            rows.append(
                TermsRow(
                    mobility.id or 0,
                    f"{person.first_name} {person.last_name}" if person else "",
                    mobility.status,
                    old_open,
                    new_open,
                    old_due,
                    new_due,
                    kept,
                    keeps_pre,
                )
            )
    return TermsPreview(bp, days, tuple(rows))


def apply_terms_in(session: Session, project: Project, bp: int, days: int, today: date | None = None) -> int:
    """Inside a caller's transaction: keep the old terms where they must stay, set the project's
    new terms and replan the mobilities they reach. Returns how many were replanned."""
    replanned = 0
    mobilities = list(
        session.execute(select(Mobility).where(col(Mobility.project_id) == project.id)).scalars()
    )
    for mobility in mobilities:
        old_bp, old_days = terms_of(mobility, project)
        (new_bp, new_days), kept, _ = _new_terms(session, mobility, project, bp, days)
        # write the kept terms down on the mobility, so later replans still use them
        keep_bp = old_bp if new_bp != bp else None
        keep_days = old_days if new_days != days else None
        if (mobility.terms_prefinancing_bp, mobility.terms_balance_days) != (keep_bp, keep_days):
            mobility.terms_prefinancing_bp = keep_bp
            mobility.terms_balance_days = keep_days
            mobility.updated_at = utcnow()
            session.add(mobility)
        if not kept:
            replanned += 1
    project.participant_prefinancing_bp = bp
    project.participant_balance_days = days
    project.terms_are_defaults = False
    project.updated_at = utcnow()
    session.add(project)
    session.flush()
    for mobility in mobilities:
        if mobility.status not in DONE:
            replan(session, mobility.id or 0, today)
    return replanned


def apply_terms(
    workspace: Workspace,
    project_id: int,
    prefinancing_share: str,
    balance_days: int | str,
    today: date | None = None,
) -> Result[int]:
    bp, days = parse_terms(prefinancing_share, balance_days)
    with workspace.session() as session:
        project = _project(session, project_id)
        before = {
            "participant_prefinancing_bp": project.participant_prefinancing_bp,
            "participant_balance_days": project.participant_balance_days,
            "terms_are_defaults": project.terms_are_defaults,
        }
        replanned = apply_terms_in(session, project, bp, days, today)
        after = {
            "participant_prefinancing_bp": bp,
            "participant_balance_days": days,
            "terms_are_defaults": False,
        }
        audit.record(session, "project", project_id, AuditAction.UPDATE, audit.diff(before, after))
    return Result(replanned, Changes.of(Kind.PROJECT, project_id).add(Kind.PAYMENT).add(Kind.MOBILITY))
