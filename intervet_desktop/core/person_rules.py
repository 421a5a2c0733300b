"""A person form's fields checked and cleaned, without the database (forms and imports)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from intervet_desktop.core.enums import Gender, PersonRole
from intervet_desktop.core.errors import Problem
from intervet_desktop.core.messages import register
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.core.validation import bank, contact, languages, names
from intervet_desktop.core.validation.choices import choice
from intervet_desktop.core.validation.countries import country
from intervet_desktop.core.validation.dates import birth_date
from intervet_desktop.core.validation.result import Collector, problem

register("graduation_future", "The graduation date {value} is in the future.")

SENSITIVE_FIELDS = frozenset(
    {
        "fewer_opportunities_category",
        "special_needs_notes",
        "emergency_contact_name",
        "emergency_contact_phone",
        "iban",
        "bic",
        "account_holder",
    }
)
"""Never written to the audit trail as values, never exported by default."""

GENDER_SYNONYMS = {
    "f": "female", "w": "female", "woman": "female", "donna": "female", "nainen": "female",
    "mulher": "female",
    "γυναικα": "female", "frau": "female", "weiblich": "female", "mujer": "female", "femmina": "female",
    "m": "male", "man": "male", "uomo": "male", "mies": "male", "homem": "male", "ανδρας": "male",
    "mann": "male", "mannlich": "male", "hombre": "male", "maschio": "male",
    "x": "non_binary", "d": "non_binary", "divers": "non_binary", "nonbinary": "non_binary",
    "prefer not to say": "undisclosed", "unknown": "undisclosed",
}  # fmt: skip

ROLE_SYNONYMS = {
    "staff": "other_staff", "student": "learner", "pupil": "learner", "studente": "learner",
    "opiskelija": "learner", "aluno": "learner", "schuler": "learner", "alumno": "learner",
    "docente": "teacher", "insegnante": "teacher", "opettaja": "teacher", "professor": "teacher",
    "lehrer": "teacher", "profesor": "teacher", "graduate": "recent_graduate",
}  # fmt: skip


@dataclass(frozen=True)
class LanguageSkill:
    language: str
    level: str


@dataclass(frozen=True)
class PersonForm:
    """What the person form (or an import row) holds. Sensitive fields are marked in SENSITIVE_FIELDS."""

    first_name: str = ""
    last_name: str = ""
    gender: str = Gender.UNDISCLOSED.value
    birth_date: date | None = None
    nationality: str = ""
    email: str = ""
    phone: str = ""
    employer_id: int | None = None
    role: str = PersonRole.TEACHER.value
    graduation_date: date | None = None
    languages: tuple[LanguageSkill, ...] = field(default_factory=tuple)
    # sensitive
    fewer_opportunities_category: str = ""
    special_needs_notes: str = ""
    emergency_contact_name: str = ""
    emergency_contact_phone: str = ""
    # bank
    iban: str = ""
    bic: str = ""
    account_holder: str = ""
    notes: str = ""


COLUMN_FIELDS = tuple(f.name for f in fields(PersonForm) if f.name != "languages")


def clean_person(
    form: PersonForm, *, region: str | None = None, today: date | None = None
) -> tuple[dict[str, Any], list[tuple[str, str]], list[Problem]]:
    """(column values, [(language, level)], problems). ``region``: the employer's country for phones."""
    c = Collector()
    today = today or date.today()
    v: dict[str, Any] = {}
    v["first_name"] = c.take(names.name(form.first_name, "first_name", "first_name"))
    v["last_name"] = c.take(names.name(form.last_name, "last_name", "last_name"))
    v["gender"] = (
        c.take(choice(form.gender, Gender, "gender", synonyms=GENDER_SYNONYMS)) or Gender.UNDISCLOSED.value
    )
    v["role"] = (
        c.take(choice(form.role, PersonRole, "role", synonyms=ROLE_SYNONYMS)) or PersonRole.TEACHER.value
    )
    learner = not PersonRole(v["role"]).is_staff
    v["birth_date"] = form.birth_date
    c.add(birth_date(form.birth_date, learner=learner, today=today))
    v["nationality"] = c.take(country(form.nationality, "nationality"))
    v["email"] = c.take(contact.email(form.email))
    phone_region = region or v["nationality"]
    v["phone"] = c.take(contact.phone(form.phone, region=phone_region))
    v["employer_id"] = form.employer_id
    v["graduation_date"] = form.graduation_date
    if form.graduation_date and form.graduation_date > today:
        c.add(problem("graduation_date", "graduation_future", value=form.graduation_date.isoformat()))
    v["fewer_opportunities_category"] = c.take(
        names.free_text(
            form.fewer_opportunities_category,
            "fewer_opportunities_category",
            "fewer_opportunities_category",
            max_length=60,
        )
    )
    v["special_needs_notes"] = form.special_needs_notes.strip() or None
    v["emergency_contact_name"] = c.take(
        names.name(
            form.emergency_contact_name,
            "emergency_contact_name",
            "emergency_contact_name",
            required=False,
            max_length=200,
        )
    )
    v["emergency_contact_phone"] = c.take(
        contact.phone(form.emergency_contact_phone, "emergency_contact_phone", region=phone_region)
    )
    v["iban"] = c.take(bank.iban(form.iban))
    v["bic"] = c.take(bank.bic(form.bic))
    v["account_holder"] = c.take(
        names.free_text(form.account_holder, "account_holder", "account_holder", max_length=200)
    )
    v["notes"] = form.notes.strip()
    skills: list[tuple[str, str]] = []
    for i, skill in enumerate(form.languages):
        code = c.take(languages.language(skill.language, f"languages[{i}].language"))
        level = c.take(languages.cefr(skill.level, f"languages[{i}].level"))
        if code and any(code == known for known, _ in skills):
            c.add(problem(f"languages[{i}].language", "language_repeated", value=code))
        elif code:
            skills.append((code, level or ""))
    v.update(person_keys(v))
    return v, skills, c.problems


def person_keys(values: dict[str, Any]) -> dict[str, str]:
    return {
        "search_key": search_key(values.get("first_name"), values.get("last_name"), values.get("email")),
        "sort_key": sort_key(values.get("last_name"), values.get("first_name")),
    }
