"""Organisations, contacts and people services: validation, audit, keys, delete/archive, history."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.organisation_rules import OrganisationForm
from intervet_desktop.core.person_rules import LanguageSkill, PersonForm
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import AuditEntry, Mobility, Organisation, Person, Project
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import contacts, organisations, people
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.mobility_keys import refresh_mobility_keys
from intervet_desktop.services.record_errors import RecordInUseError


def add_project(ws: Workspace, code: str = "2025-1-IT01-KA121-VET-000123456") -> int:
    with ws.session() as s:
        project = Project(
            code=code,
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


def audit_rows(ws: Workspace, entity: str, entity_id: int) -> list[AuditEntry]:
    with ws.read_session() as s:
        return list(
            s.exec(
                select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            ).all()
        )


HOST = OrganisationForm(name="Tredu", country="FI", city="Tampere", email="info@tredu.fi", is_host=True)


def test_validate_organisation_returns_every_problem_without_saving(workspace: Workspace) -> None:
    form = OrganisationForm(
        name=" ", country="Narnia", oid="E123", pic="1", web="nope", email="x@", phone="1"
    )
    problems = organisations.validate_organisation(workspace, form)
    assert set(problems) == {"name", "country", "oid", "pic", "web", "email", "phone"}
    assert all(m.render() for m in problems.values())
    assert organisations.validate_organisation(workspace, HOST) == {}
    with pytest.raises(ValidationError) as caught:
        organisations.create_organisation(workspace, form)
    assert caught.value.fields() == set(problems)
    with workspace.read_session() as s:
        assert s.exec(select(Organisation)).all() == []


def test_oid_is_unique(workspace: Workspace) -> None:
    organisations.create_organisation(workspace, OrganisationForm(name="A", country="IT", oid="E10208745"))
    form = OrganisationForm(name="B", country="IT", oid="e 1020 8745")
    assert organisations.validate_organisation(workspace, form)["oid"].code == "oid_taken"


def test_create_update_keeps_keys_and_audits_changed_fields(workspace: Workspace) -> None:
    created = organisations.create_organisation(
        workspace, OrganisationForm(name="Scuola Müller", country="el", city="Αθήνα", phone="210 1234567")
    ).value
    assert created.form.country == "GR"
    assert created.form.phone == "+302101234567"
    with workspace.read_session() as s:
        row = s.get(Organisation, created.id)
        assert row is not None
        assert row.search_key == search_key("Scuola Muller", "Αθηνα", "GR", "Greece")
        assert row.sort_key == "scuola muller"
    form = OrganisationForm(**{**created.form.__dict__, "city": "Θεσσαλονίκη", "oid": "E12345678"})
    updated = organisations.update_organisation(workspace, created.id, form)
    assert updated.changes.touches(Kind.ORGANISATION)
    entry = audit_rows(workspace, "organisation", created.id)[-1]
    assert entry.action == "update"
    assert json.loads(entry.changes) == {"city": ["Αθήνα", "Θεσσαλονίκη"], "oid": [None, "E12345678"]}
    assert organisations.organisation_choices(workspace, "ΘΕΣΣΑΛΟΝΙΚΗ e12345678")[0].id == created.id


def test_contacts_add_edit_remove(workspace: Workspace) -> None:
    org = organisations.create_organisation(workspace, HOST).value
    assert contacts.validate_contact(
        workspace, org.id, contacts.ContactForm(email="bad")
    )  # no name, bad e-mail
    first = contacts.add_contact(
        workspace,
        org.id,
        contacts.ContactForm(first_name="Anna", last_name="Virtanen", phone="040 123 4567", is_primary=True),
    ).value
    assert first.form.phone == "+358401234567"
    second = contacts.add_contact(
        workspace, org.id, contacts.ContactForm(last_name="Korhonen", is_primary=True)
    ).value
    listed = {c.id: c.form.is_primary for c in contacts.list_contacts(workspace, org.id)}
    assert listed == {first.id: False, second.id: True}
    contacts.edit_contact(
        workspace, first.id, contacts.ContactForm(first_name="Anna", last_name="Virtanen", role="Tutor")
    )
    assert organisations.get_organisation(workspace, org.id).contacts[1].form.role == "Tutor"
    contacts.remove_contact(workspace, second.id)
    assert [c.id for c in contacts.list_contacts(workspace, org.id)] == [first.id]


def test_person_create_validate_languages_and_sensitive_audit(workspace: Workspace) -> None:
    school = organisations.create_organisation(workspace, OrganisationForm(name="ITAV", country="IT")).value
    bad = PersonForm(first_name="", last_name="B0b", birth_date=date(2100, 1, 1), iban="DE00", email="x")
    assert set(people.validate_person(workspace, bad)) == {
        "first_name",
        "last_name",
        "birth_date",
        "iban",
        "email",
    }
    form = PersonForm(
        first_name="Giulia",
        last_name="Rossi",
        birth_date=date(1985, 2, 3),
        email="Giulia.Rossi@Scuola.it",
        phone="333 123 4567",  # Italian mobile: the employer's country is the default region
        employer_id=school.id,
        languages=(LanguageSkill("EN", "b2"), LanguageSkill("fi", "A1")),
        iban="IT60 X054 2811 1010 0000 0123 456",
    )
    person = people.create_person(workspace, form).value
    assert person.form.email == "giulia.rossi@scuola.it"
    assert person.form.phone == "+393331234567"
    assert person.form.languages == (LanguageSkill("en", "B2"), LanguageSkill("fi", "A1"))
    assert person.employer_name == "ITAV"
    changed = PersonForm(
        **{
            **person.form.__dict__,
            "iban": "DE89 3704 0044 0532 0130 00",
            "languages": (LanguageSkill("en", "C1"),),
        }
    )
    people.update_person(workspace, person.id, changed)
    entry = json.loads(audit_rows(workspace, "person", person.id)[-1].changes)
    assert entry["iban"] == ["(hidden)", "(hidden)"]
    assert entry["languages"] == ["en:B2,fi:A1", "en:C1"]
    repeated = PersonForm(
        first_name="A", last_name="B", languages=(LanguageSkill("en", "B1"), LanguageSkill("EN", "C1"))
    )
    assert people.validate_person(workspace, repeated)["languages[1].language"].code == "language_repeated"


def test_renaming_a_person_or_host_updates_mobility_keys(workspace: Workspace) -> None:
    project = add_project(workspace)
    host = organisations.create_organisation(workspace, HOST).value
    person = people.create_person(workspace, PersonForm(first_name="Jörg", last_name="Müller")).value
    mobility = add_mobility(workspace, project, person.id, receiving_org_id=host.id)
    result = people.update_person(workspace, person.id, PersonForm(first_name="Jörg", last_name="Meier"))
    assert result.changes.touches(Kind.MOBILITY)
    org_form = OrganisationForm(**{**host.form.__dict__, "name": "Tampereen seudun ammattiopisto"})
    assert organisations.update_organisation(workspace, host.id, org_form).changes.touches(Kind.MOBILITY)
    with workspace.read_session() as s:
        row = s.get(Mobility, mobility)
        assert row is not None
        assert row.participant_sort_key == "meier jorg"
        assert row.receiving_sort_key == "tampereen seudun ammattiopisto"
        assert row.search_key == "jorg meier tampereen seudun ammattiopisto tampere"


def test_delete_is_refused_when_in_use_and_archive_is_offered(workspace: Workspace) -> None:
    project = add_project(workspace)
    host = organisations.create_organisation(workspace, HOST).value
    person = people.create_person(
        workspace, PersonForm(first_name="Ana", last_name="Silva", employer_id=host.id)
    ).value
    add_mobility(workspace, project, person.id)
    with pytest.raises(RecordInUseError) as caught:
        people.delete_person(workspace, person.id)
    assert caught.value.uses == {"mobility": 1}
    assert caught.value.can_archive
    assert "Archive it instead" in caught.value.message.render()
    with pytest.raises(RecordInUseError) as org_caught:
        organisations.delete_organisation(workspace, host.id)
    assert org_caught.value.uses == {"person": 1}
    assert organisations.deletion_blockers(workspace, host.id) == {"person": 1}
    people.archive_person(workspace, person.id)
    assert people.get_person(workspace, person.id).archived
    organisations.archive_organisation(workspace, host.id)
    assert organisations.get_organisation(workspace, host.id).archived
    # not used: deleted, with its contacts
    free = organisations.create_organisation(workspace, OrganisationForm(name="Free", country="PT")).value
    contacts.add_contact(workspace, free.id, contacts.ContactForm(last_name="Costa"))
    organisations.delete_organisation(workspace, free.id)
    with workspace.read_session() as s:
        assert s.get(Organisation, free.id) is None
    lonely = people.create_person(workspace, PersonForm(first_name="Lonely", last_name="Person")).value
    people.delete_person(workspace, lonely.id)
    with workspace.read_session() as s:
        assert s.get(Person, lonely.id) is None
    assert audit_rows(workspace, "person", lonely.id)[-1].action == "delete"


def test_history_oid_chasing_and_sending_choices(workspace: Workspace) -> None:
    project = add_project(workspace)
    own = organisations.create_organisation(
        workspace, OrganisationForm(name="Own school", country="IT", is_own=True)
    ).value
    member = organisations.create_organisation(
        workspace, OrganisationForm(name="Member school", country="IT", is_consortium_member=True)
    ).value
    host = organisations.create_organisation(workspace, HOST).value
    registered = organisations.create_organisation(
        workspace, OrganisationForm(name="Registered", country="DE", oid="E10000001", is_host=True)
    ).value
    person = people.create_person(workspace, PersonForm(first_name="Ana", last_name="Silva")).value
    for score in (4, 5, None):
        add_mobility(
            workspace,
            project,
            person.id,
            sending_org_id=own.id,
            receiving_org_id=host.id,
            feedback_score=score,
        )
    add_mobility(
        workspace, project, person.id, sending_org_id=member.id, receiving_org_id=host.id, status="cancelled"
    )
    history = organisations.get_organisation(workspace, host.id).history
    assert (history.hosted, history.sent, history.feedback_count) == (3, 0, 2)
    assert str(history.average_feedback) == "4.5"
    assert organisations.organisation_history(workspace, own.id).sent == 3
    assert organisations.get_organisation(workspace, host.id).needs_oid
    assert not organisations.get_organisation(workspace, registered.id).needs_oid
    chasing = organisations.hosts_without_oid(workspace)
    assert [(h.id, h.planned_mobilities, h.oid_requested_on) for h in chasing] == [(host.id, 3, None)]
    organisations.mark_oid_requested(workspace, host.id, date(2026, 1, 15))
    assert organisations.hosts_without_oid(workspace)[0].oid_requested_on == date(2026, 1, 15)
    senders = [c.id for c in organisations.sending_organisation_choices(workspace)]
    assert senders == [own.id, member.id]


def test_list_specs_for_the_two_pages(workspace: Workspace) -> None:
    from intervet_desktop.services.directory_lists import ORGANISATIONS, PEOPLE
    from intervet_desktop.services.listing import ListFilter, ListReader, Sort

    project = add_project(workspace)
    school = organisations.create_organisation(
        workspace, OrganisationForm(name="Örebro Skola", country="SE", is_own=True)
    ).value
    host = organisations.create_organisation(workspace, HOST).value
    old = organisations.create_organisation(
        workspace, OrganisationForm(name="Archived", country="SE", is_host=True)
    ).value
    organisations.archive_organisation(workspace, old.id)
    orgs = ListReader(workspace, ORGANISATIONS)
    assert orgs.count(ListFilter("orebro")) == 1
    assert [r[0] for r in orgs.page(ListFilter(values={"needs_oid": True}), None, 0, 50)] == [old.id, host.id]
    current = ListFilter(values={"needs_oid": True, "archived": False})
    assert [r[0] for r in orgs.page(current, None, 0, 50)] == [host.id]
    assert orgs.count(ListFilter(values={"role": "own", "country": "SE"})) == 1
    names = [r[1] for r in orgs.page(ListFilter(), Sort("name"), 0, 10)]
    assert names == ["Archived", "Örebro Skola", "Tredu"]  # Ö sorts with the O's
    jorg = people.create_person(
        workspace, PersonForm(first_name="Jörg", last_name="Müller", employer_id=school.id)
    ).value
    people.create_person(workspace, PersonForm(first_name="Ana", last_name="Silva", role="learner"))
    add_mobility(workspace, project, jorg.id)
    listed = ListReader(workspace, PEOPLE)
    assert listed.count(ListFilter("muller")) == 1
    row = listed.page(ListFilter("jorg"), Sort("name"), 0, 10)[0]
    assert row[0] == jorg.id and row[1] == "Müller, Jörg" and row[4] == "Örebro Skola" and row[7] == 1
    assert listed.count(ListFilter(values={"staff": False})) == 1
    assert listed.count(ListFilter(values={"has_mobility": True})) == 1
