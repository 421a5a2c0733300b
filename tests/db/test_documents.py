"""Documents end to end: real database, real PDFs read back with pypdf."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from intervet_desktop.cli.main import main
from intervet_desktop.core.enums import (
    DocumentKind,
    EvidenceKind,
    MobilityStatus,
    SignatureParty,
    SignatureStatus,
)
from intervet_desktop.core.errors import ValidationError
from intervet_desktop.core.money import format_cents
from intervet_desktop.core.text import search_key, sort_key
from intervet_desktop.db.models import (
    Application,
    Attachment,
    Call,
    Contact,
    Document,
    DocumentSignature,
    EvidenceItem,
    GrantLine,
    Mobility,
    Organisation,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.services import settings
from intervet_desktop.services.attachments import stored_path
from intervet_desktop.services.changes import Kind
from intervet_desktop.services.documents import (
    DocumentOptions,
    attach_signed_scan,
    generate_batch,
    generate_for_mobility,
    generate_selection_letter,
    pending_by_mobility,
    pending_signatures,
    project_mobility_ids,
    set_programme,
    set_signature_status,
)
from intervet_desktop.services.settings import InstitutionProfile
from tests.factories import backdate_documents

CODE = "2025-1-EL01-KA122-VET-000123456"
HOST = (
    "Agrupamento de Escolas Profissionais de Formação Técnica e Tecnológica "
    "de São João da Madeira e Oliveira de Azeméis"
)
LINES = [
    ("travel", "Travel", "participant", "1", 27500, 27500, "Travel, 2,000-2,999 km: 1 x 275.00 = 275.00"),
    (
        "individual_support",
        "Individual support",
        "participant",
        "12 days",
        16000,
        192000,
        "Individual support: 12 days x 160.00 = 1,920.00",
    ),
    ("organisational_support", "Organisational support", "organisation", "1", 10000, 10000, "1 x 100.00"),
]


@dataclass
class Data:
    project_id: int
    mobility_id: int
    school_id: int
    host_id: int


def text_of(pdf: Path) -> tuple[str, int]:
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def add_org(s, name: str, country: str, city: str, **kw) -> Organisation:  # type: ignore[no-untyped-def]
    org = Organisation(
        name=name, country=country, city=city, search_key=search_key(name), sort_key=sort_key(name), **kw
    )
    s.add(org)
    s.flush()
    return org


def add_contact(s, org: Organisation, first: str, last: str, role: str, primary: bool = True) -> Contact:  # type: ignore[no-untyped-def]
    contact = Contact(
        organisation_id=org.id,
        first_name=first,
        last_name=last,
        role=role,
        email="x@example.org",
        is_primary=primary,
    )
    s.add(contact)
    s.flush()
    return contact


def add_mobility(
    s, project: Project, person: Person, school: Organisation, host: Organisation, **kw
) -> Mobility:  # type: ignore[no-untyped-def]
    values = dict(
        project_id=project.id,
        person_id=person.id,
        activity_type="SM-JOB-SHDW",
        sending_org_id=school.id,
        receiving_org_id=host.id,
        destination_city="São João da Madeira",
        destination_country="PT",
        planned_start=date(2026, 3, 9),
        planned_end=date(2026, 3, 20),
        travel_days=2,
        participant_sort_key=sort_key(person.last_name, person.first_name),
    )
    values.update(kw)
    mobility = Mobility(**values)
    s.add(mobility)
    s.flush()
    return mobility


def add_grant(s, mobility: Mobility) -> None:  # type: ignore[no-untyped-def]
    for position, (code, label, recipient, qty, rate, amount, why) in enumerate(LINES):
        s.add(
            GrantLine(
                mobility_id=mobility.id,
                position=position,
                code=code,
                label=label,
                recipient=recipient,
                quantity=qty,
                rate_cents=rate,
                amount_cents=amount,
                derivation=why,
            )
        )
    mobility.grant_participant_cents = 27500 + 192000
    mobility.grant_organisation_cents = 10000
    mobility.grant_total_cents = 229500
    mobility.grant_computed_at = utcnow()
    s.add(mobility)


def build(ws: Workspace) -> Data:
    settings.save_profile(
        ws,
        InstitutionProfile(
            name="1ο Επαγγελματικό Λύκειο Θεσσαλονίκης «Αριστοτέλης»",
            address="Εγνατίας 154, 54636 Θεσσαλονίκη",
            city="Θεσσαλονίκη",
            country="GR",
            signatory_name="Μαρία Ιωάννου",
            signatory_role="Διευθύντρια",
        ),
    )
    with ws.session() as s:
        school = add_org(s, "1ο ΕΠΑΛ Θεσσαλονίκης", "GR", "Θεσσαλονίκη", is_own=True, oid="E10012345")
        host = add_org(
            s,
            HOST,
            "PT",
            "São João da Madeira",
            oid="E10234567",
            size="lt250",
            address="Rua Dr. António José de Almeida 12",
        )
        add_contact(s, school, "Ελένη", "Κωνσταντινίδου", "Υπεύθυνη διεθνών σχέσεων")
        add_contact(s, host, "João", "Gonçalves Simões", "Coordenador de projetos internacionais")
        tutor = add_contact(s, host, "Ana Sofia", "Rodrigues", "Formadora de mecatrónica", primary=False)
        project = Project(
            code=CODE,
            title="Job shadowing for modern workshops",
            action="KA122-VET",
            call_year=2025,
            start_date=date(2025, 9, 1),
            end_date=date(2027, 2, 28),
            participant_prefinancing_bp=8000,
            participant_balance_days=45,
        )
        s.add(project)
        s.flush()
        person = Person(
            first_name="Γεώργιος",
            last_name="Παπαδόπουλος",
            nationality="GR",
            email="g.papadopoulos@example.gr",
            iban="GR1601101250000000012300695",
            search_key=search_key("Γεώργιος Παπαδόπουλος"),
            sort_key=sort_key("Παπαδόπουλος Γεώργιος"),
        )
        s.add(person)
        s.flush()
        mobility = add_mobility(s, project, person, school, host, host_tutor_id=tutor.id)
        add_grant(s, mobility)
        ids = Data(project.id or 0, mobility.id or 0, school.id or 0, host.id or 0)
    set_programme(
        ws,
        ids.mobility_id,
        objectives="Observe how a Portuguese VET school organises work-based learning in mechatronics.",
        activities="Job shadowing of mechatronics trainers in the workshops & two partner companies.",
        outcomes="New assessment methods for our workshops; a plan to host Portuguese learners.",
        language="en",
    )
    return ids


@pytest.fixture
def data(workspace: Workspace) -> Data:
    return build(workspace)


def only(ws: Workspace, mobility_id: int, kind: DocumentKind, out: Path, **kw) -> Path:  # type: ignore[no-untyped-def]
    return generate_for_mobility(ws, mobility_id, DocumentOptions(kind=kind, **kw), out).value.path


# ------------------------------------------------------------------------------------------ content
def test_mobility_agreement_in_english_and_greek(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    result = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path / "out")
    doc = result.value
    assert doc.languages == ("en", "el")  # the sending school is in Greece
    text, pages = text_of(doc.path)
    assert "Γεώργιος Παπαδόπουλος" in text
    assert "Κωνσταντινίδου" in text and "Gonçalves Simões" in text
    for word in ("Agrupamento", "Tecnológica", "Azeméis", "Madeira"):
        assert word in text
    assert "9 March 2026" in text and "20 March 2026" in text
    assert "9 Μαρτίου 2026" in text
    assert "Commitment of the three parties" in text
    assert "Δέσμευση των τριών μερών" in text
    assert "workshops & two partner companies" in text  # escaped for Paragraph and back
    assert "Co-funded by the European Union" in text and CODE in text
    assert re.search(r"Page 1 of \d", text)
    assert 2 <= pages <= 4
    assert result.changes.touches(Kind.DOCUMENT)

    with workspace.read_session() as s:
        row = s.get(Document, doc.document_id)
        assert row is not None
        assert (row.kind, row.version, row.languages) == ("mobility-agreement", 1, "en,el")
        assert row.template == "builtin:en/mobility-agreement.txt,builtin:el/mobility-agreement.txt"
        attachment = s.get(Attachment, row.attachment_id)
        assert attachment is not None and attachment.sha256 == doc.sha256
        parties = s.exec(select(DocumentSignature).where(DocumentSignature.document_id == row.id)).all()
    copy = stored_path(workspace.files_dir, doc.sha256)
    assert copy.read_bytes() == doc.path.read_bytes()
    assert {(p.party, p.status) for p in parties} == {
        ("participant", "not_sent"),
        ("sending", "not_sent"),
        ("receiving", "not_sent"),
    }
    # nothing changed: no new version (issue 16)
    with pytest.raises(ValidationError) as same:
        generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path / "out")
    assert same.value.problems[0].message.code == "doc_unchanged"
    options = DocumentOptions(second_language="de")  # the content changes: a new version
    again = generate_for_mobility(workspace, data.mobility_id, options, tmp_path / "out").value
    assert again.version == 2 and again.path != doc.path and doc.path.exists()


def test_grant_agreement_amounts_equal_the_stored_grant(
    workspace: Workspace, data: Data, tmp_path: Path
) -> None:
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        mobility.in_kind_travel_cents = 27500  # the school books the flight itself
        s.add(mobility)
    path = only(workspace, data.mobility_id, DocumentKind.GRANT_AGREEMENT, tmp_path, second_language="de")
    text, pages = text_of(path)
    for _, _, recipient, _, _, amount, derivation in LINES:
        if recipient == "participant":
            assert f"{format_cents(amount)} EUR" in text
            assert derivation in text
    assert "Organisational support" not in text  # the organisation's part is not the participant's
    assert "2,195.00 EUR" in text  # participant total
    assert "-275.00 EUR" in text and "Travel provided in kind by the organisation" in text
    cash = 192000
    assert f"{format_cents(cash)} EUR" in text
    assert "80 %" in text and f"{format_cents(cash * 80 // 100)} EUR" in text  # pre-financing
    assert f"{format_cents(cash - cash * 80 // 100)} EUR" in text  # balance
    assert "within 45 calendar days" in text
    assert "1.920,00 EUR" in text  # German number format on the German side
    assert "Finanzhilfevereinbarung" in text and "Grant agreement" in text
    assert "Μαρία Ιωάννου" in text
    assert 2 <= pages <= 4
    # one after the other, in Finnish: paragraphs move to the next page whole (regression)
    path = only(
        workspace,
        data.mobility_id,
        DocumentKind.GRANT_AGREEMENT,
        tmp_path,
        second_language="fi",
        layout=Layout.SEQUENTIAL,
    )
    text, pages = text_of(path)
    assert "Apurahasopimus" in text and "1 920,00 EUR" in text and 3 <= pages <= 5


def test_certificate_for_outgoing_and_incoming(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    path = only(workspace, data.mobility_id, DocumentKind.CERTIFICATE, tmp_path / "a")
    text, pages = text_of(path)
    assert HOST.split()[0] in text and "certify that" in text and "βεβαιώνει ότι" in text
    assert "The receiving organisation" in text and "The participant" not in text
    assert pages == 1
    with workspace.session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        mobility.direction = "incoming"
        mobility.sending_org_id, mobility.receiving_org_id = data.host_id, data.school_id
        mobility.actual_start, mobility.actual_end = date(2026, 3, 10), date(2026, 3, 19)
        s.add(mobility)
    path = only(workspace, data.mobility_id, DocumentKind.CERTIFICATE, tmp_path / "b")
    text, _ = text_of(path)
    assert "1ο Επαγγελματικό Λύκειο Θεσσαλονίκης «Αριστοτέλης»" in text  # the school certifies
    assert "Μαρία Ιωάννου" in text and "10 March 2026" in text
    assert "Certificado de presença" in text  # the sending host is Portuguese


def test_sequential_layout(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    path = only(
        workspace, data.mobility_id, DocumentKind.MOBILITY_AGREEMENT, tmp_path, layout=Layout.SEQUENTIAL
    )
    text, pages = text_of(path)
    assert "Mobility agreement" in text and "Συμφωνία κινητικότητας" in text
    assert 3 <= pages <= 6
    english_only = only(
        workspace, data.mobility_id, DocumentKind.MOBILITY_AGREEMENT, tmp_path, second_language="en"
    )
    text, pages = text_of(english_only)
    assert "Συμφωνία" not in text and pages <= 3


def test_selection_letter(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    with workspace.session() as s:
        call = Call(
            project_id=data.project_id,
            title="Job shadowing in Portugal 2026",
            activity_type="SM-JOB-SHDW",
            opens_on=date(2025, 10, 1),
            deadline=date(2025, 11, 15),
            with_appeals=True,
            appeal_deadline=date(2025, 12, 10),
        )
        s.add(call)
        s.flush()
        person = s.exec(select(Person)).first()
        assert person is not None
        application = Application(
            call_id=call.id or 0,
            person_id=person.id or 0,
            number="A-017",
            submitted_at=utcnow(),
            status="reserve",
            rank=4,
            total_hundredths=8350,
        )
        s.add(application)
        s.flush()
        app_id = application.id or 0
    doc = generate_selection_letter(workspace, app_id, tmp_path).value
    text, pages = text_of(doc.path)
    assert "reserve list" in text and "position 4" in text and "83.5 points" in text
    assert "κατάλογο επιλαχόντων" in text and "Γεώργιος Παπαδόπουλος" in text
    assert "10 December 2025" in text
    assert pages == 1
    with workspace.session() as s:
        application = s.get(Application, app_id)
        assert application is not None
        application.status = "received"
        s.add(application)
    with pytest.raises(ValidationError) as info:
        generate_selection_letter(workspace, app_id, tmp_path)
    assert info.value.problems[0].message.code == "doc_no_decision"


# ------------------------------------------------------------------------------------------ templates
def test_school_template_override(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    custom = tmp_path / "ours"
    (custom / "en").mkdir(parents=True)
    (custom / "en" / "mobility-agreement.txt").write_text(
        "# Our own agreement\nThis is our text for {{ participant_name }}.\n@signatures\n", encoding="utf-8"
    )
    (custom / "en" / "labels.txt").write_text("sign.heading = Signed by\n", encoding="utf-8")
    settings.set_value(workspace, "templates_dir", str(custom))
    doc = generate_for_mobility(
        workspace, data.mobility_id, DocumentOptions(second_language="en"), tmp_path / "o"
    )
    text, pages = text_of(doc.value.path)
    assert "This is our text for Γεώργιος Παπαδόπουλος." in text
    assert "Signed by" in text and "Date" in text  # other labels come from the built-in file
    assert "Commitment" not in text and pages == 1
    with workspace.read_session() as s:
        row = s.get(Document, doc.value.document_id)
        assert row is not None and row.template == "custom:en/mobility-agreement.txt"


def test_unknown_placeholder_is_reported_before_any_pdf(
    workspace: Workspace, data: Data, tmp_path: Path
) -> None:
    custom = tmp_path / "ours"
    (custom / "el").mkdir(parents=True)
    (custom / "el" / "mobility-agreement.txt").write_text(
        "; comment\n# Συμφωνία\n\nΚείμενο\nγια {{ participant_nmae }}.\n", encoding="utf-8"
    )
    settings.set_value(workspace, "templates_dir", str(custom))
    out = tmp_path / "out"
    with pytest.raises(ValidationError) as info:
        generate_batch(workspace, [data.mobility_id], DocumentOptions(), out)
    text = str(info.value)
    assert "participant_nmae" in text and "line 5" in text and "mobility-agreement.txt" in text
    assert list(out.iterdir()) == []
    with workspace.read_session() as s:
        assert s.exec(select(Document)).all() == []


# ------------------------------------------------------------------------------------------ refusals
def test_missing_data_is_listed_not_printed(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    with workspace.session() as s:
        project = s.get(Project, data.project_id)
        host = add_org(s, "Empty host GmbH", "DE", "")
        person = Person(first_name="Jörg", last_name="Müller", sort_key="muller jorg")
        s.add(person)
        s.flush()
        school = s.get(Organisation, data.school_id)
        assert project is not None and school is not None
        bare = add_mobility(s, project, person, school, host, destination_city=None, destination_country="DE")
        bare_id = bare.id or 0
    with pytest.raises(ValidationError) as info:
        generate_for_mobility(workspace, bare_id, DocumentOptions(), tmp_path)
    fields = [p.field for p in info.value.problems]
    assert fields == [
        "host_tutor_id",
        "destination_city",
        "programme.objectives",
        "programme.activities",
        "programme.outcomes",
        "programme.language",
    ]
    assert "Mobility" in info.value.problems[0].render() and "Müller" in info.value.problems[0].render()
    with pytest.raises(ValidationError) as info:
        generate_for_mobility(
            workspace, bare_id, DocumentOptions(kind=DocumentKind.GRANT_AGREEMENT), tmp_path
        )
    assert [p.message.code for p in info.value.problems] == ["doc_missing_grant"]

    batch = generate_batch(
        workspace, project_mobility_ids(workspace, CODE), DocumentOptions(), tmp_path
    ).value
    assert len(batch.written) == 1 and len(batch.refused) == 1
    assert batch.refused[0].mobility_id == bare_id
    assert [p.name for p in tmp_path.glob("*.pdf")] == [batch.written[0].path.name]


def test_batch_progress_and_cancel(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    with workspace.session() as s:
        template = s.get(Mobility, data.mobility_id)
        assert template is not None
        values = template.model_dump(exclude={"id", "created_at", "updated_at"})
        ids = [data.mobility_id]
        for _ in range(3):
            copy = Mobility(**values)
            s.add(copy)
            s.flush()
            add_grant(s, copy)
            ids.append(copy.id or 0)
    for mid in ids[1:]:
        set_programme(workspace, mid, objectives="o", activities="a", outcomes="r", language="pt")
    seen: list[tuple[int, int]] = []
    result = generate_batch(
        workspace,
        ids,
        DocumentOptions(kind=DocumentKind.GRANT_AGREEMENT),
        tmp_path,
        progress=lambda done, total: seen.append((done, total)),
        cancel=lambda: len(seen) >= 2,
    ).value
    assert result.cancelled and len(result.written) == 2 and seen == [(1, 4), (2, 4)]
    assert len(list(tmp_path.glob("*.pdf"))) == 2

    # the written ones again: nothing changed, so no new version (issue 16)
    same = generate_batch(
        workspace, ids[:2], DocumentOptions(kind=DocumentKind.GRANT_AGREEMENT), tmp_path
    ).value
    assert not same.written and [u.version for u in same.unchanged] == [1, 1]

    # the batch with another second language rendered by two worker processes: same order, same records
    options = DocumentOptions(kind=DocumentKind.GRANT_AGREEMENT, second_language="de")
    pooled = generate_batch(workspace, ids, options, tmp_path / "pool", workers=2).value
    assert [d.mobility_id for d in pooled.written] == ids and not pooled.cancelled
    assert [d.version for d in pooled.written] == [2, 2, 1, 1]
    for doc in pooled.written:
        text, _ = text_of(doc.path)
        assert "Γεώργιος Παπαδόπουλος" in text and "1,920.00 EUR" in text


# ------------------------------------------------------------------------------------------ signatures
def test_signatures_scan_and_evidence(workspace: Workspace, data: Data, tmp_path: Path) -> None:
    doc = generate_for_mobility(workspace, data.mobility_id, DocumentOptions(), tmp_path).value
    backdate_documents(workspace, date(2026, 1, 20))  # made in January, sent and signed in February
    pending = pending_signatures(workspace, project_id=data.project_id)
    assert pending_by_mobility(pending) == {
        data.mobility_id: [
            "mobility-agreement: participant",
            "mobility-agreement: receiving",
            "mobility-agreement: sending",
        ]
    }
    sent = set_signature_status(
        workspace, doc.document_id, SignatureParty.RECEIVING, SignatureStatus.SENT, date(2026, 2, 1)
    )
    assert sent.value.status == "sent" and sent.value.sent_on == date(2026, 2, 1)
    set_signature_status(
        workspace, doc.document_id, SignatureParty.PARTICIPANT, SignatureStatus.SIGNED, date(2026, 2, 3)
    )
    with workspace.read_session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None and mobility.status == MobilityStatus.AGREEMENT_SENT
    assert [p.party for p in pending_signatures(workspace, mobility_ids=[data.mobility_id])] == [
        "receiving",
        "sending",
    ]

    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF-1.4\n% signed scan\n%%EOF\n")
    result = attach_signed_scan(workspace, doc.document_id, scan, signed_on=date(2026, 2, 10))
    assert {i.status for i in result.value} == {"signed"}
    assert result.changes.touches(Kind.EVIDENCE_ITEM, Kind.MOBILITY)
    assert pending_signatures(workspace, project_id=data.project_id) == []
    with workspace.read_session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        item = s.exec(select(EvidenceItem).where(EvidenceItem.mobility_id == data.mobility_id)).one()
        attachment = s.get(Attachment, item.attachment_id)
    assert mobility is not None and mobility.status == MobilityStatus.AGREEMENT_SIGNED
    assert (item.kind, item.done, item.done_on) == (EvidenceKind.MOBILITY_AGREEMENT, True, date(2026, 2, 10))
    assert mobility.missing_evidence == 4  # grant agreement, certificate, travel, participant report
    assert attachment is not None and attachment.mime_type == "application/pdf"
    assert stored_path(workspace.files_dir, attachment.sha256).read_bytes() == scan.read_bytes()

    not_a_scan = tmp_path / "notes.txt"
    not_a_scan.write_text("hello", encoding="utf-8")
    with pytest.raises(Exception) as info:
        attach_signed_scan(workspace, doc.document_id, not_a_scan)
    assert "not a PDF, PNG or JPEG" in str(info.value)
    cert = generate_for_mobility(
        workspace, data.mobility_id, DocumentOptions(kind=DocumentKind.CERTIFICATE), tmp_path
    )
    with pytest.raises(ValidationError) as refused:
        set_signature_status(
            workspace, cert.value.document_id, SignatureParty.PARTICIPANT, SignatureStatus.SENT
        )
    assert refused.value.problems[0].message.code == "doc_party_not_signing"


# ------------------------------------------------------------------------------------------ command line
def test_cli_writes_and_reports_refusals(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Workspace.open(db_path, create=True) as ws:
        data = build(ws)
        with ws.session() as s:
            project = s.get(Project, data.project_id)
            school = s.get(Organisation, data.school_id)
            host = add_org(s, "Sans contact Oy", "FI", "Tampere")
            person = Person(first_name="Aino", last_name="Virtanen", sort_key="virtanen aino")
            s.add(person)
            s.flush()
            assert project is not None and school is not None
            add_mobility(
                s, project, person, school, host, destination_city="Tampere", destination_country="FI"
            )
    out = tmp_path / "pdfs"
    code = main(["--db", str(db_path), "documents", "--project", CODE, "--lang", "pt", "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Wrote" in captured.out and "1 of 2 documents written" in captured.out
    assert "Virtanen Aino" in captured.err and "contact person or tutor" in captured.err
    assert "Traceback" not in captured.err
    (written,) = out.glob("*.pdf")
    text, _ = text_of(written)
    assert "Acordo de mobilidade" in text

    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    code = main(["--db", str(db_path), "documents", "--project", CODE, "-o", str(blocker / "sub")])
    assert code == 2
    code = main(["--db", str(db_path), "documents", "--project", "NOPE", "-o", str(out)])
    assert code == 1
    code = main(["--db", str(db_path), "documents", "--project", CODE, "--lang", "xx", "-o", str(out)])
    assert code == 1 and "not a document language" in capsys.readouterr().err


def test_grant_agreement_says_when_the_rates_are_not_confirmed(
    workspace: Workspace, data: Data, tmp_path: Path
) -> None:
    from intervet_desktop.services.project_rates import confirm_rates

    path = only(workspace, data.mobility_id, DocumentKind.GRANT_AGREEMENT, tmp_path)
    text, _ = text_of(path)
    assert "RATES NOT CONFIRMED" in text
    with workspace.read_session() as s:
        mobility = s.get(Mobility, data.mobility_id)
        assert mobility is not None
        project_id = mobility.project_id
    confirm_rates(workspace, project_id)
    path = only(workspace, data.mobility_id, DocumentKind.GRANT_AGREEMENT, tmp_path / "again")
    text, _ = text_of(path)
    assert "RATES NOT CONFIRMED" not in text
    assert "Grant agreement" in text
