"""Tweet-aware text normalisation and small feature transformers shared by the models.

:class:`TweetNormalizer` turns raw posts into a normalised string that the n-gram
vectorizers read:

- HTML entities unescaped (``&amp;`` → ``&``) and literal ``\\uXXXX`` escapes decoded
  (TweetEval's val file carries some);
- user handles → ``@user``, URLs → ``http`` (the TweetEval convention);
- elongations shortened (``soooo`` → ``soo``) and marked with an ``elong`` token;
- emoticons → ``emo_pos`` / ``emo_neg`` tokens; emoji kept as their own tokens
  (optionally followed by their description from the VADER emoji lexicon);
- lower-cased, with ``ALL CAPS`` words marked by an ``allcaps`` token;
- negation marking: words after a negation up to the next clause punctuation get the
  suffix ``_neg`` — either nltk's :func:`nltk.sentiment.util.mark_negation` over
  nltk's ``TweetTokenizer`` tokens (``negation="nltk"``) or an equivalent, faster regex
  (``negation="regex"``, the same negation words and clause punctuation).

Every transformer here is a stateless scikit-learn transformer (params in ``__init__``,
``fit`` returns ``self``), so pipelines built from them clone, pickle and persist with
skops.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin

from scrm_lib.modeling.hashing import (
    HASH_CACHE_SIZE,
    char_wb_ngrams,
    column_cache,
    hash_column,
    hash_strings,
    rows_to_csr,
    word_char_ngrams,
)
from scrm_lib.text.lexicon import (
    describe_emoji,
    emoji_descriptions,
    lexicon_buckets,
    vader_analyzer,
)
from scrm_lib.text.tokenise import tweet_tokenizer

#: Token pattern of the word vectorizers: words (with ``_neg`` suffix and apostrophes),
#: ``@user``/``#tag``, and every other non-space character on its own (emoji, ``!``, ``?``).
TOKEN_PATTERN = r"[@#]?\w[\w']*|[^\w\s]"

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@])@\w{1,30}")
_UESC = re.compile(r"\\u([0-9a-fA-F]{4})")
_ELONG = re.compile(r"([a-zA-Z])\1{2,}")
_CAPS = re.compile(r"\b[A-Z]{3,}\b")
_EMO_POS = re.compile(r"(?:(?<=\s)|^)(?:[:;=8xX][-o'^]?[)\]dDpP3*>}]|\(\s?:|<3+|\^_*\^)(?=\s|$|[.,!?])")
_EMO_NEG = re.compile(r"(?:(?<=\s)|^)(?:[:;=8][-'o^]?[(\[/\\|{<@]|:'\(|D:|>:\(|</3+|-_+-)(?=\s|$|[.,!?])")
_SPACES = re.compile(r"\s+")

#: Negation words (the list of nltk.sentiment.util.NEGATION, written out, plus "n't").
NEGATION_WORDS = (
    "never|no|nothing|nowhere|noone|none|not|havent|hasnt|hadnt|cant|couldnt|shouldnt|wont|"
    "wouldnt|dont|doesnt|didnt|isnt|arent|aint|cannot"
)
_NEG_SCOPE = re.compile(
    r"\b(?:" + NEGATION_WORDS + r"|\w+n't)\b([^.:;!?]*)", re.IGNORECASE
)
_WORD = re.compile(r"(?<![@#\w'])([a-z][\w']*)")


@lru_cache(maxsize=1)
def _emoji_names() -> dict[str, str]:
    return {e: "_".join(d.lower().split()[:3]) for e, d in emoji_descriptions().items()}


def _mark_scope(match: re.Match) -> str:
    whole, scope = match.group(0), match.group(1)
    head = whole[: len(whole) - len(scope)]
    return head + _WORD.sub(r"\1_neg", scope)


def regex_mark_negation(text: str) -> str:
    """Append ``_neg`` to each word after a negation up to clause punctuation (``.:;!?``).

    The same rule as :func:`nltk.sentiment.util.mark_negation`, on a string.

    >>> regex_mark_negation("i don't like it. love the rest")
    "i don't like_neg it_neg. love the rest"
    """
    if "n" not in text:
        return text
    return _NEG_SCOPE.sub(_mark_scope, text)


def nltk_mark_negation(text: str) -> str:
    """Negation marking with nltk: ``TweetTokenizer`` then ``mark_negation``, re-joined.

    nltk appends ``_NEG``; it is lower-cased to ``_neg`` here to match the regex variant.
    """
    from nltk.sentiment.util import mark_negation

    tokens = tweet_tokenizer().tokenize(text)  # the workbench's one TweetTokenizer factory
    return " ".join(mark_negation(tokens)).replace("_NEG", "_neg")


class StatelessTextMixin:
    """Estimator tags for an estimator that takes a 1-D sequence of strings and needs no fit.

    Put it first among the bases (``class X(StatelessTextMixin, TransformerMixin, BaseEstimator)``)
    so its tags build on scikit-learn's.
    """

    def __sklearn_tags__(self):  # noqa: D105 - sklearn protocol
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags


class TweetNormalizer(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """Normalise raw posts for n-gram features (stateless transformer).

    Parameters:
        handles: replace ``@name`` by ``@user``.
        urls: replace URLs by ``http``.
        elongation: shorten letters repeated 3+ times to 2 and add an ``elong`` token.
        emoticons: replace ``:)`` ``:(`` … by ``emo_pos`` / ``emo_neg``.
        emoji_names: add each emoji's (short) description after it (``😡`` → ``😡 pouting_face``).
        caps: add an ``allcaps`` token for each shouted word (3+ capitals).
        negation: ``"regex"`` (fast), ``"nltk"`` (nltk's ``mark_negation``) or ``"none"``.
        lowercase: lower-case the result.

    >>> TweetNormalizer().transform(["@Bob this is NOT goooood :( http://x.co"])
    ['@user this is not good_neg emo_neg_neg http_neg allcaps elong']
    """

    def __init__(self, handles: bool = True, urls: bool = True, elongation: bool = True,
                 emoticons: bool = True, emoji_names: bool = False, caps: bool = True,
                 negation: str = "regex", lowercase: bool = True):
        self.handles = handles
        self.urls = urls
        self.elongation = elongation
        self.emoticons = emoticons
        self.emoji_names = emoji_names
        self.caps = caps
        self.negation = negation
        self.lowercase = lowercase

    def fit(self, X: Iterable[str], y: object = None) -> TweetNormalizer:
        """Check the parameters (nothing to learn)."""
        if self.negation not in ("regex", "nltk", "none"):
            raise ValueError(f"negation must be 'regex', 'nltk' or 'none', got {self.negation!r}")
        return self

    def normalize(self, text: str) -> str:
        """Normalise one post (see the class docstring)."""
        if not isinstance(text, str):
            return ""
        if "&" in text:
            text = html.unescape(text)
        if "\\u" in text:
            text = _UESC.sub(lambda m: chr(int(m.group(1), 16)), text)
        if self.urls and ("http" in text or "www." in text):
            text = _URL.sub("http", text)
        if self.handles and "@" in text:
            text = _HANDLE.sub("@user", text)
        extra = []
        if self.caps:
            n = len(_CAPS.findall(text))
            if n:
                extra.append(" allcaps" * min(n, 3))
        if self.elongation:
            text, n = _ELONG.subn(r"\1\1", text)
            if n:
                extra.append(" elong")
        if self.emoticons:
            text = _EMO_POS.sub(" emo_pos ", text)
            text = _EMO_NEG.sub(" emo_neg ", text)
        if self.emoji_names and not text.isascii():
            names = _emoji_names()
            text = "".join(f" {ch} {names[ch]} " if ch in names else ch for ch in text)
        if self.lowercase:
            text = text.lower()
        if self.negation == "regex":
            text = regex_mark_negation(text)
        elif self.negation == "nltk":
            text = nltk_mark_negation(text)
        text = _SPACES.sub(" ", text).strip()
        return text + "".join(extra) if extra else text

    def transform(self, X: Iterable[str]) -> list[str]:
        """Normalised copies of the posts, as a list of strings."""
        norm = self.normalize
        return [norm(t) for t in X]

class VaderFeatures(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """VADER's scores as dense features: compound, neg, neu, pos (and |compound|).

    Reads the **raw** posts (VADER uses case, punctuation and emoji itself). Output is a
    sparse matrix scaled by ``weight`` so it can sit in a ``FeatureUnion`` beside tf-idf.
    """

    def __init__(self, weight: float = 1.0):
        self.weight = weight

    def __sklearn_is_fitted__(self) -> bool:  # stateless: always ready
        return True

    def fit(self, X: Iterable[str], y: object = None) -> VaderFeatures:
        """Nothing to learn."""
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """One row per post: ``[compound, neg, neu, pos, |compound|] * weight``."""
        sia = vader_analyzer()
        rows = []
        for t in X:
            if isinstance(t, str) and t:
                s = sia.polarity_scores(describe_emoji(t))
                rows.append((s["compound"], s["neg"], s["neu"], s["pos"], abs(s["compound"])))
            else:
                rows.append((0.0, 0.0, 1.0, 0.0, 0.0))
        m = np.asarray(rows, dtype=np.float64).reshape(-1, 5) * self.weight
        return sp.csr_matrix(m)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """Names of the five columns."""
        return np.array(["vader_compound", "vader_neg", "vader_neu", "vader_pos", "vader_abs"], dtype=object)


#: Lexical cues of customer intent (DOMAIN.md §2), several languages, as regexes on
#: lower-cased text. Names are the feature names.
INTENT_CUES: dict[str, str] = {
    "question": r"\?",
    "please_help": r"\b(?:please|pls|plz|help|asap|urgent|anyone\s+else|por\s+favor|ayuda|bitte|hilfe|aide|s'il\s+vous|aiuto|alguém)\b",
    "my_account": r"\b(?:my|mine|mi|mon|ma|mein|meine|minha|meu|mijn|il\s+mio)\s+(?:\w+\s+)?(?:account|order|bill|card|phone|booking|package|parcel|refund|flight|router|device|claim|subscription|pedido|cuenta|commande|bestellung|konto|conta|encomenda)",
    "when_where": r"\b(?:when|where|why|how\s+long|still\s+(?:waiting|no)|cuándo|quand|wann|quando|wanneer)\b",
    "cancel_switch": r"\b(?:cancel\w*|switch(?:ed|ing)?\s+(?:to|from|back)|ported|porting|closed\s+my|closing\s+my|unsubscrib\w*|deleted|uninstall\w*|never\s+again|not\s+renewing|done\s+with|goodbye|bye\s+bye|leaving|left|moved\s+to|returned|refund\s+and|cancelad\w*|baja|résili\w*|gekündigt|kündig\w*|cancelei|opgezegd)\b",
    "warn_others": r"\b(?:avoid|don't\s+(?:buy|use|book|bother|fly|order)|do\s+not\s+(?:buy|use|book)|stay\s+away|psa|warning|beware|run\s+away|evitad?\w*|évitez|finger\s+weg)\b",
    "suggest": r"\b(?:should|could\s+you|would\s+(?:be|love)|please\s+(?:add|make|bring|consider|let)|feature\s+request|idea|suggest\w*|wish\s+(?:you|there)|how\s+about|why\s+not|bring\s+back|add\s+(?:a|an|the)|option\s+to|deberían|devraient|sollten|deveriam|dovreste|zouden)\b",
    "recommend": r"\b(?:recommend\w*|highly|best|love|loving|amazing|thank\w*|kudos|shout\s*out|go\s+with|get\s+(?:the|a|it)|worth\s+it|never\s+lets?\s+me\s+down|5\s+stars|recomiendo|recommande|empfehle|recomendo|consiglio|aanrader)\b",
    "considering": r"\b(?:thinking\s+(?:about|of)|considering|should\s+i|which\s+(?:one|is|should)|anyone\s+(?:tried|use|using|have|on|with)|worth\s+(?:it|getting|buying)|vs\.?|versus|or\s+\w+\?|looking\s+(?:for|at|to)|planning\s+to|about\s+to\s+(?:buy|get|sign|book|switch)|recommendations?\?|any\s+good|qué\s+tal|lequel|welche[rs]?|vale\s+a\s+pena)\b",
    "news_ad": r"\b(?:announce[sd]?|reports?|reported|shares|stock|earnings|quarter|ceo|recall\w*|fined|hiring|job|giveaway|win\s+a|promo|discount|sale|off\s+all|use\s+code|sponsored|#ad|breaking|according\s+to|launches|press)\b",
    "negation": r"\b(?:not|no|never|n't|nothing|nobody)\b|\w+n't\b",
    "first_person": r"\b(?:i|i'm|i've|me|my|we|our|us)\b",
    "second_person_brand": r"(?:^|\s)@\w+",
    "exclaim": r"!",
    "url": r"https?://|www\.",
}


class CueFeatures(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """Counts of regex cues (default :data:`INTENT_CUES`), log-scaled, times ``weight``.

    Parameters:
        cues: name → regex (matched case-insensitively); ``None`` = :data:`INTENT_CUES`.
        weight: multiplies every column (balances them against tf-idf features).
        length: add ``log1p(number of words)``.
    """

    def __init__(self, cues: dict[str, str] | None = None, weight: float = 1.0, length: bool = True):
        self.cues = cues
        self.weight = weight
        self.length = length

    def _compiled(self) -> list[re.Pattern]:
        cues = INTENT_CUES if self.cues is None else self.cues
        return [re.compile(p, re.IGNORECASE) for p in cues.values()]

    def __sklearn_is_fitted__(self) -> bool:  # stateless: always ready
        return True

    def fit(self, X: Iterable[str], y: object = None) -> CueFeatures:
        """Check that every cue compiles (nothing to learn)."""
        self._compiled()
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """One row per post: ``log1p(count of each cue)`` (+ length) ``* weight``."""
        pats = self._compiled()
        rows = []
        for t in X:
            t = t if isinstance(t, str) else ""
            row = [len(p.findall(t)) for p in pats]
            if self.length:
                row.append(len(t.split()))
            rows.append(row)
        m = np.log1p(np.asarray(rows, dtype=np.float64).reshape(len(rows), -1)) * self.weight
        return sp.csr_matrix(m)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        """``cue_<name>`` for each cue (+ ``cue_length``)."""
        cues = INTENT_CUES if self.cues is None else self.cues
        names = [f"cue_{k}" for k in cues] + (["cue_length"] if self.length else [])
        return np.array(names, dtype=object)


class ActiveColumns(TransformerMixin, BaseEstimator):
    """Keep only the columns of a sparse matrix that occur in at least ``min_df`` training rows.

    Placed after a ``HashingVectorizer``: the hashed space has far more columns than a
    corpus fills, and dropping the empty ones makes the classifier faster to fit and
    the saved model small, with identical predictions for every n-gram seen in training.

    Attributes:
        columns_: sorted indices (in the input space) of the kept columns.
        n_input_columns_: width of the input space.
    """

    def __init__(self, min_df: int = 1):
        self.min_df = min_df

    def fit(self, X: sp.spmatrix, y: object = None) -> ActiveColumns:
        """Find the columns with document frequency ``>= min_df``."""
        X = sp.csc_matrix(X)
        df = np.diff(X.indptr)
        self.columns_ = np.flatnonzero(df >= self.min_df).astype(np.int32)
        self.n_input_columns_ = int(X.shape[1])
        return self

    def transform(self, X: sp.spmatrix) -> sp.csr_matrix:
        """The kept columns, in order."""
        return sp.csr_matrix(X)[:, self.columns_]

    def position(self, column: int) -> int:
        """Output position of input column ``column``, or -1 when it was dropped."""
        i = int(np.searchsorted(self.columns_, column))
        return i if i < len(self.columns_) and self.columns_[i] == column else -1


__all__ = [
    "ActiveColumns", "CueFeatures", "INTENT_CUES", "NEGATION_WORDS", "TOKEN_PATTERN", "TweetNormalizer",
    "VaderFeatures", "nltk_mark_negation", "regex_mark_negation",
]


# ---------------------------------------------------------------------------------
# One-pass tokenizer + hasher for the word features
# ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"@\w+|#?\w[\w']*|[^\w\s]")
_NEGATION_TOKEN = re.compile(r"^(?:" + NEGATION_WORDS + r")$|n't$")
_CLAUSE = frozenset(".:;!?")
_ELONG3 = re.compile(r"(\w)\1\1")
_ANY3 = re.compile(r"(.)\1\1", re.DOTALL)
_CAPS3 = re.compile(r"[A-Z]{3}")


class TweetHasher(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """Raw posts → hashed word n-gram counts in one Python pass per post (fast).

    Per post: lower-case, URLs → ``http``, handles → ``@user``, HTML entities unescaped,
    tokens (words, ``@user``/``#tags``, each other symbol or emoji alone), elongated
    words shortened (+ an ``elong`` token), negation marking on the tokens (nltk's
    ``mark_negation`` algorithm: ``_neg`` after a negation word up to ``.:;!?``; with
    ``negation="nltk"`` nltk's own function is called), ``allcaps`` tokens, word
    n-grams up to ``ngram_max``, and VADER lexicon valence tokens (``lex+2``,
    ``lex-3``; flipped under negation) so words rare in training still carry polarity.
    The token lists are hashed by scikit-learn's ``FeatureHasher`` (murmurhash3, no
    vocabulary held).

    Its tokeniser (``_TOKEN`` and the one-pass loop) is deliberately not
    :mod:`scrm_lib.text.tokenise`, the workbench's tweet tokeniser: the hashed features it yields
    are frozen into the committed models (``models/fast.skops``, ``models/accurate.skops``,
    ``models/trait.skops``), so any change of a token would change their predictions; and it
    needs what the listening tokeniser removes (case for ``allcaps``, handles as ``@user``,
    punctuation for negation scope, elongation marks). Listening themes need the opposite
    (content words only, brand names dropped) — see that module's docstring.

    Parameters:
        ngram_max: longest word n-gram (1 = unigrams only).
        n_bits: log2 of the number of hashed columns.
        negation: ``"regex"`` (the inline loop), ``"nltk"`` or ``"none"``.
        lexicon: add the VADER valence tokens.
        caps: add ``allcaps`` for each word of 3+ capitals.
    """

    def __init__(self, ngram_max: int = 2, n_bits: int = 20, negation: str = "regex",
                 lexicon: bool = True, caps: bool = True):
        self.ngram_max = ngram_max
        self.n_bits = n_bits
        self.negation = negation
        self.lexicon = lexicon
        self.caps = caps

    def __sklearn_is_fitted__(self) -> bool:  # stateless: always ready
        return True

    @property
    def n_features(self) -> int:
        """Number of hashed columns (``2 ** n_bits``)."""
        return 2 ** self.n_bits

    def fit(self, X: Iterable[str], y: object = None) -> TweetHasher:
        """Check the parameters (nothing to learn)."""
        if self.negation not in ("regex", "nltk", "none"):
            raise ValueError(f"negation must be 'regex', 'nltk' or 'none', got {self.negation!r}")
        if self.ngram_max < 1:
            raise ValueError("ngram_max must be at least 1")
        return self

    def _tokens(self, text: str) -> tuple[list[str], list[str]]:
        """``(tokens, extra tokens)`` of one post: the words before n-grams, and the
        ``allcaps`` / ``elong`` / lexicon tokens that are added without n-grams."""
        if not isinstance(text, str) or not text:
            return [], []
        extra = []
        t = text.lower()
        if self.caps and t != text and _CAPS3.search(text):  # cheap pre-checks: no capitals, no run of 3
            n = len(_CAPS.findall(text))
            if n:
                extra += ["allcaps"] * min(n, 3)
        if "&" in t:
            t = html.unescape(t)
        if "\\u" in t:
            t = _UESC.sub(lambda m: chr(int(m.group(1), 16)), t)
        if "http" in t or "www." in t:
            t = _URL.sub("http", t)
        if "@" in t:
            t = _HANDLE.sub("@user", t)
        if _ANY3.search(t) and _ELONG3.search(t):  # any character 3 times first: 2x cheaper
            t = _ELONG.sub(r"\1\1", t)
            extra.append("elong")
        toks = _TOKEN.findall(t)
        marked = "_neg" in t  # a token may end with "_neg" (then the lexicon loop checks each token)
        negated: list[str] = []  # the words the negation loop marked, before their suffix
        if self.negation == "regex":
            # the loop only where a negation can start one (most posts have none: a C-level check)
            if "n't" in t or not _NEG_SET.isdisjoint(toks):
                neg = False
                for i, w in enumerate(toks):
                    if neg:
                        if w in _CLAUSE:
                            neg = False
                        else:
                            toks[i] = w + "_neg"
                            negated.append(w)
                    elif (w[-3:] == "n't" or w in _NEG_SET):
                        neg = True
        elif self.negation == "nltk":
            from nltk.sentiment.util import mark_negation

            toks = [w.replace("_NEG", "_neg") for w in mark_negation(toks)]
            marked = True
        if self.lexicon:
            lex = lexicon_buckets()
            if marked:  # "_neg" in the text itself, or nltk's marking: check every token's suffix
                for w in toks:
                    if w.endswith("_neg"):
                        b = lex.get(w[:-4])
                        if b:
                            extra.append(_LEX_FLIP[b])
                    else:
                        b = lex.get(w)
                        if b:
                            extra.append(_LEX_TOKEN[b])
            else:  # C-level look-ups: a marked token ("x_neg") is no lexicon word, its word is in `negated`
                extra += map(_LEX_TOKEN.__getitem__, filter(None, map(lex.get, toks)))
                if negated:
                    extra += map(_LEX_FLIP.__getitem__, filter(None, map(lex.get, negated)))
        return toks, extra

    def analyze(self, text: str) -> list[str]:
        """The features (tokens, n-grams, extra tokens) of one post, before hashing."""
        toks, extra = self._tokens(text)
        feats = toks
        if self.ngram_max >= 2 and len(toks) > 1:
            feats = toks + list(map(" ".join, zip(toks, toks[1:], strict=False)))
            if self.ngram_max >= 3 and len(toks) > 2:
                feats += map(" ".join, zip(toks, toks[1:], toks[2:], strict=False))
        return feats + extra

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Hashed counts, one row per post (scikit-learn's ``FeatureHasher`` on :meth:`analyze`)."""
        return hash_strings(map(self.analyze, X), self.n_features)


class CharHasher(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """Hashed character n-gram counts inside word boundaries (stateless transformer).

    The same matrix as scikit-learn's ``HashingVectorizer(analyzer="char_wb",
    lowercase=False, alternate_sign=False, norm=None)`` with the same ``ngram_range`` and
    ``n_features``, 3–4× faster on posts: the columns of each distinct word's n-grams are
    computed once and cached (bounded, :data:`~scrm_lib.modeling.hashing.HASH_CACHE_SIZE`), so a post costs one look-up
    per word instead of one murmurhash per n-gram.

    Parameters:
        ngram_range: shortest and longest n-gram.
        n_features: number of hashed columns.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 5), n_features: int = 2 ** 20):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def __sklearn_is_fitted__(self) -> bool:  # stateless: always ready
        return True

    def fit(self, X: Iterable[str], y: object = None) -> CharHasher:
        """Check the parameters (nothing to learn)."""
        lo, hi = self.ngram_range
        if not 1 <= lo <= hi:
            raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, got {self.ngram_range!r}")
        return self

    def build_analyzer(self):
        """``text → list of n-grams`` (as ``HashingVectorizer.build_analyzer``)."""
        rng = tuple(self.ngram_range)
        return lambda text: char_wb_ngrams(text, rng)

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        """Hashed counts, one row per post."""
        n = self.n_features
        rng = tuple(self.ngram_range)
        cache = column_cache(f"char{rng}", n)
        limit = HASH_CACHE_SIZE["char"]
        indices: list[int] = []
        indptr = [0]
        add = indices.extend
        for text in X:
            if not isinstance(text, str):
                raise TypeError(f"CharHasher takes posts (strings), got {type(text).__name__}")
            if len(cache) > limit:
                cache.clear()
            words = text.split()
            cols = list(map(cache.get, words))
            if None in cols:
                for i, c in enumerate(cols):
                    if c is None:
                        w = words[i]
                        cols[i] = cache[w] = tuple(hash_column(g, n) for g in word_char_ngrams(w, rng))
            for c in cols:
                add(c)
            indptr.append(len(indices))
        return rows_to_csr(indices, indptr, n)


_NEG_SET = frozenset(NEGATION_WORDS.split("|"))
#: The lexicon valence tokens, formatted once: ``lex+2``, ``lex-3``; under negation ``lex-2_flip``.
_LEX_TOKEN = {b: f"lex{b:+d}" for b in range(-4, 5) if b}
_LEX_FLIP = {b: f"lex{-b:+d}_flip" for b in range(-4, 5) if b}

__all__ += ["CharHasher", "TweetHasher"]
