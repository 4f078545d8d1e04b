"""Readiness across the frameworks (scrm_lib.analysis.readiness, scrm_lib.analysis.agreement, the YAML data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib.analysis import maturity
from scrm_lib.analysis import readiness as rd
from scrm_lib.analysis.agreement import krippendorff_alpha, rwg
from scrm_lib.analysis.usecases import published_use_cases
from scrm_lib.core.config import PACKAGE_DIR
from scrm_lib.core.errors import DataValidationError, ParamsError

ALL_YES = {q: "yes" for q in rd.question_ids()}
ALL_NO = {q: "no" for q in rd.question_ids()}
READINGS = ("Gartner", "Constellation", "IBM")


# --- the data: every element cites its reading; judgement is labelled -------------------------

def _elements(node: object, path: str = "") -> list[tuple[str, dict]]:
    """Every mapping in the frameworks YAML that has an ``id`` or a ``text`` (an element)."""
    out = []
    if isinstance(node, dict):
        if "id" in node or "text" in node:
            out.append((path, node))
        for k, v in node.items():
            out += _elements(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _elements(v, f"{path}[{i}]")
    return out


def test_every_framework_element_cites_its_reading() -> None:
    data = rd.frameworks()
    elements = _elements(data)
    assert len(elements) > 40
    for where, el in elements:
        assert str(el.get("source", "")).startswith(READINGS), f"{where} has no source naming its reading: {el}"
    for stage in maturity.questionnaire()["stages"]:
        assert stage["source"].startswith("Gartner (2013)")


def test_every_question_is_tied_to_an_element_with_its_source() -> None:
    qs = rd.questions()
    assert qs["id"].is_unique and len(qs) == 15 + len(yaml.safe_load(
        ((PACKAGE_DIR / "readiness.yaml")).read_text(encoding="utf-8"))["questions"])
    ev = rd.evidence()
    for fw in rd.FRAMEWORKS:
        covered = set(ev.loc[ev["framework"] == fw, "element"])
        assert covered == set(rd.levels(fw)), f"{fw}: elements without a question: {set(rd.levels(fw)) - covered}"
    assert ev["source"].str.startswith(READINGS).all()
    raw = yaml.safe_load((PACKAGE_DIR / "readiness.yaml").read_text(encoding="utf-8"))
    for q in raw["questions"]:  # the declared source is the reading of the element it evidences
        fw, el = q["evidences"][0].split(".", 1)
        assert rd.element_source(fw, el) == q["source"], q["id"]


def test_gartner_stages_have_one_home() -> None:
    text = (PACKAGE_DIR / "frameworks.yaml").read_text(encoding="utf-8")
    for stage in maturity.STAGES[1:]:
        assert f"id: {stage}" not in text  # stages are not repeated outside maturity.yaml
    assert rd.levels("gartner_stages") == list(maturity.STAGES)


def test_crosswalk_is_a_stated_assumption(tmp_path: Path) -> None:
    cw = rd.load_crosswalk()
    assert cw.attrs["published"] is False and "not published" in cw.attrs["status"]
    assert list(cw.index) == list(maturity.STAGES)
    bad = tmp_path / "cw.yaml"
    bad.write_text("published: true\nrows:\n  - {gartner_stage: initial, wang_phase: dreaming, ibm_stage: projects, "
                   "building_block_phase: pioneer}\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        rd.load_crosswalk(bad)
    msg = str(info.value)
    assert "dreaming" in msg and "published: must be false" in msg


# --- scoring ---------------------------------------------------------------------------------

def test_all_yes_is_a_settler_at_the_top_of_every_ladder() -> None:
    r = rd.assess(ALL_YES)
    assert (r.gartner_stage, r.wang_phase, r.ibm_stage, r.blocks_phase) == ("optimizing", "realization", "strategy", "settler")
    assert r.positions()["agrees"].all()


def test_all_no_is_a_pioneer_at_the_floor() -> None:
    r = rd.assess(ALL_NO)
    assert (r.gartner_stage, r.wang_phase, r.ibm_stage, r.blocks_phase) == ("initial", "discovery", "projects", "pioneer")
    assert r.weakest_blocks == ["vision", "strategy", "customer_experience"]  # ties: reading order


def test_weakest_blocks_and_settler_mark() -> None:
    answers = {**ALL_YES, "metrics_business_results": "no", "response_time": "partly", "info_reach_weighting": "partly"}
    r = rd.assess(answers, n_weakest=2)
    assert r.block_scores["metrics"] == pytest.approx(0.25) and r.block_scores["information"] == pytest.approx(0.75)
    assert r.weakest_blocks == ["metrics", "information"] and r.blocks_phase == "pioneer"
    assert rd.assess(answers, settler_mark=0.25).blocks_phase == "settler"


def test_wang_and_ibm_use_the_cumulative_rule() -> None:
    answers = {**ALL_NO, "wang_fail_fast": "yes", "wang_vendor_selection": "partly",
               "wang_enterprise_wide": "yes", "wang_long_term_funding": "yes", "ibm_strategy": "yes", "ibm_strategy_customer": "yes"}
    r = rd.assess(answers)
    assert r.wang_phase == "experimentation"  # formalization evidenced, but evangelization is not: not reached
    assert r.ibm_stage == "projects"
    assert r.wang_scores["experimentation"] == pytest.approx(0.75)


def test_bad_answers_are_all_listed() -> None:
    with pytest.raises(ParamsError) as info:
        rd.assess({"nope": "yes", "listening": "maybe"})
    assert "nope" in str(info.value) and "maybe" in str(info.value)
    with pytest.raises(ParamsError, match="settler_mark"):
        rd.assess({}, settler_mark=0)


def test_next_steps_come_from_the_frameworks_with_sources() -> None:
    r = rd.assess({**ALL_NO, "listening": "yes"})
    steps = rd.next_steps(r)
    gartner = steps[steps["framework"].str.startswith("Gartner (2013)")]
    assert list(gartner["step"].str.extract(r"step (\d+)")[0].astype(int)) == [1, 2, 3, 4]
    assert steps["source"].str.startswith(READINGS).all()
    wang = steps[steps["step"].str.startswith("Experimentation")]
    assert len(wang) == 1  # the next phase's leader task
    sarner = steps[steps["framework"].str.contains("Sarner")]
    assert len(sarner) == 4 and sarner["basis"].str.contains("judgement").all()
    assert steps["framework"].str.contains("building blocks").sum() == 3  # the three weakest, all below the mark


def test_feasible_use_cases_call_notebook_03s_plan() -> None:
    r = rd.assess({**ALL_NO, "listening": "yes", "channel_discovery": "yes"})
    feasible, plan = rd.feasible_use_cases(r, published_use_cases(), goals=["cut_support_cost"])
    assert plan.stage == r.gartner_stage == "initial"
    assert set(feasible["id"]) == set(maturity.recommended_use_cases("initial"))
    assert rd.community_cost_warning(list(feasible["id"])) is None
    warning = rd.community_cost_warning(["F1", "SP3"])
    assert warning and "$500,000" in warning and "SP3" in warning and "Sarner" in warning


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.sampled_from(rd.question_ids()), st.sampled_from(["yes", "partly", "no"])),
       st.sampled_from(rd.question_ids()))
def test_raising_one_answer_never_lowers_any_position(answers: dict[str, str], q: str) -> None:
    before = rd.assess(answers)
    after = rd.assess({**answers, q: "yes"})
    for fw, a, b in [("gartner_stages", before.gartner_stage, after.gartner_stage),
                     ("wang", before.wang_phase, after.wang_phase), ("ibm", before.ibm_stage, after.ibm_stage)]:
        assert rd.levels(fw).index(b) >= rd.levels(fw).index(a)
    assert (after.block_scores >= before.block_scores).all()
    assert before.block_scores.between(0, 1).all()


# --- agreement -------------------------------------------------------------------------------

def test_krippendorff_alpha_reproduces_the_published_example() -> None:
    n = np.nan  # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders x 12 units
    data = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n], [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
                     [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n], [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n]])
    assert krippendorff_alpha(data, "nominal") == pytest.approx(0.743, abs=1e-3)
    assert krippendorff_alpha(data, "ordinal") == pytest.approx(0.815, abs=1e-3)
    assert krippendorff_alpha(data, "interval") == pytest.approx(0.849, abs=1e-3)


def test_rwg_on_three_categories() -> None:
    assert rwg([1, 1, 1, 1], 3) == 1.0
    assert rwg([0, 0.5, 1], 3) == 0.0  # variance 1 (codes 0, 1, 2) > 2/3: more spread than random -> 0
    assert rwg([1, 1, 0.5, 1], 3) == pytest.approx(1 - 0.25 / (8 / 12))
    assert np.isnan(rwg([1.0], 3))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=4, max_size=4), min_size=2, max_size=6))
def test_alpha_is_one_when_raters_agree_and_at_most_one(rows: list[list[float]]) -> None:
    one = np.array([rows[0]] * len(rows))
    a = krippendorff_alpha(one)
    assert np.isnan(a) or a == pytest.approx(1.0)
    b = krippendorff_alpha(np.array(rows))
    assert np.isnan(b) or b <= 1.0 + 1e-9
    for col in np.array(rows).T:
        assert 0.0 <= rwg(col, 3) <= 1.0


def test_class_survey_sample_loads_and_shows_where_the_class_disagrees(project_root: Path) -> None:
    survey = rd.load_class_survey(project_root / "data" / "samples" / "readiness_class_survey.csv")
    assert (survey["provenance"] == "synthetic").all()
    agr = rd.survey_agreement(survey)
    assert agr.n_respondents == survey["respondent_id"].nunique() >= 10
    assert set(agr.per_question["question"]) == set(rd.question_ids())
    assert agr.per_question["rwg"].between(0, 1).all() and -1 <= agr.alpha <= 1
    assert set(agr.consensus.values()) <= {"yes", "partly", "no"}
    assert agr.per_block["framework"].nunique() == 4
    rd.assess(agr.consensus)  # the consensus answers are a valid questionnaire


def test_bad_class_survey_names_line_and_column(tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text("respondent_id,question_id,answer,provenance\ns1,listening,yes,collected\ns1,listening,no,collected\n"
                 "s2,telepathy,yes,collected\ns2,listening,maybe,collected\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        rd.load_class_survey(f)
    msg = str(info.value)
    assert "line 3" in msg and "telepathy" in msg and "line 5" in msg and "maybe" in msg
    g = tmp_path / "g.csv"
    g.write_text("who,question_id\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="respondent_id"):
        rd.load_class_survey(g)


def test_survey_matrix_orders_questions_as_the_questionnaire() -> None:
    df = pd.DataFrame({"respondent_id": ["a", "a", "b"], "question_id": ["ibm_projects", "listening", "listening"],
                       "value": [1.0, 0.5, 1.0]})
    m = rd.survey_matrix(df)
    assert list(m.columns) == ["listening", "ibm_projects"] and np.isnan(m.loc["b", "ibm_projects"])
