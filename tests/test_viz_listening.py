"""scrm_lib.reports.viz.listening: every figure is titled with labelled axes, on normal and awkward
inputs (one brand, no spikes, no follower counts); tables escape user text."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from scrm_lib import metrics as L  # noqa: E402
from scrm_lib.data.schemas import mentions as schema  # noqa: E402
from scrm_lib.reports.viz import listening as V  # noqa: E402


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    n = 900
    day = rng.integers(0, 60, n)
    day[:120] = 45  # a burst
    df = pd.DataFrame({
        "post_id": [f"p{i}" for i in range(n)],
        "created_at": pd.Timestamp("2026-03-02", tz="UTC") + pd.to_timedelta(day * 86400 + rng.integers(0, 86400, n), unit="s"),
        "channel": rng.choice(["twitter", "facebook", "forum"], n), "brand": rng.choice(["Acme", "Globex", "<b>X</b>"], n),
        "author_id": [f"u{i}" for i in rng.integers(0, 200, n)], "text": rng.choice(["great phone", "outage again", "bill wrong"], n),
        "author_followers": rng.integers(1, 50_000, n), "likes": rng.integers(0, 20, n),
        "sentiment": rng.choice(["negative", "neutral", "positive"], n),
    })
    replies = df.iloc[:100].assign(post_id=[f"r{i}" for i in range(100)], in_reply_to=df["post_id"].iloc[:100].to_numpy(),
                                   is_brand=True, author_id="Care",
                                   created_at=df["created_at"].iloc[:100] + pd.Timedelta(minutes=30))
    return schema.validate_frame(pd.concat([df, replies], ignore_index=True), source="<viz test>")


def _check(fig) -> None:
    ax = fig.axes[0]
    assert ax.get_title(), "figure has a title"
    assert ax.get_xlabel() and ax.get_ylabel(), "both axes labelled"
    plt.close(fig)


def test_every_plot_is_titled_and_labelled(posts: pd.DataFrame) -> None:
    conv = L.earned(posts)
    spikes, scan = L.detect_spikes_by(conv, freq="D", window=14, min_periods=7)
    assert len(spikes)
    _check(V.plot_volume(L.volume(conv, "W", by="brand"), spikes=spikes, focal="Acme", note="synthetic"))
    _check(V.plot_share_of_voice(L.share_of_voice(conv), focal="Acme"))
    _check(V.plot_share_of_voice(L.share_of_voice(conv, within="channel"), within="channel"))
    _check(V.plot_share_of_voice(L.share_of_voice(conv, freq="W"), within="period"))
    _check(V.plot_sentiment_mix(L.sentiment_summary(conv)))
    _check(V.plot_net_sentiment_over_time(L.sentiment_summary(conv, freq="W"), focal="Acme", spikes=spikes))
    brand = spikes["brand"].iloc[0]
    _check(V.plot_spike_scan(scan.loc[scan["brand"] == brand], spikes.loc[spikes["brand"] == brand]))
    _check(V.plot_influencers_advocates(L.influencers_vs_advocates(conv, advocate_min_mentions=2), 10_000, 2))
    _check(V.plot_themes(L.themes(conv, "Acme", min_count=1)))
    _check(V.plot_category_shares(L.category_shares(conv, "text"), "text"))
    _check(V.plot_response_times(L.response_times(posts, by="brand").dropna(subset=["median_min"]), sla_minutes=60))


def test_plots_cope_with_one_brand_and_no_spikes(posts: pd.DataFrame) -> None:
    one = L.earned(posts).loc[lambda d: d["brand"] == "Acme"]
    spikes, scan = L.detect_spikes_by(one, freq="D", window=14, sensitivity=100)
    assert spikes.empty
    _check(V.plot_spike_scan(scan, spikes))
    _check(V.plot_volume(L.volume(one, "D", by="brand"), spikes=spikes))
    _check(V.plot_sentiment_mix(L.sentiment_summary(one)))


def test_table_escapes_cells_index_and_caption() -> None:
    df = pd.DataFrame({"text": ["<script>alert(1)</script>"], "share": [0.5]}, index=pd.Index(["<b>Evil</b>"], name="brand"))
    html = V.table(df, {"share": "{:.0%}"}, caption="About <i>x</i>").to_html()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>Evil</b>" not in html and "&lt;b&gt;Evil&lt;/b&gt;" in html
    assert "<i>x</i>" not in html and "50%" in html


_NETWORK_SCRIPT = """
import matplotlib; matplotlib.use("Agg")
import json, pandas as pd
from scrm_lib import metrics as L
from scrm_lib.reports.viz import listening as V
rows = []
for i in range(40):  # a hub with many equal-weight neighbours: the order of ties decides the layout
    rows.append({"created_at": "2026-03-02T10:00:00Z", "author_id": f"u{i}", "text": "@hub @side%d hello" % (i % 7)})
df = pd.DataFrame(rows).assign(post_id=[f"p{i}" for i in range(len(rows))], brand="Acme", channel="twitter")
from scrm_lib.data.schemas import mentions as schema
G = L.interaction_graph(schema.validate_frame(df, source="<net>"))
fig = V.plot_network(G, L.network_summary(G, top=5).assign(role="other"), max_nodes=12)
print(json.dumps(sorted(t.get_text() for t in fig.axes[0].texts)
                 + [[round(float(v), 6) for v in xy] for xy in fig.axes[0].collections[0].get_offsets()]))
"""


@pytest.mark.parametrize("seeds", [("1", "2")])
def test_plot_network_lays_out_the_same_whatever_the_hash_seed(seeds: tuple[str, str]) -> None:
    import os
    import subprocess
    import sys

    out = []
    for seed in seeds:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out.append(subprocess.run([sys.executable, "-c", _NETWORK_SCRIPT], env=env, capture_output=True,
                                  text=True, check=True).stdout)
    assert out[0] == out[1] and len(out[0]) > 50
