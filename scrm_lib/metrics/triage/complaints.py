"""Micro vs macro: clusters of similar complaints, and macro issues (bursty terms joined by shared posts)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from scrm_lib.metrics.listening import earned

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

    posts = earned(df)
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
    posts = earned(df)
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


def duplicate_groups(complaints: pd.DataFrame) -> tuple[int, int]:
    """Near-duplicate groups of :func:`complaint_clusters`' posts: ``(groups of 2+ posts, posts in them)``."""
    sizes = complaints["duplicate_group"].value_counts()
    return int((sizes >= 2).sum()), int(sizes[sizes >= 2].sum())
