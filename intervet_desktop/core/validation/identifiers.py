"""Erasmus+ organisation identifiers: OID (E + 8 digits) and PIC (9 digits)."""

from __future__ import annotations

import re

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.validation.result import blank, problem, text

register(
    "oid_invalid",
    "An Organisation ID (OID) is the letter E followed by 8 digits, like E10208745; '{value}' is not.",
)
register("oid_taken", "Another organisation already has the OID {value}: {name}.")
register("pic_invalid", "A PIC is exactly 9 digits, like 949876543; '{value}' is not.")

_OID = re.compile(r"E\d{8}")
_PIC = re.compile(r"\d{9}")


def oid(value: object, field: str = "oid") -> str | None | Problem:
    """'e 1020 8745' -> 'E10208745'; empty -> None (a host may not have registered yet)."""
    if blank(value):
        return None
    raw = text(value)
    compact = re.sub(r"[\s\-.]", "", raw).upper()
    if not _OID.fullmatch(compact):
        return problem(field, "oid_invalid", value=raw)
    return compact


def pic(value: object, field: str = "pic") -> str | None | Problem:
    if blank(value):
        return None
    raw = text(value)
    compact = re.sub(r"[\s\-.]", "", raw)
    if not _PIC.fullmatch(compact):
        return problem(field, "pic_invalid", value=raw)
    return compact
