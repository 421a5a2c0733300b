"""One locator for bundled resources: works from a checkout, an installed package and a
PyInstaller bundle (the spec copies ``resources/`` and the migrations as package data)."""

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


def resource_path(*parts: str) -> Path:
    path = package_dir().joinpath("resources", *parts)
    if not path.exists():
        raise FileNotFoundError(f"bundled resource missing: {'/'.join(parts)}")
    return path


def migrations_dir() -> Path:
    return package_dir() / "db" / "migrations"


FONT_REGULAR = ("fonts", "DejaVuSans.ttf")
FONT_BOLD = ("fonts", "DejaVuSans-Bold.ttf")
FONT_ITALIC = ("fonts", "DejaVuSans-Oblique.ttf")
FONT_BOLD_ITALIC = ("fonts", "DejaVuSans-BoldOblique.ttf")
