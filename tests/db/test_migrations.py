"""Migrations: head equals the models, one head, upgrade with data, newer database refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db import migrate
from intervet_desktop.db.engine import make_engine
from intervet_desktop.db.models import metadata
from intervet_desktop.db.workspace import Workspace


def test_one_head() -> None:
    assert len(migrate.script_directory().get_heads()) == 1


def test_empty_database_to_head_equals_models(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "fresh.db")
    try:
        migrate.upgrade(engine)
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            diff = compare_metadata(context, metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_every_table_has_timestamps_or_is_append_only() -> None:
    for name, table in metadata.tables.items():
        if name == "audit_entry":
            assert "at" in table.c
            continue
        assert {"created_at", "updated_at"} <= set(table.c.keys()), name


def _database_at(path: Path, revision: str) -> None:
    engine = make_engine(path)
    try:
        migrate.upgrade(engine, revision)
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO organisation (name, search_key, sort_key, kind, country, languages, is_own, "
                "is_partner, is_host, is_consortium_member, archived, notes, created_at, updated_at) "
                "VALUES ('Escola Profissional de Setúbal', 'escola', 'escola', 'vet_school', 'PT', '', "
                "1, 0, 0, 0, 0, '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def test_database_one_migration_behind_upgrades_with_its_data(tmp_path: Path) -> None:
    revisions = migrate.pending_revisions(None)
    assert len(revisions) >= 2
    previous = revisions[-2]
    path = tmp_path / "old.db"
    _database_at(path, previous)
    with Workspace.open(path) as ws:
        assert ws.report.upgraded_from == previous
        assert ws.report.backup is not None and ws.report.backup.exists()
        with ws.engine.connect() as conn:
            names = [r[0] for r in conn.exec_driver_sql("SELECT name FROM organisation")]
            revision = migrate.current_revision(conn)
            tables = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names == ["Escola Profissional de Setúbal"]
    assert revision == migrate.head_revision()
    assert set(metadata.tables) <= tables


def test_pre_upgrade_backup_holds_the_old_data(tmp_path: Path) -> None:
    revisions = migrate.pending_revisions(None)
    path = tmp_path / "old.db"
    _database_at(path, revisions[-2])
    with Workspace.open(path) as ws:
        snapshot = ws.report.backup
    assert snapshot is not None
    con = sqlite3.connect(snapshot)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (revisions[-2],)
        assert con.execute("SELECT count(*) FROM organisation").fetchone() == (1,)
    finally:
        con.close()


def test_sqlite_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UnusableFileError) as info:
        Workspace.open(path)
    assert info.value.message.code == "db_not_intervet"
    assert path.read_bytes() == before


def test_newer_database_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with Workspace.open(path):
        pass
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(UnusableFileError) as info:
        Workspace.open(path)
    assert info.value.message.code == "db_newer"
    assert info.value.exit_code == 2
    assert path.read_bytes() == before
    assert not path.with_name(path.name + ".backups").exists()
