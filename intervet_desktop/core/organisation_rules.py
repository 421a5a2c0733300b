"""An organisation form's fields checked and cleaned, without the database (forms and imports)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from intervet_desktop.core.enums import OrgKind, OrgSize
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.core.validation import contact, identifiers, languages, names
from intervet_desktop.core.validation.choices import choice
from intervet_desktop.core.validation.countries import country, country_name
from intervet_desktop.core.validation.result import Collector, problem

register("country_required", "Choose the country.")
register("capacity_invalid", "Guest capacity must be a whole number from 0 to 10,000.")
register("coordinates_invalid", "Latitude must be between -90 and 90 and longitude between -180 and 180.")


@dataclass(frozen=True)
class OrganisationForm:
    """What the organisation form (or an import row) holds; text as typed."""

    name: str = ""
    country: str = ""
    city: str = ""
    kind: str = OrgKind.OTHER.value
    oid: str = ""
    oid_requested_on: date | None = None
    pic: str = ""
    sector: str = ""
    nace_code: str = ""
    size: str = ""
    region: str = ""
    address: str = ""
    postcode: str = ""
    latitude: float | None = None
    longitude: float | None = None
    web: str = ""
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    guest_capacity: int | None = None
    is_own: bool = False
    is_partner: bool = False
    is_host: bool = False
    is_consortium_member: bool = False
    notes: str = ""


FORM_FIELDS = tuple(f.name for f in fields(OrganisationForm))


def clean_organisation(form: OrganisationForm) -> tuple[dict[str, Any], list[Problem]]:
    """Column values to store, and every problem found (all fields checked)."""
    c = Collector()
    values: dict[str, Any] = {}
    values["name"] = c.take(names.free_text(form.name, "name", "name", max_length=300, required=True))
    values["country"] = c.take(country(form.country, "country"))
    if values["country"] is None and not any(p.field == "country" for p in c.problems):
        c.add(problem("country", "country_required"))
    values["city"] = c.take(names.free_text(form.city, "city", "city", max_length=120))
    values["kind"] = c.take(choice(form.kind, OrgKind, "kind")) or OrgKind.OTHER.value
    values["oid"] = c.take(identifiers.oid(form.oid))
    values["oid_requested_on"] = form.oid_requested_on
    values["pic"] = c.take(identifiers.pic(form.pic))
    values["sector"] = c.take(names.free_text(form.sector, "sector", "sector", max_length=200))
    values["nace_code"] = c.take(names.free_text(form.nace_code, "nace_code", "nace_code", max_length=10))
    values["size"] = c.take(
        choice(form.size, OrgSize, "size", synonyms={"<250": "lt250", ">=250": "ge250", "sme": "lt250"})
    )
    values["region"] = c.take(names.free_text(form.region, "region", "region", max_length=120))
    values["address"] = c.take(names.free_text(form.address, "address", "address", max_length=300))
    values["postcode"] = c.take(names.free_text(form.postcode, "postcode", "postcode", max_length=20))
    values["latitude"], values["longitude"] = form.latitude, form.longitude
    if (form.latitude is None) != (form.longitude is None) or (
        form.latitude is not None
        and form.longitude is not None
        and not (-90 <= form.latitude <= 90 and -180 <= form.longitude <= 180)
    ):
        c.add(problem("latitude", "coordinates_invalid"))
    values["web"] = c.take(contact.web(form.web))
    values["email"] = c.take(contact.email(form.email))
    values["phone"] = c.take(contact.phone(form.phone, region=values["country"]))
    langs = c.take(languages.languages(",".join(form.languages)))
    values["languages"] = ",".join(langs or ())
    if form.guest_capacity is not None and not 0 <= form.guest_capacity <= 10000:
        c.add(problem("guest_capacity", "capacity_invalid"))
    values["guest_capacity"] = form.guest_capacity
    for flag in ("is_own", "is_partner", "is_host", "is_consortium_member"):
        values[flag] = bool(getattr(form, flag))
    values["notes"] = form.notes.strip()
    values.update(organisation_keys(values))
    return values, c.problems


def organisation_keys(values: dict[str, Any]) -> dict[str, str]:
    code = values.get("country") or ""
    return {
        "search_key": search_key(
            values.get("name"), values.get("city"), values.get("oid"), code, country_name(code)
        ),
        "sort_key": sort_key(values.get("name")),
    }
