"""Portable mode: a marker beside the frozen executable keeps data, settings and logs there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from intervet_desktop.paths import HOME_ENV, PORTABLE_MARKER, AppPaths, portable_root


@pytest.fixture
def frozen_exe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake onedir bundle: sys.executable points into it and sys.frozen is set."""
    bundle = tmp_path / "InterVET Desktop"
    bundle.mkdir()
    exe = bundle / "intervet-desktop"
    exe.write_bytes(b"")
    monkeypatch.setattr(sys, "executable", str(exe))
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delenv(HOME_ENV, raising=False)
    return exe


def test_marker_beside_the_frozen_executable_keeps_everything_beside_it(frozen_exe: Path) -> None:
    (frozen_exe.parent / PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")
    paths = AppPaths.from_env()
    bundle = frozen_exe.parent.resolve()
    assert portable_root() == bundle
    assert paths == AppPaths(bundle / "data", bundle / "logs", bundle / "config")
    assert paths.default_db == bundle / "data" / "intervet.db"


def test_without_the_marker_the_user_folders_are_used(frozen_exe: Path) -> None:
    paths = AppPaths.from_env()
    assert portable_root() is None
    assert frozen_exe.parent.resolve() not in paths.data_dir.parents
    assert frozen_exe.parent.resolve() not in paths.config_dir.parents


def test_a_checkout_ignores_a_marker_beside_the_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    python = tmp_path / "python3"
    python.write_bytes(b"")
    (tmp_path / PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert portable_root() is None


def test_intervet_home_wins_over_portable_mode(
    frozen_exe: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frozen_exe.parent / PORTABLE_MARKER).write_text("", encoding="utf-8")
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    assert AppPaths.from_env().data_dir == tmp_path / "home" / "data"
