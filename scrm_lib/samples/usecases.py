"""The use-case sample: the 18 Altimeter (2010) social CRM use cases, exactly as published.

Not synthetic: every score is the published one (DOMAIN.md §6) and each row names its
source. The table lives in :data:`scrm_lib.analysis.usecases.ALTIMETER_USE_CASES`; this generator
only writes it out in the use-case schema, so the seed is accepted (the generator
contract of :mod:`scrm_lib.samples`) but not used: the file is the same for every seed.
"""

from __future__ import annotations

from pathlib import Path

from scrm_lib.analysis.usecases import published_table

FILENAME = "usecases.csv"


def generate(out_dir: Path, seed: int) -> list[Path]:  # noqa: ARG001 - contract; no randomness here
    """Write ``usecases.csv`` (id, name, category, market_demand, tech_maturity, source) into ``out_dir``.

    Scores are written with two decimals, as published; the file is byte-identical on rerun.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / FILENAME
    published_table().to_csv(out, index=False, float_format="%.2f", lineterminator="\n", encoding="utf-8")
    return [out]
