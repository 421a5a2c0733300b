"""The People and Organisations pages: the lazy list with an editable form beside it, a New
button (Ctrl+N), Find duplicates, and Import."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from intervet_desktop.core.enums import OrgKind, PersonRole
from intervet_desktop.services import choices
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.lists import ORGANISATIONS, PEOPLE
from intervet_desktop.ui.context import AppContext
from intervet_desktop.ui.formatting import country_name, enum_label
from intervet_desktop.ui.i18n import tr
from intervet_desktop.ui.pages.duplicates_dialog import DuplicatesDialog
from intervet_desktop.ui.pages.list_page import FilterChoice, ListPage
from intervet_desktop.ui.pages.organisation_editor import OrganisationEditor
from intervet_desktop.ui.pages.person_editor import PersonEditor
from intervet_desktop.ui.widgets.record_editor import RecordEditor
from intervet_desktop.ui.widgets.unsaved import Guarded

C = "DirectoryPage"
SCAN_LIMIT = 1000  # rows looked through to select a record just saved


def _enum_choice(key: str, label: str, all_text: str, values: list[str]) -> FilterChoice:
    return FilterChoice(key, label, [(all_text, None)] + [(enum_label(v), v) for v in values])


class DirectoryPage(ListPage):
    """A list page whose detail pane is an editor."""

    splitter_sizes = (640, 600)
    entity = "record"
    import_kind = "people"
    editor: RecordEditor

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        self.editor = self.make_editor(ctx)
        super().__init__(ctx, parent)
        self.detail.hide()  # the read-only card is replaced by the editor
        self.editor.saved.connect(self.select_id)
        self.editor.removed.connect(self._removed)
        self.editor.open_requested.connect(self.open_id)
        self.new_button = QPushButton(tr(C, self.new_text()), self)
        self.new_button.setObjectName("new-record")
        self.new_button.setToolTip(tr(C, "Ctrl+N"))
        self.new_button.clicked.connect(self.new_record)
        self.duplicates_button = QPushButton(tr(C, "Find duplicates…"), self)
        self.duplicates_button.setObjectName("find-duplicates")
        self.duplicates_button.clicked.connect(self.find_duplicates)
        self.import_button = QPushButton(tr(C, "Import…"), self)
        self.import_button.setObjectName("import")
        self.import_button.clicked.connect(self.open_import)
        # the actions sit on the title's line, so the search bar keeps its room for the filters
        page_layout = self.layout()
        assert isinstance(page_layout, QVBoxLayout)
        item = page_layout.takeAt(0)
        title = item.widget() if item is not None else None
        assert title is not None
        head = QHBoxLayout()
        head.addWidget(title, 1)
        for button in (self.new_button, self.duplicates_button, self.import_button):
            head.addWidget(button)
        page_layout.insertLayout(0, head)
        self.bar.setStretch(0, 2)  # the search box gives room to the filters' labels
        self.splitter.setSizes(list(self.splitter_sizes))

    def make_editor(self, ctx: AppContext) -> RecordEditor:
        raise NotImplementedError

    def new_text(self) -> str:
        raise NotImplementedError

    def build_detail(self) -> QWidget:
        return self.editor

    # ------------------------------------------------------------------ editor <-> list
    def guarded_editors(self) -> list[Guarded]:
        return [self.editor]

    def _may_leave(self) -> bool:
        return self.may_leave()

    def show_record(self, record_id: int) -> None:
        if self.editor.record_id == record_id:
            return  # already in the form, with whatever the user has typed
        if self._may_leave():
            self.editor.open_record(record_id)
        else:
            self.keep_selection(self.editor.record_id)

    def show_nothing(self) -> None:
        """The list was filtered or refreshed: the form keeps what it shows."""

    def new_record(self) -> None:
        if not self._may_leave():
            return
        self.table.clearSelection()
        self.editor.new_record()

    def _removed(self) -> None:
        self.table.clearSelection()
        self.editor.new_record()

    def _scan(self, record_id: int) -> int | None:
        for row in range(min(self.model.rowCount(), SCAN_LIMIT)):
            if self.model.id_at(row) == record_id:
                return row
        return None

    def select_id(self, record_id: int) -> None:
        """Show the record in the list: select it, narrowing the list to its name if needed."""
        row = self._scan(record_id)
        if row is None:
            for box in self.filter_boxes.values():
                box.setCurrentIndex(0)
            self.search.setText(self.editor.heading(self.editor.loaded))
            row = self._scan(record_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def open_id(self, record_id: int) -> None:
        if not self._may_leave():
            return
        row = self._scan(record_id)
        if row is not None:
            self.editor.open_record(record_id)
            self.table.selectRow(row)
        else:
            self.table.clearSelection()
            self.editor.open_record(record_id)

    # ------------------------------------------------------------------ actions
    def find_duplicates(self) -> None:
        dialog = DuplicatesDialog(self.ctx, self.entity, self)
        dialog.exec()
        if dialog.merged and self.editor.record_id is not None:
            self.editor.new_record()

    def open_import(self) -> None:
        from intervet_desktop.ui.pages.import_launcher import open_import_wizard

        open_import_wizard(self.ctx, self, self.import_kind)


class PeoplePage(DirectoryPage):
    key = "people"
    icon_name = "people"
    spec = PEOPLE
    watches = (Kind.PERSON, Kind.ORGANISATION)
    search_hint = "Search name or e-mail"
    entity = "person"
    import_kind = "people"

    def title(self) -> str:
        return tr("Pages", "People")

    def new_text(self) -> str:
        return "New person"

    def make_editor(self, ctx: AppContext) -> RecordEditor:
        return PersonEditor(ctx)

    def filter_choices(self) -> list[FilterChoice]:
        c = "PeoplePage"
        return [_enum_choice("role", tr(c, "Role"), tr(c, "All roles"), [r.value for r in PersonRole])]


class OrganisationsPage(DirectoryPage):
    key = "organisations"
    icon_name = "organisations"
    spec = ORGANISATIONS
    watches = (Kind.ORGANISATION, Kind.CONTACT)
    search_hint = "Search name, city or OID"
    entity = "organisation"
    import_kind = "organisations"

    def title(self) -> str:
        return tr("Pages", "Organisations")

    def new_text(self) -> str:
        return "New organisation"

    def make_editor(self, ctx: AppContext) -> RecordEditor:
        return OrganisationEditor(ctx)

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
