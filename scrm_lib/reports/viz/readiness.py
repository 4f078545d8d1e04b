"""Figures of the readiness notebook (08): block scores, the one-page roadmap, class disagreement.

Every function returns a :class:`matplotlib.figure.Figure` with a title and labelled axes (or,
for the text panels of the roadmap, labelled panels). Published elements and the workbench's
judgement are told apart on the figure itself.
"""

from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Patch

from scrm_lib.analysis import maturity
from scrm_lib.analysis import readiness as rd

#: Okabe–Ito colours: reached position, other elements, weak block, block at or above the mark.
REACHED, OTHER, WEAK, OK = "#0072B2", "#e8eef4", "#D55E00", "#009E73"


def block_scores_chart(r: rd.Readiness, title: str | None = None) -> Figure:
    """Horizontal bars of the eight building-block scores, the settler mark and the weakest blocks."""
    fig, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    _block_bars(ax, r)
    ax.set_title(title or "Gartner's eight building blocks: how much is in place")
    return fig


def _block_bars(ax: Any, r: rd.Readiness) -> None:
    names = rd.building_blocks().set_index("id")["name"]
    scores = r.block_scores
    below = [s < r.settler_mark - 1e-12 for s in scores.to_numpy()]
    colours = [WEAK if b else OK for b in below]
    edges = ["#000000" if b in r.weakest_blocks else "none" for b in scores.index]
    y = list(range(len(scores)))[::-1]
    ax.barh(y, scores.to_numpy(), color=colours, edgecolor=edges, linewidth=1.6, height=0.65)
    ax.set_yticks(y, ["\n".join(textwrap.wrap(names[b], 16)) + (" ◆" if b in r.weakest_blocks else "")
                      for b in scores.index], fontsize=8.5)
    ax.legend(handles=[Patch(color=WEAK, label="below the settler mark"), Patch(color=OK, label="at or above it"),
                       Patch(facecolor="white", edgecolor="#000000", label=f"◆ the {len(r.weakest_blocks)} weakest")],
              loc="center right", fontsize=7.5, framealpha=0.9)
    ax.axvline(r.settler_mark, color="#333333", ls="--", lw=1)
    ax.text(r.settler_mark, len(scores) - 0.45, f" settler mark {r.settler_mark:.0%}\n (workbench judgement)",
            fontsize=7.5, va="bottom", ha="left", color="#333333")
    for yy, s in zip(y, scores.to_numpy(), strict=True):
        ax.text(s + 0.02, yy, f"{s:.0%}", va="center", fontsize=8)
    ax.set_xlim(0, 1.42)  # room on the right for the value labels and the legend
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_ylim(-0.6, len(scores) + 0.6)
    ax.set_xlabel("share of the block's practices in place (yes = 1, partly = ½)")
    ax.set_ylabel("building block (Davies 2011)")


def _runs(values: list[str]) -> list[tuple[str, int, int]]:
    """Consecutive runs of equal values: ``[(value, first index, last index)]``."""
    runs: list[tuple[str, int, int]] = []
    for i, v in enumerate(values):
        if runs and runs[-1][0] == v:
            runs[-1] = (v, runs[-1][1], i)
        else:
            runs.append((v, i, i))
    return runs


def _ladders(ax: Any, r: rd.Readiness) -> None:
    """Four ladders, columns aligned by the crosswalk; the reached element filled."""
    cw = r.crosswalk
    stages = list(maturity.STAGES)
    wang_names = rd.wang_phases().set_index("id")["name"]
    ibm_names = rd.ibm_stages().set_index("id")["name"]
    rows = [
        ("Gartner (2013)\nfive stages", stages, r.gartner_stage, lambda v: maturity.stage_info(v)["name"]),
        ("Constellation\n(Wang 2011) phases", list(cw["wang_phase"]), r.wang_phase, lambda v: wang_names[v]),
        ("IBM (2011)\nstages", list(cw["ibm_stage"]), r.ibm_stage, lambda v: ibm_names[v]),
        ("Building blocks\n(Davies 2011)", list(cw["building_block_phase"]), r.blocks_phase, lambda v: v.capitalize()),
    ]
    n = len(stages)
    for k, (label, values, reached, name) in enumerate(rows):
        y = len(rows) - 1 - k
        ax.text(-0.08, y + 0.4, label, ha="right", va="center", fontsize=8.5, fontweight="bold")
        for value, a, b in _runs(values):
            hit = value == reached
            box = FancyBboxPatch((a + 0.04, y + 0.08), b - a + 0.92, 0.64, boxstyle="round,pad=0.0,rounding_size=0.08",
                                 facecolor=REACHED if hit else OTHER, edgecolor="#5a6b7b", lw=0.8)
            ax.add_patch(box)
            text = "\n".join(textwrap.wrap(name(value), 18 * (b - a + 1)))
            ax.text((a + b + 1) / 2, y + 0.4, text + (" ◀ here" if hit else ""), ha="center", va="center",
                    fontsize=8, color="white" if hit else "#222222", fontweight="bold" if hit else "normal")
        if reached not in values:
            ax.text(n + 0.05, y + 0.4, f"here: {name(reached)}\n(outside the crosswalk)", fontsize=7.5, va="center",
                    color=WEAK)
    ax.set_xlim(-1.45, n + 0.9)
    ax.set_ylim(-0.05, len(rows))
    ax.axis("off")
    agree = r.positions()["agrees"].all()
    ax.set_title("Where the organisation stands on each framework — columns lined up by the workbench's crosswalk "
                 "(an assumption: no reading publishes one)" + ("" if agree else "; the frameworks disagree with it"),
                 fontsize=9.5, loc="left")


def _text_panel(ax: Any, title: str, lines: list[str], width: int, fontsize: float = 8.0) -> None:
    ax.axis("off")
    ax.set_title(title, fontsize=9.5, loc="left")
    wrapped: list[str] = []
    for line in lines:
        parts = textwrap.wrap(line, width, subsequent_indent="   ") or [""]
        wrapped.extend(parts)
    ax.text(0.0, 1.0, "\n".join(wrapped), va="top", ha="left", fontsize=fontsize, transform=ax.transAxes,
            linespacing=1.35)


def roadmap_figure(
    r: rd.Readiness,
    steps: pd.DataFrame,
    usecases_now: pd.DataFrame,
    usecases_next: pd.DataFrame,
    organisation: str,
    cost_warning: str | None = None,
) -> Figure:
    """The one-page roadmap: positions, block scores, next steps, feasible use cases, sources.

    ``steps`` is :func:`scrm_lib.analysis.readiness.next_steps`; ``usecases_now`` / ``usecases_next``
    have ``id`` and ``name`` columns (feasible now / at the next Gartner stage).
    """
    fig = plt.figure(figsize=(16, 11))
    gs = fig.add_gridspec(3, 2, height_ratios=[1.25, 1.6, 0.95], width_ratios=[1, 1.35], hspace=0.28, wspace=0.12,
                          left=0.11, right=0.98, top=0.93, bottom=0.04)
    fig.suptitle(f"Social CRM roadmap: {organisation}", fontsize=14, fontweight="bold")
    _ladders(fig.add_subplot(gs[0, :]), r)
    ax_b = fig.add_subplot(gs[1, 0])
    _block_bars(ax_b, r)
    ax_b.set_title(f"Building blocks: {r.blocks_phase} (weakest: "
                   + ", ".join(rd.building_blocks().set_index("id").loc[r.weakest_blocks, "name"]) + ")",
                   fontsize=9.5, loc="left")

    def pick(prefix: str) -> list[str]:
        sel = steps[steps["framework"].str.startswith(prefix)]
        return [f"• {s}" for s in sel["step"]]

    nxt = maturity.next_stage(r.gartner_stage)
    gartner = pick("Gartner (2013)")
    wang = [s for s in pick("Constellation") if not s.startswith("• Step:")]
    sarner = pick("Gartner four steps")[:2]
    blocks = pick("Gartner building blocks")
    lines = [f"NOW — Gartner's tactical steps for {r.gartner_stage} → {nxt or '(last stage)'}:", *gartner, "",
             f"NEXT PHASE — the leader's task (Wang), now at {r.wang_phase}:", *wang, "",
             "SARNER'S STEPS most related to the weak blocks (the link is workbench judgement):", *sarner]
    if blocks:
        lines += ["", "WEAK BLOCKS — what the reading says social changes there:", *blocks]
    _text_panel(fig.add_subplot(gs[1, 1]), "Next steps, from the frameworks' own recommendations", lines, 105)
    now = "; ".join(f"{i} {n}" for i, n in zip(usecases_now["id"], usecases_now["name"], strict=True)) or "—"
    later = "; ".join(f"{i} {n}" for i, n in zip(usecases_next["id"], usecases_next["name"], strict=True)) or "—"
    uc_lines = [f"Feasible at the {r.gartner_stage} stage: {now}.",
                f"At the next stage ({nxt or '—'}): {later}.",
                "(Altimeter 2010 use cases; the stage → use case table is workbench judgement, scrm_lib/analysis/maturity.yaml.)"]
    if cost_warning:
        uc_lines += ["", f"Cost: {cost_warning}"]
    _text_panel(fig.add_subplot(gs[2, 0]), "Use cases the stage makes feasible (notebook 03's logic)", uc_lines, 80)
    sources = sorted({str(s) for s in steps["source"]} | {str(s) for s in r.positions()["source"]})
    _text_panel(fig.add_subplot(gs[2, 1]), "Sources (as summarised in DOMAIN.md §7, §7b)",
                [f"• {s}" for s in sources] + ["• Crosswalk, settler mark, pass mark, Sarner-step links: "
                                                f"{rd.JUDGEMENT}."], 110, fontsize=7.5)
    return fig


def survey_disagreement_chart(per_question: pd.DataFrame, top: int = 12, title: str | None = None) -> Figure:
    """Answer counts (no / partly / yes) of the ``top`` questions with the lowest r_wg."""
    worst = per_question.sort_values(["rwg", "question"]).head(top).iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 0.42 * len(worst) + 1.6), layout="constrained")
    left = pd.Series(0.0, index=worst.index)
    for answer, colour in [("no", "#D55E00"), ("partly", "#F0E442"), ("yes", "#009E73")]:
        ax.barh(worst["question"], worst[answer], left=left, color=colour, label=answer, height=0.7)
        left += worst[answer]
    for i, (n, v) in enumerate(zip(left, worst["rwg"], strict=True)):
        ax.text(n + 0.3, i, f"r_wg {v:.2f}", va="center", fontsize=8)
    ax.set_xlim(0, float(left.max()) * 1.22 + 1)
    ax.set_xlabel("respondents")
    ax.set_ylabel("question (lowest agreement at the top)")
    ax.legend(title="answer", loc="lower right", fontsize=8)
    ax.set_title(title or f"Where the class disagrees: the {len(worst)} questions with the lowest r_wg")
    return fig
