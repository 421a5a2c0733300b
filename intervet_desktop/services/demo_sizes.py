"""The demo database's sizes, apart from the builder so that ``intervet --help`` can show the
default without importing the builder (SQLAlchemy, models, generators)."""

DEFAULT_SIZE = 300
MAX_SIZE = 1_000_000
