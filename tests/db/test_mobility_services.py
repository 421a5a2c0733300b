"""Mobilities: create/update with every problem at once, list keys, distance estimate, BM ids,
status pipeline, evidence checklist and reviewer warnings."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from sqlmodel import col, select

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import (
    AuditEntry,
    EvidenceItem,
    GrantLine,
    Mobility,
    MobilityStatusEvent,
    Organisation,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import grants, mobilities
from intervet_desktop.services.mobilities import MobilityForm
from tests.factories import Sample, build_sample


@pytest.fixture
def sample(workspace: Workspace) -> Sample:
    return build_sample(workspace, today=date(2026, 1, 10))


def form(sample: Sample, **changes: object) -> MobilityForm:
    base = MobilityForm(
        project_id=sample.project_id,
        person_id=sample.portuguese_id,
        activity_type="SM-JOB-SHDW",
        sending_org_id=sample.school_id,
        receiving_org_id=sample.host_fi_id,
        destination_city="Tampere",
        destination_country="FI",
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 13),
        travel_days=2,
        distance_km=2300,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_create_fills_keys_estimate_bm_id_evidence_and_grant(workspace: Workspace, sample: Sample) -> None:
    result = mobilities.create_mobility(workspace, form(sample))
    detail = result.value
    assert detail.form.bm_activity_id == "EL01-M0001"
    # Thessaloniki -> Tampere great circle is about 2,300 km
    assert detail.distance.estimate_km is not None and 2200 < detail.distance.estimate_km < 2400
    assert detail.distance.estimate_band == "2,000-2,999 km"
    assert detail.missing_evidence == 5
    assert len(detail.evidence) == 5
    assert detail.grant_total_cents > 0
    assert detail.grant_total_cents == detail.grant_participant_cents + detail.grant_organisation_cents
    assert [e.status for e in detail.events] == ["planned"]
    with workspace.read_session() as s:
        row = s.get(Mobility, detail.id)
        assert row is not None
        assert row.search_key == "joao goncalves tampereen seudun ammattiopisto tredu tampere"
        assert row.participant_sort_key.startswith("goncalves")
        assert row.receiving_sort_key.startswith("tampereen")
        assert s.exec(select(GrantLine).where(GrantLine.mobility_id == detail.id)).first() is not None
        audit = s.exec(select(AuditEntry).where(AuditEntry.entity == "mobility")).all()
        assert [a.action for a in audit] == ["create"]
    second = mobilities.create_mobility(workspace, form(sample, person_id=sample.german_id)).value
    assert second.form.bm_activity_id == "EL01-M0002"


def test_every_problem_at_once_and_nothing_saved(workspace: Workspace, sample: Sample) -> None:
    bad = form(
        sample,
        planned_start=date(2026, 3, 13),
        planned_end=date(2026, 3, 2),
        travel_days=5,
        destination_country="XX",
        bm_activity_id="EL01-JS-0001",  # used by the sample
        force_majeure=True,
    )
    problems = mobilities.validate_mobility(workspace, bad)
    assert problems["planned_end"].code == "date_order"
    assert problems["travel_days"].code == "grant_travel_days_too_many"
    assert problems["destination_country"].code == "unknown_country"
    assert problems["bm_activity_id"].code == "mobility_bm_id_taken"
    assert problems["force_majeure_note"].code == "mobility_note_required"
    with workspace.read_session() as s:
        before = len(s.exec(select(Mobility)).all())
    with pytest.raises(ValidationError) as caught:
        mobilities.create_mobility(workspace, bad)
    assert {"planned_end", "travel_days", "bm_activity_id"} <= caught.value.fields()
    with workspace.read_session() as s:
        assert len(s.exec(select(Mobility)).all()) == before


def test_duration_and_project_period(workspace: Workspace, sample: Sample) -> None:
    long = mobilities.validate_mobility(workspace, form(sample, planned_end=date(2026, 6, 30)))
    assert long["planned_end"].code == "grant_duration_out_of_range"
    outside = mobilities.validate_mobility(
        workspace, form(sample, planned_start=date(2027, 2, 20), planned_end=date(2027, 3, 3))
    )
    assert outside["planned_end"].code == "grant_outside_project"
    assert mobilities.validate_mobility(workspace, form(sample)) == {}


def test_sending_must_be_school_or_consortium_and_tutor_of_host(workspace: Workspace, sample: Sample) -> None:
    problems = mobilities.validate_mobility(workspace, form(sample, sending_org_id=sample.host_pt_id))
    assert problems["sending_org_id"].code == "mobility_sending_not_allowed"


def test_update_reports_grant_change_and_preview_then_store(workspace: Workspace, sample: Sample) -> None:
    created = mobilities.create_mobility(workspace, form(sample)).value
    old_total = created.grant_total_cents
    outcome = mobilities.update_mobility(
        workspace, created.id, replace(created.form, planned_end=date(2026, 3, 20))
    ).value
    assert outcome.grant_inputs_changed
    assert outcome.detail.grant_total_cents == old_total  # not replaced without asking
    preview = grants.preview(workspace, created.id)
    assert preview.changed and preview.old_total_cents == old_total
    assert preview.new.total_cents > old_total
    grants.store_snapshot(workspace, created.id)
    assert mobilities.get_mobility(workspace, created.id).grant_total_cents == preview.new.total_cents
    notes_only = mobilities.update_mobility(
        workspace, created.id, replace(outcome.detail.form, notes="ok")
    ).value
    assert not notes_only.grant_inputs_changed
    with workspace.read_session() as s:
        changes = [
            json.loads(a.changes)
            for a in s.exec(
                select(AuditEntry).where(AuditEntry.entity == "mobility", AuditEntry.action == "update")
            ).all()
        ]
    assert changes[0]["planned_end"] == ["2026-03-13", "2026-03-20"]


def test_status_pipeline_with_dates(workspace: Workspace, sample: Sample) -> None:
    created = mobilities.create_mobility(workspace, form(sample)).value
    assert created.next_statuses == ("agreement_sent", "cancelled")
    with pytest.raises(ValidationError) as caught:
        mobilities.advance_status(workspace, created.id, "completed", date(2026, 2, 1))
    assert caught.value.problems[0].message.code == "mobility_status_not_allowed"
    sent = mobilities.advance_status(workspace, created.id, "agreement_sent", date(2026, 2, 1)).value
    assert sent.status == "agreement_sent"
    assert sent.events[-1].on_date == date(2026, 2, 1)
    with pytest.raises(ValidationError):
        mobilities.advance_status(workspace, created.id, "agreement_signed", date(2026, 1, 1))
    signed = mobilities.advance_status(workspace, created.id, "agreement_signed", date(2026, 3, 5)).value
    assert any(w.code == "mobility_warn_agreement_after_start" for w in signed.warnings)
    cancelled = mobilities.advance_status(workspace, created.id, "cancelled", date(2026, 3, 6)).value
    assert cancelled.status == "cancelled"
    with workspace.read_session() as s:
        events = s.exec(
            select(MobilityStatusEvent)
            .where(MobilityStatusEvent.mobility_id == created.id)
            .order_by(col(MobilityStatusEvent.id))
        ).all()
    assert [(e.status, e.on_date) for e in events][1:] == [
        ("agreement_sent", date(2026, 2, 1)),
        ("agreement_signed", date(2026, 3, 5)),
        ("cancelled", date(2026, 3, 6)),
    ]


def test_evidence_done_updates_missing_count_and_certificate_warning(
    workspace: Workspace, sample: Sample
) -> None:
    created = mobilities.create_mobility(workspace, form(sample)).value
    after = mobilities.set_evidence(
        workspace,
        created.id,
        "certificate_of_attendance",
        done=True,
        done_on=date(2026, 3, 14),
        covers=(date(2026, 3, 2), date(2026, 3, 12)),
    ).value
    assert after.missing_evidence == 4
    assert any(w.code == "mobility_warn_certificate_dates" for w in after.warnings)
    with workspace.read_session() as s:
        row = s.get(Mobility, created.id)
        assert row is not None and row.missing_evidence == 4
        item = s.exec(
            select(EvidenceItem).where(
                EvidenceItem.mobility_id == created.id, EvidenceItem.kind == "certificate_of_attendance"
            )
        ).one()
        assert item.done_on == date(2026, 3, 14)
    undone = mobilities.set_evidence(workspace, created.id, "certificate_of_attendance", done=False).value
    assert undone.missing_evidence == 5


def test_host_without_oid_warning(workspace: Workspace, sample: Sample) -> None:
    created = mobilities.create_mobility(workspace, form(sample)).value
    assert any(w.code == "mobility_warn_host_no_oid" for w in created.warnings)
    with workspace.session() as s:
        host = s.get(Organisation, sample.host_fi_id)
        assert host is not None
        host.oid = "E10000099"
        s.add(host)
    assert not any(
        w.code == "mobility_warn_host_no_oid" for w in mobilities.get_mobility(workspace, created.id).warnings
    )


def test_host_tutor_must_belong_to_the_receiving_organisation(workspace: Workspace, sample: Sample) -> None:
    from intervet_desktop.services.contacts import ContactForm, add_contact

    fi_tutor = add_contact(
        workspace, sample.host_fi_id, ContactForm(first_name="Aino", last_name="Virtanen")
    ).value
    pt_tutor = add_contact(
        workspace, sample.host_pt_id, ContactForm(first_name="Rui", last_name="Costa")
    ).value
    assert mobilities.validate_mobility(workspace, form(sample, host_tutor_id=fi_tutor.id)) == {}
    wrong = mobilities.validate_mobility(workspace, form(sample, host_tutor_id=pt_tutor.id))
    assert wrong["host_tutor_id"].code == "mobility_tutor_not_of_host"


def test_attach_a_file_to_an_evidence_item(workspace: Workspace, sample: Sample, tmp_path) -> None:  # type: ignore[no-untyped-def]
    created = mobilities.create_mobility(workspace, form(sample)).value
    scan = tmp_path / "ticket.pdf"
    scan.write_bytes(b"%PDF-1.4 ticket")
    after = mobilities.attach_evidence_file(
        workspace, created.id, "travel_evidence", scan, on=date(2026, 3, 14)
    ).value
    item = next(e for e in after.evidence if e.kind == "travel_evidence")
    assert item.done and item.done_on == date(2026, 3, 14) and item.attachment_name == "ticket.pdf"
    assert after.missing_evidence == 4
    stored = list(workspace.files_dir.rglob("*"))
    assert any(p.is_file() and p.read_bytes() == b"%PDF-1.4 ticket" for p in stored)


def test_project_settings_terms_become_confirmed_and_rate_set_is_picked(
    workspace: Workspace, sample: Sample
) -> None:
    from intervet_desktop.db.models import Project
    from intervet_desktop.services import project_settings, rates

    rates.install_builtin(workspace)
    summary = next(s for s in rates.list_rate_sets(workspace) if s.code == "ka1-vet-2021")
    current = project_settings.get_project_form(workspace, sample.project_id)
    assert current.terms_are_defaults
    bad = project_settings.validate_project(workspace, replace(current, end_date=date(2024, 1, 1)))
    assert bad["end_date"].code == "date_order"
    project_settings.save_project(
        workspace, replace(current, rate_set_id=summary.id, participant_balance_days=30), sample.project_id
    )
    with workspace.read_session() as s:
        project = s.get(Project, sample.project_id)
        assert project is not None
        assert project.rate_set_id == summary.id and not project.terms_are_defaults
    # the grant of a new mobility follows the project's rate set
    created = mobilities.create_mobility(workspace, form(sample)).value
    assert created.grant_rate_set == "ka1-vet-2021@1"
