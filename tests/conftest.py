"""Shared test set-up: offscreen Qt, English, a fresh temporary home and database per test."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANG"] = "en_US.UTF-8"
os.environ["LANGUAGE"] = "en"

import shutil  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from intervet_desktop.db.workspace import Workspace  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or "qtmodeltester" in fixtures:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own INTERVET_HOME (data, logs, config) and no INTERVET_DB."""
    home = tmp_path / "home"
    monkeypatch.setenv("INTERVET_HOME", str(home))
    monkeypatch.delenv("INTERVET_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at head, migrated once per run (copying it is much faster than migrating)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    Workspace.open(path, create=True).close()
    return path


@pytest.fixture
def workspace(db_path: Path, migrated_template: Path) -> Iterator[Workspace]:
    """A fresh, empty database at head in this test's own folder."""
    shutil.copyfile(migrated_template, db_path)
    ws = Workspace.open(db_path, create=False)
    try:
        yield ws
    finally:
        ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """A demo database built once per run (copy it per test with ``demo_workspace``)."""
    from intervet_desktop.services.demo.builder import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(migrated_template, path)
    with Workspace.open(path, create=False) as ws:
        build_demo(ws, size=160, seed=11)
    return path


@pytest.fixture
def demo_workspace(tmp_path: Path, demo_template: Path) -> Iterator[Workspace]:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    ws = Workspace.open(path, create=False)
    try:
        yield ws
    finally:
        ws.close()
