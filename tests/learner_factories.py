"""Learners for tests: a minor and an adult learner of the sample project, and a teacher who
accompanies them, all created through the mobility service (real checks, real grants)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import Person
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import mobilities
from intervet_desktop.services.mobilities import MobilityForm
from tests.factories import Sample

DEPARTURE = date(2026, 3, 2)


@dataclass
class Learners:
    minor_person_id: int
    adult_person_id: int
    minor_id: int  # mobility ids
    adult_id: int


def add_person(workspace: Workspace, first: str, last: str, role: str, **extra: object) -> int:
    with workspace.session() as s:
        row = Person(
            first_name=first,
            last_name=last,
            role=role,
            search_key=search_key(first, last),
            sort_key=search_key(last, first),
            **extra,  # type: ignore[arg-type]
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        return row.id


def learner_form(sample: Sample, person_id: int, **changes: object) -> MobilityForm:
    base = MobilityForm(
        project_id=sample.project_id,
        person_id=person_id,
        activity_type="LM-SHORT-VET",
        sending_org_id=sample.school_id,
        receiving_org_id=sample.host_pt_id,
        destination_city="Faro",
        destination_country="PT",
        planned_start=DEPARTURE,
        planned_end=date(2026, 3, 27),
        travel_days=2,
        distance_km=2900,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def add_learners(workspace: Workspace, sample: Sample) -> Learners:
    minor = add_person(workspace, "Μαρία", "Κωνσταντίνου", "learner", birth_date=date(2009, 3, 3))
    adult = add_person(workspace, "Νίκος", "Αλεξίου", "learner", birth_date=date(2007, 3, 2))
    minor_m = mobilities.create_mobility(workspace, learner_form(sample, minor)).value.id
    adult_m = mobilities.create_mobility(workspace, learner_form(sample, adult)).value.id
    return Learners(minor, adult, minor_m, adult_m)
