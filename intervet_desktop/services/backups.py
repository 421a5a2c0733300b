"""Backups for the UI: a zip of the database (SQLite's online backup API) and its attachments."""

from __future__ import annotations

from pathlib import Path

from intervet_desktop.db import backup
from intervet_desktop.db.workspace import Workspace


def backup_now(workspace: Workspace, target: Path | None = None) -> Path:
    """Write a full backup of the open database; ``target`` defaults to ``NAME.db.backups/``.

    Safe while the app writes: the backup API copies a consistent snapshot, WAL included.
    """
    return backup.full_backup(workspace.path, target)


def suggested_backup_name() -> str:
    """A file name for a backup the user places themselves, e.g. ``20260101-120000-intervet-backup.zip``."""
    return backup.timestamp() + "-intervet-backup.zip"
