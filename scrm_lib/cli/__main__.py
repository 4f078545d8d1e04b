"""``python -m scrm_lib.cli`` runs the ``scrm`` command."""

import sys

from scrm_lib.cli import main

sys.exit(main())
