"""One module per notebook, ``nb<stem>.py``, each defining ``class Params(NotebookParams)``.

See :mod:`scrm_lib.params` for how they are found and validated.
"""
