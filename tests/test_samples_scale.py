"""The N-mention generator of the scaling benchmark (scrm_lib.samples.scale, issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from scrm_lib import metrics as L
from scrm_lib.metrics import aggregates as A
from scrm_lib.samples.scale import COLUMNS, sample_pool, scaled_copy, write_scaled

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def pool() -> list[pd.DataFrame]:
    return sample_pool(seeds=1)


def test_copies_keep_the_sample_distributions_and_links(pool: list[pd.DataFrame]) -> None:
    base, c = pool[0], scaled_copy(pool, 7)
    assert list(c.columns) == list(COLUMNS) and len(c) == len(base)
    assert c["post_id"].str.endswith("-7").all() and c["post_id"].is_unique
    replies = c["in_reply_to"].notna()
    assert c.loc[replies, "in_reply_to"].isin(set(c["post_id"])).mean() == pytest.approx(
        base.loc[replies, "in_reply_to"].isin(set(base["post_id"])).mean())
    assert (c["created_at"] - base["created_at"]).eq(pd.Timedelta(minutes=7)).all()
    brand = base["is_brand"].to_numpy(dtype=bool)
    assert (c.loc[brand, "author_id"] == base.loc[brand, "author_id"]).all()
    assert not (c.loc[~brand, "author_id"] == base.loc[~brand, "author_id"]).any()
    # same per-brand sentiment mix and reply delays as the sample it copies
    for frame in (base, c):
        frame.attrs = {}
    pd.testing.assert_frame_equal(A.sentiment().compute(c), A.sentiment().compute(base))
    rt_c, rt_b = A.response_times().compute(c), A.response_times().compute(base)
    assert rt_c["median_min"].tolist() == pytest.approx(rt_b["median_min"].tolist())


def test_write_scaled_parts(tmp_path: Path) -> None:
    files = write_scaled(50_000, tmp_path, rows_per_file=30_000, seeds=1)
    frames = [pd.read_parquet(f) for f in files]
    assert sum(len(f) for f in frames) == 50_000 and len(files) == 2
    meta = json.loads((tmp_path / "scale.json").read_text(encoding="utf-8"))
    assert meta["rows"] == 50_000 and meta["synthetic"] is True
    loaded = L.load_sources(files)  # valid canonical mentions, no post in two files
    assert len(loaded) == 50_000
