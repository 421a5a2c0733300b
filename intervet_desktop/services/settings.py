"""Settings stored in the database (institution profile, project defaults), as JSON values."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from email_validator import EmailNotValidError, validate_email

from intervet_desktop.core.errors import Problem, raise_if
from intervet_desktop.core.messages import msg
from intervet_desktop.core.validation import identifiers
from intervet_desktop.core.validation.result import is_problem
from intervet_desktop.db.models import AppSetting, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Changes, Kind, Result

PROFILE_KEY = "institution_profile"


@dataclass(frozen=True)
class InstitutionProfile:
    name: str = ""
    oid: str = ""
    pic: str = ""
    address: str = ""
    city: str = ""
    country: str = ""
    email: str = ""
    phone: str = ""
    web: str = ""
    logo_path: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    language: str = "en"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InstitutionProfile:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known and v is not None})


def get_value(workspace: Workspace, key: str) -> Any:
    with workspace.read_session() as session:
        row = session.get(AppSetting, key)
    return json.loads(row.value) if row and row.value else None


def set_value(workspace: Workspace, key: str, value: Any) -> Result[None]:
    with workspace.session() as session:
        row = session.get(AppSetting, key)
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        if row is None:
            session.add(AppSetting(key=key, value=text))
        else:
            row.value = text
            row.updated_at = utcnow()
            session.add(row)
    return Result(None, Changes.of(Kind.SETTING))


def load_profile(workspace: Workspace) -> InstitutionProfile:
    data = get_value(workspace, PROFILE_KEY)
    return InstitutionProfile.from_dict(data) if isinstance(data, dict) else InstitutionProfile()


def validate_profile(profile: InstitutionProfile) -> list[Problem]:
    problems: list[Problem] = []
    if not profile.name.strip():
        problems.append(Problem("name", msg("field_required", field="school_name")))
    # the same rules as an organisation's identifiers (core.validation.identifiers)
    for checked in (identifiers.oid(profile.oid), identifiers.pic(profile.pic)):
        if is_problem(checked):
            problems.append(checked)
    if profile.email:
        try:
            validate_email(profile.email, check_deliverability=False)
        except EmailNotValidError as exc:
            problems.append(Problem("email", msg("field_invalid", field="email", detail=str(exc))))
    if profile.country and (len(profile.country) != 2 or not profile.country.isalpha()):
        problems.append(Problem("country", msg("unknown_country", field="country", value=profile.country)))
    return problems


def save_profile(workspace: Workspace, profile: InstitutionProfile) -> Result[None]:
    raise_if(validate_profile(profile))
    cleaned = replace(
        InstitutionProfile.from_dict({k: v.strip() for k, v in asdict(profile).items()}),
        oid=_checked(identifiers.oid(profile.oid)),
        pic=_checked(identifiers.pic(profile.pic)),
    )
    return set_value(workspace, PROFILE_KEY, asdict(cleaned))


def _checked(value: str | None | Problem) -> str:
    """A validated identifier in its stored form ('' when not given)."""
    assert not isinstance(value, Problem)
    return value or ""
