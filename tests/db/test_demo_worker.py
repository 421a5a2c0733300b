"""A large demo generates its mobilities in a worker process: the same data, and nothing half-made."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import shutil
import signal
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from intervet_desktop.core.errors import StorageError
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.demo import build_demo
from intervet_desktop.services.demo.calls import Selection
from intervet_desktop.services.demo.grants import GrantBook
from intervet_desktop.services.demo.mobilities import MOBILITY_TABLES
from intervet_desktop.services.demo.rows import BulkWriter, table_of
from intervet_desktop.services.demo.worker import MobilityJob, MobilityWorker, WorkerFailed
from intervet_desktop.services.demo.world import World

TODAY = date(2026, 11, 28)
#: stamped with the clock of the build, not generated
CLOCK_COLUMNS = {"created_at", "updated_at", "at"}


def _build(template: Path, path: Path, *, in_worker: bool) -> dict[str, int]:
    shutil.copyfile(template, path)
    with Workspace.open(path, create=False) as ws:
        return build_demo(ws, size=300, seed=5, today=TODAY, in_worker=in_worker).value.rows


def _content(path: Path) -> dict[str, str]:
    """Per table, a digest of every row in id order, clock columns left out (audit_entry keeps none)."""
    con = sqlite3.connect(path)
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        digests = {}
        for table in tables:
            columns = [
                r[1] for r in con.execute(f'PRAGMA table_info("{table}")') if r[1] not in CLOCK_COLUMNS
            ]
            digest = hashlib.sha256()
            for row in con.execute(f'SELECT {", ".join(columns)} FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
            digests[table] = digest.hexdigest()
        return digests
    finally:
        con.close()


def _indexes(path: Path) -> set[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return set(
            con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        )
    finally:
        con.close()


def _projects(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        count: int = con.execute("SELECT count(*) FROM project").fetchone()[0]
        return count
    finally:
        con.close()


def test_the_worker_writes_exactly_what_one_process_writes(tmp_path: Path, migrated_template: Path) -> None:
    here = _build(migrated_template, tmp_path / "here.db", in_worker=False)
    there = _build(migrated_template, tmp_path / "worker.db", in_worker=True)
    assert here == there
    assert there["mobility"] == 300 and there["grant_line"] > 300
    assert _content(tmp_path / "here.db") == _content(tmp_path / "worker.db")
    # the indexes dropped for the load are back, exactly as the migrations made them
    assert _indexes(tmp_path / "worker.db") == _indexes(migrated_template)
    assert len(_indexes(migrated_template)) > 50
    con = sqlite3.connect(tmp_path / "worker.db")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    assert multiprocessing.active_children() == []


def test_a_failure_while_writing_ends_the_worker_and_keeps_nothing(
    tmp_path: Path, migrated_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written: list[str] = []
    execute = BulkWriter.execute_prepared

    def fail_on_the_mobilities(
        self: BulkWriter, table: str, sql: str, params: list[tuple[object, ...]]
    ) -> None:
        if table == "mobility":
            raise sqlite3.OperationalError("disk I/O error")
        written.append(table)
        execute(self, table, sql, params)

    monkeypatch.setattr(BulkWriter, "execute_prepared", fail_on_the_mobilities)
    path = tmp_path / "demo.db"
    shutil.copyfile(migrated_template, path)
    with Workspace.open(path, create=False) as ws, pytest.raises(StorageError) as raised:
        # two chunks of mobilities: the worker is still generating when the first one fails here
        build_demo(ws, size=6_000, seed=2, today=TODAY, in_worker=True)
    # the session turns the driver's error into a calm message naming the database
    assert raised.value.message.code == "db_io_error"
    assert str(path) in raised.value.message.render()
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
    assert "disk I/O" in str(raised.value.__cause__)
    assert "person" in written and "mobility" not in written
    assert multiprocessing.active_children() == []
    assert _projects(path) == 0
    assert _indexes(path) == _indexes(migrated_template)


def _job(plans: list[tuple[object, int]]) -> MobilityJob:
    return MobilityJob(
        rng_state=random.Random(1).getstate(),
        today=TODAY,
        world=World(),
        selection=Selection(),
        fx_rates={},
        grants=GrantBook({}),
        first_ids={table_of(model).name: 1 for model in MOBILITY_TABLES},
        plans=plans,  # type: ignore[arg-type]
        stamp="2026-11-28 09:00:00.000000",
    )


def test_an_error_in_the_worker_arrives_with_its_traceback() -> None:
    chunks: list[str] = []
    with MobilityWorker() as worker, pytest.raises(WorkerFailed) as failed:
        worker.run(_job([("not a project plan", 3)]), lambda table, sql, params: chunks.append(table), print)
    assert "AttributeError" in str(failed.value) and "is_ka220" in str(failed.value)
    assert chunks == []
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_reported_not_waited_for() -> None:
    with MobilityWorker() as worker, pytest.raises(WorkerFailed, match="stopped"):
        os.kill(worker.pid, signal.SIGKILL)
        worker.run(_job([]), lambda table, sql, params: None, print)
    assert multiprocessing.active_children() == []
