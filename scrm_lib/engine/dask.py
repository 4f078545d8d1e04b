"""The Dask engine: the same combinable aggregates on every partition of a ``dask.dataframe``,
merged in a tree on a ``dask.distributed`` cluster; only the small merged tables reach this process.

- No ``scheduler``: a ``LocalCluster`` with one single-threaded worker per core (``n_workers``)
  starts here; its dashboard link is printed. With a ``scheduler`` address (``tcp://host:8786``,
  as given by dask-jobqueue, dask-kubernetes or dask-gateway) the same code runs on that cluster.
- Input: one partition per file (:meth:`DaskEngine.read`), each loaded and validated on a worker by
  the same loader as the pandas engine (:func:`scrm_lib.data.sources.load_sources`), so the workers
  must see the files (a shared file system or object store) and have the project installed.
- Every aggregate runs on the partitions as read, all in one task per partition (no shuffle): a
  brand reply whose post is in another partition, or a name only another partition knew, makes
  :func:`scrm_lib.metrics.aggregates.run_passes` run the aggregates that need it once more, with
  the merged orphans or names (exact either way; exports that keep threads together need one pass).
- Scoring (:meth:`DaskEngine.score`) is ``map_partitions`` of
  :func:`scrm_lib.modeling.scoring.add_scores` with the models named, not shipped: each worker
  process loads a model once (:func:`scrm_lib.modeling.scoring.load_model` caches per process).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dask
import dask.dataframe as dd
import pandas as pd
from dask.distributed import Client, LocalCluster

from scrm_lib import metrics as L
from scrm_lib.core.errors import ScrmError
from scrm_lib.engine.pandas import prepare
from scrm_lib.metrics.aggregates import Aggregate, run_passes
from scrm_lib.modeling.scoring import add_scores

#: Dask settings of every engine call: keep pandas' own string dtype (Dask would turn text columns
#: into ``string[pyarrow]`` with ``pd.NA``, and the tables would differ from the pandas engine's).
DASK_CONFIG: dict[str, Any] = {"dataframe.convert-string": False}
#: How many partial tables one merge task adds up (the fan-in of the merge tree).
MERGE_FAN_IN = 8


def _load(path: str, data_format: str, mapping: Any, sentiment_source: str) -> pd.DataFrame:
    return prepare(L.load_sources([path], data_format, mapping=mapping), sentiment_source)


def _empty(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[:0]


def _partials(frame: pd.DataFrame, aggs: Sequence[Aggregate]) -> list[pd.DataFrame]:
    return [a.run_partial(frame) for a in aggs]


def _merge_level(groups: Sequence[list[pd.DataFrame]], aggs: Sequence[Aggregate]) -> list[pd.DataFrame]:
    return [a.merge([g[i] for g in groups]) for i, a in enumerate(aggs)]


def _score_partition(frame: pd.DataFrame, sentiment_model: str, trait_model: str | None, text_column: str,
                     trait_abstain_below: float | None = None) -> pd.DataFrame:
    return add_scores(frame, sentiment_model, trait_model, text_column=text_column, trait_abstain_below=trait_abstain_below)


class DaskEngine:
    """Summaries and scores on a Dask cluster (see the module docstring)."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, n_workers: int | None = None, processes: bool = True,
                 memory_limit: str | None = "auto", threads_per_worker: int = 1, quiet: bool = False) -> None:
        self.cluster: LocalCluster | None = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="5s", set_as_default=False)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ScrmError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({exc}); "
                                "give the address its scheduler prints, e.g. tcp://10.0.0.5:8786") from None
        else:
            n = n_workers or os.cpu_count() or 1
            self.cluster = LocalCluster(n_workers=n, threads_per_worker=threads_per_worker, processes=processes,
                                        memory_limit=memory_limit, dashboard_address=":0" if not quiet else None)
            self.client = Client(self.cluster, set_as_default=False)
        self.quiet = quiet
        self.processes = processes

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect; stop the LocalCluster if this engine started it (an external cluster stays up)."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def n_workers(self) -> int:
        """Workers connected now."""
        return len(self.client.scheduler_info(n_workers=-1).get("workers", {}))

    def describe(self) -> str:
        """Where the work runs: the scheduler, the workers, and the dashboard link."""
        where = "LocalCluster" if self.cluster is not None else "cluster"
        if self.cluster is not None:
            where += f" ({'processes' if self.processes else 'threads of this process'})"
        link = self.client.dashboard_link if (self.cluster is None or self.cluster.scheduler.http_server) else None
        return (f"dask {where} at {self.client.scheduler.address} with {self.n_workers()} worker(s)"
                + (f"; dashboard: {link}" if link else ""))

    # ----------------------------------------------------------------------------------------

    def read(self, files: Sequence[str | Path], data_format: str = "canonical", mapping: Any = None,
             sentiment_source: str = "column") -> dd.DataFrame:
        """A Dask frame with one partition per file, each loaded, validated and labelled
        (:func:`scrm_lib.engine.pandas.prepare`) on a worker. One partition per worker starts
        loading at once and is kept while the frame lives (a second pass reads it from memory)."""
        with dask.config.set(DASK_CONFIG):
            return self._read(files, data_format, mapping, sentiment_source)

    def _read(self, files: Sequence[str | Path], data_format: str, mapping: Any, sentiment_source: str) -> dd.DataFrame:
        parts = [dask.delayed(_load)(str(f), data_format, mapping, sentiment_source) for f in files]
        # the first partition of each worker starts loading now (and stays on its worker, so the
        # frame's empty head — its meta — comes from the first one without the others waiting)
        started = self.client.compute(parts[:max(self.n_workers(), 1)])
        meta = self.client.submit(_empty, started[0]).result()
        return dd.from_delayed([*started, *parts[len(started):]], meta=meta, verify_meta=False)

    def frame(self, data: pd.DataFrame | dd.DataFrame, npartitions: int | None = None) -> dd.DataFrame:
        """``data`` as a Dask frame (an in-memory frame is split in ``npartitions``, default two
        per worker)."""
        if isinstance(data, dd.DataFrame):
            return data
        with dask.config.set(DASK_CONFIG):
            return dd.from_pandas(data, npartitions=npartitions or max(2 * self.n_workers(), 1), sort=False)

    def aggregate(self, data: pd.DataFrame | dd.DataFrame, aggs: Sequence[Aggregate]) -> list[pd.DataFrame]:
        """The merged partial table of each aggregate: partials per partition, merged
        :data:`MERGE_FAN_IN` at a time on the workers; one small table per aggregate comes back."""
        with dask.config.set(DASK_CONFIG):
            return self._aggregate(self.frame(data), aggs)

    def _aggregate(self, ddf: dd.DataFrame, aggs: Sequence[Aggregate]) -> list[pd.DataFrame]:
        parts = ddf.to_delayed()

        def run(group: Sequence[Aggregate]) -> list[pd.DataFrame]:
            level = [dask.delayed(_partials)(p, group) for p in parts]
            while True:  # at least one merge, so one partition's partials come back merged too
                level = [dask.delayed(_merge_level)(level[i:i + MERGE_FAN_IN], group)
                         for i in range(0, len(level), MERGE_FAN_IN)]
                if len(level) == 1:
                    return self.client.compute(level[0], sync=True)

        return run_passes(aggs, run, len(parts))

    def summarise(self, data: pd.DataFrame | dd.DataFrame, aggs: Sequence[Aggregate]) -> dict[str, pd.DataFrame]:
        """``{name: finalised summary}`` of each aggregate (finalised here, from the merged counts)."""
        return {a.name: a.finalize(m) for a, m in zip(aggs, self.aggregate(data, aggs), strict=True)}

    def score(self, data: pd.DataFrame | dd.DataFrame, sentiment_model: str, trait_model: str | None,
              text_column: str = "text", trait_abstain_below: float | None = None) -> dd.DataFrame:
        """A lazy frame of the posts with ``sentiment``, ``sentiment_score`` (and ``trait``,
        ``trait_confidence``, ``lang``): ``map_partitions`` of :func:`scrm_lib.modeling.scoring.add_scores`,
        models loaded by name once per worker process. Write it with ``to_parquet``."""
        with dask.config.set(DASK_CONFIG):
            ddf = self.frame(data)
            args = (sentiment_model, trait_model, text_column, trait_abstain_below)
            head = ddf.partitions[0].head(2, compute=False)
            meta = self.client.compute(dask.delayed(_score_partition)(head, *args), sync=True).iloc[:0]
            return ddf.map_partitions(_score_partition, *args, meta=meta)
