"""Persistence: SQLModel tables, engine, workspace, lock, backups and Alembic migrations."""
