"""``scrm summarise INPUT... --out DIR``: the listening summaries of many mentions files, as Parquet.

INPUT: mentions files, globs (``'data/mentions/*.parquet'``, quoted so the shell leaves them) or
folders of partitioned Parquet/CSV. Writes one Parquet file per summary into ``--out`` (default
``runs/summaries/``, git-ignored): ``volume`` (per ``--period`` and brand), ``share_of_voice`` (posts),
``share_of_voice_engagement``, ``share_of_voice_reach``, ``sentiment`` (mix and net sentiment with
its interval, per brand) and ``sentiment_period``, ``engagement`` (brand × channel), ``reach``,
``response_times`` (per brand), ``spikes`` (per ``--spike-period``, robust rolling median on the
volume) and ``themes`` (distinctive terms per brand from merged term counts), plus
``summaries.json`` (inputs, engine, parameters, rows per table).

``--engine pandas`` (default) loads everything into this process; ``--engine dask`` computes the
same combinable aggregates on a Dask cluster — a LocalCluster with one worker per core (threads of
this process for small inputs, processes from 256 MB: :func:`scrm_lib.engine.local_processes`), or
the scheduler at ``--scheduler ADDRESS`` — in one pass over the files, and only the small merged
tables come back. Both engines
give the same tables (tests/test_engine_dask.py). Each file is validated on its own; the pandas engine
also refuses a ``post_id`` found in two files, the Dask engine does not look across files (that check
would need every id in one place), so deduplicate overlapping exports before. Bad input (no file matches, an unreachable
scheduler, an invalid file) exits with status 2 and a message naming it.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from scrm_lib.core.errors import ScrmError, display_path
from scrm_lib.engine import ENGINES, expand_inputs, get_engine, local_processes
from scrm_lib.metrics import aggregates as A

#: Periods of ``--period`` and ``--spike-period``.
PERIODS: tuple[str, ...] = ("h", "D", "W", "M", "Q")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``summarise`` sub-command."""
    p.description = __doc__.splitlines()[0] if __doc__ else None
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="mentions files, globs or folders of Parquet/CSV parts")
    p.add_argument("--out", default="runs/summaries", help="output folder (default runs/summaries/)")
    p.add_argument("--engine", choices=ENGINES, default="pandas", help="pandas (one process, default) or dask")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (tcp://host:8786); default: a LocalCluster, one worker per core")
    p.add_argument("--workers", type=int, help="workers of the LocalCluster (default: one per core)")
    p.add_argument("--processes", choices=("auto", "threads", "processes"), default="auto",
                   help="the LocalCluster's workers as threads of this process or as processes "
                        "(default auto: threads below 256 MB of input, processes from there)")
    p.add_argument("--format", dest="data_format", choices=("canonical", "airline", "twcs"), default="canonical",
                   help="input format (default canonical mentions)")
    p.add_argument("--mapping", help="column-mapping YAML for a platform export (canonical only)")
    p.add_argument("--sentiment-source", default="column",
                   help="column (the files' sentiment column, default), vader, or a model name (fast, accurate)")
    p.add_argument("--period", choices=PERIODS, default="W", help="period of volume and sentiment over time (default W)")
    p.add_argument("--spike-period", choices=PERIODS, default="D", help="period of spike detection (default D)")
    p.add_argument("--formula", default="talkwalker", choices=("talkwalker", "net_sentiment_score", "brand_health"),
                   help="net sentiment formula (default talkwalker)")
    p.add_argument("--sla-minutes", type=float, default=60, help="response-time target in minutes (default 60)")
    p.add_argument("--n-terms", type=int, default=15, help="distinctive terms per brand (default 15; 0 = no themes)")
    p.set_defaults(func=_run)


def summarise_files(inputs: list[str], out: str | Path, engine_name: str = "pandas", scheduler: str | None = None,
                    workers: int | None = None, data_format: str = "canonical", mapping: str | None = None,
                    sentiment_source: str = "column", period: str = "W", spike_period: str = "D",
                    formula: str = "talkwalker", sla_minutes: float = 60, n_terms: int = 15,
                    processes: bool | None = None, echo: bool = True) -> dict:
    """Summarise ``inputs`` into Parquet files in ``out``; returns the manifest written to
    ``summaries.json``. See the module docstring. ``processes``: a LocalCluster's workers as
    processes or threads (None: :func:`scrm_lib.engine.local_processes` of the input size)."""
    files = expand_inputs(inputs)
    if mapping and data_format != "canonical":
        raise ScrmError("--mapping applies to --format canonical only")
    if workers is not None and workers < 1:
        raise ScrmError(f"--workers {workers}: give at least 1")
    out_dir = Path(out).expanduser()
    t0 = time.perf_counter()
    if processes is None:
        processes = local_processes(files)
    options = {"n_workers": workers, "processes": processes} if engine_name == "dask" and not scheduler else {}
    with get_engine(engine_name, scheduler, **options) as engine:
        if echo:
            print(engine.describe(), flush=True)
        data = engine.read(files, data_format, mapping=mapping, sentiment_source=sentiment_source)
        aggs = A.listening_summaries(freq=period, spike_freq=spike_period, formula=formula, sla_minutes=sla_minutes)
        if n_terms > 0:  # the terms to leave out (brand names, handles) come from the same pass
            aggs.append(A.themes(None, n=n_terms, min_count=3))
        tables = engine.summarise(data, aggs)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        tmp = out_dir / f".{name}.parquet.tmp"
        table.to_parquet(tmp, index=False)
        tmp.replace(out_dir / f"{name}.parquet")
    manifest = {"inputs": [display_path(f) for f in files], "engine": engine_name, "scheduler": scheduler,
                "data_format": data_format, "sentiment_source": sentiment_source, "period": period,
                "spike_period": spike_period, "formula": formula, "sla_minutes": sla_minutes, "n_terms": n_terms,
                "tables": {k: len(v) for k, v in tables.items()}, "seconds": round(time.perf_counter() - t0, 2)}
    (out_dir / "summaries.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _run(args: argparse.Namespace) -> int:
    m = summarise_files(args.inputs, args.out, args.engine, args.scheduler, args.workers, args.data_format,
                        args.mapping, args.sentiment_source, args.period, args.spike_period, args.formula,
                        args.sla_minutes, args.n_terms, processes={"auto": None, "threads": False}.get(args.processes, True))
    print(f"{display_path(Path(args.out))}: {len(m['tables'])} summaries of {len(m['inputs'])} file(s) "
          f"({m['engine']}) in {m['seconds']:.1f} s")
    return 0
