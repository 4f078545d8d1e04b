"""Tests of scrm_lib.analysis.maturity: questionnaire, stage scoring, evidence, next steps."""

from __future__ import annotations

import pytest

from scrm_lib.analysis import maturity as mt
from scrm_lib.core.errors import ParamsError
from scrm_lib.params import read_params_file


def _answers(yes_up_to: str, **overrides: str) -> dict[str, str]:
    """'yes' to every practice of the stages up to ``yes_up_to``, 'no' beyond; then overrides."""
    limit = mt.STAGES.index(yes_up_to)
    qs = mt.questions()
    out = {q: ("yes" if mt.STAGES.index(s) <= limit else "no") for q, s in zip(qs["id"], qs["stage"], strict=True)}
    out.update(overrides)
    return out


def test_questionnaire_covers_every_stage_and_the_domain_practices():
    qs = mt.questions()
    assert qs["id"].is_unique
    assert set(qs["stage"]) == set(mt.STAGES)
    practices = " ".join(qs["practice"]).lower()
    for phrase in ["listens", "fans, followers", "customer service", "response time", "share of voice",
                   "sentiment", "cross-discipline", "escalation", "correlates", "benchmarks", "crm"]:
        assert phrase in practices, phrase
    assert mt.tactical_steps()[1] == "Define what social means to CRM"
    assert len(mt.tactical_steps()) == 10


def test_transition_focus_steps_are_gartners():
    assert [n for n, _ in mt.focus_steps("initial")] == [1, 2, 3, 4]
    assert [n for n, _ in mt.focus_steps("developing")] == [4, 5, 6, 7]
    assert [n for n, _ in mt.focus_steps("defined")] == [7, 8, 9]
    assert [n for n, _ in mt.focus_steps("managed")] == [8, 9, 10]
    assert mt.focus_steps("optimizing") == []
    assert mt.next_stage("managed") == "optimizing" and mt.next_stage("optimizing") is None


@pytest.mark.parametrize("stage", mt.STAGES)
def test_all_yes_up_to_a_stage_reaches_it(stage):
    a = mt.assess(_answers(stage))
    assert a.stage == stage
    assert a.stage_scores[stage] == 1.0
    assert a.gaps["stage"].eq(a.next_stage).all()
    assert set(a.evidence["stage"]) <= set(mt.STAGES[: mt.STAGES.index(stage) + 1])


def test_stages_are_cumulative_and_ahead_practices_are_reported():
    # Social data in the CRM without measuring response time: still 'developing', with CRM reported ahead.
    a = mt.assess(_answers("developing", social_in_crm="yes", benchmarks="yes", social_personas="partly"))
    assert a.stage == "developing"
    assert set(a.ahead["id"]) == {"social_in_crm", "benchmarks", "social_personas"}
    assert [n for n, _ in a.focus_steps] == [4, 5, 6, 7]
    assert a.recommended_next == mt.recommended_use_cases("defined")
    assert "F1" in a.recommended_now


def test_pass_mark_and_partly():
    ans = _answers("initial", brand_engagement="partly", engagement_metrics="partly")
    assert mt.assess(ans, pass_mark=0.5).stage == "developing"  # score 0.5 meets 0.5
    assert mt.assess(ans, pass_mark=0.6).stage == "initial"
    with pytest.raises(ParamsError, match="pass_mark"):
        mt.assess(ans, pass_mark=0)


def test_unanswered_count_as_no_and_are_listed():
    a = mt.assess({"listening": "yes"})
    assert a.stage == "initial"
    assert "response_time" in a.unanswered and "listening" not in a.unanswered


def test_bad_answers_list_every_problem():
    with pytest.raises(ParamsError) as info:
        mt.assess({"listening": "maybe", "twitter_account": "yes", "response_time": "YES "})
    msg = str(info.value)
    assert "answers.listening: answer 'maybe' not understood" in msg
    assert "answers.twitter_account: unknown question" in msg
    assert len(info.value.problems) == 2  # "YES " for response_time is fine: case and spaces are forgiven
    with pytest.raises(ParamsError, match="unknown stage"):
        mt.focus_steps("expert")


def test_recommended_use_cases_cover_the_18_once():
    where = mt.recommended_stage_of()
    from scrm_lib.analysis.usecases import ALTIMETER_USE_CASES

    assert sorted(where) == sorted(u[0] for u in ALTIMETER_USE_CASES)
    assert where["F1"] == "initial"


@pytest.mark.parametrize(
    "name, stage",
    [("regional_bank_initial", "initial"), ("telecom_defined", "defined"), ("retailer_managed", "managed")],
)
def test_example_profiles_reach_their_stage(project_root, name, stage):
    values = read_params_file(project_root / "params" / "usecases" / f"{name}.yaml")
    assert values["notebook"] == "03_use_case_prioritization"
    a = mt.assess(values["answers"], pass_mark=values.get("stage_pass_mark", 0.5))
    assert a.stage == stage
    assert a.unanswered == []
