"""SYNTHETIC mentions at any size N, as partitioned Parquet (issue 15's scaling benchmark).

Reuses the sample generator (:func:`scrm_lib.samples.mentions.build_mentions`) instead of
inventing new distributions: a few seeds give a pool of independent ~20,000-post samples (same
brands, channels, authors, texts, reply delays, events), and the N posts are copies of pool
samples — copy *i* is pool sample ``i mod seeds`` with its post ids (and the ``in_reply_to`` links
between them) suffixed ``-i``, customer handles suffixed with one of ``author_groups`` groups (so
reach counts more distinct authors as N grows) and every timestamp moved by the same
``i mod 60`` minutes (brand replies keep their delays). The 120-day span stays; N posts mean N /
20,000 times the sample's volume per day. ``sentiment`` is the generator's intended label
(``synthetic_sentiment``), so summaries need no model; texts repeat across copies (the theme counts
tokenise each distinct text once per partition), which makes themes cheaper than on real posts.

Everything is SYNTHETIC: no real company, person or post.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.samples.mentions import build_mentions

#: Columns written (the canonical schema's, with the generator's label as ``sentiment``).
COLUMNS: tuple[str, ...] = ("post_id", "created_at", "channel", "brand", "author_id", "text", "author_followers",
                            "likes", "shares", "replies", "in_reply_to", "is_brand", "lang", "sentiment")


def sample_pool(seeds: int = 4, seed: int = 20260302) -> list[pd.DataFrame]:
    """``seeds`` independent samples of :func:`~scrm_lib.samples.mentions.build_mentions`
    (seeds ``seed``, ``seed + 1``, …), reduced to :data:`COLUMNS`."""
    out = []
    for k in range(seeds):
        df, _ = build_mentions(seed + k)
        out.append(df.assign(sentiment=df["synthetic_sentiment"])[list(COLUMNS)].reset_index(drop=True))
    return out


def scaled_copy(pool: list[pd.DataFrame], i: int, author_groups: int = 50) -> pd.DataFrame:
    """Copy ``i`` of the pool (see the module docstring)."""
    base = pool[i % len(pool)]
    suffix = f"-{i}"
    shift = pd.Timedelta(minutes=i % 60)
    brand = base["is_brand"].to_numpy(dtype=bool)
    authors = base["author_id"].astype(str).to_numpy(dtype=object)
    group = f"~{i % author_groups}"
    return base.assign(
        post_id=base["post_id"] + suffix,
        in_reply_to=base["in_reply_to"].where(base["in_reply_to"].isna(), base["in_reply_to"] + suffix),
        author_id=pd.Series(np.where(brand, authors, authors + group), index=base.index, dtype="str"),
        created_at=base["created_at"] + shift,
    )


def write_scaled(n: int, out_dir: str | Path, rows_per_file: int = 1_000_000, seeds: int = 4,
                 seed: int = 20260302, author_groups: int = 50) -> list[Path]:
    """Write ``n`` synthetic mentions as ``part-00000.parquet``, … of about ``rows_per_file`` rows
    (whole copies of a pool sample) into ``out_dir``, plus ``scale.json`` saying how they were made.
    Returns the Parquet files. Deterministic for given arguments."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    pool = sample_pool(seeds, seed)
    files: list[Path] = []
    buf: list[pd.DataFrame] = []
    rows = written = i = 0
    while written + rows < n:
        c = scaled_copy(pool, i, author_groups)
        c = c.iloc[: n - written - rows]
        buf.append(c)
        rows += len(c)
        i += 1
        if rows >= rows_per_file or written + rows >= n:
            path = out / f"part-{len(files):05d}.parquet"
            pd.concat(buf, ignore_index=True).to_parquet(path, index=False)
            files.append(path)
            written += rows
            buf, rows = [], 0
    (out / "scale.json").write_text(json.dumps({
        "rows": written, "files": len(files), "rows_per_file": rows_per_file, "copies": i, "seeds": seeds,
        "seed": seed, "author_groups": author_groups, "synthetic": True,
        "made_by": "scrm_lib.samples.scale.write_scaled (copies of scrm_lib.samples.mentions.build_mentions samples)",
    }, indent=2) + "\n", encoding="utf-8")
    return files
