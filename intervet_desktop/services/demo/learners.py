"""Demo learner details: guardians of minors, consent, insurance, learning agreements and the
pre-departure checklist in every state, following each mobility's status.

Each row draws from its own generator seeded by the mobility id, so adding learners leaves the
rest of the demo database exactly as it was."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import Connection

from intervet_desktop.core.enums import MobilityStatus
from intervet_desktop.core.learners import is_minor_on
from intervet_desktop.db.models import Attachment
from intervet_desktop.services.attachments import stored_path
from intervet_desktop.services.demo.rows import Row, RowSink
from intervet_desktop.services.demo.world import PersonRef

S = MobilityStatus
SENT_OR_LATER = {S.AGREEMENT_SENT, S.AGREEMENT_SIGNED, S.ONGOING, S.COMPLETED, S.REPORTED}
SIGNED_OR_LATER = {S.AGREEMENT_SIGNED, S.ONGOING, S.COMPLETED, S.REPORTED}
PARENT_FIRST = ("Maria", "Anna", "Elena", "Giorgos", "Paolo", "Sofia", "Jan", "Katarzyna", "Miguel", "Ana")
INSURERS = ("Allianz", "Generali", "AXA", "Interamerican", "Fidelidade", "If Vakuutus", "Mapfre")
MENTORS = ("the class teacher", "the workshop coordinator", "the placement tutor", "the head of department")
AGREEMENTS = (
    (
        "Hygiene and food-safety rules (HACCP); the organisation of a professional kitchen.",
        "Prepare mise en place and cold starters; follow recipes and portion control.",
        "Work in a kitchen brigade under supervision; keep to times and hygiene rules.",
        "Assist the chef de partie; prepare starters and desserts; clean and store the station.",
        "The tutor fills in the school's assessment sheet at the end; the learner keeps a daily log.",
        "Unit 'Food preparation' of the cook qualification, recognised by the school's exam board.",
    ),
    (
        "Basics of PLC programming and the safety rules of an automation workshop.",
        "Wire and test a small automation cell; read electrical schematics.",
        "Report faults on time and work safely in a maintenance team.",
        "Support maintenance technicians; document each intervention in the log book.",
        "Observation by the tutor with the school's checklist; a short presentation back home.",
        "Unit 'Automation' of the mechatronics diploma (6 credits).",
    ),
    (
        "Front-office procedures and the booking system of the host hotel.",
        "Check guests in and out; answer phone and e-mail requests in English.",
        "Deal with guests politely and on one's own during quiet shifts.",
        "Reception shifts with the front-office manager; help at events.",
        "Feedback form from the tutor and a guest-service role play at the end.",
        "Work placement of the tourism programme, credited as 4 weeks of training in company.",
    ),
)


def learner_details_row(
    row_id: int, mobility_id: int, person: PersonRef, status: str, start: date, today: date
) -> Row:
    """One learner's details for a mobility in ``status`` starting on ``start``."""
    rng = random.Random(mobility_id * 7919)
    minor = is_minor_on(person.birth_date, start)
    sent = status in SENT_OR_LATER
    signed = status in SIGNED_OR_LATER
    complete = sent or rng.random() < 0.3  # a learning agreement written before it is sent
    partial = not complete and rng.random() < 0.5
    texts = AGREEMENTS[mobility_id % len(AGREEMENTS)]
    guardian = f"{rng.choice(PARENT_FIRST)} {person.last}" if minor and (sent or rng.random() < 0.6) else ""
    consent_on = None
    if minor and guardian and (signed or rng.random() < 0.4):
        consent_on = min(start - timedelta(days=rng.randint(20, 60)), today)
    insured = signed or rng.random() < 0.3
    cancelled = status == S.CANCELLED

    def before(days: int, chance: float) -> date | None:
        if cancelled or not (signed or rng.random() < chance):
            return None
        return min(start - timedelta(days=days), today)

    europass = status in (S.COMPLETED, S.REPORTED) and rng.random() < 0.5
    phone = f"+{rng.randint(30, 49)} {rng.randint(600, 699)} {rng.randint(100000, 999999)}"
    return {
        "id": row_id,
        "mobility_id": mobility_id,
        "guardian_name": guardian,
        "guardian_contact": phone if guardian else "",
        "consent_signed_on": consent_on,
        "consent_attachment_id": None,  # the demo ships no scans: the form is still to be attached
        "emergency_contact2_name": guardian or "",
        "emergency_contact2_phone": phone if guardian else "",
        "insurance_policy": f"POL-{mobility_id:06d}" if insured else "",
        "insurer": rng.choice(INSURERS) if insured else "",
        "ehic_number": f"80{mobility_id:018d}" if insured and rng.random() < 0.7 else "",
        "school_mentor": rng.choice(MENTORS).capitalize() if complete or partial else "",
        "outcomes_knowledge": texts[0] if complete or partial else "",
        "outcomes_skills": texts[1] if complete or partial else "",
        "outcomes_competences": texts[2] if complete else "",
        "tasks": texts[3] if complete else "",
        "assessment": texts[4] if complete else "",
        "recognition": texts[5] if complete else "",
        "language_assessed_on": before(45, 0.4),
        "travel_booked_on": before(30, 0.3),
        "emergency_card_printed_on": before(5, 0.1),
        "europass_requested": europass,
        "europass_language": "en" if europass else "",
        "europass_skills_acquired": texts[1] if europass else "",
        "europass_host_signatory": "the host tutor" if europass else "",
        "europass_certificate_received_on": min(start + timedelta(days=40), today) if europass else None,
    }


CONSENT_SCAN = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def attach_consent_scans(writer: RowSink, connection: Connection, files_dir: Path) -> int:
    """Signed consent forms attached for minors whose agreement is signed (the status guard
    requires it); before that, a consent may be signed with its form still to attach."""
    rows = connection.exec_driver_sql(
        "SELECT d.id, d.mobility_id, d.consent_signed_on FROM learner_details d "
        "JOIN mobility m ON m.id = d.mobility_id WHERE d.consent_signed_on IS NOT NULL "
        "AND m.status IN ('agreement_signed', 'ongoing', 'completed', 'reported') "
        "ORDER BY d.id"
    ).all()
    if not rows:
        return 0
    digest = hashlib.sha256(CONSENT_SCAN).hexdigest()
    target = stored_path(files_dir, digest)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(CONSENT_SCAN)
    next_id = writer.id_source(Attachment)
    links: list[tuple[int, int]] = []
    attachments: list[Row] = []
    for details_id, mobility_id, signed_on in rows:
        attachment_id = next_id()
        links.append((attachment_id, int(details_id)))
        attachments.append(
            {
                "id": attachment_id,
                "sha256": digest,
                "original_name": f"consent-{mobility_id}.pdf",
                "mime_type": "application/pdf",
                "size_bytes": len(CONSENT_SCAN),
                "kind": "parental_consent",
                "owner_kind": "mobility",
                "owner_id": int(mobility_id),
                "added_at": datetime.combine(date.fromisoformat(str(signed_on)[:10]), time(18), UTC),
            }
        )
    writer.insert(Attachment, attachments)
    connection.exec_driver_sql("UPDATE learner_details SET consent_attachment_id = ? WHERE id = ?", links)
    return len(links)
