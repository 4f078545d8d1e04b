"""The social media audit (the course's final assignment, DOMAIN.md §1) as pure functions.

How well does a brand engage customers (does it solve their problems?), how many channels does it
run and are they alive or abandoned, and how do its properties integrate? This module measures
what only an audit needs — presence and cadence per channel, engagement on the brand's own posts,
cross-channel integration — and grades every dimension on a documented **scorecard** whose
thresholds are data (``scrm_lib/rules/audit_thresholds.yaml`` or the user's copy). Response
times, sentiment and share of voice come from :mod:`scrm_lib.listening`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scrm_lib.config import relative_to_root, resolve_path
from scrm_lib.errors import ParamsError

DEFAULT_THRESHOLDS: Path = Path(__file__).parent / "rules" / "audit_thresholds.yaml"
GRADES: tuple[str, ...] = ("A", "B", "C", "D")
_HASHTAG = re.compile(r"#\w+")
_URL = re.compile(r"https?://[^\s<>\"']+")


# --------------------------------------------------------------------------------------------
# Presence, cadence, owned engagement, integration
# --------------------------------------------------------------------------------------------
def _owned(df: pd.DataFrame, brand: str) -> pd.DataFrame:
    if "is_brand" not in df.columns:
        return df.iloc[0:0]
    return df.loc[df["is_brand"].fillna(False).astype(bool) & (df["brand"] == brand)]


def channel_presence(
    df: pd.DataFrame,
    brand: str,
    as_of: pd.Timestamp | None = None,
    alive_days: int = 14,
    abandoned_days: int = 45,
) -> pd.DataFrame:
    """Per channel: is the brand there, and is the property alive, dormant or abandoned?

    For every channel where the brand posts or is mentioned: the brand's own posts (proactive =
    not a reply, replies = ``in_reply_to`` set), first and last post, days since the last post
    (at ``as_of``, default the last timestamp in the data), posts per week over the observed span,
    the median gap in days between proactive posts, customer mentions, and ``status``:

    - ``alive``: a brand post within ``alive_days``;
    - ``dormant``: the last one between ``alive_days`` and ``abandoned_days`` ago;
    - ``abandoned``: nothing for ``abandoned_days`` or more;
    - ``absent``: customers talk about the brand there, the brand never posts.
    """
    as_of = as_of if as_of is not None else df["created_at"].max()
    span_weeks = max((df["created_at"].max() - df["created_at"].min()).total_seconds() / (7 * 86400), 1 / 7)
    owned = _owned(df, brand)
    is_reply = owned["in_reply_to"].notna() if "in_reply_to" in owned.columns else pd.Series(False, index=owned.index)
    customers = df.loc[(df["brand"] == brand) & ~df.index.isin(owned.index)]
    channels = sorted(set(owned["channel"]) | set(customers["channel"]))
    rows = []
    for ch in channels:
        o = owned.loc[owned["channel"] == ch]
        pro = o.loc[~is_reply.reindex(o.index, fill_value=False)]
        mentions = int((customers["channel"] == ch).sum())
        if o.empty:
            rows.append({"channel": ch, "brand_posts": 0, "proactive_posts": 0, "replies": 0, "first_post": pd.NaT,
                         "last_post": pd.NaT, "days_since_last_post": np.nan, "posts_per_week": 0.0,
                         "median_gap_days": np.nan, "customer_mentions": mentions, "status": "absent"})
            continue
        last = o["created_at"].max()
        days_since = (as_of - last).total_seconds() / 86400
        gaps = pro["created_at"].sort_values().diff().dt.total_seconds().div(86400).dropna()
        status = "alive" if days_since <= alive_days else ("dormant" if days_since < abandoned_days else "abandoned")
        rows.append({
            "channel": ch, "brand_posts": len(o), "proactive_posts": len(pro), "replies": int(len(o) - len(pro)),
            "first_post": o["created_at"].min(), "last_post": last, "days_since_last_post": round(days_since, 1),
            "posts_per_week": round(len(pro) / span_weeks, 2),
            "median_gap_days": round(float(gaps.median()), 2) if len(gaps) else np.nan,
            "customer_mentions": mentions, "status": status,
        })
    return pd.DataFrame(rows)


def owned_engagement(df: pd.DataFrame, brands: list[str] | None = None) -> pd.DataFrame:
    """Interactions per proactive brand post, per brand and channel.

    interactions = likes + shares + replies (missing counts as 0); only the brands' own posts that
    are not replies count. Returns ``brand, channel, posts, interactions, per_post``.
    """
    if "is_brand" not in df.columns:
        return pd.DataFrame(columns=["brand", "channel", "posts", "interactions", "per_post"])
    own = df.loc[df["is_brand"].fillna(False).astype(bool)]
    if "in_reply_to" in own.columns:
        own = own.loc[own["in_reply_to"].isna()]
    if brands is not None:
        own = own.loc[own["brand"].isin(brands)]
    inter = sum((own[c].astype("Float64").fillna(0) for c in ("likes", "shares", "replies") if c in own.columns),
                start=pd.Series(0.0, index=own.index))
    g = pd.DataFrame({"brand": own["brand"], "channel": own["channel"], "i": inter.astype(float)}).groupby(["brand", "channel"])
    out = g["i"].agg(posts="size", interactions="sum").reset_index()
    out["per_post"] = (out["interactions"] / out["posts"]).round(2)
    return out


def integration(df: pd.DataFrame, brand: str) -> dict[str, Any]:
    """Cross-channel integration of the brand's own properties, from the data.

    - campaigns: hashtags the brand itself uses, and on how many of its channels each appears;
    - links: URLs the brand posts, and on how many channels each appears (the same landing page
      promoted across properties is integration; cross-links between its own profiles too);
    - ``integration_score`` = share of those hashtags and URLs that appear on two or more channels
      (``None`` when the brand posts no hashtag or link).
    """
    own = _owned(df, brand)
    text = own["text"].fillna("").astype(str)
    tags = text.str.findall(_HASHTAG).explode().dropna().str.lower()
    tag_channels = pd.DataFrame({"tag": tags, "channel": own.loc[tags.index, "channel"]}).drop_duplicates()
    campaigns = tag_channels.groupby("tag")["channel"].agg(lambda s: sorted(set(s))).rename("channels").reset_index()
    campaigns["n_channels"] = campaigns["channels"].str.len()
    url_text = text + " " + (own["url"].fillna("").astype(str) if "url" in own.columns else "")
    urls = url_text.str.findall(_URL).explode().dropna().str.rstrip(".,)")
    # Normalise to host + path so the same landing page is recognised across channels.
    urls = urls.str.replace(r"^https?://(www\.)?", "", regex=True).str.split("?").str[0]
    link_channels = pd.DataFrame({"link": urls, "channel": own.loc[urls.index, "channel"]}).drop_duplicates()
    links = link_channels.groupby("link")["channel"].agg(lambda s: sorted(set(s))).rename("channels").reset_index()
    links["n_channels"] = links["channels"].str.len()
    # Per-post URLs (a profile's own permalink) say nothing about integration: keep links seen twice+.
    counts = urls.value_counts()
    links = links.loc[links["link"].map(counts) >= 2]
    items = pd.concat([campaigns["n_channels"], links["n_channels"]])
    score = float((items >= 2).mean()) if len(items) else None
    return {
        "campaigns": campaigns.sort_values(["n_channels", "tag"], ascending=[False, True]).reset_index(drop=True),
        "links": links.sort_values(["n_channels", "link"], ascending=[False, True]).reset_index(drop=True),
        "integration_score": score,
    }


# --------------------------------------------------------------------------------------------
# The scorecard
# --------------------------------------------------------------------------------------------
class Dimension(BaseModel):
    """One graded dimension of the scorecard."""

    model_config = ConfigDict(extra="forbid", strict=True)

    label: str
    metric: str
    description: str
    direction: Literal["higher", "lower"]
    thresholds: dict[Literal["A", "B", "C", "D"], float]

    @model_validator(mode="after")
    def _ordered(self) -> Dimension:
        if set(self.thresholds) != set(GRADES):
            raise ValueError("thresholds need exactly the grades A, B, C, D")
        vals = [self.thresholds[g] for g in GRADES]
        ok = all(a >= b for a, b in zip(vals, vals[1:])) if self.direction == "higher" else all(a <= b for a, b in zip(vals, vals[1:]))
        if not ok:
            raise ValueError(f"thresholds must be monotone from A to D for direction '{self.direction}': {vals}")
        return self


class Thresholds(BaseModel):
    """The whole scorecard definition."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    dimensions: dict[str, Dimension] = Field(min_length=1)


def load_thresholds(path: str | Path | None = None) -> Thresholds:
    """Read and validate a scorecard thresholds YAML (the default when ``path`` is None)."""
    p = DEFAULT_THRESHOLDS if path is None else resolve_path(path)
    shown = relative_to_root(p)
    if not p.is_file():
        raise ParamsError(shown, ["thresholds file not found"])
    try:
        return Thresholds.model_validate(yaml.safe_load(p.read_text(encoding="utf-8-sig")))
    except yaml.YAMLError as exc:
        raise ParamsError(shown, [f"not valid YAML ({exc})"]) from None
    except ValidationError as exc:
        raise ParamsError(shown, [f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()]) from None


def grade(value: float | None, dim: Dimension) -> str:
    """The grade of ``value`` on ``dim``: A–D by the thresholds, F below D, ``n/a`` without data."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    for g in GRADES:
        t = dim.thresholds[g]
        if (dim.direction == "higher" and value >= t) or (dim.direction == "lower" and value <= t):
            return g
    return "F"


def scorecard(metrics: dict[str, float | None], evidence: dict[str, str] | None = None,
              thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Grade every dimension from ``metrics`` (metric name → value) with its evidence.

    Returns one row per dimension: ``dimension, label, metric, value, grade, rule, evidence``,
    where ``rule`` spells out the thresholds used, so every grade can be checked by hand.
    """
    thresholds = thresholds or load_thresholds()
    evidence = evidence or {}
    rows = []
    for key, dim in thresholds.dimensions.items():
        value = metrics.get(dim.metric)
        op = "≥" if dim.direction == "higher" else "≤"
        rule = ", ".join(f"{g} {op} {dim.thresholds[g]:g}" for g in GRADES) + ", else F"
        rows.append({
            "dimension": key, "label": dim.label, "metric": dim.metric,
            "value": None if value is None else round(float(value), 3),
            "grade": grade(value, dim), "rule": rule,
            "evidence": evidence.get(dim.metric, dim.description if value is not None else "no data for this metric"),
        })
    return pd.DataFrame(rows)


_ADVICE = {
    "presence": "Revive or formally close the {weak} channel(s): an abandoned property tells customers nobody is listening.",
    "responsiveness": "Answer more of the customers who address you: only {value:.0%} got a reply.",
    "response_time": "Cut the time to first response (median {value:,.0f} min): staff peak hours and use canned first replies for known issues.",
    "sla": "Only {value:.0%} of customer posts were answered within the SLA: set up routing and alerts (see the ARM triage notebook).",
    "engagement": "Brand posts get {value:.2f}× the competitors' engagement: post content people share (session 2), fewer pure promotions.",
    "sentiment": "Net sentiment is {value:+.2f}: find the root causes of the negative conversation (macro clusters) and fix them at the source.",
    "share_of_voice": "Share of voice is {value:.2f}× a fair share: the conversation is elsewhere — listen where competitors are talked about.",
    "integration": "Only {value:.0%} of campaigns/links run on two or more channels: connect the properties (same campaign, cross-links).",
}


def recommendations(card: pd.DataFrame, weak_channels: list[str] | None = None, worst: int = 4) -> list[str]:
    """Recommendations generated from the scorecard: the ``worst`` graded dimensions at C or below."""
    order = {"F": 0, "D": 1, "C": 2}
    weak = card.loc[card["grade"].isin(list(order))].copy()
    weak["o"] = weak["grade"].map(order)
    out = []
    for _, row in weak.sort_values(["o", "dimension"]).head(worst).iterrows():
        text = _ADVICE.get(row["dimension"])
        if text is None:
            continue
        out.append(f"{row['label']} ({row['grade']}): " + text.format(value=row["value"], weak=", ".join(weak_channels or []) or "weak"))
    return out
