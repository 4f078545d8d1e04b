"""Social CRM maturity self-assessment (Gartner 2013 stages; issue 5).

A questionnaire (``scrm_lib/analysis/maturity.yaml``) asks one question per observable practice of
the five Gartner stages (DOMAIN.md §7): initial, developing, defined, managed, optimizing.
Answers are ``yes`` (1.0), ``partly`` (0.5) or ``no`` (0.0). :func:`assess` scores them:

- a stage's **score** is the mean answer over its questions;
- the organisation has **reached** a stage when that stage and every stage before it
  (from *developing* on) score at least ``pass_mark``; *initial* (discovery) is the floor;
- the **evidence** is the practices in place at the reached stage and below, the **gaps**
  the practices of the next stage not (fully) in place, and **ahead** the practices of
  later stages already in place (adoption out of the usual order);
- the **next steps** are the tactical steps Gartner names for the transition out of the
  reached stage (initial→developing 1–4, developing→defined 4–7, defined→managed 7–9,
  managed→optimizing 8–10);
- the stage's **recommended use cases** feed the fit term of
  :func:`scrm_lib.analysis.usecases.organisational_fit`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import yaml

from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import ParamsError

_QUESTIONNAIRE = PACKAGE_DIR / "maturity.yaml"

#: The five stages in order.
STAGES: tuple[str, ...] = ("initial", "developing", "defined", "managed", "optimizing")
#: Accepted answers and their values.
ANSWER_VALUES: dict[str, float] = {"yes": 1.0, "partly": 0.5, "no": 0.0}


@cache
def questionnaire() -> dict[str, Any]:
    """The parsed questionnaire YAML (stages, questions, tactical steps, transitions)."""
    data = yaml.safe_load(_QUESTIONNAIRE.read_text(encoding="utf-8"))
    stages = tuple(s["id"] for s in data["stages"])
    if stages != STAGES:  # pragma: no cover - guards edits of the YAML
        raise ValueError(f"{_QUESTIONNAIRE}: stages must be {STAGES}, found {stages}")
    return data


def questions() -> pd.DataFrame:
    """The questions as a frame: ``id, stage, practice, text`` (in questionnaire order)."""
    return pd.DataFrame(questionnaire()["questions"], columns=["id", "stage", "practice", "text"])


def tactical_steps() -> dict[int, str]:
    """Gartner's ten tactical steps, numbered 1–10."""
    return {int(k): v for k, v in questionnaire()["tactical_steps"].items()}


def stage_info(stage: str) -> dict[str, Any]:
    """Name, description, recommended use cases and rationale of one stage."""
    _check_stage(stage)
    return next(s for s in questionnaire()["stages"] if s["id"] == stage)


def recommended_use_cases(stage: str) -> list[str]:
    """Use-case ids recommended at ``stage`` (the workbench's documented mapping)."""
    return list(stage_info(stage)["recommended_use_cases"])


def recommended_stage_of() -> dict[str, str]:
    """Use-case id → the stage that recommends it."""
    return {u: s["id"] for s in questionnaire()["stages"] for u in s["recommended_use_cases"]}


def next_stage(stage: str) -> str | None:
    """The stage after ``stage`` (None after optimizing)."""
    _check_stage(stage)
    i = STAGES.index(stage)
    return STAGES[i + 1] if i + 1 < len(STAGES) else None


def focus_steps(stage: str) -> list[tuple[int, str]]:
    """The tactical steps to focus on for the transition out of ``stage``: ``[(number, text)]``."""
    _check_stage(stage)
    steps = tactical_steps()
    return [(n, steps[n]) for n in questionnaire()["transition_focus"][stage]]


def _check_stage(stage: str) -> None:
    if stage not in STAGES:
        raise ParamsError("maturity stage", [f"unknown stage {stage!r}; expected one of {list(STAGES)}"])


def score_answers(answers: Mapping[str, str]) -> pd.DataFrame:
    """One row per question with the answer and its value.

    Unanswered questions count as ``no`` and are flagged ``answered=False``.

    Raises:
        ParamsError: listing every unknown question id and every answer other than
            yes / partly / no.
    """
    qs = questions()
    known = set(qs["id"])
    problems = [
        f"answers.{k}: unknown question; expected one of {sorted(known)}" for k in answers if k not in known
    ]
    problems += [
        f"answers.{k}: answer {v!r} not understood; expected one of {list(ANSWER_VALUES)}"
        for k, v in answers.items()
        if k in known and str(v).strip().lower() not in ANSWER_VALUES
    ]
    if problems:
        raise ParamsError("maturity questionnaire", problems)
    norm = {k: str(v).strip().lower() for k, v in answers.items()}
    out = qs.copy()
    out["answered"] = out["id"].isin(list(norm))
    out["answer"] = out["id"].map(norm).astype(object).fillna("no")
    out["value"] = out["answer"].map(ANSWER_VALUES).astype(float)
    return out


def reached_level(scores: pd.Series, pass_mark: float) -> str:
    """The last level reached on a cumulative ladder of levels.

    ``scores`` holds one score in [0, 1] per level, in ladder order (index = level ids). The
    first level is the floor; a later level s is reached when ``scores[t] >= pass_mark`` for
    every level t from the second up to s. Used for Gartner's stages here and, by
    :mod:`scrm_lib.analysis.readiness`, for Wang's phases and IBM's stages (one rule for every ladder).
    """
    levels = list(scores.index)
    if not levels:
        raise ValueError("reached_level: no levels")
    reached = levels[0]
    for level in levels[1:]:
        if scores[level] >= pass_mark - 1e-12:
            reached = level
        else:
            break
    return str(reached)


@dataclass(frozen=True)
class Assessment:
    """The result of :func:`assess`.

    Attributes:
        stage: the reached stage.
        stage_scores: stage → mean answer value (0–1), in stage order.
        pass_mark: the score a stage needs to count as reached.
        answers: the per-question table from :func:`score_answers`.
        evidence: practices in place (value > 0) at the reached stage and below.
        gaps: practices of the next stage not fully in place (value < 1).
        ahead: practices beyond the next stage already (partly) in place.
        next_stage: the stage after ``stage`` (None at optimizing).
        focus_steps: ``[(number, text)]`` of the tactical steps for the next transition.
        recommended_now: use cases recommended at the reached stage and earlier.
        recommended_next: use cases recommended at the next stage.
    """

    stage: str
    stage_scores: pd.Series
    pass_mark: float
    answers: pd.DataFrame
    evidence: pd.DataFrame
    gaps: pd.DataFrame
    ahead: pd.DataFrame
    next_stage: str | None
    focus_steps: list[tuple[int, str]]
    recommended_now: list[str]
    recommended_next: list[str]

    @property
    def unanswered(self) -> list[str]:
        """Question ids without an answer (counted as ``no``)."""
        return list(self.answers.loc[~self.answers["answered"], "id"])


def assess(answers: Mapping[str, str], pass_mark: float = 0.5) -> Assessment:
    """Score questionnaire answers into a Gartner stage, with evidence and next steps.

    ``score(stage) = mean(value of its questions)``; the reached stage is the last stage s
    such that ``score(t) >= pass_mark`` for every t from *developing* up to s (stages are
    cumulative: more than 80% of organisations follow this path, DOMAIN.md §7); *initial*
    is the floor.
    """
    if not 0.0 < pass_mark <= 1.0:
        raise ParamsError("maturity questionnaire", [f"pass_mark: expected a number in (0, 1], got {pass_mark!r}"])
    table = score_answers(answers)
    scores = table.groupby("stage", sort=False)["value"].mean().reindex(list(STAGES))
    reached = reached_level(scores, pass_mark)
    i = STAGES.index(reached)
    nxt = next_stage(reached)
    stage_pos = table["stage"].map(STAGES.index)
    cols = ["id", "stage", "practice", "answer"]
    evidence = table.loc[(stage_pos <= i) & (table["value"] > 0), cols].reset_index(drop=True)
    gaps = table.loc[(stage_pos == i + 1) & (table["value"] < 1), cols].reset_index(drop=True)
    ahead = table.loc[(stage_pos > i + 1) & (table["value"] > 0), cols].reset_index(drop=True)
    now = [u for s in STAGES[: i + 1] for u in recommended_use_cases(s)]
    return Assessment(
        stage=reached,
        stage_scores=scores.rename("score"),
        pass_mark=pass_mark,
        answers=table,
        evidence=evidence,
        gaps=gaps,
        ahead=ahead,
        next_stage=nxt,
        focus_steps=focus_steps(reached),
        recommended_now=now,
        recommended_next=recommended_use_cases(nxt) if nxt else [],
    )
