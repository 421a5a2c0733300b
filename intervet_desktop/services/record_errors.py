"""Errors shared by the directory services (people and organisations)."""

from __future__ import annotations

from intervet_desktop.core.errors import UserError
from intervet_desktop.core.messages import msg, register
from intervet_desktop.services.references import describe_uses

register("record_not_found", "There is no {entity} #{id} (it may have been deleted or merged).")
register("merge_same_record", "A record cannot be merged with itself.")


class RecordInUseError(UserError):
    """Delete refused: other records use this one. ``can_archive`` tells the UI to offer Archive."""

    can_archive = True

    def __init__(self, entity: str, record_id: int, uses: dict[str, int]) -> None:
        super().__init__(msg("record_in_use", entity=entity, uses=describe_uses(uses)))
        self.entity = entity
        self.record_id = record_id
        self.uses = uses


def not_found(entity: str, record_id: int) -> UserError:
    return UserError(msg("record_not_found", entity=entity, id=record_id))
