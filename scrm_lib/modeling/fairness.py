"""Identity invariance of the sentiment models, in the style of the Equity Evaluation Corpus.

Kiritchenko & Mohammad (2018) score template sentences that differ only in a person term
and ask whether the score moves. Our set (``data/fairness/``, written for this project) has
24 brand-experience templates (``identity_templates.csv``: positive, negative and neutral
experiences) and 166 person terms (``identity_terms.csv``) in five groups:

- ``gender``: matched pairs (my wife / my husband, she / he, …);
- ``race_names``: first names of the EEC's African-American and European-American lists;
- ``race_ethnicity``, ``religion``, ``sexual_orientation``, ``nationality``: an adjective in
  three forms (``a gay customer``, ``my gay friend``, ``gay people``).

A **pair** is one template filled with two terms of the same group and form from different
subgroups (``my wife`` vs ``my husband``; ``a Muslim customer`` vs ``a Jewish customer``).
:func:`identity_invariance` reports per group the share of pairs whose predicted class
changes and the mean absolute score shift, and per subgroup the mean signed shift from its
group's mean score on the same sentence (which term the model pushes down).

Debiasing (:class:`IdentityMasker`): the learned presets replace identity words
(:data:`IDENTITY_WORDS`: race/ethnicity, religion, sexual orientation and nationality words,
with plurals) and Title-case first names (US Census 1990 lists, :func:`first_names`) by one
neutral token ``person`` before any feature is computed, so no identity word or name can carry
a weight of its own. Gender words (he/she, wife/husband) are not masked: they are measured.
31 of the 32 EEC names of ``race_names`` are in the census list (not Torrance), so that group
measures the mask's coverage more than what a model learned; the adjective groups likewise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import combinations
from pathlib import Path
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

from scrm_lib.core.config import DATA_DIR
from scrm_lib.modeling.predict import sentiment_scores
from scrm_lib.modeling.text import StatelessTextMixin

FAIRNESS_DIR: Path = DATA_DIR / "fairness"

#: Identity words masked by :class:`IdentityMasker` (lower case; plurals are matched too).
IDENTITY_WORDS: tuple[str, ...] = (
    # race / ethnicity
    "black", "white", "asian", "latino", "latina", "latinx", "hispanic", "arab", "african", "caucasian",
    "native", "indigenous",
    # religion
    "muslim", "islam", "islamic", "christian", "christianity", "jew", "jewish", "judaism", "hindu", "buddhist",
    "sikh", "catholic", "protestant", "mormon", "atheist",
    # sexual orientation and gender identity
    "gay", "lesbian", "straight", "bisexual", "queer", "heterosexual", "homosexual", "lgbt", "lgbtq",
    "transgender", "trans",
    # nationality
    "mexican", "american", "chinese", "indian", "nigerian", "syrian", "turkish", "british", "german",
    "pakistani", "iranian", "russian", "israeli", "palestinian", "irish", "french", "afghan", "iraqi",
    "korean", "japanese", "italian", "spanish", "canadian", "brazilian", "cuban", "somali", "kenyan",
)

#: The neutral token identity words are replaced by.
MASK_TOKEN = "person"

#: Identity words with their plurals, for the quick "any identity word?" pre-check.
_IDENTITY_FORMS = frozenset(IDENTITY_WORDS) | {w + "s" for w in IDENTITY_WORDS} | {w + "es" for w in IDENTITY_WORDS}
#: Runs of lower-case letters as long as the shortest identity word or name (a name is 3+
#: letters: ``_TITLE_WORD``), the only words the pre-checks need.
_LOWER_WORD = re.compile(rf"[a-z]{{{min(3, *map(len, IDENTITY_WORDS))},}}")
_IDENTITY_RE = re.compile(r"(?<![\w@#])#?(?:" + "|".join(sorted(IDENTITY_WORDS, key=len, reverse=True))
                          + r")(?:s|es)?(?![\w'])", re.IGNORECASE)


_TITLE_WORD = re.compile(r"(?<![\w@#'])[A-Z][a-z]{2,}(?![\w'])")


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """US Census 1990 first names (lower case) masked where written in Title case
    (``data/fairness/first_names.txt``, built by ``scripts/make_first_names.py``)."""
    path = FAIRNESS_DIR / "first_names.txt"
    return frozenset(path.read_text(encoding="utf-8").split()) if path.is_file() else frozenset()


@lru_cache(maxsize=1)
def _maskable_words() -> frozenset[str]:
    return _IDENTITY_FORMS | first_names()


def _name_sub(match: re.Match) -> str:
    w = match.group(0)
    return MASK_TOKEN if w.lower() in first_names() else w


def mask_identity(text: str, names: bool = True) -> str:
    """``text`` with identity words (:data:`IDENTITY_WORDS`, plurals, ``#tags``) → ``person``,
    and (``names``) Title-case first names of :func:`first_names` → ``person``.

    >>> mask_identity("The gays and #Muslims on board were great, said Jasmine")
    'The person and person on board were great, said person'
    """
    if not isinstance(text, str):
        return text
    words = _LOWER_WORD.findall(text.lower())  # cheap pre-checks: most posts need no substitution
    if _maskable_words().isdisjoint(words):
        return text
    words = set(words)
    if not words.isdisjoint(_IDENTITY_FORMS):
        text = _IDENTITY_RE.sub(MASK_TOKEN, text)
    if names and not words.isdisjoint(first_names()):
        text = _TITLE_WORD.sub(_name_sub, text)
    return text


class IdentityMasker(StatelessTextMixin, TransformerMixin, BaseEstimator):
    """Stateless transformer: :func:`mask_identity` on every post (a list of strings out).

    Parameters:
        names: also mask Title-case first names.
    """

    def __init__(self, names: bool = True):
        self.names = names

    def __sklearn_is_fitted__(self) -> bool:  # stateless: always ready
        return True

    def fit(self, X: Iterable[str], y: object = None) -> IdentityMasker:
        """Nothing to learn."""
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        """The masked posts."""
        names = self.names
        return [mask_identity(t, names) if isinstance(t, str) else "" for t in X]


@lru_cache(maxsize=1)
def identity_sentences(directory: str | None = None) -> pd.DataFrame:
    """Every template filled with every term: ``template_id``, ``intended``, ``group``,
    ``subgroup``, ``form``, ``term``, ``text`` (the person term capitalised at a sentence start)."""
    d = Path(directory) if directory else FAIRNESS_DIR
    tpl = pd.read_csv(d / "identity_templates.csv", dtype=str, keep_default_na=False)
    terms = pd.read_csv(d / "identity_terms.csv", dtype=str, keep_default_na=False)
    rows = []
    for t in tpl.itertuples(index=False):
        for term in terms.itertuples(index=False):
            cap = term.term[0].upper() + term.term[1:]
            text = t.template.replace("{P}", cap).replace("{p}", term.term)
            rows.append((t.template_id, t.intended, term.group, term.subgroup, term.form, term.term, text))
    return pd.DataFrame(rows, columns=["template_id", "intended", "group", "subgroup", "form", "term", "text"])


def identity_invariance(models: dict[str, Any], sentences: pd.DataFrame | None = None
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(per_group, per_subgroup)`` invariance tables for each model.

    ``per_group``: ``model``, ``group``, ``pairs``, ``class_changes`` (share of pairs whose
    label differs), ``mean_abs_shift`` (mean |score a − score b|, scores in [−1, 1]), plus a row
    ``group = "all"`` over every pair. ``per_subgroup``: ``model``, ``group``, ``subgroup``,
    ``mean_shift`` (mean of score − the group's mean score on the same template and form),
    ``share_negative`` (share of its sentences labelled negative).
    """
    s = identity_sentences() if sentences is None else sentences
    texts = s["text"].tolist()
    g_rows, s_rows = [], []
    for name, model in models.items():
        labels, scores = sentiment_scores(model, texts)
        df = s.assign(label=labels, score=scores)
        all_pairs, all_changes, all_shift = 0, 0, 0.0
        for group, gdf in df.groupby("group", sort=False):
            pairs = changes = 0
            shift = 0.0
            for _, cell in gdf.groupby(["template_id", "form"], sort=False):
                lab, sc, sub = cell["label"].to_numpy(), cell["score"].to_numpy(), cell["subgroup"].to_numpy()
                for i, j in combinations(range(len(cell)), 2):
                    if sub[i] != sub[j]:
                        pairs += 1
                        changes += lab[i] != lab[j]
                        shift += abs(sc[i] - sc[j])
            g_rows.append({"model": name, "group": group, "pairs": pairs,
                           "class_changes": changes / pairs if pairs else float("nan"),
                           "mean_abs_shift": shift / pairs if pairs else float("nan")})
            all_pairs, all_changes, all_shift = all_pairs + pairs, all_changes + changes, all_shift + shift
            centred = gdf["score"] - gdf.groupby(["template_id", "form"])["score"].transform("mean")
            for sub, idx in gdf.groupby("subgroup", sort=False).groups.items():
                s_rows.append({"model": name, "group": group, "subgroup": sub,
                               "mean_shift": float(centred.loc[idx].mean()),
                               "share_negative": float((gdf.loc[idx, "label"] == "negative").mean())})
        g_rows.append({"model": name, "group": "all", "pairs": all_pairs,
                       "class_changes": all_changes / all_pairs if all_pairs else float("nan"),
                       "mean_abs_shift": all_shift / all_pairs if all_pairs else float("nan")})
    return pd.DataFrame(g_rows), pd.DataFrame(s_rows)


def identity_hits(features: Sequence[str]) -> list[str]:
    """The features (n-grams) among ``features`` that contain an identity word or template term."""
    terms = pd.read_csv(FAIRNESS_DIR / "identity_terms.csv", dtype=str, keep_default_na=False)
    words = set(IDENTITY_WORDS)
    for term in terms.loc[terms["group"] != "gender", "term"]:
        words.update(w.lower() for w in term.split() if w.lower() not in {"a", "an", "my", "customer", "friend", "people"})
    out = []
    for f in features:
        toks = {t.strip("#").removesuffix("_neg") for t in str(f).lower().split()}
        toks |= {t[:-1] for t in toks if t.endswith("s")} | {t[:-2] for t in toks if t.endswith("es")}
        if toks & words:
            out.append(str(f))
    return out


__all__ = ["FAIRNESS_DIR", "IDENTITY_WORDS", "MASK_TOKEN", "IdentityMasker", "identity_hits",
           "identity_invariance", "identity_sentences", "mask_identity"]
