"""Distinctive terms as an aggregate: merged per-brand term counts, names carried per partition
(see :mod:`scrm_lib.metrics.aggregates`)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from scipy import sparse

from scrm_lib import metrics as L
from scrm_lib.metrics.aggregates.base import (
    Aggregate,
)

# --------------------------------------------------------------------------------------------
# Themes (merged term counts)
# --------------------------------------------------------------------------------------------


def _term_partial(frame: pd.DataFrame, by: str, drop: frozenset[str]) -> pd.DataFrame:
    cols = [by, "term", "count"]
    if frame.empty:
        return pd.DataFrame({by: pd.Series(dtype="str"), "term": pd.Series(dtype="str"), "count": pd.Series(dtype="int64")})[cols]
    tm = L.term_matrix(frame, drop=drop)
    codes, groups = pd.factorize(frame[by])
    onehot = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(groups), len(codes)))
    per = sparse.coo_matrix(onehot @ tm.counts)
    out = pd.DataFrame({by: np.asarray(groups, dtype=object)[per.row], "term": tm.vocabulary[per.col],
                        "count": per.data.astype(np.int64)})
    out = out.loc[out["count"] > 0]
    return out.astype({by: "str", "term": "str"})[cols]


def term_counts_matrix(merged: pd.DataFrame, by: str = "brand") -> tuple[pd.DataFrame, L.TermMatrix]:
    """One row per ``by`` group and a :class:`scrm_lib.metrics.terms.TermMatrix` of its merged term
    counts (vocabulary in the alphabetical order of :func:`scrm_lib.metrics.terms.term_matrix`)."""
    vocab = np.asarray(sorted(set(merged["term"].astype(str))), dtype=object)
    vocab = vocab[np.argsort(vocab.astype(str), kind="mergesort")] if len(vocab) else vocab
    groups = np.asarray(sorted(set(merged[by].astype(str))), dtype=object)
    r = pd.Index(groups).get_indexer(merged[by].astype(str))
    c = pd.Index(vocab).get_indexer(merged["term"].astype(str))
    m = sparse.csr_matrix((merged["count"].to_numpy(dtype=np.int64), (r, c)), shape=(len(groups), len(vocab)))
    return pd.DataFrame({by: groups}), L.TermMatrix(m, vocab)


def _themes_finalize(merged: pd.DataFrame, by: str, n: int, min_count: int) -> pd.DataFrame:
    cols = [by, "rank", "term", "kind", "count", "count_reference", "per_1000", "per_1000_reference", "log_odds", "z"]
    if merged.empty:
        return pd.DataFrame(columns=cols)
    groups, tm = term_counts_matrix(merged, by)
    out = []
    for g in groups[by]:
        t = L.themes(groups, g, by=by, n=n, min_count=min_count, matrix=tm)
        if len(t):
            out.append(t.assign(**{by: g, "rank": np.arange(1, len(t) + 1)}))
    return pd.concat(out, ignore_index=True)[cols] if out else pd.DataFrame(columns=cols)


#: The ``by`` value of the theme partials' rows that carry a partition's names (:func:`themes`
#: with ``drop=None``): one row per name, and one with the term "" that counts the partitions.
NAMES_KEY = "\x00names"


def _names_term_partial(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Term counts of the partition's conversation without the partition's own names
    (:func:`scrm_lib.metrics.terms.theme_drop_terms` of all its posts), and those names."""
    drop = L.theme_drop_terms(frame)
    counts = _term_partial(L.earned(frame), by, drop)
    names = pd.DataFrame({by: NAMES_KEY, "term": ["", *sorted(drop)], "count": 1})
    return pd.concat([counts, names.astype({by: "str", "term": "str", "count": "int64"})], ignore_index=True)


def _split_names(merged: pd.DataFrame, by: str) -> tuple[pd.DataFrame, frozenset[str], list[str]]:
    """The term counts, the merged names, and the counted words that a name from another
    partition would have left out (empty: the counts are those of the merged names)."""
    is_name = (merged[by] == NAMES_KEY).to_numpy() if len(merged) else np.zeros(0, dtype=bool)
    counts = merged.loc[~is_name].reset_index(drop=True)
    if not is_name.any():
        return counts, frozenset(), []
    names = merged.loc[is_name]
    partitions = int(names.loc[names["term"] == "", "count"].sum())
    drop = frozenset(names.loc[names["term"] != "", "term"].astype(str))
    # a name every partition had left out the same words everywhere; the others may not have
    new = frozenset(names.loc[(names["term"] != "") & (names["count"] < partitions), "term"].astype(str))
    words = [t for t in pd.unique(counts["term"].astype(str)) if " " not in t] if new else []
    return counts, drop, [t for t in words if t in new or L.is_brand_term(t, new)]


def _names_themes_finalize(merged: pd.DataFrame, by: str, n: int, min_count: int) -> pd.DataFrame:
    counts, _, missed = _split_names(merged, by)
    if missed:
        raise ValueError(f"themes: {len(missed)} counted word(s) are names another partition knew (e.g. {missed[0]!r}); "
                         "run the second pass of Aggregate.refine (scrm_lib.metrics.aggregates.run_passes)")
    return _themes_finalize(counts, by, n, min_count)


def _names_themes_refine(merged: pd.DataFrame, by: str, n: int, min_count: int) -> Aggregate | None:
    _, drop, missed = _split_names(merged, by)
    return themes(drop, by, n, min_count) if missed else None


def themes(drop: Iterable[str] | None = None, by: str = "brand", n: int = 15, min_count: int = 5) -> Aggregate:
    """Distinctive terms of each ``by`` group against all other groups — :func:`scrm_lib.metrics.terms.themes`
    with ``group=<value>`` and a :func:`~scrm_lib.metrics.terms.term_matrix` of the conversation with
    ``drop`` terms left out. Partial: term counts per group.

    ``drop=None``: the names of the data (:func:`scrm_lib.metrics.terms.theme_drop_terms` of all
    posts), in one pass: each partition leaves out its own names and carries them in its partial
    (rows keyed :data:`NAMES_KEY`); when a counted word is a name only another partition had,
    :attr:`Aggregate.refine` asks for a second pass with the merged names."""
    if drop is None:
        return Aggregate("themes", lambda f: _names_term_partial(f, by), (by, "term"), {"count": "sum"},
                         lambda m: _names_themes_finalize(m, by, n, min_count), ("brand", "author_id", "is_brand", by, "text"),
                         conversation=False, params={"by": by, "n": n, "min_count": min_count, "drop": "data"},
                         refine=lambda m: _names_themes_refine(m, by, n, min_count))
    d = frozenset(drop)
    return Aggregate("themes", lambda f: _term_partial(f, by, d), (by, "term"), {"count": "sum"},
                     lambda m: _themes_finalize(m, by, n, min_count), (by, "text"),
                     params={"by": by, "n": n, "min_count": min_count})


def _names_partial(frame: pd.DataFrame) -> pd.DataFrame:
    brands = pd.DataFrame({"kind": "brand", "value": frame["brand"].astype("str").unique()})
    handles = pd.DataFrame({"kind": "handle", "value": sorted(L.brand_handles(frame))})
    return pd.concat([brands, handles], ignore_index=True).assign(n=1).astype({"kind": "str", "value": "str"})


def names() -> Aggregate:
    """The brands and the brand accounts' handles of the data (for :func:`theme_drop`)."""
    return Aggregate("names", _names_partial, ("kind", "value"), {"n": "sum"}, lambda m: m,
                     ("brand", "author_id", "is_brand"), conversation=False)


def theme_drop(merged_names: pd.DataFrame, entities: Iterable[str] = ()) -> frozenset[str]:
    """:func:`scrm_lib.metrics.terms.theme_drop_terms` from the merged :func:`names` table."""
    brands = merged_names.loc[merged_names["kind"] == "brand", "value"]
    handles = {str(h).lower() for h in merged_names.loc[merged_names["kind"] == "handle", "value"]}
    return frozenset(L.brand_terms(brands) | handles | {str(e).lower() for e in entities})
