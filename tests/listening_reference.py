"""Reference implementations for ``tests/test_listening_fast_paths.py``: the listening code as it
was before issue 13's speed work (or the definition it implements), kept only to check that the
vectorised paths in :mod:`scrm_lib.metrics` give identical results. Not used by the package."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from scrm_lib.core.labels import SENTIMENT_LABELS
from scrm_lib.metrics.counts import COUNT_COLUMNS, followers_per_author, interactions, reach
from scrm_lib.metrics.influence import MEDIA_HANDLE, SPONSORED
from scrm_lib.metrics.periods import as_list, check_choice, earned, with_period
from scrm_lib.metrics.sentiment import has_labels, net_sentiment
from scrm_lib.metrics.summary import _LINK, COVERAGE_CHANNELS
from scrm_lib.metrics.terms import TermMatrix, _ngrams
from scrm_lib.text.tokenise import brand_terms, tokenize


def term_matrix(df: pd.DataFrame, ngram_range: tuple[int, int] = (1, 2), drop=None, text_col: str = "text") -> TermMatrix:
    """The definition: ``CountVectorizer`` over :func:`tokenize` of each text and its n-grams."""
    drop_set = frozenset(brand_terms(df["brand"].unique()) if drop is None else drop)
    texts = df[text_col].astype(str)
    tokens = [tokenize("" if isinstance(t, float) else t, drop_set) for t in texts]
    if not any(tokens):
        return TermMatrix(sparse.csr_matrix((len(df), 0), dtype=np.int64), np.array([], dtype=object))
    vec = CountVectorizer(analyzer=lambda toks: _ngrams(toks, ngram_range), lowercase=False)
    x = vec.fit_transform(tokens).tocsr().astype(np.int64)
    x.sort_indices()
    return TermMatrix(x, np.asarray(vec.get_feature_names_out(), dtype=object))


def first_responses(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`scrm_lib.metrics.responses.first_responses` before issue 13's speed work: a merge on
    the string keys ``(post_id, brand)``."""
    inbound = earned(df)
    base = pd.DataFrame({"post_id": inbound["post_id"].array, "brand": inbound["brand"].array,
                         "channel": inbound["channel"].array, "created_at": inbound["created_at"].array})
    if "in_reply_to" in df.columns and "is_brand" in df.columns:
        is_b = df["is_brand"].fillna(False).astype(bool).to_numpy() & df["in_reply_to"].notna().to_numpy()
        rep = pd.DataFrame({"post_id": df["in_reply_to"].array[is_b], "brand": df["brand"].array[is_b],
                            "first_response_at": df["created_at"].array[is_b]})
        first = rep.groupby(["post_id", "brand"], sort=False, observed=True)["first_response_at"].min().reset_index()
        base = base.merge(first, on=["post_id", "brand"], how="left")
    else:
        base["first_response_at"] = pd.Series(pd.NaT, index=base.index, dtype="datetime64[ns, UTC]")
    base["created_at"] = pd.to_datetime(base["created_at"], utc=True)
    base["first_response_at"] = pd.to_datetime(base["first_response_at"], utc=True)
    delay = (base["first_response_at"] - base["created_at"]).dt.total_seconds() / 60.0
    base["answered"] = base["first_response_at"].notna()
    base["bad_timestamp"] = (delay < 0).to_numpy()
    base["delay_min"] = delay.where(delay >= 0)
    return base


def aspect_hits(matrix: TermMatrix, aspects) -> pd.DataFrame:
    """:func:`scrm_lib.metrics.aspects.aspect_hits` before issue 13's speed work: column slices."""
    vocab = matrix.vocabulary.astype(str)
    uni = np.char.find(vocab, " ") < 0 if len(vocab) else np.zeros(0, dtype=bool)
    cols = {}
    for a in aspects:
        sel = np.isin(vocab, [k for k in a.keywords if not k.endswith("*")])
        for stem in (k[:-1] for k in a.keywords if k.endswith("*")):
            sel |= uni & np.char.startswith(vocab, stem)
        idx = np.flatnonzero(sel)
        cols[a.name] = (np.asarray(matrix.counts[:, idx].sum(axis=1)).ravel().astype(np.int64) if len(idx)
                        else np.zeros(matrix.counts.shape[0], dtype=np.int64))
    return pd.DataFrame(cols)


def aspect_sentiment(df: pd.DataFrame, hits: pd.DataFrame, by: str = "brand", formula: str = "talkwalker",
                     confidence: float = 0.95) -> pd.DataFrame:
    """:func:`scrm_lib.metrics.aspects.aspect_sentiment` before issue 13's speed work: a crosstab per aspect."""
    lab = (df["sentiment"].astype("str") if "sentiment" in df.columns else pd.Series("", index=df.index)).to_numpy()
    grp = df[by].astype(str).to_numpy()
    rows = []
    totals = pd.Series(grp).value_counts()
    for a in hits.columns:
        m = hits[a].to_numpy() > 0
        if not m.any():
            continue
        t = pd.crosstab(grp[m], lab[m])
        for g, r in t.iterrows():
            rows.append({by: g, "aspect": a, "posts": int(r.sum()), "negative": int(r.get("negative", 0)),
                         "neutral": int(r.get("neutral", 0)), "positive": int(r.get("positive", 0))})
    cols = [by, "aspect", "posts", "share_of_posts", "negative", "neutral", "positive", "net", "net_lo", "net_hi", "pct_negative"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["share_of_posts"] = out["posts"] / out[by].map(totals).astype(float)
    out["net"], out["net_lo"], out["net_hi"] = net_sentiment(out["positive"], out["negative"], out["neutral"], formula, confidence)
    lab_n = out[["negative", "neutral", "positive"]].sum(axis=1)
    out["pct_negative"] = out["negative"] / lab_n.where(lab_n > 0)
    return out[cols].sort_values([by, "posts"], ascending=[True, False], kind="mergesort").reset_index(drop=True)


def influencers_vs_advocates(  # noqa: PLR0913 - the former code, verbatim
    df: pd.DataFrame,
    influencer_followers: int = 10_000,
    advocate_min_mentions: int = 3,
    advocate_min_positive_share: float = 0.5,
    advocate_max_followers: int | None = None,
    by: str | None = "brand",
    advocate_min_active_days: int = 10,
    media_channels: Sequence[str] = ("news",),
) -> pd.DataFrame:
    """The workbench's one influence model: per author (per ``by`` brand), who they are for the
    brand (DOMAIN.md §8). Notebooks 01 (listening), 06 (advocate program,
    :func:`scrm_lib.metrics.advocates.author_roles`) and 07 (audit) all use it.

    Only conversation posts count. Per author: ``followers`` (largest count seen; NaN when
    unknown), ``mentions``, ``positive`` (advocacy posts: positive, or trait ``advocate`` when a
    ``trait`` column exists), ``labelled``, ``share_positive`` (advocacy ÷ labelled),
    ``active_days`` (distinct UTC days with a mention), ``peer_replies`` (replies to other
    customers' posts: advocates answer and defend), ``sponsored`` (``#ad``/``#sponsored`` posts),
    ``interactions``, ``repeat = mentions ≥ 2``, ``media`` and ``role``, the first that applies:

    - ``media``: posts on a ``media_channels`` channel or a handle naming a news organisation
      (:data:`MEDIA_HANDLE`) — coverage, not a person: never an influencer or advocate;
    - ``influencer``: ``followers ≥ influencer_followers`` (large reach, whatever the tone);
    - ``advocate``: reach below ``advocate_max_followers`` (default ``influencer_followers``) or
      unknown, ``share_positive ≥ advocate_min_positive_share``, no sponsored post, and
      **sustained** — active on at least ``advocate_min_active_days`` days, or at least
      ``advocate_min_mentions`` mentions including a reply to another customer. Trust is not
      in the posts: persistence, tone and helping others stand in for it;
    - ``other``: everyone else.

    Measured against the synthetic sample generator's true roles (VADER sentiment, defaults):
    advocate precision 44% / recall 87% (the two former rules: 31% / 67% and 17%); see
    docs/benchmarks.md. Counts and sums per author merge across partitions; ``active_days``
    merges as a union of days.
    """
    posts = earned(df)
    keys = as_list(by)
    lab = posts["sentiment"].astype("str") if "sentiment" in posts.columns else pd.Series("", index=posts.index)
    adv = lab.eq("positive").to_numpy(dtype=bool)
    if "trait" in posts.columns:
        adv = adv | posts["trait"].astype("str").eq("advocate").to_numpy(dtype=bool)
    f = (posts["author_followers"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
         if "author_followers" in posts.columns else np.full(len(posts), np.nan))
    peer = np.zeros(len(posts), dtype=bool)
    if "in_reply_to" in posts.columns and posts["in_reply_to"].notna().any():
        peer = posts["in_reply_to"].isin(posts["post_id"]).to_numpy(dtype=bool)
    media_ch = (posts["channel"].isin(list(media_channels)).to_numpy(dtype=bool) if "channel" in posts.columns
                else np.zeros(len(posts), dtype=bool))
    text = posts["text"].astype("str")
    # sponsored talk needs '#', 'sponsor' or 'paid': test the regex only where one occurs
    maybe = (text.str.contains("#", regex=False) | text.str.contains("ponsor", regex=False)
             | text.str.contains("aid", regex=False)).to_numpy(dtype=bool)
    sp = np.zeros(len(posts), dtype=bool)
    if maybe.any():
        sp[maybe] = text[maybe].str.contains(SPONSORED, regex=True).to_numpy(dtype=bool)
    # group on integer codes (factorised once), not on strings
    codes = [pd.factorize(posts[k], sort=True) for k in [*keys, "author_id"]]
    key = np.zeros(len(posts), dtype=np.int64)
    for c, u in codes:
        key = key * max(len(u), 1) + c
    day = pd.factorize(posts["created_at"].dt.floor("D"))[0]
    frame = pd.DataFrame({"key": key, "f": f, "pos": adv, "labelled": (lab.isin(SENTIMENT_LABELS).to_numpy(dtype=bool) | adv),
                          "inter": interactions(posts).to_numpy(), "peer": peer, "media_ch": media_ch, "sp": sp})
    g = frame.groupby("key", sort=True)
    out = pd.DataFrame({
        "followers": g["f"].max(), "mentions": g.size(), "positive": g["pos"].sum(),
        "labelled": g["labelled"].sum(), "interactions": g["inter"].sum(),
        "peer_replies": g["peer"].sum(), "sponsored": g["sp"].sum(), "media_posts": g["media_ch"].sum(),
    })
    days = pd.DataFrame({"key": key, "day": day}).drop_duplicates()["key"].value_counts()
    out["active_days"] = days.reindex(out.index).to_numpy()
    k = out.index.to_numpy()
    for name, (_c, u) in reversed(list(zip([*keys, "author_id"], codes, strict=True))):
        out[name] = np.asarray(u, dtype=object)[k % max(len(u), 1)]
        k = k // max(len(u), 1)
    out = out.reset_index(drop=True)
    out["share_positive"] = out["positive"] / out["labelled"].where(out["labelled"] > 0)
    out["repeat"] = out["mentions"] >= 2
    handles = out["author_id"].astype("str")
    out["media"] = (out["media_posts"] > 0).to_numpy() | handles.str.contains(MEDIA_HANDLE).to_numpy()
    cap = influencer_followers if advocate_max_followers is None else advocate_max_followers
    big = out["followers"].fillna(-1) >= influencer_followers
    sustained = (out["active_days"] >= advocate_min_active_days) | (
        (out["mentions"] >= advocate_min_mentions) & (out["peer_replies"] >= 1))
    adv_role = (sustained & (out["share_positive"].fillna(0) >= advocate_min_positive_share)
                & ~(out["followers"].fillna(0) >= cap) & (out["sponsored"] == 0))
    out["role"] = np.select([out["media"], big, adv_role], ["media", "influencer", "advocate"], default="other")
    return out[[*keys, "author_id", "followers", "mentions", "positive", "labelled", "share_positive", "repeat",
                "active_days", "peer_replies", "sponsored", "interactions", "media", "role"]]



def measurement_framework(df: pd.DataFrame, formula: str = "talkwalker", overall: str = "overall") -> pd.DataFrame:
    """The five-category × channel matrix of DOMAIN.md §3, filled from the data.

    One row per (category, channel) — every channel of the frame plus ``overall`` — with the
    numbers it rests on and a ``cell`` text; a cell without data says ``no data: …``:

    - **Attention**: unique authors and posts (views are not in the mentions schema);
    - **Engagement**: interactions (likes + shares + replies) and per post; posts answering
      another post (``in_reply_to``);
    - **Authority**: posts carrying a link, and external coverage (posts on ``news``/``blog``
      channels by non-brand authors);
    - **Influence**: the brand accounts' followers (latest count per account, Σ over accounts)
      and the potential reach of the conversation (Σ unique authors' followers);
    - **Sentiment**: positive / negative share of labelled posts, net sentiment (``formula``)
      and its change from the first to the second half of the period.

    Columns: ``category``, ``channel``, ``metric`` (name of the headline number), ``value``,
    ``cell``.
    """
    rows: list[dict[str, Any]] = []
    used = ("post_id", "created_at", "channel", "brand", "author_id", "text", "author_followers", *COUNT_COLUMNS,
            "in_reply_to", "is_brand", "sentiment")
    df = df[[c for c in used if c in df.columns]]
    channels = sorted(df["channel"].unique().tolist())
    mid = df["created_at"].min() + (df["created_at"].max() - df["created_at"].min()) / 2 if len(df) else None
    for ch in [*channels, overall]:
        d = df if ch == overall else df.loc[(df["channel"] == ch).to_numpy()]
        conv = earned(d)
        nposts, nauth = len(conv), conv["author_id"].nunique()
        rows.append({"category": "Attention", "channel": ch, "metric": "unique authors", "value": float(nauth),
                     "cell": f"{nauth:,} unique authors, {nposts:,} posts" if nposts else "no data: no posts"})
        has_eng = any(c in d.columns and d[c].notna().any() for c in COUNT_COLUMNS)
        inter = int(interactions(d).sum())
        replies = int(d["in_reply_to"].notna().sum()) if "in_reply_to" in d.columns else 0
        rows.append({"category": "Engagement", "channel": ch, "metric": "interactions",
                     "value": float(inter) if has_eng else np.nan,
                     "cell": (f"{inter:,} interactions ({inter / max(len(d), 1):.1f} per post), {replies:,} repl{'y' if replies == 1 else 'ies'} in threads"
                              if has_eng else (f"no data: no like/share/reply counts; {replies:,} repl{'y' if replies == 1 else 'ies'} in threads"
                                               if replies else "no data: no like/share/reply counts"))})
        links = int(conv["text"].astype(str).str.contains(_LINK).sum())
        coverage = len(conv) if ch in COVERAGE_CHANNELS else (
            int(conv["channel"].isin(COVERAGE_CHANNELS).sum()) if ch == overall else 0)
        rows.append({"category": "Authority", "channel": ch, "metric": "posts with links",
                     "value": float(links) if links or coverage else np.nan,
                     "cell": (f"{links:,} posts with links, {coverage:,} coverage posts (news/blog)" if links or coverage
                              else "no data: no links or external coverage (inbound links and embeds are not in the data)")})
        f_known = "author_followers" in d.columns and d["author_followers"].notna().any()
        if f_known:
            own = d.loc[d["is_brand"].fillna(False).astype(bool).to_numpy()] if "is_brand" in d.columns else d.iloc[0:0]
            own = own.loc[own["author_followers"].notna().to_numpy()]
            acct = 0.0
            if len(own):
                latest = own.sort_values("created_at", kind="mergesort").groupby(["channel", "author_id"], observed=True).tail(1)
                acct = float(latest["author_followers"].astype(float).sum())
            rch = float(reach(conv, by=None)["reach"].iloc[0]) if len(conv) else 0.0
            rows.append({"category": "Influence", "channel": ch, "metric": "potential reach", "value": rch,
                         "cell": (f"brand accounts: {acct:,.0f} followers; " if len(own) else "brand accounts: none with follower counts; ")
                         + f"potential reach of the conversation: {rch:,.0f}"})
        else:
            rows.append({"category": "Influence", "channel": ch, "metric": "potential reach", "value": np.nan,
                         "cell": "no data: no follower counts"})
        if has_labels(conv):
            c = sentiment_counts(conv, by=None)
            lab = int(c[list(SENTIMENT_LABELS)].sum(axis=1).iloc[0])
            net, _, _ = net_sentiment(c["positive"], c["negative"], c["neutral"], formula)
            halves = []
            for part in (conv.loc[(conv["created_at"] < mid).to_numpy()], conv.loc[(conv["created_at"] >= mid).to_numpy()]):
                cc = sentiment_counts(part, by=None)
                halves.append(float(net_sentiment(cc["positive"], cc["negative"], cc["neutral"], formula)[0][0]) if len(part) else np.nan)
            change = halves[1] - halves[0]
            rows.append({"category": "Sentiment", "channel": ch, "metric": "net sentiment", "value": float(net[0]),
                         "cell": (f"{int(c['positive'].iloc[0]) / lab:.0%} positive, {int(c['negative'].iloc[0]) / lab:.0%} negative; "
                                  f"net {float(net[0]):+.2f}" + ("" if math.isnan(change) else f" ({change:+.2f} first → second half)"))
                         if lab else "no data: no labelled posts"})
        else:
            rows.append({"category": "Sentiment", "channel": ch, "metric": "net sentiment", "value": np.nan,
                         "cell": "no data: no sentiment labels"})
    return pd.DataFrame(rows, columns=["category", "channel", "metric", "value", "cell"])


def sentiment_counts(df: pd.DataFrame, by: str | Sequence[str] | None = "brand", freq: str | None = None) -> pd.DataFrame:
    """Counts per group: ``negative``, ``neutral``, ``positive``, ``unlabelled``, ``posts``.

    Additive across partitions: the input of :func:`sentiment_summary`.
    """
    data, pkeys = with_period(df, freq)
    keys = [*pkeys, *as_list(by)]
    lab = (data["sentiment"].astype("str") if "sentiment" in data.columns
           else pd.Series("", index=data.index, dtype="str")).where(lambda s: s.isin(SENTIMENT_LABELS), "unlabelled")
    lab = lab.fillna("unlabelled")
    if keys:
        table = data.groupby([*[data[k] for k in keys], lab.rename("label")], observed=True, sort=True).size().unstack("label", fill_value=0)
    else:
        table = lab.value_counts().to_frame().T
    table = table.reindex(columns=[*SENTIMENT_LABELS, "unlabelled"], fill_value=0).astype("int64")
    table["posts"] = table.sum(axis=1)
    table.columns.name = None
    return table.reset_index() if keys else table.reset_index(drop=True)


def reach_(df: pd.DataFrame, by: str | Sequence[str] | None = "brand", freq: str | None = None) -> pd.DataFrame:
    """Potential reach: Σ over the **unique** authors of a group of their follower counts.

    An author's count is the largest ``author_followers`` seen in the group (followers change
    over time). Columns: groups, ``authors``, ``authors_with_followers``, ``reach``. Authors
    with no follower count add nothing (``authors_with_followers`` says how many did).

    Not additive over arbitrary partitions (an author in two partitions would count twice);
    partitions by author (e.g. hashed ``author_id``) are additive.
    """
    data, pkeys = with_period(df, freq)
    keys = [*pkeys, *as_list(by)]
    af = followers_per_author(data, keys)
    if keys:
        g = af.groupby(keys, observed=True, sort=True)["f"]
        out = pd.DataFrame({"authors": g.size(), "authors_with_followers": g.count(), "reach": g.sum()}).reset_index()
    else:
        out = pd.DataFrame({"authors": [len(af)], "authors_with_followers": [int(af["f"].count())], "reach": [af["f"].sum()]})
    out["reach"] = out["reach"].astype("float64")
    return out


def share_of_voice(
    df: pd.DataFrame,
    by: str = "brand",
    within: str | Sequence[str] | None = None,
    weight: str | None = None,
    freq: str | None = None,
) -> pd.DataFrame:
    """Share of voice of each ``by`` value, within each group of ``within`` (and period).

    ``share = value / Σ value`` over the ``by`` values of a group, where ``value`` is

    - ``weight=None``: ``mentions`` (posts);
    - ``weight="engagement"``: interactions (likes + shares + replies) on those posts;
    - ``weight="reach"``: potential reach, Σ of the unique authors' followers (see :func:`reach`).

    ``within`` may name columns (e.g. ``"channel"``); ``freq`` adds ``period``. Columns:
    groups, ``by``, ``mentions``, the weight column when weighted, ``share``. Shares sum to 1
    in every group whose total is positive (a group with zero engagement has NaN shares).
    """
    check_choice("weight", str(weight), ["None", "engagement", "reach"])
    data, pkeys = with_period(df, freq)
    groups = [*pkeys, *as_list(within)]
    keys = [*groups, by]
    out = data.groupby(keys, observed=True, sort=True).size().rename("mentions").reset_index()
    value = "mentions"
    if weight == "engagement":
        e = data.assign(engagement=interactions(data)).groupby(keys, observed=True, sort=True)["engagement"].sum()
        out = out.merge(e.reset_index(), on=keys, how="left")
        value = "engagement"
    elif weight == "reach":
        r = followers_per_author(data, keys).groupby(keys, observed=True, sort=True)["f"].sum().rename("reach")
        out = out.merge(r.reset_index(), on=keys, how="left")
        value = "reach"
    total = out.groupby(groups, observed=True, sort=False)[value].transform("sum") if groups else out[value].sum()
    out["share"] = out[value] / (total.where(total > 0) if groups else (total if total > 0 else np.nan))
    return out.sort_values([*groups, "share"], ascending=[True] * len(groups) + [False], kind="mergesort").reset_index(drop=True)
