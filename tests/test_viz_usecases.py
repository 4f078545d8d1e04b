"""Tests of scrm_lib.reports.viz.usecases: every figure titled and labelled; quadrant labels never overlap."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.text import Annotation, Text  # noqa: E402

from scrm_lib.analysis import usecases as uc  # noqa: E402
from scrm_lib.analysis.maturity import assess  # noqa: E402
from scrm_lib.reports.viz import usecases as viz  # noqa: E402


@pytest.fixture(scope="module")
def published():
    return uc.published_use_cases()


def _labels(fig):
    return [t for t in fig.axes[0].texts if isinstance(t, Annotation)]


@pytest.mark.parametrize(
    "stage, goals, cuts, label",
    [
        ("developing", ["cut_support_cost", "grow_sales"], uc.QuadrantCuts(), "both"),
        ("initial", ["defend_brand"], uc.QuadrantCuts(), "both"),
        ("managed", ["grow_sales", "improve_experience"], uc.QuadrantCuts(demand=3.0, maturity=3.0), "both"),
        ("optimizing", [], uc.QuadrantCuts(demand=1.0, maturity=4.5), "name"),
        ("defined", ["innovate"], uc.QuadrantCuts(), "id"),
    ],
)
def test_quadrant_labels_all_present_inside_and_not_overlapping(published, stage, goals, cuts, label):
    ranked = uc.prioritise(published, stage=stage, goals=goals, cuts=cuts)
    fig = viz.quadrant_chart(ranked, cuts, label=label)
    ax = fig.axes[0]
    labels = _labels(fig)
    assert len(labels) == 18
    ids = set(ranked["id"])
    assert {t.get_text().split(" ")[0] for t in labels} == ids if label != "name" else True
    assert viz.label_overlaps(fig, labels) == []
    # Labels do not cover the quadrant names either.
    corner = [t for t in ax.texts if not isinstance(t, Annotation)]
    assert viz.label_overlaps(fig, labels + corner) == []
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    for t in labels:
        b = Text.get_window_extent(t, renderer)
        assert box.x0 - 1 <= b.x0 and b.x1 <= box.x1 + 1 and box.y0 - 1 <= b.y0 and b.y1 <= box.y1 + 1, t.get_text()
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)


def test_label_placement_is_deterministic(published):
    ranked = uc.prioritise(published, stage="defined", goals=["grow_sales"])
    pos = []
    for _ in range(2):
        fig = viz.quadrant_chart(ranked)
        pos.append([a.xyann for a in _labels(fig)])
        plt.close(fig)
    assert pos[0] == pos[1]


def test_place_labels_on_a_crowded_cluster():
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    x = 5 + 0.1 * np.cos(np.arange(8))
    y = 5 + 0.1 * np.sin(np.arange(8))
    ax.scatter(x, y)
    anns = viz.place_labels(ax, x, y, [f"label number {i}" for i in range(8)])
    assert viz.label_overlaps(fig, anns) == []
    plt.close(fig)


def test_other_figures_have_titles_and_axis_labels(published):
    plan = uc.build_plan(published, answers={"listening": "yes"}, goals=["grow_sales"], capacity=4)
    sens = uc.sensitivity(published, plan.fit_in_input_order(published), n_draws=300, seed=0)
    names = published.set_index("id")["name"]
    a = assess({"listening": "yes"})
    figs = [
        viz.roadmap_chart(plan.roadmap),
        viz.group_probability_heatmap(sens.group_probs, names),
        viz.rank_interval_chart(sens.summary(), names),
        viz.maturity_chart(a.stage_scores, a.stage, a.pass_mark),
    ]
    for fig in figs:
        ax = fig.axes[0]
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        plt.close(fig)
    # One bar per use case in the roadmap, starting at its wave.
    fig = viz.roadmap_chart(plan.roadmap)
    bars = fig.axes[0].patches
    assert len(bars) == 18
    assert sorted(b.get_x() for b in bars) == sorted(plan.roadmap["start_month"])
    plt.close(fig)
