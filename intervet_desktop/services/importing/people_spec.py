"""Importing people: fields, header names in the partner languages, matching by e-mail."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select
from sqlmodel import Session, col

from intervet_desktop.core.duplicates import Reason, name_key
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.person_rules import SENSITIVE_FIELDS, PersonForm, clean_person, person_keys
from intervet_desktop.core.text import search_key
from intervet_desktop.core.validation.result import problem
from intervet_desktop.db.models import Organisation, Person, PersonLanguage, utcnow
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.importing.parsers import date_cell, skills_cell
from intervet_desktop.services.importing.spec import FieldSpec, ImportContext, ImportSpec
from intervet_desktop.services.mobility_keys import refresh_mobility_keys

register("import_employer_unknown", "No organisation '{value}' (give its OID or its exact name).")

FIELDS = (
    FieldSpec(
        "languages",
        "Languages",
        (
            "language skills",
            "languages spoken",
            "lingue",
            "lingue conosciute",
            "kielet",
            "kielitaito",
            "línguas",
            "linguas",
            "idiomas",
            "γλώσσες",
            "ξένες γλώσσες",
            "sprachen",
            "sprachkenntnisse",
        ),
        parse=skills_cell,
        columns=("_languages",),
    ),
    FieldSpec(
        "first_name",
        "First name",
        (
            "firstname",
            "given name",
            "given names",
            "forename",
            "nome",
            "nome proprio",
            "etunimi",
            "etunimet",
            "primeiro nome",
            "nome próprio",
            "όνομα",
            "ονομα",
            "vorname",
            "nombre",
            "nombres",
        ),
        required=True,
    ),
    FieldSpec(
        "last_name",
        "Last name",
        (
            "lastname",
            "surname",
            "family name",
            "cognome",
            "sukunimi",
            "apelido",
            "apelidos",
            "sobrenome",
            "επώνυμο",
            "nachname",
            "familienname",
            "apellido",
            "apellidos",
        ),
        required=True,
    ),
    FieldSpec(
        "email",
        "E-mail",
        (
            "e-mail",
            "mail",
            "email address",
            "e-mail address",
            "indirizzo email",
            "posta elettronica",
            "sähköposti",
            "sähköpostiosoite",
            "correio eletrónico",
            "correio eletrônico",
            "correo electrónico",
            "correo",
            "ηλεκτρονικό ταχυδρομείο",
            "email διεύθυνση",
        ),
    ),
    FieldSpec(
        "phone",
        "Phone",
        (
            "telephone",
            "phone number",
            "mobile",
            "mobile phone",
            "tel",
            "telefono",
            "cellulare",
            "puhelin",
            "puhelinnumero",
            "matkapuhelin",
            "telefone",
            "telemóvel",
            "telemovel",
            "τηλέφωνο",
            "κινητό",
            "telefon",
            "handy",
            "teléfono",
            "móvil",
        ),
    ),
    FieldSpec(
        "birth_date",
        "Date of birth",
        (
            "birth date",
            "birthdate",
            "dob",
            "birthday",
            "born",
            "data di nascita",
            "syntymäaika",
            "data de nascimento",
            "ημερομηνία γέννησης",
            "geburtsdatum",
            "fecha de nacimiento",
        ),
        parse=date_cell,
    ),
    FieldSpec(
        "gender", "Gender", ("sex", "genere", "sesso", "sukupuoli", "género", "sexo", "φύλο", "geschlecht")
    ),
    FieldSpec(
        "nationality",
        "Nationality",
        (
            "citizenship",
            "nazionalità",
            "cittadinanza",
            "kansalaisuus",
            "nacionalidade",
            "υπηκοότητα",
            "ιθαγένεια",
            "staatsangehörigkeit",
            "nationalität",
            "nacionalidad",
        ),
    ),
    FieldSpec(
        "role",
        "Role",
        (
            "position",
            "job",
            "job title",
            "ruolo",
            "qualifica",
            "rooli",
            "tehtävä",
            "função",
            "cargo",
            "ρόλος",
            "ιδιότητα",
            "rolle",
            "funktion",
            "puesto",
        ),
    ),
    FieldSpec(
        "employer",
        "Employer",
        (
            "organisation",
            "organization",
            "school",
            "institution",
            "employer oid",
            "datore di lavoro",
            "scuola",
            "istituto",
            "työnantaja",
            "koulu",
            "oppilaitos",
            "empregador",
            "escola",
            "εργοδότης",
            "σχολείο",
            "φορέας",
            "arbeitgeber",
            "schule",
            "empleador",
            "centro",
            "escuela",
        ),
        columns=("employer_id",),
    ),
    FieldSpec(
        "graduation_date",
        "Graduation date",
        (
            "graduated",
            "graduation",
            "data di diploma",
            "valmistumispäivä",
            "data de conclusão",
            "abschlussdatum",
            "fecha de graduación",
        ),
        parse=date_cell,
    ),
    FieldSpec(
        "iban", "IBAN", ("bank account", "conto", "tilinumero", "conta", "λογαριασμός", "konto", "cuenta")
    ),
    FieldSpec("bic", "BIC", ("swift", "bic/swift", "swift code", "bic swift")),
    FieldSpec(
        "account_holder",
        "Account holder",
        (
            "holder",
            "intestatario",
            "tilinomistaja",
            "titular",
            "δικαιούχος",
            "kontoinhaber",
        ),
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
            "lisätiedot",
            "observações",
            "σημειώσεις",
            "anmerkungen",
            "bemerkungen",
            "notas",
            "observaciones",
        ),
    ),
)


def _load_languages(session: Session, ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, list[tuple[str, str]]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(col(PersonLanguage.person_id), col(PersonLanguage.language), col(PersonLanguage.level))
        for person_id, language, level in session.execute(
            query.where(col(PersonLanguage.person_id).in_(chunk))
        ):
            found[person_id].append((language, level))
    return {i: {"_languages": tuple(sorted(skills))} for i, skills in found.items()}


def _write_languages(session: Session, rows: list[tuple[int, dict[str, Any]]]) -> None:
    now = utcnow()
    ids = [i for i, extras in rows if "_languages" in extras]
    for start in range(0, len(ids), 500):
        session.execute(
            delete(PersonLanguage).where(col(PersonLanguage.person_id).in_(ids[start : start + 500]))
        )
    new = [
        {"person_id": i, "language": language, "level": level, "created_at": now, "updated_at": now}
        for i, extras in rows
        for language, level in extras.get("_languages", ())
    ]
    if new:
        session.connection().execute(insert(PersonLanguage.__table__), new)  # type: ignore[attr-defined]


def _context(session: Session) -> ImportContext:
    employers: dict[str, Any] = {}
    for org_id, name, oid, country in session.execute(
        select(col(Organisation.id), col(Organisation.name), col(Organisation.oid), col(Organisation.country))
    ):
        employers.setdefault(search_key(name), (org_id, country))
        if oid:
            employers[search_key(oid)] = (org_id, country)
    return ImportContext({"employer": employers})


def _clean(parsed: dict[str, Any], ctx: ImportContext) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    employer_id, region = None, None
    if parsed.get("employer"):
        found = ctx.lookups["employer"].get(search_key(parsed["employer"]))
        if found is None:
            problems.append(problem("employer", "import_employer_unknown", value=parsed["employer"]))
        else:
            employer_id, region = found
    data: dict[str, Any] = {k: v for k, v in parsed.items() if k != "employer" and v is not None}
    form = PersonForm(**data, employer_id=employer_id)
    values, skills, found_problems = clean_person(form, region=region)
    if "languages" in parsed:
        values["_languages"] = tuple(sorted(skills))
    return values, problems + found_problems


def _match_keys(values: dict[str, Any]) -> list[str]:
    return [f"{Reason.SAME_EMAIL.value}:{values['email']}"] if values.get("email") else []


def _duplicate_keys(values: dict[str, Any]) -> list[str]:
    if not values.get("birth_date"):
        return []
    name = name_key(values.get("first_name"), values.get("last_name"))
    return [f"{Reason.SAME_NAME_AND_BIRTH_DATE.value}:{name}|{values['birth_date'].isoformat()}"]


def _existing(session: Session) -> tuple[dict[str, int], dict[str, int]]:
    matches: dict[str, int] = {}
    duplicates: dict[str, int] = {}
    query = select(
        col(Person.id),
        col(Person.first_name),
        col(Person.last_name),
        col(Person.email),
        col(Person.birth_date),
    )
    for person_id, first, last, email, born in session.execute(query):
        values = {"first_name": first, "last_name": last, "email": email, "birth_date": born}
        for key in _match_keys(values):
            matches.setdefault(key, person_id)
        for key in _duplicate_keys(values):
            duplicates.setdefault(key, person_id)
    return matches, duplicates


def _after_update(session: Session, changed: dict[int, set[str]]) -> None:
    renamed = [i for i, columns in changed.items() if columns & {"first_name", "last_name"}]
    refresh_mobility_keys(session, person_ids=renamed)


PEOPLE = ImportSpec(
    kind="people",
    entity=Kind.PERSON,
    model=Person,
    fields=FIELDS,
    clean_row=_clean,
    match_keys=_match_keys,
    duplicate_keys=_duplicate_keys,
    existing=_existing,
    keys=person_keys,
    context=_context,
    sensitive=SENSITIVE_FIELDS,
    after_update=_after_update,
    load_extras=_load_languages,
    write_extras=_write_languages,
)
