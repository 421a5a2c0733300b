"""Backups for the UI and the command line: a zip of the database (SQLite's online backup API)
and its attachments, verified after writing, kept by a daily/weekly/monthly policy in a folder
the user chooses (a synced or external drive)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from intervet_desktop.db import backup
from intervet_desktop.db.backup import BackupFile
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Result
from intervet_desktop.services.settings import get_value, set_value

FOLDER_KEY = "backup_folder"


def backup_folder(workspace: Workspace) -> Path:
    """The chosen backup folder, or ``NAME.db.backups`` next to the database."""
    chosen = get_value(workspace, FOLDER_KEY)
    return Path(chosen) if isinstance(chosen, str) and chosen else backup.backups_dir(workspace.path)


def choose_backup_folder(workspace: Workspace, folder: Path) -> Result[None]:
    return set_value(workspace, FOLDER_KEY, str(folder.expanduser().absolute()))


def backup_now(
    workspace: Workspace,
    target: Path | None = None,
    *,
    drop_before: datetime | None = None,
    password: str | None = None,
) -> Path:
    """Write a verified full backup of the open database.

    Without ``target`` it goes to the backup folder, which is then pruned by the retention
    policy (and, with ``drop_before``, of every backup made before then: a GDPR retention run).
    Safe while the app writes: the backup API copies a consistent snapshot, WAL included.
    """
    if target is not None:
        return backup.full_backup(workspace.path, target, password=password)
    folder = backup_folder(workspace)
    name = f"{workspace.path.stem}-{backup.timestamp()}.zip"
    made = backup.full_backup(workspace.path, folder / name, password=password)
    backup.prune_backups(folder, made_before=drop_before)
    return made


def backup_on_close(workspace: Workspace) -> Path | None:
    """The automatic backup when the app closes, only when this session changed data."""
    return backup_now(workspace) if workspace.changed else None


def list_backups(workspace: Workspace) -> list[BackupFile]:
    return backup.list_backups(backup_folder(workspace))


def suggested_backup_name() -> str:
    """A file name for a backup the user places themselves, e.g. ``20260101-120000-intervet-backup.zip``."""
    return backup.timestamp() + "-intervet-backup.zip"
