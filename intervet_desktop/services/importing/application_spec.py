"""Applications from an online-form export (Microsoft Forms, Google Forms, LimeSurvey...).

The fields and their header aliases in several languages; ``services.application_import`` runs the
import for one call (the generic engine updates one table, an application also needs its person).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key
from intervet_desktop.core.validation.contact import email
from intervet_desktop.core.validation.countries import country
from intervet_desktop.core.validation.result import problem, text
from intervet_desktop.db.models import Application, Organisation
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.importing.parsers import bool_cell, date_cell
from intervet_desktop.services.importing.spec import FieldSpec, ImportContext, ImportSpec

register("import_timestamp_unreadable", "'{value}' is not a date and time.")
register("import_name_missing", "The applicant's name is missing (a full name or first and last name).")
register("import_school_unknown", "School '{value}' is not in the directory; add it first or fix the name.")
register("import_host_unknown", "Host '{value}' is not in the directory.")

_TS = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?(?:\.\d+)?(?:Z|[+-]00:?00)?"
)
_TS_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ ,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?")
EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)


def timestamp_cell(value: Any, field: str) -> Any:
    """A form's submission time: a real datetime, an Excel serial, ISO or day-first text. UTC assumed."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 2000 < value < 200000:
        return EXCEL_EPOCH + timedelta(days=float(value))
    raw = text(value)
    if match := _TS.fullmatch(raw):
        y, m, d, hh, mm, ss = match.groups()
    elif match := _TS_DMY.fullmatch(raw):
        d, m, y, hh, mm, ss = match.groups()
    else:
        return problem(field, "import_timestamp_unreadable", value=raw)
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=UTC)
    except ValueError:
        return problem(field, "import_timestamp_unreadable", value=raw)


def _email(value: Any, field: str) -> Any:
    return email(value, field)


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "submitted_at",
        "Submitted at",
        (
            "timestamp",
            "start time",
            "completion time",
            "submitted",
            "submit date",
            "submitdate",
            "date submitted",
            "informazioni cronologiche",
            "marca temporale",
            "data di invio",
            "aikaleima",
            "zeitstempel",
            "marca de tempo",
            "carimbo de data/hora",
            "χρονική σήμανση",
        ),
        timestamp_cell,
        required=True,
    ),
    FieldSpec("full_name", "Full name", ("name", "nome e cognome", "nimi", "ονοματεπώνυμο", "nome completo")),
    FieldSpec(
        "first_name", "First name", ("given name", "nome", "etunimi", "vorname", "όνομα", "primeiro nome")
    ),
    FieldSpec(
        "last_name",
        "Last name",
        ("surname", "family name", "cognome", "sukunimi", "nachname", "επώνυμο", "apelido"),
    ),
    FieldSpec(
        "email",
        "E-mail",
        (
            "email",
            "email address",
            "e-mail address",
            "indirizzo email",
            "sähköposti",
            "endereço de email",
            "email του",
        ),
        _email,
    ),
    FieldSpec(
        "school",
        "School",
        (
            "school",
            "your school",
            "scuola",
            "istituto",
            "koulu",
            "oppilaitos",
            "employer",
            "schule",
            "escola",
            "σχολείο",
        ),
    ),
    FieldSpec(
        "motivation",
        "Motivation",
        (
            "motivation",
            "motivazione",
            "motivaatio",
            "perustelut",
            "motivação",
            "why do you want to take part",
            "κίνητρα",
        ),
    ),
    FieldSpec(
        "country",
        "Preferred country",
        ("country", "preferred country", "paese", "paese preferito", "maa", "toivottu maa", "país", "χώρα"),
        country,
    ),
    FieldSpec(
        "host",
        "Preferred host",
        (
            "host",
            "preferred host",
            "host organisation",
            "host organization",
            "ente ospitante",
            "vastaanottaja",
            "organização de acolhimento",
        ),
    ),
    FieldSpec(
        "preferred_start",
        "Preferred start",
        (
            "from",
            "start date",
            "preferred start date",
            "dal",
            "data inizio",
            "alkaen",
            "alkupäivä",
            "data de início",
        ),
        date_cell,
    ),
    FieldSpec(
        "preferred_end",
        "Preferred end",
        ("to", "end date", "preferred end date", "al", "data fine", "asti", "loppupäivä", "data de fim"),
        date_cell,
    ),
    FieldSpec(
        "first_time",
        "First-time participant",
        (
            "first time",
            "first erasmus mobility",
            "first mobility",
            "is this your first erasmus+ mobility?",
            "prima volta",
            "prima mobilità",
            "ensimmäinen kerta",
            "ensimmäinen liikkuvuus",
            "primeira vez",
            "πρώτη φορά",
        ),
        bool_cell,
    ),
    FieldSpec(
        "fewer_opportunities", "Fewer opportunities", ("fewer opportunities", "minori opportunità"), bool_cell
    ),
)


def context(session: Session) -> ImportContext:
    orgs: dict[str, Any] = {}
    for org_id, name, oid in session.execute(
        select(col(Organisation.id), col(Organisation.name), col(Organisation.oid))
    ):
        orgs.setdefault(search_key(name), org_id)
        if oid:
            orgs[search_key(oid)] = org_id
    return ImportContext({"orgs": orgs})


def split_name(full: str) -> tuple[str, str]:
    """'Rossi, Maria' -> (Maria, Rossi); 'Maria Rossi' -> (Maria, Rossi): the last word is the surname."""
    if "," in full:
        last, _, first = full.partition(",")
        return first.strip(), last.strip()
    words = full.split()
    if len(words) == 1:
        return "", words[0]
    return " ".join(words[:-1]), words[-1]


def clean_row(parsed: dict[str, Any], ctx: ImportContext) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    values = dict(parsed)
    first = " ".join(str(values.pop("first_name", "") or "").split())
    last = " ".join(str(values.pop("last_name", "") or "").split())
    full = " ".join(str(values.pop("full_name", "") or "").split())
    if not (first and last) and full:
        first, last = split_name(full)
    if not last:
        problems.append(problem("full_name", "import_name_missing"))
    values["first_name"], values["last_name"] = first, last
    orgs = ctx.lookups["orgs"]
    school = values.pop("school", None)
    values["employer_id"] = None
    if school:
        values["employer_id"] = orgs.get(search_key(school))
        if values["employer_id"] is None:
            problems.append(problem("school", "import_school_unknown", value=school))
    host = values.pop("host", None)
    values["host_id"] = None
    if host:
        values["host_id"] = orgs.get(search_key(host))
        if values["host_id"] is None:
            problems.append(problem("host", "import_host_unknown", value=host))
    start, end = values.get("preferred_start"), values.get("preferred_end")
    if start and end and end < start:
        problems.append(
            problem(
                "preferred_end",
                "date_order",
                end_field="preferred_end",
                end=end,
                start_field="preferred_start",
                start=start,
            )
        )
    values["motivation"] = (values.get("motivation") or "").strip()
    values["first_time"] = bool(values.get("first_time"))
    values["fewer_opportunities"] = bool(values.get("fewer_opportunities"))
    return values, problems


def _match_keys(values: dict[str, Any]) -> list[str]:
    return [f"same_email:{values['email']}"] if values.get("email") else []


def _none(_values: dict[str, Any]) -> list[str]:
    return []


def _existing(_session: Session) -> tuple[dict[str, int], dict[str, int]]:
    return {}, {}


APPLICATIONS = ImportSpec(
    kind="applications",
    entity=Kind.APPLICATION,
    model=Application,
    fields=FIELDS,
    clean_row=clean_row,
    match_keys=_match_keys,
    duplicate_keys=_none,
    existing=_existing,
    keys=lambda values: {},
    context=context,
)
"""Registered with the other kinds for mappings and wizards; run with ``application_import``."""
