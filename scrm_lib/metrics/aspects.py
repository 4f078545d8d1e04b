"""Listening metrics (layer 4, issue 3; DOMAIN.md §3, §8): aspects — a YAML keyword lexicon, the posts
about each aspect, sentiment per aspect and agreement with a labelled column.

Pure functions over a validated canonical mentions frame (:mod:`scrm_lib.data.schemas.mentions`); none
changes its input. Results are counts and sums so partitions merge by addition; ratios come last.
The public API is re-exported by :mod:`scrm_lib.metrics` (``from scrm_lib import metrics as L``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import sparse
from sklearn.metrics import cohen_kappa_score

from scrm_lib.core.config import RULES_DIR
from scrm_lib.core.errors import DataValidationError, Problem, display_path
from scrm_lib.core.yamlio import load_yaml, yaml_error_text
from scrm_lib.metrics.sentiment import net_sentiment
from scrm_lib.metrics.terms import TermMatrix

#: The default aspect lexicon (generic customer service); ``aspects_airline.yaml`` is the airline one.
DEFAULT_ASPECTS = "aspects_customer_service.yaml"


@dataclass(frozen=True)
class Aspect:
    """One aspect of a lexicon: its ``keywords`` (content tokens or two-word phrases; a trailing
    ``*`` matches any token starting with the stem) and, optionally, the values of a labelled
    column (``reasons``) it corresponds to, to measure agreement."""

    name: str
    keywords: tuple[str, ...]
    reasons: tuple[str, ...] = ()


def load_aspects(path: str | Any | None = None) -> list[Aspect]:
    """The aspect lexicon of a YAML file (``aspects: {name: {keywords: [...], reasons: [...]}}``);
    ``None`` = :data:`DEFAULT_ASPECTS` in ``scrm_lib/rules``. Errors name the file and the aspect."""
    p = Path(path) if path is not None else RULES_DIR / DEFAULT_ASPECTS

    def bad(msg: str, expected: str) -> DataValidationError:
        return DataValidationError(path=display_path(p), kind="aspect lexicon", problems=[Problem(message=msg, expected=expected)])

    try:
        data = load_yaml(p.read_text(encoding="utf-8-sig"))  # the workbench's one YAML reader
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        why = yaml_error_text(e) if isinstance(e, yaml.YAMLError) else str(e)
        raise bad(f"cannot read the aspect lexicon: {why}", "a YAML file with an 'aspects' mapping") from None
    if not isinstance(data, dict) or not isinstance(data.get("aspects"), dict) or not data["aspects"]:
        raise bad("no 'aspects' mapping", "aspects: {name: {keywords: [...]}}")
    out = []
    for name, spec in data["aspects"].items():
        if not isinstance(spec, dict) or not isinstance(spec.get("keywords"), list) or not spec["keywords"]:
            raise bad(f"aspect {name!r}: no keywords list", "keywords: [word, 'two words', stem*, ...]")
        unknown = set(spec) - {"keywords", "reasons"}
        if unknown:
            raise bad(f"aspect {name!r}: unknown key(s) {', '.join(sorted(map(str, unknown)))}", "keywords and reasons only")
        out.append(Aspect(str(name), tuple(str(k).lower().strip() for k in spec["keywords"]),
                          tuple(str(r) for r in spec.get("reasons") or ())))
    return out


def aspect_hits(matrix: TermMatrix, aspects: Sequence[Aspect]) -> pd.DataFrame:
    """Per post (rows of ``matrix``, :func:`term_matrix` with two-word phrases) and aspect: the
    number of the aspect's keywords it uses. Columns: the aspect names (int counts; > 0 = the
    post is about the aspect). Deterministic (no randomness) and cheap: one product of the term
    counts with a vocabulary × aspect indicator matrix (the sums of each aspect's columns)."""
    vocab = matrix.vocabulary.astype(str)
    uni = np.char.find(vocab, " ") < 0 if len(vocab) else np.zeros(0, dtype=bool)
    rows, cols = [], []
    for j, a in enumerate(aspects):
        sel = np.isin(vocab, [k for k in a.keywords if not k.endswith("*")])
        for stem in (k[:-1] for k in a.keywords if k.endswith("*")):
            sel |= uni & np.char.startswith(vocab, stem)
        idx = np.flatnonzero(sel)
        rows.append(idx)
        cols.append(np.full(len(idx), j, dtype=np.int64))
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    ind = sparse.csr_matrix((np.ones(len(r), dtype=np.int64), (r, c)), shape=(matrix.counts.shape[1], len(aspects)))
    per = np.asarray((matrix.counts @ ind).toarray(), dtype=np.int64)
    return pd.DataFrame({a.name: per[:, j] for j, a in enumerate(aspects)})


def primary_aspect(hits: pd.DataFrame) -> pd.Series:
    """The aspect with most keyword hits per post (ties: the lexicon's order), ``""`` for none."""
    if hits.shape[1] == 0:
        return pd.Series("", index=hits.index, dtype="str")
    arr = hits.to_numpy()
    best = np.asarray(hits.columns, dtype=object)[arr.argmax(axis=1)]
    return pd.Series(np.where(arr.max(axis=1) > 0, best, ""), index=hits.index, dtype="str")


def aspect_sentiment(df: pd.DataFrame, hits: pd.DataFrame, by: str = "brand", formula: str = "talkwalker",
                     confidence: float = 0.95) -> pd.DataFrame:
    """Sentiment per ``by`` group and aspect: a post counts for every aspect it mentions.

    Columns: ``by``, ``aspect``, ``posts`` (posts about it), ``share_of_posts`` (of the group's
    posts), ``negative neutral positive`` counts, ``net``, ``net_lo``, ``net_hi`` (``formula``
    and its ``confidence`` interval, :func:`net_sentiment`), ``pct_negative``. Counts merge
    across partitions by addition.
    """
    lab = (df["sentiment"].astype("str") if "sentiment" in df.columns else pd.Series("", index=df.index)).to_numpy()
    grp = df[by].astype(str).to_numpy()
    totals = pd.Series(grp).value_counts()
    # counts per (group, label) of the posts about each aspect: one bincount per aspect on integer
    # codes (what a crosstab per aspect gave: missing groups and labels left out, groups sorted)
    gcode, gvals = pd.factorize(grp, sort=True)
    lcode, lvals = pd.factorize(lab)
    valid = (gcode >= 0) & (lcode >= 0)
    key = gcode.astype(np.int64) * max(len(lvals), 1) + lcode
    lpos = {str(v): i for i, v in enumerate(lvals)}
    rows = []
    for a in hits.columns:
        m = hits[a].to_numpy() > 0
        if not m.any():
            continue
        t = np.bincount(key[m & valid], minlength=len(gvals) * max(len(lvals), 1)).reshape(len(gvals), max(len(lvals), 1))
        for gi in np.flatnonzero(t.sum(axis=1) > 0):
            r = t[gi]
            rows.append({by: gvals[gi], "aspect": a, "posts": int(r.sum()),
                         **{k: int(r[lpos[k]]) if k in lpos else 0 for k in ("negative", "neutral", "positive")}})
    cols = [by, "aspect", "posts", "share_of_posts", "negative", "neutral", "positive", "net", "net_lo", "net_hi", "pct_negative"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(rows)
    out["share_of_posts"] = out["posts"] / out[by].map(totals).astype(float)
    out["net"], out["net_lo"], out["net_hi"] = net_sentiment(out["positive"], out["negative"], out["neutral"], formula, confidence)
    lab_n = out[["negative", "neutral", "positive"]].sum(axis=1)
    out["pct_negative"] = out["negative"] / lab_n.where(lab_n > 0)
    return out[cols].sort_values([by, "posts"], ascending=[True, False], kind="mergesort").reset_index(drop=True)


def aspect_agreement(hits: pd.DataFrame, labels: pd.Series, aspects: Sequence[Aspect],
                     ignore: Sequence[str] = ("Can't Tell",)) -> tuple[pd.DataFrame, dict[str, float]]:
    """How well the aspects agree with a labelled column (the airline file's ``negativereason``).

    Over posts with a label (not in ``ignore``) whose label some aspect's ``reasons`` name:

    - per aspect: ``labelled`` (posts whose label maps to it), ``detected`` (posts the lexicon puts
      in it), ``recall`` (share of the labelled posts it detects), ``precision`` (share of the
      detected posts whose label maps to it);
    - overall: ``coverage`` (share of posts with any aspect), ``accuracy`` of the primary aspect
      (:func:`primary_aspect`) against the label's aspect on the covered posts, Cohen's ``kappa``
      of the same, and ``macro_recall`` / ``macro_precision``.
    """
    to_aspect = {r: a.name for a in aspects for r in a.reasons}
    lab = labels.reset_index(drop=True).astype("string")
    keep = (lab.notna() & ~lab.isin(list(ignore)) & lab.isin(list(to_aspect))).to_numpy(dtype=bool)
    h = hits.reset_index(drop=True).loc[keep]
    truth = lab.loc[keep].map(to_aspect).astype(str).to_numpy()
    rows = []
    for a in aspects:
        if not a.reasons:
            continue
        det = h[a.name].to_numpy() > 0
        is_a = truth == a.name
        rows.append({"aspect": a.name, "reasons": ", ".join(a.reasons), "labelled": int(is_a.sum()), "detected": int(det.sum()),
                     "recall": float((det & is_a).sum() / is_a.sum()) if is_a.any() else float("nan"),
                     "precision": float((det & is_a).sum() / det.sum()) if det.any() else float("nan")})
    table = pd.DataFrame(rows)
    prim = primary_aspect(h).to_numpy()
    covered = prim != ""
    summary = {"posts": int(keep.sum()), "coverage": float(covered.mean()) if len(prim) else float("nan"),
               "accuracy": float((prim[covered] == truth[covered]).mean()) if covered.any() else float("nan"),
               "kappa": float(cohen_kappa_score(truth[covered], prim[covered])) if covered.sum() > 1 else float("nan"),
               "macro_recall": float(table["recall"].mean()) if len(table) else float("nan"),
               "macro_precision": float(table["precision"].mean()) if len(table) else float("nan")}
    return table, summary
