"""List specifications of every list page: columns, search, filters (SQL only)."""

from intervet_desktop.services.lists.applications import APPLICATIONS
from intervet_desktop.services.lists.documents import DOCUMENTS
from intervet_desktop.services.lists.mobilities import MOBILITIES
from intervet_desktop.services.lists.organisations import ORGANISATIONS
from intervet_desktop.services.lists.people import PEOPLE

SPECS = {spec.name: spec for spec in (MOBILITIES, PEOPLE, ORGANISATIONS, APPLICATIONS, DOCUMENTS)}

__all__ = ["APPLICATIONS", "DOCUMENTS", "MOBILITIES", "ORGANISATIONS", "PEOPLE", "SPECS"]
