"""Demo data of the international office for the six InterVET partner schools: a roadmap each
(objectives, actions, indicators), office staff and their trainings, procedures, a network with
meetings, funding opportunities, and dissemination events of the partnership."""

from __future__ import annotations

import random
from datetime import date, timedelta

from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import (
    DisseminationEvent,
    FundingOpportunity,
    NetworkContact,
    NetworkMeeting,
    OfficeMember,
    OfficeProcedure,
    RoadmapAction,
    RoadmapIndicator,
    RoadmapObjective,
    StaffTraining,
)
from intervet_desktop.services.demo.catalogue import PARTNERS
from intervet_desktop.services.demo.projects import ProjectPlan
from intervet_desktop.services.demo.rows import BulkWriter, Row
from intervet_desktop.services.demo.world import World

OBJECTIVES = (
    (
        "Send more staff abroad for job shadowing",
        [("Publish the yearly job-shadowing call", 0, 45), ("Sign agreements with three new hosts", 30, 150)],
        [("Staff mobilities per year", "staff_mobilities", "count", 2, 12)],
    ),
    (
        "Open an international office with clear procedures",
        [("Appoint the office team and its hours", -120, -60), ("Write the departure checklist", -60, 20)],
        [("Calls for applications published", "calls_published", "count", 0, 2)],
    ),
    (
        "Raise the staff's language skills",
        [
            ("Language course for teachers (B1 to B2)", -30, 120),
            ("Online Language Support for all leavers", 0, 200),
        ],
        [("Staff with a language certificate", "language_certificates", "percent", 10, 40)],
    ),
    (
        "Take part in more EU programmes",
        [
            ("Prepare a KA210 small-scale partnership", 10, 110),
            ("Register the school on eTwinning", -200, -150),
        ],
        [
            ("EU applications submitted", "eu_applications", "count", 0, 3),
            ("Learners abroad", "learners_abroad", "people", 5, 40),
        ],
    ),
)
PROCEDURES = (
    (
        "Before a departure",
        "Signed mobility agreement\nGrant agreement signed and pre-financing paid\nInsurance checked\n"
        "Travel booked (green travel where possible)\nEmergency contacts collected\nOLS assessment done",
    ),
    (
        "After the return",
        "Certificate of attendance received\nParticipant report submitted in the BM\nTravel evidence "
        "filed\nBalance paid\nDissemination: a short article for the school website",
    ),
    (
        "Receiving a partner's staff",
        "Programme agreed with the sending school\nHost tutor named\nWelcome pack and building access\n"
        "Certificate prepared for the last day",
    ),
)
TRAININGS = (
    ("Managing Erasmus+ KA1 projects", "National Agency", 16, "project management, Erasmus+ rules"),
    ("English for international officers (B2)", "British Council", 40, "language, English B2"),
    ("InterVET module 2: internationalisation strategy", "InterVET partnership", 24, "strategy, roadmap"),
    ("Intercultural competence workshop", "InterVET partnership", 12, "intercultural competence"),
    ("Deutsch für den Austausch (A2)", "Goethe-Institut", 30, "language, German A2"),
    ("eTwinning for VET teachers", "eTwinning NSS", 8, "eTwinning, digital collaboration"),
)
EXPERTS = (
    ("Anna", "Lehtonen", "expert", "FI", "quality assurance, ECVET, recognition", "fi,en,sv"),
    ("Miguel", "Fernández Ruiz", "expert", "ES", "KA2 proposal writing, dissemination", "es,en"),
    ("Κατερίνα", "Παπαδάκη", "peer", "GR", "inclusion, fewer opportunities", "el,en"),
    ("Jürgen", "Böhm", "expert", "DE", "work-based learning, dual system", "de,en"),
    ("Inês", "Carvalho", "peer", "PT", "hospitality, job shadowing hosts", "pt,en,fr"),
    ("Giulia", "Rossi", "peer", "IT", "KA121 accreditation, budgeting", "it,en"),
    ("Erik", "Johansson", "expert", "SE", "green mobility, sustainability", "sv,en"),
    ("Zofia", "Nowak", "expert", "PL", "digital tools, MOOC design", "pl,en,de"),
)
EVENTS = (
    ("Kick-off workshop for teachers", "workshop", (25, 0, 4, 0)),
    ("Regional VET conference: going international", "conference", (60, 10, 25, 15)),
    ("InterVET newsletter", "newsletter", (0, 0, 40, 350)),
    ("Job shadowing stories on social media", "social_media", (0, 30, 0, 900)),
    ("Multiplier event: the international office", "multiplier_event", (45, 0, 30, 10)),
)


def build_office(
    writer: BulkWriter, rng: random.Random, today: date, plans: list[ProjectPlan], world: World
) -> None:
    objectives: list[Row] = []
    actions: list[Row] = []
    indicators: list[Row] = []
    members: list[Row] = []
    procedures: list[Row] = []
    trainings: list[Row] = []
    contacts: list[Row] = []
    meetings: list[Row] = []
    opportunities: list[Row] = []
    events: list[Row] = []
    expert_ids: list[int] = []
    orgs = [world.schools[s.key] for s in PARTNERS if s.key in world.schools]
    for first, last, kind, country, expertise, languages in EXPERTS:
        cid = writer.new_id(NetworkContact)
        expert_ids.append(cid)
        org = rng.choice(world.hosts) if world.hosts and rng.random() < 0.6 else None
        contacts.append(
            {
                "id": cid,
                "kind": kind,
                "first_name": first,
                "last_name": last,
                "search_key": search_key(first, last, org.name if org else "", expertise, country),
                "sort_key": sort_key(last, first),
                "person_id": None,
                "organisation_id": org.id if org else None,
                "country": country,
                "expertise": expertise,
                "languages": languages,
                "email": f"{search_key(last).split()[0]}@network.example.eu",
                "phone": None,
                "notes": "",
            }
        )
        for n in range(rng.randint(1, 3)):
            meetings.append(
                {
                    "id": writer.new_id(NetworkMeeting),
                    "contact_id": cid,
                    "met_on": today - timedelta(days=30 + 70 * n + rng.randint(0, 20)),
                    "kind": rng.choice(["meeting", "call", "email", "visit"]),
                    "subject": rng.choice(
                        ["Roadmap review", "KA2 idea", "Host placements", "Training offer"]
                    ),
                    "notes": "",
                }
            )
    year = today.year
    for school in orgs:
        staff = world.staff.get(school.school.key if school.school else "", [])
        for position, (title, todo, measures) in enumerate(OBJECTIVES):
            oid = writer.new_id(RoadmapObjective)
            objectives.append(
                {
                    "id": oid,
                    "organisation_id": school.id,
                    "title": title,
                    "description": "",
                    "position": position,
                }
            )
            for n, (what, start, due) in enumerate(todo):
                start_on, due_on = today + timedelta(days=start), today + timedelta(days=due)
                status = "done" if due_on < today else ("in_progress" if start_on <= today else "planned")
                if status == "done" and rng.random() < 0.3:
                    status = "in_progress"  # one overdue now and then
                actions.append(
                    {
                        "id": writer.new_id(RoadmapAction),
                        "objective_id": oid,
                        "title": what,
                        "owner_id": staff[n % len(staff)].id if staff else None,
                        "expert_id": rng.choice(expert_ids) if rng.random() < 0.5 else None,
                        "start_on": start_on,
                        "due_on": due_on,
                        "status": status,
                        "notes": "",
                    }
                )
            for name, source, unit, baseline, target in measures:
                indicators.append(
                    {
                        "id": writer.new_id(RoadmapIndicator),
                        "objective_id": oid,
                        "name": name,
                        "source": source,
                        "unit": unit,
                        "year": year,
                        "baseline": baseline,
                        "target": target,
                        "actual": None,
                        "measured_on": None,
                    }
                )
        reach = writer.new_id(RoadmapObjective)
        objectives.append(
            {
                "id": reach,
                "organisation_id": school.id,
                "title": "Make the school's international work visible",
                "description": "",
                "position": len(OBJECTIVES),
            }
        )
        indicators.append(
            {
                "id": writer.new_id(RoadmapIndicator),
                "objective_id": reach,
                "name": "Newsletter subscribers",
                "source": "manual",
                "unit": "people",
                "year": None,
                "baseline": 120,
                "target": 600,
                "actual": 120 + rng.randint(50, 400),
                "measured_on": today - timedelta(days=rng.randint(3, 40)),
            }
        )
        for n, person in enumerate(staff[:3]):
            members.append(
                {
                    "id": writer.new_id(OfficeMember),
                    "organisation_id": school.id,
                    "person_id": person.id,
                    "role": ("coordinator", "officer", "finance")[n],
                    "hours_per_week": (18, 10, 4)[n],
                    "since": today - timedelta(days=400 + 90 * n),
                    "notes": "",
                }
            )
        for title, checklist in PROCEDURES:
            procedures.append(
                {
                    "id": writer.new_id(OfficeProcedure),
                    "organisation_id": school.id,
                    "title": title,
                    "checklist": checklist,
                    "notes": "",
                }
            )
        for person in staff[:8]:
            for title, provider, hours, competences in rng.sample(TRAININGS, rng.randint(1, 3)):
                begins = today - timedelta(days=rng.randint(20, 700))
                trainings.append(
                    {
                        "id": writer.new_id(StaffTraining),
                        "person_id": person.id,
                        "title": title,
                        "provider": provider,
                        "start_on": begins,
                        "end_on": begins + timedelta(days=hours // 8),
                        "hours": hours,
                        "competences": competences,
                        "notes": "",
                    }
                )
        ka2 = next((p for p in plans if p.is_ka220), None)
        for title, programme, days, status, requested, granted in (
            ("Erasmus+ KA121 accredited projects", "ka1_vet", 75, "drafting", 18_000_000, None),
            ("KA210 small-scale partnership", "ka2", 40, "idea", 6_000_000, None),
            ("eTwinning school label", "etwinning", 20, "drafting", 0, None),
            ("KA122 short-term projects", "ka1_vet", -250, "granted", 9_000_000, 8_400_000),
            ("National VET internationalisation fund", "national", -120, "rejected", 2_500_000, None),
            ("KA220 cooperation partnership InterVET", "ka2", -600, "granted", 40_000_000, 40_000_000),
        ):
            deadline = today + timedelta(days=days + rng.randint(-5, 5))
            opportunities.append(
                {
                    "id": writer.new_id(FundingOpportunity),
                    "organisation_id": school.id,
                    "programme": programme,
                    "title": title,
                    "search_key": search_key(title, programme, school.name),
                    "deadline": deadline,
                    "status": status,
                    "requested_cents": requested,
                    "granted_cents": granted,
                    "project_id": ka2.id if ka2 and programme == "ka2" and granted else None,
                    "notes": "",
                }
            )
        if ka2 is not None:
            for title, kind, people in EVENTS:
                held = ka2.start + timedelta(
                    days=rng.randint(30, max(31, (min(today, ka2.end) - ka2.start).days))
                )
                scale = rng.uniform(0.6, 1.4)
                staff_n, learners_n, stake_n, public_n = (round(n * scale) for n in people)
                events.append(
                    {
                        "id": writer.new_id(DisseminationEvent),
                        "project_id": ka2.id,
                        "organisation_id": school.id,
                        "held_on": held,
                        "kind": kind,
                        "title": f"{title} ({school.city.name})",
                        "search_key": search_key(title, school.name, school.city.name),
                        "audience": "VET teachers, managers and local companies",
                        "staff": staff_n,
                        "learners": learners_n,
                        "stakeholders": stake_n,
                        "public": public_n,
                        "partners": ", ".join(
                            o.name.split(" – ")[0] for o in rng.sample(orgs, 2) if o is not school
                        ),
                        "notes": "",
                    }
                )
    for model, rows in (
        (NetworkContact, contacts),
        (NetworkMeeting, meetings),
        (RoadmapObjective, objectives),
        (RoadmapAction, actions),
        (RoadmapIndicator, indicators),
        (OfficeMember, members),
        (OfficeProcedure, procedures),
        (StaffTraining, trainings),
        (FundingOpportunity, opportunities),
        (DisseminationEvent, events),
    ):
        if rows:
            writer.insert(model, rows)
