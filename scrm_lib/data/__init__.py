"""Layer 2 — data in: canonical schemas, readers and the format adapters.

- :mod:`scrm_lib.data.schemas`: the canonical schemas (mentions, survey, use cases) and their validation;
- :mod:`scrm_lib.data.files`: file formats (csv, tsv, jsonl, parquet), opening files, diagnosing bad ones;
- :mod:`scrm_lib.data.readers`: reading tables, whole (:func:`read_table`, :func:`read_frames`) or in chunks;
- :mod:`scrm_lib.data.mapping`: column mappings for platform exports;
- :mod:`scrm_lib.data.adapters`: one module per data format, each registered once in
  :mod:`scrm_lib.data.registry` (which the CLI, params models and notebooks ask for the formats).

This façade re-exports the loaders a notebook uses (``from scrm_lib.data import load_mentions``).
See docs/architecture.md for the layers and what may import what.
"""

from scrm_lib.data.adapters.airline import load_airline_tweets
from scrm_lib.data.adapters.canonical import load_mentions
from scrm_lib.data.adapters.semeval import SEMEVAL_TRAIN_FILES, load_semeval
from scrm_lib.data.adapters.survey import load_survey
from scrm_lib.data.adapters.twcs import load_twcs
from scrm_lib.data.adapters.tweeteval import load_tweeteval
from scrm_lib.data.adapters.usecases import load_usecases
from scrm_lib.data.files import FILE_FORMATS, detect_format
from scrm_lib.data.mapping import apply_mapping, load_mapping
from scrm_lib.data.readers import iter_table_chunks, read_frames, read_table
from scrm_lib.data.registry import Adapter, adapters, format_names, get_adapter

__all__ = [
    "FILE_FORMATS", "SEMEVAL_TRAIN_FILES", "Adapter", "adapters", "apply_mapping", "detect_format",
    "format_names", "get_adapter", "iter_table_chunks", "load_airline_tweets", "load_mapping", "load_mentions",
    "load_semeval", "load_survey", "load_tweeteval", "load_twcs", "load_usecases", "read_frames", "read_table",
]
