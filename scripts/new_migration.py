"""Developer tool: autogenerate the next migration against a fresh database at head.

    .venv/bin/python scripts/new_migration.py "what changed"

Revision ids are sequential ("0001", "0002", ...), so file names sort in order.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from intervet_desktop.db.engine import make_engine
from intervet_desktop.db.migrate import alembic_config, known_revisions, upgrade


def main() -> None:
    message = sys.argv[1] if len(sys.argv) > 1 else "change"
    existing = known_revisions()
    next_id = f"{len(existing) + 1:04d}"
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "scratch.db")
        try:
            if existing:
                upgrade(engine)
            with engine.connect() as connection, connection.begin():
                cfg = alembic_config(connection)
                cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
                command.revision(cfg, message=message, autogenerate=True, rev_id=next_id)
        finally:
            engine.dispose()


if __name__ == "__main__":
    main()
