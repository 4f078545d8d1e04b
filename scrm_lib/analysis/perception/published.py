"""Published figures (IBM IBV 2011): the items both groups' shares are published for, and which
cells of a targets table are published rather than synthetic."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def published_pairs(published: pd.DataFrame, groups: Sequence[str] = ("consumer", "executive")) -> pd.DataFrame:
    """Items of the published file (``ibm2011_published.csv``) with a percentage *and* N for both groups.

    Returns an aggregated survey frame (``group``, ``item``, ``n``, ``pct``, ``k``,
    ``source``) for the items where both groups' percentages are published and the
    base N is known: the consumer N is the overall consumer sample (row
    ``n_consumers``), the executive N the per-item N. Percentages published as
    rounded integers make ``k`` approximate (within half a point).
    """
    pub = published
    pct = pub[pub["statistic"] == "pct"]
    ns = pub[pub["statistic"] == "n"]
    out = []
    for item, g in pct.groupby("item", sort=False):
        if set(g["group"]) >= set(groups):
            row = {}
            for grp in groups:
                r = g[g["group"] == grp].iloc[0]
                n_item = ns[(ns["group"] == grp) & (ns["item"] == item)]
                n_all = ns[(ns["group"] == grp) & (ns["item"] == "all")]
                n = n_item["value"] if len(n_item) else n_all["value"]
                if len(n) == 0:
                    break
                nv = int(float(n.iloc[0]))
                pv = float(r["value"])
                row[grp] = dict(group=grp, item=item, n=nv, pct=pv, k=int(round(pv * nv / 100)), source=r["source"])
            else:
                out.extend(row[grp] for grp in groups)
    return pd.DataFrame(out, columns=["group", "item", "n", "pct", "k", "source"])


def cell_provenance(targets: pd.DataFrame, groups: Sequence[str]) -> dict[str, str]:
    """Per item of a targets table (``source`` starting ``published:`` or ``synthetic:``):
    ``"published"`` when both groups' figures are published, ``"partly published"``
    when one is, ``"synthetic"`` when none is."""
    out = {}
    t = targets[targets["group"].astype(str).isin(list(groups))]
    for item, g in t.groupby(t["item"].astype(str), sort=False):
        pub = g["source"].astype(str).str.startswith("published").sum()
        out[item] = "published" if pub >= len(groups) else ("partly published" if pub else "synthetic")
    return out


def published_cells(targets: pd.DataFrame) -> set[tuple[str, str]]:
    """``(group, item)`` pairs of a targets table whose figure is published."""
    pub = targets[targets["source"].astype(str).str.startswith("published")]
    return {(str(g), str(i)) for g, i in zip(pub["group"], pub["item"], strict=True)}


def likert_provenance(targets: pd.DataFrame, item: str, groups: Sequence[str]) -> dict[str, str]:
    """Per group, which levels of a Likert ``item`` are published in a targets table.

    Targets name a Likert level ``item:level`` (e.g. ``advocacy:agree``). Returns, per group,
    ``"published: agree, disagree"`` (the published levels) followed by ``"; synthetic: …"``
    when some levels are not published, or ``"synthetic"`` when none is.
    """
    out = {}
    for g in groups:
        src = targets[(targets["group"] == g) & targets["item"].astype(str).str.startswith(item + ":")]
        pub = [i.split(":")[1] for i, s in zip(src["item"], src["source"], strict=True) if str(s).startswith("published")]
        note = "published: " + ", ".join(pub) if pub else "synthetic"
        if pub and len(pub) < len(src):
            note += f"; synthetic: {', '.join(sorted(set(i.split(':')[1] for i in src['item']) - set(pub)))}"
        out[g] = note
    return out
