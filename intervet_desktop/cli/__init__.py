"""The ``intervet`` command: every headless job is a subcommand. Never imports Qt at module level."""
