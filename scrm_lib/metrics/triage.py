"""ARM triage of inbound posts: routing, priority, micro vs macro, crisis protocol, sales leads.

Implements the Action / Reaction / Management process of Chess Media Group (2010) as described
in DOMAIN.md §4. Every inbound interaction is judged on what was said (trait, sentiment), where
(channel), who (author reach) and history (earlier posts), and gets a decision — even "store only".

The routing rules are **data**: a YAML decision table (:func:`load_decision_table`; the default is
``scrm_lib/rules/arm_decision_table.yaml``). Everything else is a pure function of a validated,
scored mentions frame (columns of the canonical schema plus ``sentiment`` and ``trait``).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from scrm_lib.core.config import (
    PACKAGE_DIR,
    PROJECT_ROOT,
    RULES_DIR,
    relative_to_root,
    resolve_path,
)
from scrm_lib.core.errors import ParamsError
from scrm_lib.metrics.listening import earned

TRAITS: tuple[str, ...] = ("venting", "passive", "past", "collaborative", "advocate", "future", "none")
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
DEFAULT_DECISION_TABLE: Path = RULES_DIR / "arm_decision_table.yaml"


# --------------------------------------------------------------------------------------------
# The decision table
# --------------------------------------------------------------------------------------------
class RuleCondition(BaseModel):
    """The ``when`` part of a rule: every given key must match."""

    model_config = ConfigDict(extra="forbid", strict=True)

    trait: list[Literal["venting", "passive", "past", "collaborative", "advocate", "future", "none",
                        "uncertain"]] | None = None
    sentiment: list[Literal["negative", "neutral", "positive"]] | None = None
    channel: list[str] | None = None
    min_followers: int | None = Field(default=None, ge=0)
    max_followers: int | None = Field(default=None, ge=0)
    min_history: int | None = Field(default=None, ge=0)

    def is_catch_all(self) -> bool:
        """True when no key is given, so the rule matches every post."""
        return all(v is None for v in self.model_dump().values())


class Rule(BaseModel):
    """One row of the decision table."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: str
    when: RuleCondition
    action: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")
    response: Literal["personal", "canned", "none"]
    escalate: bool = False
    base_priority: float = Field(ge=0, le=10)


class PriorityWeights(BaseModel):
    """Weights of the priority formula (see :func:`route`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    reach_weight: float = Field(0.8, ge=0)
    negative_weight: float = Field(1.5, ge=0)
    history_weight: float = Field(1.0, ge=0)
    history_cap: int = Field(5, ge=1)
    escalate_weight: float = Field(1.0, ge=0)


class DecisionTable(BaseModel):
    """A validated ARM decision table: ordered rules, the last one a catch-all."""

    model_config = ConfigDict(extra="forbid", strict=True)

    version: Literal[1]
    priority: PriorityWeights = PriorityWeights()
    rules: list[Rule] = Field(min_length=1)

    @model_validator(mode="after")
    def _last_rule_catches_all(self) -> DecisionTable:
        if not self.rules[-1].when.is_catch_all():
            raise ValueError(
                "the last rule must match every post (`when: {}`), so that every event gets a "
                "decision, even 'store only'"
            )
        names = [r.name for r in self.rules]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"rule names must be unique; repeated: {dupes}")
        return self


def load_decision_table(path: str | Path | None = None) -> DecisionTable:
    """Read and validate a decision table YAML (the default table when ``path`` is None).

    Raises:
        ParamsError: naming the file and listing every problem (unknown keys, unknown traits,
            a missing catch-all rule, bad YAML, …).
    """
    p = DEFAULT_DECISION_TABLE if path is None else resolve_path(path)
    shown = relative_to_root(p)
    if not p.is_file():
        raise ParamsError(shown, ["decision table file not found"])
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ParamsError(shown, [f"{where}not valid YAML ({getattr(exc, 'problem', exc)})"]) from None
    return decision_table_from_dict(data, source=shown)


def decision_table_from_dict(data: Any, source: str = "<decision table>") -> DecisionTable:
    """Validate a decision table given as a mapping (see :func:`load_decision_table`)."""
    if not isinstance(data, dict):
        raise ParamsError(source, [f"expected a mapping with 'version' and 'rules', found {type(data).__name__}"])
    try:
        return DecisionTable.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = _rule_location(err["loc"], data)
            msg = "unknown key" if err["type"] == "extra_forbidden" else err["msg"]
            problems.append(f"{loc}: {msg}")
        raise ParamsError(source, problems) from None


def _rule_location(loc: Sequence[Any], data: dict[str, Any]) -> str:
    parts = [str(x) for x in loc]
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
        rules = data.get("rules") or []
        name = rules[loc[1]].get("name") if loc[1] < len(rules) and isinstance(rules[loc[1]], dict) else None
        head = f"rule {loc[1] + 1}" + (f" ('{name}')" if name else "")
        return ".".join([head, *parts[2:]])
    return ".".join(parts) or "(top level)"


# --------------------------------------------------------------------------------------------
# Routing
# --------------------------------------------------------------------------------------------
def author_history(df: pd.DataFrame) -> pd.Series:
    """Number of the author's earlier posts in ``df`` (0 for a first post), by ``created_at``.

    Ties in time are broken by ``post_id`` so the result does not depend on row order.
    """
    order = df.sort_values(["created_at", "post_id"], kind="mergesort")
    hist = order.groupby("author_id", sort=False).cumcount()
    return hist.reindex(df.index).astype("int64")


def _inbound(df: pd.DataFrame) -> pd.DataFrame:
    return earned(df)


#: Tokens left out of complaint vectors besides scikit-learn's English stop words.
COMPLAINT_NOISE: frozenset[str] = frozenset({"user", "http", "https", "amp"})
#: Complaint vocabulary: words of two or more letters starting with a letter (apostrophes kept).
COMPLAINT_TOKEN_PATTERN = r"(?u)\b[a-z][a-z']+\b"


def complaint_stop_words(extra: Sequence[str] = ()) -> list[str]:
    """Stop words of :func:`complaint_clusters` and :func:`complaint_issues`: scikit-learn's
    ``ENGLISH_STOP_WORDS`` + :data:`COMPLAINT_NOISE` + ``extra`` (lower-cased), sorted.

    Deliberately not :func:`scrm_lib.metrics.listening.stop_words`, which keeps negations and service
    words ("not", "no", "down", "bill", "call", …) because a *theme* needs them ("not working",
    "down again"); for grouping complaints those words are everywhere and only blur the clusters.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return sorted(set(ENGLISH_STOP_WORDS) | {w.lower() for w in extra} | COMPLAINT_NOISE)


def route(df: pd.DataFrame, table: DecisionTable | None = None) -> pd.DataFrame:
    """Route every inbound post (``is_brand`` False) through the decision table.

    Needs ``trait`` and ``sentiment`` columns (scored posts). Returns one row per inbound post with
    ``post_id, created_at, brand, channel, author_id, author_followers, trait, sentiment,
    author_history, rule, action, response, escalate, priority``.

    priority = base_priority + reach_weight·log10(1 + followers) + negative_weight·[negative]
    + history_weight·min(history, cap)/cap + escalate_weight·[escalate]
    """
    table = table or load_decision_table()
    missing = [c for c in ("post_id", "created_at", "author_id", "trait", "sentiment") if c not in df.columns]
    if missing:
        raise ParamsError("route()", [f"the posts lack column(s) {missing}; score them first (sentiment and trait)"])
    posts = _inbound(df)
    followers = (
        posts["author_followers"].astype("Float64").fillna(0).to_numpy(dtype=float)
        if "author_followers" in posts.columns
        else np.zeros(len(posts))
    )
    history = author_history(df).reindex(posts.index).to_numpy()
    trait = posts["trait"].astype(str).to_numpy()
    sentiment = posts["sentiment"].astype(str).to_numpy()
    channel = posts["channel"].astype(str).to_numpy() if "channel" in posts.columns else np.full(len(posts), "")
    rule_idx = np.full(len(posts), -1)
    for i, rule in enumerate(table.rules):
        w = rule.when
        m = rule_idx == -1
        if w.trait is not None:
            m &= np.isin(trait, w.trait)
        if w.sentiment is not None:
            m &= np.isin(sentiment, w.sentiment)
        if w.channel is not None:
            m &= np.isin(channel, [c.lower() for c in w.channel])
        if w.min_followers is not None:
            m &= followers >= w.min_followers
        if w.max_followers is not None:
            m &= followers < w.max_followers
        if w.min_history is not None:
            m &= history >= w.min_history
        rule_idx[m] = i
    rules = table.rules
    pw = table.priority
    base = np.array([r.base_priority for r in rules])[rule_idx]
    esc = np.array([r.escalate for r in rules])[rule_idx]
    priority = (
        base
        + pw.reach_weight * np.log10(1.0 + followers)
        + pw.negative_weight * (sentiment == "negative")
        + pw.history_weight * np.minimum(history, pw.history_cap) / pw.history_cap
        + pw.escalate_weight * esc
    )
    out = pd.DataFrame(
        {
            "post_id": posts["post_id"].to_numpy(),
            "created_at": posts["created_at"].to_numpy(),
            "brand": posts["brand"].to_numpy() if "brand" in posts.columns else None,
            "channel": channel,
            "author_id": posts["author_id"].to_numpy(),
            "author_followers": followers.astype("int64"),
            "trait": trait,
            "sentiment": sentiment,
            "author_history": history,
            "rule": np.array([r.name for r in rules], dtype=object)[rule_idx],
            "action": np.array([r.action for r in rules], dtype=object)[rule_idx],
            "response": np.array([r.response for r in rules], dtype=object)[rule_idx],
            "escalate": esc,
            "priority": np.round(priority, 3),
        }
    )
    if "text" in posts.columns:
        out.insert(6, "text", posts["text"].to_numpy())
    out["created_at"] = pd.to_datetime(out["created_at"], utc=True)
    return out


def priority_queue(routed: pd.DataFrame, exclude_actions: Sequence[str] = ("store_only", "monitor"), top: int | None = None) -> pd.DataFrame:
    """The work queue: routed posts needing an action, highest priority first (oldest first on ties)."""
    q = routed.loc[~routed["action"].isin(list(exclude_actions))]
    q = q.sort_values(["priority", "created_at", "post_id"], ascending=[False, True, True], kind="mergesort")
    return q.head(top) if top else q


def actions_per_day(routed: pd.DataFrame, freq: str = "D") -> pd.DataFrame:
    """Counts of each action per period (rows: period start, columns: actions; sums are additive)."""
    period = routed["created_at"].dt.tz_convert("UTC").dt.floor(freq)
    return pd.crosstab(period.rename("period"), routed["action"]).sort_index()


# --------------------------------------------------------------------------------------------
# Micro vs macro: clusters of similar complaints
# --------------------------------------------------------------------------------------------
def complaint_clusters(
    df: pd.DataFrame,
    traits: Sequence[str] = ("venting", "past"),
    n_clusters: int = 12,
    duplicate_threshold: float = 0.8,
    min_size: int = 30,
    min_share: float = 0.08,
    min_peak_per_day: int = 15,
    min_cohesion: float = 0.5,
    top_terms: int = 6,
    seed: int = 0,
    extra_stop_words: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group similar complaints and flag the macro ones that need a root-cause investigation.

    Two groupings of the ``traits`` posts (default venting and past):

    - **near-duplicates**: posts whose TF-IDF cosine similarity is ≥ ``duplicate_threshold`` are
      joined (connected components) — copy-pasted or barely edited complaints;
    - **topics**: k-means (``n_clusters``, seeded) on L2-normalised TF-IDF of words and bigrams.

    A topic cluster is **macro** when it has at least ``min_size`` posts, is cohesive (mean cosine
    similarity of its posts to the cluster centroid direction ≥ ``min_cohesion``: one subject, not
    a bin of leftovers) and either holds at least ``min_share`` of all complaints or peaks at
    ``min_peak_per_day`` posts or more in one day: many people, same root cause (DOMAIN.md §4).
    Everything else is **micro**: answer the person.

    Returns ``(posts, clusters)``: the complaint posts with ``cluster`` and ``duplicate_group``
    columns, and one row per cluster with size, share, top terms, first/last/peak day, peak count,
    velocity (peak per day ÷ median per active day), cohesion and ``level`` (macro/micro), largest
    first.
    """
    from scipy.sparse.csgraph import connected_components
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    posts = _inbound(df)
    posts = posts.loc[posts["trait"].isin(list(traits))].copy()
    empty_clusters = pd.DataFrame(
        columns=["cluster", "size", "share", "top_terms", "first_day", "last_day", "peak_day", "peak_per_day", "velocity", "cohesion", "level"]
    )
    if len(posts) < 2:
        posts["cluster"] = 0
        posts["duplicate_group"] = np.arange(len(posts))
        return posts, empty_clusters
    vec = TfidfVectorizer(
        lowercase=True, stop_words=complaint_stop_words(extra_stop_words), ngram_range=(1, 2), min_df=2, max_df=0.5,
        token_pattern=COMPLAINT_TOKEN_PATTERN, sublinear_tf=True,
    )
    texts = posts["text"].fillna("").astype(str).str.replace(r"@\w+|https?://\S+", " ", regex=True)
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # vocabulary empty
        posts["cluster"] = 0
        posts["duplicate_group"] = np.arange(len(posts))
        return posts, empty_clusters
    sim = (X @ X.T).tocsr()
    sim.data[sim.data < duplicate_threshold] = 0
    sim.eliminate_zeros()
    _, dup = connected_components(sim, directed=False)
    k = max(1, min(n_clusters, X.shape[0]))
    km = KMeans(n_clusters=k, random_state=seed, n_init=4).fit(X)
    labels = km.labels_
    # Renumber clusters by size (largest = 0) so the numbering is stable and meaningful.
    order = pd.Series(labels).value_counts(sort=True).index
    remap = {old: new for new, old in enumerate(sorted(order, key=lambda c: (-(labels == c).sum(), c)))}
    posts["cluster"] = pd.Series(labels, index=posts.index).map(remap).astype("int64")
    posts["duplicate_group"] = dup
    terms = np.array(vec.get_feature_names_out())
    total = len(posts)
    day = posts["created_at"].dt.tz_convert("UTC").dt.floor("D")
    rows = []
    for _old, new in sorted(remap.items(), key=lambda kv: kv[1]):
        members = posts["cluster"] == new
        Xm = X[members.to_numpy()]
        centroid = np.asarray(Xm.mean(axis=0)).ravel()
        norm = float(np.linalg.norm(centroid))
        cohesion = float(np.asarray(Xm @ (centroid / norm)).mean()) if norm > 0 else 0.0
        top = [str(t) for t in terms[np.argsort(-centroid)[:top_terms]] if centroid[np.where(terms == t)[0][0]] > 0]
        per_day = day[members].value_counts()
        peak_day, peak = per_day.idxmax(), int(per_day.max())
        size = int(members.sum())
        share = size / total
        velocity = peak / float(per_day.median())
        macro = size >= min_size and cohesion >= min_cohesion and (share >= min_share or peak >= min_peak_per_day)
        rows.append(
            {
                "cluster": new, "size": size, "share": round(share, 4), "top_terms": ", ".join(top),
                "first_day": day[members].min(), "last_day": day[members].max(), "peak_day": peak_day,
                "peak_per_day": peak, "velocity": round(velocity, 2), "cohesion": round(cohesion, 3), "level": "macro" if macro else "micro",
            }
        )
    clusters = pd.DataFrame(rows)
    return posts, clusters


def complaint_issues(
    df: pd.DataFrame,
    traits: Sequence[str] = ("venting", "past"),
    min_posts: int = 30,
    window_days: int = 21,
    min_concentration: float = 0.7,
    min_overlap: float = 0.6,
    min_terms: int = 2,
    top_terms: int = 6,
    thread_starters_only: bool = True,
    extra_stop_words: Sequence[str] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Macro issues: many complaints sharing distinctive words, concentrated in time.

    Deterministic (no random draw), and robust to the many phrasings of one problem that split
    a topic clustering into several clusters:

    1. the ``traits`` posts (thread starters only by default: follow-ups such as "still not
       fixed" describe no new problem) are tokenised (words and bigrams, stop words removed);
    2. a term is **bursty** when at least ``min_posts`` complaints use it and at least
       ``min_concentration`` of them fall in one window of ``window_days`` days — a word spread
       evenly over the period ("help", "bill") is not;
    3. bursty terms that share posts (overlap coefficient ≥ ``min_overlap``: shared posts ÷
       posts of the smaller term) are joined; each group of at least ``min_terms`` terms is one
       **issue** (a single bursty word is too thin a description of a root cause).

    Returns ``(posts, issues)``: the complaint posts with an ``issue`` column (−1 = none), and
    one row per issue — ``issue, size, authors, top_terms, first_day, last_day, window_start,
    window_end, peak_day, peak_per_day, concentration`` — largest first. Every issue is a macro
    case: investigate the root cause at the source.

    Not :func:`scrm_lib.metrics.listening.themes`, by design: themes ranks terms that set one group apart
    from another (weighted log-odds, any group: a brand, a spike), and needs the group given;
    an issue is *found* — terms bursty in time among complaints, joined by shared posts — with no
    group given beforehand. The shared pieces are the stop words (:func:`complaint_stop_words`).
    """
    from scipy.sparse.csgraph import connected_components
    from sklearn.feature_extraction.text import CountVectorizer

    cols = ["issue", "size", "authors", "top_terms", "first_day", "last_day", "window_start", "window_end",
            "peak_day", "peak_per_day", "concentration"]
    posts = _inbound(df)
    posts = posts.loc[posts["trait"].isin(list(traits))]
    if thread_starters_only and "in_reply_to" in posts.columns:
        posts = posts.loc[posts["in_reply_to"].isna()]
    posts = posts.sort_values(["created_at", "post_id"], kind="mergesort").copy()
    posts["issue"] = -1
    if len(posts) < min_posts:
        return posts, pd.DataFrame(columns=cols)
    vec = CountVectorizer(lowercase=True, stop_words=complaint_stop_words(extra_stop_words), ngram_range=(1, 2),
                          min_df=min_posts, binary=True, token_pattern=COMPLAINT_TOKEN_PATTERN)
    texts = posts["text"].fillna("").astype(str).str.replace(r"@\w+|https?://\S+|#", " ", regex=True)
    try:
        X = vec.fit_transform(texts).tocsc()
    except ValueError:  # no term reaches min_posts
        return posts, pd.DataFrame(columns=cols)
    terms = np.array(vec.get_feature_names_out())
    day = posts["created_at"].dt.tz_convert("UTC").dt.floor("D")
    day_num = ((day - day.min()).dt.days).to_numpy()
    bursty, best_start = [], {}
    for j in range(X.shape[1]):
        rows = X.indices[X.indptr[j]:X.indptr[j + 1]]
        d = np.sort(day_num[rows])
        inside = np.searchsorted(d, d + window_days, side="left") - np.arange(len(d))
        k = int(np.argmax(inside))
        if inside[k] / len(d) >= min_concentration:
            bursty.append(j)
            best_start[j] = int(d[k])
    if not bursty:
        return posts, pd.DataFrame(columns=cols)
    B = X[:, bursty].astype(bool).astype(np.int64)
    co = (B.T @ B).toarray()
    size = np.diag(co)
    overlap = co / np.minimum.outer(size, size)
    _, group = connected_components(overlap >= min_overlap, directed=False)
    rows_out = []
    Bc = B.tocsc()
    for g in np.unique(group):
        members = np.flatnonzero(group == g)
        if len(members) < min_terms:
            continue
        in_issue = np.asarray(Bc[:, members].sum(axis=1)).ravel() > 0
        ordered = members[np.argsort(-size[members], kind="mergesort")]
        rows_out.append((in_issue, ordered))
    if not rows_out:
        return posts, pd.DataFrame(columns=cols)
    rows_out.sort(key=lambda t: (-int(t[0].sum()), str(terms[bursty[t[1][0]]])))
    assigned = np.full(len(posts), -1)
    table = []
    for i, (in_issue, ordered) in enumerate(rows_out):
        mask = in_issue & (assigned == -1)
        assigned[mask] = i
        d_issue = day[in_issue]
        per_day = d_issue.value_counts()
        d_sorted = np.sort(day_num[in_issue])
        inside = np.searchsorted(d_sorted, d_sorted + window_days, side="left") - np.arange(len(d_sorted))
        k = int(np.argmax(inside))
        w0 = day.min() + pd.Timedelta(days=int(d_sorted[k]))
        table.append({
            "issue": i, "size": int(in_issue.sum()), "authors": int(posts.loc[in_issue, "author_id"].nunique()),
            "top_terms": ", ".join(str(terms[bursty[j]]) for j in ordered[:top_terms]),
            "first_day": d_issue.min(), "last_day": d_issue.max(), "window_start": w0,
            "window_end": w0 + pd.Timedelta(days=window_days - 1), "peak_day": per_day.idxmax(),
            "peak_per_day": int(per_day.max()), "concentration": round(float(inside[k] / len(d_sorted)), 3),
        })
    posts["issue"] = assigned
    return posts, pd.DataFrame(table, columns=cols)


# --------------------------------------------------------------------------------------------
# Crisis protocol
# --------------------------------------------------------------------------------------------
CRISIS_LEVELS: tuple[str, ...] = ("normal", "watch", "alert", "crisis")


def crisis_signals(df: pd.DataFrame, freq: str = "D", baseline_periods: int = 14, by: str = "brand") -> pd.DataFrame:
    """Per ``by`` group and period: volume, baseline, velocity, negative share, negative reach.

    - ``baseline`` = median volume of the previous ``baseline_periods`` periods (the current one
      excluded, at least one period required);
    - ``velocity`` = volume ÷ max(baseline, 1);
    - ``neg_share`` = negative posts ÷ posts in the period;
    - ``neg_reach`` = sum of followers of the distinct authors of negative posts in the period.

    Only inbound posts count. Periods with no post are present with volume 0.

    Not :func:`scrm_lib.metrics.listening.detect_spikes`, by design: the crisis protocol needs *velocity*
    against a short median baseline (no dispersion term) together with the negative share and the
    negative authors' reach, evaluated every period so that a decision tree can fire within hours;
    listening's detector asks whether a count is anomalous against a robust median/MAD baseline
    (a z-score floored by the Poisson deviation), whatever its tone, to find and explain bursts
    after the fact. The first catches a crisis early; the second has a controlled false-alarm rate.
    """
    posts = _inbound(df)
    period = posts["created_at"].dt.tz_convert("UTC").dt.floor(freq)
    neg = posts["sentiment"].astype(str).eq("negative")
    followers = posts["author_followers"].astype("Float64").fillna(0) if "author_followers" in posts.columns else pd.Series(0.0, index=posts.index)
    frame = pd.DataFrame({by: posts[by].to_numpy(), "period": period.to_numpy(), "neg": neg.to_numpy(),
                          "author_id": posts["author_id"].to_numpy(), "followers": followers.to_numpy(dtype=float)})
    counts = frame.groupby([by, "period"]).agg(volume=("neg", "size"), negative=("neg", "sum"))
    neg_authors = frame.loc[frame["neg"]].drop_duplicates([by, "period", "author_id"])
    reach = neg_authors.groupby([by, "period"])["followers"].sum().rename("neg_reach")
    counts = counts.join(reach).fillna({"neg_reach": 0.0})
    full_index = pd.date_range(period.min(), period.max(), freq=freq)
    out = []
    for key, g in counts.groupby(level=0):
        g = g.droplevel(0).reindex(full_index, fill_value=0)
        g.index.name = "period"
        g = g.reset_index()
        g.insert(0, by, key)
        base = g["volume"].shift(1).rolling(baseline_periods, min_periods=1).median()
        g["baseline"] = base
        out.append(_velocity_and_share(g))
    return pd.concat(out, ignore_index=True)


def _velocity_and_share(s: pd.DataFrame) -> pd.DataFrame:
    """Adds ``velocity = volume / max(baseline, 1)`` (no baseline yet: the volume itself) and
    ``neg_share = negative / volume`` (0 for an empty period) to a signals frame."""
    s["velocity"] = s["volume"] / np.maximum(s["baseline"].fillna(s["volume"]), 1.0)
    s["neg_share"] = np.where(s["volume"] > 0, s["negative"] / s["volume"].where(s["volume"] > 0, 1), 0.0)
    return s


def rolling_crisis_signals(
    df: pd.DataFrame,
    window: str = "24h",
    step: str = "1h",
    baseline_days: int = 14,
    by: str = "brand",
) -> pd.DataFrame:
    """The signals of :func:`crisis_signals` over a trailing ``window``, evaluated every ``step``.

    For each ``by`` group and each step end ``t``: ``volume`` and ``negative`` = inbound posts in
    ``(t − window, t]``; ``baseline`` = median daily volume of the ``baseline_days`` UTC days
    before the day in which the window starts (scaled to the window length); ``velocity`` =
    volume ÷ max(baseline, 1); ``neg_share``; ``neg_reach`` = followers of the distinct authors
    of negative posts in the window. ``period`` is the window end, so the crisis protocol says
    to the hour when it would have fired.
    """
    posts = _inbound(df)
    win, stp = pd.Timedelta(window), pd.Timedelta(step)
    rows = []
    for key, g in posts.groupby(by, sort=True):
        t = g["created_at"].dt.tz_convert("UTC").sort_values()
        order = t.index
        times = t.to_numpy()
        neg = g.loc[order, "sentiment"].astype(str).eq("negative").to_numpy()
        followers = (g.loc[order, "author_followers"].astype("Float64").fillna(0).to_numpy(dtype=float)
                     if "author_followers" in g.columns else np.zeros(len(order)))
        authors = pd.factorize(g.loc[order, "author_id"])[0]
        daily = t.dt.floor("D").value_counts().sort_index()
        days = pd.date_range(daily.index.min(), daily.index.max(), freq="D")
        daily = daily.reindex(days, fill_value=0)
        ends = pd.date_range(t.iloc[0].floor(step) + stp, t.iloc[-1].ceil(step), freq=step)
        cum_neg = np.r_[0, np.cumsum(neg)]
        hi = np.searchsorted(times, ends.to_numpy(), side="right")
        lo = np.searchsorted(times, (ends - win).to_numpy(), side="right")
        start_day = (ends - win).floor("D")
        for e, a, b, d0 in zip(ends, lo, hi, start_day, strict=True):
            prior = daily.loc[(daily.index < d0) & (daily.index >= d0 - pd.Timedelta(days=baseline_days))]
            base = float(prior.median()) * (win / pd.Timedelta("1D")) if len(prior) else np.nan
            vol = int(b - a)
            nneg = int(cum_neg[b] - cum_neg[a])
            if nneg:
                idx = np.flatnonzero(neg[a:b]) + a
                _, first = np.unique(authors[idx], return_index=True)
                reach = float(followers[idx[first]].sum())
            else:
                reach = 0.0
            rows.append((key, e, vol, nneg, reach, base))
    return _velocity_and_share(pd.DataFrame(rows, columns=[by, "period", "volume", "negative", "neg_reach", "baseline"]))


def crisis_protocol(
    signals: pd.DataFrame,
    watch_velocity: float = 2.2,
    alert_velocity: float = 3.0,
    watch_neg_share: float = 0.45,
    alert_neg_share: float = 0.55,
    crisis_reach: float = 250_000,
    min_volume: int = 20,
) -> pd.DataFrame:
    """The crisis decision tree, applied to every period of :func:`crisis_signals`.

    ::

        volume < min_volume                                   -> normal
        velocity >= alert_velocity and neg_share >= alert_neg_share:
            neg_reach >= crisis_reach                          -> crisis  (PR + executives)
            otherwise                                          -> alert   (social team lead)
        velocity >= watch_velocity and neg_share >= watch_neg_share -> watch (monitor hourly)
        otherwise                                              -> normal

    Adds ``level`` (one of :data:`CRISIS_LEVELS`) and ``reason`` (the numbers that decided it).
    """
    s = signals.copy()
    vol_ok = s["volume"] >= min_volume
    alert = vol_ok & (s["velocity"] >= alert_velocity) & (s["neg_share"] >= alert_neg_share)
    crisis = alert & (s["neg_reach"] >= crisis_reach)
    watch = vol_ok & ~alert & (s["velocity"] >= watch_velocity) & (s["neg_share"] >= watch_neg_share)
    level = np.select([crisis, alert, watch], ["crisis", "alert", "watch"], default="normal")
    s["level"] = level
    s["reason"] = [
        f"volume {int(v)} = {ve:.1f}x baseline, {ns:.0%} negative, negative reach {nr:,.0f}"
        for v, ve, ns, nr in zip(s["volume"], s["velocity"], s["neg_share"], s["neg_reach"], strict=True)
    ]
    return s


def crisis_events(levels: pd.DataFrame, by: str = "brand", min_level: str = "alert") -> pd.DataFrame:
    """Merge consecutive periods at or above ``min_level`` into events.

    Returns one row per event: ``by``, ``fired_at`` (first period at or above ``min_level``),
    ``end`` (last such period), ``periods``, ``max_level``, ``peak_volume``, ``reason`` (of the
    first period).
    """
    rank = {lvl: i for i, lvl in enumerate(CRISIS_LEVELS)}
    threshold = rank[min_level]
    rows = []
    for key, g in levels.sort_values([by, "period"]).groupby(by, sort=True):
        hot = g["level"].map(rank).to_numpy() >= threshold
        if not hot.any():
            continue
        run_id = np.cumsum(np.r_[True, hot[1:] != hot[:-1]])
        for rid in np.unique(run_id[hot]):
            seg = g.loc[(run_id == rid) & hot]
            rows.append(
                {
                    by: key, "fired_at": seg["period"].iloc[0], "end": seg["period"].iloc[-1], "periods": len(seg),
                    "max_level": CRISIS_LEVELS[int(seg["level"].map(rank).max())],
                    "peak_volume": int(seg["volume"].max()), "reason": seg["reason"].iloc[0],
                }
            )
    return pd.DataFrame(rows, columns=[by, "fired_at", "end", "periods", "max_level", "peak_volume", "reason"])


def first_at_level(levels: pd.DataFrame, by: str = "brand") -> pd.DataFrame:
    """When each ``by`` group first reached ``watch``, ``alert`` and ``crisis`` (NaT if never).

    Rows: groups; columns: the three levels; cells: the first period at that level or above.
    """
    rank = {lvl: i for i, lvl in enumerate(CRISIS_LEVELS)}
    r = levels.assign(_r=levels["level"].map(rank))
    out = {}
    for lvl in CRISIS_LEVELS[1:]:
        hit = r.loc[r["_r"] >= rank[lvl]]
        out[lvl] = hit.groupby(by)["period"].min()
    table = pd.DataFrame(out).reindex(sorted(levels[by].unique()))
    table.index.name = by
    return table


# --------------------------------------------------------------------------------------------
# Traits: examples
# --------------------------------------------------------------------------------------------
def trait_examples(df: pd.DataFrame, per_trait: int = 3, seed: int = 0, min_confidence: float = 0.6,
                   max_chars: int = 200) -> pd.DataFrame:
    """Real example posts for each trait: ``per_trait`` drawn (seeded) among the confident ones.

    Draws from inbound posts with ``trait_confidence`` ≥ ``min_confidence`` (all posts of the
    trait when too few are that confident). Returns ``trait, sentiment, trait_confidence,
    channel, text`` in the order of :data:`TRAITS`; texts longer than ``max_chars`` are cut.
    """
    rng = np.random.default_rng(seed)
    posts = _inbound(df)
    rows = []
    for trait in TRAITS:
        t = posts.loc[posts["trait"] == trait]
        if "trait_confidence" in t.columns:
            confident = t.loc[t["trait_confidence"] >= min_confidence]
            t = confident if len(confident) >= per_trait else t
        if t.empty:
            continue
        pick = t.iloc[np.sort(rng.choice(len(t), size=min(per_trait, len(t)), replace=False))]
        rows.append(pick)
    if not rows:
        return pd.DataFrame(columns=["trait", "sentiment", "trait_confidence", "channel", "text"])
    out = pd.concat(rows)
    cols = [c for c in ("trait", "sentiment", "trait_confidence", "channel", "text") if c in out.columns]
    out = out[cols].reset_index(drop=True)
    out["text"] = out["text"].astype(str).map(lambda x: x if len(x) <= max_chars else x[: max_chars - 1] + "…")
    return out


# --------------------------------------------------------------------------------------------
# Sales interception
# --------------------------------------------------------------------------------------------
_RECOMMENDATION_CUES = re.compile(
    r"\b(?:which|what)\b.{0,40}\b(?:should|would|do you|to (?:get|buy|choose|pick))\b"
    r"|\b(?:recommend|recommendation|recs?|suggestions?|advice|worth it|good (?:choice|decision|idea))\b"
    r"|\b(?:should i|shall i|thinking (?:about|of)|considering|looking (?:for|at)|torn between|deciding)\b"
    r"|\b(?:vs\.?|versus)\b|\bor\b.{0,30}\?",
    re.IGNORECASE,
)

SALES_CAUTION = (
    "Lead, not a support case: answer the question helpfully and transparently (say who you are), "
    "no hard sell or spam, never disparage a competitor, and do not reply if the brand is not among "
    "the options asked about."
)


def sales_leads(df: pd.DataFrame, brands: Sequence[str] | None = None, large_audience: int = 10_000) -> pd.DataFrame:
    """``future`` posts that ask for a purchase recommendation, with a caution column (DOMAIN.md §4).

    A post qualifies when its trait is ``future`` and its text asks a question (``?``) or uses a
    recommendation cue ("which … should", "recommend", "thinking about", "X vs Y", "A or B?").
    ``caution`` says what this post calls for, then the general rule :data:`SALES_CAUTION`: other brands
    it names (``brands``, default every brand in ``df``; listed in ``mentions``) — compare on the
    merits —, a brand it is leaving (a competitor's past customer: no gloating), an audience of
    ``large_audience`` followers or more (the answer is public).
    """
    posts = _inbound(df)
    fut = posts.loc[posts["trait"].eq("future")]
    text = fut["text"].fillna("").astype(str)
    asks = text.str.contains("?", regex=False) | text.str.contains(_RECOMMENDATION_CUES)
    cols = [c for c in ("post_id", "created_at", "brand", "channel", "author_id", "author_followers", "text", "sentiment") if c in fut.columns]
    leads = fut.loc[asks, cols].copy()
    names = sorted(set(brands if brands is not None else df["brand"].astype(str)))
    lowered = leads["text"].str.lower()
    own = leads["brand"].astype(str) if "brand" in leads.columns else pd.Series("", index=leads.index)
    mentions, cautions = [], []
    followers = (leads["author_followers"].astype("Float64").fillna(0) if "author_followers" in leads.columns
                 else pd.Series(0.0, index=leads.index))
    for t, b, f in zip(lowered, own, followers, strict=True):
        others = [n for n in names if n != b and re.search(rf"\b{re.escape(n.lower())}\b", t)]
        leaving = [n for n in others if re.search(rf"\b(?:leaving|left|switching from|done with|sick of|cancel\w*)\b[^.?!]{{0,30}}\b{re.escape(n.lower())}\b", t)]
        notes = []
        if leaving:
            notes.append(f"Leaving {', '.join(leaving)}: a past customer of a competitor — welcome them, no gloating.")
        elif others:
            notes.append(f"Also asks about {', '.join(others)}: compare on the merits, never disparage them.")
        if f >= large_audience:
            notes.append(f"{int(f):,} followers: the answer is public, make it accurate.")
        mentions.append(", ".join(others))
        cautions.append(" ".join([*notes, SALES_CAUTION]))
    leads["mentions"] = mentions
    leads["caution"] = cautions
    return leads.sort_values("created_at", kind="mergesort").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Scoring (sentiment and trait come from the models issue)
# --------------------------------------------------------------------------------------------
def score_posts(
    df: pd.DataFrame,
    sentiment_model: str = "vader",
    trait_model: str = "trait",
    text_column: str = "text",
    use_cache: bool = True,
    trait_abstain_below: float | None = None,
) -> pd.DataFrame:
    """Add ``sentiment``, ``sentiment_score``, ``trait``, ``trait_confidence`` and ``lang`` to the posts.

    With ``trait_abstain_below`` (e.g. :data:`scrm_lib.modeling.presets.TRAIT_ABSTAIN_BELOW`),
    posts the trait model is less confident about get the trait ``uncertain``; the ARM
    decision table routes them to a human (rule "trait uncertain").

    The one scoring call of the course notebooks: :func:`scrm_lib.modeling.scoring.add_scores`
    (issue 6) with the named models; ``attrs["scoring"]`` says which.

    Scores are cached in ``.cache/scores/`` under a content hash of the texts, the model names,
    the scoring code and the model files in ``models/`` (``use_cache=False`` to bypass), so the
    course notebooks that share a data set score it once.
    """
    from scrm_lib.modeling.scoring import add_scores

    note = scoring_note(sentiment_model, trait_model)
    key = _score_cache_key(df[text_column], sentiment_model, trait_model)
    if trait_abstain_below is not None:
        key = hashlib.sha256(f"{key}\0abstain={trait_abstain_below!r}".encode()).hexdigest()
    cached = _SCORE_CACHE_DIR / f"{key}.parquet"
    if use_cache and cached.is_file():
        scores = pd.read_parquet(cached)
        out = df.drop(columns=[c for c in SCORE_COLUMNS if c in df.columns]).copy()
        for col in SCORE_COLUMNS:
            out[col] = pd.Series(scores[col].to_numpy(), index=out.index)
        out.attrs["scoring"] = note
        return score_dtypes(out)
    out = score_dtypes(add_scores(df, sentiment_model=sentiment_model, trait_model=trait_model, text_column=text_column,
                                   trait_abstain_below=trait_abstain_below))
    out.attrs["scoring"] = note
    if use_cache:
        _SCORE_CACHE_DIR.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        out[list(SCORE_COLUMNS)].reset_index(drop=True).to_parquet(tmp)
        os.replace(tmp, cached)
    return out


SCORE_COLUMNS: tuple[str, ...] = ("sentiment", "sentiment_score", "trait", "trait_confidence", "lang")


def scoring_note(sentiment_model: str, trait_model: str | None) -> str:
    """What ``attrs["scoring"]`` says of scores from these models."""
    return f"sentiment model '{sentiment_model}', trait model '{trait_model}' (scrm_lib.modeling.scoring)"


def score_dtypes(out: pd.DataFrame) -> pd.DataFrame:
    """The same dtypes whether the scores are fresh or cached: strings and float64."""
    for col in ("sentiment", "trait", "lang"):
        out[col] = out[col].astype("string")
    for col in ("sentiment_score", "trait_confidence"):
        out[col] = out[col].astype("float64")
    return out
_SCORE_CACHE_DIR = PROJECT_ROOT / ".cache" / "scores"


def _score_cache_key(texts: pd.Series, sentiment_model: str, trait_model: str) -> str:
    """Content hash of the texts, the model names, the scoring code and the model files."""
    import hashlib

    h = hashlib.sha256()
    h.update(pd.util.hash_pandas_object(texts.fillna("").astype(str), index=False).to_numpy().tobytes())
    h.update(f"{sentiment_model}\0{trait_model}".encode())
    models_dir = PACKAGE_DIR / "modeling"
    for src in sorted([*models_dir.rglob("*.py"), Path(__file__).resolve()]):
        h.update(src.read_bytes())
    for name in (sentiment_model, trait_model):
        artifact = models_dir.parent.parent / "models" / f"{name}.skops"
        path = artifact if artifact.is_file() else Path(name)
        if path.suffix == ".skops" and path.is_file():  # the trained model is part of the key
            h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()[:24]


def rules_frame(table: DecisionTable) -> pd.DataFrame:
    """The decision table as a readable table: one row per rule, conditions spelled out."""
    rows = []
    for i, r in enumerate(table.rules, start=1):
        cond = {k: v for k, v in r.when.model_dump().items() if v is not None}
        when = "; ".join(f"{k} {'in ' + ', '.join(v) if isinstance(v, list) else '= ' + str(v)}" for k, v in cond.items())
        rows.append({"order": i, "rule": r.name, "when": when or "(every post)", "action": r.action,
                     "response": r.response, "escalate": r.escalate, "base_priority": r.base_priority})
    return pd.DataFrame(rows).set_index("order")
