"""The Organisations page: an organisation typed into the form (bad OID, then a good one),
a contact added through its dialog, the no-OID flag and 'Mark as asked today', history."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from intervet_desktop.services import contacts, organisations
from intervet_desktop.ui.main_window import MainWindow
from intervet_desktop.ui.pages.contact_dialog import ContactDialog
from intervet_desktop.ui.pages.directory import OrganisationsPage
from intervet_desktop.ui.pages.organisation_editor import OrganisationEditor
from tests.factories import Sample


def _page(window: MainWindow) -> tuple[OrganisationsPage, OrganisationEditor]:
    page = window.show_page("organisations")
    assert isinstance(page, OrganisationsPage)
    assert isinstance(page.editor, OrganisationEditor)
    return page, page.editor


def _shown(editor: OrganisationEditor, field: str) -> str:
    label = editor.fields.errors[field]
    return "" if label.isHidden() else label.text()


def test_new_organisation_with_a_bad_then_a_good_oid(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    page, editor = _page(window)
    page.new_button.click()
    qtbot.keyClicks(editor.name, "Hotel Kalevala")
    assert "country" in editor.problems()  # required
    editor.country.set_value("FI")
    qtbot.keyClicks(editor.city, "Rovaniemi")
    editor.kind.set_value("company")
    editor.is_host.setChecked(True)
    assert not editor.no_oid.isHidden() and editor.mark_asked.isEnabled()
    qtbot.keyClicks(editor.oid, "E1234")
    assert _shown(editor, "oid"), "a malformed OID is explained next to the field"
    assert not editor.save_button.isEnabled()
    editor.oid.setText("E10000001")  # the Greek school's
    assert "1ο ΕΠΑΛ" in _shown(editor, "oid")
    editor.oid.clear()
    qtbot.keyClicks(editor.oid, "E12345678")
    assert _shown(editor, "oid") == "" and editor.no_oid.isHidden()
    qtbot.keyClicks(editor.web, "kalevala")
    assert _shown(editor, "web")
    editor.web.setText("https://kalevala.example.fi")
    editor.languages.setText("fi, en, xx")
    assert "xx" in _shown(editor, "languages")
    editor.languages.setText("fi, en")
    editor.guest_capacity.setValue(4)
    assert editor.problems() == {}
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)

    assert editor.record_id is not None
    saved = organisations.get_organisation(window.ctx.workspace, editor.record_id).form
    assert (saved.oid, saved.country, saved.guest_capacity, saved.languages) == (
        "E12345678",
        "FI",
        4,
        ("fi", "en"),
    )
    assert page.selected_ids() == [editor.record_id]
    page.search.setText("kalevala rovaniemi")
    assert page.model.total() == 1 and page.model.id_at(0) == editor.record_id


def test_add_a_contact_through_its_dialog(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    page, editor = _page(window)
    page.open_id(sample.host_fi_id)
    assert editor.contacts.rowCount() == 0 and editor.add_contact_button.isEnabled()
    seen: dict[str, object] = {}

    def fill_and_accept(dialog: ContactDialog) -> int:
        assert not dialog.ok_button.isEnabled()  # a name is needed
        qtbot.keyClicks(dialog.first_name, "Anna")
        dialog.last_name.setText("Määttä")
        qtbot.keyClicks(dialog.email, "anna@")
        seen["email_error"] = dialog.fields.errors["email"].text()
        seen["ok_with_bad_email"] = dialog.ok_button.isEnabled()
        dialog.email.setText("anna.maatta@tredu.example.fi")
        dialog.role.setText("Mentor")
        dialog.is_primary.setChecked(True)
        assert dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(ContactDialog, "exec", fill_and_accept)
    editor.add_contact_button.click()
    assert seen["email_error"] and seen["ok_with_bad_email"] is False
    stored = contacts.list_contacts(window.ctx.workspace, sample.host_fi_id)
    assert [(c.form.last_name, c.form.is_primary) for c in stored] == [("Määttä", True)]
    assert editor.contacts.rowCount() == 1
    assert editor.contacts.item(0, 0).text() == "Anna Määttä"


def test_host_without_oid_is_flagged_and_marked_as_asked(qtbot, window: MainWindow, sample: Sample) -> None:  # type: ignore[no-untyped-def]
    page, editor = _page(window)
    page.open_id(sample.host_fi_id)
    assert editor.badge.text() == "No OID" and not editor.badge.isHidden()
    assert not editor.no_oid.isHidden()
    editor.mark_asked.click()
    form = organisations.get_organisation(window.ctx.workspace, sample.host_fi_id).form
    assert form.oid_requested_on == date.today()
    assert editor.oid_requested_on.text() == date.today().strftime("%d.%m.%Y")
    assert "Mobilities hosted: 1" in editor.history.text()


def test_history_of_a_host(qtbot, window: MainWindow, sample: Sample) -> None:  # type: ignore[no-untyped-def]
    page, editor = _page(window)
    page.open_id(sample.host_pt_id)
    assert "Mobilities hosted: 2" in editor.history.text()
    page.open_id(sample.school_id)
    assert "Mobilities sent: 3" in editor.history.text()
    assert editor.badge.isHidden()
