"""Demo learners: groups from several partner schools with accompanying teachers linked to every
learner, minors among them, consent and learning agreements in every state."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest

from intervet_desktop.services.demo.learners import learner_details_row
from intervet_desktop.services.demo.world import PersonRef
from tests.db.test_demo import _build

# larger than test_demo's 400: a demo without overlapping stays has only a handful of minors who
# have not left yet at 400 mobilities, too few to show every consent state
SIZE = 1500


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory) -> Iterator[sqlite3.Connection]:
    path = tmp_path_factory.mktemp("demo-learners") / "demo.db"
    _build(path, SIZE)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def rows(con: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    return con.execute(sql).fetchall()


def test_every_learner_mobility_has_details_and_no_staff_does(con: sqlite3.Connection) -> None:
    learners = rows(con, "SELECT id FROM mobility WHERE activity_type LIKE 'LM-%' AND NOT is_accompanying")
    details = rows(con, "SELECT mobility_id FROM learner_details")
    assert learners and {r[0] for r in learners} == {r[0] for r in details}


def test_groups_come_from_several_schools_and_are_accompanied(con: sqlite3.Connection) -> None:
    senders = rows(
        con,
        "SELECT DISTINCT m.sending_org_id FROM accompanied_learner a JOIN mobility m ON m.id = a.learner_id",
    )
    assert len(senders) >= 2
    links = rows(
        con,
        "SELECT a.accompanying_id, p.is_accompanying, l.is_accompanying, l.activity_type, p.project_id, "
        "l.project_id, p.planned_start, l.planned_start FROM accompanied_learner a "
        "JOIN mobility p ON p.id = a.accompanying_id JOIN mobility l ON l.id = a.learner_id",
    )
    assert links
    for _aid, person_acc, learner_acc, activity, pp, lp, ps, ls in links:
        assert person_acc and not learner_acc and str(activity).startswith("LM-") and pp == lp and ps == ls
    unlinked = rows(
        con,
        "SELECT id FROM mobility WHERE is_accompanying AND id NOT IN "
        "(SELECT accompanying_id FROM accompanied_learner)",
    )
    assert unlinked == []


def test_minors_consent_and_agreements_in_every_state(con: sqlite3.Connection) -> None:
    data = rows(
        con,
        "SELECT m.status, d.guardian_name, d.consent_signed_on, d.outcomes_knowledge, d.recognition, "
        "p.birth_date, m.planned_start, d.consent_attachment_id FROM learner_details d "
        "JOIN mobility m ON m.id = d.mobility_id JOIN person p ON p.id = m.person_id",
    )
    minors = [r for r in data if r[5] and str(r[5])[:4].isdigit() and _age(str(r[5]), str(r[6])) < 18]
    assert minors, "some learners are minors on the day of departure"
    adults_with_guardian = [r for r in data if r not in minors and r[1]]
    assert adults_with_guardian == []
    consent_states = {(bool(r[1]), bool(r[2]), bool(r[7])) for r in minors}
    assert consent_states >= {(False, False, False), (True, True, True)}  # the rest: see below
    agreement_states = {(bool(r[3]), bool(r[4])) for r in data}
    assert agreement_states >= {(False, False), (True, False), (True, True)}
    signed = {"agreement_signed", "ongoing", "completed", "reported"}
    for status, guardian, consent, _k, recognition, _b, _s, scan in minors:
        if status in signed:  # what the status guard requires before "agreement signed"
            assert guardian and consent and scan and recognition
    scans = rows(
        con,
        "SELECT a.owner_id, a.kind FROM learner_details d "
        "JOIN attachment a ON a.id = d.consent_attachment_id",
    )
    assert scans and all(kind == "parental_consent" for _o, kind in scans)


def _age(birth: str, start: str) -> int:
    by, bm, bd = (int(x) for x in birth[:10].split("-"))
    sy, sm, sd = (int(x) for x in start[:10].split("-"))
    return sy - by - ((sm, sd) < (bm, bd))


def test_generator_gives_every_consent_state_before_departure() -> None:
    """Few demo learners of a small database leave after 'today': the generator itself shows
    that a minor not yet signed is in each consent state."""
    minor = PersonRef(
        1, "Ana", "Lopes", "PT", 1, "learner", False, "ana lopes", "lopes ana", date(2010, 5, 1)
    )
    start, today = date(2026, 9, 1), date(2026, 5, 15)
    states = set()
    for mobility_id in range(1, 200):
        for status in ("planned", "agreement_sent"):
            row = learner_details_row(mobility_id, mobility_id, minor, status, start, today)
            states.add((bool(row["guardian_name"]), row["consent_signed_on"] is not None))
            assert row["consent_attachment_id"] is None
            if row["consent_signed_on"] is not None:
                assert row["consent_signed_on"] < start
    # no guardian yet; guardian without consent; consent signed with its form still to attach
    assert states == {(False, False), (True, False), (True, True)}
