"""A call through every phase (core.call_phases) against a real database: guards with their
reasons, history rows, two appeals (one upheld, one rejected) that select nobody for good, the
final list that stays final, a re-score after it that shows who would change and never demotes a
person with a mobility unless the officer decides."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from intervet_desktop.core.call_phases import CallState, check_step
from intervet_desktop.core.enums import CallStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.selection import Slot
from intervet_desktop.db.models import Application, Score
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls
from intervet_desktop.services.applications.reopen import Rescore, preview_rescore, rescore_after_final
from tests.factories import Sample, build_sample, person


def _setup(
    ws: Workspace, *, deadline: date = date(2026, 3, 11)
) -> tuple[Sample, calls.CallDetail, list[int]]:
    sample = build_sample(ws)
    form = calls.CallForm(
        project_id=sample.project_id,
        title="Job shadowing 2027",
        activity_type="SM-JOB-SHDW",
        opens_on=date(2026, 1, 10),
        deadline=date(2026, 2, 10),
        places_total=2,
        with_appeals=True,
        provisional_published_on=date(2026, 3, 1),
        appeal_deadline=deadline,
        criteria=[calls.CriterionForm("Motivation", 1, 10)],
        evaluators=["Eleni"],
    )
    call = calls.create_call(ws, form).value
    with ws.session() as s:
        people = [person(f"Anna{i}", f"Zisi{i}", sample.school_id, email=f"a{i}@x.gr") for i in range(4)]
        s.add_all(people)
        s.flush()
        ids = [p.id or 0 for p in people]
    host = Slot(country="PT", host_id=sample.host_pt_id)
    app_ids = []
    for i, pid in enumerate(ids):
        form_a = apps.ApplicationForm(
            call_id=call.id,
            person_id=pid,
            submitted_at=datetime(2026, 2, 1, 9, i, tzinfo=UTC),
            preferred_start=date(2027, 1, 11),
            preferred_end=date(2027, 1, 20),
            preferences=[host],
        )
        app_ids.append(apps.enter_application(ws, form_a).value.id)
    return sample, call, app_ids


def _score(ws: Workspace, call: calls.CallDetail, app_id: int, points: int) -> None:
    apps.set_score(ws, app_id, call.criteria[0].id, call.evaluators[0].id, points)


def _status(ws: Workspace, app_id: int) -> str:
    return apps.get_application(ws, app_id).status


def _refused(code: str, action: object) -> None:
    with pytest.raises(ValidationError) as caught:
        action()  # type: ignore[operator]
    assert caught.value.problems[0].message.code == code


def test_a_call_through_every_phase_with_two_appeals_and_a_rescore(workspace: Workspace) -> None:
    ws = workspace
    _sample, call, (a1, a2, a3, a4) = _setup(ws)
    cid = call.id
    _refused("call_step_not_allowed", lambda: calls.set_call_status(ws, cid, "published"))
    _refused("unknown_choice", lambda: calls.set_call_status(ws, cid, "finished"))
    calls.set_call_status(ws, cid, "open")
    _refused("call_step_reason", lambda: calls.set_call_status(ws, cid, "draft"))
    calls.set_call_status(ws, cid, "closed")
    for app_id, points in ((a1, 900), (a2, 800), (a3, 700), (a4, 600)):
        _score(ws, call, app_id, points)
    apps.rank_call(ws, cid)
    assert calls.get_call(ws, cid).status == "evaluated"
    # a call with appeals cannot skip the provisional list
    _refused("call_step_needs_appeals", lambda: calls.set_call_status(ws, cid, "published"))
    steps = {s.status.value: s.refusal for s in calls.call_steps(ws, cid)}
    assert steps["provisional"] is None and steps["published"] is not None
    apps.publish(ws, cid, final=False)
    assert [_status(ws, a) for a in (a1, a2, a3)] == [
        "provisionally_selected",
        "provisionally_selected",
        "reserve",
    ]
    # outside the window, or in the future: refused
    _refused("call_appeal_outside_window", lambda: apps.appeal(ws, a3, "late", date(2026, 3, 20)))
    # scores of people without an appeal do not change while the provisional list is out
    _refused("call_scoring_provisional", lambda: _score(ws, call, a1, 100))
    apps.appeal(ws, a3, "my certificate was not counted", date(2026, 3, 5))
    apps.appeal(ws, a4, "I disagree", date(2026, 3, 6))
    crit, ev = call.criteria[0].id, call.evaluators[0].id
    ranking = apps.decide_appeal(ws, a3, True, "certificate accepted", [(crit, ev, 850)]).value
    by_id = {r.application_id: r for r in ranking.rows}
    # a3 overtakes a2 but nobody is "selected" before the final list
    assert by_id[a3].status == "provisionally_selected" and by_id[a2].status == "reserve"
    assert by_id[a1].status == "provisionally_selected" and by_id[a4].status == "appealed"
    _refused("call_step_appeals_open", lambda: calls.set_call_status(ws, cid, "published"))
    apps.decide_appeal(ws, a4, False, "the grid was applied correctly")
    assert _status(ws, a4) == "reserve"
    with ws.read_session() as s:  # only the appellant's score changed
        points = {sc.application_id: sc.points_hundredths for sc in s.exec(select(Score)).all()}
    assert points == {a1: 900, a2: 800, a3: 850, a4: 600}
    calls.set_call_status(ws, cid, "published")
    assert [_status(ws, a) for a in (a1, a2, a3, a4)] == ["selected", "reserve", "selected", "reserve"]
    # the final list is locked
    _refused("call_final_locked", lambda: _score(ws, call, a2, 1000))
    _refused("call_final_locked", lambda: apps.rank_call(ws, cid))
    mobility_id = apps.convert_to_mobility(ws, a3).value
    assert mobility_id
    # a re-score that would take a3's place: shown first, nothing saved
    lift = [Rescore(a2, crit, ev, 1000)]
    _refused("app_reason_required", lambda: preview_rescore(ws, cid, lift, " "))
    changes = preview_rescore(ws, cid, lift, "evaluator's typing error")
    assert {(c.number, c.old_status, c.new_status) for c in changes} == {
        (apps.get_application(ws, a2).number, "reserve", "selected"),
        (apps.get_application(ws, a3).number, "selected", "reserve"),
    }
    assert [c.mobility_id for c in changes if c.demotes_mobility] == [mobility_id]
    assert _status(ws, a2) == "reserve"  # the preview saved nothing
    _refused("call_reopen_demotes_mobility", lambda: rescore_after_final(ws, cid, lift, "typing error"))
    assert _status(ws, a3) == "selected" and _status(ws, a2) == "reserve"
    # the officer decides: a3 keeps the place they already travel on
    done = rescore_after_final(ws, cid, lift, "typing error", keep=frozenset({a3})).value
    assert {c.number for c in done} == {apps.get_application(ws, a2).number}
    assert [_status(ws, a) for a in (a1, a2, a3)] == ["selected", "selected", "selected"]
    assert calls.get_call(ws, cid).status == "published"
    calls.set_call_status(ws, cid, "archived")
    history = [(e.old_status, e.new_status) for e in calls.call_history(ws, cid)]
    assert history == [
        ("draft", "open"),
        ("open", "closed"),
        ("closed", "evaluated"),
        ("evaluated", "provisional"),
        ("provisional", "published"),
        ("published", "published"),
        ("published", "archived"),
    ]
    assert "typing error" in calls.call_history(ws, cid)[-2].reason


def test_rescore_after_final_can_demote_when_the_officer_decides(workspace: Workspace) -> None:
    ws = workspace
    _sample, call, (a1, a2, a3, a4) = _setup(ws)
    for app_id, points in ((a1, 900), (a2, 800), (a3, 700), (a4, 600)):
        _score(ws, call, app_id, points)
    apps.rank_call(ws, call.id)
    apps.publish(ws, call.id, final=False)
    apps.publish(ws, call.id, final=True)  # window closed (March), no appeals
    apps.convert_to_mobility(ws, a2)
    lift = [Rescore(a3, call.criteria[0].id, call.evaluators[0].id, 1000)]
    rescore_after_final(ws, call.id, lift, "re-check", demote=frozenset({a2}))
    assert _status(ws, a2) == "reserve" and _status(ws, a3) == "selected"


def test_final_list_waits_for_the_appeal_window(workspace: Workspace) -> None:
    ws = workspace
    today = date.today()
    _sample, call, (a1, *_rest) = _setup(ws, deadline=today + timedelta(days=5))
    calls.update_call(ws, call.id, _with_window(ws, call.id, today))
    _score(ws, call, a1, 500)
    apps.rank_call(ws, call.id)
    apps.publish(ws, call.id, final=False)
    _refused("call_step_window_open", lambda: apps.publish(ws, call.id, final=True))
    _refused("date_in_future", lambda: apps.appeal(ws, a1, "x", today + timedelta(days=1)))
    apps.appeal(ws, a1, "within the window")
    assert _status(ws, a1) == "appealed"


def _with_window(ws: Workspace, call_id: int, today: date) -> calls.CallForm:
    form = calls.form_of(calls.get_call(ws, call_id))
    form.provisional_published_on = today - timedelta(days=1)
    return form


def test_quota_above_places_and_evaluator_who_applied(workspace: Workspace) -> None:
    ws = workspace
    sample, call, (a1, *_rest) = _setup(ws)
    form = calls.form_of(call)
    form.quotas = [calls.QuotaForm(3, country="PT")]
    with pytest.raises(ValidationError) as caught:
        calls.update_call(ws, call.id, form)
    assert caught.value.problems[0].message.code == "call_quota_above_places"
    with ws.read_session() as s:
        applicant = s.get(Application, a1)
        assert applicant is not None
        person_id = applicant.person_id
    evaluator = call.evaluators[0].id
    _refused("call_evaluator_applied", lambda: calls.link_evaluator(ws, evaluator, person_id))
    # linked before the person applied: they still cannot score their own application
    with ws.session() as s:
        other = person("Eleni", "Evaluator", sample.school_id, email="e@x.gr")
        s.add(other)
        s.flush()
        other_id = other.id or 0
    calls.link_evaluator(ws, evaluator, other_id)
    assert calls.get_call(ws, call.id).evaluators[0].person_id == other_id
    own = apps.enter_application(
        ws,
        apps.ApplicationForm(
            call_id=call.id, person_id=other_id, submitted_at=datetime(2026, 2, 2, tzinfo=UTC)
        ),
    ).value.id
    _refused("app_own_application", lambda: _score(ws, call, own, 500))


def test_the_table_in_core() -> None:
    state = CallState(CallStatus.DRAFT, False, 0, False, None, None, 0)
    assert check_step(state, CallStatus.OPEN, date(2026, 1, 1)).code == "call_step_no_places"  # type: ignore[union-attr]
    evaluated = CallState(CallStatus.EVALUATED, False, 2, True, None, None, 0)
    assert check_step(evaluated, CallStatus.PUBLISHED, date(2026, 1, 1)) is None
    assert check_step(evaluated, CallStatus.PROVISIONAL, date(2026, 1, 1)).code == "call_step_no_appeals"  # type: ignore[union-attr]


def test_the_command_line_walks_the_phases(
    workspace: Workspace, db_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    from intervet_desktop.cli.main import main

    ws = workspace
    _sample, call, (a1, a2, a3, a4) = _setup(ws)
    for app_id, points in ((a1, 900), (a2, 800), (a3, 700), (a4, 600)):
        _score(ws, call, app_id, points)
    numbers = [apps.get_application(ws, a).number for a in (a1, a2, a3, a4)]
    ws.close()
    db = ["--db", str(db_path), "calls"]
    cid = str(call.id)
    assert main([*db, "status", cid, "published"]) == 1
    assert "cannot go to 'published'" in capsys.readouterr().err
    assert main([*db, "status", cid, "open"]) == 0
    assert main([*db, "status", cid, "closed"]) == 0
    assert main([*db, "rank", cid]) == 0
    assert main([*db, "status", cid, "provisional"]) == 0
    assert main([*db, "appeal", cid, numbers[2], "--reason", "certificate", "--lodged-on", "2026-03-04"]) == 0
    assert main([*db, "appeal", cid, numbers[3], "--reason", "late", "--lodged-on", "2026-04-01"]) == 1
    assert "Appeals are accepted from" in capsys.readouterr().err
    assert main([*db, "decide", cid, numbers[2], "--rejected", "--reason", "grid applied"]) == 0
    assert main([*db, "status", cid, "published"]) == 0
    assert main([*db, "evaluator", cid, "Eleni", "--person", "1"]) == 0
    capsys.readouterr()
    assert main([*db, "rescore", cid, numbers[2], "Motivation", "Eleni", "10", "--reason", "typo"]) == 0
    shown = capsys.readouterr().out
    assert numbers[1] in shown and numbers[2] in shown and "Nothing saved" in shown
    assert (
        main([*db, "rescore", cid, numbers[2], "Motivation", "Eleni", "10", "--reason", "typo", "--apply"])
        == 0
    )
    assert main([*db, "status", cid, "archived"]) == 0
    capsys.readouterr()
    assert main([*db, "history", cid]) == 0
    history = capsys.readouterr().out
    assert "archived" in history and "typo" in history


def test_mobility_status_follows_the_calendar(workspace: Workspace) -> None:
    """Ongoing from its start, completed after its end (issue 16): refused otherwise, nothing saved."""
    from intervet_desktop.services import mobilities
    from tests.db.test_mobility_services import form

    sample = build_sample(workspace)
    created = mobilities.create_mobility(workspace, form(sample)).value  # 2026-03-02 to 2026-03-13
    for status, on in (("agreement_sent", date(2026, 2, 1)), ("agreement_signed", date(2026, 2, 10))):
        mobilities.advance_status(workspace, created.id, status, on)
    _refused(
        "mobility_status_before_start",
        lambda: mobilities.advance_status(workspace, created.id, "ongoing", date(2026, 3, 1)),
    )
    mobilities.advance_status(workspace, created.id, "ongoing", date(2026, 3, 2))
    _refused(
        "mobility_status_before_end",
        lambda: mobilities.advance_status(workspace, created.id, "completed", date(2026, 3, 13)),
    )
    done = mobilities.advance_status(workspace, created.id, "completed", date(2026, 3, 14)).value
    assert done.status == "completed"
