"""One transaction per user action in the selection: an appeal's decision, its re-scores and the
re-ranking commit together or not at all; converting an application creates its mobility the same
way as by hand, with the application's history, or nothing. Read back from the SQLite file."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.selection import Slot
from intervet_desktop.db.models import Application
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls, mobilities
from intervet_desktop.services.applications import ranking as ranking_module
from intervet_desktop.services.applications.conversion import mobility_form
from intervet_desktop.services.changes import Kind
from tests.db.test_calls_services import _apply, _call, _people, _score_all
from tests.factories import Sample, build_sample


def _appealed(ws: Workspace) -> tuple[calls.CallDetail, int, int]:
    sample = build_sample(ws)
    call = _call(
        ws,
        sample,
        places_total=1,
        with_appeals=True,
        provisional_published_on=date(2026, 3, 1),
        appeal_deadline=date(2026, 3, 11),
        criteria=[calls.CriterionForm("Motivation", 1, 10)],
    )
    ids = _people(ws, sample, 2)
    a1, a2 = _apply(ws, call.id, ids[0], 1), _apply(ws, call.id, ids[1], 2)
    _score_all(ws, call, a1, 800)
    _score_all(ws, call, a2, 700)
    apps.rank_call(ws, call.id)
    apps.publish(ws, call.id, final=False)
    apps.appeal(ws, a2, "my language certificate was not counted", date(2026, 3, 5))
    return call, a1, a2


def _stored(db_path: Path, application_id: int) -> tuple[str, list[int], list[str], int | None]:
    """(status, points, event kinds, rank) as the file holds them, through plain sqlite3."""
    with sqlite3.connect(db_path) as con:
        status, rank = con.execute(
            "SELECT status, rank FROM application WHERE id = ?", (application_id,)
        ).fetchone()
        points = [
            r[0]
            for r in con.execute(
                "SELECT points_hundredths FROM score WHERE application_id = ? ORDER BY id", (application_id,)
            )
        ]
        kinds = [
            r[0]
            for r in con.execute(
                "SELECT kind FROM application_event WHERE application_id = ? ORDER BY id", (application_id,)
            )
        ]
    return status, points, kinds, rank


def test_a_failing_re_ranking_leaves_the_appeal_open_and_nothing_half_saved(
    workspace: Workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    call, a1, a2 = _appealed(workspace)
    before = _stored(db_path, a2), _stored(db_path, a1)
    assert before[0][0] == "appealed" and before[0][1] == [700, 700, 700]

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("injected failure in the re-ranking")

    monkeypatch.setattr(ranking_module, "select_places", broken)
    rescores = [(call.criteria[0].id, e.id, 900) for e in call.evaluators]
    with pytest.raises(RuntimeError, match="injected"):
        apps.decide_appeal(workspace, a2, True, "certificate B2 accepted", rescores)

    after = _stored(db_path, a2), _stored(db_path, a1)
    assert after == before  # no re-score, no decision event, no status or rank change
    assert after[0][0] == "appealed" and "appeal_decision" not in after[0][2]

    # the same decision without the failure commits everything together
    monkeypatch.undo()
    ranking = apps.decide_appeal(workspace, a2, True, "certificate B2 accepted", rescores).value
    status, points, kinds, rank = _stored(db_path, a2)
    # provisional until the final list: deciding an appeal selects nobody for good
    assert (status, points, rank) == ("provisionally_selected", [900, 900, 900], 1)
    assert kinds.count("appeal_decision") == 1 and kinds.count("score") == 6
    assert {r.application_id: r.status for r in ranking.rows} == {a1: "reserve", a2: "provisionally_selected"}


def test_a_refused_re_score_leaves_the_appeal_open(workspace: Workspace, db_path: Path) -> None:
    call, _a1, a2 = _appealed(workspace)
    before = _stored(db_path, a2)
    evaluators = [e.id for e in call.evaluators]
    crit = call.criteria[0].id
    # the first two re-scores are valid, the third is above the maximum: all are refused
    rescores = [(crit, evaluators[0], 900), (crit, evaluators[1], 900), (crit, evaluators[2], 1100)]
    with pytest.raises(ValidationError) as err:
        apps.decide_appeal(workspace, a2, True, "certificate B2 accepted", rescores)
    assert "outside 0..10" in str(err.value)
    assert _stored(db_path, a2) == before


# ---------------------------------------------------------------- conversion = creation


def _selected_application(ws: Workspace, **dates: date) -> tuple[int, Sample]:
    sample = build_sample(ws)
    call = _call(ws, sample, places_total=1, criteria=[calls.CriterionForm("Motivation", 1, 10)])
    (pid,) = _people(ws, sample, 1)
    preference = Slot(country="PT", host_id=sample.host_pt_id)
    period = {"preferred_start": date(2027, 1, 11), "preferred_end": date(2027, 1, 20)} | dates
    app_id = _apply(ws, call.id, pid, 1, preferences=[preference], **period)
    _score_all(ws, call, app_id, 800)
    apps.rank_call(ws, call.id)
    assert apps.get_application(ws, app_id).status == "selected"
    return app_id, sample


def _children(db_path: Path, mobility_id: int) -> dict[str, object]:
    """What creating a mobility writes besides its row, as plain values from the file."""
    with sqlite3.connect(db_path) as con:
        one = con.execute(
            "SELECT bm_activity_id, status, missing_evidence, grant_total_cents, grant_rate_set_id,"
            " search_key, participant_sort_key, receiving_sort_key, distance_estimate_km"
            " FROM mobility WHERE id = ?",
            (mobility_id,),
        ).fetchone()
        return {
            "mobility": one[1:],
            "bm_prefix": re.sub(r"\d+$", "", one[0]),
            "evidence": con.execute(
                "SELECT kind, done FROM evidence_item WHERE mobility_id = ? ORDER BY kind", (mobility_id,)
            ).fetchall(),
            "status_events": con.execute(
                "SELECT status, on_date, user FROM mobility_status_event WHERE mobility_id = ?",
                (mobility_id,),
            ).fetchall(),
            "audit": con.execute(
                "SELECT action, changes FROM audit_entry WHERE entity = 'mobility' AND entity_id = ?",
                (mobility_id,),
            ).fetchall(),
            "grant_lines": con.execute(
                "SELECT position, code, recipient, quantity, rate_cents, amount_cents FROM grant_line"
                " WHERE mobility_id = ? ORDER BY position",
                (mobility_id,),
            ).fetchall(),
        }


def test_conversion_creates_the_mobility_the_same_way_as_by_hand(workspace: Workspace, db_path: Path) -> None:
    app_id, _sample = _selected_application(workspace)
    with workspace.read_session() as s:
        form = mobility_form(s, s.get(Application, app_id))  # type: ignore[arg-type]
    converted = apps.convert_to_mobility(workspace, app_id)
    assert converted.changes.touches(Kind.GRANT_LINE, Kind.EVIDENCE_ITEM, Kind.APPLICATION)
    by_hand = mobilities.create_mobility(workspace, form).value.id

    a, b = _children(db_path, converted.value), _children(db_path, by_hand)
    assert a == b
    assert a["evidence"] and a["status_events"] and a["audit"] and a["grant_lines"]
    assert a["bm_prefix"] and str(a["bm_prefix"]).endswith("-M")
    with sqlite3.connect(db_path) as con:
        ids = con.execute(
            "SELECT id, application_id, bm_activity_id FROM mobility WHERE id IN (?, ?) ORDER BY id",
            (converted.value, by_hand),
        ).fetchall()
    assert [(i, link) for i, link, _ in ids] == [(converted.value, app_id), (by_hand, None)]
    assert len({bm for *_, bm in ids}) == 2  # each its own Beneficiary Module id
    history = apps.get_application(workspace, app_id).history
    assert history[-1].kind == "converted" and history[-1].new_value == f"mobility #{converted.value}"


def test_conversion_is_refused_by_the_mobility_rules_and_saves_nothing(
    workspace: Workspace, db_path: Path
) -> None:
    # dates after the project's end: the mobility editor's own refusal, nothing written
    app_id, _sample = _selected_application(
        workspace, preferred_start=date(2027, 3, 1), preferred_end=date(2027, 3, 10)
    )
    tables = ("mobility", "evidence_item", "mobility_status_event", "grant_line", "audit_entry")

    def counts() -> list[int]:
        with sqlite3.connect(db_path) as con:
            return [con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables]

    before = _stored(db_path, app_id), counts()
    with pytest.raises(ValidationError) as err:
        apps.convert_to_mobility(workspace, app_id)
    assert any(p.field == "planned_start" for p in err.value.problems)
    assert (_stored(db_path, app_id), counts()) == before


# ---------------------------------------------------------------- the command line scores too


def test_cli_score_reads_points_with_the_core_parser(
    workspace: Workspace, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = build_sample(workspace)
    call = _call(workspace, sample, criteria=[calls.CriterionForm("Motivation", 1, 10)])
    (pid,) = _people(workspace, sample, 1)
    app_id = _apply(workspace, call.id, pid, 1)
    number = apps.get_application(workspace, app_id).number
    workspace.close()

    def score(points: str) -> int:
        return main(
            ["--db", str(db_path), "calls", "score", str(call.id), number, "motivation", "Eleni", points]
        )

    def stored() -> list[int]:
        with sqlite3.connect(db_path) as con:
            return [
                r[0]
                for r in con.execute(
                    "SELECT points_hundredths FROM score WHERE application_id = ?", (app_id,)
                )
            ]

    for typed, says in (
        ("inf", "is not a number of points"),
        ("nan", "is not a number of points"),
        ("1e999", "is not a number of points"),
        ("abc", "is not a number of points"),
        ("-0", "is negative"),
        ("10.5", "outside 0..10 points"),
    ):
        assert score(typed) == 1, typed
        err = capsys.readouterr().err
        assert f"Motivation: '{typed}'" in err or f"Motivation: {typed}" in err, err
        assert says in err and "Traceback" not in err
        assert stored() == []
    assert score("7,125") == 0
    assert stored() == [713]
    assert (
        main(["--db", str(db_path), "calls", "score", str(call.id), "9-9999", "Motivation", "Eleni", "1"])
        == 1
    )
    assert "9-9999" in capsys.readouterr().err
