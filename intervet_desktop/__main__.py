import sys

from intervet_desktop.cli.main import main

sys.exit(main())
