"""Documents: the message catalogue entries, DTOs and output options shared by the modules."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from intervet_desktop.core.enums import DocumentKind
from intervet_desktop.core.errors import Problem, UnusableFileError, ValidationError
from intervet_desktop.core.messages import register
from intervet_desktop.db.workspace import Workspace
from intervet_desktop.exports.pdf.model import Layout
from intervet_desktop.exports.pdf.store import TemplateStore, check_language, language_for_country
from intervet_desktop.services import document_kinds, settings

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
register(
    "doc_certificate_future",
    "{subject}: the stay ends on {end}; a certificate of attendance is issued after it has taken place "
    "(make a draft meanwhile).",
)
register(
    "doc_unchanged",
    "{subject}: nothing the {kind} shows has changed since version {version}; no new version was made.",
)
register("doc_signed_before_document", "The signature date {day} is before the document was made ({made}).")
register("doc_out_dir", "The folder {path} cannot be written to: {detail}")

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

MOBILITY_KINDS = document_kinds.MOBILITY_KINDS
POOL_THRESHOLD = 16  # below this, starting worker processes costs more than it saves
MAX_WORKERS = 4


# ------------------------------------------------------------------------------------------ DTOs
@dataclass(frozen=True)
class DocumentOptions:
    kind: DocumentKind = DocumentKind.MOBILITY_AGREEMENT
    second_language: str | None = None  # None: the sending school's country language
    layout: Layout = Layout.SIDE_BY_SIDE
    draft: bool = False  # a certificate before the stay has ended: printed with a DRAFT mark


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


@dataclass(frozen=True)
class Unchanged:
    """The latest version already shows exactly this content: no new version was made."""

    subject: str
    document_id: int
    version: int
    mobility_id: int | None = None


@dataclass
class BatchResult:
    written: list[GeneratedDocument] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)
    unchanged: list[Unchanged] = field(default_factory=list)
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
