"""Documents: gather a mobility's data, refuse with a list of what is missing, write the PDF,
record it (version, sha256, a copy in the attachment folder) and track who has signed.

Generation of one document is one transaction; a batch commits document by document, so
Cancel stops cleanly between two documents and everything written so far is recorded.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from intervet_desktop.core.enums import (
    ApplicationStatus,
    AttachmentKind,
    AuditAction,
    Direction,
    DocumentKind,
    MobilityStatus,
    Recipient,
    SignatureParty,
    SignatureStatus,
)
from intervet_desktop.core.errors import Problem, UnusableFileError, ValidationError
from intervet_desktop.core.evidence import EVIDENCE_OF_DOCUMENT, missing_count
from intervet_desktop.core.messages import msg, register
from intervet_desktop.core.money import format_cents
from intervet_desktop.core.validation.languages import language as language_rule
from intervet_desktop.db.lock import os_user
from intervet_desktop.db.models import (
    Application,
    Call,
    Contact,
    Document,
    DocumentSignature,
    EvidenceItem,
    GrantLine,
    Mobility,
    MobilityProgramme,
    MobilityStatusEvent,
    Organisation,
    Person,
    Project,
    utcnow,
)
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.context import split_in_kind
from intervet_desktop.exports.pdf.model import (
    SIGNING_PARTIES,
    ContactData,
    DocumentRequest,
    GrantLineData,
    Layout,
    MobilityData,
    OrganisationData,
    Outcome,
    PersonData,
    ProgrammeData,
    ProjectData,
    SchoolData,
    SelectionData,
)
from intervet_desktop.exports.pdf.render import check_templates, render_document, write_atomically
from intervet_desktop.exports.pdf.store import TemplateStore, check_language, language_for_country
from intervet_desktop.exports.pdf.worker import render_in_worker
from intervet_desktop.services import audit, settings
from intervet_desktop.services.attachments import store_bytes
from intervet_desktop.services.changes import Changes, Kind, Result

log = logging.getLogger(__name__)

TEMPLATES_DIR_KEY = "templates_dir"

MISSING = {
    "doc_missing_school": "the name of your school (Settings, institution profile)",
    "doc_missing_signatory": "who signs for your school (Settings, institution profile: signatory)",
    "doc_missing_sending": "the sending organisation",
    "doc_missing_sending_contact": "a contact person at the sending organisation",
    "doc_missing_receiving": "the receiving organisation (host)",
    "doc_missing_host_contact": "a contact person or tutor at the receiving organisation (host)",
    "doc_missing_objectives": "the programme's objectives",
    "doc_missing_activities": "the programme's activities",
    "doc_missing_outcomes": "the programme's expected outcomes and impact",
    "doc_missing_language": "the language of the activity",
    "doc_missing_grant": "the grant (compute the grant first)",
    "doc_missing_iban": "the participant's bank account (IBAN)",
    "doc_missing_destination": "the destination city",
}
for _code, _what in MISSING.items():
    register(_code, "{subject}: " + _what + " is missing.")
register("doc_dates_order", "{subject}: the planned end ({end}) is before the planned start ({start}).")
register(
    "doc_grant_inconsistent",
    "{subject}: the participant's grant lines add up to {lines} but the stored total is {total}; "
    "compute the grant again.",
)
register(
    "doc_staff_only",
    "{subject}: a mobility agreement for staff cannot be made for a learner mobility ({activity}).",
)
register("doc_no_decision", "{subject}: there is no selection decision yet (status {status}).")
register("doc_logo_unreadable", "The school logo {path} cannot be read; choose another file in Settings.")
register("doc_kind_unknown", "'{kind}' is not a document kind; use one of {choices}.")
register("doc_scan_type", "{path} is not a PDF, PNG or JPEG file.")
register("doc_scan_unreadable", "{path} cannot be read: {detail}")
register("doc_party_not_signing", "A {kind} is not signed by the {party} party.")
register("doc_out_dir", "The folder {path} cannot be written to: {detail}")

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

MOBILITY_KINDS = (DocumentKind.MOBILITY_AGREEMENT, DocumentKind.GRANT_AGREEMENT, DocumentKind.CERTIFICATE)
POOL_THRESHOLD = 16  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4


# ------------------------------------------------------------------------------------------ DTOs
@dataclass(frozen=True)
class DocumentOptions:
    kind: DocumentKind = DocumentKind.MOBILITY_AGREEMENT
    second_language: str | None = None  # None: the sending school's country language
    layout: Layout = Layout.SIDE_BY_SIDE


@dataclass(frozen=True)
class GeneratedDocument:
    document_id: int
    kind: str
    version: int
    languages: tuple[str, ...]
    path: Path
    sha256: str
    mobility_id: int | None = None
    application_id: int | None = None


@dataclass(frozen=True)
class Refusal:
    subject: str
    problems: tuple[Problem, ...]
    mobility_id: int | None = None
    application_id: int | None = None


@dataclass
class BatchResult:
    written: list[GeneratedDocument] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    cancelled: bool = False
    total: int = 0


@dataclass(frozen=True)
class SignatureInfo:
    signature_id: int
    document_id: int
    party: str
    status: str
    sent_on: date | None
    signed_on: date | None
    attachment_id: int | None


@dataclass(frozen=True)
class PendingSignature:
    mobility_id: int
    document_id: int
    kind: str
    version: int
    party: str
    status: str


# ------------------------------------------------------------------------------------------ options
def parse_kind(text: str) -> DocumentKind:
    choices = [k.value for k in (*MOBILITY_KINDS, DocumentKind.SELECTION_LETTER)]
    if text not in choices:
        raise ValidationError.single("kind", "doc_kind_unknown", kind=text, choices=", ".join(choices))
    return DocumentKind(text)


def languages_for(second: str | None, sending_country: str | None) -> tuple[str, ...]:
    other = check_language(second) if second else language_for_country(sending_country)
    return ("en",) if other == "en" else ("en", other)


def template_store(workspace: Workspace) -> TemplateStore:
    value = settings.get_value(workspace, TEMPLATES_DIR_KEY)
    return TemplateStore(Path(value) if isinstance(value, str) and value.strip() else None)


def ensure_out_dir(out_dir: Path) -> Path:
    """Create the output folder and prove it can be written, or raise (exit 2)."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / ".intervet-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UnusableFileError.of("doc_out_dir", path=out_dir, detail=exc.strerror or str(exc)) from exc
    return out_dir


# ------------------------------------------------------------------------------------------ gathering
class _Gatherer:
    """Loads what documents need, caching organisations, contacts and projects across a batch."""

    def __init__(self, session: Session, school: SchoolData) -> None:
        self.session = session
        self.school = school
        self._orgs: dict[int, Organisation | None] = {}
        self._primary: dict[int, Contact | None] = {}
        self._projects: dict[int, Project | None] = {}

    def org(self, org_id: int | None) -> Organisation | None:
        if org_id is None:
            return None
        if org_id not in self._orgs:
            self._orgs[org_id] = self.session.get(Organisation, org_id)
        return self._orgs[org_id]

    def primary_contact(self, org_id: int) -> Contact | None:
        if org_id not in self._primary:
            query = (
                select(Contact)
                .where(Contact.organisation_id == org_id)
                .order_by(col(Contact.is_primary).desc(), col(Contact.id))
                .limit(1)
            )
            self._primary[org_id] = self.session.exec(query).first()
        return self._primary[org_id]

    def project(self, project_id: int) -> Project | None:
        if project_id not in self._projects:
            self._projects[project_id] = self.session.get(Project, project_id)
        return self._projects[project_id]

    def organisation_data(self, org: Organisation | None) -> OrganisationData | None:
        if org is None or org.id is None:
            return None
        contact = self.primary_contact(org.id)
        return OrganisationData(
            name=org.name,
            country=org.country,
            oid=org.oid or "",
            pic=org.pic or "",
            address=org.address or "",
            postcode=org.postcode or "",
            city=org.city or "",
            size=org.size or "",
            contact=_contact(contact),
        )

    def mobility(self, mobility: Mobility) -> tuple[MobilityData | None, Project | None, list[Problem]]:
        """The mobility's data, or the problems that stop every document for it."""
        s = self.session
        assert mobility.id is not None
        person = s.get(Person, mobility.person_id)
        project = self.project(mobility.project_id)
        sending = self.organisation_data(self.org(mobility.sending_org_id))
        receiving = self.organisation_data(self.org(mobility.receiving_org_id))
        tutor = s.get(Contact, mobility.host_tutor_id) if mobility.host_tutor_id else None
        programme = s.exec(
            select(MobilityProgramme).where(MobilityProgramme.mobility_id == mobility.id)
        ).first()
        lines = s.exec(
            select(GrantLine).where(GrantLine.mobility_id == mobility.id).order_by(col(GrantLine.position))
        ).all()
        subject = subject_of(mobility, person)
        problems: list[Problem] = []
        if sending is None:
            problems.append(_missing("sending_org_id", "doc_missing_sending", subject))
        if receiving is None:
            problems.append(_missing("receiving_org_id", "doc_missing_receiving", subject))
        if problems or person is None or project is None:
            return None, project, problems
        assert sending is not None and receiving is not None
        data = MobilityData(
            mobility_id=mobility.id,
            direction=mobility.direction,
            activity_type=mobility.activity_type,
            planned_start=mobility.planned_start,
            planned_end=mobility.planned_end,
            actual_start=mobility.actual_start,
            actual_end=mobility.actual_end,
            travel_days=mobility.travel_days,
            destination_city=mobility.destination_city or receiving.city,
            destination_country=mobility.destination_country,
            participant=PersonData(
                first_name=person.first_name,
                last_name=person.last_name,
                nationality=person.nationality or "",
                email=person.email or "",
                role=person.role,
                iban=person.iban or "",
            ),
            sending=sending,
            receiving=receiving,
            host_tutor=_contact(tutor),
            programme=(
                ProgrammeData(
                    objectives=programme.objectives,
                    activities=programme.activities,
                    outcomes=programme.outcomes,
                    language=programme.language,
                    added_value=programme.added_value,
                )
                if programme
                else None
            ),
            grant_lines=tuple(
                GrantLineData(
                    code=line.code,
                    label=line.label,
                    recipient=line.recipient,
                    quantity=line.quantity,
                    rate_cents=line.rate_cents,
                    amount_cents=line.amount_cents,
                    derivation=line.derivation,
                )
                for line in lines
            ),
            participant_total_cents=mobility.grant_participant_cents,
            in_kind_travel_cents=mobility.in_kind_travel_cents,
            in_kind_accommodation_cents=mobility.in_kind_accommodation_cents,
        )
        return data, project, problems


def _contact(contact: Contact | None) -> ContactData | None:
    if contact is None:
        return None
    name = f"{contact.first_name} {contact.last_name}".strip()
    if not name:
        return None
    return ContactData(name, contact.role or "", contact.email or "", contact.phone or "")


def _missing(field_name: str, code: str, subject: str) -> Problem:
    return Problem(field_name, msg(code, subject=subject))


def subject_of(mobility: Mobility, person: Person | None) -> str:
    name = f"{person.last_name} {person.first_name}" if person else "?"
    return f"Mobility {mobility.id} ({name})"


def check_mobility(
    kind: DocumentKind, m: MobilityData, school: SchoolData, subject: str, grant_computed: bool
) -> list[Problem]:
    """Everything a document of this kind needs and the mobility lacks, one problem per item."""
    problems: list[Problem] = []

    def need(ok: bool, field_name: str, code: str) -> None:
        if not ok:
            problems.append(_missing(field_name, code, subject))

    incoming = m.direction == Direction.INCOMING
    need(bool(school.name), "institution_profile.name", "doc_missing_school")
    if m.planned_end < m.planned_start:
        problems.append(
            Problem(
                "planned_end",
                msg("doc_dates_order", subject=subject, start=m.planned_start, end=m.planned_end),
            )
        )
    programme = m.programme
    if kind == DocumentKind.MOBILITY_AGREEMENT:
        if m.activity_type.startswith("LM-"):
            problems.append(
                Problem("activity_type", msg("doc_staff_only", subject=subject, activity=m.activity_type))
            )
        need(m.sending.contact is not None, "sending_org_id", "doc_missing_sending_contact")
        need(
            m.receiving.contact is not None or m.host_tutor is not None,
            "host_tutor_id",
            "doc_missing_host_contact",
        )
        need(bool(m.destination_city), "destination_city", "doc_missing_destination")
        need(
            bool(programme and programme.objectives.strip()), "programme.objectives", "doc_missing_objectives"
        )
        need(
            bool(programme and programme.activities.strip()), "programme.activities", "doc_missing_activities"
        )
        need(bool(programme and programme.outcomes.strip()), "programme.outcomes", "doc_missing_outcomes")
        need(bool(programme and programme.language.strip()), "programme.language", "doc_missing_language")
    elif kind == DocumentKind.GRANT_AGREEMENT:
        need(bool(school.signatory_name), "institution_profile.signatory_name", "doc_missing_signatory")
        participant_lines = [line for line in m.grant_lines if line.recipient == Recipient.PARTICIPANT]
        need(grant_computed and bool(participant_lines), "grant", "doc_missing_grant")
        if participant_lines:
            total = sum(line.amount_cents for line in participant_lines)
            if total != m.participant_total_cents:
                problems.append(
                    Problem(
                        "grant",
                        msg(
                            "doc_grant_inconsistent",
                            subject=subject,
                            lines=format_cents(total),
                            total=format_cents(m.participant_total_cents),
                        ),
                    )
                )
        if participant_lines and split_in_kind(m)[2] > 0:
            need(bool(m.participant.iban), "person.iban", "doc_missing_iban")
    elif kind == DocumentKind.CERTIFICATE:
        if incoming:
            need(bool(school.signatory_name), "institution_profile.signatory_name", "doc_missing_signatory")
        else:
            need(
                m.receiving.contact is not None or m.host_tutor is not None,
                "host_tutor_id",
                "doc_missing_host_contact",
            )
        need(
            bool(programme and programme.activities.strip()), "programme.activities", "doc_missing_activities"
        )
    return problems


def load_school(workspace: Workspace, session: Session) -> SchoolData:
    """The institution profile from Settings, completed from the organisation flagged as own."""
    profile = settings.load_profile(workspace)
    own = session.exec(select(Organisation).where(col(Organisation.is_own).is_(True)).limit(1)).first()
    logo = Path(profile.logo_path) if profile.logo_path.strip() else None
    return SchoolData(
        name=profile.name or (own.name if own else ""),
        address=profile.address or (own.address or "" if own else ""),
        postcode="" if profile.address else (own.postcode or "" if own else ""),
        city=profile.city or (own.city or "" if own else ""),
        country=profile.country or (own.country if own else ""),
        oid=profile.oid or (own.oid or "" if own else ""),
        logo_path=logo,
        signatory_name=profile.signatory_name,
        signatory_role=profile.signatory_role,
    )


def _check_logo(school: SchoolData) -> None:
    if school.logo_path is None:
        return
    try:
        with school.logo_path.open("rb") as handle:
            handle.read(16)
    except OSError as exc:
        raise ValidationError.single(
            "institution_profile.logo_path", "doc_logo_unreadable", path=school.logo_path
        ) from exc


def _project_data(project: Project) -> ProjectData:
    return ProjectData(
        code=project.code,
        title=project.title,
        action=project.action,
        currency=project.currency,
        prefinancing_bp=project.participant_prefinancing_bp,
        balance_days=project.participant_balance_days,
    )


# ------------------------------------------------------------------------------------------ writing
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def file_name(kind: str, project_code: str, person: PersonData, owner: str, version: int) -> str:
    name = f"{kind}_{project_code}_{person.last_name}_{person.first_name}_{owner}_v{version}"
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"\s+", "-", name).strip(".-")
    return f"{name[:180]}.pdf"


def _template_note(store: TemplateStore, kind: str, languages: Sequence[str]) -> str:
    notes = []
    for lang in languages:
        template = store.template(kind, lang)
        origin = (
            "custom" if store.override_dir and template.path.is_relative_to(store.override_dir) else "builtin"
        )
        notes.append(f"{origin}:{template.name}")
    return ",".join(notes)[:120]


def _next_version(session: Session, kind: str, mobility_id: int | None, application_id: int | None) -> int:
    query = select(func.max(Document.version)).where(Document.kind == kind)
    if mobility_id is not None:
        query = query.where(Document.mobility_id == mobility_id)
    else:
        query = query.where(Document.application_id == application_id)
    current = session.exec(query).one()
    return int(current or 0) + 1


def _record(
    workspace: Workspace,
    session: Session,
    prepared: _Prepared,
    store: TemplateStore,
    out_dir: Path,
    data: bytes,
) -> GeneratedDocument:
    """Write atomically, keep a copy, and add the document and signature rows."""
    request, person = prepared.request, prepared.person
    mobility_id, application_id = prepared.mobility_id, prepared.application_id
    digest = hashlib.sha256(data).hexdigest()
    owner = f"m{mobility_id}" if mobility_id is not None else f"a{application_id}"
    target = out_dir / file_name(request.kind, request.project.code, person, owner, request.version)
    document = Document(
        kind=request.kind,
        project_id=prepared.project_id,
        mobility_id=mobility_id,
        application_id=application_id,
        call_id=prepared.call_id,
        languages=",".join(request.languages),
        version=request.version,
        file_name=target.name,
        sha256=digest,
        template=_template_note(store, request.kind, request.languages),
        generated_at=utcnow(),
    )
    session.add(document)
    session.flush()
    assert document.id is not None
    attachment = store_bytes(
        session,
        workspace.files_dir,
        data,
        original_name=target.name,
        mime_type="application/pdf",
        kind="generated_document",
        owner_kind="document",
        owner_id=document.id,
    )
    document.attachment_id = attachment.id
    session.add(document)
    for party in SIGNING_PARTIES[request.kind]:
        session.add(DocumentSignature(document_id=document.id, party=party, status=SignatureStatus.NOT_SENT))
    audit.record(
        session,
        "document",
        document.id,
        AuditAction.CREATE,
        {"kind": [None, request.kind], "version": [None, request.version], "sha256": [None, digest]},
    )
    session.flush()
    # the rename is the last step inside the transaction: if it fails, no row is committed
    write_atomically(data, target)
    log.info("document %s written (kind=%s, version=%s)", document.id, request.kind, request.version)
    return GeneratedDocument(
        document_id=document.id,
        kind=request.kind,
        version=request.version,
        languages=request.languages,
        path=target,
        sha256=digest,
        mobility_id=mobility_id,
        application_id=application_id,
    )


# ------------------------------------------------------------------------------------------ use cases
def project_mobility_ids(workspace: Workspace, project_code: str) -> list[int]:
    """The project's mobilities (cancelled ones left out), in participant order."""
    with workspace.read_session() as session:
        project = session.exec(select(Project).where(Project.code == project_code.strip())).first()
        if project is None:
            raise ValidationError.single(
                "project", "not_found", entity="project", key="code", value=project_code
            )
        rows = session.exec(
            select(Mobility.id)
            .where(Mobility.project_id == project.id, Mobility.status != MobilityStatus.CANCELLED)
            .order_by(col(Mobility.participant_sort_key), col(Mobility.id))
        ).all()
    return [int(r) for r in rows if r is not None]


def generate_batch(
    workspace: Workspace,
    mobility_ids: Sequence[int],
    options: DocumentOptions,
    out_dir: Path,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
    workers: int | None = None,
) -> Result[BatchResult]:
    """One document per mobility. Refused mobilities are listed with what they miss; the others
    are written. Templates are checked before the first PDF; ``cancel`` is polled between documents.

    Large batches render in ``workers`` processes (default: the cores, for 16 documents or more)
    while this thread gathers the data and records each file in its own transaction, in order."""
    if options.kind not in MOBILITY_KINDS:
        raise ValidationError.single(
            "kind", "doc_kind_unknown", kind=options.kind, choices=", ".join(k.value for k in MOBILITY_KINDS)
        )
    ensure_out_dir(out_dir)
    store = template_store(workspace)
    result = BatchResult(total=len(mobility_ids))
    changes = Changes()
    with workspace.read_session() as session:
        school = load_school(workspace, session)
        countries = dict(
            session.exec(
                select(Mobility.id, Organisation.country)
                .join(Organisation, col(Organisation.id) == col(Mobility.sending_org_id), isouter=True)
                .where(col(Mobility.id).in_(list(mobility_ids)))
            ).all()
        )
    _check_logo(school)
    language_sets = {languages_for(options.second_language, countries.get(mid)) for mid in mobility_ids}
    problems: list[Problem] = []
    for langs in sorted(language_sets):
        problems += [p for p in check_templates(store, options.kind, langs) if p not in problems]
    if problems:
        raise ValidationError(problems)
    missing_ids = [mid for mid in mobility_ids if mid not in countries]
    if missing_ids:
        raise ValidationError.single(
            "mobility", "not_found", entity="mobility", key="id", value=missing_ids[0]
        )
    unique = list(dict.fromkeys(mobility_ids))
    use = _worker_count(len(unique)) if workers is None else workers
    if use > 1:
        _run_pooled(
            workspace, store, school, unique, options, out_dir, result, changes, use, progress, cancel
        )
    else:
        for done, mobility_id in enumerate(unique):
            if cancel is not None and cancel():
                result.cancelled = True
                break
            with workspace.session() as session:
                prepared = _prepare_one(session, school, mobility_id, options)
                outcome = (
                    prepared
                    if isinstance(prepared, Refusal)
                    else _record(
                        workspace, session, prepared, store, out_dir, render_document(prepared.request, store)
                    )
                )
            _collect(outcome, result, changes)
            if progress is not None:
                progress(done + 1, len(unique))
    log.info(
        "document batch: %s written, %s refused, cancelled=%s",
        len(result.written),
        len(result.refused),
        result.cancelled,
    )
    return Result(result, changes)


def generate_for_mobility(
    workspace: Workspace, mobility_id: int, options: DocumentOptions, out_dir: Path
) -> Result[GeneratedDocument]:
    """One document; a mobility that lacks data raises ValidationError with one problem per item."""
    batch = generate_batch(workspace, [mobility_id], options, out_dir)
    if batch.value.refused:
        raise ValidationError(list(batch.value.refused[0].problems))
    return Result(batch.value.written[0], batch.changes)


@dataclass(frozen=True)
class _Prepared:
    """A document ready to render: its request and where its rows go."""

    request: DocumentRequest
    project_id: int
    person: PersonData
    mobility_id: int | None = None
    application_id: int | None = None
    call_id: int | None = None


def _prepare_one(
    session: Session, school: SchoolData, mobility_id: int, options: DocumentOptions
) -> _Prepared | Refusal:
    mobility = session.get(Mobility, mobility_id)
    assert mobility is not None
    gatherer = _Gatherer(session, school)
    data, project, problems = gatherer.mobility(mobility)
    person = session.get(Person, mobility.person_id)
    subject = subject_of(mobility, person)
    if data is None or project is None:
        return Refusal(subject, tuple(problems), mobility_id=mobility_id)
    problems += check_mobility(options.kind, data, school, subject, mobility.grant_computed_at is not None)
    if problems:
        return Refusal(subject, tuple(problems), mobility_id=mobility_id)
    assert project.id is not None
    request = DocumentRequest(
        kind=options.kind,
        languages=languages_for(options.second_language, data.sending.country),
        project=_project_data(project),
        school=school,
        layout=options.layout,
        mobility=data,
        version=_next_version(session, options.kind, mobility_id, None),
        issued_on=date.today(),
    )
    return _Prepared(request, project.id, data.participant, mobility_id=mobility_id)


def _collect(outcome: GeneratedDocument | Refusal, result: BatchResult, changes: Changes) -> None:
    if isinstance(outcome, Refusal):
        result.refused.append(outcome)
    else:
        result.written.append(outcome)
        changes.add(Kind.DOCUMENT, [outcome.document_id]).add(Kind.ATTACHMENT).add(Kind.DOCUMENT_SIGNATURE)


def _worker_count(documents: int) -> int:
    if documents < POOL_THRESHOLD:
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _run_pooled(
    workspace: Workspace,
    store: TemplateStore,
    school: SchoolData,
    mobility_ids: Sequence[int],
    options: DocumentOptions,
    out_dir: Path,
    result: BatchResult,
    changes: Changes,
    workers: int,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> None:
    """Gather and record here, in order; render in ``workers`` spawned processes meanwhile."""
    override = str(store.override_dir) if store.override_dir else None
    in_flight: deque[tuple[int, _Prepared | Refusal, Future[bytes] | None]] = deque()
    done = 0
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending = iter(mobility_ids)
        while True:
            stopped = cancel is not None and cancel()
            if stopped:
                result.cancelled = True
            while not stopped and len(in_flight) < workers * 3:
                mobility_id = next(pending, None)
                if mobility_id is None:
                    break
                with workspace.read_session() as session:
                    prepared = _prepare_one(session, school, mobility_id, options)
                future = (
                    None
                    if isinstance(prepared, Refusal)
                    else pool.submit(render_in_worker, prepared.request, override)
                )
                in_flight.append((mobility_id, prepared, future))
            if not in_flight or stopped:
                for _, _, future in in_flight:
                    if future is not None:
                        future.cancel()
                break
            mobility_id, prepared, future = in_flight.popleft()
            outcome: GeneratedDocument | Refusal
            if isinstance(prepared, Refusal) or future is None:
                assert isinstance(prepared, Refusal)
                outcome = prepared
            else:
                data = future.result()
                with workspace.session() as session:
                    outcome = _record(workspace, session, prepared, store, out_dir, data)
            _collect(outcome, result, changes)
            done += 1
            if progress is not None:
                progress(done, len(mobility_ids))


OUTCOMES = {
    ApplicationStatus.SELECTED: Outcome.SELECTED,
    ApplicationStatus.PROVISIONALLY_SELECTED: Outcome.SELECTED,
    ApplicationStatus.RESERVE: Outcome.RESERVE,
    ApplicationStatus.REJECTED: Outcome.REJECTED,
    ApplicationStatus.INELIGIBLE: Outcome.REJECTED,
}


def generate_selection_letter(
    workspace: Workspace,
    application_id: int,
    out_dir: Path,
    *,
    second_language: str | None = None,
    layout: Layout = Layout.SIDE_BY_SIDE,
) -> Result[GeneratedDocument]:
    """The letter telling an applicant the outcome of the selection (selected, reserve, rejected)."""
    ensure_out_dir(out_dir)
    store = template_store(workspace)
    with workspace.session() as session:
        application = session.get(Application, application_id)
        if application is None:
            raise ValidationError.single(
                "application", "not_found", entity="application", key="id", value=application_id
            )
        call = session.get(Call, application.call_id)
        person = session.get(Person, application.person_id)
        assert call is not None and person is not None
        project = session.get(Project, call.project_id)
        assert project is not None and project.id is not None
        school = load_school(workspace, session)
        _check_logo(school)
        langs = languages_for(second_language, school.country)
        template_problems = check_templates(store, DocumentKind.SELECTION_LETTER, langs)
        if template_problems:
            raise ValidationError(template_problems)
        subject = f"Application {application.number} ({person.last_name} {person.first_name})"
        outcome = OUTCOMES.get(ApplicationStatus(application.status))
        problems: list[Problem] = []
        if outcome is None:
            problems.append(
                Problem("status", msg("doc_no_decision", subject=subject, status=application.status))
            )
        if not school.name:
            problems.append(_missing("institution_profile.name", "doc_missing_school", subject))
        if problems:
            raise ValidationError(problems)
        assert outcome is not None
        applicant = PersonData(
            person.first_name, person.last_name, person.nationality or "", person.email or ""
        )
        request = DocumentRequest(
            kind=DocumentKind.SELECTION_LETTER,
            languages=langs,
            project=_project_data(project),
            school=school,
            layout=layout,
            selection=SelectionData(
                application_id=application_id,
                application_number=application.number,
                applicant=applicant,
                call_title=call.title,
                call_activity=call.activity_type,
                outcome=outcome,
                rank=application.rank,
                total_hundredths=application.total_hundredths,
                appeal_deadline=call.appeal_deadline if call.with_appeals else None,
            ),
            version=_next_version(session, DocumentKind.SELECTION_LETTER, None, application_id),
        )
        prepared = _Prepared(request, project.id, applicant, application_id=application_id, call_id=call.id)
        generated = _record(workspace, session, prepared, store, out_dir, render_document(request, store))
    changes = Changes.of(Kind.DOCUMENT, generated.document_id).add(Kind.ATTACHMENT)
    return Result(generated, changes)


# ------------------------------------------------------------------------------------------ programme
def get_programme(workspace: Workspace, mobility_id: int) -> ProgrammeData:
    """The mobility's programme, empty fields when none has been written yet."""
    with workspace.read_session() as session:
        row = session.exec(
            select(MobilityProgramme).where(MobilityProgramme.mobility_id == mobility_id)
        ).first()
    if row is None:
        return ProgrammeData(objectives="", activities="", outcomes="", language="en")
    return ProgrammeData(
        objectives=row.objectives,
        activities=row.activities,
        outcomes=row.outcomes,
        language=row.language,
        added_value=row.added_value,
    )


def set_programme(
    workspace: Workspace,
    mobility_id: int,
    *,
    objectives: str,
    activities: str,
    outcomes: str,
    language: str,
    added_value: str = "",
) -> Result[None]:
    """Write a mobility's programme; a draft may leave fields empty, an unknown language is refused."""
    code = language_rule(language, "programme.language")
    if isinstance(code, Problem):
        raise ValidationError([code])
    with workspace.session() as session:
        if session.get(Mobility, mobility_id) is None:
            raise ValidationError.single(
                "mobility", "not_found", entity="mobility", key="id", value=mobility_id
            )
        row = session.exec(
            select(MobilityProgramme).where(MobilityProgramme.mobility_id == mobility_id)
        ).first()
        row = row or MobilityProgramme(mobility_id=mobility_id)
        row.objectives, row.activities, row.outcomes = (
            objectives.strip(),
            activities.strip(),
            outcomes.strip(),
        )
        row.language, row.added_value = code or "", added_value.strip()
        row.updated_at = utcnow()
        session.add(row)
    return Result(None, Changes.of(Kind.MOBILITY, mobility_id))


# ------------------------------------------------------------------------------------------ signatures
def _signature(
    session: Session, document_id: int, party: SignatureParty
) -> tuple[Document, DocumentSignature]:
    document = session.get(Document, document_id)
    if document is None:
        raise ValidationError.single("document", "not_found", entity="document", key="id", value=document_id)
    row = session.exec(
        select(DocumentSignature).where(
            DocumentSignature.document_id == document_id, DocumentSignature.party == party
        )
    ).first()
    if row is None:
        raise ValidationError.single("party", "doc_party_not_signing", kind=document.kind, party=party)
    return document, row


def _info(row: DocumentSignature) -> SignatureInfo:
    assert row.id is not None
    return SignatureInfo(
        row.id, row.document_id, row.party, row.status, row.sent_on, row.signed_on, row.attachment_id
    )


def set_signature_status(
    workspace: Workspace,
    document_id: int,
    party: SignatureParty,
    status: SignatureStatus,
    on: date | None = None,
) -> Result[SignatureInfo]:
    """Mark a party's signature as not sent, sent or signed (with the date; today by default)."""
    day = on or date.today()
    with workspace.session() as session:
        document, row = _signature(session, document_id, party)
        before = {"status": row.status, "sent_on": row.sent_on, "signed_on": row.signed_on}
        row.status = status
        if status == SignatureStatus.NOT_SENT:
            row.sent_on = row.signed_on = None
        elif status == SignatureStatus.SENT:
            row.sent_on, row.signed_on = day, None
        else:
            row.sent_on = row.sent_on or day
            row.signed_on = day
        row.updated_at = utcnow()
        session.add(row)
        assert row.id is not None
        audit.record(
            session,
            "document_signature",
            row.id,
            AuditAction.UPDATE,
            audit.diff(before, {"status": row.status, "sent_on": row.sent_on, "signed_on": row.signed_on}),
        )
        session.flush()
        changes = Changes.of(Kind.DOCUMENT_SIGNATURE, row.id).add(Kind.DOCUMENT, [document_id])
        changes.merge(_after_signature_change(session, document, day))
        info = _info(row)
    return Result(info, changes)


def attach_signed_scan(
    workspace: Workspace,
    document_id: int,
    scan: Path,
    *,
    parties: Sequence[SignatureParty] | None = None,
    signed_on: date | None = None,
) -> Result[list[SignatureInfo]]:
    """Keep the signed scan (PDF or image) with the document, mark the parties as signed (all the
    document's parties by default) and update the mobility's evidence checklist."""
    try:
        data = scan.read_bytes()
    except OSError as exc:
        if not scan.exists():
            raise UnusableFileError.of("file_not_found", path=scan) from exc
        raise UnusableFileError.of("doc_scan_unreadable", path=scan, detail=exc.strerror or str(exc)) from exc
    mime = _scan_type(data)
    if mime is None:
        raise UnusableFileError.of("doc_scan_type", path=scan)
    day = signed_on or date.today()
    with workspace.session() as session:
        document = session.get(Document, document_id)
        if document is None:
            raise ValidationError.single(
                "document", "not_found", entity="document", key="id", value=document_id
            )
        assert document.id is not None
        wanted = list(parties) if parties else list(SIGNING_PARTIES[document.kind])
        rows = [_signature(session, document_id, party)[1] for party in wanted]
        attachment = store_bytes(
            session,
            workspace.files_dir,
            data,
            original_name=scan.name,
            mime_type=mime,
            kind=AttachmentKind.SIGNED_SCAN,
            owner_kind="document",
            owner_id=document.id,
        )
        for row in rows:
            row.status = SignatureStatus.SIGNED
            row.sent_on = row.sent_on or day
            row.signed_on = day
            row.attachment_id = attachment.id
            row.updated_at = utcnow()
            session.add(row)
            assert row.id is not None
            audit.record(
                session, "document_signature", row.id, AuditAction.UPDATE, {"status": [None, "signed"]}
            )
        session.flush()
        changes = Changes.of(Kind.DOCUMENT_SIGNATURE, *(r.id for r in rows)).add(
            Kind.ATTACHMENT, [attachment.id]
        )
        changes.merge(_after_signature_change(session, document, day, attachment_id=attachment.id))
        infos = [_info(r) for r in rows]
    return Result(infos, changes)


def _scan_type(data: bytes) -> str | None:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


def _after_signature_change(
    session: Session, document: Document, day: date, attachment_id: int | None = None
) -> Changes:
    """Evidence item and the mobility's status and missing-evidence count follow the signatures."""
    changes = Changes()
    if document.mobility_id is None:
        return changes
    mobility = session.get(Mobility, document.mobility_id)
    assert mobility is not None and mobility.id is not None
    statuses = session.exec(
        select(DocumentSignature.status).where(DocumentSignature.document_id == document.id)
    ).all()
    all_signed = bool(statuses) and all(s == SignatureStatus.SIGNED for s in statuses)
    evidence_kind = EVIDENCE_OF_DOCUMENT.get(document.kind)
    if evidence_kind is not None:
        item = session.exec(
            select(EvidenceItem).where(
                EvidenceItem.mobility_id == mobility.id, EvidenceItem.kind == evidence_kind
            )
        ).first()
        if item is None:
            item = EvidenceItem(mobility_id=mobility.id, kind=evidence_kind)
        item.done = all_signed
        item.done_on = day if all_signed else None
        if attachment_id is not None:
            item.attachment_id = attachment_id
        item.updated_at = utcnow()
        session.add(item)
        session.flush()
        changes.add(Kind.EVIDENCE_ITEM, [item.id])
    if document.kind == DocumentKind.MOBILITY_AGREEMENT:
        new_status = None
        if all_signed and mobility.status in (MobilityStatus.PLANNED, MobilityStatus.AGREEMENT_SENT):
            new_status = MobilityStatus.AGREEMENT_SIGNED
        elif (
            any(s != SignatureStatus.NOT_SENT for s in statuses) and mobility.status == MobilityStatus.PLANNED
        ):
            new_status = MobilityStatus.AGREEMENT_SENT
        if new_status is not None:
            mobility.status = new_status
            session.add(
                MobilityStatusEvent(
                    mobility_id=mobility.id, status=new_status, on_date=day, at=utcnow(), user=os_user()
                )
            )
    recompute_missing_evidence(session, mobility)
    mobility.updated_at = utcnow()
    session.add(mobility)
    changes.add(Kind.MOBILITY, [mobility.id])
    return changes


def recompute_missing_evidence(session: Session, mobility: Mobility) -> int:
    done = session.exec(
        select(EvidenceItem.kind).where(
            EvidenceItem.mobility_id == mobility.id, col(EvidenceItem.done).is_(True)
        )
    ).all()
    mobility.missing_evidence = missing_count(mobility.direction, done)
    return mobility.missing_evidence


# ------------------------------------------------------------------------------------------ queries
def pending_signatures(
    workspace: Workspace, *, project_id: int | None = None, mobility_ids: Iterable[int] | None = None
) -> list[PendingSignature]:
    """Who still has to sign what: the latest version of each document kind per mobility."""
    latest = (
        select(Document.mobility_id, Document.kind, func.max(Document.version).label("version"))
        .where(col(Document.mobility_id).is_not(None))
        .group_by(col(Document.mobility_id), col(Document.kind))
    )
    if project_id is not None:
        latest = latest.where(Document.project_id == project_id)
    if mobility_ids is not None:
        latest = latest.where(col(Document.mobility_id).in_(list(mobility_ids)))
    sub = latest.subquery()
    query = (
        sa_select(
            col(Document.mobility_id),
            col(Document.id),
            col(Document.kind),
            col(Document.version),
            col(DocumentSignature.party),
            col(DocumentSignature.status),
        )
        .join(
            sub,
            (sub.c.mobility_id == Document.mobility_id)
            & (sub.c.kind == Document.kind)
            & (sub.c.version == Document.version),
        )
        .join(DocumentSignature, col(DocumentSignature.document_id) == col(Document.id))
        .where(col(DocumentSignature.status) != SignatureStatus.SIGNED)
        .order_by(col(Document.mobility_id), col(Document.kind), col(DocumentSignature.party))
    )
    with workspace.read_session() as session:
        rows = session.execute(query).all()
    return [
        PendingSignature(int(m or 0), int(d or 0), kind, version, party, status)
        for m, d, kind, version, party, status in rows
    ]


def pending_by_mobility(pending: Iterable[PendingSignature]) -> dict[int, list[str]]:
    """{mobility id: ["mobility-agreement: receiving", ...]} for a list column."""
    summary: dict[int, list[str]] = {}
    for item in pending:
        summary.setdefault(item.mobility_id, []).append(f"{item.kind}: {item.party}")
    return summary


def signatures_of(workspace: Workspace, document_id: int) -> list[SignatureInfo]:
    with workspace.read_session() as session:
        rows = session.exec(
            select(DocumentSignature)
            .where(DocumentSignature.document_id == document_id)
            .order_by(col(DocumentSignature.id))
        ).all()
    return [_info(r) for r in rows]
