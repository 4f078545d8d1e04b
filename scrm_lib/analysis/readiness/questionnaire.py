"""The readiness questionnaire: its questions, what each evidences, and scoring the answers."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import pandas as pd

from scrm_lib.analysis import maturity
from scrm_lib.analysis.readiness.frameworks import element_source, levels
from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import ParamsError
from scrm_lib.core.yamlio import read_yaml_file

_QUESTIONNAIRE = PACKAGE_DIR / "readiness.yaml"


@cache
def _questionnaire() -> dict[str, Any]:
    return read_yaml_file(_QUESTIONNAIRE, "readiness questionnaire")


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
    problems = [f"{k}: unknown question; expected one of the ids of scrm_lib/readiness.yaml "
                f"or scrm_lib/maturity.yaml" for k in answers if k not in known]
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


def questions_evidencing(framework: str, elements: list[str]) -> list[str]:
    """Ids of the questions that evidence any of ``elements`` of ``framework``, sorted.

    E.g. the questions whose answer lifts a weak building block: answering them yes is the
    shortest way to the settler phase (notebook 08's exercise).
    """
    ev = evidence()
    return sorted(set(ev.loc[(ev["framework"] == framework) & ev["element"].isin(list(elements)), "question"]))
