"""Which documents are written per mobility: apart from services.documents so that the
command's options can list them without importing the document machinery."""

from __future__ import annotations

from intervet_desktop.core.enums import DocumentKind

MOBILITY_KINDS = (
    DocumentKind.MOBILITY_AGREEMENT,
    DocumentKind.LEARNING_AGREEMENT,
    DocumentKind.GRANT_AGREEMENT,
    DocumentKind.CERTIFICATE,
)
