"""Alembic, configured in code. Scripts ship inside the package and are loaded by path.

Each upgrade runs after a backup, with ``foreign_keys`` off and a ``foreign_key_check``
after, inside one explicit transaction. A database from a newer version is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from intervet_desktop.locator import migrations_dir


class MigrationCheckFailed(RuntimeError):
    """Foreign keys were left dangling by a migration."""


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


@cache
def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    heads = script_directory().get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"expected one migration head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    return {rev.revision for rev in script_directory().walk_revisions()}


def pending_revisions(current: str | None) -> list[str]:
    """Revisions between ``current`` and head, oldest first."""
    script = script_directory()
    revs = [r.revision for r in script.iterate_revisions(head_revision(), current)]
    return list(reversed(revs))


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def upgrade(engine: Engine, target: str = "head") -> None:
    with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
        command.upgrade(alembic_config(connection), target)
        problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise MigrationCheckFailed(f"{len(problems)} foreign key violations after upgrade")


def downgrade(engine: Engine, target: str) -> None:
    """For tests and developers only (build a database one migration behind)."""
    with engine.connect() as connection, _foreign_keys_off(connection), connection.begin():
        command.downgrade(alembic_config(connection), target)
