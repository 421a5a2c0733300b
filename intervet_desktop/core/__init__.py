"""Pure rules: no database, no Qt. Standard library and small pure dependencies only."""
