"""``python -m app``: the command-line face (see ``python -m app --help``)."""

import sys

from app.cli import main

sys.exit(main())
