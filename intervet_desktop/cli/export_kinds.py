"""``intervet export KIND ...``: one subcommand per kind of file. Each feature adds its kind from
its own module with ``kinds(sub).add_parser(...)``, so no registrar needs to know the others."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    SubParsers: TypeAlias = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    SubParsers = argparse._SubParsersAction


def kinds(sub: SubParsers) -> SubParsers:
    """The ``export`` command's kinds, creating ``export`` on first use."""
    parser = sub._name_parser_map.get("export")
    if parser is None:
        parser = sub.add_parser(
            "export", help="write a file for the BM, finance or statistics", description="Write a file."
        )
        action = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
        parser.set_defaults(export_kinds=action)
        return action
    found: SubParsers = parser.get_default("export_kinds")
    return found
