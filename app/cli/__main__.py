"""``python -m app.cli``: the ``hearth`` command line without a window."""

import sys

from app.cli.main import main

sys.exit(main())
