"""Social CRM readiness across the frameworks of the readings (issue 18; notebook 08).

Data (all YAML, every element with ``source:``):

- ``scrm_lib/frameworks.yaml`` — Gartner's eight building blocks (Davies 2011) with the
  pioneer → settler move, Constellation's five phases (Wang 2011) with the leader's task in
  each, Wang's four steps and five rules, Sarner's four steps and four community member types
  (with the community cost estimate), IBM's three stages (2011). Gartner's five stages and ten
  tactical steps stay in their one home, ``scrm_lib/analysis/maturity.yaml``.
- ``scrm_lib/analysis/readiness.yaml`` — the questionnaire: the 15 Gartner-stage questions of
  ``maturity.yaml`` plus questions that evidence a building block, a Wang phase or an IBM stage.
- ``scrm_lib/framework_crosswalk.yaml`` — how the ladders line up: a **stated assumption, not
  published** by any reading; parameterised (notebook 08's ``crosswalk_path``).

Scoring (:func:`assess`), answers yes = 1, partly = ½, no = 0:

- **Building block score** = mean value of the questions that evidence the block. The
  organisation is a **settler** when every block scores at least ``settler_mark`` (the reading:
  the settler phase "needs commitment to all eight blocks"; the mark itself is the workbench's
  judgement), else a **pioneer**; the **weakest blocks** are the ``n_weakest`` lowest
  (ties broken by questionnaire order), those below the mark first.
- **Gartner stage**: :func:`scrm_lib.analysis.maturity.assess` on the maturity questions (the same rule
  as notebook 03).
- **Wang phase** and **IBM stage**: the same cumulative rule
  (:func:`scrm_lib.analysis.maturity.reached_level`): a phase is reached when it and every phase before
  it (from the second on) score at least ``pass_mark``.

Plan (:func:`next_steps`): Gartner's tactical steps for the next transition, Wang's leader task
of the next phase, Sarner's steps ordered by the weakness of the blocks they address (that link
is workbench judgement, ``judgement_blocks`` in the YAML), and each weak block's social
consideration. Feasible use cases come from notebook 03's logic
(:func:`scrm_lib.analysis.usecases.build_plan`), and :func:`community_cost_warning` puts Sarner's cost
estimate next to any plan that needs a customer community.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from scrm_lib.analysis import maturity
from scrm_lib.analysis.agreement import krippendorff_alpha, rwg
from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import DataValidationError, ParamsError, Problem

_FRAMEWORKS = PACKAGE_DIR / "frameworks.yaml"
_QUESTIONNAIRE = PACKAGE_DIR / "readiness.yaml"
#: The default crosswalk (a stated assumption, not published).
DEFAULT_CROSSWALK = PACKAGE_DIR / "framework_crosswalk.yaml"

#: Frameworks a question can evidence, in display order.
FRAMEWORKS: tuple[str, ...] = ("gartner_stages", "building_blocks", "wang", "ibm")
FRAMEWORK_NAMES: dict[str, str] = {
    "gartner_stages": "Gartner (2013) stages",
    "building_blocks": "Gartner building blocks (Davies 2011)",
    "wang": "Constellation phases (Wang 2011)",
    "ibm": "IBM (2011) stages",
    "sarner": "Gartner four steps (Sarner)",
}
#: Columns of the crosswalk table.
CROSSWALK_COLUMNS: tuple[str, ...] = ("gartner_stage", "wang_phase", "ibm_stage", "building_block_phase")
#: Label put on every number or mapping that is not in the readings.
JUDGEMENT = "workbench judgement (not in the readings)"


# ------------------------------------------------------------------------------------------
# The frameworks as data
# ------------------------------------------------------------------------------------------

@cache
def frameworks() -> dict[str, Any]:
    """The parsed ``scrm_lib/frameworks.yaml``."""
    return yaml.safe_load(_FRAMEWORKS.read_text(encoding="utf-8"))


def building_blocks() -> pd.DataFrame:
    """Gartner's eight building blocks: ``id, name, social, source`` (in the reading's order)."""
    return pd.DataFrame(frameworks()["building_blocks"]["blocks"], columns=["id", "name", "social", "source"])


def block_phases() -> pd.DataFrame:
    """The pioneer and settler phases of the building blocks: ``id, name, text, source``."""
    return pd.DataFrame(frameworks()["building_blocks"]["phases"], columns=["id", "name", "text", "source"])


def wang_phases() -> pd.DataFrame:
    """Constellation's five phases with the leader's task: ``id, name, leader_task, source``."""
    return pd.DataFrame(frameworks()["wang"]["phases"], columns=["id", "name", "leader_task", "source"])


def wang_steps() -> pd.DataFrame:
    """Wang's four steps: ``id, text, source``."""
    return pd.DataFrame(frameworks()["wang"]["steps"], columns=["id", "text", "source"])


def wang_rules() -> pd.DataFrame:
    """Wang's five rules: ``text, source``."""
    return pd.DataFrame(frameworks()["wang"]["rules"], columns=["text", "source"])


def ibm_stages() -> pd.DataFrame:
    """IBM's three stages: ``id, name, source``."""
    return pd.DataFrame(frameworks()["ibm"]["stages"], columns=["id", "name", "source"])


def sarner_steps() -> pd.DataFrame:
    """Sarner's four steps: ``number, id, text, source, judgement_blocks``."""
    return pd.DataFrame(frameworks()["sarner"]["steps"],
                        columns=["number", "id", "text", "source", "judgement_blocks"])


def member_types() -> pd.DataFrame:
    """Sarner's community member types, indexed by id, with the workbench's behaviour and reward.

    Columns: ``name, quote, source`` (the reading) and ``judgement_behaviour,
    judgement_reward`` (the workbench's judgement, not in the reading).
    """
    cols = ["id", "name", "quote", "source", "judgement_behaviour", "judgement_reward"]
    return pd.DataFrame(frameworks()["sarner"]["member_types"], columns=cols).set_index("id")


def cost_warning() -> dict[str, Any]:
    """Sarner's community cost estimate: ``{text, amount_usd, source}``."""
    return dict(frameworks()["sarner"]["cost_warning"])


def facts() -> pd.DataFrame:
    """Every published figure the frameworks file holds: ``framework, text, source``."""
    rows = [{"framework": fw, "text": f["text"], "source": f["source"]}
            for fw in ("gartner_stages", "building_blocks", "wang") for f in frameworks()[fw].get("facts", [])]
    return pd.DataFrame(rows, columns=["framework", "text", "source"])


def levels(framework: str) -> list[str]:
    """The element ids of a framework in order (stages, blocks, phases)."""
    if framework == "gartner_stages":
        return list(maturity.STAGES)
    if framework == "building_blocks":
        return list(building_blocks()["id"])
    if framework == "wang":
        return list(wang_phases()["id"])
    if framework == "ibm":
        return list(ibm_stages()["id"])
    raise ValueError(f"unknown framework {framework!r}; expected one of {FRAMEWORKS}")


def element_source(framework: str, element: str) -> str:
    """The reading an element comes from (its ``source:``)."""
    if framework == "gartner_stages":
        return str(maturity.stage_info(element)["source"])
    table = {"building_blocks": building_blocks, "wang": wang_phases, "ibm": ibm_stages}[framework]()
    return str(table.set_index("id").loc[element, "source"])


# ------------------------------------------------------------------------------------------
# The questionnaire
# ------------------------------------------------------------------------------------------

@cache
def _questionnaire() -> dict[str, Any]:
    return yaml.safe_load(_QUESTIONNAIRE.read_text(encoding="utf-8"))


def questions() -> pd.DataFrame:
    """Every question of the readiness questionnaire, one row each.

    Columns: ``id, origin`` (``maturity.yaml`` or ``readiness.yaml``), ``practice, text,
    evidences`` (list of ``framework.element``), ``source`` (the readings of those elements,
    joined with "; "). The maturity questions come first, in their own order.
    """
    links = _questionnaire().get("maturity_links", {})
    rows = []
    for q in maturity.questions().itertuples():
        ev = [f"gartner_stages.{q.stage}", *links.get(q.id, [])]
        rows.append({"id": q.id, "origin": "maturity.yaml", "practice": q.practice, "text": q.text, "evidences": ev})
    for q in _questionnaire()["questions"]:
        rows.append({"id": q["id"], "origin": "readiness.yaml", "practice": q["practice"], "text": q["text"],
                     "evidences": list(q["evidences"]), "declared_source": q["source"]})
    out = pd.DataFrame(rows)
    out["source"] = [
        "; ".join(dict.fromkeys(element_source(*e.split(".", 1)) for e in ev)) for ev in out["evidences"]
    ]
    return out.drop(columns=["declared_source"])


def evidence() -> pd.DataFrame:
    """One row per (question, element it evidences): ``question, framework, element, source``."""
    rows = [{"question": q.id, "framework": e.split(".", 1)[0], "element": e.split(".", 1)[1],
             "source": element_source(*e.split(".", 1))}
            for q in questions().itertuples() for e in q.evidences]
    return pd.DataFrame(rows, columns=["question", "framework", "element", "source"])


def question_ids() -> list[str]:
    """The ids of every question, in questionnaire order."""
    return list(questions()["id"])


def answer_problems(answers: Mapping[str, Any]) -> list[str]:
    """Every unknown question id and every answer other than yes / partly / no (``[]`` = fine)."""
    known = question_ids()
    problems = [f"{k}: unknown question; expected one of the ids of scrm_lib/analysis/readiness.yaml "
                f"or scrm_lib/analysis/maturity.yaml" for k in answers if k not in known]
    problems += [f"{k}: answer {v!r} not understood; expected one of {list(maturity.ANSWER_VALUES)}"
                 for k, v in answers.items()
                 if k in known and str(v).strip().lower() not in maturity.ANSWER_VALUES]
    return problems


def normalise_answers(answers: Mapping[str, Any]) -> dict[str, str]:
    """Answers lower-cased and stripped; YAML booleans read as yes / no.

    Raises:
        ParamsError: listing every problem of :func:`answer_problems`.
    """
    fixed = {k: ("yes" if v is True else "no" if v is False else v) for k, v in answers.items()}
    problems = answer_problems(fixed)
    if problems:
        raise ParamsError("readiness questionnaire", problems)
    return {k: str(v).strip().lower() for k, v in fixed.items()}


def score_answers(answers: Mapping[str, Any]) -> pd.DataFrame:
    """One row per question: the question, ``answered``, ``answer`` and ``value`` (0 / 0.5 / 1).

    Unanswered questions count as ``no`` and are flagged ``answered=False``.
    """
    norm = normalise_answers(answers)
    out = questions()
    out["answered"] = out["id"].isin(list(norm))
    out["answer"] = out["id"].map(norm).astype(object).fillna("no")
    out["value"] = out["answer"].map(maturity.ANSWER_VALUES).astype(float)
    return out


def element_scores(table: pd.DataFrame, framework: str) -> pd.Series:
    """Mean answer value per element of ``framework`` (in the framework's order) from a scored table."""
    long = table[["id", "value", "evidences"]].explode("evidences")
    long = long[long["evidences"].str.startswith(framework + ".")]
    long["element"] = long["evidences"].str.split(".", n=1).str[1]
    return long.groupby("element")["value"].mean().reindex(levels(framework)).rename("score")


# ------------------------------------------------------------------------------------------
# The crosswalk (a stated assumption)
# ------------------------------------------------------------------------------------------

def load_crosswalk(path: str | Path | None = None) -> pd.DataFrame:
    """The crosswalk table, indexed by Gartner stage (``attrs``: status, published, path).

    Raises:
        ParamsError: the file is not a crosswalk (missing columns, unknown stage/phase ids,
            a Gartner stage missing or repeated), naming the file and row.
    """
    p = Path(path) if path else DEFAULT_CROSSWALK
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    rows = data.get("rows") or []
    problems: list[str] = []
    allowed = {"gartner_stage": list(maturity.STAGES), "wang_phase": levels("wang"), "ibm_stage": levels("ibm"),
               "building_block_phase": list(block_phases()["id"])}
    for i, row in enumerate(rows, 1):
        for col, ok in allowed.items():
            if not isinstance(row, dict) or row.get(col) not in ok:
                got = row.get(col) if isinstance(row, dict) else row
                problems.append(f"rows[{i}].{col}: expected one of {ok}, got {got!r}")
    stages = [r.get("gartner_stage") for r in rows if isinstance(r, dict)]
    if sorted(map(str, stages)) != sorted(maturity.STAGES) and not problems:
        problems.append(f"rows: expected one row per Gartner stage {list(maturity.STAGES)}, got {stages}")
    if data.get("published") is not False:
        problems.append("published: must be false — no reading publishes a crosswalk (state it as an assumption)")
    if problems:
        raise ParamsError(str(p), problems)
    table = pd.DataFrame(rows, columns=list(CROSSWALK_COLUMNS)).set_index("gartner_stage").reindex(list(maturity.STAGES))
    table.attrs.update(status=str(data.get("status", JUDGEMENT)), published=False, path=str(p))
    return table


# ------------------------------------------------------------------------------------------
# The assessment
# ------------------------------------------------------------------------------------------

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
    weak = [b for b in r.weakest_blocks if r.block_scores[b] < r.settler_mark - 1e-12]
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
    from scrm_lib.analysis import usecases as uc

    answers = dict(zip(r.gartner.answers["id"], r.gartner.answers["answer"], strict=True))
    plan = uc.build_plan(usecases, answers=answers, goals=list(goals), pass_mark=r.pass_mark, **plan_kwargs)
    feasible = plan.ranked[plan.ranked["stage_fit"] >= uc.STAGE_FIT_NOW - 1e-12].reset_index(drop=True)
    return feasible, plan


# ------------------------------------------------------------------------------------------
# Class survey: a whole class assesses one company
# ------------------------------------------------------------------------------------------

#: Columns of a class survey file (long format: one row per respondent and question).
SURVEY_COLUMNS: tuple[str, ...] = ("respondent_id", "question_id", "answer", "provenance")


def load_class_survey(path: str | Path) -> pd.DataFrame:
    """A class readiness survey (CSV, columns :data:`SURVEY_COLUMNS`), validated.

    One row per respondent and answered question; a skipped question has no row. Answers
    are yes / partly / no (case and spaces ignored).

    Raises:
        DataValidationError: missing columns, unknown question ids, bad answers or a
            respondent answering a question twice — every problem with its line number.
    """
    p = Path(path)
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in SURVEY_COLUMNS if c not in df.columns]
    if missing:
        raise DataValidationError(str(p), "readiness class survey", [Problem(
            "required column(s) missing", column=", ".join(missing), rows=(1,), n_rows=1, found="(absent)",
            expected=f"columns {list(SURVEY_COLUMNS)}")])
    problems: list[Problem] = []
    known = set(question_ids())
    df["answer"] = df["answer"].str.strip().str.lower()
    for i, row in df.iterrows():
        line = int(i) + 2
        if row["question_id"] not in known:
            problems.append(Problem("unknown question", column="question_id", rows=(line,), n_rows=1,
                                    found=repr(row["question_id"]),
                                    expected="a question id of scrm_lib/analysis/readiness.yaml or scrm_lib/analysis/maturity.yaml"))
        if row["answer"] not in maturity.ANSWER_VALUES:
            problems.append(Problem("answer not understood", column="answer", rows=(line,), n_rows=1,
                                    found=repr(row["answer"]), expected="yes, partly or no"))
        if not row["respondent_id"].strip():
            problems.append(Problem("no respondent", column="respondent_id", rows=(line,), n_rows=1,
                                    found="(empty)", expected="a respondent id"))
    dup = df.duplicated(["respondent_id", "question_id"], keep="first")
    for i in df.index[dup]:
        problems.append(Problem("answered twice by the same respondent", column="question_id", rows=(int(i) + 2,),
                                n_rows=1, found=repr(df.loc[i, "question_id"]),
                                expected="one answer per respondent and question"))
    if problems:
        raise DataValidationError(str(p), "readiness class survey", problems)
    df["value"] = df["answer"].map(maturity.ANSWER_VALUES).astype(float)
    return df


def survey_matrix(survey: pd.DataFrame) -> pd.DataFrame:
    """Respondents × questions matrix of answer values (NaN = skipped), questions in questionnaire order."""
    wide = survey.pivot(index="respondent_id", columns="question_id", values="value")
    return wide.reindex(columns=[q for q in question_ids() if q in wide.columns])


@dataclass(frozen=True)
class SurveyAgreement:
    """Agreement of a class assessing one company (see :mod:`scrm_lib.analysis.agreement` for why these).

    Attributes:
        per_question: ``question, practice, n, yes, partly, no, mean, sd, rwg`` (one row per question).
        per_block: per building block / Wang phase / IBM stage / Gartner stage: ``framework,
            element, questions, mean_score, sd_respondents, iqr_respondents, mean_rwg`` — the
            spread of the respondents' element scores and the mean r_wg of its questions.
            Not alpha: with two or three questions whose true answers are alike, alpha is near 0
            however well the class agrees (it measures how well raters tell *units* apart).
        alpha: Krippendorff's alpha (ordinal) over every question.
        n_respondents: how many respondents.
        consensus: the class's consensus answers (median value per question → yes/partly/no).
    """

    per_question: pd.DataFrame
    per_block: pd.DataFrame
    alpha: float
    n_respondents: int
    consensus: dict[str, str]


def _value_to_answer(v: float) -> str:
    return "yes" if v >= 0.75 else "partly" if v >= 0.25 else "no"


def survey_agreement(survey: pd.DataFrame) -> SurveyAgreement:
    """Per-question r_wg and answer spread, per-element spread, Krippendorff's alpha over all questions.

    The consensus answer of a question is the median of the respondents' values, read back as
    yes (≥ 0.75), partly (≥ 0.25) or no.
    """
    m = survey_matrix(survey)
    qs = questions().set_index("id")
    n_cat = len(maturity.ANSWER_VALUES)
    rows = []
    for q in m.columns:
        col = m[q].dropna()
        rows.append({"question": q, "practice": qs.loc[q, "practice"], "n": len(col),
                     "yes": int((col == 1.0).sum()), "partly": int((col == 0.5).sum()), "no": int((col == 0.0).sum()),
                     "mean": col.mean(), "sd": col.std(ddof=1) if len(col) > 1 else np.nan,
                     "rwg": rwg(col.to_numpy(), n_cat)})
    per_q = pd.DataFrame(rows)
    ev = evidence()
    block_rows = []
    for fw in FRAMEWORKS:
        for el in levels(fw):
            qids = [q for q in ev.loc[(ev["framework"] == fw) & (ev["element"] == el), "question"] if q in m.columns]
            if not qids:
                continue
            per_resp = m[qids].mean(axis=1, skipna=True)
            block_rows.append({
                "framework": FRAMEWORK_NAMES[fw], "element": el, "questions": len(qids),
                "mean_score": per_resp.mean(), "sd_respondents": per_resp.std(ddof=1),
                "iqr_respondents": per_resp.quantile(0.75) - per_resp.quantile(0.25),
                "mean_rwg": per_q.set_index("question").loc[qids, "rwg"].mean(),
            })
    per_block = pd.DataFrame(block_rows)
    consensus = {q: _value_to_answer(float(m[q].median())) for q in m.columns if m[q].notna().any()}
    return SurveyAgreement(per_question=per_q, per_block=per_block,
                           alpha=krippendorff_alpha(m.to_numpy().astype(float), "ordinal"),
                           n_respondents=len(m), consensus=consensus)
