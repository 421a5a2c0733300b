"""Documents that know their state (issue 16): a new version only when the content changed; a
signed document whose data changes is stale until an amendment (a new version that says what it
amends); signature dates checked and kept per party; certificates only after the stay (before:
a clearly marked draft)."""

from __future__ import annotations

import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from intervet_desktop.core.enums import DocumentKind, SignatureParty, SignatureStatus
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.db.models import Document, Mobility
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.services.documents import (
    DocumentOptions,
    attach_signed_scan,
    generate_for_mobility,
    set_signature_status,
)
from intervet_desktop.services.documents.state import document_states
from tests.db.test_documents import build, text_of
from tests.factories import backdate_documents


def _keep(path: Path, name: str) -> None:
    """A copy for the screenshots (INTERVET_SHOTS_DIR), to look at with pdftoppm."""
    folder = os.environ.get("INTERVET_SHOTS_DIR")
    if folder:
        shutil.copyfile(path, Path(folder) / name)


def _code(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return error.value.problems[0].message.code


def test_a_date_change_makes_a_signed_agreement_stale_and_its_amendment_says_so(
    workspace: Workspace, tmp_path: Path
) -> None:
    data = build(workspace)
    first = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path).value
    backdate_documents(workspace, date(2026, 1, 20))
    # signature dates: not before the document existed, not in the future; kept per party
    with pytest.raises(ValidationError) as early:
        set_signature_status(
            workspace, first.document_id, SignatureParty.SENDING, SignatureStatus.SIGNED, date(2026, 1, 19)
        )
    assert _code(early) == "doc_signed_before_document"
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF-1.4\n% signed\n%%EOF\n")
    with pytest.raises(ValidationError) as future:
        attach_signed_scan(workspace, first.document_id, scan, signed_on=date.today() + timedelta(days=1))
    assert _code(future) == "date_in_future"
    signed = attach_signed_scan(
        workspace,
        first.document_id,
        scan,
        signed_on=date(2026, 2, 2),
        dates={SignatureParty.PARTICIPANT: date(2026, 1, 28), SignatureParty.RECEIVING: date(2026, 2, 5)},
    ).value
    assert {i.party: i.signed_on for i in signed} == {
        "participant": date(2026, 1, 28),
        "sending": date(2026, 2, 2),
        "receiving": date(2026, 2, 5),
    }
    (state,) = document_states(workspace, data.mobility_id)
    assert state.signed_by and not state.stale
    # nothing changed: no new version
    with pytest.raises(ValidationError) as same:
        generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path)
    assert _code(same) == "doc_unchanged"
    # the stay is shortened after signing: the signed agreement is stale
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        mobility.planned_end = date(2026, 3, 19)
        s.add(mobility)
    (state,) = document_states(workspace, data.mobility_id)
    assert state.stale and state.version == 1
    amendment = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path).value
    assert amendment.version == 2
    text, _pages = text_of(amendment.path)
    assert "Amendment: this version amends version 1 (2026-01-20)" in text
    assert "Τροποποίηση" in text  # and in the second language
    _keep(amendment.path, "amendment.pdf")
    old, new = document_states(workspace, data.mobility_id)
    assert old.superseded and not old.stale
    assert new.amends_version == 1 and not new.stale and not new.signed_by
    with workspace.read_session() as s:
        row = s.get(Document, amendment.document_id)
        assert row is not None and row.amends_id == first.document_id


def test_certificates_are_refused_for_stays_not_yet_over_and_drafts_are_marked(
    workspace: Workspace, tmp_path: Path
) -> None:
    data = build(workspace)
    start = date.today() + timedelta(days=200)
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        mobility.planned_start, mobility.planned_end = start, start + timedelta(days=11)
        s.add(mobility)
    options = DocumentOptions(kind=DocumentKind.CERTIFICATE)
    with pytest.raises(ValidationError) as refused:
        generate_for_mobility(workspace, data.mobility_id, options, tmp_path)
    assert _code(refused) == "doc_certificate_future"
    assert not list(tmp_path.glob("*.pdf"))
    draft = generate_for_mobility(
        workspace, data.mobility_id, DocumentOptions(kind=DocumentKind.CERTIFICATE, draft=True), tmp_path
    ).value
    text, _pages = text_of(draft.path)
    assert "DRAFT" in text
    _keep(draft.path, "certificate-draft.pdf")
    (state,) = document_states(workspace, data.mobility_id)
    assert state.draft


def _unembedded_fonts(path: Path) -> set[str]:
    """Fonts a PDF references without embedding them (read back with pypdf)."""
    from pypdf import PdfReader

    missing: set[str] = set()
    for page in PdfReader(path).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        for ref in (fonts.get_object() if fonts is not None else {}).values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            targets = [d.get_object() for d in descendants] if descendants is not None else [font]
            for target in targets:
                descriptor = target.get("/FontDescriptor")
                d = descriptor.get_object() if descriptor is not None else {}
                if not any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont")))
    return missing


def test_every_font_in_the_documents_is_embedded(workspace: Workspace, tmp_path: Path) -> None:
    data = build(workspace)
    for kind in (DocumentKind.MOBILITY_AGREEMENT, DocumentKind.GRANT_AGREEMENT, DocumentKind.CERTIFICATE):
        doc = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(kind=kind), tmp_path).value
        assert _unembedded_fonts(doc.path) == set(), kind


def test_every_font_in_the_ranking_is_embedded(workspace: Workspace, tmp_path: Path) -> None:
    from intervet_desktop.services.publication import publish_ranking
    from tests.db.test_ranking_publication import _ranked_call

    call_id = _ranked_call(workspace)
    done = publish_ranking(workspace, call_id, tmp_path / "ranking").value
    assert _unembedded_fonts(done.pdf) == set()


def test_the_command_makes_one_mobility_and_says_when_nothing_changed(
    workspace: Workspace, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from intervet_desktop.cli.main import main

    data = build(workspace)
    start = date.today() + timedelta(days=100)
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        mobility.planned_start, mobility.planned_end = start, start + timedelta(days=11)
        s.add(mobility)
    workspace.close()
    base = ["--db", str(db_path), "documents", "--mobility", str(data.mobility_id), "-o", str(tmp_path)]
    assert main(base) == 0
    assert "Wrote" in capsys.readouterr().out
    assert main(base) == 0
    assert "Unchanged:" in capsys.readouterr().out
    assert main([*base, "--kind", "certificate"]) == 1
    assert "after it has taken place" in capsys.readouterr().err
    assert main([*base, "--kind", "certificate", "--draft"]) == 0
    assert len(list(tmp_path.glob("certificate*.pdf"))) == 1
