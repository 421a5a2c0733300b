"""What a user action changed, broadcast by the app so pages refresh themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")


class Kind(StrEnum):
    """What kind of rows a write changed: services report these, pages watch these (one list)."""

    APPLICATION = "application"
    ATTACHMENT = "attachment"
    CALL = "call"
    CONTACT = "contact"
    DISSEMINATION_EVENT = "dissemination_event"
    DOCUMENT = "document"
    DOCUMENT_SIGNATURE = "document_signature"
    EVIDENCE_ITEM = "evidence_item"
    FUNDING_OPPORTUNITY = "funding_opportunity"
    FX_RATE = "fx_rate"
    GRANT_LINE = "grant_line"
    IN_KIND = "in_kind"
    MOBILITY = "mobility"
    NA_PAYMENT = "na_payment"
    NETWORK_CONTACT = "network_contact"
    NETWORK_MEETING = "network_meeting"
    OFFICE_DEADLINE = "office_deadline"
    OFFICE_MEMBER = "office_member"
    OFFICE_PROCEDURE = "office_procedure"
    ORGANISATION = "organisation"
    PARTNER_TRANSFER = "partner_transfer"
    PAYMENT = "payment"
    PERSON = "person"
    PROJECT = "project"
    RATE_SET = "rate_set"
    ROADMAP_ACTION = "roadmap_action"
    ROADMAP_INDICATOR = "roadmap_indicator"
    ROADMAP_OBJECTIVE = "roadmap_objective"
    SCORE = "score"
    SETTING = "setting"
    STAFF_TRAINING = "staff_training"
    WORK_PACKAGE = "work_package"

    @classmethod
    def of_table(cls, table: str) -> Kind | None:
        """The kind a row of ``table`` belongs to (None for bookkeeping tables no page shows)."""
        if table in _BOOKKEEPING:
            return None
        return _TABLE_KINDS.get(table) or cls(table)


#: tables whose rows belong to another kind's record (a person's languages are the person's)
_TABLE_KINDS: dict[str, Kind] = {
    "app_setting": Kind.SETTING,
    "in_kind_expense": Kind.IN_KIND,
    "mobility_programme": Kind.MOBILITY,
    "learner_details": Kind.MOBILITY,
    "accompanied_learner": Kind.MOBILITY,
    "mobility_status_event": Kind.MOBILITY,
    "person_language": Kind.PERSON,
    "call_quota": Kind.CALL,
    "call_event": Kind.CALL,
    "call_criterion": Kind.CALL,
    "evaluator": Kind.CALL,
    "application_preference": Kind.APPLICATION,
    "application_event": Kind.APPLICATION,
    "conflict_of_interest": Kind.APPLICATION,
    "project_partner": Kind.PROJECT,
    "budget_line": Kind.PROJECT,
    "work_package_share": Kind.WORK_PACKAGE,
    "work_package_activity": Kind.WORK_PACKAGE,
    "work_package_cost": Kind.WORK_PACKAGE,
}
_BOOKKEEPING = frozenset({"audit_entry", "import_mapping"})


@dataclass
class Changes:
    """Kinds of rows changed, with ids where known (an empty id set means "some or all")."""

    kinds: dict[Kind, set[int]] = field(default_factory=dict)

    def add(self, kind: Kind, ids: Iterable[int | None] = ()) -> Changes:
        bucket = self.kinds.setdefault(kind, set())
        bucket.update(i for i in ids if i is not None)
        return self

    def add_tables(self, tables: Iterable[str]) -> Changes:
        """Add the kinds that rows of these tables belong to (bulk writes, merges)."""
        for table in tables:
            kind = Kind.of_table(table)
            if kind is not None:
                self.add(kind)
        return self

    def merge(self, other: Changes) -> Changes:
        for kind, ids in other.kinds.items():
            self.add(kind, ids)
        return self

    def touches(self, *kinds: Kind) -> bool:
        return any(k in self.kinds for k in kinds)

    def __bool__(self) -> bool:
        return bool(self.kinds)

    @classmethod
    def of(cls, kind: Kind, *ids: int | None) -> Changes:
        return cls().add(kind, ids)


@dataclass(frozen=True)
class Result(Generic[T]):
    """What a write returns: a DTO (or None) and what changed."""

    value: T
    changes: Changes
