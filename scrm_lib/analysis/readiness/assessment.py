"""The assessment across frameworks (:func:`assess`) and the plan that follows from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from scrm_lib.analysis import maturity
from scrm_lib.analysis import usecases as uc
from scrm_lib.analysis.readiness.frameworks import (
    FRAMEWORK_NAMES,
    JUDGEMENT,
    building_blocks,
    cost_warning,
    element_source,
    frameworks,
    levels,
    load_crosswalk,
    sarner_steps,
    wang_phases,
    wang_steps,
)
from scrm_lib.analysis.readiness.questionnaire import (
    element_scores,
    normalise_answers,
    score_answers,
)
from scrm_lib.core.errors import ParamsError


@dataclass(frozen=True)
class Readiness:
    """The result of :func:`assess`.

    Attributes:
        answers: the per-question table of :func:`score_answers`.
        block_scores: building block → score (0–1), in the reading's order.
        blocks_phase: ``"pioneer"`` or ``"settler"``.
        settler_mark: the score every block needs for the settler phase (workbench judgement).
        weakest_blocks: the ``n_weakest`` lowest-scoring blocks (ids), lowest first.
        gartner: the Gartner-stage assessment (:class:`scrm_lib.analysis.maturity.Assessment`).
        wang_scores, wang_phase: Wang phase scores and the phase reached.
        ibm_scores, ibm_stage: IBM stage scores and the stage reached.
        pass_mark: the score a stage or phase needs to count as reached.
        crosswalk: the crosswalk table (an assumption, not published).
    """

    answers: pd.DataFrame
    block_scores: pd.Series
    blocks_phase: str
    settler_mark: float
    weakest_blocks: list[str]
    gartner: maturity.Assessment
    wang_scores: pd.Series
    wang_phase: str
    ibm_scores: pd.Series
    ibm_stage: str
    pass_mark: float
    crosswalk: pd.DataFrame

    @property
    def gartner_stage(self) -> str:
        """The Gartner stage reached."""
        return self.gartner.stage

    @property
    def blocks_below_mark(self) -> list[str]:
        """The building blocks scoring below the settler mark (in the reading's order): what keeps a pioneer."""
        return [b for b, v in self.block_scores.items() if v < self.settler_mark - 1e-12]

    @property
    def unanswered(self) -> list[str]:
        """Question ids without an answer (counted as ``no``)."""
        return list(self.answers.loc[~self.answers["answered"], "id"])

    def positions(self) -> pd.DataFrame:
        """Where each framework places the organisation, and the crosswalk's expectation.

        Columns: ``framework, position, source, crosswalk_expects, agrees``. The expectation
        is the crosswalk row of the Gartner stage: an assumption, not published.
        """
        row = self.crosswalk.loc[self.gartner_stage]
        items = [
            ("gartner_stages", self.gartner_stage, element_source("gartner_stages", self.gartner_stage), self.gartner_stage),
            ("building_blocks", self.blocks_phase, frameworks()["building_blocks"]["source"], row["building_block_phase"]),
            ("wang", self.wang_phase, element_source("wang", self.wang_phase), row["wang_phase"]),
            ("ibm", self.ibm_stage, element_source("ibm", self.ibm_stage), row["ibm_stage"]),
        ]
        out = pd.DataFrame(items, columns=["framework", "position", "source", "crosswalk_expects"])
        out["agrees"] = out["position"] == out["crosswalk_expects"]
        out["framework"] = out["framework"].map(FRAMEWORK_NAMES)
        return out


def _check_mark(name: str, value: float) -> None:
    if not 0.0 < value <= 1.0:
        raise ParamsError("readiness assessment", [f"{name}: expected a number in (0, 1], got {value!r}"])


def assess(
    answers: Mapping[str, Any],
    pass_mark: float = 0.5,
    settler_mark: float = 0.5,
    n_weakest: int = 3,
    crosswalk: pd.DataFrame | None = None,
) -> Readiness:
    """Score the questionnaire on every framework (see the module docstring for the rules).

    Raises:
        ParamsError: unknown question ids, answers other than yes / partly / no, marks
            outside (0, 1] or ``n_weakest`` outside 1–8.
    """
    _check_mark("pass_mark", pass_mark)
    _check_mark("settler_mark", settler_mark)
    if not 1 <= n_weakest <= len(building_blocks()):
        raise ParamsError("readiness assessment", [f"n_weakest: expected 1–{len(building_blocks())}, got {n_weakest}"])
    table = score_answers(answers)
    blocks = element_scores(table, "building_blocks")
    phase = "settler" if bool((blocks >= settler_mark - 1e-12).all()) else "pioneer"
    order = pd.DataFrame({"score": blocks.to_numpy(), "pos": range(len(blocks))}, index=blocks.index)
    weakest = list(order.sort_values(["score", "pos"]).index[:n_weakest])
    maturity_answers = {k: v for k, v in normalise_answers(answers).items() if k in set(maturity.questions()["id"])}
    gartner = maturity.assess(maturity_answers, pass_mark=pass_mark)
    wang = element_scores(table, "wang")
    ibm = element_scores(table, "ibm")
    return Readiness(
        answers=table, block_scores=blocks, blocks_phase=phase, settler_mark=settler_mark, weakest_blocks=weakest,
        gartner=gartner, wang_scores=wang, wang_phase=maturity.reached_level(wang, pass_mark),
        ibm_scores=ibm, ibm_stage=maturity.reached_level(ibm, pass_mark), pass_mark=pass_mark,
        crosswalk=crosswalk if crosswalk is not None else load_crosswalk(),
    )


# ------------------------------------------------------------------------------------------
# From assessment to plan
# ------------------------------------------------------------------------------------------

def _next(items: list[str], current: str) -> str | None:
    i = items.index(current)
    return items[i + 1] if i + 1 < len(items) else None


def next_steps(r: Readiness) -> pd.DataFrame:
    """The frameworks' own recommendations for this organisation, in reading order.

    Columns: ``framework, step, why, source, basis``. ``basis`` says whether the row is the
    reading's recommendation as published (``published``) or chosen for this organisation by a
    workbench rule (``published step, chosen by workbench judgement``):

    1. Gartner (2013): the tactical steps to focus on for the transition out of the reached
       stage (published per transition).
    2. Wang (2011): the leader's task of the next phase (published per phase); at realization
       the current task.
    3. Sarner: the four steps, those whose related blocks (``judgement_blocks``) include a
       weak block first, ordered by the lowest related block score.
    4. Davies (2011): the social consideration of each block below the settler mark.
    """
    rows: list[dict[str, str]] = []
    stage = r.gartner_stage
    nxt = maturity.next_stage(stage)
    for n, text in maturity.focus_steps(stage):
        rows.append({"framework": FRAMEWORK_NAMES["gartner_stages"], "step": f"Tactical step {n}: {text}",
                     "why": f"focus for the transition {stage} → {nxt}",
                     "source": str(maturity.questionnaire()["tactical_steps_source"]), "basis": "published"})
    if nxt is None:
        rows.append({"framework": FRAMEWORK_NAMES["gartner_stages"], "step": "Tactical step 10: Learn and change",
                     "why": "optimizing is the last stage: keep benchmarking",
                     "source": str(maturity.questionnaire()["tactical_steps_source"]), "basis": "published"})
    phases = wang_phases().set_index("id")
    target = _next(levels("wang"), r.wang_phase) or r.wang_phase
    rows.append({"framework": FRAMEWORK_NAMES["wang"], "step": f"{phases.loc[target, 'name']}: {phases.loc[target, 'leader_task']}",
                 "why": (f"the leader's task of the next phase (now: {r.wang_phase})" if target != r.wang_phase
                         else "the last phase: keep doing its task"),
                 "source": str(phases.loc[target, "source"]), "basis": "published"})
    for step in wang_steps().itertuples():
        rows.append({"framework": FRAMEWORK_NAMES["wang"], "step": f"Step: {step.text}", "why": "one of Wang's four steps, for every phase",
                     "source": step.source, "basis": "published"})
    weak = [b for b in r.weakest_blocks if b in set(r.blocks_below_mark)]
    steps = sarner_steps()
    steps["related_min"] = [min(r.block_scores[b] for b in bs) for bs in steps["judgement_blocks"]]
    steps["urgent"] = [bool(set(bs) & set(weak)) for bs in steps["judgement_blocks"]]
    names = building_blocks().set_index("id")["name"]
    for s in steps.sort_values(["urgent", "related_min", "number"], ascending=[False, True, True]).itertuples():
        related = ", ".join(f"{names[b]} {r.block_scores[b]:.0%}" for b in s.judgement_blocks)
        rows.append({"framework": FRAMEWORK_NAMES["sarner"], "step": f"Step {s.number}: {s.text}",
                     "why": ("addresses weak blocks: " if s.urgent else "related blocks: ") + related,
                     "source": s.source, "basis": f"published step; its link to blocks is {JUDGEMENT}"})
    blocks = building_blocks().set_index("id")
    for b in weak:
        rows.append({"framework": FRAMEWORK_NAMES["building_blocks"], "step": f"{blocks.loc[b, 'name']}: {blocks.loc[b, 'social']}",
                     "why": f"weak block ({r.block_scores[b]:.0%} < settler mark {r.settler_mark:.0%}, {JUDGEMENT})",
                     "source": str(blocks.loc[b, "source"]), "basis": "published"})
    return pd.DataFrame(rows, columns=["framework", "step", "why", "source", "basis"])


def community_use_cases() -> list[str]:
    """Use-case ids that need a customer community (workbench judgement, ``frameworks.yaml``)."""
    return list(frameworks()["sarner"]["judgement_community_use_cases"])


def community_cost_warning(use_case_ids: list[str]) -> str | None:
    """Sarner's cost estimate as context when the plan holds a community use case, else None."""
    needs = [u for u in use_case_ids if u in set(community_use_cases())]
    if not needs:
        return None
    w = cost_warning()
    verb = "needs" if len(needs) == 1 else "need"
    return (f"{', '.join(needs)} {verb} an online community of customers. {w['text']} ({w['source']}.) "
            "Plan the budget before promising the community; which use cases need a community is "
            f"{JUDGEMENT}.")


def feasible_use_cases(
    r: Readiness,
    usecases: pd.DataFrame,
    goals: list[str] | tuple[str, ...] = (),
    **plan_kwargs: Any,
) -> tuple[pd.DataFrame, Any]:
    """The use cases the Gartner stage makes feasible, ranked by notebook 03's logic.

    Calls :func:`scrm_lib.analysis.usecases.build_plan` with the maturity answers of ``r`` (same
    pass mark) and returns ``(feasible, plan)``: the ranked rows with stage fit 1 (feasible
    now), and the whole plan (ranked table and roadmap) for the next stage's use cases.
    """
    answers = dict(zip(r.gartner.answers["id"], r.gartner.answers["answer"], strict=True))
    plan = uc.build_plan(usecases, answers=answers, goals=list(goals), pass_mark=r.pass_mark, **plan_kwargs)
    feasible = plan.ranked[plan.ranked["stage_fit"] >= uc.STAGE_FIT_NOW - 1e-12].reset_index(drop=True)
    return feasible, plan


def upcoming_use_cases(plan: uc.UseCasePlan) -> pd.DataFrame:
    """The ranked use cases of a plan that the *next* maturity stage makes feasible (stage fit 0.5).

    Notebook 08 shows them beside the feasible ones (:func:`feasible_use_cases`) and checks both
    for a community use case (:func:`community_cost_warning`).
    """
    return plan.ranked[plan.ranked["stage_fit"] == uc.STAGE_FIT_NEXT]


#: The positions :func:`compare_positions` lines up, with the attribute of :class:`Readiness` holding each.
POSITIONS: dict[str, str] = {"Gartner stage": "gartner_stage", "Wang phase": "wang_phase",
                             "IBM stage": "ibm_stage", "building blocks": "blocks_phase"}


def compare_positions(a: Readiness, b: Readiness) -> pd.DataFrame:
    """Where two assessments of one organisation place it (e.g. the ``answers`` parameter vs a class).

    Returns one row per position of :data:`POSITIONS`: ``position, a, b, differs``.
    """
    rows = [{"position": label, "a": getattr(a, attr), "b": getattr(b, attr)} for label, attr in POSITIONS.items()]
    out = pd.DataFrame(rows, columns=["position", "a", "b"])
    out["differs"] = out["a"] != out["b"]
    return out
