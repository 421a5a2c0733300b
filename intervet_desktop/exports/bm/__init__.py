"""The Beneficiary Module (BM) import file: columns, template matching, writing and reading back.

No DB, no Qt: the services hand in ``MobilityRow`` DTOs. The default column set is a best guess
from the documented fields (reference/erasmus-rules.md section 2); a fresh export from the BM is
the reference, so the writer adopts a template's headers and order when given one.
"""
