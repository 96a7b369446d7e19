"""``python -m smeplanner``: the same as the ``smeplanner`` command."""

import sys

from smeplanner.cli import main

sys.exit(main())
