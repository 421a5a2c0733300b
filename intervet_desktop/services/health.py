"""``intervet check``: integrity and migration state, without changing the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db import migrate
from intervet_desktop.db.inspect_file import inspect_database
from intervet_desktop.db.lock import DatabaseLock


@dataclass(frozen=True)
class HealthReport:
    path: str
    integrity: str
    revision: str | None
    head: str
    pending: list[str]
    locked_by: str | None
    tables: int

    @property
    def up_to_date(self) -> bool:
        return not self.pending


def check_database(path: Path) -> HealthReport:
    state = inspect_database(path)
    if not state.exists:
        raise UnusableFileError.of("db_not_found", path=path)
    if state.revision is not None and state.revision not in migrate.known_revisions():
        raise UnusableFileError.of("db_newer", path=path, revision=state.revision)
    info = DatabaseLock(path).holder()
    return HealthReport(
        path=str(path),
        integrity=state.integrity,
        revision=state.revision,
        head=migrate.head_revision(),
        pending=migrate.pending_revisions(state.revision),
        locked_by=f"{info.user}@{info.host} (process {info.pid})" if info else None,
        tables=state.tables,
    )
