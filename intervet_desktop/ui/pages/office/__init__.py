"""Pages of the international office (issue 18)."""
