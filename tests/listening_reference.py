"""Reference implementations for ``tests/test_listening_fast_paths.py``: the listening code as it
was before issue 13's speed work (or the definition it implements), kept only to check that the
vectorised paths in :mod:`scrm_lib.metrics` give identical results. Not used by the package."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

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
