"""Small, known data for tests: a Greek school, Portuguese and Finnish hosts, people named in
their own scripts, one KA122 project with mobilities at several stages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import (
    Application,
    Call,
    EvidenceItem,
    Mobility,
    Organisation,
    Payment,
    Person,
    Project,
)
from intervet_desktop.db.workspace import Workspace


@dataclass
class Sample:
    school_id: int
    host_pt_id: int
    host_fi_id: int
    project_id: int
    greek_id: int
    portuguese_id: int
    german_id: int
    mobility_ids: list[int]


def org(name: str, country: str, city: str, **extra: object) -> Organisation:
    return Organisation(
        name=name,
        country=country,
        city=city,
        search_key=search_key(name, city, str(extra.get("oid") or ""), country),
        sort_key=search_key(name),
        **extra,  # type: ignore[arg-type]
    )


def person(first: str, last: str, employer_id: int | None, **extra: object) -> Person:
    return Person(
        first_name=first,
        last_name=last,
        employer_id=employer_id,
        search_key=search_key(first, last, str(extra.get("email") or "")),
        sort_key=search_key(last, first),
        **extra,  # type: ignore[arg-type]
    )


def build_sample(workspace: Workspace, today: date | None = None) -> Sample:
    today = today or date.today()
    with workspace.session() as s:
        school = org(
            "1ο ΕΠΑΛ Θεσσαλονίκης", "GR", "Θεσσαλονίκη", kind="vet_school", is_own=True, oid="E10000001"
        )
        host_pt = org(
            "Escola Profissional de Hotelaria e Turismo do Algarve e da Região Sul",
            "PT",
            "Faro",
            kind="vet_school",
            is_host=True,
            oid="E10000002",
        )
        host_fi = org(
            "Tampereen seudun ammattiopisto Tredu", "FI", "Tampere", kind="vet_school", is_host=True
        )
        s.add_all([school, host_pt, host_fi])
        s.flush()
        greek = person(
            "Γεώργιος", "Παπαδόπουλος", school.id, email="g.p@1epal-thess.example.gr", role="teacher"
        )
        portuguese = person("João", "Gonçalves", school.id, email="joao@example.pt", role="trainer")
        german = person("Jürgen", "Müller", school.id, email="jm@example.de", role="manager")
        s.add_all([greek, portuguese, german])
        s.flush()
        project = Project(
            code="2025-1-EL01-KA122-VET-000123456",
            title="Job shadowing for hospitality teachers",
            search_key=search_key("2025-1-EL01-KA122-VET-000123456"),
            action="KA122-VET",
            call_year=2025,
            national_agency="EL01",
            start_date=date(2025, 9, 1),
            end_date=date(2027, 2, 28),
            awarded_cents=6_000_000,
        )
        s.add(project)
        s.flush()
        assert (
            school.id
            and host_pt.id
            and host_fi.id
            and project.id
            and greek.id
            and portuguese.id
            and german.id
        )
        specs = [
            (greek, host_pt, "PT", "Faro", today + timedelta(days=10), 12, "agreement_signed", 164_000),
            (portuguese, host_fi, "FI", "Tampere", today - timedelta(days=40), 5, "completed", 98_500),
            (german, host_pt, "PT", "Faro", today + timedelta(days=90), 30, "planned", 352_000),
        ]
        ids = []
        for i, (who, host, country, city, start, days, status, grant) in enumerate(specs, start=1):
            mobility = Mobility(
                project_id=project.id,
                person_id=who.id,  # type: ignore[arg-type]
                activity_type="SM-JOB-SHDW",
                sending_org_id=school.id,
                receiving_org_id=host.id,
                destination_city=city,
                destination_country=country,
                planned_start=start,
                planned_end=start + timedelta(days=days - 1),
                travel_days=2,
                status=status,
                bm_activity_id=f"EL01-JS-{i:04d}",
                search_key=search_key(who.first_name, who.last_name, host.name, city),
                participant_sort_key=search_key(who.last_name, who.first_name),
                receiving_sort_key=search_key(host.name),
                grant_total_cents=grant,
                grant_participant_cents=grant - 10_000,
                grant_organisation_cents=10_000,
                missing_evidence=0 if status == "completed" else 2,
            )
            s.add(mobility)
            s.flush()
            assert mobility.id
            ids.append(mobility.id)
            s.add(
                EvidenceItem(
                    mobility_id=mobility.id, kind="signed_mobility_agreement", done=status != "planned"
                )
            )
            s.add(
                EvidenceItem(
                    mobility_id=mobility.id, kind="certificate_of_attendance", done=status == "completed"
                )
            )
        s.add(
            Payment(
                mobility_id=ids[0],
                kind="prefinancing",
                due_date=today + timedelta(days=5),
                amount_cents=123_000,
                amount_eur_cents=123_000,
            )
        )
        call = Call(
            project_id=project.id,
            title="Job shadowing 2026, first round",
            activity_type="SM-JOB-SHDW",
            opens_on=today - timedelta(days=60),
            deadline=today - timedelta(days=30),
            places_total=6,
        )
        s.add(call)
        s.flush()
        assert call.id
        s.add(
            Application(
                call_id=call.id,
                person_id=greek.id,
                number="JS26-001",
                search_key=search_key("JS26-001", greek.first_name, greek.last_name),
                submitted_at=datetime(2026, 3, 1, 10, 30, tzinfo=UTC),
                status="selected",
                total_hundredths=8450,
                rank=1,
                first_time=True,
            )
        )
        return Sample(school.id, host_pt.id, host_fi.id, project.id, greek.id, portuguese.id, german.id, ids)


def backdate_documents(ws: Workspace, day: date) -> None:
    """Documents made on ``day`` (a signature cannot be dated before its document existed)."""
    from sqlmodel import select

    from intervet_desktop.db.models import Document

    with ws.session() as s:
        for doc in s.exec(select(Document)).all():
            doc.generated_at = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
            s.add(doc)
