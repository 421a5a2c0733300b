"""The generic importer: read xlsx/csv, find the header row, map columns to an entity's fields,
check every row, report (created / updated / unchanged / duplicate / error) and commit all or
nothing (or only the valid rows). Entity-specific parts are a small ``ImportSpec``."""

from intervet_desktop.services.importing.engine import plan_import, run_import
from intervet_desktop.services.importing.report import ImportReport, RowReport, RowStatus
from intervet_desktop.services.importing.spec import FieldSpec, ImportSpec

__all__ = [
    "FieldSpec",
    "ImportReport",
    "ImportSpec",
    "RowReport",
    "RowStatus",
    "plan_import",
    "run_import",
]
