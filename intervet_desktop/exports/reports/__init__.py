"""Report files built from DTOs: final-report statistics, lists and the budget report."""
