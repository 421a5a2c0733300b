"""The Beneficiary Module box of the Exports page and its dialogs (pre-flight, reconciliation)."""
