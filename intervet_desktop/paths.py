"""Where the app keeps its files. ``INTERVET_HOME`` puts everything under one folder (tests, dev)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from intervet_desktop import APP_ID

DB_ENV = "INTERVET_DB"
HOME_ENV = "INTERVET_HOME"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    config_dir: Path

    @property
    def default_db(self) -> Path:
        return self.data_dir / "intervet.db"

    @classmethod
    def from_env(cls) -> AppPaths:
        home = os.environ.get(HOME_ENV)
        if home:
            base = Path(home)
            return cls(base / "data", base / "logs", base / "config")
        dirs = platformdirs.PlatformDirs(APP_ID, appauthor=False)
        return cls(Path(dirs.user_data_dir), Path(dirs.user_log_dir), Path(dirs.user_config_dir))


def resolve_db_path(cli_value: str | None, paths: AppPaths) -> Path:
    """--db wins over INTERVET_DB, which wins over the default in the user data folder."""
    raw = cli_value or os.environ.get(DB_ENV)
    return Path(raw).expanduser() if raw else paths.default_db
