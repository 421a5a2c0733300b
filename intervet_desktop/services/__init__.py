"""Use cases. Each takes a ``Workspace``, opens one transaction per user action, validates
with ``core``, and returns plain DTOs plus a ``Changes`` record. No Qt here."""
