"""Notebook 08: parameters (cell, YAML, model, profiles), course session 4, and its figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from scrm_lib.analysis import community as cm  # noqa: E402
from scrm_lib.analysis import readiness as rd  # noqa: E402
from scrm_lib.analysis.usecases import published_use_cases  # noqa: E402
from scrm_lib.cli.run import build_requests  # noqa: E402
from scrm_lib.core.config import SAMPLES_DIR  # noqa: E402
from scrm_lib.core.errors import ParamsError  # noqa: E402
from scrm_lib.params import load_params  # noqa: E402
from scrm_lib.params.nb08_maturity_and_readiness import DEFAULT_ANSWERS  # noqa: E402
from scrm_lib.reports.viz import community as viz_cm  # noqa: E402
from scrm_lib.reports.viz import readiness as viz  # noqa: E402

STEM = "08_maturity_and_readiness"
PROFILES = ["pioneer_startup", "settler_bank", "sample_brand_class"]


def test_default_answers_cover_the_whole_questionnaire() -> None:
    assert list(DEFAULT_ANSWERS) == rd.question_ids()


@pytest.mark.parametrize("profile", PROFILES)
def test_profiles_validate_and_land_where_their_comment_says(project_root: Path, profile: str) -> None:
    p = load_params(STEM, project_root / "params" / "readiness" / f"{profile}.yaml")
    if p.answers_source == "survey":
        answers = rd.survey_agreement(rd.load_class_survey(p.path("survey_path"))).consensus
    else:
        assert set(p.answers) == set(rd.question_ids()) and "not a real company" in p.organisation
        answers = p.answers
    r = rd.assess(answers)
    expected = {"pioneer_startup": "pioneer", "settler_bank": "settler", "sample_brand_class": "pioneer"}[profile]
    assert r.blocks_phase == expected


def test_bad_parameters_are_all_listed(tmp_path: Path) -> None:
    cw = tmp_path / "cw.yaml"
    cw.write_text("published: true\nrows: []\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(STEM, overrides={"answers": {"telepathy": "yes", "listening": "maybe"}, "answers_source": "gut",
                                     "settler_mark": 0, "goals": ["world_peace"], "crosswalk_path": str(cw)})
    msg = str(info.value)
    for part in ["telepathy", "maybe", "answers_source", "settler_mark", "world_peace", "published: must be false"]:
        assert part in msg, msg
    with pytest.raises(ParamsError, match="needs a survey_path"):
        load_params(STEM, overrides={"answers_source": "survey", "survey_path": None})


def test_session_4_runs_notebook_03_and_08() -> None:
    reqs = build_requests([], False, [], course="session-4")
    assert [Path(r.params_file).name for r in reqs] == ["session-4.yaml", "session-4.readiness.yaml"]


def _titled_and_labelled(fig: plt.Figure) -> None:
    assert fig._suptitle is not None or any(ax.get_title() for ax in fig.axes)
    plotted = [ax for ax in fig.axes if ax.axison]
    assert plotted and all(ax.get_ylabel() for ax in plotted)  # a twin axis shares its x label
    assert all(ax.get_xlabel() for ax in plotted if not any(ax.get_shared_x_axes().joined(ax, o)
                                                             for o in plotted if o is not ax))
    assert any(ax.get_xlabel() for ax in plotted)


def test_readiness_figures() -> None:
    r = rd.assess(DEFAULT_ANSWERS)
    _titled_and_labelled(viz.block_scores_chart(r))
    feasible, plan = rd.feasible_use_cases(r, published_use_cases())
    nxt = plan.ranked[plan.ranked["stage_fit"] == 0.5]
    fig = viz.roadmap_figure(r, rd.next_steps(r), feasible, nxt, "Org <b>", rd.community_cost_warning(list(nxt["id"])))
    _titled_and_labelled(fig)
    text = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    assert "here" in text and "workbench judgement" in text and "Tactical step 7" in text
    survey = rd.load_class_survey(SAMPLES_DIR / "readiness_class_survey.csv")
    _titled_and_labelled(viz.survey_disagreement_chart(rd.survey_agreement(survey).per_question, top=5))
    plt.close("all")


def test_ladders_say_when_a_position_is_outside_the_crosswalk() -> None:
    cw = rd.load_crosswalk().copy()
    cw["wang_phase"] = ["discovery", "discovery", "experimentation", "experimentation", "formalization"]
    r = rd.assess({q: "yes" for q in rd.question_ids()}, crosswalk=cw)
    fig = viz.roadmap_figure(r, rd.next_steps(r), pd.DataFrame(columns=["id", "name"]),
                             pd.DataFrame(columns=["id", "name"]), "X")
    assert any("outside the crosswalk" in t.get_text() for ax in fig.axes for t in ax.texts)
    plt.close("all")


def test_member_type_mix_figure() -> None:
    act = pd.read_csv(SAMPLES_DIR / "community_activity.csv")
    mix = cm.type_mix(act, freq="M")
    _titled_and_labelled(viz_cm.type_mix_chart(mix, "Member types", note="synthetic"))
    thin = cm.type_mix(act, freq="W", min_members=10_000)
    assert thin.empty and thin.attrs["thin_periods"] == 17
    plt.close("all")
