"""``scrm score --engine dask``: score many mentions files on a Dask cluster into a folder of Parquet
parts (one per input partition), written by the workers (:meth:`scrm_lib.engine.dask.DaskEngine.score`)."""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from pathlib import Path

from scrm_lib.core.errors import ScrmError, display_path
from scrm_lib.engine import expand_inputs, get_engine


def score_files(inputs: Sequence[str], out: str | Path, sentiment_model: str = "fast", trait_model: str | None = "trait",
                scheduler: str | None = None, workers: int | None = None, data_format: str = "canonical",
                mapping: str | None = None, text_column: str = "text", processes: bool = True,
                echo: bool = True) -> dict:
    """Score ``inputs`` (files, globs, folders) into the Parquet folder ``out`` with the dask engine.

    The folder is written next to its final name and renamed when every part is written, so a
    failed run leaves no half folder; an existing ``out`` is replaced only when the run succeeds.
    Returns ``{"files", "rows", "parts", "seconds"}``.

    Raises:
        ScrmError: no file matches, ``out`` is a file name with another suffix than ``.parquet``,
        an unreachable scheduler, a bad input file.
    """
    files = expand_inputs(inputs)
    out = Path(out).expanduser()
    if out.suffix and out.suffix.lower() != ".parquet":
        raise ScrmError(f"--out {out}: with --engine dask the scores go to a folder of Parquet parts "
                        "(give a folder name, e.g. scored/ or scored.parquet)")
    if workers is not None and workers < 1:
        raise ScrmError(f"--workers {workers}: give at least 1")
    t0 = time.perf_counter()
    tmp = out.with_name(f".{out.name}.tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    options = {"n_workers": workers, "processes": processes} if not scheduler else {}
    with get_engine("dask", scheduler, **options) as engine:
        if echo:
            print(engine.describe(), flush=True)
        data = engine.read(files, data_format, mapping=mapping)
        scored = engine.score(data, sentiment_model, trait_model, text_column=text_column)
        try:
            scored.to_parquet(str(tmp), write_index=False, compute_kwargs={"scheduler": engine.client})
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    rows = sum(_rows(p) for p in sorted(tmp.glob("*.parquet")))
    if out.exists():
        shutil.rmtree(out) if out.is_dir() else out.unlink()
    tmp.replace(out)
    dt = time.perf_counter() - t0
    if echo:
        print(f"{display_path(out)}: {rows:,} posts scored with {sentiment_model}"
              + (f" + {trait_model}" if trait_model else "") + f" in {dt:.1f} s ({rows / max(dt, 1e-9):,.0f} posts/s)")
    return {"files": len(files), "rows": rows, "parts": len(list(out.glob("*.parquet"))), "seconds": round(dt, 2)}


def _rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return pq.ParquetFile(path).metadata.num_rows
