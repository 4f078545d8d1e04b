"""The real trait corpus: label import and storage, the text-joining loader, agreement,
metrics with intervals, the keyword-rule baseline and abstention (issue 11)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score

from scrm_lib.core.errors import ScrmError
from scrm_lib.core.labels import TRAIT_LABELS, UNCERTAIN
from scrm_lib.modeling.evaluate import bootstrap_intervals, cohen_kappa, evaluate
from scrm_lib.modeling.realdata import (
    LABEL_COLUMNS,
    TRAIT_REAL_PASS2_PATH,
    TRAIT_REAL_PATH,
    LabelTextMismatch,
    import_annotations,
    load_labelled_posts,
    read_labels,
    text_hash,
    write_labels,
)
from scrm_lib.modeling.trait_real import (
    abstain_table,
    agreement,
    apply_abstain,
    choose_abstain_threshold,
    disagreements,
    expected_calibration_error,
)
from scrm_lib.modeling.trait_rules import KeywordTraitRules


def _write(path: Path, rows: list[list[str]]) -> None:
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")


@pytest.fixture()
def labels_dir(tmp_path: Path) -> Path:
    texts = {"1": "@brand my order is late", "2": "love it", "3": "headline about stocks"}
    _write(tmp_path / "pool_twcs.tsv", [["dataset", "source_id", "text_sha256", "stratum", "text"]]
           + [["twcs", i, text_hash(t), "random", t] for i, t in texts.items()])
    _write(tmp_path / "pool_topup.tsv", [["dataset", "source_id", "text_sha256", "stratum", "text"],
                                          ["airline", "9", text_hash("x"), "topup", "x"]])
    _write(tmp_path / "pass1_twcs.tsv", [["source_id", "trait", "sentiment", "notes"],
                                         ["3", "none", "neutral", "news"], ["1", "venting", "negative", ""],
                                         ["2", "advocate", "positive", ""], ["7", "none", "neutral", ""],
                                         ["2", "advocat", "positive", ""]])
    _write(tmp_path / "pass1_topup.tsv", [["source_id", "trait", "sentiment", "notes"], ["9", "past", "negative", ""]])
    _write(tmp_path / "pass2_twcs.tsv", [["source_id", "trait", "sentiment", "notes"],
                                         ["1", "passive", "negative", ""], ["2", "advocate", "positive", ""]])
    return tmp_path


def test_import_joins_pool_hash_sorts_and_reports(labels_dir: Path, tmp_path: Path) -> None:
    p1, p2, problems = import_annotations(labels_dir, adjudication=tmp_path / "none.csv")
    assert list(p1.columns) == list(LABEL_COLUMNS)
    assert p1[["dataset", "source_id"]].values.tolist() == [["twcs", "1"], ["twcs", "2"], ["twcs", "3"],
                                                            ["airline", "9"]]
    assert p1.loc[0, "text_sha256"] == text_hash("@brand my order is late")
    assert p1.loc[3, "stratum"] == "topup"
    assert len(p2) == 2
    assert len(problems) == 2 and any("line 5" in p for p in problems) and any("'7'" in p for p in problems)
    assert "text" not in p1.columns


def test_import_is_deterministic_and_applies_adjudication(labels_dir: Path, tmp_path: Path) -> None:
    adj = tmp_path / "adj.csv"
    adj.write_text("dataset,source_id,trait,sentiment,reason\ntwcs,1,venting,neutral,R5\n", encoding="utf-8")
    a, _, _ = import_annotations(labels_dir, adjudication=adj)
    b, _, _ = import_annotations(labels_dir, adjudication=adj)
    write_labels(a, tmp_path / "a.csv")
    write_labels(b, tmp_path / "b.csv")
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    row = a[a["source_id"] == "1"].iloc[0]
    assert (row["trait"], row["sentiment"], row["notes"]) == ("venting", "neutral", "adjudicated")


def test_read_labels_rejects_unknown_trait(tmp_path: Path) -> None:
    p = tmp_path / "l.csv"
    p.write_text(",".join(LABEL_COLUMNS) + "\ntwcs,1,abc,random,angry,negative,\n", encoding="utf-8")
    with pytest.raises(ScrmError, match="row 2, column trait"):
        read_labels(p)


def test_committed_labels_are_well_formed() -> None:
    lab = read_labels(TRAIT_REAL_PATH)
    assert not lab.duplicated(["dataset", "source_id"]).any()
    assert lab["text_sha256"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert set(lab["trait"]) == set(TRAIT_LABELS)
    p2 = read_labels(TRAIT_REAL_PASS2_PATH)
    assert len(p2) >= 400 and p2.set_index(["dataset", "source_id"]).index.isin(
        lab.set_index(["dataset", "source_id"]).index).all()


def test_loader_joins_texts_and_fails_loudly_on_changed_text(external_dir: Path, tmp_path: Path) -> None:
    lab = read_labels(TRAIT_REAL_PATH)
    few = pd.concat([lab[lab["dataset"] == s].head(3) for s in ("twcs", "airline", "semeval")])
    write_labels(few, tmp_path / "few.csv")
    posts = load_labelled_posts(tmp_path / "few.csv", external_dir)
    assert len(posts) == 9
    assert [text_hash(t) for t in posts["text"]] == posts["text_sha256"].tolist()
    assert posts["brand"].ne("").all()
    bad = few.copy()
    bad.iloc[4, bad.columns.get_loc("text_sha256")] = "0" * 64
    write_labels(bad, tmp_path / "bad.csv")
    with pytest.raises(LabelTextMismatch, match="sha256 differs"):
        load_labelled_posts(tmp_path / "bad.csv", external_dir)
    gone = few.copy()
    gone.iloc[0, gone.columns.get_loc("source_id")] = "999999999999"
    write_labels(gone, tmp_path / "gone.csv")
    with pytest.raises(LabelTextMismatch, match="not in the data set"):
        load_labelled_posts(tmp_path / "gone.csv", external_dir)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abc"), st.sampled_from("abc")), min_size=2, max_size=40))
def test_cohen_kappa_equals_sklearn(pairs: list[tuple[str, str]]) -> None:
    a, b = zip(*pairs, strict=True)
    ours = cohen_kappa(a, b)
    if np.isnan(ours):
        assert len(set(a) | set(b)) == 1
    else:
        assert ours == pytest.approx(cohen_kappa_score(a, b))


def test_agreement_and_disagreements() -> None:
    p1 = pd.DataFrame({"dataset": ["twcs"] * 4, "source_id": list("1234"),
                       "trait": ["venting", "none", "none", "past"], "sentiment": ["negative"] * 4})
    p2 = p1.assign(trait=["venting", "none", "advocate", "past"])
    a = agreement(p1, p2)
    assert a["n"] == 4 and a["trait_agreement"] == 0.75
    assert a["per_trait_kappa"]["venting"] == 1.0
    assert np.isnan(a["sentiment_kappa"])  # one label only: chance agreement is 1
    assert disagreements(p1, p2)["source_id"].tolist() == ["3"]


def test_bootstrap_intervals_bracket_the_estimate() -> None:
    rng = np.random.default_rng(0)
    y = rng.choice(list(TRAIT_LABELS), 300)
    p = np.where(rng.random(300) < 0.6, y, rng.choice(list(TRAIT_LABELS), 300))
    rep = evaluate(y, p, labels=list(TRAIT_LABELS))
    ci = bootstrap_intervals(y, p, TRAIT_LABELS, n_boot=200)
    lo, hi = ci["macro_f1"]
    assert lo <= rep["macro_f1"] <= hi and hi - lo < 0.2
    assert ci == bootstrap_intervals(y, p, TRAIT_LABELS, n_boot=200)


@pytest.mark.parametrize("text, trait", [
    ("@united my bag is still not here, why?", "venting"),
    ("Apple shares jumped after earnings", "none"),
    ("cancelled my subscription, switched to Deezer", "past"),
    ("thinking about getting the new ipad, anyone tried it", "future"),
    ("@SpotifyCares you should add a sleep timer", "collaborative"),
    ("love my new phone", "advocate"),
    ("this airline is terrible", "passive"),
    ("watching tv", "none"),
])
def test_keyword_rules(text: str, trait: str) -> None:
    m = KeywordTraitRules().fit([], [])
    assert m.predict([text])[0] == trait
    assert m.predict_proba([text]).sum() == 1.0


def test_abstention() -> None:
    pred = np.array(["venting", "none", "past"], dtype=object)
    out = apply_abstain(pred, np.array([0.9, 0.3, 0.5]), 0.5)
    assert out.tolist() == ["venting", UNCERTAIN, "past"]
    assert apply_abstain(pred, np.array([0.1, 0.1, 0.1]), None).tolist() == pred.tolist()
    tab = abstain_table(np.array(["venting", "past", "none"]), pred, np.array([0.9, 0.3, 0.5]), (0.0, 0.4))
    assert tab[0]["coverage"] == 1.0 and tab[1]["coverage"] == pytest.approx(2 / 3)
    assert tab[1]["accuracy_answered"] == 0.5
    assert choose_abstain_threshold(tab, min_coverage=0.5) == 0.4
    assert choose_abstain_threshold(tab, min_coverage=0.9) == 0.0
    assert expected_calibration_error(np.array([1, 0]), np.array([1.0, 0.0])) == 0.0


def test_trait_scores_abstain_to_uncertain_and_arm_routes_it_to_a_human() -> None:
    from scrm_lib.metrics.triage import route
    from scrm_lib.modeling.predict import trait_scores
    from scrm_lib.modeling.scoring import add_scores, load_model

    model = load_model("trait")
    texts = ["@united my bag is lost, please help", "ok", "the new phone is out"]
    labels, conf = trait_scores(model, texts)
    assert UNCERTAIN not in set(labels)
    ab, conf2 = trait_scores(model, texts, abstain_below=1.01)
    assert set(ab) == {UNCERTAIN} and np.allclose(conf, conf2)
    df = pd.DataFrame({"text": texts})
    scored = add_scores(df, "vader", model, trait_abstain_below=float(np.sort(conf)[1]))
    assert (scored["trait"] == UNCERTAIN).sum() == 1
    routed = route(scored.assign(post_id=["a", "b", "c"], author_id=["x", "y", "z"], channel="twitter",
                                 author_followers=10, is_brand=False, brand="Acme",
                                 created_at=pd.Timestamp("2026-01-01", tz="UTC")))
    assert routed.loc[routed["trait"] == UNCERTAIN, "action"].tolist() == ["human_review"]


def test_eval_trait_real_without_external_data_is_a_clear_error(capsys, tmp_path: Path) -> None:
    from scrm_lib.cli import main

    status = main(["eval", "--model", "trait", "--dataset", "trait-real", "--external", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and "not found" in err and "Traceback" not in err


def test_real_trait_examples(external_dir: Path) -> None:
    from scrm_lib.modeling.scoring import load_model
    from scrm_lib.modeling.trait_real import real_trait_examples

    ex = real_trait_examples(load_model("trait"), per_trait=2, seed=1, external_dir=external_dir)
    assert len(ex) == 14 and ex["hand label"].tolist()[:2] == ["venting", "venting"]
    assert ex["confidence"].between(0, 1).all() and not ex["text"].str.contains(r"@(?!user\b)\w").any()


def test_run_evaluation_source_held_out_is_json_ready() -> None:
    import json

    from scrm_lib.modeling.trait_real import BASELINES, run_evaluation

    rng = np.random.default_rng(0)
    words = {"venting": "@x my order is late help", "none": "stock news today", "advocate": "love it so much",
             "past": "cancelled my plan", "passive": "this is terrible", "future": "thinking about getting one",
             "collaborative": "you should add dark mode"}
    traits = rng.choice(list(words), 120)
    df = pd.DataFrame({"dataset": np.repeat(["twcs", "airline", "semeval"], 40), "source_id": [str(i) for i in range(120)],
                       "trait": traits, "text": [words[t] for t in traits],
                       "brand": np.tile(["a", "b", "c", "d", "e", "f"], 20)})
    res = run_evaluation(df, models=dict(BASELINES), n_boot=50)
    json.dumps(res)
    rules = res["models"]["keyword_rules"]
    assert set(rules["source_held_out"]["rotations"]) == {"twcs", "airline", "semeval"}
    assert rules["source_held_out"]["mean_macro_f1"] > res["models"]["majority"]["source_held_out"]["mean_macro_f1"]
    lo, hi = rules["source_held_out"]["pooled"]["macro_f1_ci95"]
    assert lo <= rules["source_held_out"]["pooled"]["macro_f1"] <= hi
    assert set(rules["brand_grouped_cv"]["by_source"]) == {"twcs", "airline", "semeval"}


def test_source_held_out_trains_on_train_df_and_tests_on_df() -> None:
    """``train_df`` (an earlier label snapshot) is what each rotation trains on; ``df`` is what it is tested on."""
    from scrm_lib.modeling.trait_real import source_held_out

    seen: list[set[str]] = []

    class Spy(KeywordTraitRules):
        def fit(self, X, y=None):  # noqa: ANN001, ANN201
            seen.append(set(X))
            return super().fit(X, y)

    df = pd.DataFrame({"dataset": ["twcs", "twcs", "airline", "airline", "semeval", "semeval"],
                       "source_id": list("123456"), "trait": ["venting", "none"] * 3,
                       "text": ["@a help my order", "ok", "@b where is my bag?", "news", "@c why", "stock news"]})
    old = df.iloc[[0, 2, 4]]
    res = source_held_out(df, Spy, train_df=old)
    assert seen == [{"@b where is my bag?", "@c why"}, {"@a help my order", "@c why"},
                    {"@a help my order", "@b where is my bag?"}]
    assert res["pooled"]["n"] == 6 and len(res["predictions"]) == 6
