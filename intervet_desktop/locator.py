"""One locator for bundled resources (fonts, icons, templates, rate sets, gazetteer,
translations) and the Alembic migrations.

The resources live in the top-level ``resources/`` folder of the project. They are found:

- in a checkout or an editable install: ``resources/`` beside the package folder;
- in an installed wheel: ``intervet_desktop/resources/`` (pyproject maps the folder there);
- in a PyInstaller bundle: ``resources/`` at the bundle's root (the spec copies it there).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def package_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "intervet_desktop"
    return Path(__file__).resolve().parent


@cache
def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = (
        [Path(frozen_root) / "resources"]
        if frozen_root
        else [package_dir() / "resources", package_dir().parent / "resources"]
    )
    for candidate in candidates:
        if (candidate / "fonts").is_dir():
            return candidate
    raise FileNotFoundError("bundled resources not found; looked in " + ", ".join(map(str, candidates)))


def resource_path(*parts: str) -> Path:
    path = resources_dir().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)}")
    return path


def migrations_dir() -> Path:
    return package_dir() / "db" / "migrations"


FONT_REGULAR = ("fonts", "DejaVuSans.ttf")
FONT_BOLD = ("fonts", "DejaVuSans-Bold.ttf")
FONT_ITALIC = ("fonts", "DejaVuSans-Oblique.ttf")
FONT_BOLD_ITALIC = ("fonts", "DejaVuSans-BoldOblique.ttf")
