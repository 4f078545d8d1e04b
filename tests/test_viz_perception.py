"""Perception plots: each returns a titled Figure with labelled axes, and marks what it should."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from scrm_lib.analysis import perception as pc  # noqa: E402
from scrm_lib.reports.viz import perception as vp  # noqa: E402

G = ("consumer", "executive")
L = ("Consumers", "Executives")


@pytest.fixture(scope="module")
def sample(samples_dir):
    return pc.read_survey(samples_dir / "survey_ibm2011_synthetic.csv")


@pytest.fixture(scope="module")
def binary(sample):
    return sample[sample["item"] != "advocacy"]


def _titled(fig):
    title = fig._suptitle.get_text() if fig._suptitle else ""
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert title or any(titles)
    return title + " ".join(titles)


def test_dumbbell_sorted_by_gap_with_published_legend(binary):
    t = pc.gap_table(pc.item_counts(binary, G), G)
    fig = vp.dumbbell(t, L, {"community": "Community"}, {("consumer", "community")}, G)
    ax, ax2 = fig.axes
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels[-1] == "Community" and labels[0] == "discounts"  # top = largest gap
    assert ax.get_xlabel() and ax2.get_xlabel() and "Newcombe" in ax2.get_xlabel()
    legend = [x.get_text() for x in fig.legends[0].get_texts()]
    assert "published figure" in legend and "synthetic" in legend
    _titled(fig)
    plt.close(fig)


def test_rank_slope_highlights_reversals(binary):
    r = pc.item_ranks(pc.item_counts(binary, G), G)
    fig = vp.rank_slope(r, pc.rank_reversals(r, 2), L)
    assert "2 items" in fig.axes[0].get_title()
    red = [ln for ln in fig.axes[0].lines if ln.get_color() == vp.COLOR_REVERSAL]
    assert len(red) == 2
    assert fig.axes[0].get_xlabel()
    plt.close(fig)


def test_likert_diverging_centres_neutral(sample):
    s = pc.likert_summary(sample, "advocacy", G)
    fig = vp.likert_diverging({"advocacy": s}, notes={("advocacy", "executive"): "published: agree"})
    ax = fig.axes[0]
    first_bar = ax.patches[0]  # consumer disagree starts left of zero by disagree + neutral/2
    assert first_bar.get_x() == pytest.approx(-(s.loc["consumer", "disagree"] + s.loc["consumer", "neutral"] / 2))
    assert "published: agree" in ax.get_yticklabels()[1].get_text()
    assert ax.get_xlabel() and ax.get_title()
    plt.close(fig)


def test_participation_and_segment_plots(binary):
    fig = vp.participation({"Engaged authors": 5, "Casual participants": 75, "Silent observers": 20}, "IBM IBV 2011")
    assert fig.axes[0].get_xlabel() and fig.axes[0].get_title()
    assert any("Source: IBM IBV 2011" in t.get_text() for t in fig.texts)
    plt.close(fig)
    t = pc.gap_table(pc.item_counts(binary, G), G)
    seg = pc.segment_gaps(binary, G, "generation", ["discounts", "community"])
    het = pc.gap_heterogeneity(seg)
    fig = vp.segment_gaps(seg, t, L, "generation", heterogeneity=het, ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 2 and all(ax.get_xlabel() for ax in visible)
    assert "heterogeneity p_adj" in visible[0].get_title()
    plt.close(fig)


def test_safe_table_escapes_user_text():
    df = pd.DataFrame({"label": ["<script>x</script>"], "p": [0.5]}, index=["<b>i</b>"])
    html = vp.safe_table(df, {"p": "{:.0%}"}, caption="<i>c</i>").to_html()
    assert "<script>" not in html and "<b>i</b>" not in html and "<i>c</i>" not in html
    assert "50%" in html


def test_rank_slope_tied_items_share_one_label():
    r = pd.DataFrame({"item": ["a", "b", "c", "d"], "p_a": [0.9, 0.5, 0.5, 0.1], "p_b": [0.1, 0.2, 0.3, 0.4]})
    r["rank_a"] = r["p_a"].rank(ascending=False)
    r["rank_b"] = r["p_b"].rank(ascending=False)
    fig = vp.rank_slope(r, pc.rank_reversals(r, 1), L)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "b / c  2.5" in texts
    assert sum("2.5" in t for t in texts) == 1
    plt.close(fig)
