"""The faster hashing of issue 12 gives exactly the matrices of scikit-learn's hashers.

``TweetHasher.transform`` (:func:`~scrm_lib.modeling.hashing.hash_strings`) must equal
``FeatureHasher`` on :meth:`TweetHasher.analyze`, and :class:`~scrm_lib.modeling.text.CharHasher`
must equal ``HashingVectorizer(analyzer="char_wb", …)``: the committed models were fitted on
those columns, so any difference would change their predictions.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import HashingVectorizer

from scrm_lib.modeling import hashing as H
from scrm_lib.modeling import text as T
from scrm_lib.modeling.fairness import mask_identity

POSTS = [
    "", "a", "I don't like it. LOVE the rest!!! 😡 sooooo good &amp; cheap http://x.co @Bob",
    "no no no... #Fail :( can't wait", "café naïve ÉCOLE   tabs\tand\nnewlines", "x y",
    "The gays and #Muslims on board were great, said Jasmine", "  ", "isn't it? not bad; good",
]

_text = st.lists(st.sampled_from(list("aAbBnNoOtT '@#.!?:;&0-9😡é\t\n") + ["n't", "not ", "http://a.b ", "\\u00e9",
                                                                          "&amp;", "LOVE", "sooo"]),
                 max_size=30).map("".join)


def _same(a: sp.spmatrix, b: sp.spmatrix) -> bool:
    a, b = sp.csr_matrix(a), sp.csr_matrix(b)
    a.sum_duplicates()
    return (a.shape == b.shape and np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
            and np.array_equal(a.data, b.data))


def _feature_hasher(h: T.TweetHasher, posts: list[str]) -> sp.spmatrix:
    return FeatureHasher(n_features=h.n_features, input_type="string", alternate_sign=False).transform(
        h.analyze(p) for p in posts)


def _hashing_vectorizer(ngram_range: tuple[int, int], n_features: int, posts: list[str]) -> sp.spmatrix:
    return HashingVectorizer(analyzer="char_wb", ngram_range=ngram_range, lowercase=False, n_features=n_features,
                             alternate_sign=False, norm=None).transform(posts)


def test_tweet_hasher_equals_feature_hasher() -> None:
    for ngram_max in (1, 2, 3):
        h = T.TweetHasher(ngram_max=ngram_max, n_bits=16)
        assert _same(_feature_hasher(h, POSTS), h.transform(POSTS))


def test_char_hasher_equals_hashing_vectorizer() -> None:
    for rng in ((2, 5), (1, 3), (3, 3)):
        ch = T.CharHasher(ngram_range=rng, n_features=2 ** 14)
        assert _same(_hashing_vectorizer(rng, 2 ** 14, POSTS), ch.transform(POSTS))
        hv = HashingVectorizer(analyzer="char_wb", ngram_range=rng, lowercase=False).build_analyzer()
        assert all(ch.build_analyzer()(p) == hv(p) for p in POSTS)


def test_char_hasher_cache_is_bounded(monkeypatch) -> None:
    monkeypatch.setitem(H.HASH_CACHE_SIZE, "char", 3)
    ch = T.CharHasher(ngram_range=(2, 4), n_features=2 ** 10)
    posts = [" ".join(f"w{i}x{j}" for j in range(5)) for i in range(20)]
    assert _same(_hashing_vectorizer((2, 4), 2 ** 10, posts), ch.transform(posts))
    assert len(H.column_cache("char(2, 4)", 2 ** 10)) <= 3 + 5


@settings(max_examples=150, deadline=None)
@given(st.lists(_text, min_size=1, max_size=6))
def test_hashers_equal_scikit_learn_on_any_posts(posts: list[str]) -> None:
    h = T.TweetHasher(ngram_max=3, n_bits=12)
    assert _same(_feature_hasher(h, posts), h.transform(posts))
    assert _same(_hashing_vectorizer((2, 5), 2 ** 12, posts), T.CharHasher(n_features=2 ** 12).transform(posts))


_identity_text = st.lists(st.sampled_from(["Gay", "gays", "#Muslims", "Jasmine", "JASMINE", "will", "Will", "an",
                                           "Mexican-American", "ok", "Torrance", "jew's", "@gay", "Al", "!", " ", ","]),
                         max_size=12).map("".join)


@settings(max_examples=200, deadline=None)
@given(_identity_text)
def test_mask_pre_check_changes_nothing(post: str) -> None:
    """The mask's early return (no identity word or name among the lower-case words) is exact."""
    assert mask_identity(post) == _mask_reference(post)


def _mask_reference(text: str) -> str:
    """The masking without pre-checks: both substitutions on every post."""
    from scrm_lib.modeling.fairness import _IDENTITY_RE, _TITLE_WORD, MASK_TOKEN, _name_sub

    return _TITLE_WORD.sub(_name_sub, _IDENTITY_RE.sub(MASK_TOKEN, text))
