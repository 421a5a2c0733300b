"""Pages of the international office (issue 18), registered in the main window's page list."""

from intervet_desktop.ui.pages.office.events import EventsPage
from intervet_desktop.ui.pages.office.network import NetworkPage
from intervet_desktop.ui.pages.office.programmes import ProgrammesPage
from intervet_desktop.ui.pages.office.roadmap import RoadmapPage
from intervet_desktop.ui.pages.office.team import OfficePage

OFFICE_PAGES = (RoadmapPage, OfficePage, NetworkPage, ProgrammesPage, EventsPage)

__all__ = ["OFFICE_PAGES", "EventsPage", "NetworkPage", "OfficePage", "ProgrammesPage", "RoadmapPage"]
