"""What a user action changed, broadcast by the app so pages refresh themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class Changes:
    """Kinds of rows changed, with ids where known (an empty id set means "some or all")."""

    kinds: dict[str, set[int]] = field(default_factory=dict)

    def add(self, kind: str, ids: Iterable[int | None] = ()) -> Changes:
        bucket = self.kinds.setdefault(kind, set())
        bucket.update(i for i in ids if i is not None)
        return self

    def merge(self, other: Changes) -> Changes:
        for kind, ids in other.kinds.items():
            self.add(kind, ids)
        return self

    def touches(self, *kinds: str) -> bool:
        return any(k in self.kinds for k in kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    @classmethod
    def of(cls, kind: str, *ids: int | None) -> Changes:
        return cls().add(kind, ids)


@dataclass(frozen=True)
class Result(Generic[T]):
    """What a write returns: a DTO (or None) and what changed."""

    value: T
    changes: Changes
