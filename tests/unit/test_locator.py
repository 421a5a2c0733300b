"""The one resource locator finds the top-level resources/ in every way the app is run:
a checkout or editable install, an installed wheel, and a PyInstaller bundle."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import intervet_desktop
from intervet_desktop import locator

ROOT = Path(intervet_desktop.__file__).resolve().parent.parent


def _fresh_locator_state() -> None:
    locator.package_dir.cache_clear()
    locator.resources_dir.cache_clear()


def test_checkout_finds_the_top_level_resources() -> None:
    assert locator.resources_dir() == ROOT / "resources"
    assert locator.resource_path("fonts", "DejaVuSans.ttf").is_file()
    assert locator.migrations_dir() == ROOT / "intervet_desktop" / "db" / "migrations"


def test_a_missing_resource_is_named() -> None:
    with pytest.raises(FileNotFoundError, match="fonts/nope.ttf"):
        locator.resource_path("fonts", "nope.ttf")


def test_the_frozen_bundle_is_looked_up_at_its_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the spec copies resources/ to the bundle root and the package beside it
    shutil.copytree(ROOT / "resources" / "fonts", tmp_path / "resources" / "fonts")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    _fresh_locator_state()
    try:
        assert locator.resources_dir() == tmp_path / "resources"
        assert (
            locator.resource_path("fonts", "DejaVuSans.ttf").read_bytes()
            == (ROOT / "resources" / "fonts" / "DejaVuSans.ttf").read_bytes()
        )
        assert locator.migrations_dir() == tmp_path / "intervet_desktop" / "db" / "migrations"
    finally:
        monkeypatch.delattr(sys, "_MEIPASS")
        _fresh_locator_state()


def test_the_spec_bundles_resources_where_the_locator_looks() -> None:
    spec = (ROOT / "packaging" / "intervet_desktop.spec").read_text(encoding="utf-8")
    assert '(str(ROOT / "resources"), "resources")' in spec


def test_pyproject_lists_every_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "intervet_desktop").rglob("__init__.py")
    }
    assert listed == found | {"intervet_desktop.resources"}


@pytest.mark.slow
def test_an_installed_wheel_carries_the_resources(tmp_path: Path) -> None:
    # built from a copy, so that setuptools leaves no build/ or egg-info in the checkout
    source = tmp_path / "source"
    for name in ("intervet_desktop", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheel_dir = tmp_path / "wheel"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*pip_wheel, "-w", str(wheel_dir), str(source)], check=True, cwd=tmp_path)
    (wheel,) = wheel_dir.glob("*.whl")
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    code = (
        "from intervet_desktop import locator;"
        "print(locator.resources_dir());"
        "print(locator.resource_path('gazetteer', 'places.tsv.gz'));"
        "print(sorted(p.name for p in locator.resource_path('rates').glob('*.json'))[0])"
    )
    out = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.splitlines()
    assert out[0] == str(target / "intervet_desktop" / "resources")
    assert Path(out[1]).is_file()
    assert out[2].endswith(".json")
    assert (target / "intervet_desktop" / "db" / "migrations" / "versions").is_dir()
