"""Entry point of the frozen app: the same ``intervet`` command."""

import multiprocessing
import sys

from intervet_desktop.cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # batch documents render in spawned worker processes
    sys.exit(main())
