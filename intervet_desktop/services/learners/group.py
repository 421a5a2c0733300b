"""A class travelling together: the learners of a project who leave on the same day for the same
place, each with the pre-departure checklist; and their printable emergency cards."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import MobilityStatus
from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.core.learners import CheckItem, group_size_warning
from intervet_desktop.core.messages import Message, register
from intervet_desktop.db.models import Contact, Mobility, Organisation, Person, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.emergency_card import EmergencyCard, render_cards
from intervet_desktop.services.changes import Changes, Kind, Result
from intervet_desktop.services.learners.details import LearnerView, ensure_details_in, view_in
from intervet_desktop.services.learners.rules import details_in, is_learner_activity, learner_rules_in

log = logging.getLogger(__name__)

EMERGENCY_NUMBERS = "Emergency: 112 (all EU)"

register("learner_cards_unwritable", "The file {path} cannot be written: {detail}")


@dataclass(frozen=True)
class GroupKey:
    """Learners leaving the same day for the same city travel together."""

    project_id: int
    start: date
    city: str
    country: str

    def label(self) -> str:
        return f"{self.start.isoformat()} · {self.city or '?'} ({self.country})"


@dataclass(frozen=True)
class Group:
    key: GroupKey
    learners: tuple[LearnerView, ...]
    warning: Message | None = None

    def open_items(self) -> dict[CheckItem, int]:
        """How many learners still miss each item (items not needed are not counted)."""
        return {item: sum(1 for v in self.learners if v.checklist[item] is False) for item in CheckItem}


def _learner_rows(session: Session, project_id: int) -> list[Mobility]:
    rows = session.exec(
        select(Mobility)
        .where(
            Mobility.project_id == project_id,
            col(Mobility.activity_type).startswith("LM-"),
            col(Mobility.is_accompanying).is_(False),
            Mobility.status != MobilityStatus.CANCELLED,
        )
        .order_by(col(Mobility.planned_start), col(Mobility.participant_sort_key), col(Mobility.id))
    ).all()
    return [m for m in rows if is_learner_activity(m.activity_type)]


def learner_groups(workspace: Workspace, project_id: int) -> list[Group]:
    """The project's learners grouped by departure day and destination, in date order."""
    with workspace.read_session() as session:
        rules = learner_rules_in(session, project_id)
        groups: dict[GroupKey, list[LearnerView]] = {}
        activities: dict[GroupKey, list[str]] = {}
        for mobility in _learner_rows(session, project_id):
            key = GroupKey(
                project_id,
                mobility.planned_start,
                mobility.destination_city or "",
                mobility.destination_country,
            )
            groups.setdefault(key, []).append(view_in(session, mobility))
            activities.setdefault(key, []).append(mobility.activity_type)
    return [
        Group(
            key,
            tuple(views),
            group_size_warning(
                activities[key], rules.group_mobility_activity, rules.group_mobility_min_learners
            ),
        )
        for key, views in groups.items()
    ]


def _joined(parts: tuple[str, ...]) -> str:
    return " ".join(p for p in parts if p)


def _card_in(session: Session, mobility: Mobility, school_phone: str) -> EmergencyCard:
    assert mobility.id is not None
    person = session.get(Person, mobility.person_id)
    host = session.get(Organisation, mobility.receiving_org_id) if mobility.receiving_org_id else None
    school = session.get(Organisation, mobility.sending_org_id) if mobility.sending_org_id else None
    tutor = session.get(Contact, mobility.host_tutor_id) if mobility.host_tutor_id else None
    details = details_in(session, mobility.id)
    insurance = _joined((details.insurance_policy, details.insurer) if details else ())
    guardian = _joined((details.guardian_name, details.guardian_contact) if details else ())
    mentor = details.school_mentor if details else ""
    address = _joined((host.address or "", host.postcode or "", host.city or "") if host else ())
    return EmergencyCard(
        learner=f"{person.first_name} {person.last_name}" if person else "?",
        birth_date=person.birth_date.isoformat() if person and person.birth_date else "",
        host=host.name if host else "",
        host_address=address,
        tutor=f"{tutor.first_name} {tutor.last_name}".strip() if tutor else "",
        tutor_phone=(tutor.phone or "") if tutor else (host.phone or "" if host else ""),
        school=school.name if school else "",
        school_contact=mentor,
        school_phone=(school.phone or "") if school and school.phone else school_phone,
        insurance=insurance,
        ehic=details.ehic_number if details else "",
        guardian=guardian,
        emergency_numbers=EMERGENCY_NUMBERS,
        destination=f"{mobility.destination_city or ''} ({mobility.destination_country}) · "
        f"{mobility.planned_start.isoformat()} – {mobility.planned_end.isoformat()}",
    )


def write_emergency_cards(
    workspace: Workspace, mobility_ids: list[int], target: Path, on: date | None = None
) -> Result[Path]:
    """Print the learners' emergency cards into one PDF and tick the checklist item."""
    from intervet_desktop.exports.pdf.render import write_atomically
    from intervet_desktop.services import settings

    school_phone = settings.load_profile(workspace).phone
    with workspace.session() as session:
        mobilities = [m for mid in mobility_ids if (m := session.get(Mobility, mid)) is not None]
        learners = [m for m in mobilities if is_learner_activity(m.activity_type) and not m.is_accompanying]
        data = render_cards([_card_in(session, m, school_phone) for m in learners])
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(data, target)
        except OSError as exc:
            raise UnusableFileError.of(
                "learner_cards_unwritable", path=target, detail=exc.strerror or str(exc)
            ) from exc
        for mobility in learners:
            assert mobility.id is not None
            details = ensure_details_in(session, mobility.id)
            details.emergency_card_printed_on = on or date.today()
            details.updated_at = utcnow()
            session.add(details)
    log.info("emergency cards: %d learners", len(learners))
    return Result(target, Changes.of(Kind.MOBILITY, *[m.id for m in learners]))
