"""The international office (issue 18): indicators computed from the data, guards, the iCalendar
file parsed back, dissemination totals and workbook, the roadmap PDF's text, merges."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.office import IndicatorSource
from intervet_desktop.db.models import (
    Call,
    Mobility,
    OfficeDeadline,
    OfficeMember,
    RoadmapAction,
    RoadmapIndicator,
    RoadmapObjective,
    StaffTraining,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.duplicates import merge_organisations, merge_people
from intervet_desktop.services.office import dissemination, network, programmes, roadmap, team
from intervet_desktop.services.office.exports import calendar_entries, export_calendar, export_roadmap
from tests.factories import Sample, build_sample, org, person

TODAY = date(2026, 6, 1)
CODE = "2025-1-EL01-KA122-VET-000123456"


def _sample(ws: Workspace) -> tuple[Sample, int]:
    """The factory's school (3 staff mobilities in 2026) plus a learner abroad twice, a cancelled
    mobility and a Finnish staff member who does not count."""
    sample = build_sample(ws, TODAY)
    with ws.session() as s:
        learner = person("Ελένη", "Νικολάου", sample.school_id, role="learner")
        other = person("Aino", "Virtanen", sample.host_fi_id, role="teacher")
        s.add_all([learner, other])
        s.flush()
        assert learner.id and other.id
        for start, status in ((date(2026, 3, 2), "completed"), (date(2026, 10, 5), "planned")):
            s.add(_mobility(sample, learner.id, start, status))
        s.add(_mobility(sample, sample.greek_id, date(2026, 11, 2), "cancelled"))
        s.add(_mobility(sample, other.id, date(2026, 5, 2), "completed", sending=sample.host_fi_id))
        s.add(
            Call(
                project_id=sample.project_id,
                title="Job shadowing 2026",
                activity_type="SM-JOB-SHDW",
                opens_on=date(2026, 1, 10),
                deadline=date(2026, 2, 10),
                status="published",
            )
        )
        s.add(
            Call(
                project_id=sample.project_id,
                title="Draft",
                activity_type="SM-JOB-SHDW",
                opens_on=date(2026, 3, 10),
                deadline=date(2026, 4, 10),
                status="draft",
            )
        )
        return sample, learner.id


def _mobility(
    sample: Sample, person_id: int, start: date, status: str, sending: int | None = None
) -> Mobility:
    return Mobility(
        project_id=sample.project_id,
        person_id=person_id,
        activity_type="SM-JOB-SHDW",
        sending_org_id=sending or sample.school_id,
        receiving_org_id=sample.host_pt_id,
        destination_country="PT",
        planned_start=start,
        planned_end=start + timedelta(days=5),
        status=status,
    )


def _objective(ws: Workspace, organisation_id: int, title: str = "More staff abroad") -> int:
    return roadmap.save_objective(ws, None, roadmap.ObjectiveForm(organisation_id, title)).value


def _indicator(ws: Workspace, objective_id: int, source: IndicatorSource, unit: str, target: int) -> int:
    form = roadmap.IndicatorForm(objective_id, source.value, source.value, unit, 2026, 0, target)
    return roadmap.save_indicator(ws, None, form).value


def test_indicators_compute_themselves_from_the_data(workspace: Workspace) -> None:
    sample, _learner = _sample(workspace)
    objective = _objective(workspace, sample.school_id)
    # two staff of three have a language training, one of them twice; a third training is not about languages
    for who, competences in (
        (sample.greek_id, "English B2, language"),
        (sample.greek_id, "Language certificate C1"),
        (sample.portuguese_id, "Languages: Finnish A1"),
        (sample.german_id, "project management"),
    ):
        team.save_training(
            workspace,
            None,
            team.TrainingForm(who, "Course", date(2026, 2, 1), date(2026, 2, 5), "Provider", 20, competences),
        )
    programmes.save_opportunity(
        workspace,
        None,
        programmes.OpportunityForm(sample.school_id, "KA121 2026", date(2026, 2, 19), status="submitted"),
        today=date(2026, 1, 5),
    )
    programmes.save_opportunity(
        workspace,
        None,
        programmes.OpportunityForm(sample.school_id, "eTwinning idea", date(2026, 9, 1), "etwinning"),
        today=date(2026, 1, 5),
    )
    _indicator(workspace, objective, IndicatorSource.STAFF_MOBILITIES, "count", 10)
    _indicator(workspace, objective, IndicatorSource.LEARNERS_ABROAD, "people", 4)
    _indicator(workspace, objective, IndicatorSource.LANGUAGE_CERTIFICATES, "percent", 80)
    _indicator(workspace, objective, IndicatorSource.CALLS_PUBLISHED, "count", 2)
    _indicator(workspace, objective, IndicatorSource.EU_APPLICATIONS, "count", 2)
    roadmap.save_indicator(
        workspace,
        None,
        roadmap.IndicatorForm(
            objective, "Newsletter readers", "manual", "people", None, 100, 300, 200, TODAY
        ),
    )
    loaded = roadmap.load_roadmap(workspace, sample.school_id, TODAY)
    found = {i.name: i for i in loaded.objectives[0].indicators}
    # by hand: the factory's three staff mobilities start in 2026
    # (the cancelled one and the Finn's do not count)
    assert found["staff_mobilities"].actual == 3
    assert "3 outgoing staff mobilities" in found["staff_mobilities"].derivation.render()
    assert found["learners_abroad"].actual == 1  # one learner, two mobilities
    # 3 staff employed by the school (the learner is not staff), 2 with a language competence: 66 %
    assert found["language_certificates"].actual == 66
    assert "2 of 3 staff" in found["language_certificates"].derivation.render()
    assert found["calls_published"].actual == 1
    assert found["eu_applications"].actual == 1
    manual = found["Newsletter readers"]
    assert manual.actual == 200 and manual.progress == 50
    assert "2026-06-01" in manual.derivation.render()
    assert found["staff_mobilities"].progress == 30


def test_bad_indicators_actions_and_deadlines_are_refused_and_nothing_is_saved(workspace: Workspace) -> None:
    sample = build_sample(workspace, TODAY)
    objective = _objective(workspace, sample.school_id)
    with pytest.raises(ValidationError) as zero:
        roadmap.save_indicator(workspace, None, roadmap.IndicatorForm(objective, "Manual", target=0))
    assert zero.value.fields() == {"target"}
    assert "target cannot be zero" in zero.value.problems[0].render()
    with pytest.raises(ValidationError) as unit:
        roadmap.save_indicator(
            workspace,
            None,
            roadmap.IndicatorForm(objective, "Share", "language_certificates", "count", 2026, 0, 50),
        )
    assert unit.value.fields() == {"unit"}
    assert "'count' does not match" in str(unit.value)
    with pytest.raises(ValidationError) as due:
        roadmap.save_action(
            workspace, None, roadmap.ActionForm(objective, "Train staff", date(2026, 5, 1), date(2026, 4, 1))
        )
    assert due.value.fields() == {"due_on"}
    with pytest.raises(ValidationError) as past:
        programmes.save_opportunity(
            workspace,
            None,
            programmes.OpportunityForm(sample.school_id, "Late", date(2026, 5, 1)),
            today=TODAY,
        )
    assert past.value.fields() == {"deadline"} and "already passed" in str(past.value)
    with workspace.read_session() as s:
        assert s.exec(select(RoadmapIndicator)).all() == []
        assert s.exec(select(RoadmapAction)).all() == []
    # an existing opportunity keeps a past deadline when edited (it is history, not a new entry)
    made = programmes.save_opportunity(
        workspace, None, programmes.OpportunityForm(sample.school_id, "KA2", date(2026, 7, 1)), today=TODAY
    ).value
    programmes.save_opportunity(
        workspace,
        made,
        programmes.OpportunityForm(sample.school_id, "KA2", date(2026, 7, 1), status="rejected"),
        today=date(2026, 8, 1),
    )


def test_calendar_has_one_event_per_date_with_stable_ids(workspace: Workspace, tmp_path: Path) -> None:
    sample = build_sample(workspace, TODAY)
    programmes.save_opportunity(
        workspace,
        None,
        programmes.OpportunityForm(
            sample.school_id, "KA121 call", date(2026, 10, 1), project_id=sample.project_id
        ),
        today=TODAY,
    )
    programmes.save_opportunity(
        workspace,
        None,
        programmes.OpportunityForm(sample.school_id, "eTwinning", date(2026, 11, 1)),
        today=TODAY,
    )
    programmes.save_deadline(
        workspace,
        None,
        programmes.DeadlineForm("Final report", date(2027, 4, 30), project_id=sample.project_id),
    )
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    assert export_calendar(workspace, first) == 6  # 2 deadlines + 1 report date + 3 departures
    assert export_calendar(workspace, second) == 6
    events = [Calendar.from_ical(p.read_bytes()).walk("VEVENT") for p in (first, second)]
    uids = [sorted(str(e["UID"]) for e in batch) for batch in events]
    assert uids[0] == uids[1] and len(set(uids[0])) == 6
    kinds = sorted(u.split("-")[0] for u in uids[0])
    assert kinds == ["deadline", "departure", "departure", "departure", "opportunity", "opportunity"]
    by_uid = {str(e["UID"]): e for e in events[0]}
    assert by_uid["opportunity-1@intervet-desktop.local"].decoded("DTSTART") == date(2026, 10, 1)
    summaries = sorted(str(e["SUMMARY"]) for e in events[0])
    assert "Deadline: KA121 call" in summaries and "Final report" in summaries
    assert any(s.startswith("Departure: Γεώργιος Παπαδόπουλος") for s in summaries)
    # only the project's dates: the eTwinning idea has no project
    assert len(calendar_entries(workspace, sample.project_id)) == 5


def test_dissemination_totals_and_workbook(workspace: Workspace, tmp_path: Path) -> None:
    sample = build_sample(workspace, TODAY)
    for kind, staff, learners, stakeholders, public in (
        ("workshop", 12, 30, 3, 0),
        ("multiplier_event", 40, 0, 15, 20),
        ("newsletter", 0, 0, 0, 500),
    ):
        dissemination.save_event(
            workspace,
            None,
            dissemination.EventForm(
                sample.project_id,
                f"{kind} in Θεσσαλονίκη",
                TODAY,
                kind,
                sample.school_id,
                "teachers",
                staff,
                learners,
                stakeholders,
                public,
                "Tredu",
            ),
        )
    with pytest.raises(ValidationError) as bad:
        dissemination.save_event(
            workspace, None, dissemination.EventForm(sample.project_id, "x", TODAY, "workshop", staff=-1)
        )
    assert bad.value.fields() == {"staff"}
    totals = dissemination.project_totals(workspace, sample.project_id)
    assert totals.events == 3 and totals.total_participants == 620
    assert totals.participants == {"staff": 52, "learners": 30, "stakeholders": 18, "public": 520}
    assert totals.by_kind["multiplier_event"] == 1 and totals.by_kind["conference"] == 0
    target = tmp_path / "dissemination.xlsx"
    db = workspace.path
    workspace.close()
    assert main(["--db", str(db), "export", "dissemination", "--project", CODE, "-o", str(target)]) == 0
    book = load_workbook(target)
    rows = [r for r in book["Events"].iter_rows(values_only=True) if len(r) == 12 and isinstance(r[5], int)]
    assert sorted(r[1] for r in rows) == ["Multiplier event", "Newsletter", "Workshop"]
    assert sum(r[9] for r in rows) == 620
    assert {r[2] for r in rows} >= {"workshop in Θεσσαλονίκη"}
    totals_rows = {r[0]: r[1] for r in book["Totals"].iter_rows(values_only=True) if len(r) > 1 and r[0]}
    assert totals_rows["Participants: all"] == 620 and totals_rows["Events: Multiplier event"] == 1


def test_roadmap_pdf_text_and_command(
    workspace: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = build_sample(workspace, TODAY)
    objective = _objective(workspace, sample.school_id, "Staff trained in internationalisation & <languages>")
    _indicator(workspace, objective, IndicatorSource.STAFF_MOBILITIES, "count", 6)
    roadmap.save_action(
        workspace,
        None,
        roadmap.ActionForm(
            objective,
            "Job shadowing in Faro",
            date(2026, 1, 1),
            date(2026, 3, 1),
            "in_progress",
            owner_id=sample.german_id,
        ),
    )
    target = tmp_path / "roadmap.pdf"
    assert export_roadmap(workspace, sample.school_id, target, TODAY) == 1
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Internationalisation roadmap" in text and "1ο ΕΠΑΛ Θεσσαλονίκης" in text
    assert "Staff trained in internationalisation & <languages>" in text
    assert "3 outgoing staff mobilities" in text and "50 %" in text
    assert "Job shadowing in Faro" in text and "OVERDUE" in text and "Jürgen Müller" in text
    db = workspace.path
    workspace.close()
    cli_target = tmp_path / "cli.pdf"
    assert (
        main(["--db", str(db), "export", "roadmap", "--organisation", "1ο ΕΠΑΛ", "-o", str(cli_target)]) == 0
    )
    assert "1 objectives" in capsys.readouterr().out and cli_target.exists()
    assert (
        main(["--db", str(db), "export", "roadmap", "--organisation", "Nowhere", "-o", str(cli_target)]) == 1
    )
    assert "No organisation" in capsys.readouterr().err
    assert main(["--db", str(db), "export", "calendar", "-o", str(tmp_path / "c.txt")]) == 1
    assert (
        main(["--db", str(db), "export", "calendar", "--project", CODE, "-o", str(tmp_path / "c.ics")]) == 0
    )


def test_merges_move_office_records(workspace: Workspace) -> None:
    sample = build_sample(workspace, TODAY)
    with workspace.session() as s:
        twin_org = org("1o EPAL Thessalonikis", "GR", "Thessaloniki", kind="vet_school")
        s.add(twin_org)
        s.flush()
        twin = person("Georgios", "Papadopoulos", twin_org.id, role="teacher")
        s.add(twin)
        s.flush()
        assert twin_org.id and twin.id
        twin_org_id, twin_id = twin_org.id, twin.id
    objective = _objective(workspace, twin_org_id)
    roadmap.save_action(
        workspace,
        None,
        roadmap.ActionForm(
            objective, "Open the office", date(2026, 1, 1), date(2026, 2, 1), owner_id=twin_id
        ),
    )
    team.save_member(workspace, None, team.MemberForm(twin_org_id, twin_id, "coordinator", 10))
    team.save_training(workspace, None, team.TrainingForm(twin_id, "OLS", date(2026, 1, 1), date(2026, 1, 2)))
    expert = network.save_contact(
        workspace, None, network.ContactForm("Müller", "Anna", organisation_id=twin_org_id, person_id=twin_id)
    ).value
    merge_people(workspace, sample.greek_id, twin_id)
    merge_organisations(workspace, sample.school_id, twin_org_id)
    with workspace.read_session() as s:
        assert s.exec(select(RoadmapObjective.organisation_id)).all() == [sample.school_id]
        assert s.exec(select(RoadmapAction.owner_id)).all() == [sample.greek_id]
        member = s.exec(select(OfficeMember)).one()
        assert (member.organisation_id, member.person_id) == (sample.school_id, sample.greek_id)
        assert s.exec(select(StaffTraining.person_id)).all() == [sample.greek_id]
    detail = network.get_contact(workspace, expert)
    assert (detail.organisation_id, detail.person_id) == (sample.school_id, sample.greek_id)


def test_network_search_and_meetings(workspace: Workspace) -> None:
    from intervet_desktop.services.listing import ListFilter, ListReader

    sample = build_sample(workspace, TODAY)
    anna = network.save_contact(
        workspace,
        None,
        network.ContactForm(
            "Müller", "Anna", "expert", sample.host_fi_id, None, "DE", "KA2 writing; Quality", "de, en"
        ),
    ).value
    network.save_contact(
        workspace, None, network.ContactForm("Ruiz", "Ana", "peer", None, None, "ES", "mobility")
    )
    reader = ListReader(workspace, network.NETWORK)
    assert reader.count(ListFilter("muller ka2")) == 1
    assert reader.count(ListFilter("", {"kind": "peer"})) == 1
    page = reader.page(ListFilter("tampereen"), None, 0, 10)
    assert [row[0] for row in page] == [anna]
    network.save_meeting(workspace, None, network.MeetingForm(anna, date(2026, 3, 3), "call", "KA2 idea"))
    assert [m.subject for m in network.meetings_of(workspace, anna)] == ["KA2 idea"]
    with pytest.raises(ValidationError):
        network.save_contact(workspace, None, network.ContactForm("X", country="ZZ"))
    network.delete_contact(workspace, anna)
    assert network.meetings_of(workspace, anna) == []


def test_office_deadlines_fold_into_the_register(workspace: Workspace) -> None:
    sample = build_sample(workspace, TODAY)
    made = programmes.save_deadline(
        workspace,
        None,
        programmes.DeadlineForm("Interim report", TODAY + timedelta(days=20), project_id=sample.project_id),
    ).value
    programmes.save_opportunity(
        workspace,
        None,
        programmes.OpportunityForm(sample.school_id, "KA210", TODAY + timedelta(days=5), "ka2"),
        today=TODAY,
    )
    soon = programmes.upcoming_deadlines(workspace, TODAY)
    assert [(u.title, u.what) for u in soon] == [("KA210", "opportunity"), ("Interim report", "deadline")]
    programmes.delete_deadline(workspace, made)
    with workspace.read_session() as s:
        assert s.exec(select(OfficeDeadline).where(col(OfficeDeadline.id) == made)).first() is None
