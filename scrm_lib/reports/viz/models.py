"""Figures of the sentiment and customer-intent models notebook (issue 6).

Every function returns a :class:`matplotlib.figure.Figure` with a title and labelled axes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

#: One colour per model (Okabe–Ito, colour-blind safe); published anchors in grey.
MODEL_COLOURS: dict[str, str] = {"vader": "#999999", "fast": "#56B4E9", "accurate": "#0072B2",
                                 "trait": "#009E73"}


def benchmark_bars(table: pd.DataFrame, metric: str = "macro_recall", title: str | None = None) -> Figure:
    """One horizontal bar per (data set, model), grouped by data set; published anchors hatched grey.

    ``table`` has columns ``dataset``, ``model``, ``metric`` and optionally ``source``
    (``"measured"`` or a citation) and ``target`` (drawn as a black tick on the bar).
    """
    rows = table.dropna(subset=[metric]).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 0.42 * len(rows) + 1.3))
    ys, labels, y = [], [], 0.0
    last = None
    for _, r in rows.iterrows():
        if last is not None and r["dataset"] != last:
            y += 0.6
        last = r["dataset"]
        measured = r.get("source", "measured") == "measured"
        colour = MODEL_COLOURS.get(r["model"], "#CC79A7") if measured else "#dddddd"
        ax.barh(y, r[metric], color=colour, hatch=None if measured else "//", edgecolor="#777777" if not measured else colour)
        ax.text(r[metric] + 0.005, y, f"{r[metric]:.3f}", va="center", fontsize=8)
        tgt = r.get("target")
        if tgt is not None and not pd.isna(tgt):
            ax.plot([tgt, tgt], [y - 0.4, y + 0.4], color="black", lw=2)
        ys.append(y)
        labels.append(f"{r['dataset']} · {r['model']}")
        y += 1
    ax.set_yticks(ys)
    ax.set_yticklabels(labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(metric.replace("_", " "))
    ax.set_ylabel("data set · model")
    ax.set_title(title or f"{metric.replace('_', ' ')}: measured (colour) vs published TweetEval anchors (hatched); "
                 "black tick = target", fontsize=9)
    fig.tight_layout()
    return fig


def confusion_matrices(reports: Mapping[str, Mapping], title: str = "Confusion matrices") -> Figure:
    """One heat map per report (``{"labels", "confusion"}`` as from :func:`~scrm_lib.modeling.evaluate.evaluate`).

    Cells show row-normalised shares (recall on the diagonal) and the counts.
    """
    n = len(reports)
    fig, axes = plt.subplots(1, n, figsize=(3.6 * n + 0.6, 3.6), squeeze=False)
    for ax, (name, rep) in zip(axes[0], reports.items(), strict=True):
        cm = np.asarray(rep["confusion"], dtype=float)
        labels = rep["labels"]
        share = cm / np.maximum(cm.sum(axis=1, keepdims=True), 1)
        ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
        for i in range(len(labels)):
            for j in range(len(labels)):
                ax.text(j, i, f"{share[i, j]:.2f}\n({int(cm[i, j])})", ha="center", va="center", fontsize=7,
                        color="white" if share[i, j] > 0.6 else "black")
        ax.set_xticks(range(len(labels)))
        ax.set_xticklabels(labels, rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(len(labels)))
        ax.set_yticklabels(labels, fontsize=8)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(f"{name} (macro-recall {rep['macro_recall']:.3f})", fontsize=9)
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def calibration_curves(curves: pd.DataFrame, title: str = "Calibration: predicted probability vs observed share") -> Figure:
    """Reliability diagram, one panel per class, one line per model.

    ``curves`` has columns ``model``, ``class``, ``mean_predicted``, ``observed``, ``count``
    (as from :func:`scrm_lib.modeling.evaluate.calibration_table`).
    """
    classes = list(dict.fromkeys(curves["class"]))
    fig, axes = plt.subplots(1, len(classes), figsize=(3.6 * len(classes), 3.6), squeeze=False, sharey=True)
    for ax, c in zip(axes[0], classes, strict=True):
        ax.plot([0, 1], [0, 1], color="#bbbbbb", ls=":", lw=1, label="perfect")
        sub = curves[curves["class"] == c]
        for j, (m, g) in enumerate(sub.groupby("model", sort=False)):
            ax.plot(g["mean_predicted"], g["observed"], marker="o", ms=3, color=MODEL_COLOURS.get(m, f"C{j}"), label=m)
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel(f"predicted P({c})")
        ax.set_title(c, fontsize=9)
    axes[0][0].set_ylabel("observed share")
    axes[0][-1].legend(fontsize=8, loc="upper left")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def _font_has(ch: str) -> bool:
    """Whether matplotlib's default font can draw ``ch`` (curly quotes, dashes, accents: yes; emoji: no)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    global _CHARMAP
    if _CHARMAP is None:
        path = font_manager.findfont(font_manager.FontProperties(family=plt.rcParams["font.family"]))
        _CHARMAP = set(FT2Font(path).get_charmap())
    return ord(ch) in _CHARMAP


_CHARMAP: set[int] | None = None


def _printable(label: str) -> str:
    """``label`` as the plotting font can draw it: every character the font has is kept as is
    (``Men’s`` stays ``Men’s``); a run of characters it lacks (emoji) becomes one ``[emoji]``
    instead of missing-glyph boxes or Unicode names."""
    out: list[str] = []
    for ch in str(label):
        if ch in "\u200d\ufe0e\ufe0f":
            continue  # joiners and variation selectors belong to the symbol before them
        if ch.isspace() or _font_has(ch):
            out.append(ch)
        elif out and out[-1] == "[emoji]":
            continue
        else:
            out.append("[emoji]")
    return "".join(out)


def top_features(top: Mapping[str, Sequence[tuple[str, float]]], k: int = 12,
                 title: str = "Top features per class") -> Figure:
    """Bars of the ``k`` largest-weight features of each class (``model.top_features_``)."""
    classes = list(top)
    fig, axes = plt.subplots(1, len(classes), figsize=(3.3 * len(classes), 0.3 * k + 1.4), squeeze=False)
    for ax, c in zip(axes[0], classes, strict=True):
        rows = list(top[c])[:k][::-1]
        ax.barh([_printable(r[0]) for r in rows], [r[1] for r in rows], color="#0072B2")
        ax.set_title(c, fontsize=9)
        ax.set_xlabel("weight (coef × idf)")
        ax.tick_params(axis="y", labelsize=7)
    axes[0][0].set_ylabel("feature")
    fig.suptitle(title)
    fig.tight_layout()
    return fig


def explanation(contrib: pd.DataFrame, predicted: str, text: str, title: str | None = None) -> Figure:
    """Bars of the features that pushed one post toward (right) or away from (left) its prediction."""
    df = contrib.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 0.32 * len(df) + 1.4))
    colours = ["#D55E00" if v < 0 else "#009E73" for v in df["push_to_predicted"]]
    ax.barh([f"{i}. {_printable(f)}" for i, f in zip(range(len(df), 0, -1), df["feature"], strict=True)],
            df["push_to_predicted"], color=colours)
    ax.axvline(0, color="#444444", lw=0.8)
    ax.set_xlabel(f"push toward '{predicted}' (score relative to the mean of the classes)")
    ax.set_ylabel("feature")
    short = _printable(text if len(text) <= 70 else text[:67] + "…")
    ax.set_title(title or f"Why '{predicted}': {short}", fontsize=9)
    fig.tight_layout()
    return fig


__all__ = ["MODEL_COLOURS", "benchmark_bars", "calibration_curves", "confusion_matrices", "explanation", "top_features"]
