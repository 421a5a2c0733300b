"""Field rules for forms and imports. Pure: no DB, no Qt.

Every rule takes the raw value (text from a form or a cell) and the field key, and returns
either the clean value to store or a ``Problem(field, Message)``. ``Collector`` gathers the
problems of a whole form so the UI can show them all at once.
"""

from intervet_desktop.core.validation.result import Collector, by_field, is_problem

__all__ = ["Collector", "by_field", "is_problem"]
