"""A whole class assesses one company: the class survey file and the agreement of its answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.analysis import maturity
from scrm_lib.analysis.agreement import krippendorff_alpha, rwg
from scrm_lib.analysis.readiness.frameworks import FRAMEWORK_NAMES, FRAMEWORKS, levels
from scrm_lib.analysis.readiness.questionnaire import evidence, question_ids, questions
from scrm_lib.core.errors import DataValidationError, Problem

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
                                    expected="a question id of scrm_lib/readiness.yaml or scrm_lib/maturity.yaml"))
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

    def least_agreed(self, n: int = 3) -> pd.DataFrame:
        """The ``n`` questions with the lowest r_wg (ties by question id): where the class disagrees most."""
        return self.per_question.sort_values(["rwg", "question"]).head(n)


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


def answer_differences(answers: Mapping[str, str], consensus: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Questions whose class consensus differs from the given answers: ``{question: (given, consensus)}``.

    A question the given answers leave out shows as ``"(none)"``; in consensus order.
    """
    return {q: (answers.get(q, "(none)"), a) for q, a in consensus.items() if answers.get(q) != a}
