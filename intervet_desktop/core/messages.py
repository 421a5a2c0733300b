"""One catalogue of user-facing messages.

Core, services and the command line cannot use Qt, so every problem they report is a
``Message``: a stable code with parameters. The command line renders it in English with
``render``; the UI renders the same English template through Qt's translator (context
``"messages"``), so translations attach to the template text without touching services.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

CATALOGUE: dict[str, str] = {
    # files and databases
    "db_not_found": "The database {path} does not exist.",
    "db_empty_file": "{path} is an empty file, not an InterVET database. It was left untouched.",
    "db_not_sqlite": "{path} is not an InterVET database (it is not an SQLite file). It was left untouched.",
    "db_damaged": "The database {path} is damaged ({detail}). It was left untouched; restore a backup.",
    "db_newer": (
        "The database {path} was written by a newer version of InterVET Desktop (revision {revision}). "
        "This version cannot open it; it was left untouched."
    ),
    "db_not_intervet": "{path} is an SQLite file but not an InterVET database. It was left untouched.",
    "db_folder_readonly": "The folder {folder} cannot be written to, so the database cannot be opened there.",
    "db_locked": (
        "The database {path} is open in another InterVET Desktop: user {user} on {host} "
        "(process {pid}, since {since}). Close it there first."
    ),
    "db_lock_unreadable": "The database {path} is locked by another program. Close it there first.",
    "db_unreadable": "The database {path} cannot be read: {detail}",
    "db_migration_failed": (
        "Upgrading the database {path} failed ({detail}). It was restored from the backup {backup}."
    ),
    "db_network_folder": (
        "{path} is on a network or synchronised folder. Keep the database on this laptop; "
        "use Backup to copy it elsewhere."
    ),
    "db_disk_full": (
        "The database {path} could not be written: the disk is full. Nothing was saved; "
        "free some space and try again."
    ),
    "db_io_error": (
        "The database {path} could not be written: the disk reported an input/output error. "
        "Nothing was saved; check the disk, and restore a backup if this happens again."
    ),
    "db_busy": (
        "The database {path} is busy: another program kept it locked for too long. "
        "Nothing was saved; try again in a moment."
    ),
    "db_became_readonly": (
        "The database {path} cannot be written any more (the file or its folder is read-only). "
        "Nothing was saved."
    ),
    "file_not_found": "The file {path} does not exist.",
    "file_unwritable": "{path} cannot be written: {detail}",
    # generic validation
    "field_required": "{field} is required.",
    "field_invalid": "{field} is not valid: {detail}",
    "field_too_long": "{field} is longer than {max} characters.",
    "value_not_a_number": "{field}: '{value}' is not a number.",
    "value_not_an_amount": "{field}: '{value}' is not an amount of money.",
    "value_negative": "{field} cannot be negative.",
    "value_out_of_range": "{field} must be between {min} and {max} (it is {value}).",
    "month_invalid": "{field}: '{value}' is not a month (use YYYY-MM, like 2025-03).",
    "date_in_future": "{field} cannot be in the future.",
    "date_order": "{end_field} ({end}) is before {start_field} ({start}).",
    "unknown_choice": "{field}: '{value}' is not one of {choices}.",
    "unknown_country": "{field}: '{value}' is not a known country code.",
    "not_found": "No {entity} with {key} '{value}'.",
    "in_use": "{entity} '{name}' cannot be deleted: {reason}. Archive it instead.",
    "project_code_invalid": (
        "Project code '{value}' does not look like a grant agreement number "
        "(e.g. 2025-1-FI01-KA122-VET-000123456)."
    ),
    "project_code_taken": "A project with the code {value} already exists.",
    # rows in files
    "row_problem": "Row {row}, {field}: {detail}",
    # generic wrapper for a bug
    "internal_error": "Something went wrong inside InterVET Desktop. Details are in the log file {log}.",
}


@dataclass(frozen=True)
class Plural:
    """The English forms of a plural message and the parameter whose value picks one."""

    one: str
    other: str
    count: str


#: plural messages by code (their CATALOGUE entry is the ``other`` form)
PLURALS: dict[str, Plural] = {}

#: message parameters that hold a field key, shown as the field's label
FIELD_PARAMS = frozenset({"field", "label", "start_field", "end_field"})

#: field key -> English label (the UI translates labels in the context "fields")
FIELD_LABELS: dict[str, str] = {
    "account_holder": "Account holder",
    "action": "Action",
    "activity_type": "Activity type",
    "actual_end": "Actual end",
    "actual_start": "Actual start",
    "address": "Address",
    "amount": "Amount",
    "appeal_deadline": "Appeal deadline",
    "balance_days": "Balance days",
    "bm_activity_id": "BM mobility activity ID",
    "budget_item": "Budget item",
    "call_year": "Call year",
    "city": "City",
    "code": "Code",
    "country": "Country",
    "course_days": "Course days",
    "destination_city": "Destination city",
    "destination_country": "Destination country",
    "direction": "Direction",
    "distance_km": "Distance",
    "email": "E-mail",
    "emergency_contact_name": "Emergency contact",
    "end": "End",
    "end_date": "End date",
    "exceptional_cost": "Exceptional costs",
    "fewer_opportunities_category": "Category",
    "first_name": "First name",
    "force_majeure": "Force majeure",
    "hours_per_week": "Hours per week",
    "kind": "Kind",
    "last_name": "Last name",
    "lodged_on": "Appeal lodged on",
    "lump_sum": "Lump sum",
    "measured_on": "Measured on",
    "method": "Method",
    "month": "Month",
    "nace_code": "NACE code",
    "name": "Name",
    "new_end": "New end",
    "origin_city": "Origin city",
    "origin_country": "Origin country",
    "paid_on": "Paid on",
    "participant": "Participant",
    "places_total": "Places",
    "planned_end": "Planned end",
    "planned_start": "Planned start",
    "postcode": "Postcode",
    "preferred_end": "Preferred end",
    "preferred_start": "Preferred start",
    "prefinancing_share": "Pre-financing share",
    "project": "Project",
    "project_code": "Project code",
    "project_start": "Project start",
    "provisional_ranking": "Provisional ranking",
    "reason": "Reason",
    "received_on": "Received on",
    "receiving_country": "Receiving country",
    "receiving_org": "Receiving organisation",
    "region": "Region",
    "role": "Role",
    "school_name": "School name",
    "sector": "Sector",
    "signed_on": "Signed on",
    "size": "Size",
    "spent_on": "Spent on",
    "start": "Start",
    "start_date": "Start date",
    "status": "Status",
    "title": "Title",
    "transfer_rule": "Transfer rule",
    "transferred_on": "Transferred on",
    "transport": "Transport",
    "travel_days": "Funded travel days",
    # learners (issue 19)
    "guardian_name": "Parent or guardian",
    "guardian_contact": "Contact of the parent or guardian",
    "consent_signed": "Parental consent",
    "consent_attachment": "Signed consent form",
    "graduation_date": "Graduation date",
    "accompanied_learners": "Accompanied learners",
    "emergency_contacts": "Emergency contacts",
    "insurance_policy": "Insurance policy",
    "learning_outcomes": "Learning outcomes",
    "host_tutor": "Tutor at the host",
    "school_mentor": "Mentor at school",
    "recognition": "Assessment and recognition",
}


@dataclass(frozen=True)
class Message:
    """A user-facing message as a code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        return render(self)


def msg(code: str, **params: Any) -> Message:
    if code not in CATALOGUE:
        raise KeyError(f"message code {code!r} is not in the catalogue")
    return Message(code, params)


def template(code: str) -> str:
    return CATALOGUE[code]


def english(message: Message) -> str:
    """The English template of ``message``: for a plural message, the form its count needs."""
    plural = PLURALS.get(message.code)
    if plural is None:
        return CATALOGUE[message.code]
    return plural.one if message.params.get(plural.count) == 1 else plural.other


def render(
    message: Message,
    *,
    templates: Mapping[str, str] | None = None,
    labels: Callable[[str], str] | None = None,
) -> str:
    """Render in English (or with translated ``templates`` given by the UI).

    Parameters named in ``FIELD_PARAMS`` hold field keys; ``labels`` turns a key's English label
    into the reader's language (the UI passes its translator; the CLI shows English).
    """
    text = (templates or {}).get(message.code) or english(message)
    values = {
        k: _label(v, labels) if k in FIELD_PARAMS else _fmt(v, labels) for k, v in message.params.items()
    }
    try:
        return text.format(**values)
    except (KeyError, IndexError):
        return f"{message.code}: {dict(message.params)}"


def _label(value: Any, labels: Callable[[str], str] | None) -> Any:
    label = FIELD_LABELS.get(value) if isinstance(value, str) else None
    if label is None:
        return _fmt(value, labels)  # an option name (--start) or a label already in words
    return labels(label) if labels else label


def _fmt(value: Any, labels: Callable[[str], str] | None = None) -> Any:
    if isinstance(value, Message):
        return render(value, labels=labels)
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return value


def register_plural(code: str, one: str, other: str, *, count: str = "count") -> None:
    """A message whose wording follows a number (``1 row``, ``2 rows``): ``count`` names the
    parameter that picks the form. Translations carry every form their language needs (PO
    ``msgid_plural``); English has two."""
    if code in PLURALS and PLURALS[code] != Plural(one, other, count):
        raise KeyError(f"message code {code!r} is already registered with another text")
    PLURALS[code] = Plural(one, other, count)
    CATALOGUE[code] = other


def counted(count: int, one: str, other: str) -> str:
    """English text with a number for the command line: ``counted(1, "row", "rows")`` -> '1 row'."""
    return f"{count} {one if count == 1 else other}"


def register(code: str, text: str) -> None:
    """Let a feature module add its own message codes at import time (codes stay unique)."""
    if code in CATALOGUE and CATALOGUE[code] != text:
        raise KeyError(f"message code {code!r} is already registered with another text")
    CATALOGUE[code] = text
