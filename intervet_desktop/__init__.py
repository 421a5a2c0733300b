"""InterVET Desktop: an offline workbench for Erasmus+ mobility in VET schools."""

__version__ = "0.1.0"
APP_NAME = "InterVET Desktop"
APP_ID = "intervet-desktop"
