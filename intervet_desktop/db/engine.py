"""SQLAlchemy engines for one SQLite file: a writer engine and a read-only one for lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from intervet_desktop.db.uri import sqlite_file_uri

BUSY_TIMEOUT_MS = 10_000


def sqlite_url(path: Path, *, readonly: bool = False, immutable: bool = False) -> URL:
    """The engine's URL, built as an object: a URL *string* would be parsed by SQLAlchemy,
    which percent-decodes the path (``a%23b`` would become ``a#b``)."""
    if readonly:
        # the path is a quoted file: URI; SQLAlchemy appends mode=ro to it as URI parameters
        query = {"mode": "ro", "uri": "true"}
        if immutable:  # a read-only folder: SQLite cannot create the WAL index beside the file
            query["immutable"] = "1"
        return URL.create("sqlite", database=sqlite_file_uri(path), query=query)
    return URL.create("sqlite", database=str(path))


def make_engine(path: Path, *, readonly: bool = False, immutable: bool = False) -> Engine:
    """PRAGMAs on every connection; explicit BEGIN (the pysqlite transaction recipe)."""
    engine = create_engine(
        sqlite_url(path, readonly=readonly, immutable=immutable),
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        pool_pre_ping=False,
        # SQL parameters are people's names, dates of birth and IBANs: never in an error or the log
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if readonly:
            cursor.execute("PRAGMA query_only=ON")
        else:
            cursor.execute("PRAGMA journal_mode=WAL")
            # deleted and overwritten rows are zeroed, not left in free space: an anonymised
            # person's names must not survive in the file or in backups made afterwards
            cursor.execute("PRAGMA secure_delete=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")

    return engine
