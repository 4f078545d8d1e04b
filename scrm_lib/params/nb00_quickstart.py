"""Parameters of ``notebooks/00_quickstart.ipynb`` (defaults: ``params/00_quickstart.yaml``)."""

from __future__ import annotations

from scrm_lib.params import InputPath, IsoDate, NotebookParams


class Params(NotebookParams):
    """A first look at a mentions file.

    Attributes:
        mentions_path: mentions file (CSV/JSONL/Parquet) in the canonical schema.
        date_from: first UTC day to include (``YYYY-MM-DD``), or ``None`` for all.
        date_to: last UTC day to include (inclusive), or ``None`` for all.
        data_note: one sentence saying where the data come from; shown under every
            table and figure (the bundled sample is synthetic and must say so).
    """

    mentions_path: InputPath = "data/samples/mentions.csv"
    date_from: IsoDate = None
    date_to: IsoDate = None
    data_note: str = "Synthetic sample data made by `scrm samples` (seeded generator): no real customers or brands."
    #: Course options (scrm_lib.reports.course): exercise cells, and whether their solutions are kept.
    show_exercises: bool = True
    show_solutions: bool = False
