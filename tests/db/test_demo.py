"""`intervet demo`: believable, consistent, deterministic demo data, refused on a non-empty database."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date
from enum import StrEnum
from pathlib import Path

import phonenumbers
import pytest
from email_validator import validate_email
from schwifty import IBAN
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.core import enums
from intervet_desktop.core.text import like_pattern, search_key, sort_key
from intervet_desktop.db.models import Mobility, MobilityStatusEvent
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.demo import build_demo, programmes
from intervet_desktop.services.demo.timeline import REQUIRED
from intervet_desktop.services.settings import load_profile

TODAY = date(2026, 11, 28)
SIZE = 400

ENUM_COLUMNS: dict[tuple[str, str], type[StrEnum]] = {
    ("organisation", "kind"): enums.OrgKind,
    ("organisation", "size"): enums.OrgSize,
    ("person", "gender"): enums.Gender,
    ("person", "role"): enums.PersonRole,
    ("person_language", "level"): enums.CefrLevel,
    ("project", "action"): enums.Action,
    ("project", "funding_model"): enums.FundingModel,
    ("project_partner", "role"): enums.PartnerRole,
    ("budget_line", "item"): enums.BudgetItem,
    ("na_payment", "kind"): enums.NaPaymentKind,
    ("call", "status"): enums.CallStatus,
    ("call", "activity_type"): enums.ActivityType,
    ("application", "status"): enums.ApplicationStatus,
    ("application_event", "new_value"): enums.ApplicationStatus,
    ("mobility", "activity_type"): enums.ActivityType,
    ("mobility", "direction"): enums.Direction,
    ("mobility", "transport_mode"): enums.TransportMode,
    ("mobility", "status"): enums.MobilityStatus,
    ("mobility_status_event", "status"): enums.MobilityStatus,
    ("grant_line", "recipient"): enums.Recipient,
    ("grant_line", "code"): enums.GrantLineCode,
    ("evidence_item", "kind"): enums.EvidenceKind,
    ("payment", "kind"): enums.PaymentKind,
    ("in_kind_expense", "kind"): enums.InKindKind,
    ("audit_entry", "action"): enums.AuditAction,
}


def _build(path: Path, size: int, seed: int = 1) -> dict[str, int]:
    with Workspace.open(path, create=True) as ws:
        return build_demo(ws, size=size, seed=seed, today=TODAY).value.rows


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    _build(path, SIZE)
    return path


@pytest.fixture
def con(demo_db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def one(con: sqlite3.Connection, sql: str, *args: object) -> int:
    return int(con.execute(sql, args).fetchone()[0])


def test_counts_are_sensible(con: sqlite3.Connection) -> None:
    assert one(con, "SELECT count(*) FROM mobility") == SIZE
    assert one(con, "SELECT count(*) FROM organisation WHERE is_own") == 1
    assert one(con, "SELECT count(*) FROM organisation WHERE is_partner") == 5
    assert one(con, "SELECT count(*) FROM organisation WHERE is_consortium_member") == 2
    assert (
        one(
            con,
            "SELECT count(*) FROM organisation WHERE is_host AND NOT is_own AND NOT is_partner "
            "AND NOT is_consortium_member",
        )
        >= 40
    )
    assert one(con, "SELECT count(DISTINCT country) FROM organisation WHERE is_host") >= 20
    per_org = con.execute(
        "SELECT count(c.id) FROM organisation o LEFT JOIN contact c ON c.organisation_id = o.id GROUP BY o.id"
    ).fetchall()
    assert all(1 <= n <= 3 for (n,) in per_org)
    assert one(con, "SELECT count(*) FROM project") == 9
    assert (
        one(
            con,
            "SELECT count(*) FROM project WHERE code = '2024-1-IT01-KA220-VET-000251234' "
            "AND awarded_cents = 40000000 AND funding_model = 'lump_sum'",
        )
        == 1
    )
    codes = [c for (c,) in con.execute("SELECT code FROM project")]
    assert all(
        re.fullmatch(r"20\d\d-1-(IT01|FI01|PT01|EL01|DE02|ES01)-KA(121|122|220)-VET-\d{9}", c) for c in codes
    )
    assert one(con, "SELECT count(*) FROM work_package") == 5
    assert one(con, "SELECT sum(lump_sum_cents) FROM work_package") == 40_000_000
    assert one(con, "SELECT sum(amount_cents) FROM work_package_share") == 40_000_000
    assert one(con, "SELECT count(*) FROM person") >= 80
    assert one(con, "SELECT count(*) FROM application") > 50
    assert one(con, "SELECT count(*) FROM score") > 0
    assert one(con, "SELECT count(*) FROM payment") > 100
    assert one(con, "SELECT count(*) FROM budget_line") > 0
    statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM mobility")}
    assert statuses == set(enums.MobilityStatus)
    app_statuses = {s for (s,) in con.execute("SELECT DISTINCT status FROM application")}
    assert {"selected", "reserve", "rejected", "provisionally_selected", "scored"} <= app_statuses
    activities = {a for (a,) in con.execute("SELECT DISTINCT activity_type FROM mobility")}
    assert {
        "SM-JOB-SHDW",
        "SM-TTA",
        "SM-COUR-TRAIN",
        "LM-SHORT-VET",
        "LM-LONG-VET",
        "OA-INV-EXP",
    } <= activities
    assert one(con, "SELECT count(*) FROM mobility WHERE direction = 'incoming'") > 0
    assert one(con, "SELECT count(*) FROM mobility WHERE activity_type = 'SM-JOB-SHDW'") > SIZE * 0.45


def test_every_mobility_has_a_programme_to_print(con: sqlite3.Connection) -> None:
    assert one(con, "SELECT count(*) FROM mobility_programme") == SIZE
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility_programme WHERE trim(objectives) = '' OR trim(activities) = '' "
            "OR trim(outcomes) = '' OR trim(added_value) = '' OR language != 'en'",
        )
        == 0
    )
    # staff and learners get texts of their own; an accompanying teacher's says so
    texts = dict(
        con.execute(
            "SELECT m.activity_type || CASE WHEN m.is_accompanying THEN '+' ELSE '' END, p.activities "
            "FROM mobility m JOIN mobility_programme p ON p.mobility_id = m.id"
        ).fetchall()
    )
    assert texts["LM-SHORT-VET"] in {t[1] for t in programmes.LEARNER}
    assert texts["LM-SHORT-VET+"] == programmes.ACCOMPANYING[1]
    assert texts["SM-COUR-TRAIN"] in {t[1] for t in programmes.STAFF[enums.ActivityType.COURSE]}


def test_counts_scale_with_size(tmp_path: Path, con: sqlite3.Connection) -> None:
    small = _build(tmp_path / "small.db", 60)
    assert small["mobility"] == 60
    for table in ("person", "application", "payment", "mobility_status_event", "evidence_item"):
        assert small[table] < one(con, f"SELECT count(*) FROM {table}"), table


def test_every_foreign_key_is_valid(con: sqlite3.Connection) -> None:
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize(("table", "column"), sorted(ENUM_COLUMNS))
def test_enum_columns_hold_enum_values(con: sqlite3.Connection, table: str, column: str) -> None:
    allowed = {m.value for m in ENUM_COLUMNS[(table, column)]}
    found = {v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")}
    assert found, (table, column)
    assert found <= allowed


def test_search_and_sort_keys_match_core_text(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT m.search_key, m.participant_sort_key, m.receiving_sort_key, p.first_name, p.last_name, "
        "o.name, m.destination_city FROM mobility m JOIN person p ON p.id = m.person_id "
        "JOIN organisation o ON o.id = m.receiving_org_id"
    ).fetchall()
    for key, participant, receiving, first, last, host, city in rows:
        assert key == search_key(first, last, host, city)
        assert participant == sort_key(last, first)
        assert receiving == sort_key(host)
    for key, sort, first, last, email in con.execute(
        "SELECT search_key, sort_key, first_name, last_name, email FROM person"
    ):
        assert key == search_key(first, last, email)
        assert sort == sort_key(last, first)
    for key, sort, name, city, oid in con.execute(
        "SELECT search_key, sort_key, name, city, oid FROM organisation"
    ):
        assert key == search_key(name, city, oid)
        assert sort == sort_key(name)


def test_names_in_their_own_scripts_are_found_by_search(con: sqlite3.Connection) -> None:
    greek = [
        r for r in con.execute("SELECT first_name, last_name FROM person") if re.search("[α-ωΑ-Ω]", r[1])
    ]
    assert len(greek) >= 5
    accented = {n for (n,) in con.execute("SELECT last_name FROM person") if re.search("[äöüñçãóíéú]", n)}
    assert accented
    first, last = greek[0]
    needle = search_key(last).upper()[:5]  # typed in capitals, without accents
    hits = con.execute(
        "SELECT count(*) FROM mobility m JOIN person p ON p.id = m.person_id WHERE p.last_name = ? "
        "OR p.search_key LIKE ? ESCAPE '\\'",
        (last, like_pattern(needle)),
    ).fetchone()[0]
    assert hits >= 1
    assert (
        one(con, "SELECT count(*) FROM person WHERE search_key LIKE ? ESCAPE '\\'", like_pattern(needle)) >= 1
    )


def test_bm_activity_ids_unique_per_project_and_only_for_ka1(con: sqlite3.Connection) -> None:
    assert (
        con.execute(
            "SELECT project_id, bm_activity_id FROM mobility WHERE bm_activity_id IS NOT NULL "
            "GROUP BY project_id, bm_activity_id HAVING count(*) > 1"
        ).fetchall()
        == []
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility m JOIN project p ON p.id = m.project_id "
            "WHERE p.action = 'KA220-VET' AND m.bm_activity_id IS NOT NULL",
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility m JOIN project p ON p.id = m.project_id "
            "WHERE p.action != 'KA220-VET' AND m.bm_activity_id IS NULL",
        )
        == 0
    )


def test_dates_are_coherent(con: sqlite3.Connection) -> None:
    today = TODAY.isoformat()
    assert one(con, "SELECT count(*) FROM mobility WHERE planned_end < planned_start") == 0
    assert one(con, "SELECT count(*) FROM mobility WHERE actual_end < actual_start") == 0
    assert one(con, "SELECT count(*) FROM project WHERE end_date < start_date") == 0
    assert one(con, "SELECT count(*) FROM call WHERE deadline < opens_on") == 0
    assert one(con, "SELECT count(*) FROM mobility_status_event WHERE on_date > ?", today) == 0
    assert one(con, "SELECT count(*) FROM payment WHERE paid_on > ?", today) == 0
    assert one(con, "SELECT count(*) FROM evidence_item WHERE done_on > ?", today) == 0
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility WHERE status IN ('completed', 'reported') AND planned_end >= ?",
            today,
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility WHERE status = 'ongoing' AND NOT (planned_start <= ? "
            "AND planned_end >= ?)",
            today,
            today,
        )
        == 0
    )
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility WHERE status IN ('planned', 'agreement_sent', "
            "'agreement_signed') AND planned_start <= ?",
            today,
        )
        == 0
    )
    # mobilities in the past and upcoming ones in the next weeks
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility WHERE planned_start BETWEEN ? AND date(?, '+42 days')",
            today,
            today,
        )
        > 0
    )
    # status history: chronological, ending in the current status
    history: dict[int, list[tuple[str, str]]] = {}
    for mid, status, on in con.execute(
        "SELECT mobility_id, status, on_date FROM mobility_status_event ORDER BY id"
    ):
        history.setdefault(mid, []).append((status, on))
    for mid, status in con.execute("SELECT id, status FROM mobility"):
        events = history[mid]
        assert events[-1][0] == status
        assert [on for _, on in events] == sorted(on for _, on in events)


def test_missing_evidence_counts_what_is_due_at_the_stage(con: sqlite3.Connection) -> None:
    done: dict[int, set[str]] = {}
    for mid, kind in con.execute("SELECT mobility_id, kind FROM evidence_item WHERE done"):
        done.setdefault(mid, set()).add(kind)
    missing_total = 0
    for mid, status, missing in con.execute("SELECT id, status, missing_evidence FROM mobility"):
        due = {k.value for k in REQUIRED[enums.MobilityStatus(status)]}
        assert missing == len(due - done.get(mid, set()))
        missing_total += missing
    assert missing_total > 0


def test_grant_snapshot_adds_up(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT m.grant_participant_cents, m.grant_organisation_cents, m.grant_total_cents, "
        "(SELECT sum(amount_cents) FROM grant_line g WHERE g.mobility_id = m.id "
        "AND g.recipient = 'participant'), "
        "(SELECT coalesce(sum(amount_cents), 0) FROM grant_line g WHERE g.mobility_id = m.id "
        "AND g.recipient = 'organisation') FROM mobility m"
    ).fetchall()
    for participant, organisation, total, lines_p, lines_o in rows:
        assert total == participant + organisation
        assert (participant, organisation) == (lines_p, lines_o)
    derivations = [
        d for (d,) in con.execute("SELECT derivation FROM grant_line WHERE code = 'individual_support'")
    ]
    assert any("70% from day 15" in d for d in derivations)
    assert (
        one(
            con,
            "SELECT count(*) FROM grant_line WHERE code = 'travel' AND amount_cents NOT IN "
            "(2800, 21100, 30900, 39500, 58000, 118800, 173500, 5600, 28500, 41700, 53500, 78500)",
        )
        == 0
    )


def test_accompanying_persons_are_linked(con: sqlite3.Connection) -> None:
    rows = con.execute(
        "SELECT a.project_id, l.project_id, l.activity_type, l.is_accompanying, a.planned_start, "
        "l.planned_start FROM mobility a JOIN mobility l ON l.id = a.accompanies_id WHERE a.is_accompanying"
    ).fetchall()
    assert rows
    for project, learner_project, activity, learner_accompanying, start, learner_start in rows:
        assert project == learner_project and activity.startswith("LM-") and not learner_accompanying
        assert start == learner_start
    assert one(con, "SELECT count(*) FROM mobility WHERE is_accompanying AND accompanies_id IS NULL") == 0


def test_money_and_payments(con: sqlite3.Connection) -> None:
    today = TODAY.isoformat()
    assert (
        one(
            con,
            "SELECT count(*) FROM payment WHERE paid_on IS NULL AND due_date BETWEEN ? AND date(?, "
            "'+30 days')",
            today,
            today,
        )
        > 0
    )
    assert one(con, "SELECT count(*) FROM payment WHERE paid_on IS NULL AND due_date < ?", today) > 0
    assert one(con, "SELECT count(*) FROM payment WHERE kind = 'balance' AND paid_on IS NOT NULL") > 0
    assert one(con, "SELECT count(*) FROM in_kind_expense") > 0
    foreign = con.execute(
        "SELECT currency, amount_cents, amount_eur_cents, fx_rate FROM payment WHERE currency != 'EUR' "
        "UNION ALL SELECT currency, amount_cents, amount_eur_cents, fx_rate FROM in_kind_expense "
        "WHERE currency != 'EUR'"
    ).fetchall()
    assert foreign
    for currency, amount, eur, rate in foreign:
        assert currency in {"SEK", "PLN"}
        assert abs(amount - eur * float(rate)) <= 1
    assert one(con, "SELECT count(*) FROM na_payment WHERE received_on IS NOT NULL") > 0


def test_identifiers_and_contact_data_are_valid(con: sqlite3.Connection) -> None:
    oids = [o for (o,) in con.execute("SELECT oid FROM organisation WHERE oid IS NOT NULL")]
    assert all(re.fullmatch(r"E\d{8}", o) for o in oids)
    assert len(oids) == len(set(oids))
    assert (
        one(con, "SELECT count(*) FROM organisation WHERE oid IS NULL AND oid_requested_on IS NOT NULL") > 0
    )
    reported_without_oid = (
        "SELECT count(*) FROM mobility m JOIN organisation o ON o.id = m.receiving_org_id "
        "WHERE m.status = 'reported' AND o.oid IS NULL"
    )
    assert one(con, reported_without_oid) == 0
    assert all(
        re.fullmatch(r"\d{9}", p) for (p,) in con.execute("SELECT pic FROM organisation WHERE pic NOT NULL")
    )
    ibans = con.execute("SELECT iban, bic FROM person WHERE iban IS NOT NULL").fetchall()
    assert len(ibans) >= 5
    for value, bic in ibans:
        assert str(IBAN(value).bic) == bic
    people = con.execute(
        "SELECT email, phone, nationality FROM person WHERE nationality IN "
        "('IT', 'FI', 'PT', 'GR', 'DE', 'ES')"
    ).fetchall()
    for email, phone, country in people:
        validate_email(email, check_deliverability=False)
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, country)), phone
    assert one(con, "SELECT count(*) FROM person WHERE fewer_opportunities_category IS NOT NULL") > 0


def test_applications_ranked_and_linked(con: sqlite3.Connection) -> None:
    bad = con.execute(
        "SELECT a.id FROM application a JOIN call c ON c.id = a.call_id WHERE c.status = 'published' "
        "AND a.status = 'selected' AND a.rank > c.places_total"
    ).fetchall()
    assert bad == []
    assert (
        one(
            con,
            "SELECT count(*) FROM mobility m JOIN application a ON a.id = m.application_id "
            "WHERE a.person_id != m.person_id OR a.status != 'selected'",
        )
        == 0
    )
    assert one(con, "SELECT count(*) FROM mobility WHERE application_id IS NOT NULL") > 0
    assert one(con, "SELECT count(*) FROM call_criterion WHERE sensitive") == one(
        con, "SELECT count(*) FROM call"
    )


def test_rows_read_back_through_the_models(demo_db: Path) -> None:
    with Workspace.open(demo_db) as ws:
        with ws.read_session() as session:
            mobility = session.exec(select(Mobility).where(Mobility.status == "reported")).first()
            event = session.exec(select(MobilityStatusEvent)).first()
        profile = load_profile(ws)
    assert mobility is not None and event is not None
    assert isinstance(mobility.planned_start, date)
    assert mobility.created_at.tzinfo is not None and mobility.created_at.utcoffset() == UTC.utcoffset(None)
    assert event.at.tzinfo is not None
    assert profile.name.startswith("IIS Galvani-Malpighi")
    assert profile.oid == "E10234567"


def _digest(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        for table in ("person", "mobility", "application", "payment", "grant_line"):
            columns = [
                r[1]
                for r in con.execute(f"PRAGMA table_info({table})")
                if r[1] not in ("created_at", "updated_at")
            ]
            for row in con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        con.close()


def test_same_seed_same_data(tmp_path: Path) -> None:
    _build(tmp_path / "a.db", 80, seed=7)
    _build(tmp_path / "b.db", 80, seed=7)
    _build(tmp_path / "c.db", 80, seed=8)
    assert _digest(tmp_path / "a.db") == _digest(tmp_path / "b.db")
    assert _digest(tmp_path / "a.db") != _digest(tmp_path / "c.db")


def test_cli_builds_then_refuses_a_non_empty_database(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "demo", "--size", "30", "--seed", "3", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"]["mobility"] == 30
    proc = subprocess.run(
        [sys.executable, "-m", "intervet_desktop", "--db", str(db_path), "demo", "--size", "30"],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    assert proc.returncode == 1
    assert "already holds 9 projects" in proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("SELECT count(*) FROM mobility").fetchone()[0] == 30
    finally:
        con.close()


def test_cli_rejects_a_bad_size_without_creating_the_file(tmp_path: Path) -> None:
    path = tmp_path / "none.db"
    assert main(["--db", str(path), "demo", "--size", "0"]) == 1
    assert not path.exists()


def test_writer_thread_failure_reaches_the_caller_and_nothing_is_kept(workspace: Workspace) -> None:
    from intervet_desktop.db.models import EvidenceItem, utcnow
    from intervet_desktop.services.demo.rows import BulkWriter

    with pytest.raises(Exception, match="FOREIGN KEY"), workspace.session() as session:
        writer = BulkWriter(session, utcnow())
        next_id = writer.id_source(EvidenceItem)
        with writer.in_background():
            writer.insert(
                EvidenceItem,
                [
                    {
                        "id": next_id(),
                        "mobility_id": 999,
                        "kind": "x",
                        "done": False,
                        "done_on": None,
                        "attachment_id": None,
                        "note": "",
                    }
                ],
            )
    with workspace.read_session() as session:
        assert session.exec(select(EvidenceItem)).first() is None


def test_demo_obeys_the_sequence_rules(demo_workspace: Workspace) -> None:
    """No domestic mobility for a transnational action (no Finnish teacher sent to Turku), no
    person in two places at once."""
    from sqlmodel import select

    from intervet_desktop.db.models import Project
    from intervet_desktop.services.sequence_checks import sequence_warnings

    with demo_workspace.read_session() as s:
        projects = s.exec(select(Project)).all()
        found = [w.code for p in projects for w in sequence_warnings(s, p)]
    assert len(projects) > 3
    assert [c for c in found if c in ("sequence_domestic", "sequence_overlap")] == []
