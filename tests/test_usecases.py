"""Tests of scrm_lib.analysis.usecases: quadrants, fit, priority, roadmap, sensitivity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib.analysis import usecases as uc
from scrm_lib.analysis.maturity import STAGES
from scrm_lib.core.errors import DataValidationError, ParamsError

# Expected group of each published use case under the default rule, worked out by hand:
# demand cut 20/9 ≈ 2.222 (16 months read linearly), maturity cut 2.5; a score on a cut is "high".
EXPECTED_GROUPS = {
    "F1": "Evangelizables", "M1": "Evangelizables", "M2": "Early Movers",
    "M3": "Early Adoptions", "M4": "Near Tipping Points",  # M4 maturity 2.50: on the cut -> high
    "S1": "Evangelizables", "S2": "Evangelizables", "S3": "Evangelizables",
    "SP1": "Evangelizables", "SP2": "Evangelizables", "SP3": "Evangelizables",
    "I1": "Early Adoptions", "I2": "Near Tipping Points", "C1": "Early Adoptions",
    "C2": "Evangelizables", "C3": "Evangelizables",  # C3 demand 2.25 >= 2.222
    "CX1": "Evangelizables",  # CX1 maturity 2.50: on the cut -> high
    "CX2": "Early Movers",
}


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return uc.published_use_cases()


def test_published_table_is_the_domain_table(published):
    assert len(published) == 18
    assert published["id"].is_unique
    row = published.set_index("id").loc["S1"]
    assert (row["market_demand"], row["tech_maturity"]) == (3.30, 2.60)
    assert published["market_demand"].sum() == pytest.approx(53.85)
    assert published["tech_maturity"].sum() == pytest.approx(54.30)
    assert (published["source"] == uc.ALTIMETER_SOURCE).all()


def test_default_demand_cut_is_16_months_read_linearly():
    assert uc.months_to_demand_score(6) == 5.0
    assert uc.months_to_demand_score(24) == 0.0
    assert uc.months_to_demand_score(16) == pytest.approx(20 / 9)
    assert uc.months_to_demand_score(40) == 0.0  # clipped
    assert uc.demand_score_to_months(uc.DEFAULT_DEMAND_CUT) == pytest.approx(16.0)
    assert uc.demand_score_to_months(5.0) == 6.0
    assert uc.DEFAULT_DEMAND_CUT == pytest.approx(2.2222, abs=1e-4)
    assert uc.DEFAULT_MATURITY_CUT == 2.5
    with pytest.raises(ValueError):
        uc.months_to_demand_score(10, months_at_5=12, months_at_0=6)


def test_every_published_use_case_lands_in_its_group(published):
    groups = uc.classify(published).set_axis(published["id"])
    assert groups.astype(str).to_dict() == EXPECTED_GROUPS
    assert list(groups.cat.categories) == list(uc.GROUPS)


def test_score_exactly_on_a_cut_counts_as_the_upper_side(published):
    # With the demand cut moved onto 2.25, C3 and CX2 (demand 2.25) sit exactly on it: high demand.
    groups = uc.classify(published, uc.QuadrantCuts(demand=2.25)).set_axis(published["id"])
    assert groups["C3"] == "Evangelizables" and groups["CX2"] == "Early Movers"
    # Just above the cut they drop to the low-demand side.
    groups = uc.classify(published, uc.QuadrantCuts(demand=2.2500001)).set_axis(published["id"])
    assert groups["C3"] == "Near Tipping Points" and groups["CX2"] == "Early Adoptions"
    # Float noise around a cut does not move a use case: 0.1 + 2.4 != 2.5 in binary.
    noisy = uc.classify(published, uc.QuadrantCuts(maturity=0.1 + 2.4)).set_axis(published["id"])
    assert noisy["M4"] == "Near Tipping Points" and noisy["CX1"] == "Evangelizables"


def test_cuts_outside_the_scale_are_rejected():
    with pytest.raises(ParamsError, match="demand cut"):
        uc.QuadrantCuts(demand=5.5)


def test_group_can_flip_matches_the_cut_band(published):
    flips = uc.group_can_flip(published, uc.QuadrantCuts(), 0.25).set_axis(published["id"])
    # demand within [1.972, 2.472) or maturity within [2.25, 2.75): S1 (2.60), S2 (2.40), I2/C1 (2.00),
    # C3/CX2 (2.25), M4/CX1 (2.50 on the cut), CX2 maturity 2.25 (low, >= 2.25 -> can flip).
    assert sorted(flips[flips].index) == sorted(["S1", "S2", "I2", "C1", "C3", "CX2", "M4", "CX1"])
    assert not uc.group_can_flip(published, uc.QuadrantCuts(), 0.0).any()
    with pytest.raises(ValueError):
        uc.group_can_flip(published, uc.QuadrantCuts(), -1)


def test_goal_fit_takes_the_best_goal(published):
    g = uc.goal_fit(published, ["cut_support_cost", "grow_sales"]).set_axis(published["id"])
    assert g["SP2"] == 1.0 and g["S3"] == 1.0 and g["F1"] == 1.0
    assert g["M1"] == 0.5  # marketing serves grow_sales indirectly
    assert g["I1"] == 0.0
    with pytest.raises(ParamsError, match="unknown business goal 'world_peace'"):
        uc.goal_fit(published, ["world_peace"])
    assert uc.goal_fit(published, []).isna().all()


def test_stage_fit_and_fit_blend(published):
    s = uc.stage_fit(published, "developing").set_axis(published["id"])
    assert s["F1"] == 1.0 and s["M2"] == 1.0  # recommended at initial / developing
    assert s["SP1"] == 0.5  # recommended at the next stage (defined)
    assert s["CX2"] == 0.0  # optimizing: far ahead
    fit = uc.organisational_fit(published, "developing", ["cut_support_cost"], goal_share=0.5).set_axis(published["id"])
    assert fit["SP1"] == pytest.approx(0.5 * 1.0 + 0.5 * 0.5)
    assert uc.organisational_fit(published, "optimizing", []).eq(1.0).all()
    own = pd.DataFrame({"id": ["X9"], "name": ["Own"], "category": ["sales"], "market_demand": [1.0], "tech_maturity": [1.0]})
    assert uc.stage_fit(own, "initial").iloc[0] == uc.STAGE_FIT_UNKNOWN
    with pytest.raises(ParamsError):
        uc.stage_fit(published, "expert")
    with pytest.raises(ParamsError):
        uc.organisational_fit(published, "initial", [], goal_share=1.5)


def test_priority_is_the_weighted_mean(published):
    fit = np.full(len(published), 0.4)
    p = uc.priority_scores(published, fit, uc.Weights(demand=2, maturity=1, fit=1)).set_axis(published["id"])
    assert p["F1"] == pytest.approx((2 * 4.5 + 1 * 4.0 + 1 * 5 * 0.4) / 4)
    only_demand = uc.priority_scores(published, fit, uc.Weights(1, 0, 0))
    assert np.allclose(only_demand, published["market_demand"])
    with pytest.raises(ParamsError, match="at least one weight"):
        uc.Weights(0, 0, 0)
    with pytest.raises(ParamsError, match="must be >= 0"):
        uc.Weights(-1, 1, 1)
    with pytest.raises(ValueError, match="one value per use case"):
        uc.priority_scores(published, [0.5], uc.Weights())
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        uc.priority_scores(published, np.full(18, 2.0), uc.Weights())


def test_rank_ties_keep_input_order():
    assert list(uc.rank_by_priority([1.0, 3.0, 3.0, 2.0])) == [4, 1, 2, 3]


def test_prioritise_table(published):
    t = uc.prioritise(published, stage="defined", goals=["cut_support_cost"])
    assert list(t["rank"]) == list(range(1, 19))
    assert t["priority"].is_monotonic_decreasing
    assert {"group", "fit", "stage_fit", "goal_fit", "priority", "rank"} <= set(t.columns)


def test_steps_and_dependency_edges(published):
    steps = uc.use_case_steps(published).set_axis(published["id"])
    assert steps[["F1", "M1", "S1", "SP1", "I1", "C1"]].eq("insights").all()
    assert steps[["M2", "S2", "SP2"]].eq("reactive").all()
    assert steps[["M3", "M4", "S3", "SP3", "I2", "C2", "C3", "CX1", "CX2"]].eq("proactive").all()
    edges = set(uc.dependency_edges(published))
    for first in ["M1", "S1", "SP1", "I1", "C1", "CX1", "CX2"]:
        assert ("F1", first) in edges
    assert {("M1", "M2"), ("M2", "M3"), ("M2", "M4"), ("SP1", "SP2"), ("SP2", "SP3"), ("C1", "C2"), ("C1", "C3")} <= edges
    assert ("F1", "M2") not in edges  # only through M1
    assert len(edges) == 17


def test_step_column_overrides_names(published):
    df = published.copy()
    df["step"] = uc.use_case_steps(published)
    df.loc[df["id"] == "C2", "step"] = "reactive"
    edges = set(uc.dependency_edges(df))
    assert ("C2", "C3") in edges and ("C1", "C2") in edges and ("C1", "C3") not in edges
    df.loc[0, "step"] = "later"
    with pytest.raises(ParamsError, match="unknown value"):
        uc.use_case_steps(df)


def test_schedule_waves_known_case(published):
    t = uc.prioritise(published, stage="developing", goals=["cut_support_cost", "grow_sales"])
    plan = uc.roadmap(t, capacity=4, months_per_wave=3)
    wave = plan.set_index("id")["wave"]
    assert wave["F1"] == 1 and (wave.drop("F1") > 1).all()
    assert plan.groupby("wave").size().max() <= 4
    assert plan["start_month"].min() == 0 and plan["end_month"].max() == 3 * plan["wave"].max()
    assert sorted(plan["id"]) == sorted(published["id"])


def test_schedule_errors(published):
    p = np.ones(len(published))
    with pytest.raises(ParamsError, match="capacity"):
        uc.schedule_waves(published, p, 0)
    with pytest.raises(ParamsError, match="cycle"):
        uc.schedule_waves(published, p, 3, edges=[("M1", "M2"), ("M2", "M1")])
    with pytest.raises(ParamsError, match="unknown use case"):
        uc.schedule_waves(published, p, 3, edges=[("ZZ", "M1")])


@settings(max_examples=60, deadline=None)
@given(
    weights=st.tuples(*[st.floats(0, 10, allow_nan=False)] * 3).filter(lambda w: sum(w) > 1e-6),
    capacity=st.integers(1, 20),
    stage=st.sampled_from(STAGES),
    goals=st.lists(st.sampled_from(uc.business_goals()), max_size=3, unique=True),
)
def test_roadmap_never_schedules_before_a_dependency(weights, capacity, stage, goals):
    published = uc.published_use_cases()
    t = uc.prioritise(published, stage=stage, goals=goals, weights=uc.Weights(*weights))
    plan = uc.roadmap(t, capacity)
    wave = plan.set_index("id")["wave"]
    for before, after in uc.dependency_edges(published):
        assert wave[before] < wave[after]
    assert plan.groupby("wave").size().max() <= capacity
    assert sorted(plan["id"]) == sorted(published["id"])


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(
        st.tuples(st.sampled_from(["foundation", "marketing", "sales", "support"]), st.sampled_from(uc.STEPS),
                  st.floats(0, 5)),
        min_size=1, max_size=25,
    ),
    capacity=st.integers(1, 6),
)
def test_random_lists_respect_dependencies(data, capacity):
    df = pd.DataFrame(
        {
            "id": [f"U{i}" for i in range(len(data))],
            "name": [f"use case {i}" for i in range(len(data))],
            "category": [d[0] for d in data],
            "step": [d[1] for d in data],
            "market_demand": [d[2] for d in data],
            "tech_maturity": [5 - d[2] for d in data],
        }
    )
    plan = uc.schedule_waves(df, df["market_demand"], capacity)
    wave = plan.set_index("id")["wave"]
    for before, after in uc.dependency_edges(df):
        assert wave[before] < wave[after]
    assert len(plan) == len(df)
    # Within a wave, higher priority first.
    for _, g in plan.groupby("wave"):
        assert g["priority"].is_monotonic_decreasing


def test_kendalls_w():
    same = np.tile(np.arange(1, 6), (7, 1))
    assert uc.kendalls_w(same) == pytest.approx(1.0)
    opposite = np.vstack([np.arange(1, 6), np.arange(5, 0, -1)])
    assert uc.kendalls_w(opposite) == pytest.approx(0.0)


@pytest.fixture(scope="module")
def fit(published) -> np.ndarray:
    return uc.organisational_fit(published, "developing", ["cut_support_cost"]).to_numpy()


def test_sensitivity_is_reproducible(published, fit):
    a = uc.sensitivity(published, fit, n_draws=2000, seed=7)
    b = uc.sensitivity(published, fit, n_draws=2000, seed=7)
    c = uc.sensitivity(published, fit, n_draws=2000, seed=8)
    pd.testing.assert_frame_equal(a.group_probs, b.group_probs)
    pd.testing.assert_frame_equal(a.rank_quantiles, b.rank_quantiles)
    pd.testing.assert_frame_equal(a.summary(), b.summary())
    assert a.kendall_w == b.kendall_w and a.mean_rank_shift == b.mean_rank_shift
    assert not a.group_probs.equals(c.group_probs)


def test_sensitivity_results_make_sense(published, fit):
    r = uc.sensitivity(published, fit, n_draws=4000, seed=1, cut_uncertainty=0.25, top_k=5)
    assert np.allclose(r.group_probs.sum(axis=1), 1.0)
    # Far from every cut: the group never changes.
    assert r.flip_probability["F1"] == 0 and r.flip_probability["I1"] == 0
    # M4 sits on the maturity cut: about half the draws put the cut above it.
    assert r.flip_probability["M4"] == pytest.approx(0.5, abs=0.05)
    assert set(r.group_flippers) == set(r.can_flip[r.can_flip].index)
    assert (r.flip_probability[r.can_flip] > 0).all()
    assert (r.flip_probability[~r.can_flip] == 0).all()
    assert 0 < r.kendall_w <= 1
    assert r.top_k_prob.sum() == pytest.approx(5.0)
    assert (r.rank_quantiles["rank_p05"] <= r.rank_quantiles["rank_p95"]).all()
    # Almost no uncertainty: draws agree with the base case (up to exact ties in the base scores).
    z = uc.sensitivity(published, fit, n_draws=50, seed=1, cut_uncertainty=0.0, concentration=1e9)
    assert z.mean_rank_shift < 0.1 and z.kendall_w > 0.99
    assert (z.flip_probability == 0).all() and z.group_flippers == []


def test_sensitivity_with_a_zero_weight(published, fit):
    r = uc.sensitivity(published, fit, weights=uc.Weights(1, 0, 0), n_draws=100, seed=0, cut_uncertainty=0)
    assert r.mean_rank_shift == 0.0  # only demand counts, in every draw


def test_sensitivity_parameter_errors(published, fit):
    for kwargs, msg in [({"n_draws": 0}, "n_draws"), ({"concentration": 0}, "concentration"),
                        ({"cut_uncertainty": -0.1}, "cut_uncertainty"), ({"top_k": 19}, "top_k")]:
        with pytest.raises(ParamsError, match=msg):
            uc.sensitivity(published, fit, **kwargs)


# --- bad use-case input (through the loader of scrm_lib.data.io) --------------------------------


def _write(tmp_path, rows: list[str]) -> str:
    path = tmp_path / "uc.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return str(path)


HEADER = "id,name,category,market_demand,tech_maturity,source"


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([HEADER, "F1,Listening,foundation,5.5,4,mine"], ["line 2", "market_demand", "5.5"]),
        ([HEADER, "F1,Listening,foundation,-1,4,mine"], ["line 2", "market_demand", "-1"]),
        ([HEADER, "F1,A,foundation,4,4,mine", "F1,B,sales,3,3,mine"], ["lines 2, 3", "duplicate id", "'F1'"]),
        (["id,name,category,market_demand,source", "F1,A,foundation,4,mine"], ["tech_maturity"]),
        ([HEADER, "F1,A,astrology,4,4,mine"], ["line 2", "category", "astrology"]),
    ],
)
def test_bad_use_case_files_get_clear_errors(tmp_path, rows, expected):
    with pytest.raises(DataValidationError) as info:
        uc.load_use_cases(_write(tmp_path, rows))
    message = str(info.value)
    assert "uc.csv" in message
    for part in expected:
        assert part in message, message


def test_sample_file_loads(samples_dir):
    df = uc.load_use_cases(samples_dir / "usecases.csv")
    pd.testing.assert_frame_equal(df.reset_index(drop=True), uc.published_use_cases().reset_index(drop=True),
                                  check_dtype=False)


def test_build_plan_uses_the_assessed_or_forced_stage(published):
    answers = {"listening": "yes", "channel_discovery": "yes"}
    plan = uc.build_plan(published, answers=answers, goals=["grow_sales"], capacity=3)
    assert plan.assessment.stage == "initial" and plan.stage == "initial"
    assert plan.roadmap.groupby("wave").size().max() <= 3
    assert plan.ranked.set_index("id").loc["F1", "stage_fit"] == 1.0
    forced = uc.build_plan(published, answers=answers, stage_override="optimizing")
    assert forced.stage == "optimizing" and forced.assessment.stage == "initial"
    assert (forced.ranked["stage_fit"] == 1.0).all()
    fit = plan.fit_in_input_order(published)
    assert list(fit) == list(plan.ranked.set_index("id").loc[published["id"], "fit"])


def test_sample_generator_writes_the_committed_file_byte_identically(tmp_path, samples_dir):
    from scrm_lib.samples.usecases import generate

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = generate(tmp_path / "a", 1)[0]
    b = generate(tmp_path / "b", 2)[0]  # the seed does not matter: the table is the published one
    assert a.read_bytes() == b.read_bytes() == (samples_dir / "usecases.csv").read_bytes()
    text = a.read_text(encoding="utf-8")
    assert text.startswith("id,name,category,market_demand,tech_maturity,source\n")
    assert "SP3,Peer-to-Peer Unpaid Armies,support,4.65,3.80," in text
