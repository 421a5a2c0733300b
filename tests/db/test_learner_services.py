"""Learner mobilities through the services: guardian for a minor, consent before "agreement
signed", recent graduates, accompanying persons linked to learners with their own grant lines."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import select

from intervet_desktop.core.enums import MobilityStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.learners import CheckItem
from intervet_desktop.core.messages import render
from intervet_desktop.db.models import AccompaniedLearner, GrantLine, LearnerDetails, Mobility
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import mobilities
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.learners.accompanying import accompanied_learners, set_accompanied
from intervet_desktop.services.learners.details import (
    LearnerForm,
    attach_consent,
    get_learner,
    save_learner,
)
from tests.factories import Sample, build_sample
from tests.learner_factories import DEPARTURE, Learners, add_learners, add_person, learner_form


@pytest.fixture
def sample(workspace: Workspace) -> Sample:
    return build_sample(workspace)


@pytest.fixture
def learners(workspace: Workspace, sample: Sample) -> Learners:
    return add_learners(workspace, sample)


def test_minor_without_guardian_is_refused_and_nothing_saved(
    workspace: Workspace, learners: Learners
) -> None:
    view = get_learner(workspace, learners.minor_id)
    assert view.minor and view.departure == DEPARTURE
    with pytest.raises(ValidationError) as err:
        save_learner(workspace, learners.minor_id, LearnerForm(insurance_policy="AXA-1"))
    assert [p.field for p in err.value.problems] == ["guardian_name", "guardian_contact"]
    with workspace.read_session() as s:
        assert s.exec(select(LearnerDetails)).all() == []
    # the adult (18 the day of departure) needs no guardian
    saved = save_learner(workspace, learners.adult_id, LearnerForm(insurance_policy="AXA-2"))
    assert not saved.value.minor and saved.value.form.insurance_policy == "AXA-2"
    assert Kind.MOBILITY in saved.changes.kinds


def test_consent_required_before_agreement_signed(workspace: Workspace, learners: Learners, tmp_path) -> None:  # type: ignore[no-untyped-def]
    mid = learners.minor_id
    mobilities.advance_status(workspace, mid, "agreement_sent", date(2026, 1, 10))
    save_learner(
        workspace, mid, LearnerForm(guardian_name="Ελένη Κωνσταντίνου", guardian_contact="+30 690 000 0000")
    )
    with pytest.raises(ValidationError) as err:
        mobilities.advance_status(workspace, mid, "agreement_signed", date(2026, 1, 12))
    assert [p.field for p in err.value.problems] == ["consent_signed"]
    assert "Parental consent is missing" in render(err.value.problems[0].message)
    with workspace.read_session() as s:
        row = s.get(Mobility, mid)
        assert row is not None and row.status == "agreement_sent"
    scan = tmp_path / "consent.pdf"
    scan.write_bytes(b"%PDF-1.4 signed consent")
    view = attach_consent(workspace, mid, scan, date(2026, 1, 11)).value
    assert view.checklist[CheckItem.CONSENT] is True and view.consent_attachment_id is not None
    assert (workspace.files_dir).exists()
    done = mobilities.advance_status(workspace, mid, "agreement_signed", date(2026, 1, 12)).value
    assert done.status == MobilityStatus.AGREEMENT_SIGNED
    assert get_learner(workspace, mid).checklist[CheckItem.LEARNING_AGREEMENT] is True
    # an adult's agreement needs no consent
    mobilities.advance_status(workspace, learners.adult_id, "agreement_sent", date(2026, 1, 10))
    assert mobilities.advance_status(
        workspace, learners.adult_id, "agreement_signed", date(2026, 1, 12)
    ).value


def test_learner_duration_outside_the_range_names_the_field(workspace: Workspace, sample: Sample) -> None:
    pid = add_person(workspace, "Άννα", "Ρήγα", "learner", birth_date=date(2005, 1, 1))
    with pytest.raises(ValidationError) as err:
        mobilities.create_mobility(workspace, learner_form(sample, pid, planned_end=date(2026, 3, 6)))
    assert [p.field for p in err.value.problems] == ["planned_end"]
    assert "LM-SHORT-VET lasts 5 days" in render(err.value.problems[0].message)
    with workspace.read_session() as s:
        assert s.exec(select(Mobility).where(Mobility.person_id == pid)).all() == []


def test_recent_graduate_within_twelve_months(workspace: Workspace, sample: Sample) -> None:
    late = add_person(workspace, "Eva", "Lind", "recent_graduate", graduation_date=date(2025, 2, 28))
    with pytest.raises(ValidationError) as err:
        mobilities.create_mobility(workspace, learner_form(sample, late))
    assert [p.field for p in err.value.problems] == ["planned_start"]
    assert "within 12 months of graduating" in render(err.value.problems[0].message)
    ok = add_person(workspace, "Ole", "Berg", "recent_graduate", graduation_date=date(2025, 6, 30))
    assert mobilities.create_mobility(workspace, learner_form(sample, ok)).value.id


def test_accompanying_person_without_learners_is_refused(workspace: Workspace, sample: Sample) -> None:
    form = learner_form(sample, sample.greek_id, is_accompanying=True, planned_end=date(2026, 3, 8))
    with pytest.raises(ValidationError) as err:
        mobilities.create_mobility(workspace, form)
    assert [p.field for p in err.value.problems] == ["accompanies_id"]
    assert "Accompanied learners is required" in render(err.value.problems[0].message)


def test_accompanying_lines_ratio_and_dates(workspace: Workspace, sample: Sample, learners: Learners) -> None:
    form = learner_form(
        sample,
        sample.greek_id,
        is_accompanying=True,
        accompanies_id=learners.minor_id,
        planned_end=date(2026, 3, 8),
    )
    acc = mobilities.create_mobility(workspace, form).value.id
    with workspace.read_session() as s:
        lines = {
            g.code: g.amount_cents for g in s.exec(select(GrantLine).where(GrantLine.mobility_id == acc))
        }
    # 7 days + 2 travel at the staff rate of group 2 (Portugal): 9 x 160.00 = 1,440.00; no org support
    assert lines == {"travel": 39500, "individual_support": 144000}
    with pytest.raises(ValidationError) as err:
        set_accompanied(workspace, acc, [])
    assert [p.field for p in err.value.problems] == ["accompanied_learners"]
    rows = set_accompanied(workspace, acc, [learners.minor_id, learners.adult_id]).value
    assert {r.mobility_id for r in rows} == {learners.minor_id, learners.adult_id}
    assert len(accompanied_learners(workspace, acc)) == 2
    # a learner may have at most 2 accompanying persons (the rate set's rule)
    others = []
    for first in ("Κώστας", "Δήμητρα"):
        pid = add_person(workspace, first, "Σάββα", "teacher")
        others.append(mobilities.create_mobility(workspace, replace(form, person_id=pid)).value.id)
    set_accompanied(workspace, others[0], [learners.minor_id])
    with pytest.raises(ValidationError) as err:
        set_accompanied(workspace, others[1], [learners.minor_id])
    assert "at most 2 per learner" in render(err.value.problems[0].message)
    # a learner cannot be an accompanying person's learner when it is itself accompanying
    with pytest.raises(ValidationError):
        set_accompanied(workspace, others[1], [others[0]])
    with workspace.read_session() as s:
        assert (
            len(
                s.exec(
                    select(AccompaniedLearner).where(AccompaniedLearner.accompanying_id == others[1])
                ).all()
            )
            == 0
        )


def test_accompanying_dates_within_the_learners_stay(
    workspace: Workspace, sample: Sample, learners: Learners
) -> None:
    form = learner_form(
        sample,
        sample.greek_id,
        is_accompanying=True,
        accompanies_id=learners.minor_id,
        planned_start=date(2026, 3, 1),
        planned_end=date(2026, 3, 8),
    )
    acc = mobilities.create_mobility(workspace, form).value.id
    with pytest.raises(ValidationError) as err:
        set_accompanied(workspace, acc, [learners.minor_id])
    assert [p.field for p in err.value.problems] == ["planned_start"]
    assert "outside the stay" in render(err.value.problems[0].message)


def test_checklist_reflects_saved_details(workspace: Workspace, learners: Learners) -> None:
    form = LearnerForm(
        insurance_policy="POL-7",
        ehic_number="80300000001234567890",
        language_assessed_on=date(2026, 1, 5),
        travel_booked_on=date(2026, 1, 20),
        emergency_card_printed_on=date(2026, 2, 20),
    )
    view = save_learner(workspace, learners.adult_id, form).value
    assert view.checklist[CheckItem.CONSENT] is None
    assert view.checklist[CheckItem.INSURANCE] is True
    assert view.checklist[CheckItem.LEARNING_AGREEMENT] is False and not view.ready


def test_every_learner_field_is_saved_and_read_back(workspace: Workspace, learners: Learners) -> None:
    form = LearnerForm(
        guardian_name=" Ελένη Κωνσταντίνου ",
        guardian_contact="+30 690 000 0000",
        emergency_contact2_name="Γιάννης Κωνσταντίνου",
        emergency_contact2_phone="+30 691 111 1111",
        insurance_policy="POL-9",
        insurer="Interamerican",
        ehic_number="80300000001234567890",
        school_mentor="Δ. Παππάς",
        outcomes_knowledge="HACCP principles",
        outcomes_skills="Prepare cold starters",
        outcomes_competences="Work in a brigade under supervision",
        tasks="Mise en place; service",
        assessment="Tutor's assessment sheet",
        recognition="Unit 4 of the cook diploma (6 credits)",
        europass_requested=True,
        europass_language="en",
        europass_skills_acquired="Cold kitchen",
        europass_host_signatory="Chef Rui Costa",
        europass_certificate_received_on=date(2026, 4, 10),
    )
    save_learner(workspace, learners.minor_id, form)
    with workspace.read_session() as s:
        row = s.exec(select(LearnerDetails).where(LearnerDetails.mobility_id == learners.minor_id)).one()
        assert row.guardian_name == "Ελένη Κωνσταντίνου"  # trimmed
        assert (row.emergency_contact2_name, row.emergency_contact2_phone) == (
            "Γιάννης Κωνσταντίνου",
            "+30 691 111 1111",
        )
        assert (row.insurer, row.school_mentor) == ("Interamerican", "Δ. Παππάς")
        assert (row.outcomes_knowledge, row.outcomes_skills, row.outcomes_competences) == (
            "HACCP principles",
            "Prepare cold starters",
            "Work in a brigade under supervision",
        )
        assert (row.assessment, row.recognition) == (
            "Tutor's assessment sheet",
            "Unit 4 of the cook diploma (6 credits)",
        )
        assert row.europass_requested and row.europass_language == "en"
        assert (row.europass_skills_acquired, row.europass_host_signatory) == (
            "Cold kitchen",
            "Chef Rui Costa",
        )
        assert row.europass_certificate_received_on == date(2026, 4, 10)
    assert get_learner(workspace, learners.minor_id).form == replace(form, guardian_name="Ελένη Κωνσταντίνου")


def test_group_view_and_emergency_cards(
    workspace: Workspace, sample: Sample, learners: Learners, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from intervet_desktop.services.learners.group import learner_groups, write_emergency_cards

    save_learner(
        workspace,
        learners.minor_id,
        LearnerForm(
            guardian_name="Ελένη Κωνσταντίνου",
            guardian_contact="+30 690 000 0000",
            insurance_policy="POL-1",
            insurer="Interamerican",
            school_mentor="Δ. Παππάς",
        ),
    )
    (group,) = learner_groups(workspace, sample.project_id)
    assert group.key.start == DEPARTURE and group.key.city == "Faro"
    assert {v.mobility_id for v in group.learners} == {learners.minor_id, learners.adult_id}
    assert group.open_items()[CheckItem.CONSENT] == 1  # only the minor needs consent
    assert group.open_items()[CheckItem.EMERGENCY_CARD] == 2
    target = tmp_path / "cards" / "faro.pdf"
    result = write_emergency_cards(
        workspace, [learners.minor_id, learners.adult_id], target, date(2026, 2, 20)
    )
    assert Kind.MOBILITY in result.changes.kinds
    text = " ".join((PdfReader(target).pages[0].extract_text() or "").split())
    for expected in (
        "EMERGENCY CARD",
        "Μαρία Κωνσταντίνου",
        "Νίκος Αλεξίου",
        "112",
        "POL-1 Interamerican",
        "Δ. Παππάς",
    ):
        assert expected in text, expected
    assert learner_groups(workspace, sample.project_id)[0].open_items()[CheckItem.EMERGENCY_CARD] == 0


def test_group_mobility_alone_is_warned_in_the_group_view(workspace: Workspace, sample: Sample) -> None:
    from intervet_desktop.core.messages import render as render_text
    from intervet_desktop.services.learners.group import learner_groups

    pid = add_person(workspace, "Λένα", "Μαύρου", "learner", birth_date=date(2005, 1, 1))
    form = learner_form(sample, pid, activity_type="LM-GROUP-VET", planned_end=date(2026, 3, 13))
    mobilities.create_mobility(workspace, form)
    (group,) = learner_groups(workspace, sample.project_id)
    assert group.warning is not None and "this group has 1 learner" in render_text(group.warning)
    other = add_person(workspace, "Πέτρος", "Μαύρου", "learner", birth_date=date(2005, 2, 1))
    mobilities.create_mobility(workspace, replace(form, person_id=other))
    assert learner_groups(workspace, sample.project_id)[0].warning is None
