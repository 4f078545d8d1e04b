"""The format adapters: one module per data format, each registered once in :mod:`scrm_lib.data.registry`.

========== ========= =====================================================================
module     kind      reads
========== ========= =====================================================================
canonical  mentions  any file in the canonical mentions schema (CSV/TSV/JSONL/Parquet),
                     optionally through a column mapping (:mod:`scrm_lib.data.mapping`)
airline    mentions  the Kaggle *Twitter US Airline Sentiment* ``Tweets.csv``
twcs       mentions  *Customer Support on Twitter* files, threads resolved
survey     survey    survey answers (respondent-level or aggregated)
usecases   usecases  use-case tables
tweeteval  labelled  a TweetEval sentiment split (folder)
semeval    labelled  SemEval-2017 Task 4A files (folder)
========== ========= =====================================================================

Adding an adapter: add a module here whose reader reads through :mod:`scrm_lib.data.readers`,
validates with the schema of its kind, and ends with ``register(Adapter(...))``. The registry
finds it by listing this package; nothing else changes (docs/data-formats.md shows an example).
This ``__init__`` imports nothing, so that importing one adapter does not import them all.
"""
