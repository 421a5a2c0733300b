"""Finding likely duplicates in the database and merging a pair (every linked record moves)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from sqlmodel import select

from intervet_desktop.core.duplicates import Reason
from intervet_desktop.core.organisation_rules import OrganisationForm
from intervet_desktop.core.person_rules import LanguageSkill, PersonForm
from intervet_desktop.db.models import (
    Application,
    AuditEntry,
    Call,
    CallQuota,
    Contact,
    Evaluator,
    Mobility,
    Organisation,
    Payment,
    Person,
    PersonLanguage,
    Project,
    ProjectPartner,
    WorkPackage,
    WorkPackageShare,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import contacts, duplicates, organisations, people
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.mobility_keys import refresh_mobility_keys


def add_project(ws: Workspace) -> int:
    with ws.session() as s:
        project = Project(
            code="2025-1-PT01-KA121-VET-000000001",
            action="KA121-VET",
            call_year=2025,
            start_date=date(2025, 6, 1),
            end_date=date(2027, 5, 31),
        )
        s.add(project)
        s.flush()
        assert project.id is not None
        return project.id


def add_mobility(ws: Workspace, project_id: int, person_id: int, **kw: object) -> int:
    with ws.session() as s:
        mobility = Mobility(
            project_id=project_id,
            person_id=person_id,
            activity_type="SM-JOB-SHDW",
            destination_country="FI",
            destination_city="Tampere",
            planned_start=date(2026, 3, 2),
            planned_end=date(2026, 3, 6),
            **kw,
        )
        s.add(mobility)
        s.flush()
        refresh_mobility_keys(s, person_ids=[person_id])
        assert mobility.id is not None
        return mobility.id


def test_similar_people_while_typing_accents_and_greek(workspace: Workspace) -> None:
    greek = people.create_person(
        workspace, PersonForm(first_name="Γιώργος", last_name="Παπαδόπουλος", birth_date=date(1980, 5, 1))
    ).value
    joao = people.create_person(
        workspace, PersonForm(first_name="João", last_name="Gonçalves", email="jg@escola.pt")
    ).value
    typed = PersonForm(first_name="ΓΙΩΡΓΟΣ", last_name="ΠΑΠΑΔΟΠΟΥΛΟΣ", birth_date=date(1980, 5, 1))
    found = duplicates.find_similar_people(workspace, typed)
    assert [(m.id, m.reasons, m.strong) for m in found] == [
        (greek.id, (Reason.SAME_NAME_AND_BIRTH_DATE,), True)
    ]
    swapped = PersonForm(first_name="goncalves", last_name="joao")
    assert [m.id for m in duplicates.find_similar_people(workspace, swapped)] == [joao.id]
    by_email = PersonForm(first_name="X", last_name="Y", email="JG@Escola.PT")
    assert duplicates.find_similar_people(workspace, by_email)[0].reasons == (Reason.SAME_EMAIL,)
    # the record being edited is not its own duplicate
    assert duplicates.find_similar_people(workspace, typed, exclude_id=greek.id) == []


def test_similar_organisations_and_pairs(workspace: Workspace) -> None:
    a = organisations.create_organisation(
        workspace, OrganisationForm(name="Escola Profissional de Braga", country="PT", city="Braga")
    ).value
    b = organisations.create_organisation(
        workspace, OrganisationForm(name="Escola Profissional Braga", country="PT", city="BRAGA")
    ).value
    oid = organisations.create_organisation(
        workspace, OrganisationForm(name="Alpha", country="DE", oid="E10000001")
    ).value
    form = OrganisationForm(name="ESCOLA PROFISSIONAL DE BRAGA", country="PT", city="braga")
    found = {m.id: m.reasons for m in duplicates.find_similar_organisations(workspace, form)}
    assert found == {a.id: (Reason.SAME_NAME_AND_CITY,), b.id: (Reason.SIMILAR_NAME_AND_CITY,)}
    by_oid = duplicates.find_similar_organisations(
        workspace, OrganisationForm(name="Beta", country="AT", oid="E10000001")
    )
    assert [m.id for m in by_oid] == [oid.id]
    pairs = duplicates.find_duplicate_pairs_organisations(workspace)
    assert [(p.first_id, p.second_id, p.reasons) for p in pairs] == [
        (a.id, b.id, (Reason.SIMILAR_NAME_AND_CITY,))
    ]


def test_duplicate_pairs_of_people(workspace: Workspace) -> None:
    one = people.create_person(
        workspace, PersonForm(first_name="Νίκος", last_name="Ζαχαρίου", birth_date=date(1975, 1, 2))
    ).value
    two = people.create_person(
        workspace, PersonForm(first_name="ΝΙΚΟΣ", last_name="ΖΑΧΑΡΙΟΥ", birth_date=date(1975, 1, 2))
    ).value
    people.create_person(
        workspace, PersonForm(first_name="Νίκος", last_name="Ζαχαρίου", birth_date=date(1990, 1, 2))
    )
    pairs = duplicates.find_duplicate_pairs_people(workspace)
    assert [(p.first_id, p.second_id, p.reasons) for p in pairs] == [
        (one.id, two.id, (Reason.SAME_NAME_AND_BIRTH_DATE,))
    ]


def test_merge_people_moves_every_linked_record(workspace: Workspace) -> None:
    project = add_project(workspace)
    host = organisations.create_organisation(
        workspace, OrganisationForm(name="Tredu", country="FI", city="Tampere", is_host=True)
    ).value
    keep = people.create_person(
        workspace,
        PersonForm(first_name="Jörg", last_name="Müller", languages=(LanguageSkill("en", "B2"),)),
    ).value
    drop = people.create_person(
        workspace,
        PersonForm(
            first_name="Jorg",
            last_name="Muller",
            email="jorg@schule.de",
            birth_date=date(1979, 9, 9),
            iban="DE89 3704 0044 0532 0130 00",
            languages=(LanguageSkill("en", "C1"), LanguageSkill("fi", "A2")),
        ),
    ).value
    mobility = add_mobility(workspace, project, drop.id, receiving_org_id=host.id)
    with workspace.session() as s:
        s.add(Payment(mobility_id=mobility, kind="prefinancing", amount_cents=80000, amount_eur_cents=80000))
        call = Call(project_id=project, title="Job shadowing 2026", activity_type="SM-JOB-SHDW",
                    opens_on=date(2026, 1, 1), deadline=date(2026, 2, 1))  # fmt: skip
        s.add(call)
        s.flush()
        assert call.id is not None
        s.add(Application(call_id=call.id, person_id=drop.id, number="A-1", submitted_at=datetime.now(UTC)))
        s.add(Evaluator(call_id=call.id, name="Evaluator", person_id=drop.id))
    result = duplicates.merge_people(workspace, keep.id, drop.id)
    assert result.changes.touches(Kind.MOBILITY, Kind.APPLICATION, "evaluator")
    with workspace.read_session() as s:
        assert s.get(Person, drop.id) is None
        kept = s.get(Person, keep.id)
        assert kept is not None
        assert (kept.email, kept.birth_date, kept.iban) == (
            "jorg@schule.de",
            date(1979, 9, 9),
            "DE89370400440532013000",
        )
        assert kept.search_key == "jorg muller jorg@schule.de"
        row = s.get(Mobility, mobility)
        assert row is not None and row.person_id == keep.id
        assert row.participant_sort_key == "muller jorg"
        assert s.exec(select(Payment.mobility_id)).all() == [mobility]  # payments stay with their mobility
        assert s.exec(select(Application.person_id)).all() == [keep.id]
        assert s.exec(select(Evaluator.person_id)).all() == [keep.id]
        langs = sorted((x.language, x.level) for x in s.exec(select(PersonLanguage)).all())
        assert langs == [("en", "B2"), ("fi", "A2")]  # the kept record's level wins for English
        merge = s.exec(select(AuditEntry).where(AuditEntry.action == "merge")).one()
        detail = json.loads(merge.changes)
        assert detail["merged_from"] == drop.id
        assert detail["moved"]["mobility.person_id"] == 1
        assert "iban" in detail["filled"]


def test_merge_organisations_moves_links_and_folds_shared_rows(workspace: Workspace) -> None:
    project = add_project(workspace)
    keep = organisations.create_organisation(
        workspace, OrganisationForm(name="Hotel Aurora", country="PT", city="Lisboa")
    ).value
    drop = organisations.create_organisation(
        workspace,
        OrganisationForm(
            name="HOTEL AURORA",
            country="PT",
            city="Lisboa",
            oid="E10000009",
            is_host=True,
            languages=("pt", "en"),
        ),
    ).value
    tutor = contacts.add_contact(workspace, drop.id, contacts.ContactForm(last_name="Costa")).value
    employee = people.create_person(
        workspace, PersonForm(first_name="Rui", last_name="Costa", employer_id=drop.id)
    ).value
    mobility = add_mobility(workspace, project, employee.id, receiving_org_id=drop.id, host_tutor_id=tutor.id)
    with workspace.session() as s:
        s.add(ProjectPartner(project_id=project, organisation_id=keep.id, role="partner"))
        s.add(ProjectPartner(project_id=project, organisation_id=drop.id, role="partner"))
        wp = WorkPackage(project_id=project, code="WP1")
        s.add(wp)
        s.flush()
        assert wp.id is not None
        s.add(WorkPackageShare(work_package_id=wp.id, organisation_id=keep.id, amount_cents=1000))
        s.add(WorkPackageShare(work_package_id=wp.id, organisation_id=drop.id, amount_cents=500))
        call = Call(project_id=project, title="Call", activity_type="SM-JOB-SHDW",
                    opens_on=date(2026, 1, 1), deadline=date(2026, 2, 1))  # fmt: skip
        s.add(call)
        s.flush()
        assert call.id is not None
        s.add(CallQuota(call_id=call.id, host_id=drop.id, places=2))
    duplicates.merge_organisations(workspace, keep.id, drop.id)
    with workspace.read_session() as s:
        assert s.get(Organisation, drop.id) is None
        kept = s.get(Organisation, keep.id)
        assert kept is not None
        assert (kept.oid, kept.is_host, kept.languages) == ("E10000009", True, "pt,en")
        assert s.exec(select(Contact.organisation_id)).all() == [keep.id]
        assert s.exec(select(Person.employer_id)).all() == [keep.id]
        row = s.get(Mobility, mobility)
        assert row is not None and (row.receiving_org_id, row.host_tutor_id) == (keep.id, tutor.id)
        assert s.exec(select(ProjectPartner.organisation_id)).all() == [keep.id]
        shares = s.exec(select(WorkPackageShare.organisation_id, WorkPackageShare.amount_cents)).all()
        assert [tuple(x) for x in shares] == [(keep.id, 1500)]
        assert s.exec(select(CallQuota.host_id)).all() == [keep.id]


def test_merge_refuses_the_same_record(workspace: Workspace) -> None:
    import pytest

    from intervet_desktop.core.errors import UserError

    person = people.create_person(workspace, PersonForm(first_name="A", last_name="B")).value
    with pytest.raises(UserError):
        duplicates.merge_people(workspace, person.id, person.id)
