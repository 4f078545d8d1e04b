"""Feature hashing for the text models: the columns of scikit-learn's hashers, computed faster.

:func:`hash_strings` is ``FeatureHasher(alternate_sign=False)`` over lists of feature strings
through its compiled loop; :func:`char_wb_ngrams` is ``analyzer="char_wb"``; the column caches
let :class:`~scrm_lib.modeling.text.CharHasher` hash each distinct word once. Tests compare every
matrix with scikit-learn's own hashers (``tests/test_fast_hashing.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import repeat

import numpy as np
import scipy.sparse as sp
from sklearn.utils import murmurhash3_32

try:  # FeatureHasher's compiled loop (private; hash_strings falls back to the public class)
    from sklearn.feature_extraction._hashing_fast import transform as _hashing_transform
except ImportError:  # pragma: no cover - another scikit-learn layout
    _hashing_transform = None

#: Most entries a feature → column cache holds before it starts over (bounds memory when
#: scoring millions of posts: about 1 kB an entry, a word and the columns of its n-grams).
HASH_CACHE_SIZE: dict[str, int] = {"char": 1 << 16}
_HASH_CACHES: dict[tuple[str, int], dict] = {}


def hash_column(feature: str, n_features: int) -> int:
    """Column of ``feature`` in scikit-learn's ``FeatureHasher(alternate_sign=False)`` of ``n_features``."""
    return abs(murmurhash3_32(feature, seed=0, positive=False)) % n_features


def column_cache(kind: str, n_features: int) -> dict:
    """The process's feature → columns cache for one kind of feature and width (created empty on
    first use; callers start it over past :data:`HASH_CACHE_SIZE` entries).

    >>> column_cache("doc-example", 8) is column_cache("doc-example", 8)
    True
    """
    cache = _HASH_CACHES.get((kind, n_features))
    if cache is None:
        cache = _HASH_CACHES[(kind, n_features)] = {}
    return cache


def rows_to_csr(indices: list[int], indptr: list[int], n_features: int) -> sp.csr_matrix:
    """Count matrix (float64, duplicates summed, indices sorted) from flat column lists.

    >>> rows_to_csr([3, 1, 3], [0, 3, 3], 4).toarray()
    array([[0., 1., 0., 2.],
           [0., 0., 0., 0.]])
    """
    ind = np.fromiter(indices, dtype=np.int32, count=len(indices))
    ptr = np.fromiter(indptr, dtype=np.int64 if indptr[-1] > np.iinfo(np.int32).max else np.int32,
                      count=len(indptr))
    X = sp.csr_matrix((np.ones(len(ind), dtype=np.float64), ind, ptr), shape=(len(ptr) - 1, n_features))
    X.sum_duplicates()
    return X


def hash_strings(rows: Iterable[list[str]], n_features: int) -> sp.csr_matrix:
    """Hashed counts of feature-string lists, one row per list: the matrix of scikit-learn's
    ``FeatureHasher(n_features, input_type="string", alternate_sign=False)``, computed by its
    compiled loop without the per-feature Python generator it wraps around each list.

    >>> hash_strings([["good", "not good", "good"], []], 2 ** 10).toarray().sum(axis=1)
    array([3., 0.])
    """
    if _hashing_transform is None:  # another scikit-learn layout: the public class, same matrix
        from sklearn.feature_extraction import FeatureHasher

        return sp.csr_matrix(FeatureHasher(n_features=n_features, input_type="string",
                                           alternate_sign=False).transform(rows))
    one = repeat(1)
    indices, indptr, values = _hashing_transform((zip(r, one, strict=False) for r in rows), n_features, np.float64,
                                                 False, seed=0)
    X = sp.csr_matrix((values, indices, indptr), shape=(len(indptr) - 1, n_features))
    X.sum_duplicates()
    return X


def char_wb_ngrams(text: str, ngram_range: tuple[int, int] = (2, 5)) -> list[str]:
    """Character n-grams inside word boundaries, as scikit-learn's ``analyzer="char_wb"``
    (each whitespace-separated word padded with one space each side; a word shorter than
    ``n`` counted once, as itself).

    >>> char_wb_ngrams("ok go", (2, 3))
    [' o', 'ok', 'k ', ' ok', 'ok ', ' g', 'go', 'o ', ' go', 'go ']
    """
    out: list[str] = []
    for w in text.split():
        out += word_char_ngrams(w, ngram_range)
    return out


def word_char_ngrams(word: str, ngram_range: tuple[int, int]) -> list[str]:
    """:func:`char_wb_ngrams` of one word (padded with a space each side).

    >>> word_char_ngrams("ok", (2, 4))
    [' o', 'ok', 'k ', ' ok', 'ok ', ' ok ']
    """
    w = " " + word + " "
    n_w = len(w)
    out: list[str] = []
    lo, hi = ngram_range
    for n in range(lo, hi + 1):
        if n >= n_w:
            out.append(w)
            break
        out += [w[i: i + n] for i in range(n_w - n + 1)]
    return out


__all__ = [
    "HASH_CACHE_SIZE", "char_wb_ngrams", "column_cache", "hash_column", "hash_strings", "rows_to_csr",
    "word_char_ngrams",
]
