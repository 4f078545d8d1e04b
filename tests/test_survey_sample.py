"""The survey sample files: published numbers only in the published file, synthetic sample fitted to them."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from scrm_lib.analysis import perception as pc
from scrm_lib.samples import DEFAULT_SEED
from scrm_lib.samples import survey as sv

G = ("consumer", "executive")


@pytest.fixture(scope="module")
def published(samples_dir):
    return pd.read_csv(samples_dir / "ibm2011_published.csv")


@pytest.fixture(scope="module")
def sample(samples_dir):
    return pd.read_csv(samples_dir / "survey_ibm2011_synthetic.csv", dtype=str)


def test_published_file_one_number_per_row_each_with_source(published):
    assert published["id"].is_unique
    assert published["source"].notna().all() and (published["source"].str.len() > 10).all()
    assert pd.to_numeric(published["value"], errors="coerce").notna().all()
    pct = published[published["unit"] == "percent"]
    assert pct["value"].between(0, 100).all()


def test_published_file_holds_the_domain_numbers(published):
    v = published.set_index("id")["value"]
    assert v["n_consumers"] == 1056 and v["n_executives"] == 351
    assert {k: v[f"n_exec_{k}"] for k in sv.EXEC_ITEM_N} == sv.EXEC_ITEM_N
    assert (v["pct_con_discounts"], v["pct_con_purchase"]) == (61, 55)
    assert (v["pct_con_feel_connected"], v["pct_exec_feel_connected"]) == (33, 64)
    assert (v["pct_con_community"], v["pct_exec_community"]) == (20, 61)
    assert (v["pct_exec_advocacy_agree"], v["pct_con_advocacy_agree"], v["pct_con_advocacy_neutral"], v["pct_con_advocacy_disagree"]) == (70, 38, 28, 33)
    assert (v["pct_con_participation_authors"], v["pct_con_participation_casual"], v["pct_con_participation_silent"]) == (5, 75, 20)


def test_every_published_target_is_in_the_published_file(published):
    ids = set(published["id"])
    for (_group, item), (pct, source) in sv.TARGETS.items():
        if source.startswith("published:"):
            rid = source.split()[1]
            assert rid in ids
            assert published.set_index("id").loc[rid, "value"] == pct
            assert published.set_index("id").loc[rid, "item"] == item
        else:
            assert source.startswith("synthetic:")


def test_sample_sizes_and_per_item_executive_n(sample):
    assert sample.loc[sample["group"] == "consumer", "respondent_id"].nunique() == 1056
    assert sample.loc[sample["group"] == "executive", "respondent_id"].nunique() == 351
    c = pc.item_counts(sample[sample["item"] != "advocacy"], G)
    n_exec = c[c["group"] == "executive"].set_index("item")["n"].to_dict()
    assert n_exec == sv.EXEC_ITEM_N
    assert (c.loc[c["group"] == "consumer", "n"] == 1056).all()
    assert set(sample.loc[sample["group"] == "executive", "country"]) == set(sv.EXECUTIVE_COUNTRIES)
    assert set(sample.loc[sample["group"] == "consumer", "country"]) == set(sv.CONSUMER_COUNTRIES)
    assert (sample["provenance"] == "synthetic").all()
    assert not sample.duplicated(["respondent_id", "item"]).any()


def test_sample_reproduces_published_percentages_and_ranks(sample, published):
    c = pc.item_counts(sample[sample["item"] != "advocacy"], G)
    pct = c.assign(pct=(100 * c["k"] / c["n"]).round()).set_index(["group", "item"])["pct"]
    pub = published[published["statistic"] == "pct"]
    checked = 0
    for r in pub.itertuples():
        if (r.group, r.item) in pct.index:
            assert pct[(r.group, r.item)] == r.value, r.id
            checked += 1
    assert checked == 6
    ranks = pc.item_ranks(c, G).set_index("item")
    assert ranks.loc[["discounts", "purchase", "reviews"], "rank_a"].tolist() == [1, 2, 3]
    assert set(ranks.loc[["discounts", "purchase"], "rank_b"]) == {11, 12}
    lik = pc.likert_summary(sample, "advocacy", G).round()
    assert lik.loc["consumer", ["agree", "neutral", "disagree"]].tolist() == [38, 28, 33]
    assert lik.loc["executive", "agree"] == 70


def test_targets_file_matches_sample_and_labels_sources(samples_dir, sample):
    t = pd.read_csv(samples_dir / "survey_ibm2011_synthetic_targets.csv")
    assert t["source"].str.match(r"^(published|synthetic): ").all()
    c = pc.item_counts(sample[sample["item"] != "advocacy"], G).set_index(["group", "item"])
    for r in t[~t["item"].str.startswith("advocacy")].itertuples():
        assert (c.loc[(r.group, r.item), "n"], c.loc[(r.group, r.item), "k"]) == (r.n, r.k)


def test_generator_is_byte_identical_and_matches_committed(tmp_path, samples_dir):
    from scrm_lib import cli

    assert cli.main(["samples", "survey", "--out", str(tmp_path / "a")]) == 0
    a = sorted((tmp_path / "a").iterdir())
    b = sorted(sv.generate(tmp_path / "b", seed=DEFAULT_SEED))
    assert [p.name for p in a] == [p.name for p in b]
    for pa, pb in zip(a, b, strict=True):
        assert pa.read_bytes() == pb.read_bytes()
        assert hashlib.sha256(pa.read_bytes()).digest() == hashlib.sha256((samples_dir / pa.name).read_bytes()).digest(), (
            f"{pa.name} differs from the committed file: regenerate with scrm samples"
        )


def test_other_seed_changes_respondents_not_marginals(tmp_path):
    s1, t1 = sv.build_sample(1)
    s2, t2 = sv.build_sample(2)
    pd.testing.assert_frame_equal(t1, t2)
    assert not s1["response"].equals(s2["response"])


def test_likert_counts_respects_rounding():
    assert sv.likert_counts((38, 28, 33), 1056) and sum(sv.likert_counts((38, 28, 33), 1056)) == 1056
    for c, p in zip(sv.likert_counts((38, 28, 33), 1056), (38, 28, 33), strict=True):
        assert round(100 * c / 1056) == p
    with pytest.raises(ValueError):
        sv.likert_counts((50, 10, 10), 100)


def test_class_template_is_usable(samples_dir):
    df = pd.read_csv(samples_dir / "class_survey_template.csv", dtype=str)
    assert (df["provenance"] == "example").all()
    t = pc.gap_table(pc.item_counts(df[df["item"] != "advocacy"], G), G)
    assert len(t) == 4 and set(t["test"]) == {"fisher"}


def test_readme_survey_section_documents_columns_and_says_synthetic(samples_dir):
    readme = (samples_dir / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Survey sample"):readme.index("## Use-case file")]
    assert "SYNTHETIC" in section and "published only" in section
    for col in ("respondent_id", "group", "item", "response", "generation", "country", "provenance",
                "id", "study", "question", "statistic", "value", "unit", "base", "source", "note"):
        assert f"`{col}`" in section, col
    for f in ("ibm2011_published.csv", "survey_ibm2011_synthetic.csv",
              "survey_ibm2011_synthetic_targets.csv", "class_survey_template.csv"):
        assert f"`{f}`" in section
