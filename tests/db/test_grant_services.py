"""Rate sets in the database and grant snapshots: install, import, versions, lock, store, recompute."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select
from sqlmodel import col

from intervet_desktop.cli.main import main
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.rates import parse_rate_set_text
from intervet_desktop.core.rates_builtin import builtin_texts
from intervet_desktop.db.models import GrantLine, Mobility, Person, Project, RateSetRow, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services import grants, rates


def make_project(ws: Workspace, *, call_year: int = 2024, rate_set_id: int | None = None) -> int:
    with ws.session() as s:
        project = Project(
            code=f"{call_year}-1-FI01-KA122-VET-{s.execute(select(func.count()).select_from(Project)).scalar_one():09d}",
            action="KA122-VET",
            call_year=call_year,
            start_date=date(call_year, 9, 1),
            end_date=date(call_year + 2, 8, 31),
            rate_set_id=rate_set_id,
        )
        s.add(project)
        s.flush()
        assert project.id is not None
        return project.id


def make_mobility(ws: Workspace, project_id: int, **values: object) -> int:
    with ws.session() as s:
        person = Person(first_name="Aino", last_name="Virtanen")
        s.add(person)
        s.flush()
        fields: dict[str, object] = {
            "project_id": project_id,
            "person_id": person.id,
            "activity_type": "SM-JOB-SHDW",
            "destination_country": "IT",
            "planned_start": date(2025, 3, 3),
            "planned_end": date(2025, 3, 14),  # 12 days
            "travel_days": 2,
            "distance_km": 2058,
        }
        fields.update(values)
        mobility = Mobility(**fields)  # type: ignore[arg-type]
        s.add(mobility)
        s.flush()
        assert mobility.id is not None
        return mobility.id


def test_builtin_sets_install_idempotently(workspace: Workspace) -> None:
    assert rates.install_builtin(workspace).value == 2
    assert rates.install_builtin(workspace).value == 0
    listed = rates.list_rate_sets(workspace)
    assert [(s.code, s.version, s.builtin) for s in listed] == [
        ("ka1-vet-2021", 1, True),
        ("ka1-vet-2024", 1, True),
    ]
    summary, loaded = rates.get_rate_set(workspace, "ka1-vet-2024")
    assert summary.latest and loaded.id == "ka1-vet-2024"
    with pytest.raises(ValidationError):
        rates.get_rate_set(workspace, "nope")


def test_import_new_and_next_version_then_export_round_trip(workspace: Workspace, tmp_path: Path) -> None:
    doc = json.loads(builtin_texts()["ka1-vet-2024"])
    doc["id"], doc["name"], doc["national_agency"] = "fi01-2025", "EDUFI 2025", "FI01"
    source = tmp_path / "fi.json"
    source.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    first = rates.import_rate_set(workspace, source).value
    assert (first.code, first.version, first.builtin) == ("fi01-2025", 1, False)
    second = rates.import_rate_set(workspace, source).value
    assert second.version == 2
    out = tmp_path / "out.json"
    rates.export_rate_set(workspace, "fi01-2025@1", out)
    assert out.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    doc["travel_bands"][0]["green"] = "56"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        rates.import_rate_set(workspace, bad)
    assert exc.value.fields() == {"travel_bands[0].green"}


def test_edit_makes_a_new_version_only_when_locked(workspace: Workspace) -> None:
    copy = rates.copy_rate_set(workspace, "ka1-vet-2024", "mine", "My rates").value
    assert (copy.code, copy.version) == ("mine", 1)
    _, current = rates.get_rate_set(workspace, "mine")
    edited = rates.save_rate_set(workspace, "mine", replace(current, name="Mine v1b"))
    assert (edited.value.version, edited.value.name) == (1, "Mine v1b")  # unlocked: in place
    with workspace.session() as s:
        rates.lock_in(s, {copy.id})
    again = rates.save_rate_set(workspace, "mine", current)
    assert again.value.version == 2  # locked: a new version, the old one untouched
    with workspace.session() as s:
        old = s.get(RateSetRow, copy.id)
        assert old is not None and old.locked and old.name == "Mine v1b"
    with pytest.raises(ValidationError):
        rates.copy_rate_set(workspace, "ka1-vet-2024", "mine", "again")


def test_store_snapshot_lines_totals_and_lock(workspace: Workspace) -> None:
    project = make_project(workspace, call_year=2024)
    mobility = make_mobility(workspace, project, fewer_opportunities=True)
    preview = grants.preview(workspace, mobility)
    assert preview.old_lines == () and preview.changed
    # 395.00 travel + 14 x 180.00 = 2,520.00 -> participant 2,915.00; org 100.00 + 125.00 = 225.00
    assert preview.new.participant_total_cents == 291500
    stored = grants.store_snapshot(workspace, mobility).value
    assert stored.total_cents == 314000
    with workspace.session() as s:
        row = s.get(Mobility, mobility)
        assert row is not None
        assert (row.grant_participant_cents, row.grant_organisation_cents, row.grant_total_cents) == (
            291500,
            22500,
            314000,
        )
        rate_row = s.get(RateSetRow, row.grant_rate_set_id)
        assert rate_row is not None and rate_row.code == "ka1-vet-2024" and rate_row.locked
        assert row.grant_rate_set_version == 1
        lines = (
            s.execute(
                select(GrantLine)
                .where(col(GrantLine.mobility_id) == mobility)
                .order_by(col(GrantLine.position))
            )
            .scalars()
            .all()
        )
        assert [(li.code, li.recipient, li.amount_cents) for li in lines] == [
            ("travel", "participant", 39500),
            ("individual_support", "participant", 252000),
            ("organisational_support", "organisation", 10000),
            ("inclusion_organisation", "organisation", 12500),
        ]
    assert not grants.preview(workspace, mobility).changed
    # the dates change: the preview shows old versus new, nothing saved until stored again
    with workspace.session() as s:
        row = s.get(Mobility, mobility)
        assert row is not None
        row.planned_end = date(2025, 3, 15)  # 13 + 2 = 15 days: + 126.00
        s.add(row)
    changed = grants.preview(workspace, mobility)
    assert changed.changed
    assert changed.old_total_cents == 314000 and changed.new.total_cents == 326600
    with workspace.session() as s:
        row = s.get(Mobility, mobility)
        assert row is not None and row.grant_total_cents == 314000


def test_project_rate_set_and_project_period(workspace: Workspace) -> None:
    copy = rates.copy_rate_set(workspace, "ka1-vet-2021", "old-rules", "2021 rules").value
    project = make_project(workspace, call_year=2024, rate_set_id=copy.id)
    mobility = make_mobility(workspace, project)
    # 2021 set: Italy is group 2 (160.00): 14 x 160.00 = 2,240.00; 2,058 km -> 360.00
    b = grants.store_snapshot(workspace, mobility).value
    assert (b.rate_set_id, b.participant_total_cents) == ("old-rules", 36000 + 224000)
    outside = make_mobility(
        workspace, project, planned_start=date(2026, 8, 25), planned_end=date(2026, 9, 5)
    )  # ends after the project
    with pytest.raises(ValidationError) as exc:
        grants.store_snapshot(workspace, outside)
    assert exc.value.fields() == {"end"}


def test_recompute_project_and_all_in_bulk(workspace: Workspace) -> None:
    p1 = make_project(workspace, call_year=2024)
    p2 = make_project(workspace, call_year=2022)
    now = utcnow()
    with workspace.session() as s:
        person = Person(first_name="Bulk", last_name="Person")
        s.add(person)
        s.flush()
        base = {
            "created_at": now,
            "updated_at": now,
            "person_id": person.id,
            "activity_type": "SM-JOB-SHDW",
            "destination_country": "EL",
            "planned_start": date(2025, 3, 3),
            "planned_end": date(2025, 3, 14),
            "travel_days": 2,
            "distance_km": 1000,
        }
        s.execute(insert(Mobility), [{**base, "project_id": p1} for _ in range(29)])
        # same number of days at another time: shares the computed breakdown, same amounts
        s.execute(
            insert(Mobility),
            [{**base, "project_id": p1, "planned_start": date(2025, 4, 7), "planned_end": date(2025, 4, 18)}],
        )
        # one day only: its own error, naming its own dates
        s.execute(
            insert(Mobility),
            [{**base, "project_id": p1, "planned_start": date(2025, 5, 6), "planned_end": date(2025, 5, 6)}],
        )
        in_p2 = {
            **base,
            "project_id": p2,
            "planned_start": date(2024, 3, 4),
            "planned_end": date(2024, 3, 15),
        }
        s.execute(insert(Mobility), [in_p2 for _ in range(20)])
        s.execute(insert(Mobility), [{**in_p2, "travel_days": 5}])  # too many travel days
    report = grants.recompute_project(workspace, p1).value
    assert report.computed == 30
    [(_, short)] = report.failed.items()
    assert [p.field for p in short] == ["end"] and "2025-05-06" in short[0].render()
    everything = grants.recompute_all(workspace).value
    assert everything.computed == 50
    assert sorted(p.field for problems in everything.failed.values() for p in problems) == [
        "end",
        "travel_days",
    ]
    with workspace.session() as s:
        totals = dict(
            s.execute(
                select(Mobility.project_id, func.sum(Mobility.grant_total_cents)).group_by(
                    Mobility.project_id
                )  # type: ignore[call-overload]
            ).all()
        )
        lines = s.execute(select(func.count()).select_from(GrantLine)).scalar_one()
        stamp = (
            s.execute(select(Mobility.grant_computed_at).where(Mobility.project_id == p1)).scalars().first()
        )
    # 2024 set, GR group 2: 309.00 + 14 x 160.00 + 100.00 = 2,649.00 each
    # 2021 set (call 2022), GR group 2: 275.00 + 14 x 160.00 + 100.00 = 2,615.00 each
    assert totals == {p1: 30 * 264900, p2: 20 * 261500}
    assert lines == 50 * 3
    assert stamp is not None and stamp.tzinfo is not None  # raw executemany stored a readable UTC time
    # the single-mobility path (mappings) agrees with the bulk path (tuples): nothing to change
    with workspace.session() as s:
        some = s.execute(select(col(Mobility.id)).where(col(Mobility.project_id) == p2)).scalars().first()
    assert some is not None and not grants.preview(workspace, some).changed
    # recomputing again replaces, never duplicates
    grants.recompute_all(workspace)
    with workspace.session() as s:
        assert s.execute(select(func.count()).select_from(GrantLine)).scalar_one() == 150


def test_rates_cli_uses_the_database(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(db_path), "init"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "rates", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {r["code"] for r in listed} == {"ka1-vet-2021", "ka1-vet-2024"}
    assert main(["--db", str(db_path), "rates", "show", "ka1-vet-2024"]) == 0
    assert "2,000-2,999 km" in capsys.readouterr().out
    out = tmp_path / "x.json"
    assert main(["--db", str(db_path), "rates", "export", "ka1-vet-2021", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == builtin_texts()["ka1-vet-2021"]
    doc = json.loads(out.read_text(encoding="utf-8"))
    doc["durations"]["SM-TTA"] = [5]
    out.write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", str(db_path), "rates", "import", str(out)]) == 1
    assert "durations.SM-TTA" in capsys.readouterr().err
    doc["durations"]["SM-TTA"] = [2, 365]
    out.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["--db", str(db_path), "rates", "import", str(out), "--json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    assert (imported["code"], imported["version"]) == ("ka1-vet-2021", 2)
    assert parse_rate_set_text(builtin_texts()["ka1-vet-2021"]).version == 1
