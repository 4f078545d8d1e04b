"""Tests of scrm_lib.analysis.perception against reference values and with properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from statsmodels.stats.proportion import proportions_ztest

from scrm_lib.analysis import perception as pc
from scrm_lib.core.errors import DataValidationError

G = ("consumer", "executive")


def agg(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["group", "item", "n", "k"])


def respondents(answers: dict[str, dict[str, list[int]]], segment: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """{group: {item: [0/1 per respondent]}} -> respondent-level frame."""
    rows = []
    for g, items in answers.items():
        for item, ys in items.items():
            for i, y in enumerate(ys):
                row = {"respondent_id": f"{g}{i}", "group": g, "item": item, "response": "yes" if y else "no"}
                if segment:
                    row["segment"] = segment[g][i]
                rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ reference values


@pytest.mark.parametrize(
    "k,n,lo,hi",
    [  # Newcombe (1998a), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0000, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_matches_newcombe_1998(k, n, lo, hi):
    got = pc.proportion_interval(k, n, 0.05, "wilson")
    assert float(got[0]) == pytest.approx(lo, abs=5e-5)
    assert float(got[1]) == pytest.approx(hi, abs=5e-5)


def test_agresti_coull_matches_formula():
    k, n, z = 15, 148, 1.959963984540054
    nt = n + z**2
    pt = (k + z**2 / 2) / nt
    half = z * math.sqrt(pt * (1 - pt) / nt)
    lo, hi = pc.proportion_interval(k, n, 0.05, "agresti_coull")
    assert float(lo) == pytest.approx(pt - half, abs=1e-10)
    assert float(hi) == pytest.approx(pt + half, abs=1e-10)


@pytest.mark.parametrize(
    "k1,n1,k2,n2,lo,hi",
    [  # Newcombe (1998b), Statistics in Medicine 17:873-890, Table II, method 10
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (0, 10, 0, 10, -0.2775, 0.2775),
        (10, 10, 0, 20, 0.6791, 1.0000),
        (10, 10, 0, 10, 0.6075, 1.0000),
    ],
)
def test_newcombe_difference_matches_newcombe_1998(k1, n1, k2, n2, lo, hi):
    # difference_interval(a, b) is for p_b - p_a; Newcombe's examples are p1 - p2
    got = pc.difference_interval(k2, n2, k1, n1)
    assert got[0] == pytest.approx(lo, abs=5e-5)
    assert got[1] == pytest.approx(hi, abs=5e-5)


def test_z_test_matches_statsmodels_pooled_ztest():
    p, used = pc.two_proportion_test(48, 80, 56, 70, test="z")
    ref = proportions_ztest([56, 48], [70, 80])[1]
    assert used == "z"
    assert p == pytest.approx(ref, rel=1e-12)


def test_fisher_exact_lady_tasting_tea_and_auto_switch():
    # Fisher's tea-tasting table [[3, 1], [1, 3]]: two-sided p = 34/70 = 0.4857
    p, used = pc.two_proportion_test(1, 4, 3, 4, test="fisher")
    assert used == "fisher"
    assert p == pytest.approx(34 / 70, abs=1e-9)
    assert pc.two_proportion_test(1, 4, 3, 4, test="auto")[1] == "fisher"
    assert pc.two_proportion_test(300, 1000, 400, 1000, test="auto")[1] == "z"


def test_z_test_degenerate_all_zero_gives_p_one():
    assert pc.two_proportion_test(0, 50, 0, 60, test="z") == (1.0, "z")


def test_cohens_h_reference():
    assert float(pc.cohens_h(0.25, 0.5)) == pytest.approx(math.pi / 2 - math.pi / 3, abs=1e-12)
    assert float(pc.cohens_h(0.5, 0.25)) == pytest.approx(-(math.pi / 2 - math.pi / 3), abs=1e-12)
    assert pc.effect_label(0.1) == "negligible" and pc.effect_label(-0.6) == "medium"
    assert pc.effect_label(0.85) == "large" and pc.effect_label(0.3) == "small"


def test_holm_and_bh_hand_computed():
    p = [0.01, 0.04, 0.03, 0.005]
    np.testing.assert_allclose(pc.adjust_pvalues(p, "holm"), [0.03, 0.06, 0.06, 0.02])
    np.testing.assert_allclose(pc.adjust_pvalues(p, "fdr_bh"), [0.02, 0.04, 0.04, 0.02])
    np.testing.assert_allclose(pc.adjust_pvalues(p, "none"), p)


# ------------------------------------------------------------------------ gap table


def test_gap_table_columns_sign_and_order():
    counts = pc.item_counts(
        agg([("consumer", "x", 100, 20), ("executive", "x", 100, 60),
             ("consumer", "y", 100, 60), ("executive", "y", 100, 30),
             ("consumer", "z", 100, 50), ("executive", "z", 100, 52)]),
        G,
    )
    t = pc.gap_table(counts, G, correction="holm")
    assert list(t["item"]) == ["x", "z", "y"]  # sorted by gap, descending
    x = t.iloc[0]
    assert x["gap"] == pytest.approx(0.4)
    assert x["gap_lo"] < 0.4 < x["gap_hi"]
    assert x["p_a_lo"] < 0.2 < x["p_a_hi"]
    assert bool(x["significant"]) and not bool(t.iloc[1]["significant"])
    assert t.iloc[2]["gap"] == pytest.approx(-0.3)
    # Holm: the smallest p multiplied by 3
    assert t["p_adj"].min() == pytest.approx(min(3 * t["p_value"].min(), 1.0))


def test_item_counts_pct_and_respondent_level_agree():
    from_pct = pc.item_counts(pd.DataFrame({"group": ["consumer", "executive"], "item": ["a", "a"], "n": [10, 8], "pct": [30.0, 62.5]}), G)
    assert from_pct["k"].tolist() == [3, 5]
    resp = respondents({"consumer": {"a": [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]}, "executive": {"a": [1, 1, 1, 1, 1, 0, 0, 0]}})
    from_resp = pc.item_counts(resp, G)
    pd.testing.assert_frame_equal(from_resp[["group", "item", "n", "k"]], from_pct[["group", "item", "n", "k"]])


def test_items_only_in_one_group_are_dropped_and_missing_answers_ignored():
    df = respondents({"consumer": {"a": [1, 0], "b": [1, 1]}, "executive": {"a": [1, 1]}})
    df.loc[len(df)] = ["executive9", "executive", "a", None]  # unanswered
    c = pc.item_counts(df, G)
    assert set(c["item"]) == {"a"}
    assert c.set_index("group").loc["executive", "n"] == 2


def test_binary_response_codes_and_rejects_other_labels():
    s = pd.Series(["Yes", "no", "1", "0", "TRUE", "false", None])
    assert pc.binary_response(s).tolist()[:6] == [1, 0, 1, 0, 1, 0]
    with pytest.raises(DataValidationError) as e:
        pc.binary_response(pd.Series(["yes", "maybe", "no"]), source="s.csv")
    text = str(e.value)
    assert "s.csv" in text and "line 3" in text and "'maybe'" in text and "response" in text


def test_unknown_group_and_unknown_item_are_clear_errors():
    df = agg([("consumer", "a", 10, 2), ("executive", "a", 10, 5)])
    with pytest.raises(DataValidationError, match="group 'manager' not found"):
        pc.item_counts(df, ("consumer", "manager"), source="f.csv")
    with pytest.raises(DataValidationError, match="'zzz'"):
        pc.item_counts(df, G, items=["zzz"])
    with pytest.raises(DataValidationError, match="two different groups"):
        pc.item_counts(df, ("consumer", "consumer"))


# ----------------------------------------------------------------------------- ranks


def test_ranks_reversals_and_correlation_on_reversed_groups():
    p_a = [0.9, 0.8, 0.5, 0.3, 0.2, 0.1]
    rows = []
    for i, (pa, pb) in enumerate(zip(p_a, p_a[::-1], strict=True)):
        rows += [("consumer", f"i{i}", 1000, int(pa * 1000)), ("executive", f"i{i}", 1000, int(pb * 1000))]
    df = agg(rows)
    r = pc.item_ranks(pc.item_counts(df, G), G)
    assert r["rank_a"].tolist() == [1, 2, 3, 4, 5, 6]
    assert r["rank_b"].tolist() == [6, 5, 4, 3, 2, 1]
    rev = pc.rank_reversals(r, top_k=2)
    assert set(rev["item"]) == {"i0", "i1", "i4", "i5"}
    assert set(rev.loc[rev["item"] == "i0", "direction"]) == {"top_a_bottom_b"}
    assert set(rev.loc[rev["item"] == "i5", "direction"]) == {"top_b_bottom_a"}
    assert pc.rank_reversals(r, top_k=1)["item"].tolist() == ["i0", "i5"]
    with pytest.raises(ValueError):
        pc.rank_reversals(r, top_k=4)
    rho = pc.rank_correlation(df, G, method="spearman", n_boot=200, seed=1)
    assert rho.estimate == pytest.approx(-1.0)
    assert rho.hi < 0 and rho.lo >= -1
    tau = pc.rank_correlation(df, G, method="kendall", n_boot=200, seed=1)
    assert tau.estimate == pytest.approx(-1.0)


def test_rank_correlation_bootstrap_is_seeded_and_respondent_level():
    rng = np.random.default_rng(5)
    ans = {g: {f"i{j}": list((rng.random(60) < 0.2 + 0.1 * j).astype(int)) for j in range(5)} for g in G}
    df = respondents(ans)
    a = pc.rank_correlation(df, G, n_boot=300, seed=42)
    b = pc.rank_correlation(df, G, n_boot=300, seed=42)
    assert a == b
    assert a.lo <= a.estimate <= a.hi
    assert a.estimate > 0.5  # both groups share the same increasing pattern


# ---------------------------------------------------------------------------- Likert


def test_likert_summary_and_test():
    rows = []
    for g, counts in {"consumer": (33, 28, 38), "executive": (11, 19, 70)}.items():
        i = 0
        for level, c in zip(pc.LIKERT_3, counts, strict=True):
            for _ in range(c):
                rows.append((f"{g}{i}", g, "adv", level))
                i += 1
    df = pd.DataFrame(rows, columns=["respondent_id", "group", "item", "response"])
    s = pc.likert_summary(df, "adv", G)
    assert list(s.columns) == ["disagree", "neutral", "agree", "n"]
    assert s.loc["consumer", "agree"] == pytest.approx(100 * 38 / 99)
    np.testing.assert_allclose(s[["disagree", "neutral", "agree"]].sum(axis=1), 100)
    t = pc.likert_test(df, "adv", G)
    assert t["gap"] == pytest.approx(0.70 - 38 / 99)
    assert t["gap_lo"] < t["gap"] < t["gap_hi"]
    from scipy.stats import mannwhitneyu

    ref = mannwhitneyu([0] * 11 + [1] * 19 + [2] * 70, [0] * 33 + [1] * 28 + [2] * 38).pvalue
    assert t["p_mannwhitney"] == pytest.approx(ref, rel=1e-12)
    assert t["p_mannwhitney"] < 1e-4
    assert pc.likert_levels(["Agree", "strongly agree"]) == pc.LIKERT_5
    with pytest.raises(ValueError):
        pc.likert_levels(["good", "bad"])


# -------------------------------------------------------------------------- segments


def _segmented(gap_by_seg: dict[str, tuple[int, int]], n: int = 400) -> pd.DataFrame:
    rows = []
    for seg, (ka, kb) in gap_by_seg.items():
        for g, k in (("consumer", ka), ("executive", kb)):
            for i in range(n):
                rows.append((f"{g}-{seg}-{i}", g, "x", "yes" if i < k else "no", seg))
    return pd.DataFrame(rows, columns=["respondent_id", "group", "item", "response", "country"])


def test_segment_gap_homogeneous_vs_heterogeneous():
    same = _segmented({"A": (100, 200), "B": (100, 200), "C": (100, 200)})
    seg = pc.segment_gaps(same, G, "country")
    assert seg["gap"].tolist() == pytest.approx([0.25, 0.25, 0.25])
    h = pc.gap_heterogeneity(seg).iloc[0]
    assert h["p_cochran_q"] == pytest.approx(1.0)
    assert h["p_breslow_day"] == pytest.approx(1.0, abs=1e-6)
    assert h["p_logistic"] == pytest.approx(1.0, abs=1e-6)
    diff = _segmented({"A": (100, 300), "B": (100, 100), "C": (200, 100)})
    h2 = pc.gap_heterogeneity(pc.segment_gaps(diff, G, "country")).iloc[0]
    assert h2["p_cochran_q"] < 1e-10 and h2["p_breslow_day"] < 1e-10 and h2["p_logistic"] < 1e-10


def test_cochran_q_hand_computed():
    seg = pd.DataFrame({"item": ["x", "x"], "segment": ["A", "B"], "n_a": [100, 100], "k_a": [20, 20],
                        "n_b": [100, 100], "k_b": [40, 60]})
    seg["p_a"], seg["p_b"] = seg["k_a"] / seg["n_a"], seg["k_b"] / seg["n_b"]
    seg["gap"] = seg["p_b"] - seg["p_a"]
    v = np.array([0.2 * 0.8 / 100 + 0.4 * 0.6 / 100, 0.2 * 0.8 / 100 + 0.6 * 0.4 / 100])
    w = 1 / v
    d = np.array([0.2, 0.4])
    q = float((w * (d - (w * d).sum() / w.sum()) ** 2).sum())
    h = pc.gap_heterogeneity(seg).iloc[0]
    assert h["q"] == pytest.approx(q)


def test_within_group_segments():
    df = _segmented({"A": (100, 0), "B": (300, 0)})
    out = pc.within_group_segments(df, "consumer", "country")
    assert out.set_index("segment")["p"].to_dict() == {"A": 0.25, "B": 0.75}
    assert out["p_value"].iloc[0] < 1e-20


# ---------------------------------------------------------------------------- prose


def test_gap_sentences_name_items_and_directions():
    counts = pc.item_counts(agg([("consumer", "x", 1000, 200), ("executive", "x", 300, 180),
                                 ("consumer", "y", 1000, 600), ("executive", "y", 300, 100),
                                 ("consumer", "z", 1000, 500), ("executive", "z", 300, 151)]), G)
    t = pc.gap_table(counts, G)
    s = pc.gap_sentences(t, ("consumers", "executives"), item_names={"x": "Feel connected"})
    assert s[0].startswith("executives overrate 'Feel connected' by 40 points")
    assert any("underrate 'y'" in x for x in s)
    assert not any("'z'" in x for x in s)
    none = pc.gap_sentences(t[t["item"] == "z"].assign(significant=False), ("c", "e"))
    assert none == ["No item differs between c and e after correction at alpha = 0.05."]


def test_published_pairs_from_published_file(samples_dir):
    pub = pd.read_csv(samples_dir / "ibm2011_published.csv")
    pairs = pc.published_pairs(pub)
    assert set(pairs["item"]) == {"feel_connected", "community"}
    fc = pairs.set_index(["group", "item"]).loc[("executive", "feel_connected")]
    assert fc["n"] == 331 and fc["pct"] == 64 and fc["k"] == round(0.64 * 331)
    assert pairs.set_index(["group", "item"]).loc[("consumer", "community"), "n"] == 1056


# ------------------------------------------------------------------------ properties


counts_st = st.integers(min_value=1, max_value=400).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))
)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(counts_st, counts_st), min_size=1, max_size=5))
def test_swapping_groups_negates_the_gap(cells):
    rows = []
    for i, ((na, ka), (nb, kb)) in enumerate(cells):
        rows += [("consumer", f"i{i}", na, ka), ("executive", f"i{i}", nb, kb)]
    df = agg(rows)
    t = pc.gap_table(pc.item_counts(df, G), G).set_index("item").sort_index()
    s = pc.gap_table(pc.item_counts(df, G[::-1]), G[::-1]).set_index("item").sort_index()
    np.testing.assert_allclose(s["gap"], -t["gap"], atol=1e-12)
    np.testing.assert_allclose(s["gap_lo"], -t["gap_hi"], atol=1e-9)
    np.testing.assert_allclose(s["gap_hi"], -t["gap_lo"], atol=1e-9)
    np.testing.assert_allclose(s["cohens_h"], -t["cohens_h"], atol=1e-12)
    np.testing.assert_allclose(s["p_value"], t["p_value"], rtol=1e-9)
    assert (t["gap_lo"] <= t["gap"] + 1e-12).all() and (t["gap"] <= t["gap_hi"] + 1e-12).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(counts_st, min_size=1, max_size=6), st.sampled_from(["holm", "fdr_bh", "none"]),
       st.sampled_from(["auto", "z", "fisher"]))
def test_identical_groups_give_no_significant_items(cells, correction, test):
    rows = []
    for i, (n, k) in enumerate(cells):
        rows += [("consumer", f"i{i}", n, k), ("executive", f"i{i}", n, k)]
    t = pc.gap_table(pc.item_counts(agg(rows), G), G, correction=correction, test=test)
    assert not t["significant"].any()
    assert (t["gap"] == 0).all()
    assert (t["gap_lo"] < 0).all() and (t["gap_hi"] > 0).all()


@settings(max_examples=100, deadline=None)
@given(counts_st, st.sampled_from(["wilson", "agresti_coull"]))
def test_proportion_interval_contains_estimate_and_stays_in_unit_interval(nk, method):
    n, k = nk
    lo, hi = pc.proportion_interval(k, n, 0.05, method)
    assert 0 <= float(lo) <= k / n + 1e-12 <= float(hi) + 2e-12 <= 1 + 2e-12


def test_likert_numeric_codes_as_stored_by_the_schema():
    df = pd.DataFrame({"respondent_id": list("abcdef"), "group": ["consumer"] * 3 + ["executive"] * 3,
                       "item": "adv", "response": [1.0, 2.0, 3.0, 3.0, 3.0, 2.0]})
    s = pc.likert_summary(df, "adv", G)
    assert s.loc["executive", "agree"] == pytest.approx(200 / 3)
    assert pc.likert_summary(df.assign(response=df["response"] + 2), "adv", G).columns.tolist()[:5] == list(pc.LIKERT_5)
    with pytest.raises(ValueError, match="whole numbers 1..3"):
        pc.likert_summary(df.assign(response=[1.0, 2.5, 3, 3, 3, 3]), "adv", G)


def test_read_survey_validates_and_names_lines(tmp_path):
    good = tmp_path / "s.csv"
    good.write_text("respondent_id,group,item,response\na,consumer,x,yes\nb,executive,x,no\n")
    df = pc.read_survey(good)
    assert df["response"].tolist() == [1.0, 0.0]
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent_id,group,item,response\na,consumer,x,yes\na,consumer,x,no\nb,executive,y,1\n")
    with pytest.raises(DataValidationError) as e:
        pc.read_survey(bad)
    text = str(e.value)
    assert "bad.csv" in text and "duplicate respondent-item" in text and "'y'" in text


def test_binary_response_error_names_file_line_of_likert_item_in_binary_analysis(tmp_path):
    f = tmp_path / "s.csv"
    f.write_text("respondent_id,group,item,response\na,consumer,x,1\na,consumer,adv,3\nb,executive,x,0\nb,executive,adv,2\n")
    df = pc.read_survey(f)
    with pytest.raises(DataValidationError) as e:
        pc.item_counts(df, G, source="s.csv")
    assert "lines 3, 5" in str(e.value)


def test_provenance_helpers():
    assert pc.describe_provenance(pd.DataFrame({"provenance": ["synthetic", "synthetic"]})) == "synthetic"
    assert pc.describe_provenance(pd.DataFrame({"provenance": ["collected", "example"]})) == "example"
    assert pc.describe_provenance(pd.DataFrame({"provenance": ["collected"]})) == "collected"
    assert pc.describe_provenance(pd.DataFrame({"x": [1]})) == "not stated"
    t = pd.DataFrame({"group": ["consumer", "executive", "consumer", "executive", "consumer", "executive"],
                      "item": ["a", "a", "b", "b", "c", "c"],
                      "source": ["published: x", "published: y", "published: z", "synthetic: s", "synthetic: s", "synthetic: s"]})
    assert pc.cell_provenance(t, G) == {"a": "published", "b": "partly published", "c": "synthetic"}
    assert pc.published_cells(t) == {("consumer", "a"), ("executive", "a"), ("consumer", "b")}


@pytest.mark.parametrize(
    "content,expect",
    [
        ("group,item,n,pct,source\nconsumer,a,10,120,x\nexecutive,a,10,20,x\n", ["pct", "line 2"]),
        ("group,item,n,k,source\nconsumer,a,10,12,x\nexecutive,a,10,2,x\n", ["k > n", "line 2"]),
        ("group,item,n,k,source\nconsumer,a,0,0,x\nexecutive,a,10,2,x\n", ["n = 0", "line 2"]),
        ("group,item,n,k,source\nconsumer,a,10,1,x\nexecutive,b,10,2,x\n", ["'a'", "'b'"]),
        ("respondent_id,group,item,response\nr1,consumer,a,1\nr2,manager,a,0\n", ["unknown group", "line 3"]),
    ],
)
def test_bad_survey_files_get_clear_errors(tmp_path, content, expect):
    f = tmp_path / "survey.csv"
    f.write_text(content)
    with pytest.raises(DataValidationError) as e:
        pc.read_survey(f, groups=list(G))
    text = str(e.value)
    assert "survey.csv" in text
    for needle in expect:
        assert needle in text, (needle, text)
