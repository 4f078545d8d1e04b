"""SYNTHETIC activity of the sample brand's online community (``scrm samples community``).

Writes ``community_activity.csv``: one row per member and week in which the member did
anything (read, posted, replied, shared), for the fictional carrier ``Nimbus``'s community over
the 17 weeks of the mentions sample (from Monday 2026-03-02). Columns are the activity table of
:mod:`scrm_lib.analysis.community` plus ``synthetic_member_type`` (the type the generator gave the member
that week — the reference the member-type rule is checked against) and ``provenance`` =
``synthetic`` on every row. No real people: every number is drawn from the seeded generator.

The story (all draws from one ``numpy.random.default_rng(seed)`` stream, fixed order):

* **Members** join over the weeks (a launch cohort, then steady growth) as one of Sarner's four
  types (Gartner, DOMAIN.md §7b) with the mix :data:`JOIN_MIX`; each week a member leaves with
  probability :data:`WEEKLY_CHURN`.
* **Behaviour** per type and week is Poisson with the rates of :data:`RATES` (views, original
  posts, replies in others' threads, shares, follow-ups in their own threads); each post, reply or
  share is reward-driven with the type's probability (:data:`REWARD_PROB`).
* **A contest** in weeks :data:`CONTEST_WEEKS` brings a wave of opportunists who join for it,
  post for the prize and mostly drift away after it.
* **A welcome programme** from week :data:`WELCOME_WEEK` turns some lurkers into contributors
  (:data:`LURKER_CONVERSION` per week), so the mix changes over time.

Every rate and share here is invented for the demonstration (the readings give none).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FILENAME = "community_activity.csv"
START = pd.Timestamp("2026-03-02")  # a Monday, as the mentions sample
N_WEEKS = 17
#: Members in the launch cohort and new members per later week (mean of a Poisson draw).
LAUNCH_MEMBERS = 120
NEW_PER_WEEK = 14.0
#: Type mix of joining members (synthetic: invented for the demonstration).
JOIN_MIX: dict[str, float] = {"creator": 0.07, "contributor": 0.23, "opportunist": 0.12, "lurker": 0.58}
WEEKLY_CHURN = 0.02
#: Poisson rates per week: views, original_posts, replies, shares, follow_ups.
RATES: dict[str, tuple[float, float, float, float, float]] = {
    "creator": (25.0, 1.4, 0.4, 0.3, 0.6),
    "contributor": (18.0, 0.1, 1.3, 0.6, 0.1),
    "opportunist": (5.0, 0.15, 0.2, 0.15, 0.05),
    "lurker": (9.0, 0.002, 0.003, 0.003, 0.0),
}
#: Opportunists' rates during the contest (they take part for the prize).
CONTEST_RATES: tuple[float, float, float, float, float] = (8.0, 0.7, 0.3, 1.0, 0.1)
REWARD_PROB: dict[str, float] = {"creator": 0.05, "contributor": 0.05, "opportunist": 0.85, "lurker": 0.1}
CONTEST_WEEKS: tuple[int, ...] = (10, 11)
CONTEST_JOINERS = 45.0
#: After the contest, an opportunist who joined for it leaves with this probability per week.
CONTEST_DRIFT = 0.35
WELCOME_WEEK = 6
LURKER_CONVERSION = 0.02
COUNTS = ("views", "original_posts", "replies", "shares", "follow_ups")


def simulate(seed: int) -> pd.DataFrame:
    """The synthetic community activity table (see the module docstring), sorted by week and member."""
    rng = np.random.default_rng(seed)
    types = list(JOIN_MIX)
    probs = np.array(list(JOIN_MIX.values()))
    members: list[dict[str, object]] = []

    def join(n: int, week: int, kind: str | None = None, contest: bool = False) -> None:
        drawn = [kind] * n if kind else list(rng.choice(types, size=n, p=probs / probs.sum()))
        for t in drawn:
            members.append({"id": f"m{len(members) + 1:04d}", "type": str(t), "active": True, "contest": contest})

    rows: list[tuple[object, ...]] = []
    for week in range(N_WEEKS):
        join(LAUNCH_MEMBERS if week == 0 else int(rng.poisson(NEW_PER_WEEK)), week)
        if week in CONTEST_WEEKS:
            join(int(rng.poisson(CONTEST_JOINERS / len(CONTEST_WEEKS))), week, kind="opportunist", contest=True)
        period = (START + pd.Timedelta(weeks=week)).date().isoformat()
        for m in members:
            if not m["active"]:
                continue
            leave_p = CONTEST_DRIFT if (m["contest"] and week > max(CONTEST_WEEKS)) else WEEKLY_CHURN
            if rng.random() < leave_p:
                m["active"] = False
                continue
            if m["type"] == "lurker" and week >= WELCOME_WEEK and rng.random() < LURKER_CONVERSION:
                m["type"] = "contributor"
            t = str(m["type"])
            rates = CONTEST_RATES if (t == "opportunist" and week in CONTEST_WEEKS) else RATES[t]
            counts = rng.poisson(rates)
            acts = int(counts[1] + counts[2] + counts[3])
            reward = int(rng.binomial(acts, REWARD_PROB[t])) if acts else 0
            if counts.sum() == 0:
                continue
            rows.append((m["id"], period, *(int(c) for c in counts), reward, t))
    out = pd.DataFrame(rows, columns=["member_id", "period", *COUNTS, "reward_actions", "synthetic_member_type"])
    out["provenance"] = "synthetic"
    return out.sort_values(["period", "member_id"], kind="stable").reset_index(drop=True)


def generate(out_dir: Path, seed: int) -> list[Path]:
    """Write ``community_activity.csv`` into ``out_dir`` (byte-identical for the same seed)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / FILENAME
    simulate(seed).to_csv(path, index=False, lineterminator="\n", encoding="utf-8")
    return [path]
