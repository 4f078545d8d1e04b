"""Sub-commands of the ``scrm`` CLI, one module each (see :mod:`scrm_lib.cli`)."""
