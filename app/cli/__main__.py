"""``python -m app.cli.main``: the ``hearth`` command line without a window."""

import sys

from app.cli.main.main import main

sys.exit(main())
