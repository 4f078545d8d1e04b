"""The course notebooks' figures: each is a Figure with a title and labelled axes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from scrm_lib.metrics import advocates, audit, triage  # noqa: E402
from scrm_lib.reports.viz import advocates as va  # noqa: E402
from scrm_lib.reports.viz import audit as vau  # noqa: E402
from scrm_lib.reports.viz import triage as vt  # noqa: E402

rng = np.random.default_rng(0)
N = 400
T0 = pd.Timestamp("2026-03-02", tz="UTC")
DF = pd.DataFrame({
    "post_id": [f"p{i}" for i in range(N)],
    "created_at": T0 + pd.to_timedelta(np.sort(rng.uniform(0, 60 * 24 * 60, N)), unit="min"),
    "brand": rng.choice(["Acme", "Globex"], N),
    "channel": rng.choice(["twitter", "facebook"], N),
    "author_id": rng.choice([f"a{i}" for i in range(40)], N),
    "author_followers": rng.integers(10, 30_000, N),
    "text": rng.choice(["bill wrong again #fail", "love it", "app login broken error", "which plan should I get?"], N),
    "sentiment": rng.choice(["negative", "neutral", "positive"], N),
    "trait": rng.choice(list(triage.TRAITS), N),
    "likes": rng.integers(0, 50, N), "shares": rng.integers(0, 5, N), "replies": rng.integers(0, 3, N),
    "is_brand": rng.random(N) < 0.2,
})
DF["in_reply_to"] = [DF["post_id"].iloc[i - 1] if b and i % 2 else None for i, b in enumerate(DF["is_brand"])]
DF.loc[DF["is_brand"], "author_id"] = DF.loc[DF["is_brand"], "brand"]


def _check(fig: Figure) -> None:
    assert isinstance(fig, Figure)
    axes = [a for a in fig.axes if a.get_label() != "<colorbar>"]
    assert fig._suptitle is not None or any(a.get_title() for a in axes)
    for a in axes:
        if a.get_xlabel() or a.get_ylabel():
            continue
        if a.get_subplotspec() is not None and a.get_title():  # a panel of a titled grid must still label one axis
            pytest.fail(f"panel {a.get_title()!r} has no axis label")
    plt.close(fig)


def test_triage_figures() -> None:
    routed = triage.route(DF)
    _check(vt.plot_actions_per_day(triage.actions_per_day(routed), title="t"))
    _check(vt.plot_traits_by_sentiment(pd.crosstab(DF["trait"], DF["sentiment"]), title="t", note="synthetic"))
    posts, clusters = triage.complaint_clusters(DF, n_clusters=3, min_size=2)
    _check(vt.plot_cluster_timeline(posts, clusters, title="t"))
    ip, issues = triage.complaint_issues(DF, min_posts=5, min_concentration=0.1)
    _check(vt.plot_issue_timeline(ip, issues, title="t"))
    levels = triage.crisis_protocol(triage.rolling_crisis_signals(DF, step="6h"))
    _check(vt.plot_crisis_levels(levels, "Acme", title="t"))


def test_audit_figures() -> None:
    presence = audit.channel_presence(DF, "Acme")
    _check(vau.plot_channel_activity(audit.owned_activity(DF, "Acme"), presence, title="t"))
    _check(vau.plot_engagement_per_post(audit.owned_engagement(DF), "Acme", title="t"))
    _check(vau.plot_response_times(audit.first_responses(DF, ["Acme", "Globex"]), 60, title="t", order=["Acme", "Globex"]))
    _check(vau.plot_share_of_voice(audit.share_of_voice(DF, ["Acme", "Globex"], freq="W"), "Acme", title="t"))
    _check(vau.plot_scorecard(audit.scorecard({"reply_rate": 0.5}), title="t"))


def test_advocate_figures() -> None:
    roles = advocates.author_roles(DF, "Acme", min_positive=2)
    _check(va.plot_reach_vs_advocacy(roles, 10_000, title="t"))
    m = advocates.program_metrics(DF, "Acme", min_positive=2)
    _check(va.plot_program_metrics(m, advocates.followup_satisfaction(DF, "Acme"), title="t"))
