"""The fields InterVET knows how to fill in a BM import file, each a small spec: the header the
default column set uses, other spellings seen in BM and MT+ templates, the MT+-style marker of
the second row, and how to get the value from a ``MobilityRow``.

The default column set is a best guess from the documented fields; a fresh BM export is the
reference (see ``layout.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from intervet_desktop.exports.bm import values as v

MOBILITY_DATA_TYPE = "Mobility Activity"


@dataclass(frozen=True, slots=True)
class MobilityRow:
    """One mobility as the BM sees it. Carries no sensitive data: no health, special needs or
    fewer-opportunities category; only the YES/NO flag."""

    mobility_id: int
    grant_agreement_no: str
    bm_activity_id: str | None
    activity_type: str
    direction: str
    is_accompanying: bool
    first_name: str
    last_name: str
    gender: str
    birth_date: date | None
    nationality: str | None
    email: str | None
    fewer_opportunities: bool
    sending_org_id: int | None
    sending_oid: str | None
    sending_country: str | None
    sending_city: str | None
    receiving_org_id: int | None
    receiving_oid: str | None
    receiving_country: str | None
    receiving_city: str | None
    start: date
    end: date
    travel_days: int
    green_travel: bool
    transport_mode: str | None
    distance_km: int | None
    other_languages: tuple[str, ...] = ()
    course_days: int = 0
    force_majeure: bool = False
    org_support_not_requested: bool = False
    real_travel_cost_cents: int | None = None
    status: str = "planned"
    sending_name: str = ""
    receiving_name: str = ""
    # local grant lines (None when the grant was never computed)
    travel_cents: int | None = None
    individual_support_cents: int | None = None
    organisational_support_cents: int | None = None

    @property
    def participant(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def duration_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def funded_days(self) -> int:
        return self.duration_days + self.travel_days


@dataclass(frozen=True)
class ExportOptions:
    greece: str = "EL"  # "EL" (EU style) or "GR" (ISO)
    max_other_languages: int = 3


Cell = str | int | None
Getter = Callable[[MobilityRow, ExportOptions], Cell]


@dataclass(frozen=True)
class BmField:
    key: str
    header: str
    get: Getter | None
    aliases: tuple[str, ...] = ()
    marker: str = ""
    #: on the itinerary sub-row rather than the mobility row, when the template has sub-rows
    itinerary: bool = False
    #: on both rows (the keys that tie a sub-row to its mobility)
    key_column: bool = False
    #: computed by the BM: left empty on export, read back for reconciliation
    computed_by_bm: bool = False
    headers: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "headers", (self.header, *self.aliases))


def _oid(value: str | None) -> str:
    return (value or "").strip().upper()


def _amount(cents: int | None) -> str:
    return "" if cents is None else f"{cents // 100}.{cents % 100:02d}"


FIELDS: tuple[BmField, ...] = (
    BmField("data_type", "Data type", lambda r, o: MOBILITY_DATA_TYPE, ("Data Type*",), "*", key_column=True),
    BmField(
        "grant_agreement_no",
        "Grant Agreement No.",
        lambda r, o: r.grant_agreement_no,
        ("Grant Agreement Number", "Project Number", "Project ID", "Project Code", "Agreement Number"),
        "*",
        key_column=True,
    ),
    BmField(
        "bm_activity_id",
        "Mobility Activity ID",
        lambda r, o: r.bm_activity_id or "",
        ("Mobility ID", "Activity ID", "Mobility Activity Identifier", "Mobility Activity Id No."),
        "*",
        key_column=True,
    ),
    BmField("activity_type", "Activity Type", lambda r, o: r.activity_type, ("Activity",), "DICT"),
    BmField(
        "first_name",
        "Participant First Name",
        lambda r, o: r.first_name,
        ("First Name", "Participant First Name(s)", "Given Name"),
        "*",
    ),
    BmField(
        "last_name",
        "Participant Last Name",
        lambda r, o: r.last_name,
        ("Last Name", "Participant Last Name(s)", "Surname", "Family Name"),
        "*",
    ),
    BmField("gender", "Participant Gender", lambda r, o: v.gender_word(r.gender), ("Gender", "Sex"), "DICT"),
    BmField(
        "birth_date",
        "Participant Date of Birth",
        lambda r, o: v.bm_date(r.birth_date),
        ("Date of Birth", "Birth Date", "Participant Birth Date", "DOB"),
        "DD-MM-YYYY",
    ),
    BmField(
        "nationality",
        "Participant Nationality",
        lambda r, o: v.bm_country(r.nationality, o.greece),
        ("Nationality", "Citizenship"),
        "DICT",
    ),
    BmField(
        "email",
        "Participant Email",
        lambda r, o: r.email or "",
        ("Email", "E-mail", "Participant E-mail", "Participant Email Address", "Email Address"),
    ),
    BmField(
        "is_accompanying",
        "Accompanying Person",
        lambda r, o: v.yes_no(r.is_accompanying),
        ("Is Accompanying Person", "Accompanying Person (YES/NO)"),
        "YES/NO",
    ),
    BmField(
        "fewer_opportunities",
        "Participant with Fewer Opportunities",
        lambda r, o: v.yes_no(r.fewer_opportunities),
        (
            "Fewer Opportunities",
            "Participant With Fewer Opportunities (YES/NO)",
            "Fewer Opportunities (YES/NO)",
        ),
        "YES/NO",
    ),
    BmField(
        "sending_oid",
        "Sending Organisation OID",
        lambda r, o: _oid(r.sending_oid),
        ("Sending Organization OID", "Sending Organisation ID", "Sending Organization ID", "Sending OID"),
        "*",
    ),
    BmField(
        "sending_country",
        "Sending Country",
        lambda r, o: v.bm_country(r.sending_country, o.greece),
        ("Sending Organisation Country", "Sending Organization Country", "Country of Origin"),
        "DICT",
    ),
    BmField(
        "sending_city",
        "Sending City",
        lambda r, o: r.sending_city or "",
        ("Sending Organisation City", "Sending Organization City", "City of Origin"),
    ),
    BmField(
        "receiving_oid",
        "Receiving Organisation OID",
        lambda r, o: _oid(r.receiving_oid),
        (
            "Receiving Organization OID",
            "Receiving Organisation ID",
            "Receiving Organization ID",
            "Receiving OID",
            "Host Organisation OID",
        ),
        "*",
        itinerary=True,
    ),
    BmField(
        "receiving_country",
        "Receiving Country",
        lambda r, o: v.bm_country(r.receiving_country, o.greece),
        ("Receiving Organisation Country", "Receiving Organization Country", "Destination Country"),
        "DICT",
        itinerary=True,
    ),
    BmField(
        "receiving_city",
        "Receiving City",
        lambda r, o: r.receiving_city or "",
        ("Receiving Organisation City", "Receiving Organization City", "Destination City"),
        itinerary=True,
    ),
    BmField(
        "start",
        "Start Date",
        lambda r, o: v.bm_date(r.start),
        ("Start Date of Activity", "Mobility Start Date", "Start Date (DD-MM-YYYY)", "Start"),
        "DD-MM-YYYY",
    ),
    BmField(
        "end",
        "End Date",
        lambda r, o: v.bm_date(r.end),
        ("End Date of Activity", "Mobility End Date", "End Date (DD-MM-YYYY)", "End"),
        "DD-MM-YYYY",
    ),
    BmField(
        "duration",
        "Duration (in days)",
        lambda r, o: r.duration_days,
        ("Duration", "Duration Calculated (Days)", "Duration of Activity (Days)", "Activity Duration"),
        "NUMBER",
    ),
    BmField(
        "travel_days",
        "Funded Travel Days",
        lambda r, o: r.travel_days,
        ("Travel Days", "Number of Travel Days", "Funded Travel Days (in days)"),
        "NUMBER",
    ),
    BmField(
        "funded_duration",
        "Funded duration including travel days (in days)",
        lambda r, o: r.funded_days,
        ("Funded Duration Including Travel Days", "Funded Duration (Days)", "Funded Duration"),
        "NUMBER",
        itinerary=True,
    ),
    BmField(
        "distance_band",
        "Distance Band",
        lambda r, o: v.distance_band(r.distance_km),
        ("Distance Band (km)", "Travel Distance Band", "Distance"),
        "DICT",
    ),
    BmField(
        "green_travel",
        "Green Travel",
        lambda r, o: v.yes_no(r.green_travel),
        ("Sustainable Means of Transport", "Green Travel (YES/NO)", "Sustainable Travel"),
        "YES/NO",
    ),
    BmField(
        "transport_mode",
        "Main Means of Transport",
        lambda r, o: v.transport_word(r.transport_mode),
        ("Means of Transport", "Main Mean of Transport", "Transport"),
        "DICT",
    ),
    BmField(
        "other_languages",
        "Other Used Languages",
        lambda r, o: ",".join(r.other_languages[: o.max_other_languages]),
        ("Other Languages", "Other Language(s) Used", "Other Used Language"),
        "DICT",
    ),
    BmField(
        "course_days",
        "Course Fees - Number of Days",
        lambda r, o: r.course_days if r.course_days else "",
        ("Course Fees Number of Days", "Course Days", "Number of Course Days"),
        "NUMBER",
    ),
    BmField(
        "force_majeure",
        "Force Majeure",
        lambda r, o: v.yes_no(r.force_majeure),
        ("Force Majeure (YES/NO)",),
        "YES/NO",
    ),
    BmField(
        "org_support_not_requested",
        "Organisational Support Grant Not Requested",
        lambda r, o: v.yes_no(r.org_support_not_requested),
        ("Organisation Support Grant Not Requested", "Organizational Support Grant Not Requested"),
        "YES/NO",
    ),
    BmField(
        "expensive_travel",
        "Request Exceptional Cost for Expensive Travel",
        lambda r, o: v.yes_no(r.real_travel_cost_cents is not None),
        ("Exceptional Cost for Expensive Travel", "Request Exceptional Costs for Expensive Travel"),
        "YES/NO",
    ),
    BmField(
        "real_travel_cost",
        "Real Travel Cost (EUR)",
        lambda r, o: _amount(r.real_travel_cost_cents),
        ("Real Travel Cost", "Expensive Travel Real Cost"),
        "NUMBER",
    ),
    # computed by the BM: read back for the reconciliation, never written
    BmField(
        "travel_grant",
        "Travel Grant",
        None,
        ("Travel", "Travel Grant (EUR)", "Travel Support", "Travel Grant Amount"),
        computed_by_bm=True,
    ),
    BmField(
        "individual_support_grant",
        "Individual Support Grant",
        None,
        ("Individual Support", "Individual Support (EUR)", "Individual Support Grant (EUR)"),
        computed_by_bm=True,
    ),
    BmField(
        "organisational_support_grant",
        "Organisational Support Grant",
        None,
        (
            "Organisational Support",
            "Organisational Support (EUR)",
            "Organizational Support",
            "Organizational Support Grant",
            "Organisation Support Grant",
        ),
        computed_by_bm=True,
    ),
)

BY_KEY = {f.key: f for f in FIELDS}

#: What the app writes without a template: every field it can fill, in this order.
DEFAULT_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS if not f.computed_by_bm)

#: Headers that name sensitive data: a template column like these stays empty, always.
SENSITIVE_WORDS = (
    "health",
    "special needs",
    "disability",
    "medical",
    "ethnic",
    "religio",
    "fewer opportunities category",
    "fewer opportunities type",
    "type of fewer opportunities",
    "kind of fewer opportunities",
    "fewer opportunities details",
    "emergency",
    "iban",
    "bank",
)
