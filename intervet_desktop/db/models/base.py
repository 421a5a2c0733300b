"""Shared pieces of every table: naming convention, id and timestamps."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, Table, func
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLModel.metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Aware UTC timestamp (SQLModel's UTCDateTime refuses naive ones; SQLite stores UTC)."""
    return datetime.now(UTC)


class Timestamps(SQLModel):
    created_at: datetime = Field(
        default_factory=utcnow, sa_column_kwargs={"server_default": func.current_timestamp()}
    )
    updated_at: datetime = Field(
        default_factory=utcnow, sa_column_kwargs={"server_default": func.current_timestamp()}
    )


class Row(Timestamps):
    id: int | None = Field(default=None, primary_key=True)


def table_of(model: type[SQLModel]) -> Table:
    """The Core ``Table`` of a table model, typed (for SQL-only list and bulk queries)."""
    table = getattr(model, "__table__", None)
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not a table model")
    return table
