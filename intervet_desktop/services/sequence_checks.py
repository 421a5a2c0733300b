"""Things done in the wrong order or the wrong place, found in a project's records: a pre-financing
paid before the participant signed the grant agreement, a balance paid before the mobility ended,
an activity in the sending school's own country for an action that requires transnational
mobility, and one person's overlapping mobilities. Each is a warning (the money was paid, the
record exists); the BM pre-flight refuses the domestic activity (services.bm)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, col, select

from intervet_desktop.core.enums import MobilityStatus
from intervet_desktop.core.messages import Message, msg, register
from intervet_desktop.db.models import Mobility, MobilityStatusEvent, Organisation, Payment, Person, Project

register(
    "sequence_prefinancing_before_signature",
    "{participant}: pre-financing paid on {paid_on}, before the grant agreement was signed ({signed}).",
)
register(
    "sequence_prefinancing_unsigned",
    "{participant}: pre-financing paid on {paid_on}, but the grant agreement is not recorded as signed.",
)
register(
    "sequence_balance_before_end",
    "{participant}: balance paid on {paid_on}, before the mobility ended ({end}).",
)
register(
    "sequence_domestic",
    "{participant}: the activity is in {country}, the sending school's own country; {action} "
    "requires a mobility abroad.",
)
register(
    "sequence_overlap",
    "{participant}: two mobilities overlap ({first} and {second}).",
)

TRANSNATIONAL = ("KA121-VET", "KA122-VET")


def _name(person: Person | None) -> str:
    return f"{person.first_name} {person.last_name}" if person else "?"


def _span(m: Mobility) -> tuple[date, date]:
    return m.actual_start or m.planned_start, m.actual_end or m.planned_end


def is_domestic(
    action: str, mobility: Mobility, sending_country: str | None, receiving_country: str | None
) -> bool:
    """An outgoing activity in the sending school's country (or an incoming one from the host's own
    country) where the action requires transnational mobility."""
    if action not in TRANSNATIONAL:
        return False
    if mobility.direction == "incoming":
        origin = mobility.origin_country or sending_country
        return bool(origin and receiving_country and origin == receiving_country)
    return bool(sending_country and mobility.destination_country == sending_country)


def sequence_warnings(session: Session, project: Project) -> list[Message]:
    mobilities = list(session.exec(select(Mobility).where(col(Mobility.project_id) == project.id)).all())
    if not mobilities:
        return []
    ids = [m.id for m in mobilities]
    people = {
        p.id: p
        for p in session.exec(select(Person).where(col(Person.id).in_({m.person_id for m in mobilities})))
    }
    org_ids = {o for m in mobilities for o in (m.sending_org_id, m.receiving_org_id) if o is not None}
    countries = {
        o.id: o.country for o in session.exec(select(Organisation).where(col(Organisation.id).in_(org_ids)))
    }
    signed: dict[int, date] = {}
    for event in session.exec(
        select(MobilityStatusEvent).where(
            col(MobilityStatusEvent.mobility_id).in_(ids),
            col(MobilityStatusEvent.status) == MobilityStatus.AGREEMENT_SIGNED.value,
        )
    ):
        signed[event.mobility_id] = min(event.on_date, signed.get(event.mobility_id, event.on_date))
    payments = list(
        session.exec(
            select(Payment).where(col(Payment.mobility_id).in_(ids), col(Payment.paid_on).isnot(None))
        ).all()
    )
    reversed_ids = {p.reverses_id for p in payments if p.reverses_id is not None}
    by_id = {m.id: m for m in mobilities}
    found: list[Message] = []
    for payment in payments:
        if payment.reverses_id is not None or payment.id in reversed_ids or payment.amount_eur_cents <= 0:
            continue
        mobility = by_id[payment.mobility_id]
        who = _name(people.get(mobility.person_id))
        assert payment.paid_on is not None
        if payment.kind == "prefinancing":
            on = signed.get(payment.mobility_id)
            if on is None:
                found.append(msg("sequence_prefinancing_unsigned", participant=who, paid_on=payment.paid_on))
            elif payment.paid_on < on:
                found.append(
                    msg(
                        "sequence_prefinancing_before_signature",
                        participant=who,
                        paid_on=payment.paid_on,
                        signed=on,
                    )
                )
        elif payment.kind == "balance" and payment.paid_on < _span(mobility)[1]:
            found.append(
                msg(
                    "sequence_balance_before_end",
                    participant=who,
                    paid_on=payment.paid_on,
                    end=_span(mobility)[1],
                )
            )
    active = [m for m in mobilities if m.status != MobilityStatus.CANCELLED.value]
    for m in active:
        sending = countries.get(m.sending_org_id) if m.sending_org_id else None
        receiving = countries.get(m.receiving_org_id) if m.receiving_org_id else None
        if is_domestic(project.action, m, sending, receiving):
            found.append(
                msg(
                    "sequence_domestic",
                    participant=_name(people.get(m.person_id)),
                    country=m.destination_country,
                    action=project.action,
                )
            )
    # one person's stays, in this project and any other
    everyone = session.exec(
        select(Mobility).where(
            col(Mobility.person_id).in_({m.person_id for m in active}),
            col(Mobility.status) != MobilityStatus.CANCELLED.value,
        )
    ).all()
    by_person: dict[int, list[Mobility]] = defaultdict(list)
    for m in everyone:
        by_person[m.person_id].append(m)
    for person_id, own in by_person.items():
        own.sort(key=_span)
        for before, after in zip(own, own[1:], strict=False):
            ours = project.id in (before.project_id, after.project_id)
            if ours and _span(after)[0] <= _span(before)[1]:
                found.append(
                    msg(
                        "sequence_overlap",
                        participant=_name(people.get(person_id)),
                        first=f"{_span(before)[0]}–{_span(before)[1]}",
                        second=f"{_span(after)[0]}–{_span(after)[1]}",
                    )
                )
    return found
