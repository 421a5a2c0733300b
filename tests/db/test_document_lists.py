"""Who still has to sign what, in the lists: the mobilities' column and filter, the documents'
signature column and "waiting for signatures" filter (latest versions only); template settings."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from intervet_desktop.core.enums import DocumentKind, SignatureParty, SignatureStatus
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.services.document_templates import (
    builtin_files,
    copy_builtin_templates,
    default_layout,
    overriding_files,
    set_default_layout,
    set_templates_dir,
    stored_copy,
    templates_dir,
)
from intervet_desktop.services.documents import (
    DocumentOptions,
    attach_signed_scan,
    generate_for_mobility,
    set_signature_status,
)
from intervet_desktop.services.listing import ListFilter, ListReader
from intervet_desktop.services.lists import DOCUMENTS, MOBILITIES
from tests.db.test_documents import Data, build
from tests.factories import backdate_documents


def column(reader: ListReader, flt: ListFilter, key: str) -> list[object]:
    index = [c.key for c in reader.spec.columns].index(key)
    return [row[index + 1] for row in reader.page(flt, None, 0, 50)]


def test_pending_signatures_in_both_lists(workspace: Workspace, tmp_path: Path) -> None:
    data: Data = build(workspace)
    mobilities = ListReader(workspace, MOBILITIES)
    documents = ListReader(workspace, DOCUMENTS)
    unsigned = ListFilter(values={"unsigned": True})
    also = ListFilter(values={"missing": "unsigned"})
    waiting = ListFilter(values={"waiting": True})
    assert mobilities.count(unsigned) == 0 and column(mobilities, ListFilter(), "to_sign") == [None]

    first = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path).value
    assert mobilities.count(unsigned) == 1 and mobilities.count(also) == 1
    (summary,) = column(mobilities, ListFilter(), "to_sign")
    assert sorted(str(summary).split(",")) == [
        "mobility-agreement:participant",
        "mobility-agreement:receiving",
        "mobility-agreement:sending",
    ]
    backdate_documents(workspace, date(2026, 1, 20))  # made in January, signed in February
    for party in SignatureParty:
        set_signature_status(workspace, first.document_id, party, SignatureStatus.SIGNED, date(2026, 2, 1))
    assert mobilities.count(unsigned) == 0 and documents.count(waiting) == 0
    assert sorted(str(column(documents, ListFilter(), "signatures")[0]).split(",")) == [
        "participant:signed",
        "receiving:signed",
        "sending:signed",
    ]

    # a new version waits again; the signed older one no longer counts, and vice versa
    second = generate_for_mobility(
        workspace, data.mobility_id, DocumentOptions(second_language="de"), tmp_path
    ).value  # a new version only when the content changed (issue 16)
    assert mobilities.count(unsigned) == 1 and documents.count(waiting) == 1
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n%%EOF\n")
    attach_signed_scan(workspace, second.document_id, scan)
    assert mobilities.count(unsigned) == 0 and documents.count(waiting) == 0

    certificate = generate_for_mobility(
        workspace, data.mobility_id, DocumentOptions(kind=DocumentKind.CERTIFICATE), tmp_path
    ).value
    assert column(mobilities, unsigned, "to_sign") == ["certificate:receiving"]
    assert documents.count(waiting) == 1
    assert documents.count(ListFilter(values={"project_id": data.project_id})) == 3
    copy = stored_copy(workspace, certificate.document_id)
    assert copy is not None and copy.path.read_bytes() == certificate.path.read_bytes()


def test_template_folder_and_layout_settings(workspace: Workspace, tmp_path: Path) -> None:
    assert templates_dir(workspace) is None and default_layout(workspace) == Layout.SIDE_BY_SIDE
    folder = tmp_path / "wording"
    written = copy_builtin_templates(folder)
    assert len(written) == len(builtin_files()) + 1  # and the README
    assert overriding_files(folder) == builtin_files()
    (folder / "de" / "labels.txt").write_text("# ours\n", encoding="utf-8")
    assert copy_builtin_templates(folder) == []  # nothing overwritten
    assert (folder / "de" / "labels.txt").read_text(encoding="utf-8") == "# ours\n"
    set_templates_dir(workspace, folder)
    assert templates_dir(workspace) == folder
    set_templates_dir(workspace, None)
    assert templates_dir(workspace) is None
    set_default_layout(workspace, Layout.SEQUENTIAL)
    assert default_layout(workspace) == Layout.SEQUENTIAL
