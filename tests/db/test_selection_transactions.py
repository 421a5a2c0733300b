"""One transaction per user action in the selection: an appeal's decision, its re-scores and the
re-ranking commit together or not at all (read back from the SQLite file itself)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import applications as apps
from intervet_desktop.services import calls
from intervet_desktop.services.applications import ranking as ranking_module
from tests.db.test_calls_services import _apply, _call, _people, _score_all
from tests.factories import build_sample


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
    apps.appeal(ws, a2, "my language certificate was not counted")
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
    assert (status, points, rank) == ("selected", [900, 900, 900], 1)
    assert kinds.count("appeal_decision") == 1 and kinds.count("score") == 6
    assert {r.application_id: r.status for r in ranking.rows} == {a1: "reserve", a2: "selected"}


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
