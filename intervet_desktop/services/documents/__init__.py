"""Documents: gather a mobility's data, refuse with a list of what is missing, write the PDF,
record it (version, sha256, a copy in the attachment folder) and track who has signed.

Generation of one document is one transaction; a batch commits document by document, so
Cancel stops cleanly between two documents and everything written so far is recorded.

Modules: ``common`` (messages, DTOs, options), ``gathering`` (a mobility into DTOs, what is
missing), ``storage`` (file names, versions, recording a written PDF), ``generation`` (the use
cases: one, a batch, a selection letter), ``programme`` (the staff programme),
``signatures`` (signing parties, signed scans, what is still to sign).
"""

from __future__ import annotations

from intervet_desktop.services.documents.common import (
    MAX_WORKERS,
    MISSING,
    MOBILITY_KINDS,
    POOL_THRESHOLD,
    TEMPLATES_DIR_KEY,
    BatchResult,
    CancelCheck,
    DocumentOptions,
    GeneratedDocument,
    PendingSignature,
    ProgressCallback,
    Refusal,
    SignatureInfo,
    ensure_out_dir,
    languages_for,
    parse_kind,
    template_store,
)
from intervet_desktop.services.documents.gathering import (
    _Gatherer,
    _project_data,
    check_mobility,
    load_school,
    subject_of,
)
from intervet_desktop.services.documents.generation import (
    OUTCOMES,
    generate_batch,
    generate_for_mobility,
    generate_selection_letter,
    project_mobility_ids,
)
from intervet_desktop.services.documents.programme import get_programme, set_programme
from intervet_desktop.services.documents.signatures import (
    attach_signed_scan,
    pending_by_mobility,
    pending_signatures,
    recompute_missing_evidence,
    set_signature_status,
    signatures_of,
)
from intervet_desktop.services.documents.storage import file_name

__all__ = [
    "BatchResult",
    "CancelCheck",
    "DocumentOptions",
    "GeneratedDocument",
    "MAX_WORKERS",
    "MISSING",
    "MOBILITY_KINDS",
    "OUTCOMES",
    "POOL_THRESHOLD",
    "PendingSignature",
    "ProgressCallback",
    "Refusal",
    "SignatureInfo",
    "TEMPLATES_DIR_KEY",
    "_Gatherer",
    "_project_data",
    "attach_signed_scan",
    "check_mobility",
    "ensure_out_dir",
    "file_name",
    "generate_batch",
    "generate_for_mobility",
    "generate_selection_letter",
    "get_programme",
    "languages_for",
    "load_school",
    "parse_kind",
    "pending_by_mobility",
    "pending_signatures",
    "project_mobility_ids",
    "recompute_missing_evidence",
    "set_programme",
    "set_signature_status",
    "signatures_of",
    "subject_of",
    "template_store",
]
