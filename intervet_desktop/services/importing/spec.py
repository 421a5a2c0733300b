"""What an entity contributes to the generic importer: its fields and how to clean and match rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, SQLModel

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.validation.result import blank, text
from intervet_desktop.services.changes import Kind

Parser = Callable[[Any, str], Any]
"""(cell value, field key) -> clean value, or a Problem."""


def as_text(value: Any, field: str) -> Any:
    return None if blank(value) else text(value)


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    parse: Parser = as_text
    required: bool = False
    columns: tuple[str, ...] = ()  # table columns this field fills (default: the key)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.key, self.key.replace("_", " "), self.label, *self.aliases)

    @property
    def targets(self) -> tuple[str, ...]:
        return self.columns or (self.key,)


@dataclass(frozen=True)
class ImportContext:
    """What row cleaning may look up (loaded once per import)."""

    lookups: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportSpec:
    kind: str  # "people", "organisations" (the CLI's KIND)
    entity: Kind  # audit entity and Changes kind
    model: type[SQLModel]
    fields: tuple[FieldSpec, ...]
    # parsed field values -> (column values with keys filled, problems); row-level rules
    clean_row: Callable[[dict[str, Any], ImportContext], tuple[dict[str, Any], list[Problem]]]
    # keys that identify the same record ("email:x@y.eu"): a hit updates the existing record
    match_keys: Callable[[dict[str, Any]], list[str]]
    # keys that suggest a likely duplicate (same name and birth date...): reported, not imported
    duplicate_keys: Callable[[dict[str, Any]], list[str]]
    # existing records: (match key -> id, duplicate key -> id)
    existing: Callable[[Session], tuple[dict[str, int], dict[str, int]]]
    # search/sort keys from a record's full column values
    keys: Callable[[dict[str, Any]], dict[str, str]]
    context: Callable[[Session], ImportContext] = lambda session: ImportContext()
    sensitive: frozenset[str] = frozenset()
    # values kept outside the table (keys starting with "_", e.g. a person's languages):
    # load_extras(session, ids) -> {id: {"_key": value}} for comparing, write_extras(session, [(id, extras)])
    load_extras: Callable[[Session, list[int]], dict[int, dict[str, Any]]] | None = None
    write_extras: Callable[[Session, list[tuple[int, dict[str, Any]]]], object] | None = None
    # after updates: {id: changed columns} (e.g. refresh denormalised keys of linked rows)
    after_update: Callable[[Session, dict[int, set[str]]], object] | None = None

    def field(self, key: str) -> FieldSpec:
        for spec in self.fields:
            if spec.key == key:
                return spec
        raise KeyError(key)

    @property
    def aliases(self) -> dict[str, tuple[str, ...]]:
        return {f.key: f.names for f in self.fields}
