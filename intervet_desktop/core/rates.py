"""Rate sets: versioned unit-cost tables as JSON documents (DESIGN.md section 5).

``load_rate_set`` turns a JSON document into a typed ``RateSet`` and reports every schema problem as a
``Problem`` naming the JSON path (``travel_bands[2].standard``); ``dump_rate_set`` writes it back so
that ``dump(load(doc)) == doc`` for every valid document (keys, order and the codes as written).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from intervet_desktop.core.country_codes import is_country_code, normalise_country
from intervet_desktop.core.errors import Problem, ValidationError
from intervet_desktop.core.messages import msg, register

SCHEMA_VERSION = 1

register("rates_not_json", "The rate set is not valid JSON: {detail}")
register("rates_field_missing", "Rate set field {path} is missing.")
register("rates_field_unknown", "Rate set field {path} is not part of the schema.")
register("rates_field_type", "Rate set field {path} must be {expected}.")
register(
    "rates_amount", 'Rate set field {path} must be an amount as a string with two decimals (e.g. "80.00").'
)
register("rates_factor", 'Rate set field {path} must be a decimal string between 0 and 1 (e.g. "0.70").')
register(
    "rates_schema_version",
    "Rate set field {path}: schema {value} is not supported (this version reads {supported}).",
)
register("rates_bands_order", "Rate set field {path}: bands must follow each other without gaps ({detail}).")
register("rates_country", "Rate set field {path}: '{value}' is not a country code.")
register("rates_country_twice", "Rate set field {path}: {value} is in more than one group.")
register("rates_group_missing", "Rate set field {path}: no rate for country group {group}.")
register("rates_range", "Rate set field {path}: the minimum {min} is above the maximum {max}.")

AMOUNT_RE = re.compile(r"^\d{1,9}\.\d{2}$")
FACTOR_RE = re.compile(r"^(0(\.\d{1,4})?|1(\.0{1,4})?)$")

# Top-level keys in the order they are written (optional ones are written only when present).
KEYS = (
    "schema",
    "id",
    "version",
    "name",
    "call_years",
    "national_agency",
    "currency",
    "sources",
    "note",
    "unverified",
    "travel_bands",
    "travel_days",
    "country_groups",
    "individual_support_staff",
    "individual_support_learners",
    "reduced_rate",
    "organisational_support_per_participant",
    "inclusion_support_organisation",
    "course_fee_per_day",
    "course_fee_max_days",
    "expensive_travel",
    "durations",
    "organisational_support_by_activity",
    "exceptional_costs_share",
    "learner_rules",
)
OPTIONAL = {
    "unverified",
    "national_agency",
    "organisational_support_by_activity",  # absent: the flat amount per participant for every activity
    "exceptional_costs_share",  # absent: 100 % of the real costs
    "learner_rules",
}
LEARNER_RULE_KEYS = (
    "group_mobility_activity",
    "group_mobility_min_learners",
    "group_mobility_per_participant",
    "recent_graduate_months",
    "accompanying_support_max_days",
    "accompanying_max_per_learner",
)


@dataclass(frozen=True)
class TravelBand:
    """One distance band; ``max_km`` None means open-ended. ``green`` None: no green rate (standard paid)."""

    min_km: int
    max_km: int | None
    standard: Decimal
    green: Decimal | None

    def contains(self, km: int) -> bool:
        return km >= self.min_km and (self.max_km is None or km <= self.max_km)

    def label(self) -> str:
        return f"{self.min_km:,}-{self.max_km:,} km" if self.max_km is not None else f"{self.min_km:,}+ km"


@dataclass(frozen=True)
class ReducedRate:
    from_day: int
    factor: Decimal


@dataclass(frozen=True)
class ExpensiveTravel:
    threshold: Decimal
    share: Decimal


@dataclass(frozen=True)
class LearnerRules:
    """Learner-only rules of a rate set (optional key ``learner_rules``).

    ``group_mobility_per_participant`` None: the rate set gives no amount of its own for group
    mobility, so its participants get the learner daily rates like any learner. Accompanying
    persons get staff rates up to ``accompanying_support_max_days``; the days beyond are paid as
    inclusion support (a line of its own)."""

    group_mobility_activity: str
    group_mobility_min_learners: int
    group_mobility_per_participant: Decimal | None
    recent_graduate_months: int
    accompanying_support_max_days: int
    accompanying_max_per_learner: int


DEFAULT_LEARNER_RULES = LearnerRules("LM-GROUP-VET", 2, None, 12, 60, 2)


@dataclass(frozen=True)
class RateSet:
    id: str
    version: int
    name: str
    call_years: tuple[int, ...]
    national_agency: str | None
    currency: str
    sources: tuple[str, ...]
    note: str
    travel_bands: tuple[TravelBand, ...]
    travel_days_standard_max: int
    travel_days_green_max: int
    country_groups: Mapping[str, tuple[str, ...]]  # as written in the file (EL stays EL)
    individual_support_staff: Mapping[str, Decimal]
    individual_support_learners: Mapping[str, Decimal]
    reduced_rate: ReducedRate
    organisational_support_per_participant: Decimal
    inclusion_support_organisation: Decimal
    course_fee_per_day: Decimal
    course_fee_max_days: int
    expensive_travel: ExpensiveTravel
    durations: Mapping[str, tuple[int, int]]
    unverified: tuple[str, ...] | None = None
    organisational_support_by_activity: Mapping[str, Decimal] | None = None
    exceptional_costs_share: Decimal | None = None  # None: 100 % of the real costs
    learner_rules: LearnerRules | None = None
    schema: int = SCHEMA_VERSION
    has_national_agency_key: bool = True
    _group_of: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    # Computed pieces that depend only on this object's values (the calculator's memo). Not an init
    # field, so ``dataclasses.replace`` starts a fresh one for the changed copy.
    memo: dict[Any, Any] = field(init=False, default_factory=dict, compare=False, repr=False)

    def group_of(self, country: str) -> str | None:
        """The group of a receiving country (ISO or EU style: 'EL' and 'GR' both find Greece)."""
        lookup = self._group_of or _group_index(self.country_groups)
        return lookup.get(normalise_country(country))

    def organisational_support_for(self, activity_type: str) -> Decimal:
        """Organisational support per participant for this activity (the flat amount without a table)."""
        table = self.organisational_support_by_activity or {}
        return table.get(activity_type, self.organisational_support_per_participant)

    def band_for(self, km: int) -> TravelBand | None:
        """The band of a one-way distance, None below the first band (no travel grant)."""
        for band in self.travel_bands:
            if band.contains(km):
                return band
        return None

    def duration_range(self, activity_type: str) -> tuple[int, int] | None:
        return self.durations.get(activity_type)

    @property
    def learners(self) -> LearnerRules:
        """The learner rules as written, else the defaults (sets written before they existed)."""
        return self.learner_rules or DEFAULT_LEARNER_RULES

    @property
    def key(self) -> tuple[str, int]:
        return (self.id, self.version)


def _group_index(groups: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalise_country(code): group for group, codes in groups.items() for code in codes}


# ---------------------------------------------------------------------------------------- loading
class _Reader:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, **params: Any) -> None:
        self.problems.append(Problem(path, msg(code, path=path, **params)))

    def get(self, obj: Mapping[str, Any], key: str, path: str) -> Any:
        if key not in obj:
            self.problem(path, "rates_field_missing")
            return None
        return obj[key]

    def integer(self, value: Any, path: str, *, minimum: int = 0, nullable: bool = False) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(path, "rates_field_type", expected=f"a whole number >= {minimum}")
            return None
        return value

    def text(self, value: Any, path: str, *, nullable: bool = False) -> str | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or (not value.strip() and not nullable):
            self.problem(path, "rates_field_type", expected="a non-empty text")
            return None
        return value

    def amount(self, value: Any, path: str, *, nullable: bool = False) -> Decimal | None:
        if value is None and nullable:
            return None
        if not isinstance(value, str) or not AMOUNT_RE.match(value):
            self.problem(path, "rates_amount")
            return None
        return Decimal(value)

    def factor(self, value: Any, path: str) -> Decimal | None:
        if not isinstance(value, str) or not FACTOR_RE.match(value):
            self.problem(path, "rates_factor")
            return None
        try:
            return Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
            self.problem(path, "rates_factor")
            return None

    def mapping(self, value: Any, path: str) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(path, "rates_field_type", expected="an object")
            return None
        return value

    def sequence(self, value: Any, path: str) -> list[Any] | None:
        if not isinstance(value, list):
            self.problem(path, "rates_field_type", expected="a list")
            return None
        return value

    def keys(self, obj: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in obj:
            if key not in allowed:
                self.problem(f"{path}.{key}" if path else key, "rates_field_unknown")


def parse_rate_set_text(text: str) -> RateSet:
    """Parse JSON text; a file that is not JSON is one problem on the field ``(file)``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError([Problem("(file)", msg("rates_not_json", detail=str(exc)))]) from exc
    except RecursionError as exc:  # nested thousands deep: no rate set looks like that
        raise ValidationError([Problem("(file)", msg("rates_not_json", detail="nested too deep"))]) from exc
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise ValidationError([Problem("(file)", msg("rates_not_json", detail=str(exc)[:120]))]) from exc
    try:
        return load_rate_set(data)
    except RecursionError as exc:
        raise ValidationError([Problem("(file)", msg("rates_not_json", detail="nested too deep"))]) from exc


def load_rate_set(data: Any) -> RateSet:
    """Validate a decoded JSON document; raise ``ValidationError`` listing every problem."""
    r = _Reader()
    doc = r.mapping(data, "(document)")
    if doc is None:
        raise ValidationError(r.problems)
    r.keys(doc, KEYS, "")
    schema = r.integer(r.get(doc, "schema", "schema"), "schema", minimum=1)
    if schema is not None and schema != SCHEMA_VERSION:
        r.problem("schema", "rates_schema_version", value=schema, supported=SCHEMA_VERSION)
    ident = r.text(r.get(doc, "id", "id"), "id")
    version = r.integer(r.get(doc, "version", "version"), "version", minimum=1)
    name = r.text(r.get(doc, "name", "name"), "name")
    call_years: list[int] = []
    years = r.sequence(r.get(doc, "call_years", "call_years"), "call_years")
    for i, year in enumerate(years or []):
        value = r.integer(year, f"call_years[{i}]", minimum=2014)
        if value is not None:
            call_years.append(value)
    agency = r.text(doc.get("national_agency"), "national_agency", nullable=True)
    currency = r.text(r.get(doc, "currency", "currency"), "currency")
    if currency is not None and currency != "EUR":
        r.problem("currency", "rates_field_type", expected='"EUR"')
    sources: list[str] = []
    for i, source in enumerate(r.sequence(r.get(doc, "sources", "sources"), "sources") or []):
        text = r.text(source, f"sources[{i}]")
        if text is not None:
            sources.append(text)
    note = r.text(r.get(doc, "note", "note"), "note")
    unverified: list[str] | None = None
    if "unverified" in doc:
        unverified = []
        for i, item in enumerate(r.sequence(doc["unverified"], "unverified") or []):
            text = r.text(item, f"unverified[{i}]")
            if text is not None:
                unverified.append(text)

    bands = _bands(r, r.get(doc, "travel_bands", "travel_bands"))
    std_max, green_max = _travel_days(r, r.get(doc, "travel_days", "travel_days"))
    groups = _groups(r, r.get(doc, "country_groups", "country_groups"))
    staff = _group_amounts(r, doc, "individual_support_staff", groups)
    learners = _group_amounts(r, doc, "individual_support_learners", groups)
    reduced = _reduced(r, r.get(doc, "reduced_rate", "reduced_rate"))
    org = r.amount(
        r.get(doc, "organisational_support_per_participant", "organisational_support_per_participant"),
        "organisational_support_per_participant",
    )
    inclusion = r.amount(
        r.get(doc, "inclusion_support_organisation", "inclusion_support_organisation"),
        "inclusion_support_organisation",
    )
    fee = r.amount(r.get(doc, "course_fee_per_day", "course_fee_per_day"), "course_fee_per_day")
    fee_days = r.integer(r.get(doc, "course_fee_max_days", "course_fee_max_days"), "course_fee_max_days")
    expensive = _expensive(r, r.get(doc, "expensive_travel", "expensive_travel"))
    durations = _durations(r, r.get(doc, "durations", "durations"))
    org_by_activity: dict[str, Decimal] | None = None
    if "organisational_support_by_activity" in doc:
        org_by_activity = {}
        for activity, amount in (
            r.mapping(doc["organisational_support_by_activity"], "organisational_support_by_activity") or {}
        ).items():
            org_amount = r.amount(amount, f"organisational_support_by_activity.{activity}")
            if org_amount is not None:
                org_by_activity[str(activity)] = org_amount
    exceptional_share = (
        r.factor(doc["exceptional_costs_share"], "exceptional_costs_share")
        if "exceptional_costs_share" in doc
        else None
    )
    learner_rules = _learner_rules(r, doc["learner_rules"]) if "learner_rules" in doc else None

    if r.problems:
        raise ValidationError(r.problems)
    assert ident and name and currency and note is not None and schema and version
    assert org is not None and inclusion is not None and fee is not None and fee_days is not None
    assert std_max is not None and green_max is not None and reduced and expensive
    return RateSet(
        id=ident,
        version=version,
        name=name,
        call_years=tuple(call_years),
        national_agency=agency,
        currency=currency,
        sources=tuple(sources),
        note=note,
        travel_bands=tuple(bands),
        travel_days_standard_max=std_max,
        travel_days_green_max=green_max,
        country_groups=groups,
        individual_support_staff=staff,
        individual_support_learners=learners,
        reduced_rate=reduced,
        organisational_support_per_participant=org,
        inclusion_support_organisation=inclusion,
        course_fee_per_day=fee,
        course_fee_max_days=fee_days,
        expensive_travel=expensive,
        durations=durations,
        unverified=tuple(unverified) if unverified is not None else None,
        organisational_support_by_activity=org_by_activity,
        exceptional_costs_share=exceptional_share,
        learner_rules=learner_rules,
        schema=schema,
        has_national_agency_key="national_agency" in doc,
        _group_of=_group_index(groups),
    )


def _bands(r: _Reader, value: Any) -> list[TravelBand]:
    bands: list[TravelBand] = []
    items = r.sequence(value, "travel_bands")
    if items is None:
        return bands
    if not items:
        r.problem("travel_bands", "rates_field_type", expected="a non-empty list")
    checked, prev_max = False, None  # whether the previous band's edges were readable, and its end
    for i, item in enumerate(items):
        path = f"travel_bands[{i}]"
        band = r.mapping(item, path)
        if band is None:
            checked = False
            continue
        r.keys(band, ("min_km", "max_km", "standard", "green"), path)
        lo = r.integer(r.get(band, "min_km", f"{path}.min_km"), f"{path}.min_km")
        hi = r.integer(r.get(band, "max_km", f"{path}.max_km"), f"{path}.max_km", nullable=True)
        std = r.amount(r.get(band, "standard", f"{path}.standard"), f"{path}.standard")
        green = r.amount(r.get(band, "green", f"{path}.green"), f"{path}.green", nullable=True)
        if lo is None or (hi is None and band.get("max_km") is not None):
            checked = False
            continue
        if hi is not None and hi < lo:
            r.problem(f"{path}.max_km", "rates_range", min=lo, max=hi)
        elif i > 0 and checked and (prev_max is None or prev_max + 1 != lo):
            r.problem(
                f"{path}.min_km",
                "rates_bands_order",
                detail=f"the previous band ends at {prev_max}, this one starts at {lo}",
            )
        checked, prev_max = True, hi
        if std is None:
            continue
        bands.append(TravelBand(lo, hi, std, green))
    return bands


def _travel_days(r: _Reader, value: Any) -> tuple[int | None, int | None]:
    days = r.mapping(value, "travel_days")
    if days is None:
        return None, None
    r.keys(days, ("standard_max", "green_max"), "travel_days")
    std = r.integer(r.get(days, "standard_max", "travel_days.standard_max"), "travel_days.standard_max")
    green = r.integer(r.get(days, "green_max", "travel_days.green_max"), "travel_days.green_max")
    return std, green


def _groups(r: _Reader, value: Any) -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    obj = r.mapping(value, "country_groups")
    if obj is None:
        return groups
    seen: dict[str, str] = {}
    for group, codes in obj.items():
        path = f"country_groups.{group}"
        items = r.sequence(codes, path)
        if items is None:
            continue
        kept: list[str] = []
        for i, code in enumerate(items):
            item_path = f"{path}[{i}]"
            if not isinstance(code, str) or code != code.strip().upper() or not is_country_code(code):
                r.problem(item_path, "rates_country", value=code)
                continue
            normal = normalise_country(code)
            if normal in seen:
                r.problem(item_path, "rates_country_twice", value=code)
                continue
            seen[normal] = group
            kept.append(code)
        groups[group] = tuple(kept)
    return groups


def _group_amounts(
    r: _Reader, doc: Mapping[str, Any], key: str, groups: Mapping[str, tuple[str, ...]]
) -> dict[str, Decimal]:
    amounts: dict[str, Decimal] = {}
    obj = r.mapping(r.get(doc, key, key), key)
    if obj is None:
        return amounts
    for group, value in obj.items():
        if groups and group not in groups:
            r.problem(f"{key}.{group}", "rates_field_unknown")
            continue
        amount = r.amount(value, f"{key}.{group}")
        if amount is not None:
            amounts[group] = amount
    for group in groups:
        if group not in obj:
            r.problem(f"{key}.{group}", "rates_group_missing", group=group)
    return amounts


def _reduced(r: _Reader, value: Any) -> ReducedRate | None:
    obj = r.mapping(value, "reduced_rate")
    if obj is None:
        return None
    r.keys(obj, ("from_day", "factor"), "reduced_rate")
    day = r.integer(r.get(obj, "from_day", "reduced_rate.from_day"), "reduced_rate.from_day", minimum=2)
    factor = r.factor(r.get(obj, "factor", "reduced_rate.factor"), "reduced_rate.factor")
    return ReducedRate(day, factor) if day is not None and factor is not None else None


def _expensive(r: _Reader, value: Any) -> ExpensiveTravel | None:
    obj = r.mapping(value, "expensive_travel")
    if obj is None:
        return None
    r.keys(obj, ("threshold", "share"), "expensive_travel")
    threshold = r.factor(r.get(obj, "threshold", "expensive_travel.threshold"), "expensive_travel.threshold")
    share = r.factor(r.get(obj, "share", "expensive_travel.share"), "expensive_travel.share")
    return ExpensiveTravel(threshold, share) if threshold is not None and share is not None else None


def _durations(r: _Reader, value: Any) -> dict[str, tuple[int, int]]:
    durations: dict[str, tuple[int, int]] = {}
    obj = r.mapping(value, "durations")
    if obj is None:
        return durations
    for activity, pair in obj.items():
        path = f"durations.{activity}"
        if not (isinstance(pair, list) and len(pair) == 2):
            r.problem(path, "rates_field_type", expected="a pair [min, max] of days")
            continue
        lo = r.integer(pair[0], f"{path}[0]", minimum=1)
        hi = r.integer(pair[1], f"{path}[1]", minimum=1)
        if lo is None or hi is None:
            continue
        if lo > hi:
            r.problem(path, "rates_range", min=lo, max=hi)
            continue
        durations[activity] = (lo, hi)
    return durations


def _learner_rules(r: _Reader, value: Any) -> LearnerRules | None:
    obj = r.mapping(value, "learner_rules")
    if obj is None:
        return None
    r.keys(obj, LEARNER_RULE_KEYS, "learner_rules")

    def at(key: str) -> tuple[Any, str]:
        path = f"learner_rules.{key}"
        return r.get(obj, key, path), path

    activity = r.text(*at("group_mobility_activity"))
    min_learners = r.integer(*at("group_mobility_min_learners"), minimum=1)
    per_participant = r.amount(*at("group_mobility_per_participant"), nullable=True)
    months = r.integer(*at("recent_graduate_months"), minimum=1)
    max_days = r.integer(*at("accompanying_support_max_days"), minimum=1)
    per_learner = r.integer(*at("accompanying_max_per_learner"), minimum=1)
    if activity is None or min_learners is None or months is None or max_days is None or per_learner is None:
        return None
    return LearnerRules(activity, min_learners, per_participant, months, max_days, per_learner)


# ---------------------------------------------------------------------------------------- dumping
def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _factor(value: Decimal) -> str:
    return str(value)


def rate_set_to_dict(rates: RateSet) -> dict[str, Any]:
    """The JSON document of a rate set, keys in schema order."""
    doc: dict[str, Any] = {
        "schema": rates.schema,
        "id": rates.id,
        "version": rates.version,
        "name": rates.name,
        "call_years": list(rates.call_years),
    }
    if rates.has_national_agency_key or rates.national_agency is not None:
        doc["national_agency"] = rates.national_agency
    doc["currency"] = rates.currency
    doc["sources"] = list(rates.sources)
    doc["note"] = rates.note
    if rates.unverified is not None:
        doc["unverified"] = list(rates.unverified)
    doc["travel_bands"] = [
        {"min_km": b.min_km, "max_km": b.max_km, "standard": _money(b.standard), "green": _money(b.green)}
        for b in rates.travel_bands
    ]
    doc["travel_days"] = {
        "standard_max": rates.travel_days_standard_max,
        "green_max": rates.travel_days_green_max,
    }
    doc["country_groups"] = {g: list(codes) for g, codes in rates.country_groups.items()}
    doc["individual_support_staff"] = {g: _money(v) for g, v in rates.individual_support_staff.items()}
    doc["individual_support_learners"] = {g: _money(v) for g, v in rates.individual_support_learners.items()}
    doc["reduced_rate"] = {
        "from_day": rates.reduced_rate.from_day,
        "factor": _factor(rates.reduced_rate.factor),
    }
    doc["organisational_support_per_participant"] = _money(rates.organisational_support_per_participant)
    doc["inclusion_support_organisation"] = _money(rates.inclusion_support_organisation)
    doc["course_fee_per_day"] = _money(rates.course_fee_per_day)
    doc["course_fee_max_days"] = rates.course_fee_max_days
    doc["expensive_travel"] = {
        "threshold": _factor(rates.expensive_travel.threshold),
        "share": _factor(rates.expensive_travel.share),
    }
    doc["durations"] = {a: [lo, hi] for a, (lo, hi) in rates.durations.items()}
    if rates.organisational_support_by_activity is not None:
        doc["organisational_support_by_activity"] = {
            a: _money(v) for a, v in rates.organisational_support_by_activity.items()
        }
    if rates.exceptional_costs_share is not None:
        doc["exceptional_costs_share"] = _factor(rates.exceptional_costs_share)
    rules = rates.learner_rules
    if rules is not None:
        doc["learner_rules"] = {
            "group_mobility_activity": rules.group_mobility_activity,
            "group_mobility_min_learners": rules.group_mobility_min_learners,
            "group_mobility_per_participant": _money(rules.group_mobility_per_participant),
            "recent_graduate_months": rules.recent_graduate_months,
            "accompanying_support_max_days": rules.accompanying_support_max_days,
            "accompanying_max_per_learner": rules.accompanying_max_per_learner,
        }
    return doc


def dump_rate_set(rates: RateSet) -> str:
    """JSON text (2-space indent, UTF-8 characters kept, trailing newline)."""
    return json.dumps(rate_set_to_dict(rates), ensure_ascii=False, indent=2) + "\n"
