"""Entry point of the frozen app: the same ``intervet`` command."""

import sys

from intervet_desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
