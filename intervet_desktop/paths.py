"""Where the app keeps its files.

``INTERVET_HOME`` puts everything under one folder (tests, dev). A frozen app with a
``portable.txt`` file beside its executable runs in **portable mode**: data, settings and logs
live in that folder (a USB stick), so nothing is written to the user's profile.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from intervet_desktop import APP_ID

DB_ENV = "INTERVET_DB"
HOME_ENV = "INTERVET_HOME"
#: the file whose presence beside the frozen executable turns on portable mode
PORTABLE_MARKER = "portable.txt"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / "intervet.db"

    @classmethod
    def under(cls, base: Path) -> AppPaths:
        return cls(base / "data", base / "logs", base / "config")

    @classmethod
    def from_env(cls) -> AppPaths:
        home = os.environ.get(HOME_ENV)
        if home:
            return cls.under(Path(home))
        portable = portable_root()
        if portable is not None:
            return cls.under(portable)
        dirs = platformdirs.PlatformDirs(APP_ID, appauthor=False)
        return cls(Path(dirs.user_data_dir), Path(dirs.user_log_dir), Path(dirs.user_config_dir))


def portable_root() -> Path | None:
    """The folder of the frozen executable when it holds the portable marker, else None.

    Only a frozen app (PyInstaller sets ``sys.frozen``) can be portable: a checkout or an
    installed package never looks beside the Python interpreter.
    """
    if not getattr(sys, "frozen", False):
        return None
    folder = Path(sys.executable).resolve().parent
    return folder if (folder / PORTABLE_MARKER).is_file() else None


def resolve_db_path(cli_value: str | None, paths: AppPaths) -> Path:
    """--db wins over INTERVET_DB, which wins over the default in the user data folder."""
    raw = cli_value or os.environ.get(DB_ENV)
    return Path(raw).expanduser() if raw else paths.default_db
