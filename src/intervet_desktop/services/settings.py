"""Settings stored in the database (institution profile, project defaults), as JSON values."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Any

from intervet_desktop.db.models import AppSetting, utcnow
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.changes import Changes, Result

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
    return Result(None, Changes.of("setting"))


def load_profile(workspace: Workspace) -> InstitutionProfile:
    data = get_value(workspace, PROFILE_KEY)
    return InstitutionProfile.from_dict(data) if isinstance(data, dict) else InstitutionProfile()


def save_profile(workspace: Workspace, profile: InstitutionProfile) -> Result[None]:
    return set_value(workspace, PROFILE_KEY, asdict(profile))
