"""The import kinds the command line and the wizard offer (the applications issue adds its own)."""

from __future__ import annotations

from intervet_desktop.services.importing.application_spec import APPLICATIONS
from intervet_desktop.services.importing.organisation_spec import ORGANISATIONS
from intervet_desktop.services.importing.people_spec import PEOPLE
from intervet_desktop.services.importing.spec import ImportSpec

SPECS: dict[str, ImportSpec] = {spec.kind: spec for spec in (ORGANISATIONS, PEOPLE, APPLICATIONS)}
