"""The list pages: mobilities, applications, people, organisations, documents."""

from __future__ import annotations

from intervet_desktop.core.enums import (
    ActivityType,
    ApplicationStatus,
    Direction,
    DocumentKind,
    MobilityStatus,
)
from intervet_desktop.services import choices
from intervet_desktop.services.lists import APPLICATIONS, DOCUMENTS, MOBILITIES
from intervet_desktop.ui.formatting import country_name, enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.directory import OrganisationsPage, PeoplePage
from intervet_desktop.ui.pages.list_page import FilterChoice, ListPage

__all__ = [
    "ApplicationsPage",
    "DocumentsPage",
    "MobilitiesPage",
    "OrganisationsPage",
    "PeoplePage",
]


def _enum_choice(key: str, label: str, all_text: str, values: list[str]) -> FilterChoice:
    return FilterChoice(key, label, [(all_text, None)] + [(enum_label(v), v) for v in values])


class MobilitiesPage(ListPage):
    key = "mobilities"
    icon_name = "mobilities"
    spec = MOBILITIES
    watches = ("mobility", "person", "organisation", "project", "payment", "document")
    search_hint = "Search participant, host or city"

    def title(self) -> str:
        return tr("Pages", "Mobilities")

    def filter_choices(self) -> list[FilterChoice]:
        c = "MobilitiesPage"
        projects = [(tr(c, "All projects"), None)] + [
            (code, pid) for pid, code in choices.projects(self.ctx.workspace)
        ]
        countries = [(tr(c, "All countries"), None)] + sorted(
            ((country_name(code), code) for code in choices.destination_countries(self.ctx.workspace)),
            key=lambda item: item[0],
        )
        return [
            FilterChoice("project_id", tr(c, "Project"), projects),
            _enum_choice("status", tr(c, "Status"), tr(c, "Any status"), [s.value for s in MobilityStatus]),
            _enum_choice(
                "activity", tr(c, "Activity"), tr(c, "Any activity"), [a.value for a in ActivityType]
            ),
            _enum_choice(
                "direction", tr(c, "Direction"), tr(c, "Both directions"), [d.value for d in Direction]
            ),
            FilterChoice("country", tr(c, "Country"), countries),
            FilterChoice(
                "missing",
                tr(c, "Evidence"),
                [(tr(c, "Any evidence"), None), (tr(c, "Missing evidence"), True)],
            ),
        ]


class ApplicationsPage(ListPage):
    key = "applications"
    icon_name = "applications"
    spec = APPLICATIONS
    watches = ("application", "call", "person")
    search_hint = "Search applicant or number"

    def title(self) -> str:
        return tr("Pages", "Applications")

    def filter_choices(self) -> list[FilterChoice]:
        c = "ApplicationsPage"
        calls = [(tr(c, "All calls"), None)] + [
            (title, cid) for cid, title in choices.calls(self.ctx.workspace)
        ]
        return [
            FilterChoice("call_id", tr(c, "Call"), calls),
            _enum_choice(
                "status", tr(c, "Status"), tr(c, "Any status"), [s.value for s in ApplicationStatus]
            ),
        ]


class DocumentsPage(ListPage):
    key = "documents"
    icon_name = "documents"
    spec = DOCUMENTS
    watches = ("document",)
    search_hint = "Search participant"

    def title(self) -> str:
        return tr("Pages", "Documents")

    def filter_choices(self) -> list[FilterChoice]:
        c = "DocumentsPage"
        return [_enum_choice("kind", tr(c, "Kind"), tr(c, "All documents"), [k.value for k in DocumentKind])]
