"""Benchmark: cheap candidates for the trait model on the real labels (issue 11, trait11).

A fast harness, not the shipped estimator: the word features of the ``trait`` preset (hashed
word 1-2-grams with lexicon tokens, the same ``TweetHasher``) are computed once for every post,
and each fold fits only the column selection, tf-idf and a class-balanced logistic regression
(C 3; no temperature calibration: ``argmax`` of the balanced model). Its ``base`` row reproduces
the preset's source-held-out figure to within ~0.01, so differences between rows are what count.

Candidates (``CONFIGS``): the invented posts at half weight (``inv0.5``); structural cues
(leading @-handle, retweet, URL, several handles, question, first/second person, numeric
handle, length: ``struct1``); the keyword rules' decision as a one-hot block (``rules1``,
``rules2``: :class:`~scrm_lib.modeling.trait_rules.KeywordTraitRules`); a two-stage model
(none vs customer experience, then the six traits on customer-experience posts: ``two_stage``).
Issue 11 follow-up (trait16): the committed static MiniLM block (``models/minilm_static.npz``,
:class:`~scrm_lib.modeling.embed.StaticEmbeddings`, as ``LinearTextClassifier(embedding_weight=w)``
builds it) beside the words at weights 0.25-2 (``emb*``); the preset's char 2-5-gram block
(``TweetNormalizer`` → ``CharHasher``, own column selection and tf-idf: ``char*``); stronger
regularisation (``C0.3``, ``C1``); and combinations (``emb0.5_C1``, ``emb0.5_char``,
``two_stage_emb0.5``, ...). ``fit_cpu_s`` is the process CPU time of a candidate's nine fits.

For each candidate, in one run:

- ``plain``: source-held-out macro-F1 (train on two sources + the invented posts, test on the
  third), per rotation and mean; pooled ``none`` recall and ``venting`` precision;
- ``inner_plain``: the selection figure, mean macro-F1 over the six single-source
  train → validation pairs;
- ``nested``: a decision rule (multiplier on P(none), abstain-to-``none`` below a top
  probability) chosen **per rotation** on that rotation's two inner pairs only (its test
  source is never seen), then applied to the held-out source;
- ``fixed(m, t)``: the same rules fixed in advance (for information, not selection).

Usage: ``SCRM_EXTERNAL_DATA=... .venv/bin/python bench/trait_candidates.py base rules1 ... > out.jsonl``
(one JSON line per candidate).
"""

from __future__ import annotations

import json
import re
import sys
import time
from itertools import product
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine  # noqa: E402

from scrm_lib.core.labels import TRAIT_LABELS  # noqa: E402
from scrm_lib.modeling import data as D  # noqa: E402
from scrm_lib.modeling.embed import StaticEmbeddings  # noqa: E402
from scrm_lib.modeling.evaluate import evaluate  # noqa: E402
from scrm_lib.modeling.realdata import REAL_SOURCES, load_labelled_posts  # noqa: E402
from scrm_lib.modeling.text import (  # noqa: E402
    ActiveColumns,
    CharHasher,
    CueFeatures,
    TweetHasher,
    TweetNormalizer,
    VaderFeatures,
)
from scrm_lib.modeling.trait_rules import KeywordTraitRules  # noqa: E402

LABELS = list(TRAIT_LABELS)


def load(label_path=None):
    df = load_labelled_posts(label_path)
    inv = D.trait_data()
    all_ = pd.concat([df[["text", "trait", "dataset"]],
                      inv[["text", "trait"]].assign(dataset="invented")], ignore_index=True)
    return all_


_URL = re.compile(r"https?://\S+|www\.\S+", re.I)


def struct(texts):
    rows = []
    for t in texts:
        s = t.strip()
        lead = bool(re.match(r"^(\.?@\w+\s*)+", s))
        rows.append([
            lead,
            s.startswith("RT ") or " RT @" in s or s.startswith('"@') or s.startswith("\u201c@"),
            bool(_URL.search(s)),
            len(re.findall(r"@\w+", s)) >= 2,
            "?" in s,
            bool(re.search(r"\b(i|i'm|i've|me|my|we|our|us)\b", s, re.I)),
            bool(re.search(r"\b(you|your|u|ur)\b", s, re.I)),
            bool(re.match(r"^@\d+", s)),
            np.log1p(len(s.split())) / 4,
        ])
    return np.asarray(rows, dtype=float)


def features(all_):
    texts = all_["text"].tolist()
    H = TweetHasher(ngram_max=2, n_bits=20, negation="regex", lexicon=True).transform(texts).tocsr()
    S = struct(texts)
    return H, S


EXTRA = {}


def extra_blocks(all_):
    texts = all_["text"].tolist()
    r = KeywordTraitRules().fit(texts)
    EXTRA["R"] = r.predict_proba(texts)
    EXTRA["rule_pred"] = r.predict(texts)
    EXTRA["Q"] = CueFeatures().transform(texts).toarray()
    EXTRA["V"] = VaderFeatures().transform(texts).toarray()
    # char 2-5-grams as the preset's char block computes them (normaliser → CharHasher)
    norm = TweetNormalizer(negation="none", emoji_names=False, caps=False, elongation=False, emoticons=False)
    EXTRA["CH"] = CharHasher(ngram_range=(2, 5), n_features=2 ** 20).transform(norm.transform(texts)).tocsr()


def fit_predict(H, S, E, y, tr, te, C=3.0, w_inv=1.0, is_inv=None, struct_w=0.0, emb_w=0.0,
                rules_w=0.0, cue_w=0.0, vader_w=0.0, char=False):
    sel = ActiveColumns(1).fit(H[tr])
    tf = TfidfTransformer(sublinear_tf=True).fit(sel.transform(H[tr]))
    if char:
        csel = ActiveColumns(1).fit(EXTRA["CH"][tr])
        ctf = TfidfTransformer(sublinear_tf=True).fit(csel.transform(EXTRA["CH"][tr]))

    def X(idx):
        blocks = [tf.transform(sel.transform(H[idx]))]
        if char:
            blocks.append(ctf.transform(csel.transform(EXTRA["CH"][idx])))
        if struct_w:
            blocks.append(sp.csr_matrix(S[idx] * struct_w))
        if emb_w:
            blocks.append(sp.csr_matrix(E[idx] * emb_w))
        for key, w in (("R", rules_w), ("Q", cue_w), ("V", vader_w)):
            if w:
                blocks.append(sp.csr_matrix(EXTRA[key][idx] * w))
        return sp.hstack(blocks).tocsr()
    sw = np.where(is_inv[tr], w_inv, 1.0)
    ytr = y[tr]
    # class-balanced with sample weights: balance on weighted counts
    classes = np.array(sorted(set(ytr)))
    wc = {c: sw[ytr == c].sum() for c in classes}
    tot = sw.sum()
    cw = np.array([tot / (len(classes) * wc[c]) for c in ytr])
    with threadpool_limits(1):
        lr = LogisticRegression(C=C, max_iter=1000, tol=1e-4).fit(X(tr), ytr, sample_weight=sw * cw)
        P = lr.predict_proba(X(te))
    return lr.classes_, P


def decide(classes, P, none_thr=0.0, none_mult=1.0):
    P = P.copy()
    j = list(classes).index("none")
    P[:, j] *= none_mult
    pred = classes[np.argmax(P, axis=1)].astype(object)
    if none_thr:
        pred[P.max(axis=1) < none_thr] = "none"
    return pred


def mf1(y, p):
    return evaluate(y, p, labels=LABELS)["macro_f1"]


def fit_predict_two_stage(H, S, E, y, tr, te, C_a=3.0, C_b=3.0, **kw):
    """Stage A: none vs customer experience; stage B: the six traits on CX posts only."""
    ya = np.where(y == "none", "none", "cx").astype(object)
    cls_a, PA = fit_predict(H, S, E, ya, tr, te, C=C_a, **kw)
    trb = tr[y[tr] != "none"]
    cls_b, PB = fit_predict(H, S, E, y, trb, te, C=C_b, **kw)
    pn = PA[:, list(cls_a).index("none")]
    classes = np.array(list(cls_b) + ["none"], dtype=object)
    P = np.column_stack([PB * (1 - pn)[:, None], pn])
    order = np.argsort(classes)
    return classes[order], P[:, order]


CONFIGS = {
    "base": {},
    "inv0.5": {"w_inv": 0.5},
    "struct1": {"struct_w": 1.0},
    "C10": {"C": 10.0},
    "two_stage": {"two_stage": True},
    "rules0.5": {"rules_w": 0.5},
    "rules1": {"rules_w": 1.0},
    "rules2": {"rules_w": 2.0},
    "rules1_C10": {"rules_w": 1.0, "C": 10.0},
    "cue0.5": {"cue_w": 0.5},
    "vader0.5": {"vader_w": 0.5},
    # issue 11, trait16: static MiniLM block (models/minilm_static.npz), char n-grams, stronger C
    "emb0.25": {"emb_w": 0.25},
    "emb0.5": {"emb_w": 0.5},
    "emb1": {"emb_w": 1.0},
    "emb2": {"emb_w": 2.0},
    "char": {"char": True},
    "char_C1": {"char": True, "C": 1.0},
    "C0.3": {"C": 0.3},
    "C1": {"C": 1.0},
    "emb0.5_C1": {"emb_w": 0.5, "C": 1.0},
    "emb1_C1": {"emb_w": 1.0, "C": 1.0},
    "emb0.5_char": {"emb_w": 0.5, "char": True},
    "two_stage_emb0.5": {"two_stage": True, "emb_w": 0.5},
    "two_stage_C1": {"two_stage": True, "C_a": 1.0, "C_b": 1.0},
}
GRID = list(product([0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0], [0.0, 0.35, 0.45]))


def main():
    names = sys.argv[1:] or list(CONFIGS)
    all_ = load()
    print(json.dumps({"benchmark": "trait_candidates", "machine_start": machine(),
                      "posts": all_["dataset"].value_counts().to_dict()}), flush=True)
    H, S = features(all_)
    extra_blocks(all_)
    # the static MiniLM block at weight 1 (StaticEmbeddings: handles → @user, URLs → http,
    # L2-normalised mean of word-piece vectors); candidates scale it by emb_w
    E = StaticEmbeddings(weight=1.0).transform(all_["text"].tolist()).toarray()
    y = all_["trait"].to_numpy()
    ds = all_["dataset"].to_numpy()
    is_inv = ds == "invented"
    res = {}
    for name in names:
        cfg = dict(CONFIGS[name])
        fp = fit_predict_two_stage if cfg.pop("two_stage", False) else fit_predict
        t0, c0 = time.time(), time.process_time()
        probs = {}
        for a in REAL_SOURCES:
            for b in REAL_SOURCES:
                if a == b:
                    continue
                tr = np.flatnonzero((ds == a) | is_inv)
                te = np.flatnonzero(ds == b)
                probs[(a, b)] = fp(H, S, E, y, tr, te, is_inv=is_inv, **cfg)
        for s in REAL_SOURCES:
            tr = np.flatnonzero(ds != s)
            te = np.flatnonzero(ds == s)
            probs[("outer", s)] = fp(H, S, E, y, tr, te, is_inv=is_inv, **cfg)
        out = {"fit_s": round(time.time() - t0, 1), "fit_cpu_s": round(time.process_time() - c0, 1)}
        # plain decision
        for label, rule in [("plain", lambda s: (1.0, 0.0)), ("nested", None)]:
            rot, ys, ps, chosen = {}, [], [], {}
            for s in REAL_SOURCES:
                others = [x for x in REAL_SOURCES if x != s]
                if rule is None:
                    best = max(GRID, key=lambda g: (round(float(np.mean([
                        mf1(y[ds == b], decide(*probs[(a, b)], none_mult=g[0], none_thr=g[1]))
                        for a, b in [(others[0], others[1]), (others[1], others[0])]])), 4), -abs(np.log(g[0])), -g[1]))
                else:
                    best = rule(s)
                chosen[s] = best
                cls, P = probs[("outer", s)]
                p = decide(cls, P, none_mult=best[0], none_thr=best[1])
                rot[s] = round(mf1(y[ds == s], p), 4)
                ys.append(y[ds == s]), ps.append(p)
            pooled = evaluate(np.concatenate(ys), np.concatenate(ps), labels=LABELS)["per_class"]
            inner = np.mean([mf1(y[ds == b], decide(*probs[(a, b)], none_mult=1.0)) for a in REAL_SOURCES
                             for b in REAL_SOURCES if a != b])
            out[label] = {"mean": round(float(np.mean(list(rot.values()))), 4), **rot,
                          "none_R": round(pooled["none"]["recall"], 3),
                          "vent_P": round(pooled["venting"]["precision"], 3),
                          "inner_plain": round(float(inner), 4), "chosen": {k: list(v) for k, v in chosen.items()}}
        # oracle-ish: fixed rules applied everywhere (for information, not selection)
        for g in [(2.0, 0.0), (3.0, 0.0), (5.0, 0.0), (1.0, 0.45), (3.0, 0.45)]:
            rot = {s: round(mf1(y[ds == s], decide(*probs[("outer", s)], none_mult=g[0], none_thr=g[1])), 4)
                   for s in REAL_SOURCES}
            out[f"fixed{g}"] = {"mean": round(float(np.mean(list(rot.values()))), 4), **rot}
        res[name] = out
        print(json.dumps({"candidate": name, **out, "machine_end": machine()}), flush=True)


if __name__ == "__main__":
    main()
