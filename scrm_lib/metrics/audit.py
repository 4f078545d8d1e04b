"""The social media audit (the course's final assignment, DOMAIN.md §1) as pure functions.

How well does a brand engage customers (does it solve their problems?), how many channels does it
run and are they alive or abandoned, and how do its properties integrate? This module measures
what only an audit needs — presence and cadence per channel, engagement on the brand's own posts,
cross-channel integration — and grades every dimension on a documented **scorecard** whose
thresholds are data (``scrm_lib/rules/audit_thresholds.yaml`` or the user's copy).

The generic listening measures come from :mod:`scrm_lib.metrics` (the home of the listening
metrics; one definition each). The functions here are the audit's *views* of them, with the
audit's column names and its own scope:

- :func:`customer_share_of_voice`, :func:`brand_net_sentiment`, :func:`conversation_mix`,
  :func:`owned_engagement` call :func:`scrm_lib.metrics.counts.share_of_voice`,
  :func:`~scrm_lib.metrics.sentiment.net_sentiment` (Talkwalker's formula),
  :func:`~scrm_lib.metrics.counts.category_shares` and :func:`~scrm_lib.metrics.counts.engagement`;
- :func:`thread_responses` chooses the audit's posts (thread starters on channels where the brand
  has an account, optionally some traits only) and takes the first reply from
  :func:`scrm_lib.metrics.responses.first_responses`; :func:`responsiveness` summarises with
  :func:`scrm_lib.metrics.responses.summarise_responses`;
- customer posts are :func:`scrm_lib.metrics.periods.earned`, the brand's own
  :func:`scrm_lib.metrics.periods.owned`.

Real data: :func:`scrm_lib.text.privacy.pseudonymise` (with ``keep=`` the brands' public accounts)
replaces author ids, post ids and ``@handles`` with salted hashes before anything is shown — the
same call and the same pseudonyms as the listening notebook.

The audit's names differ from the listening metrics' where the audit's scope does (its own
selection of posts, a scalar instead of a table): ``thread_responses``, ``customer_share_of_voice``
and ``brand_net_sentiment`` are views of ``first_responses``, ``share_of_voice`` and
``net_sentiment``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from scrm_lib.core.config import RULES_DIR
from scrm_lib.core.labels import SENTIMENT_LABELS
from scrm_lib.core.yamlio import read_yaml_model
from scrm_lib.metrics.counts import category_shares, engagement, share_of_voice
from scrm_lib.metrics.periods import earned, owned
from scrm_lib.metrics.responses import first_responses, summarise_responses
from scrm_lib.metrics.sentiment import net_sentiment, sentiment_counts

DEFAULT_THRESHOLDS: Path = RULES_DIR / "audit_thresholds.yaml"
GRADES: tuple[str, ...] = ("A", "B", "C", "D")
_HASHTAG = re.compile(r"#\w+")
_URL = re.compile(r"https?://[^\s<>\"']+")


# --------------------------------------------------------------------------------------------
# Presence, cadence, owned engagement, integration
# --------------------------------------------------------------------------------------------
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
    own_posts = owned(df, brand)
    is_reply = own_posts["in_reply_to"].notna() if "in_reply_to" in own_posts.columns else pd.Series(False, index=own_posts.index)
    customers = df.loc[(df["brand"] == brand) & ~df.index.isin(own_posts.index)]
    channels = sorted(set(own_posts["channel"]) | set(customers["channel"]))
    rows = []
    for ch in channels:
        o = own_posts.loc[own_posts["channel"] == ch]
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

    :func:`scrm_lib.metrics.counts.engagement` (interactions = likes + shares + replies, missing counts
    as 0) on the audit's scope: only the brands' own posts that are not replies. Returns
    ``brand, channel, posts, interactions`` (float), ``per_post`` (rounded to 2 decimals).
    """
    cols = ["brand", "channel", "posts", "interactions", "per_post"]
    own = owned(df)
    if "in_reply_to" in own.columns:
        own = own.loc[own["in_reply_to"].isna()]
    if brands is not None:
        own = own.loc[own["brand"].isin(brands)]
    if own.empty:
        return pd.DataFrame(columns=cols)
    out = engagement(own, by=["brand", "channel"])
    out["posts"] = out["posts"].astype("int64")
    out["interactions"] = out["interactions"].astype(float)
    out["per_post"] = (out["interactions"] / out["posts"]).round(2)
    return out[cols]


def integration(df: pd.DataFrame, brand: str) -> dict[str, Any]:
    """Cross-channel integration of the brand's own properties, from the data.

    - campaigns: hashtags the brand itself uses, and on how many of its channels each appears;
    - links: URLs the brand posts, and on how many channels each appears (the same landing page
      promoted across properties is integration; cross-links between its own profiles too);
    - ``integration_score`` = share of those hashtags and URLs that appear on two or more channels
      (``None`` when the brand posts no hashtag or link);
    - ``channels``: the channels the brand's own posts are on (:func:`integration_metric` does not
      grade integration when there are fewer than two).
    """
    own = owned(df, brand)
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
        "channels": sorted(set(own["channel"].astype(str))),
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
        ok = all(a >= b for a, b in zip(vals, vals[1:], strict=False)) if self.direction == "higher" else all(a <= b for a, b in zip(vals, vals[1:], strict=False))
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
    return read_yaml_model(DEFAULT_THRESHOLDS if path is None else path, Thresholds, "thresholds file")


def grade(value: float | None, dim: Dimension) -> str:
    """The grade of ``value`` on ``dim``: A–D by the thresholds, F below D, ``n/a`` without data."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "n/a"
    for g in GRADES:
        t = dim.thresholds[g]
        if (dim.direction == "higher" and value >= t) or (dim.direction == "lower" and value <= t):
            return g
    return "F"


#: What data would grade each dimension when it cannot be graded ("n/a"): said in the scorecard.
DATA_TO_GRADE: dict[str, str] = {
    "presence": "the brand's own posts on every channel it runs (exports of its accounts' timelines, is_brand rows), "
                "not one platform's data",
    "responsiveness": "the brand's replies to customers, linked by in_reply_to (threads: a platform export of mentions "
                      "and replies, or a data set such as Customer Support on Twitter)",
    "response_time": "the brand's replies with their time stamps, linked by in_reply_to to the customer posts",
    "sla": "the brand's replies with their time stamps, linked by in_reply_to to the customer posts",
    "engagement": "the brand's own proactive posts with like/share/reply counts, and the competitors' for comparison",
    "sentiment": "customer posts about the brand (sentiment scored by a model or labelled)",
    "share_of_voice": "customer posts about the brand and its competitors over the same period",
    "integration": "the brand's own posts on two or more channels (the hashtags and links it posts on each)",
}


def scorecard(metrics: dict[str, float | None], evidence: dict[str, str] | None = None,
              thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Grade every dimension from ``metrics`` (metric name → value) with its evidence.

    Returns one row per dimension: ``dimension, label, metric, value, grade, rule, evidence,
    to_grade``, where ``rule`` spells out the thresholds used, so every grade can be checked by
    hand, and ``to_grade`` says, for a dimension that cannot be graded (``n/a``), what data would
    grade it (:data:`DATA_TO_GRADE`; empty when graded).
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
            "to_grade": "" if value is not None else DATA_TO_GRADE.get(key, f"data for the metric {dim.metric}"),
        })
    return pd.DataFrame(rows)


#: Grade points of the overall grade (a grade-point average over the graded dimensions).
GRADE_POINTS: dict[str, float] = {"A": 4.0, "B": 3.0, "C": 2.0, "D": 1.0, "F": 0.0}


def overall_grade(card: pd.DataFrame) -> dict[str, Any]:
    """The overall grade of a :func:`scorecard`: the mean grade points (A 4, B 3, C 2, D 1, F 0) of
    the **graded** dimensions, rounded to the nearest grade (A ≥ 3.5, B ≥ 2.5, C ≥ 1.5, D ≥ 0.5,
    else F). Dimensions the data cannot grade (``n/a``) are left out, never counted as F.

    Returns ``grade`` (``"n/a"`` when nothing is graded), ``points`` (the mean, or ``None``),
    ``graded`` and ``dimensions`` (how many of how many) and ``not_graded`` (their labels).
    """
    graded = card.loc[card["grade"].isin(list(GRADE_POINTS))]
    label = card["label"] if "label" in card.columns else card["dimension"]
    not_graded = label.loc[~card["grade"].isin(list(GRADE_POINTS))].tolist()
    if graded.empty:
        return {"grade": "n/a", "points": None, "graded": 0, "dimensions": len(card), "not_graded": not_graded}
    points = float(graded["grade"].map(GRADE_POINTS).mean())
    grade_ = next((g for g, cut in (("A", 3.5), ("B", 2.5), ("C", 1.5), ("D", 0.5)) if points >= cut), "F")
    return {"grade": grade_, "points": round(points, 2), "graded": len(graded), "dimensions": len(card),
            "not_graded": not_graded}


_ADVICE = {
    "presence": "Revive or formally close the {weak} channel(s): an abandoned property tells customers nobody is ",
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


# --------------------------------------------------------------------------------------------
# Responsiveness, share of voice, conversation (the audit's own small listening measures)
# --------------------------------------------------------------------------------------------
def thread_responses(df: pd.DataFrame, brands: Sequence[str], traits: Sequence[str] | None = None) -> pd.DataFrame:
    """Every customer post that starts a thread on a channel where its brand has an account,
    with the brand's first reply.

    A brand "has an account" on a channel when it posted there at least once in ``df``. With
    ``traits`` (needs a ``trait`` column) only those posts count (e.g. the ones that ask for an
    answer). Returns ``post_id, brand, channel, created_at, answered, first_response_at,
    minutes`` (minutes to the first reply by the brand's own account; NaN when unanswered).

    The first reply is :func:`scrm_lib.metrics.responses.first_responses` (the earliest ``is_brand`` post
    of the same brand whose ``in_reply_to`` is the post). What differs is the audit's scope, by
    design: the listening table has every conversation post (follow-ups in a thread included, on
    any channel), the audit counts only thread starters where the brand could have answered.
    ``minutes`` is kept as computed even when negative (a reply time-stamped before its post),
    where the listening table sets ``delay_min`` to NaN and flags ``bad_timestamp``.
    """
    cols = ["post_id", "brand", "channel", "created_at", "answered", "first_response_at", "minutes"]
    if "is_brand" not in df.columns or "in_reply_to" not in df.columns:
        return pd.DataFrame(columns=cols)
    own = owned(df)
    own = own.loc[own["brand"].isin(list(brands))]
    present = set(zip(own["brand"], own["channel"], strict=True))
    cust = earned(df)
    cust = cust.loc[cust["brand"].isin(list(brands)) & cust["in_reply_to"].isna()]
    if traits is not None and "trait" in cust.columns:
        cust = cust.loc[cust["trait"].isin(list(traits))]
    on_owned = [(b, c) in present for b, c in zip(cust["brand"], cust["channel"], strict=True)]
    cust = cust.loc[on_owned]
    out = first_responses(pd.concat([cust, own.loc[own["in_reply_to"].notna()]]))
    out["minutes"] = (out["first_response_at"] - out["created_at"]).dt.total_seconds() / 60
    return out[cols].reset_index(drop=True)


def responsiveness(responses: pd.DataFrame, sla_minutes: float, by: str | Sequence[str] = "brand") -> pd.DataFrame:
    """Reply rate and time to first response per ``by`` group, against an SLA.

    :func:`scrm_lib.metrics.responses.summarise_responses` of the audit's :func:`thread_responses` table,
    with the audit's column names: ``customer_posts`` (listening: ``inbound``), ``answered``,
    ``reply_rate``, ``median_minutes``, ``p90_minutes`` (of answered posts), ``within_sla``
    (answered within ``sla_minutes``) and ``share_within_sla`` (listening: ``sla_share``; of all
    customer posts: an unanswered post missed the SLA).
    """
    keys = [by] if isinstance(by, str) else list(by)
    minutes = pd.to_numeric(responses["minutes"], errors="coerce").astype(float)
    out = summarise_responses(responses.assign(delay_min=minutes), sla_minutes, by=keys)
    out = out.rename(columns={"inbound": "customer_posts", "median_min": "median_minutes", "p90_min": "p90_minutes",
                              "sla_share": "share_within_sla"})
    return out[[*keys, "customer_posts", "answered", "reply_rate", "median_minutes", "p90_minutes",
                "within_sla", "share_within_sla"]]


def customer_share_of_voice(df: pd.DataFrame, brands: Sequence[str], by: str | None = None, freq: str | None = None) -> pd.DataFrame:
    """Customer posts about each of ``brands`` and their share (within each ``by`` group or period).

    ``by`` (e.g. ``"channel"``) or ``freq`` (e.g. ``"W"``: weekly, period start) split the
    counts; shares sum to 1 within a group. Only customer posts count (not the brands' own).
    Returns long format: ``[by,] [period,] brand, posts, share``, sorted by group and brand.

    :func:`scrm_lib.metrics.counts.share_of_voice` on the audit's brands (``posts`` is its
    ``mentions``, ``by`` its ``within``); ``period`` here is a naive UTC timestamp (the audit's
    figures use naive dates), ``freq`` any pandas period alias.
    """
    cust = earned(df)
    cust = cust.loc[cust["brand"].isin(list(brands))]
    if freq is not None:
        period = cust["created_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(freq).dt.start_time
        cust = cust.assign(period=period)
    groups = [*([by] if by is not None else []), *(["period"] if freq is not None else [])]
    out = share_of_voice(cust, by="brand", within=groups or None)
    out = out.rename(columns={"mentions": "posts"}).sort_values([*groups, "brand"], kind="mergesort")
    return out[[*groups, "brand", "posts", "share"]].reset_index(drop=True)


def conversation_mix(df: pd.DataFrame, brands: Sequence[str], column: str) -> pd.DataFrame:
    """Share of each value of ``column`` (``sentiment`` or ``trait``) in each brand's customer posts.

    Rows: brands (in the given order), columns: values, cells: shares summing to 1 per brand —
    :func:`scrm_lib.metrics.counts.category_shares` of the customer posts, as a brand × value table.
    """
    cust = earned(df)
    cust = cust.loc[cust["brand"].isin(list(brands))]
    shares = category_shares(cust, column, by="brand")
    tab = shares.pivot(index="brand", columns=column, values="share").fillna(0.0)
    return tab.reindex([b for b in brands if b in tab.index])


def _sentiment_counts(df: pd.DataFrame, brand: str) -> dict[str, int]:
    """Positive, neutral and negative customer posts about ``brand`` (:func:`scrm_lib.metrics.sentiment.sentiment_counts`)."""
    cust = earned(df)
    c = sentiment_counts(cust.loc[(cust["brand"] == brand).to_numpy()], by=None)
    return {k: int(c[k].iloc[0]) if len(c) else 0 for k in SENTIMENT_LABELS}


def brand_net_sentiment(df: pd.DataFrame, brand: str) -> float | None:
    """(positive − negative) ÷ (positive + negative) of the brand's customer posts (None if neither).

    :func:`scrm_lib.metrics.sentiment.net_sentiment` with the ``talkwalker`` formula (the scorecard's
    thresholds are set on that scale), without its interval.
    """
    c = _sentiment_counts(df, brand)
    if c["positive"] + c["negative"] == 0:
        return None
    net, _, _ = net_sentiment(c["positive"], c["negative"], c["neutral"], "talkwalker")
    return float(net)


# --------------------------------------------------------------------------------------------
# The scorecard's metrics, each with its evidence
# --------------------------------------------------------------------------------------------
Metric = tuple[float | None, str]


def presence_metric(presence: pd.DataFrame, data_channels: Sequence[str] | None = None) -> Metric:
    """``share_channels_alive``: alive channels ÷ channels where the brand has posted. Not graded
    (``None``, with the reason) without own posts, or when the audited posts come from fewer than
    two channels (``data_channels``): one platform's export cannot tell whether the brand's other
    properties are alive, and "1 of 1 channels alive" would be an A it did not measure."""
    own_channels = presence.loc[presence["status"] != "absent"]
    if own_channels.empty:
        return None, "no posts by the brand's own accounts in the data: presence cannot be judged"
    if data_channels is not None and len(set(map(str, data_channels))) < 2:
        only = ", ".join(sorted(set(map(str, data_channels))))
        return None, (f"these data come from one channel ({only}): whether the brand's properties are alive or "
                      "abandoned needs posts from every channel it runs")
    alive = own_channels.loc[own_channels["status"] == "alive", "channel"].tolist()
    other = [f"{c} ({st}, last post {d:.0f} days ago)" for c, st, d in
             own_channels.loc[own_channels["status"] != "alive", ["channel", "status", "days_since_last_post"]].itertuples(index=False)]
    absent = presence.loc[presence["status"] == "absent", "channel"].tolist()
    text = f"{len(alive)} of {len(own_channels)} own channels alive ({', '.join(alive) or 'none'})"
    if other:
        text += "; " + "; ".join(other)
    if absent:
        text += f"; customers talk on {', '.join(absent)} where the brand has no account"
    return len(alive) / len(own_channels), text


def engagement_metric(engagement: pd.DataFrame, brand: str) -> Metric:
    """``engagement_vs_competitors``: the brand's interactions per own post ÷ the competitors' median."""
    per_brand = engagement.groupby("brand")[["posts", "interactions"]].sum()
    if brand not in per_brand.index or per_brand.loc[brand, "posts"] == 0:
        return None, "no proactive posts by the brand in the data"
    rate = per_brand["interactions"] / per_brand["posts"]
    others = rate.drop(brand)
    if others.empty or float(others.median()) == 0:
        return None, f"{rate[brand]:.1f} interactions per brand post; no competitor posts to compare with"
    ratio = float(rate[brand] / others.median())
    return ratio, (f"{rate[brand]:.1f} interactions per brand post vs a competitor median of {others.median():.1f} "
                   f"({', '.join(f'{b} {v:.1f}' for b, v in others.items())})")


def responsiveness_metrics(table: pd.DataFrame, brand: str, sla_minutes: float) -> dict[str, Metric]:
    """``reply_rate``, ``median_first_response_minutes`` and ``share_within_sla`` of ``brand``."""
    row = table.loc[table["brand"] == brand]
    if row.empty or int(row["customer_posts"].iloc[0]) == 0:
        why = "no customer posts on channels where the brand has an account (or no brand replies in the data)"
        return {"reply_rate": (None, why), "median_first_response_minutes": (None, why), "share_within_sla": (None, why)}
    r = row.iloc[0]
    n, a = int(r["customer_posts"]), int(r["answered"])
    med = None if pd.isna(r["median_minutes"]) else float(r["median_minutes"])
    return {
        "reply_rate": (float(r["reply_rate"]), f"{a:,} of {n:,} customer posts answered"),
        "median_first_response_minutes": (med, f"median {med:,.0f} min, 90th percentile {r['p90_minutes']:,.0f} min over {a:,} answered posts"
                                          if med is not None else "no post was answered"),
        "share_within_sla": (float(r["share_within_sla"]), f"{int(r['within_sla']):,} of {n:,} answered within the {sla_minutes:g}-minute SLA"),
    }


def sentiment_metric(df: pd.DataFrame, brand: str) -> Metric:
    """``net_sentiment`` of the brand's customer posts, with the counts behind it."""
    value = brand_net_sentiment(df, brand)
    s = _sentiment_counts(df, brand)
    text = ", ".join(f"{s[k]:,} {k}" for k in ("positive", "neutral", "negative"))
    return value, text + " customer posts"


def sov_metric(sov: pd.DataFrame, brand: str) -> Metric:
    """``sov_vs_fair_share``: the brand's share of voice ÷ (1 / number of brands compared)."""
    if brand not in set(sov["brand"]) or len(sov) < 2:
        return None, "share of voice needs the brand and at least one competitor in the data"
    share = float(sov.loc[sov["brand"] == brand, "share"].iloc[0])
    n = len(sov)
    return share * n, f"{share:.1%} of {int(sov['posts'].sum()):,} customer posts about {n} brands (fair share {1 / n:.1%})"


def integration_metric(result: dict[str, Any]) -> Metric:
    """``integration_score`` of :func:`integration`, with the campaigns and links behind it. Not
    graded (``None``, with the reason) when the brand's own posts are on fewer than two channels
    (``result["channels"]``): on one channel (e.g. TWCS) a score of 0 would be an F it did not measure."""
    channels = result.get("channels")
    if channels is not None and not channels:
        return None, "no posts by the brand's own accounts in the data: integration cannot be judged"
    if channels is not None and len(channels) < 2:
        return None, (f"the brand's own posts are on one channel ({channels[0]}) in these data: integration across "
                      "channels needs its posts on two or more")
    score = result["integration_score"]
    if score is None:
        return None, "the brand posts no hashtag or repeated link in the data"
    multi = result["campaigns"].loc[result["campaigns"]["n_channels"] >= 2, "tag"].tolist()
    links = result["links"].loc[result["links"]["n_channels"] >= 2, "link"].tolist()
    n = len(result["campaigns"]) + len(result["links"])
    text = f"{len(multi) + len(links)} of {n} hashtags/links on 2+ channels"
    if multi:
        text += f" (hashtags: {', '.join(multi[:4])}{' …' if len(multi) > 4 else ''})"
    return score, text


# --------------------------------------------------------------------------------------------
# Content (course session 2)
# --------------------------------------------------------------------------------------------
def owned_activity(df: pd.DataFrame, brand: str, freq: str = "W") -> pd.DataFrame:
    """The brand's own posts (replies included) per period and channel (rows: period start)."""
    own = owned(df, brand)
    period = own["created_at"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period(freq)
    if own.empty:
        return pd.DataFrame()
    full = pd.period_range(df["created_at"].min().tz_convert("UTC").tz_localize(None),
                           df["created_at"].max().tz_convert("UTC").tz_localize(None), freq=freq)
    tab = pd.crosstab(period, own["channel"]).reindex(full, fill_value=0)
    tab.index = tab.index.start_time
    tab.index.name = "period"
    return tab


def proactive_reactive(df: pd.DataFrame, brands: Sequence[str]) -> pd.DataFrame:
    """Per brand: own proactive posts (not replies), replies to customers, and the reply share.

    Reactive content answers someone; proactive content starts a conversation (session 2).
    """
    rows = []
    for b in brands:
        own = owned(df, b)
        replies = int(own["in_reply_to"].notna().sum()) if "in_reply_to" in own.columns else 0
        rows.append({"brand": b, "proactive_posts": len(own) - replies, "replies": replies,
                     "reply_share": replies / len(own) if len(own) else np.nan})
    return pd.DataFrame(rows)


def top_owned_posts(df: pd.DataFrame, brand: str, by: str = "shares", n: int = 5) -> pd.DataFrame:
    """The brand's ``n`` proactive posts with the most ``by`` (``likes``, ``shares`` or ``replies``).

    Not :func:`scrm_lib.metrics.counts.top_posts`, by design: session 2 asks which *content* gets
    shared (or liked, or answered), so this ranks the brand's own proactive posts by one
    interaction type (ties: oldest first); listening ranks any posts by all interactions
    (ties by ``post_id``).
    """
    own = owned(df, brand)
    if "in_reply_to" in own.columns:
        own = own.loc[own["in_reply_to"].isna()]
    cols = [c for c in ("created_at", "channel", "text", "likes", "shares", "replies") if c in own.columns]
    return own.sort_values([by, "created_at"], ascending=[False, True], kind="mergesort")[cols].head(n).reset_index(drop=True)


def unattended_mentions(df: pd.DataFrame, brand: str, presence: pd.DataFrame) -> pd.DataFrame:
    """Customer posts on the brand's dormant or abandoned channels since its last post there.

    Returns ``channel, status, last_brand_post, customer_posts_since, negative_since`` (the
    latter needs a ``sentiment`` column): what nobody at the brand has read.
    """
    cust = earned(df)
    cust = cust.loc[cust["brand"] == brand]
    rows = []
    for r in presence.loc[presence["status"].isin(["dormant", "abandoned"])].itertuples(index=False):
        since = cust.loc[(cust["channel"] == r.channel) & (cust["created_at"] > r.last_post)]
        neg = int(since["sentiment"].astype(str).eq("negative").sum()) if "sentiment" in since.columns else None
        rows.append({"channel": r.channel, "status": r.status, "last_brand_post": r.last_post,
                     "customer_posts_since": len(since), "negative_since": neg})
    return pd.DataFrame(rows, columns=["channel", "status", "last_brand_post", "customer_posts_since", "negative_since"])


def audit_scope(df: pd.DataFrame, brand: str, competitors: Sequence[str], earned_channels: Sequence[str] = ()) -> pd.DataFrame:
    """The posts an audit looks at: the brand and its competitors, earned-media channels left out.

    ``earned_channels`` are *channels* outside the brand's social properties (e.g. ``news``,
    ``blog``) — not :func:`scrm_lib.metrics.periods.earned`, which selects the *posts* not made by a
    brand account. Differs from :func:`scrm_lib.metrics.periods.select_brands` by design: an audit names
    its brand and competitors (a missing one is an error, a ``ValueError`` the notebook shows),
    where listening picks the most-mentioned brand and all others when none are given.

    Raises:
        ValueError: the brand or a competitor does not occur in the data (naming the brands that do).
    """
    present = set(df["brand"].astype(str))
    missing = [b for b in [brand, *competitors] if b not in present]
    if missing:
        raise ValueError(f"brand(s) {missing} not in the data; its brands are {sorted(present)}")
    keep = df["brand"].isin([brand, *competitors]) & ~df["channel"].isin(list(earned_channels))
    return df.loc[keep]
