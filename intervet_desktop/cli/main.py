"""Entry point of the ``intervet`` command.

Exit codes (DESIGN.md section 6): 0 success, 1 invalid user input, 2 unusable file or
database, 3 a bug (logged with its traceback; the user sees one line naming the log file).

Starting is instant: building the parser imports only the command modules' option tables
(standard library and core); each handler imports its services when it runs, so
``intervet --help`` never loads SQLAlchemy, babel, openpyxl, reportlab or Qt.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence

import intervet_desktop.cli as cli_package
from intervet_desktop import APP_NAME, __version__
from intervet_desktop.cli.context import CliContext, warn
from intervet_desktop.core.errors import UserError, ValidationError
from intervet_desktop.core.messages import msg

log = logging.getLogger("intervet.cli")

Registrar = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


def registrars() -> list[Registrar]:
    """Every ``cli/*_commands.py`` module's ``register``: gui first, then by module name.

    A new command is a new module; nothing here needs editing.
    """
    names = sorted(
        info.name for info in pkgutil.iter_modules(cli_package.__path__) if info.name.endswith("_commands")
    )
    names.sort(key=lambda name: name != "gui_commands")
    return [importlib.import_module(f"{cli_package.__name__}.{name}").register for name in names]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intervet", description=f"{APP_NAME}: Erasmus+ mobility for VET schools, offline."
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="database file (default: INTERVET_DB or the user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in registrars():
        register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    raw = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(raw)
    except SystemExit as exc:  # argparse: --help/--version exit 0, a usage error exits 2 -> 1
        code = exc.code if isinstance(exc.code, int) else 1
        return 0 if code == 0 else 1
    if args.command is None:
        args = parser.parse_args([*raw, "gui"])
    # imported once a command runs: --help and --version need neither (platformdirs, logging)
    from intervet_desktop.logging_setup import install_excepthooks, setup_logging
    from intervet_desktop.paths import AppPaths

    paths = AppPaths.from_env()
    log_file = setup_logging(paths.log_dir)
    install_excepthooks()
    ctx = CliContext(args, paths)
    handler: Callable[[CliContext], int] = args.handler
    try:
        return handler(ctx)
    except ValidationError as exc:
        for problem in exc.problems:
            text = problem.render()
            # a problem of a command-line option names the option, as the message promises
            if problem.field.startswith("--") and not text.startswith(problem.field):
                text = f"{problem.field}: {text}"
            warn(text)
        return exc.exit_code
    except UserError as exc:
        warn(exc.message.render())
        return exc.exit_code
    except KeyboardInterrupt:
        warn("Interrupted.")
        return 130
    except Exception:
        log.exception("command %s failed", args.command)
        warn(msg("internal_error", log=log_file).render())
        return 3
