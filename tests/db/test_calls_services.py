"""Calls and applications services against a real database: validation, eligibility, scores,
conflicts, ranking with history, appeals, withdrawal and promotion, conversion to a mobility."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.selection import Slot
from intervet_desktop.db.models import Application, ApplicationEvent, Mobility, ProjectPartner, Score
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls
from tests.factories import Sample, build_sample, person


def _call(ws: Workspace, sample: Sample, **kw: object) -> calls.CallDetail:
    form = calls.CallForm(
        project_id=sample.project_id,
        title="Teaching assignments 2027",
        activity_type="SM-TTA",
        opens_on=date(2026, 1, 10),
        deadline=date(2026, 2, 10),
        places_total=2,
        evaluators=["Eleni", "Nikos", "Maria"],
    )
    for key, value in kw.items():
        setattr(form, key, value)
    return calls.create_call(ws, form).value


def _people(ws: Workspace, sample: Sample, n: int) -> list[int]:
    with ws.session() as s:
        rows = [person(f"Άννα{i}", f"Ζήση{i}", sample.school_id, email=f"p{i}@x.gr") for i in range(n)]
        s.add_all(rows)
        s.flush()
        return [r.id or 0 for r in rows]


def _apply(ws: Workspace, call_id: int, person_id: int, minute: int = 0, **kw: object) -> int:
    form = apps.ApplicationForm(
        call_id=call_id,
        person_id=person_id,
        submitted_at=datetime(2026, 2, 1, 9, minute, tzinfo=UTC),
        preferred_start=date(2027, 3, 1),
        preferred_end=date(2027, 3, 10),
    )
    for key, value in kw.items():
        setattr(form, key, value)
    return apps.enter_application(ws, form).value.id


def _score_all(ws: Workspace, call: calls.CallDetail, app_id: int, points: int) -> None:
    for c in call.criteria:
        for e in call.evaluators:
            apps.set_score(ws, app_id, c.id, e.id, min(points, c.max_points * 100))


def test_call_validation(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    with pytest.raises(ValidationError) as err:
        _call(workspace, sample, deadline=date(2026, 1, 1), places_total=-1, tie_breakers="lottery")
    assert {"deadline", "places_total", "tie_breakers"} <= err.value.fields()
    with pytest.raises(ValidationError) as err:
        _call(workspace, sample, criteria=[calls.CriterionForm("Motivation", weight=0)])
    assert err.value.fields() == {"criteria"}
    with pytest.raises(ValidationError) as err:
        _call(workspace, sample, with_appeals=True)
    assert err.value.fields() == {"appeal_deadline"}
    detail = _call(workspace, sample)
    assert [c.name for c in detail.criteria][0] == "Motivation"
    assert [c.sensitive for c in detail.criteria] == [False, False, False, False, True]
    assert calls.find_call(workspace, "teaching assignments 2027") == detail.id
    assert calls.list_calls(workspace)[0].title


def test_late_application_needs_a_reason(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample)
    late = datetime(2026, 2, 11, 8, 0, tzinfo=UTC)
    with pytest.raises(ValidationError) as err:
        _apply(workspace, call.id, sample.greek_id, submitted_at=late)
    assert err.value.fields() == {"late_reason"}
    with workspace.read_session() as s:
        assert s.exec(select(Application).where(Application.call_id == call.id)).all() == []
    app_id = _apply(workspace, call.id, sample.greek_id, submitted_at=late, late_reason="post office strike")
    detail = apps.get_application(workspace, app_id)
    assert detail.status == "eligible"
    assert detail.eligibility_reason == "late, accepted: post office strike"
    assert [e.kind for e in detail.history] == ["created", "eligibility"]


def test_eligibility_reasons(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample)
    with workspace.session() as s:
        outsider = person("Ana", "Silva", sample.host_pt_id, email="ana@x.pt")
        s.add(outsider)
        s.flush()
        outsider_id = outsider.id or 0
    first = _apply(workspace, call.id, outsider_id)
    detail = apps.get_application(workspace, first)
    assert detail.status == "ineligible"
    assert detail.eligibility_reason == "not employed by a sending school of the project"
    # the host becomes a project partner: eligible on re-check
    with workspace.session() as s:
        s.add(ProjectPartner(project_id=sample.project_id, organisation_id=sample.host_pt_id, role="partner"))
    assert apps.recheck_eligibility(workspace, call.id).value == 1
    assert apps.get_application(workspace, first).status == "eligible"
    # the German manager has a planned mobility: overlapping dates are refused with the reason
    with workspace.read_session() as s:
        m = s.exec(select(Mobility).where(Mobility.person_id == sample.german_id)).one()
    second = _apply(
        workspace, call.id, sample.german_id, preferred_start=m.planned_start, preferred_end=m.planned_end
    )
    reason = apps.get_application(workspace, second).eligibility_reason or ""
    assert reason.startswith(f"another mobility overlaps those dates (#{m.id}")


def test_scores_outside_range_refused_and_db_unchanged(workspace: Workspace, db_path: object) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample)
    app_id = _apply(workspace, call.id, sample.greek_id)
    motivation, evaluator = call.criteria[0], call.evaluators[0]
    apps.set_score(workspace, app_id, motivation.id, evaluator.id, 750)
    for bad in (-1, 1001):
        with pytest.raises(ValidationError) as err:
            apps.set_score(workspace, app_id, motivation.id, evaluator.id, bad)
        assert "outside 0..10" in str(err.value)
    with workspace.read_session() as s:
        scores = s.exec(select(Score).where(Score.application_id == app_id)).all()
    assert [x.points_hundredths for x in scores] == [750]
    history = apps.get_application(workspace, app_id).history
    assert [(e.kind, e.old_value, e.new_value) for e in history if e.kind == "score"] == [
        ("score", None, "7.50")
    ]
    assert all(e.user for e in history)


def test_conflict_of_interest_excludes_evaluator(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample, criteria=[calls.CriterionForm("Motivation", 2, 10)])
    app_id = _apply(workspace, call.id, sample.greek_id)
    crit = call.criteria[0].id
    e1, e2, e3 = (e.id for e in call.evaluators)
    apps.set_score(workspace, app_id, crit, e1, 900)
    apps.set_score(workspace, app_id, crit, e2, 600)
    apps.set_score(workspace, app_id, crit, e3, 100)
    apps.declare_conflict(workspace, app_id, e3, "colleague in the same department")
    with pytest.raises(ValidationError):
        apps.set_score(workspace, app_id, crit, e3, 500)
    ranking = apps.rank_call(workspace, call.id).value
    row = next(r for r in ranking.rows if r.application_id == app_id)
    assert row.total_hundredths == 2 * 750
    kinds = [e.kind for e in apps.get_application(workspace, app_id).history]
    assert "conflict" in kinds and "status" in kinds


def test_rank_select_withdraw_promote_and_history(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample, places_total=2, quotas=[calls.QuotaForm(1, country="PT")])
    ids = _people(workspace, sample, 4)
    pt, fi = Slot(country="PT"), Slot(country="FI")
    a1 = _apply(workspace, call.id, ids[0], 1, preferences=[pt])
    # a2 names its host (a mobility needs a receiving organisation) and dates in the project's period
    pt_host = Slot(country="PT", host_id=sample.host_pt_id)
    dates = {"preferred_start": date(2027, 1, 11), "preferred_end": date(2027, 1, 20)}
    a2 = _apply(workspace, call.id, ids[1], 2, preferences=[pt_host], **dates)
    a3 = _apply(workspace, call.id, ids[2], 3, preferences=[fi])
    a4 = _apply(workspace, call.id, ids[3], 4, preferences=[fi], first_time=True)
    for app_id, points in ((a1, 900), (a2, 800), (a3, 700), (a4, 700)):
        _score_all(workspace, call, app_id, points)
    ranking = apps.rank_call(workspace, call.id).value
    by_id = {r.application_id: r for r in ranking.rows}
    assert by_id[a1].status == "selected" and by_id[a1].rank == 1
    assert by_id[a2].status == "reserve" and "quota for PT full" in by_id[a2].reason
    assert by_id[a4].status == "selected" and by_id[a4].rank == 3  # first-time beats a3 on equal total
    assert "first-time participant first" in by_id[a3].reason
    # re-ranking without changes writes no new history
    before = _count_events(workspace)
    apps.rank_call(workspace, call.id)
    assert _count_events(workspace) == before
    # a1 withdraws: the PT place goes to a2 (reserve 1, PT)
    result = apps.withdraw(workspace, a1, "family reasons").value
    assert result.promoted_id == a2
    d2 = apps.get_application(workspace, a2)
    assert d2.status == "selected"
    promoted = [e for e in d2.history if e.kind == "promoted"]
    assert promoted and "after" in promoted[0].reason and promoted[0].old_value == "reserve"
    assert apps.get_application(workspace, a1).history[-1].reason == "family reasons"
    # convert a selected application into a planned mobility
    with pytest.raises(ValidationError):
        apps.convert_to_mobility(workspace, a3)  # reserve
    mobility_id = apps.convert_to_mobility(workspace, a2).value
    with workspace.read_session() as s:
        m = s.get(Mobility, mobility_id)
        assert m is not None
        assert (m.application_id, m.destination_country, m.planned_start) == (a2, "PT", date(2027, 1, 11))
        assert m.receiving_org_id == sample.host_pt_id
        assert m.sending_org_id == sample.school_id and m.search_key
    with pytest.raises(ValidationError):
        apps.convert_to_mobility(workspace, a2)


def _count_events(ws: Workspace) -> int:
    with ws.read_session() as s:
        return len(s.exec(select(ApplicationEvent)).all())


def test_provisional_appeal_final(workspace: Workspace) -> None:
    sample = build_sample(workspace)
    call = _call(
        workspace,
        sample,
        places_total=1,
        with_appeals=True,
        provisional_published_on=date(2026, 3, 1),
        appeal_deadline=date(2026, 3, 11),
        criteria=[calls.CriterionForm("Motivation", 1, 10)],
    )
    ids = _people(workspace, sample, 2)
    a1, a2 = _apply(workspace, call.id, ids[0], 1), _apply(workspace, call.id, ids[1], 2)
    _score_all(workspace, call, a1, 800)
    _score_all(workspace, call, a2, 700)
    apps.rank_call(workspace, call.id)
    apps.publish(workspace, call.id, final=False)
    assert apps.get_application(workspace, a1).status == "provisionally_selected"
    apps.appeal(workspace, a2, "my language certificate was not counted", date(2026, 3, 5))
    with pytest.raises(ValidationError):
        apps.decide_appeal(workspace, a1, True, "x")
    crit = call.criteria[0].id
    rescores = [(crit, e.id, 900) for e in call.evaluators]
    ranking = apps.decide_appeal(workspace, a2, True, "certificate B2 accepted", rescores).value
    by_id = {r.application_id: r for r in ranking.rows}
    # until the final list an appeal's decision selects nobody for good
    assert by_id[a2].rank == 1 and by_id[a2].status == "provisionally_selected"
    assert by_id[a1].status == "reserve"
    history = apps.get_application(workspace, a2).history
    kinds = [e.kind for e in history]
    assert "appeal" in kinds and "appeal_decision" in kinds
    assert any(e.kind == "score" and e.reason.startswith("appeal:") for e in history)
    apps.publish(workspace, call.id, final=True)
    assert calls.get_call(workspace, call.id).status == "published"
    assert apps.get_application(workspace, a2).status == "selected"


def test_search_key_holds_number_and_name(workspace: Workspace, db_path: object) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample)
    app_id = _apply(workspace, call.id, sample.greek_id)
    detail = apps.get_application(workspace, app_id)
    con = sqlite3.connect(str(db_path))
    key = con.execute("select search_key from application where id = ?", (app_id,)).fetchone()[0]
    con.close()
    assert detail.number.lower() in key and "παπαδοπουλοσ" in key


def test_search_key_follows_a_rename(workspace: Workspace) -> None:
    from intervet_desktop.services import people

    sample = build_sample(workspace)
    call = _call(workspace, sample)
    app_id = _apply(workspace, call.id, sample.portuguese_id)
    from dataclasses import replace

    form = replace(people.get_person(workspace, sample.portuguese_id).form, last_name="Gonçalves Ribeiro")
    people.update_person(workspace, sample.portuguese_id, form)
    with workspace.read_session() as s:
        application = s.get(Application, app_id)
        assert application is not None
        assert application.search_key.endswith("joao goncalves ribeiro")


def test_attach_motivation_letter(workspace: Workspace, tmp_path: object) -> None:
    from pathlib import Path

    from intervet_desktop.core.errors import UnusableFileError
    from intervet_desktop.services.attachments import stored_path

    sample = build_sample(workspace)
    call = _call(workspace, sample)
    app_id = _apply(workspace, call.id, sample.greek_id)
    letter = Path(str(tmp_path)) / "Επιστολή κινήτρων.pdf"
    letter.write_bytes(b"%PDF-1.4 motivation")
    attachment_id = apps.attach_file(workspace, app_id, letter, "motivation_letter").value
    detail = apps.get_application(workspace, app_id)
    assert detail.attachments == ((attachment_id, "motivation_letter", "Επιστολή κινήτρων.pdf"),)
    assert detail.history[-1].kind == "attachment"
    import hashlib

    stored = stored_path(workspace.files_dir, hashlib.sha256(b"%PDF-1.4 motivation").hexdigest())
    assert stored.read_bytes() == b"%PDF-1.4 motivation"
    with pytest.raises(UnusableFileError):
        apps.attach_file(workspace, app_id, letter.with_name("missing.pdf"))
    with pytest.raises(ValidationError):
        apps.attach_file(workspace, app_id, letter, "photo")
