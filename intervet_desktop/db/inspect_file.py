"""Look at a database file without changing a byte of it."""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from intervet_desktop.core.errors import UnusableFileError
from intervet_desktop.db.uri import sqlite_file_uri

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class FileState:
    path: Path
    exists: bool
    revision: str | None = None
    integrity: str = "ok"
    tables: int = 0


def _readonly_connect(path: Path) -> sqlite3.Connection:
    # In a folder we cannot write, SQLite cannot create the WAL index: read it as immutable.
    params = {"mode": "ro"} if os.access(path.parent, os.W_OK) else {"mode": "ro", "immutable": "1"}
    return sqlite3.connect(sqlite_file_uri(path, **params), uri=True, timeout=5)


def inspect_database(path: Path) -> FileState:
    """Refuse anything that is not an intact InterVET database; never write to the file."""
    if not path.exists():
        return FileState(path, exists=False)
    if path.is_dir():
        raise UnusableFileError.of("db_not_sqlite", path=path)
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UnusableFileError.of("db_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    if not header:
        raise UnusableFileError.of("db_empty_file", path=path)
    if header != SQLITE_HEADER:
        raise UnusableFileError.of("db_not_sqlite", path=path)
    try:
        conn = _readonly_connect(path)
    except sqlite3.Error as exc:
        raise UnusableFileError.of("db_unreadable", path=path, detail=str(exc)) from exc
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        result = "; ".join(str(r[0]) for r in rows[:3])
        if result != "ok":
            raise UnusableFileError.of("db_damaged", path=path, detail=result)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in names:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
            if revision is None and len(names) > 1:
                raise UnusableFileError.of("db_not_intervet", path=path)
        elif names:
            raise UnusableFileError.of("db_not_intervet", path=path)
        return FileState(path, exists=True, revision=revision, integrity=result, tables=len(names))
    except sqlite3.DatabaseError as exc:
        raise UnusableFileError.of("db_damaged", path=path, detail=str(exc)) from exc
    finally:
        conn.close()
