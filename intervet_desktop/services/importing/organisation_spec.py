"""Importing organisations: fields, header names in the partner languages, matching by OID."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from intervet_desktop.core.duplicates import Reason, name_key
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.organisation_rules import (
    OrganisationForm,
    clean_organisation,
    organisation_keys,
)
from intervet_desktop.core.text import search_key
from intervet_desktop.db.models import Organisation
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.importing.parsers import bool_cell, int_cell
from intervet_desktop.services.importing.spec import FieldSpec, ImportContext, ImportSpec
from intervet_desktop.services.mobility_keys import refresh_mobility_keys

FIELDS = (
    FieldSpec(
        "name",
        "Name",
        (
            "organisation",
            "organization",
            "organisation name",
            "organization name",
            "legal name",
            "school",
            "company",
            "nome",
            "ragione sociale",
            "denominazione",
            "nimi",
            "organisaatio",
            "yritys",
            "nome da organização",
            "nome da organizacao",
            "επωνυμία",
            "όνομα οργανισμού",
            "φορέας",
            "name der organisation",
            "einrichtung",
            "firma",
            "nombre",
            "nombre de la organización",
            "razón social",
            "entidad",
        ),
        required=True,
    ),
    FieldSpec("oid", "OID", ("organisation id", "organization id", "erasmus oid", "oid code", "codice oid")),
    FieldSpec("pic", "PIC", ("pic code", "pic number", "codice pic")),
    FieldSpec(
        "country",
        "Country",
        (
            "paese",
            "nazione",
            "stato",
            "maa",
            "país",
            "pais",
            "χώρα",
            "land",
            "country code",
        ),
        required=True,
    ),
    FieldSpec(
        "city",
        "City",
        (
            "town",
            "place",
            "città",
            "citta",
            "comune",
            "kaupunki",
            "paikkakunta",
            "kunta",
            "cidade",
            "localidade",
            "concelho",
            "πόλη",
            "stadt",
            "ort",
            "ciudad",
            "localidad",
            "municipio",
        ),
    ),
    FieldSpec(
        "region",
        "Region",
        (
            "regione",
            "provincia",
            "maakunta",
            "região",
            "distrito",
            "περιφέρεια",
            "bundesland",
            "comunidad autónoma",
        ),
    ),
    FieldSpec(
        "address",
        "Address",
        (
            "street",
            "street address",
            "indirizzo",
            "via",
            "osoite",
            "katuosoite",
            "morada",
            "endereço",
            "διεύθυνση",
            "adresse",
            "straße",
            "strasse",
            "anschrift",
            "dirección",
            "domicilio",
        ),
    ),
    FieldSpec(
        "postcode",
        "Postcode",
        (
            "postal code",
            "post code",
            "zip",
            "zip code",
            "cap",
            "postinumero",
            "código postal",
            "τκ",
            "ταχυδρομικός κώδικας",
            "plz",
            "postleitzahl",
            "cp",
        ),
    ),
    FieldSpec(
        "kind",
        "Type",
        (
            "kind",
            "organisation type",
            "organization type",
            "tipo",
            "tipologia",
            "tyyppi",
            "τύπος",
            "art",
            "typ",
        ),
    ),
    FieldSpec(
        "sector", "Sector", ("field", "settore", "ala", "toimiala", "setor", "τομέας", "branche", "sector")
    ),
    FieldSpec("size", "Size", ("dimensione", "koko", "dimensão", "μέγεθος", "größe", "tamaño")),
    FieldSpec(
        "email",
        "E-mail",
        (
            "e-mail",
            "mail",
            "email address",
            "sähköposti",
            "correo electrónico",
            "correio eletrónico",
            "ηλεκτρονικό ταχυδρομείο",
        ),
    ),
    FieldSpec(
        "phone",
        "Phone",
        ("telephone", "tel", "telefono", "puhelin", "telefone", "τηλέφωνο", "telefon", "teléfono"),
    ),
    FieldSpec(
        "web",
        "Website",
        (
            "web",
            "url",
            "homepage",
            "web site",
            "sito",
            "sito web",
            "verkkosivut",
            "kotisivu",
            "sítio",
            "página web",
            "ιστοσελίδα",
            "webseite",
            "sitio web",
        ),
    ),
    FieldSpec(
        "guest_capacity",
        "Guest capacity",
        ("capacity", "places", "posti", "paikat", "vagas", "θέσεις", "plätze", "plazas"),
        parse=int_cell,
    ),
    FieldSpec(
        "languages",
        "Languages",
        ("language", "lingue", "kielet", "línguas", "idiomas", "γλώσσες", "sprachen"),
    ),
    FieldSpec(
        "is_host",
        "Host",
        (
            "is host",
            "host organisation",
            "ospitante",
            "vastaanottaja",
            "acolhimento",
            "υποδοχή",
            "gastgeber",
            "acogida",
        ),
        parse=bool_cell,
    ),
    FieldSpec(
        "is_partner",
        "Partner",
        (
            "is partner",
            "partner organisation",
            "socio",
            "kumppani",
            "parceiro",
            "εταίρος",
            "partnerorganisation",
        ),
        parse=bool_cell,
    ),
    FieldSpec(
        "notes",
        "Notes",
        (
            "note",
            "comments",
            "remarks",
            "osservazioni",
            "huomautukset",
            "observações",
            "σημειώσεις",
            "anmerkungen",
            "notas",
            "observaciones",
        ),
    ),
)


def _clean(parsed: dict[str, Any], ctx: ImportContext) -> tuple[dict[str, Any], list[Problem]]:
    data = dict(parsed)
    if isinstance(data.get("languages"), str):
        data["languages"] = (data["languages"],)
    for flag in ("is_host", "is_partner"):
        data[flag] = bool(data.get(flag))
    form = OrganisationForm(**{k: v for k, v in data.items() if v is not None})
    return clean_organisation(form)


def _match_keys(values: dict[str, Any]) -> list[str]:
    return [f"{Reason.SAME_OID.value}:{values['oid']}"] if values.get("oid") else []


def _duplicate_keys(values: dict[str, Any]) -> list[str]:
    if not values.get("city"):
        return []
    place = f"{search_key(values['city'])}|{values.get('country') or ''}"
    return [f"{Reason.SAME_NAME_AND_CITY.value}:{name_key(values.get('name'))}|{place}"]


def _existing(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    matches: dict[str, int] = {}
    duplicates: dict[str, int] = {}
    query = select(
        col(Organisation.id), col(Organisation.name), col(Organisation.city), col(Organisation.oid),
        col(Organisation.country),
    )  # fmt: skip
    for org_id, name, city, oid, country in session.execute(query):
        values = {"name": name, "city": city, "oid": oid, "country": country}
        for key in _match_keys(values):
            matches.setdefault(key, org_id)
        for key in _duplicate_keys(values):
            duplicates.setdefault(key, org_id)
    return matches, duplicates


def _after_update(session: Session, changed: dict[int, set[str]]) -> None:
    refresh_mobility_keys(
        session, organisation_ids=[i for i, columns in changed.items() if "name" in columns]
    )


ORGANISATIONS = ImportSpec(
    kind="organisations",
    entity=Kind.ORGANISATION,
    model=Organisation,
    fields=FIELDS,
    clean_row=_clean,
    match_keys=_match_keys,
    duplicate_keys=_duplicate_keys,
    existing=_existing,
    keys=organisation_keys,
    after_update=_after_update,
)
