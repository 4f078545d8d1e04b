"""Import the hand labels of the real trait corpus into the repository (issue 11).

Usage: ``python scripts/import_labels.py [LABELS_DIR]`` (default ``/work/labels``)

Reads the seeded pools ``pool_<source>.tsv`` and the annotators' ``pass1_<source>.tsv`` /
``pass2_<source>.tsv`` (``source_id, trait, sentiment, notes``), applies the adjudication
``data/labels/trait_real_adjudication.csv`` to pass 1, and writes (no texts, only
``dataset, source_id, text_sha256, stratum, trait, sentiment, notes``; sorted by source
then id, so the same inputs give the same bytes):

- ``data/labels/trait_real.csv``: pass 1 + adjudication (what models train on);
- ``data/labels/trait_real_pass2.csv``: the independent second pass (agreement).

Skipped rows (unknown id or label) are listed on stderr; ``--strict`` makes them an error
(exit status 2). Prints counts per source and trait.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scrm_lib.modeling.realdata import (
    TRAIT_REAL_PASS2_PATH,
    TRAIT_REAL_PATH,
    import_annotations,
    write_labels,
)


def main(argv: list[str] | None = None) -> int:
    """Import, write the two label files, print a summary."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels_dir", nargs="?", default="/work/labels", type=Path)
    ap.add_argument("--strict", action="store_true", help="fail on any skipped row")
    args = ap.parse_args(argv)
    p1, p2, problems = import_annotations(args.labels_dir)
    for msg in problems:
        print("warning:", msg, file=sys.stderr)
    if problems and args.strict:
        print(f"error: {len(problems)} problem(s) in the annotators' files", file=sys.stderr)
        return 2
    write_labels(p1, TRAIT_REAL_PATH)
    write_labels(p2, TRAIT_REAL_PASS2_PATH)
    print(f"{TRAIT_REAL_PATH.name}: {len(p1)} labels, {TRAIT_REAL_PASS2_PATH.name}: {len(p2)} labels")
    if len(p1):
        print(p1.groupby(["dataset", "trait"]).size().unstack(fill_value=0).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
