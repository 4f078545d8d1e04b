"""The workbench's tweet tokeniser (layer 1): stop words, nltk's ``TweetTokenizer`` tokens, content
tokens with brand names dropped (edit distance for misspellings), and the word pattern of complaint
vectors.

One home for tokenising posts. Callers:

* listening themes, aspects and spike terms (:mod:`scrm_lib.metrics.terms`) use :func:`tokenize`
  and :func:`chunk_tokens` (content tokens) through :func:`scrm_lib.metrics.terms.term_matrix`;
* ARM triage's complaint clusters and macro issues (:mod:`scrm_lib.metrics.triage`) vectorise with
  :data:`WORD_TOKEN_PATTERN` after :func:`strip_handles_urls`;
* the models' negation marking (:func:`scrm_lib.modeling.text.nltk_mark_negation`) takes its
  ``TweetTokenizer`` from :func:`tweet_tokenizer`. The models' hashed word features
  (:class:`scrm_lib.modeling.text.TweetHasher`) keep their own one-pass regex: its output is frozen
  into the committed model artifacts (``models/*.skops``), and any change of a token would change
  every prediction (see that class's docstring).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import pandas as pd
from nltk.tokenize import TweetTokenizer, casual
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

#: Words kept although scikit-learn's English list has them: negations and words that carry
#: meaning in customer conversations ("down" = outage, "bill", "call", "twice", …).
KEEP_WORDS: frozenset[str] = frozenset({
    "not", "no", "nor", "never", "cannot", "twice", "again", "down", "off", "bill", "call", "back",
    "without", "empty", "fire", "system", "serious", "cry", "full", "found", "find", "interest",
    "amount", "detail", "top", "bottom", "show", "move", "front", "side", "first", "last",
})


#: Tweet noise and contractions added to the list.
EXTRA_STOP_WORDS: frozenset[str] = frozenset({
    "rt", "amp", "gt", "lt", "via", "im", "i'm", "ive", "i've", "i'd", "i'll", "id", "ill", "it's", "its",
    "that's", "thats", "there's", "you're", "youre", "you've", "we're", "they're", "he's", "she's", "what's",
    "let's", "u", "ur", "ya", "yall", "y'all", "just", "got", "get", "gets", "getting", "really", "oh",
    "lol", "today", "day", "time", "going", "gonna", "know", "want", "need", "make", "way", "thing",
})


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words: scikit-learn's ``ENGLISH_STOP_WORDS`` (nltk's stopwords corpus is not
    available offline) minus :data:`KEEP_WORDS`, plus :data:`EXTRA_STOP_WORDS`."""
    return frozenset((set(ENGLISH_STOP_WORDS) - KEEP_WORDS) | EXTRA_STOP_WORDS)


@lru_cache(maxsize=8)
def tweet_tokenizer(preserve_case: bool = True, reduce_len: bool = False, strip_handles: bool = False,
                    match_phone_numbers: bool = True) -> TweetTokenizer:
    """nltk's ``TweetTokenizer`` with these options, built once per combination.

    The listening tokeniser (:func:`tweet_tokens`, :func:`tokenize`) uses its word pattern with
    ``match_phone_numbers=False``; the models' nltk negation marking
    (:func:`scrm_lib.modeling.text.nltk_mark_negation`) its ``tokenize`` with the defaults.
    """
    return TweetTokenizer(preserve_case=preserve_case, reduce_len=reduce_len, strip_handles=strip_handles,
                          match_phone_numbers=match_phone_numbers)


@lru_cache(maxsize=1)
def _tweet_patterns() -> tuple[Any, Any, Any, Any, Callable[[str], str]]:
    handles = re.compile(casual.HANDLES_RE._rx.pattern)  # nltk's own handle pattern (linear)
    word = tweet_tokenizer(match_phone_numbers=False).WORD_RE
    return handles, re.compile(r"(.)\1{2,}"), casual.HANG_RE, word, casual._replace_html_entities


def unescape_entities(text: str) -> str:
    """HTML entities replaced by their characters (``&amp;`` → ``&``), as nltk's tweet tokenizer does."""
    return _tweet_patterns()[4](text) if "&" in text else text


_URLISH = re.compile(r"^(https?:|www\.|\S+\.(com|org|net|example|ly|co)\b)")


def tweet_tokens(text: str) -> list[str]:
    """nltk's ``TweetTokenizer`` as configured with ``strip_handles=True, reduce_len=True,
    match_phone_numbers=False``, every token lower-cased (emoticons too).

    The same steps as ``TweetTokenizer.tokenize`` (HTML entities, handles, lengthening, nltk's
    word regex with its time-out), run with precompiled patterns: about 3× faster, identical
    tokens (``tests/test_listening.py`` checks it on the sample and the airline texts).
    """
    handles, lengthening, hang, word, entities = _tweet_patterns()
    if "&" in text:
        text = entities(text)
    if "@" in text:
        text = handles.sub(" ", text)
    text = hang.sub(r"\1\1\1", lengthening.sub(r"\1\1\1", text))
    return [w.lower() for w in word.findall(text)]


def _keep_token(t: str, drop: frozenset[str]) -> str | None:
    t = t.strip("'’")
    if len(t) < 2 or not (t[0].isalnum() or t[0] == "#") or t in stop_words() or t in drop:
        return None
    if not any(ch.isalpha() for ch in t) or _URLISH.match(t) or is_brand_term(t, drop):
        return None
    return t


def _within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance ≤ 1: one insertion, deletion, substitution or swap of
    two neighbouring letters."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1:] == b[i + 1:] or (i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:])
    return (a[i + 1:] == b[i:]) if la > lb else (a[i:] == b[i + 1:])


def is_brand_term(t: str, brand_words: frozenset[str]) -> bool:
    """True when token ``t`` names a brand: one of ``brand_words``, as a ``#hashtag``, in the
    possessive or plural (``acme's``, ``acmes``), or misspelt by one edit (a letter added,
    dropped, changed or two neighbours swapped: ``voltrra``, ``hlcyon``) when the brand word has
    at least five letters — posts misspell brand names, and a brand's own name is never a theme — or
    when ``t`` starts or ends with such a brand word (``#unitedairlines``, ``flyunited``,
    ``southwestair``: handles and hashtags built on the name)."""
    if not brand_words:
        return False
    base = t[1:] if t.startswith("#") else t
    if base in brand_words:
        return True
    for suffix in ("'s", "’s", "s"):
        if base.endswith(suffix) and base[: -len(suffix)] in brand_words:
            return True
    if len(base) < 4 or not base.isalpha():
        return False
    return any(len(b) >= 5 and b.isalpha() and (_within_one_edit(base, b) or base.startswith(b) or base.endswith(b))
               for b in brand_words)


@lru_cache(maxsize=8)
def _chunk_memo(drop: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Per ``drop`` set, a memo of whitespace-separated chunk → its content tokens."""
    return {}


_MEMO_LIMIT = 2_000_000


def tokenize(text: str, drop: frozenset[str] | set[str] = frozenset()) -> list[str]:
    """Content tokens of a post: the tokens of nltk's tweet tokenizer (:func:`tweet_tokens`:
    lower-cased, ``@handles`` removed, ``soooo`` → ``sooo``) that are words or ``#hashtags``
    with a letter, without URLs, stop words (:func:`stop_words`) or brand names (``drop``; see
    :func:`is_brand_term` for possessives and misspellings).

    Fast path: no token nltk's patterns keep spans whitespace (only runs of dots do, and dots
    are not content), so each whitespace-separated chunk is tokenised once and memoised —
    the same result as filtering :func:`tweet_tokens` (a test checks it on real texts).
    """
    drop = frozenset(drop)
    memo = _chunk_memo(drop)
    if len(memo) > _MEMO_LIMIT:
        memo.clear()
    out: list[str] = []
    for chunk in unescape_entities(text).split():
        toks = memo.get(chunk)
        out.extend(toks if toks is not None else chunk_tokens(chunk, drop))
    return out


def chunk_tokens(chunk: str, drop: frozenset[str]) -> tuple[str, ...]:
    """Content tokens (:func:`tokenize`) of one whitespace-free ``chunk`` of a post whose HTML
    entities are already replaced (:func:`unescape_entities`), memoised per ``drop`` set.

    The unit :func:`tokenize` and :func:`scrm_lib.metrics.terms.term_matrix` share: no token nltk's
    patterns keep spans whitespace, so a post's tokens are its chunks' tokens in order.
    """
    memo = _chunk_memo(drop)
    toks = memo.get(chunk)
    if toks is None:
        handles, lengthening, hang, word, _ = _tweet_patterns()
        c = handles.sub(" ", chunk) if "@" in chunk else chunk
        c = hang.sub(r"\1\1\1", lengthening.sub(r"\1\1\1", c))
        kept = (_keep_token(w.lower(), drop) for w in word.findall(c))
        toks = memo[chunk] = tuple(k for k in kept if k is not None)
    return toks


def brand_terms(brands: Iterable[str]) -> frozenset[str]:
    """Lower-case terms that name a brand: each name, its words, and the name without spaces."""
    terms: set[str] = set()
    for b in brands:
        low = str(b).lower().strip()
        if not low:
            continue
        terms |= {low, re.sub(r"\W", "", low), *re.findall(r"\w+", low)}
    return frozenset(t for t in terms if t and t not in {"us", "the", "a", "of", "and"})


#: Complaint vocabulary of ARM triage's vectors (a scikit-learn ``token_pattern``): words of two or
#: more letters starting with a letter, apostrophes kept. Used after :func:`strip_handles_urls`.
WORD_TOKEN_PATTERN = r"(?u)\b[a-z][a-z']+\b"


def strip_handles_urls(texts: pd.Series, hashtags: bool = False) -> pd.Series:
    """``texts`` with ``@handles`` and ``http(s)://`` links replaced by a space (and ``#`` signs too
    with ``hashtags``), missing texts as ``""``: what ARM triage's complaint vectors
    (:func:`scrm_lib.metrics.triage.complaint_clusters`, :func:`~scrm_lib.metrics.triage.complaint_issues`)
    tokenise with :data:`WORD_TOKEN_PATTERN` (names and links are not complaints)."""
    pattern = r"@\w+|https?://\S+|#" if hashtags else r"@\w+|https?://\S+"
    return texts.fillna("").astype(str).str.replace(pattern, " ", regex=True)
