"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): themes — document–term counts of posts (the tweet
tokeniser of :mod:`scrm_lib.text.tokenise`, brand names and entities dropped) and distinctive terms
(weighted log-odds with an informative Dirichlet prior).

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from scrm_lib.core.errors import DataValidationError, Problem, display_path
from scrm_lib.metrics.periods import large_strings
from scrm_lib.text.privacy import brand_handles
from scrm_lib.text.tokenise import brand_terms, chunk_tokens, tokenize, unescape_entities


def load_entity_terms(path: str | Any) -> frozenset[str]:
    """Terms from a plain-text entity list (one term per line; ``#`` starts a comment; blank lines
    ignored), lower-cased — names that are not themes: airport codes, cities, product codes, other
    companies' handles. ``data/entities/us_airlines.txt`` is the list for the airline data."""
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise DataValidationError(path=display_path(p), kind="entity list", problems=[Problem(
            message=f"cannot read the entity list: {e}", expected="a UTF-8 text file, one term per line")]) from None
    return frozenset(t for t in (ln.split("#", 1)[0].strip().lower() for ln in lines) if t)


def theme_drop_terms(df: pd.DataFrame, entities: Iterable[str] = ()) -> frozenset[str]:
    """Everything that names rather than describes, for :func:`term_matrix`'s ``drop``: the
    brands' names (:func:`brand_terms`), their handles (:func:`brand_handles`: brand accounts and
    ``@handles`` containing a brand's name, which also appear as bare words and hashtags) and
    ``entities`` (:func:`load_entity_terms`). :func:`is_brand_term` adds hashtags and words built
    on a brand's name."""
    handles = {h.lower() for h in brand_handles(df)} if len(df) else set()
    return frozenset(brand_terms(df["brand"].unique()) | handles | {str(e).lower() for e in entities})


@dataclass(frozen=True)
class TermMatrix:
    """Document–term counts of a frame's posts (rows in frame order) and the vocabulary."""

    counts: sparse.csr_matrix
    vocabulary: np.ndarray

    def subset(self, mask: np.ndarray) -> TermMatrix:
        """The rows where ``mask`` is True."""
        return TermMatrix(self.counts[np.flatnonzero(mask)], self.vocabulary)


def term_matrix(df: pd.DataFrame, ngram_range: tuple[int, int] = (1, 2), drop: Iterable[str] | None = None,
                text_col: str = "text") -> TermMatrix:
    """Counts of words and phrases (``ngram_range`` of consecutive content tokens) per post.

    The tokens are :func:`tokenize`'s; ``drop`` defaults to :func:`brand_terms` of the frame's
    brands. Words and two-word phrases (the default) are counted without a per-post Python loop
    (:func:`_fast_counts`); other ranges go through ``CountVectorizer``.
    """
    drop_set = frozenset(brand_terms(df["brand"].unique()) if drop is None else drop)
    texts = df[text_col].astype(str)
    if tuple(ngram_range) in ((1, 1), (1, 2)):
        x, vocab = _fast_counts(texts, drop_set, bigrams=tuple(ngram_range) == (1, 2))
        return TermMatrix(x, vocab)
    codes, uniques = pd.factorize(texts)
    tokens = [tokenize(t, drop_set) for t in uniques]
    vec = CountVectorizer(analyzer=lambda toks: _ngrams(toks, ngram_range), lowercase=False)
    if not any(tokens):
        return TermMatrix(sparse.csr_matrix((len(df), 0), dtype=np.int64), np.array([], dtype=object))
    xu = vec.fit_transform(tokens).tocsr()
    x = xu[codes] if len(codes) else xu[:0]
    return TermMatrix(x.tocsr(), np.asarray(vec.get_feature_names_out(), dtype=object))


def _fast_counts(texts: Any, drop: frozenset[str], bigrams: bool) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Word (and two-word phrase) counts of ``texts`` (one row per text; a missing text has none):
    the same matrix and alphabetical vocabulary as ``CountVectorizer`` over :func:`tokenize` and
    :func:`_ngrams`, built with integer ids and no per-text Python loop:

    - HTML entities are replaced (:func:`unescape_entities`) in the texts that hold a ``&``;
    - pyarrow splits the texts at whitespace (``utf8_split_whitespace`` splits at exactly the
      characters ``str.split()`` does: every code point was checked) and dictionary-encodes the
      chunks, so only *distinct* chunks are tokenised in Python (:func:`chunk_tokens`, memoised);
      no token nltk's patterns keep spans whitespace, so a text's tokens are its chunks' tokens
      in order;
    - numpy expands the chunks' token ids back to one id per token, phrases are pairs of
      neighbouring ids within a text (only distinct phrases become strings), and one sort of
      ``row × vocabulary + column`` keys gives the counts in canonical CSR order.
    """
    vals = large_strings(texts.array if isinstance(texts, pd.Series) else texts)
    n = len(vals)
    amp = pc.fill_null(pc.match_substring(vals, "&"), False).to_numpy(zero_copy_only=False)
    if amp.any():
        fixed = [unescape_entities(t) for t in vals.filter(pa.array(amp)).to_pylist()]
        vals = pc.replace_with_mask(vals, pa.array(amp), pa.array(fixed, type=pa.large_string()))
    lists = pc.utf8_split_whitespace(vals)
    text_start = lists.offsets.to_numpy()  # per text, where its chunks start (a missing text: none)
    enc = pc.dictionary_encode(lists.values)
    chunk_code = enc.indices.to_numpy(zero_copy_only=False)
    ids: dict[str, int] = {}
    chunk_ids = [tuple(ids.setdefault(k, len(ids)) for k in chunk_tokens(c, drop)) for c in enc.dictionary.to_pylist()]
    uni = np.array(list(ids), dtype=object)
    if len(uni) == 0:
        return sparse.csr_matrix((n, 0), dtype=np.int64), uni
    # (big arrays are few and updated in place: on a busy machine each fresh 100 MB costs ~0.3 s of page faults)
    chunk_len = np.fromiter((len(t) for t in chunk_ids), dtype=np.int32, count=len(chunk_ids))
    chunk_flat = np.fromiter((i for t in chunk_ids for i in t), dtype=np.int64, count=int(chunk_len.sum()))
    lens = chunk_len[chunk_code]
    ends = np.empty(len(lens) + 1, dtype=np.int64)  # tokens before each chunk occurrence
    ends[0] = 0
    np.cumsum(lens, out=ends[1:])
    total = int(ends[-1])
    idx = (np.cumsum(chunk_len, dtype=np.int64) - chunk_len)[chunk_code]
    idx -= ends[:-1]
    idx = np.repeat(idx, lens)
    idx += np.arange(total, dtype=np.int64)
    tok = chunk_flat[idx]
    del idx, lens
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(ends[text_start]))
    del ends
    vocab, pcode, pdoc = uni, None, None
    if bigrams and total > 1:
        same = doc[1:] == doc[:-1]
        pair = tok[:-1][same]
        pair *= len(uni)
        pair += tok[1:][same]
        pcode, puniq = pd.factorize(pair, sort=False)
        del pair
        pdoc = doc[1:][same]
        pnames = np.char.add(np.char.add(uni[puniq // len(uni)].astype(str), " "), uni[puniq % len(uni)].astype(str)).astype(object)
        vocab = np.concatenate([uni, pnames])
    order = np.argsort(vocab.astype(str), kind="mergesort")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    # one int64 key per token: row in the high bits, alphabetical column in the low bits
    shift = max(int(len(vocab) - 1).bit_length(), 1)
    if n.bit_length() + shift > 62:  # too wide for one int64 key: scipy builds the matrix (slower)
        rows = doc if pdoc is None else np.concatenate([doc, pdoc])
        cols = rank[:len(uni)][tok] if pcode is None else np.concatenate([rank[:len(uni)][tok], rank[len(uni):][pcode]])
        m = sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(n, len(vocab)))
        m.sum_duplicates()
        return m, vocab[order]
    keys = np.empty(total + (len(pcode) if pcode is not None else 0), dtype=np.int64)
    np.take(rank[:len(uni)], tok, out=keys[:total])
    np.left_shift(doc, shift, out=doc)
    keys[:total] |= doc
    del doc, tok
    if pcode is not None:
        np.take(rank[len(uni):], pcode, out=keys[total:])
        np.left_shift(pdoc, shift, out=pdoc)
        keys[total:] |= pdoc
    del pdoc, pcode
    keys.sort()
    new = np.empty(len(keys), dtype=bool)
    new[0] = True
    np.not_equal(keys[1:], keys[:-1], out=new[1:])
    first = np.flatnonzero(new)
    del new
    counts = np.empty(len(first), dtype=np.int64)
    np.subtract(first[1:], first[:-1], out=counts[:-1])
    counts[-1] = len(keys) - first[-1]
    ukeys = np.take(keys, first, out=keys[:len(first)])  # distinct keys, written over the sorted ones
    del first
    indptr = np.searchsorted(ukeys, np.arange(n + 1, dtype=np.int64) << shift, side="left")
    ukeys &= (1 << shift) - 1
    col = ukeys.astype(np.int32 if len(vocab) < 2**31 else np.int64)
    del ukeys, keys
    m = sparse.csr_matrix((counts, col, indptr), shape=(n, len(vocab)))
    m.has_canonical_format = True
    return m, vocab[order]


def _ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    lo, hi = ngram_range
    out = list(tokens) if lo <= 1 else []
    for n in range(max(2, lo), hi + 1):
        out.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return out


def themes(
    df: pd.DataFrame,
    group: Any,
    by: str = "brand",
    reference: np.ndarray | pd.Series | None = None,
    n: int = 15,
    min_count: int = 5,
    prior_scale: float | None = None,
    matrix: TermMatrix | None = None,
) -> pd.DataFrame:
    """Distinctive words and phrases of one group of posts against another.

    ``group`` is a value of column ``by`` or a boolean mask over the rows; the comparison is
    ``reference`` (a mask) or, by default, all other rows. Weighted log-odds ratio with an
    informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"):

    - ``y_iw``, ``y_jw``: counts of term *w* in the group and the reference; ``n_i``, ``n_j``
      their totals; ``α_w = α_0 · (y_iw + y_jw) / (n_i + n_j)`` the prior (the pooled corpus'
      frequencies, scaled to ``α_0 = prior_scale``, default ``n_i + n_j``);
    - ``δ_w = log((y_iw + α_w) / (n_i + α_0 − y_iw − α_w)) − log((y_jw + α_w) / (n_j + α_0 − y_jw − α_w))``;
    - ``σ²_w ≈ 1/(y_iw + α_w) + 1/(y_jw + α_w)``; ``z_w = δ_w / σ_w``.

    Terms come from :func:`term_matrix` (nltk ``TweetTokenizer``, stop words and brand names
    removed, words and two-word phrases). Returns the ``n`` terms with the largest ``z`` among
    those used at least ``min_count`` times in the group: ``term``, ``kind`` (word/phrase),
    ``count``, ``count_reference``, ``per_1000`` and ``per_1000_reference`` (per 1,000 terms),
    ``log_odds``, ``z``.

    Macro issues in ARM triage (:func:`scrm_lib.metrics.triage.complaint_issues`) are found differently,
    as terms bursty in time among complaints, with no group given beforehand.
    """
    cols = ["term", "kind", "count", "count_reference", "per_1000", "per_1000_reference", "log_odds", "z"]
    if isinstance(group, (np.ndarray, pd.Series, list)):
        gmask = np.asarray(group, dtype=bool)
    else:
        gmask = (df[by] == group).to_numpy(dtype=bool)
    rmask = ~gmask if reference is None else np.asarray(reference, dtype=bool) & ~gmask
    m = matrix if matrix is not None else term_matrix(df.loc[gmask | rmask])
    if matrix is None:
        sub = gmask | rmask
        gmask, rmask = gmask[sub], rmask[sub]
    if m.counts.shape[1] == 0 or not gmask.any() or not rmask.any():
        return pd.DataFrame(columns=cols)
    yi = np.asarray(m.counts[np.flatnonzero(gmask)].sum(axis=0)).ravel().astype(float)
    yj = np.asarray(m.counts[np.flatnonzero(rmask)].sum(axis=0)).ravel().astype(float)
    used = (yi + yj) > 0
    yi, yj, vocab = yi[used], yj[used], m.vocabulary[used]
    ni, nj = yi.sum(), yj.sum()
    if ni == 0 or nj == 0:
        return pd.DataFrame(columns=cols)
    a0 = float(prior_scale) if prior_scale else ni + nj
    alpha = a0 * (yi + yj) / (ni + nj)
    delta = np.log((yi + alpha) / (ni + a0 - yi - alpha)) - np.log((yj + alpha) / (nj + a0 - yj - alpha))
    z = delta / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
    keep = yi >= min_count
    order = np.flatnonzero(keep)[np.argsort(-z[keep], kind="mergesort")][:n]
    return pd.DataFrame({
        "term": vocab[order], "kind": np.where(np.char.find(vocab[order].astype(str), " ") >= 0, "phrase", "word"),
        "count": yi[order].astype(np.int64), "count_reference": yj[order].astype(np.int64),
        "per_1000": 1000 * yi[order] / ni, "per_1000_reference": 1000 * yj[order] / nj,
        "log_odds": delta[order], "z": z[order],
    }, columns=cols)
