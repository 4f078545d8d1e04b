"""``scrm samples [NAME ...] [--out DIR] [--seed N]``: regenerate the synthetic sample data."""

from __future__ import annotations

import argparse
import time

from scrm_lib.core.config import SAMPLES_DIR, relative_to_root, resolve_path
from scrm_lib.samples import DEFAULT_SEED, GENERATORS, generate


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Add the ``samples`` sub-command."""
    p.description = ("Regenerate the seeded, SYNTHETIC sample files into data/samples/ (or --out). "
                     f"Known samples: {', '.join(GENERATORS)}. The same seed writes byte-identical files.")
    p.add_argument("names", nargs="*", metavar="NAME", help="samples to make (default: all)")
    p.add_argument("--out", default=None, help=f"output folder (default: {relative_to_root(SAMPLES_DIR)})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default: {DEFAULT_SEED})")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    out = resolve_path(args.out) if args.out else SAMPLES_DIR
    t0 = time.perf_counter()
    written = generate(args.names, out, seed=args.seed)
    for path in written:
        print(f"wrote {relative_to_root(path)} ({path.stat().st_size:,} bytes)")
    print(f"done in {time.perf_counter() - t0:.1f} s (seed {args.seed}; SYNTHETIC data)")
    if args.seed != DEFAULT_SEED and out == SAMPLES_DIR:
        print(f"note: {relative_to_root(out)}/ now differs from the committed sample (seed {DEFAULT_SEED}); "
              "`git checkout data/samples` restores it")
    return 0
