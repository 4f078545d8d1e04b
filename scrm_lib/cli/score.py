"""``scrm score INPUT --model NAME --out FILE``: add sentiment and trait columns to a mentions file.

Reads the input in chunks (``--chunk-rows``, default 50,000), validates each chunk
against the canonical mentions schema, scores it with :func:`scrm_lib.modeling.scoring.add_scores`
and appends it to ``--out`` (CSV, TSV, JSON Lines or Parquet by its suffix; written to a
temporary name and renamed at the end). Memory is bounded by the chunk, so files larger
than memory work. A progress bar goes to stderr on a terminal.

CSV/TSV output is for spreadsheets: a text cell starting with ``= + - @`` (or a tab or carriage
return) gets a leading ``'`` so a spreadsheet shows it instead of running it as a formula
(OWASP's CSV-injection rule). JSON Lines and Parquet keep texts unchanged. ``--out x.xlsx`` is
refused: the command writes no spreadsheet format. SIGTERM and SIGHUP remove the temporary file.

Exit status 0 when done; 2 with a clear message (file, line, column, expected) for a
bad input file, an unknown model or an unwritable output; never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tqdm import tqdm

from scrm_lib.core.config import resolve_path
from scrm_lib.core.errors import DataValidationError, Problem, ScrmError, display_path
from scrm_lib.data.files import FILE_FORMATS
from scrm_lib.engine.scoring import score_files
from scrm_lib.modeling.scoring import add_scores, load_model
from scrm_lib.modeling.stream import ChunkWriter, count_records, iter_mention_chunks
from scrm_lib.modeling.vader import VaderSentiment
from scrm_lib.run.signals import stop_signals_interrupt

#: Output formats of ``scrm score`` (by the last suffix of ``--out``); ``.xlsx`` is refused, not faked.
OUTPUT_SUFFIXES: tuple[str, ...] = (".csv", ".tsv", ".jsonl", ".parquet", ".gz")


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``score`` sub-command."""
    p.description = __doc__.splitlines()[0] if __doc__ else None
    p.add_argument("input", help="mentions file (CSV, TSV, JSON Lines, Parquet; .gz etc. allowed)")
    p.add_argument("--model", default="fast",
                   help="sentiment model: vader, fast, accurate or a .skops path (default fast)")
    p.add_argument("--trait-model", default="trait",
                   help="trait model: trait, a .skops path, or 'none' to skip the trait columns")
    p.add_argument("--out", required=True, help="output file (.csv, .tsv, .jsonl or .parquet)")
    p.add_argument("--format", dest="fmt", choices=FILE_FORMATS,
                   help="input file format (default: from the file name); the input is a canonical "
                        "mentions file, read in chunks")
    p.add_argument("--mapping", help="column-mapping YAML for a platform export")
    p.add_argument("--encoding", help="input text encoding (default UTF-8)")
    p.add_argument("--text-column", default="text", help="column holding the post text (default text)")
    p.add_argument("--chunk-rows", type=int, default=50_000, help="rows per chunk (default 50,000)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                   help="pandas (chunks in this process, default) or dask (INPUT may be globs/folders; --out is a Parquet folder)")
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a LocalCluster, one worker per core)")
    p.add_argument("--workers", type=int, help="workers of the LocalCluster (default: one per core)")
    p.set_defaults(func=_run)


def _probabilistic(model: object, name: str, option: str) -> object:
    """``model`` when it can score (VADER, or an estimator with ``predict_proba``); else a clear error
    (the same rule as a notebook's ``ModelRef`` parameter, :func:`scrm_lib.params.check_model_file`)."""
    if isinstance(model, VaderSentiment) or callable(getattr(model, "predict_proba", None)):
        return model
    raise ScrmError(f"{option} {name}: a {type(model).__name__} has no predict_proba, so it cannot give scores "
                    "and confidences; train a probabilistic model (scrm train) or pass vader, fast, accurate or trait")


def _run(args: argparse.Namespace) -> int:
    if args.engine == "dask":  # many files or partitions on a Dask cluster (issue 15)
        score_files([args.input], args.out, args.model, None if args.trait_model.lower() == "none" else args.trait_model,
                    args.scheduler, args.workers, mapping=args.mapping, text_column=args.text_column)
        return 0
    if args.scheduler:
        raise ScrmError(f"--scheduler {args.scheduler}: a scheduler address needs --engine dask")
    if args.chunk_rows < 1:
        raise ScrmError("--chunk-rows must be at least 1")
    src = resolve_path(args.input)
    out = Path(args.out).expanduser()
    suffixes = [x.lower() for x in out.suffixes]
    if not suffixes or suffixes[-1] not in OUTPUT_SUFFIXES:
        raise ScrmError(f"--out {args.out}: cannot write {suffixes[-1] if suffixes else 'a file without a suffix'}; "
                        f"give a {', '.join(OUTPUT_SUFFIXES)} file (a spreadsheet opens the .csv; formulas in it "
                        "are neutralised)")
    if out.resolve() == src.resolve():
        raise ScrmError(f"--out {args.out} is the input file; write the scores to another file")
    sentiment = _probabilistic(load_model(args.model), args.model, "--model")
    trait = None if args.trait_model.lower() == "none" else _probabilistic(
        load_model(args.trait_model), args.trait_model, "--trait-model")
    if not src.exists():
        raise DataValidationError(path=display_path(src), kind="mentions",
                                  problems=[Problem(message="file not found", expected="an existing file")])
    total = None if src.is_dir() else count_records(src)
    t0 = time.perf_counter()
    bar = tqdm(total=total, unit="posts", unit_scale=True, desc="scoring", file=sys.stderr,
               disable=args.no_progress or None)
    try:
        with stop_signals_interrupt(), ChunkWriter(out) as writer:  # SIGTERM/SIGHUP: no hidden .tmp left
            for chunk in iter_mention_chunks(src, chunk_rows=args.chunk_rows, fmt=args.fmt,
                                             encoding=args.encoding, mapping=args.mapping):
                writer.write(add_scores(chunk, sentiment, trait, text_column=args.text_column))
                bar.update(len(chunk))
    except OSError as exc:
        raise ScrmError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    finally:
        bar.close()
    dt = time.perf_counter() - t0
    print(f"{display_path(out)}: {writer.rows:,} posts scored with {args.model}"
          + (f" + {args.trait_model}" if trait is not None else "")
          + f" in {dt:.1f} s ({writer.rows / max(dt, 1e-9):,.0f} posts/s)")
    return 0
