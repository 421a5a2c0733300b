"""Demo data for the InterVET partnership (``intervet demo``)."""

from intervet_desktop.services.demo.builder import DEFAULT_SIZE, MAX_SIZE, DemoSummary, build_demo, check_size

__all__ = ["DEFAULT_SIZE", "MAX_SIZE", "DemoSummary", "build_demo", "check_size"]
