"""Which rows point at a person or an organisation, found from the schema's foreign keys.

Deleting and merging use this, so a table added later by another feature is covered without
touching this module. Foreign keys declared ``ON DELETE CASCADE`` (contacts, a person's
languages) belong to the record; every other reference means "in use".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Column, Table, and_, delete, func, select, update
from sqlmodel import Session, SQLModel

from intervet_desktop.core.messages import register

register(
    "record_in_use",
    "This {entity} cannot be deleted because other records use it: {uses}. Archive it instead.",
)

ADDITIVE = {"work_package_share": "amount_cents"}
"""When both records have a row where only one may exist, these amounts are added up."""


@dataclass(frozen=True)
class Reference:
    table: Table
    column: Column[int]
    cascade: bool

    @property
    def name(self) -> str:
        return f"{self.table.name}.{self.column.name}"


def references_to(table_name: str) -> Iterator[Reference]:
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == table_name and table.name != table_name:
                yield Reference(table, fk.parent, (fk.ondelete or "").upper() == "CASCADE")


def count_uses(session: Session, table_name: str, row_id: int) -> dict[str, int]:
    """Non-cascading references to one row: {"mobility": 2, "application": 1}."""
    uses: dict[str, int] = {}
    for ref in references_to(table_name):
        if ref.cascade:
            continue
        n = session.execute(
            select(func.count()).select_from(ref.table).where(ref.column == row_id)
        ).scalar_one()
        if n:
            uses[ref.table.name] = uses.get(ref.table.name, 0) + int(n)
    return uses


def describe_uses(uses: dict[str, int]) -> str:
    return ", ".join(
        f"{n} {table.replace('_', ' ')}{'' if n == 1 else ' rows'}" for table, n in sorted(uses.items())
    )


def move_references(session: Session, table_name: str, keep_id: int, drop_id: int) -> dict[str, int]:
    """Point every reference to ``drop_id`` at ``keep_id``; rows that would break a unique
    constraint are folded into the kept record's row (amounts added) and removed."""
    moved: dict[str, int] = {}
    for ref in references_to(table_name):
        _fold_unique_conflicts(session, ref, keep_id, drop_id)
        result = session.execute(
            update(ref.table).where(ref.column == drop_id).values({ref.column.name: keep_id})
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            moved[ref.name] = count
    return moved


def _fold_unique_conflicts(session: Session, ref: Reference, keep_id: int, drop_id: int) -> None:
    table = ref.table
    for constraint in table.constraints:
        columns = list(getattr(constraint, "columns", []))
        if constraint.__class__.__name__ != "UniqueConstraint" or ref.column not in columns:
            continue
        others = [c for c in columns if c is not ref.column]
        keep_rows = table.alias("keep_rows")
        match = and_(keep_rows.c[ref.column.name] == keep_id, *(keep_rows.c[c.name] == c for c in others))
        pk = table.c.id
        conflicts = session.execute(
            select(pk, keep_rows.c.id).where(ref.column == drop_id).where(match)
        ).all()
        amount = ADDITIVE.get(table.name)
        for drop_row, keep_row in conflicts:
            if amount:
                extra = session.execute(select(table.c[amount]).where(pk == drop_row)).scalar_one()
                session.execute(update(table).where(pk == keep_row).values({amount: table.c[amount] + extra}))
            session.execute(delete(table).where(pk == drop_row))
