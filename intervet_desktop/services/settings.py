"""Settings stored in the database (institution profile, project defaults), as JSON values."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields
from typing import Any

from email_validator import EmailNotValidError, validate_email

from intervet_desktop.core.errors import Problem, raise_if
from intervet_desktop.core.messages import msg
from intervet_desktop.db.models import AppSetting, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Changes, Result

PROFILE_KEY = "institution_profile"
OID_RE = re.compile(r"E\d{8}")
PIC_RE = re.compile(r"\d{9}")


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
    return Result(None, Changes.of("setting"))


def load_profile(workspace: Workspace) -> InstitutionProfile:
    data = get_value(workspace, PROFILE_KEY)
    return InstitutionProfile.from_dict(data) if isinstance(data, dict) else InstitutionProfile()


def validate_profile(profile: InstitutionProfile) -> list[Problem]:
    problems: list[Problem] = []
    if not profile.name.strip():
        problems.append(Problem("name", msg("field_required", field="School name")))
    if profile.oid and not OID_RE.fullmatch(profile.oid.strip()):
        problems.append(Problem("oid", msg("field_invalid", field="OID", detail="E followed by 8 digits")))
    if profile.pic and not PIC_RE.fullmatch(profile.pic.strip()):
        problems.append(Problem("pic", msg("field_invalid", field="PIC", detail="9 digits")))
    if profile.email:
        try:
            validate_email(profile.email, check_deliverability=False)
        except EmailNotValidError as exc:
            problems.append(Problem("email", msg("field_invalid", field="E-mail", detail=str(exc))))
    if profile.country and (len(profile.country) != 2 or not profile.country.isalpha()):
        problems.append(Problem("country", msg("unknown_country", field="Country", value=profile.country)))
    return problems


def save_profile(workspace: Workspace, profile: InstitutionProfile) -> Result[None]:
    raise_if(validate_profile(profile))
    cleaned = InstitutionProfile.from_dict({k: v.strip() for k, v in asdict(profile).items()})
    return set_value(workspace, PROFILE_KEY, asdict(cleaned))
