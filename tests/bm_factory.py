"""A KA121 project made for the BM export: people with nationalities and languages, hosts with and
without OIDs, mobilities with distances, green travel, grant lines; and a KA220 project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import GrantLine, Mobility, Person, PersonLanguage, Project
from intervet_desktop.db.workspace import Workspace
from tests.factories import org, person

CODE = "2024-1-EL01-KA121-VET-000111222"
OTHER_CODE = "2024-1-FI01-KA121-VET-000999888"
KA220_CODE = "2024-1-IT01-KA220-VET-000123456"


@dataclass
class BmSample:
    project_id: int
    other_project_id: int
    ka220_project_id: int
    mobility_ids: dict[str, int]  # BM id -> mobility id
    school_id: int
    host_pt_id: int
    host_de_id: int
    person_ids: list[int]


def _project(code: str, action: str) -> Project:
    return Project(
        code=code,
        title=f"Project {code}",
        search_key=search_key(code),
        action=action,
        call_year=2024,
        start_date=date(2024, 6, 1),
        end_date=date(2026, 5, 31),
    )


def _mobility(
    project_id: int, who: Person, sending: int, receiving: int, bm_id: str, **extra: object
) -> Mobility:
    values: dict[str, object] = {
        "activity_type": "SM-JOB-SHDW",
        "destination_country": "PT",
        "destination_city": "Faro",
        "planned_start": date(2025, 3, 3),
        "planned_end": date(2025, 3, 14),
        "travel_days": 2,
        "transport_mode": "plane",
        "distance_km": 2950,
        "status": "completed",
    }
    values.update(extra)
    return Mobility(
        project_id=project_id,
        person_id=who.id,  # type: ignore[arg-type]
        sending_org_id=sending,
        receiving_org_id=receiving,
        bm_activity_id=bm_id,
        search_key=search_key(who.first_name, who.last_name),
        participant_sort_key=search_key(who.last_name, who.first_name),
        **values,  # type: ignore[arg-type]
    )


def build_bm_sample(workspace: Workspace) -> BmSample:
    with workspace.session() as s:
        school = org(
            "1ο ΕΠΑΛ Θεσσαλονίκης", "GR", "Θεσσαλονίκη", kind="vet_school", is_own=True, oid="E10000001"
        )
        host_pt = org("Escola Profissional do Algarve", "PT", "Faro", is_host=True, oid="E10000002")
        host_de = org("Berufskolleg Köln", "DE", "Köln", is_host=True, oid="E10000003")
        s.add_all([school, host_pt, host_de])
        s.flush()
        assert school.id and host_pt.id and host_de.id
        greek = person(
            "Γεώργιος",
            "Παπαδόπουλος",
            school.id,
            email="g.p@example.gr",
            gender="male",
            birth_date=date(1980, 5, 17),
            nationality="GR",
            special_needs_notes="asthma: carries an inhaler",
            fewer_opportunities_category="health",
        )
        maria = person(
            "Μαρία",
            "Οικονόμου",
            school.id,
            email="m.o@example.gr",
            gender="female",
            birth_date=date(2006, 1, 2),
            nationality="GR",
            role="learner",
        )
        joao = person(
            "João", "Gonçalves", school.id, email="joao@example.pt", gender="non_binary",
            birth_date=date(1975, 12, 31), nationality="PT",
        )  # fmt: skip
        s.add_all([greek, maria, joao])
        s.flush()
        assert greek.id and maria.id and joao.id
        s.add_all(
            [
                PersonLanguage(person_id=greek.id, language="el", level="native"),
                PersonLanguage(person_id=greek.id, language="en", level="C1"),
                PersonLanguage(person_id=greek.id, language="pt", level="A2"),
                PersonLanguage(person_id=maria.id, language="en", level="B1"),
            ]
        )
        project, other, ka220 = (
            _project(CODE, "KA121-VET"),
            _project(OTHER_CODE, "KA121-VET"),
            _project(KA220_CODE, "KA220-VET"),
        )
        s.add_all([project, other, ka220])
        s.flush()
        assert project.id and other.id and ka220.id
        mobilities = {
            "EL01-0001": _mobility(
                project.id, greek, school.id, host_pt.id, "EL01-0001", fewer_opportunities=True
            ),
            "EL01-0002": _mobility(
                project.id,
                maria,
                school.id,
                host_de.id,
                "EL01-0002",
                activity_type="LM-SHORT-VET",
                destination_country="DE",
                destination_city="Köln",
                planned_start=date(2025, 4, 1),
                planned_end=date(2025, 4, 21),
                actual_start=date(2025, 4, 2),
                actual_end=date(2025, 4, 22),
                travel_days=4,
                green_travel=True,
                transport_mode="train",
                distance_km=1999,
            ),  # fmt: skip
            "EL01-0003": _mobility(
                project.id,
                joao,
                school.id,
                host_pt.id,
                "EL01-0003",
                distance_km=99,
                travel_days=0,
                transport_mode="bus",
                planned_start=date(2025, 5, 5),
                planned_end=date(2025, 5, 9),
            ),  # fmt: skip
            "EL01-0004": _mobility(project.id, greek, school.id, host_de.id, "EL01-0004", status="cancelled"),
            "FI01-0001": _mobility(other.id, joao, school.id, host_pt.id, "FI01-0001"),
            "IT-0001": _mobility(ka220.id, joao, school.id, host_pt.id, "IT-0001"),
        }
        s.add_all(mobilities.values())
        s.flush()
        lines = {"EL01-0001": (39_500, 164_000, 10_000), "EL01-0002": (41_700, 190_000, 10_000)}
        for bm_id, (travel, individual, organisational) in lines.items():
            mobility_id = mobilities[bm_id].id
            assert mobility_id
            s.add_all(
                [
                    GrantLine(mobility_id=mobility_id, position=1, code="travel", label="Travel",
                              recipient="participant", amount_cents=travel),
                    GrantLine(mobility_id=mobility_id, position=2, code="individual_support",
                              label="Individual support", recipient="participant", amount_cents=individual),
                    GrantLine(mobility_id=mobility_id, position=3, code="organisational_support",
                              label="Organisational support", recipient="organisation",
                              amount_cents=organisational),
                ]
            )  # fmt: skip
        return BmSample(
            project.id,
            other.id,
            ka220.id,
            {k: m.id for k, m in mobilities.items() if m.id},
            school.id,
            host_pt.id,
            host_de.id,
            [greek.id, maria.id, joao.id],
        )
