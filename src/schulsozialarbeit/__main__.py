"""``python -m schulsozialarbeit``: the same command line as the console script."""

import sys

from .cli.main import main

sys.exit(main())
