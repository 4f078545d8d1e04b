"""Reference implementations for ``tests/test_listening_fast_paths.py``: the listening code as it
was before issue 13's speed work (or the definition it implements), kept only to check that the
vectorised paths in :mod:`scrm_lib.metrics` give identical results. Not used by the package."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from scrm_lib.metrics.periods import earned
from scrm_lib.metrics.sentiment import net_sentiment
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
