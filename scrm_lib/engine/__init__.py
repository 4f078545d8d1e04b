"""Engines that compute the listening summaries and scores: ``pandas`` (one process, the default)
and ``dask`` (``dask.dataframe`` on ``dask.distributed``: a LocalCluster or an existing cluster).

Both run the same combinable aggregates (:mod:`scrm_lib.metrics.aggregates`): partial counts and
sums per slice of the data, merged, then finalised (ratios and intervals from the merged counts).
:func:`get_engine` picks one by name; :func:`expand_inputs` turns the input arguments (files,
globs, folders of partitioned Parquet) into a list of files.
"""

from __future__ import annotations

import glob
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from scrm_lib.core.config import resolve_path
from scrm_lib.core.errors import ScrmError
from scrm_lib.metrics import triage
from scrm_lib.metrics.triage.scoring import score_dtypes, scoring_note
from scrm_lib.params import ENGINES

#: Where each engine's class lives; imported on first use, so ``import scrm_lib.engine`` (and every
#: ``scrm`` command) does not load Dask.
ENGINE_CLASSES: dict[str, str] = {"pandas": "scrm_lib.engine.pandas:PandasEngine", "dask": "scrm_lib.engine.dask:DaskEngine"}
#: File suffixes read from a folder given as input (partitioned Parquet, CSV exports).
INPUT_SUFFIXES: tuple[str, ...] = (".parquet", ".csv", ".tsv", ".jsonl", ".csv.gz", ".jsonl.gz")
#: Input size (bytes on disk) from which a LocalCluster runs its workers as processes rather than
#: as threads of this process (:func:`local_processes`): about 4M posts of Parquet, 1.5M of CSV.
PROCESS_BYTES = 256 * 1024 ** 2


def local_processes(files: Sequence[str | Path]) -> bool:
    """Whether a LocalCluster for ``files`` should run its workers as processes (True from
    :data:`PROCESS_BYTES` of input) or as threads of this process (below). A worker process costs
    a few CPU seconds to start and import the package, and every partial table it returns is
    serialised; threads share one interpreter, so pure-Python work (tokenising the themes) does
    not run in parallel. Measured in docs/benchmarks.md (issue 15): at 1M posts (58 MB of Parquet)
    threads cost less, at 10M (580 MB) two processes are needed to use two cores."""
    return sum(Path(f).stat().st_size for f in files) >= PROCESS_BYTES


def expand_inputs(patterns: Sequence[str | Path], parameter: str = "INPUT") -> list[Path]:
    """The files named by ``patterns``: files, glob patterns (``data/*.parquet``, ``**`` allowed)
    and folders (every :data:`INPUT_SUFFIXES` file under them, e.g. partitioned Parquet), resolved
    from the project root, sorted within each pattern, each file once.

    Raises:
        ScrmError: a pattern that matches no file (the message names ``parameter`` and the pattern).
    """
    out: list[Path] = []
    for pat in patterns:
        text = str(pat)
        if any(ch in text for ch in "*?["):
            base = text if Path(text).is_absolute() else str(resolve_path("."))+ "/" + text
            found = [Path(p) for p in sorted(glob.glob(base, recursive=True)) if Path(p).is_file()]
        else:
            p = resolve_path(text)
            if p.is_dir():
                found = sorted(f for f in p.rglob("*") if f.is_file() and str(f.name).lower().endswith(INPUT_SUFFIXES))
            else:
                found = [p] if p.is_file() else []
        if not found:
            raise ScrmError(f"{parameter} {text!r}: no file matches (expected a mentions file, a glob such as "
                            "'data/mentions/*.parquet', or a folder of Parquet/CSV parts)")
        out += [f for f in found if f not in out]
    return out


def get_engine(name: str = "pandas", scheduler: str | None = None, **options: Any) -> Any:
    """The engine called ``name``: :class:`scrm_lib.engine.pandas.PandasEngine` or
    :class:`scrm_lib.engine.dask.DaskEngine` (``scheduler``: address of an existing Dask
    scheduler, e.g. ``tcp://10.0.0.5:8786``; none starts a LocalCluster with one worker per core;
    ``options`` go to the engine: ``n_workers``, ``processes``, ``memory_limit``).
    Use it as a context manager, or call ``close()``.

    Raises:
        ScrmError: an unknown engine name, a scheduler address with the pandas engine, or a
        scheduler that cannot be reached (naming the parameter).
    """
    if name not in ENGINES:
        raise ScrmError(f"engine: expected one of {', '.join(ENGINES)}, got {name!r}")
    module, cls = ENGINE_CLASSES[name].split(":")
    engine = getattr(importlib.import_module(module), cls)
    if name == "pandas":
        if scheduler:
            raise ScrmError(f"--scheduler {scheduler}: a scheduler address needs --engine dask")
        return engine()
    return engine(scheduler=scheduler, **options)


def score_posts(frame: pd.DataFrame, sentiment_model: str = "vader", trait_model: str = "trait", engine: str = "pandas",
                trait_abstain_below: float | None = None) -> pd.DataFrame:
    """The posts with ``sentiment``, ``sentiment_score``, ``trait``, ``trait_confidence`` and ``lang``
    on the engine named by the notebooks' ``engine`` parameter (05, 07).

    ``pandas``: :func:`scrm_lib.metrics.triage.score_posts` (cached scores). ``dask``:
    ``map_partitions`` of :func:`scrm_lib.modeling.scoring.add_scores` on a LocalCluster of
    in-process workers (:meth:`scrm_lib.engine.dask.DaskEngine.score`; each worker loads the models
    once), the same columns, dtypes, row order and ``attrs["scoring"]``.
    """
    if engine == "pandas":
        return triage.score_posts(frame, sentiment_model, trait_model, trait_abstain_below=trait_abstain_below)
    with get_engine(engine, processes=False, quiet=True) as e:
        scored = e.score(e.frame(frame), sentiment_model, trait_model, trait_abstain_below=trait_abstain_below)
        out = score_dtypes(scored.compute(scheduler=e.client))
        where = e.describe()
    out.attrs = {**frame.attrs, "scoring": scoring_note(sentiment_model, trait_model) + f" on {where}"}
    return out
