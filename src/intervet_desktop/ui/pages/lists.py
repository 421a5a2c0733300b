"""The list pages: mobilities, applications, people, organisations, documents."""
# DocumentsPage lives in ui/pages/documents.py (signatures, open, print); re-exported here.

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from intervet_desktop.core.enums import (
    ActivityType,
    ApplicationStatus,
    Direction,
    MobilityStatus,
    OrgKind,
    PersonRole,
)
from intervet_desktop.services import choices
from intervet_desktop.services.lists import APPLICATIONS, MOBILITIES, ORGANISATIONS, PEOPLE
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.documents.mobility_actions import MobilityDocumentActions
from intervet_desktop.ui.formatting import country_name, enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.documents import DocumentsPage
from intervet_desktop.ui.pages.list_page import FilterChoice, ListPage


def _enum_choice(key: str, label: str, all_text: str, values: list[str]) -> FilterChoice:
    return FilterChoice(key, label, [(all_text, None)] + [(enum_label(v), v) for v in values])


class MobilitiesPage(ListPage):
    key = "mobilities"
    icon_name = "mobilities"
    spec = MOBILITIES
    watches = ("mobility", "person", "organisation", "project", "payment", "document", "document_signature")
    search_hint = "Search participant, host or city"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.documents = MobilityDocumentActions(self)

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
                [
                    (tr(c, "Any evidence"), None),
                    (tr(c, "Missing evidence"), True),
                    (tr(c, "Signatures due"), "unsigned"),
                ],
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


class PeoplePage(ListPage):
    key = "people"
    icon_name = "people"
    spec = PEOPLE
    watches = ("person", "organisation")
    search_hint = "Search name or e-mail"

    def title(self) -> str:
        return tr("Pages", "People")

    def filter_choices(self) -> list[FilterChoice]:
        c = "PeoplePage"
        return [_enum_choice("role", tr(c, "Role"), tr(c, "All roles"), [r.value for r in PersonRole])]


class OrganisationsPage(ListPage):
    key = "organisations"
    icon_name = "organisations"
    spec = ORGANISATIONS
    watches = ("organisation", "contact")
    search_hint = "Search name, city or OID"

    def title(self) -> str:
        return tr("Pages", "Organisations")

    def filter_choices(self) -> list[FilterChoice]:
        c = "OrganisationsPage"
        countries = [(tr(c, "All countries"), None)] + sorted(
            ((country_name(code), code) for code in choices.organisation_countries(self.ctx.workspace)),
            key=lambda item: item[0],
        )
        roles = [
            (tr(c, "All roles"), None),
            (tr(c, "Own school"), "own"),
            (tr(c, "Partners"), "partner"),
            (tr(c, "Hosts"), "host"),
            (tr(c, "Consortium members"), "consortium"),
        ]
        return [
            FilterChoice("role", tr(c, "Role"), roles),
            _enum_choice("kind", tr(c, "Kind"), tr(c, "All kinds"), [k.value for k in OrgKind]),
            FilterChoice("country", tr(c, "Country"), countries),
            FilterChoice(
                "no_oid", tr(c, "OID"), [(tr(c, "With or without OID"), None), (tr(c, "No OID yet"), True)]
            ),
        ]


__all__ = ["ApplicationsPage", "DocumentsPage", "MobilitiesPage", "OrganisationsPage", "PeoplePage"]
