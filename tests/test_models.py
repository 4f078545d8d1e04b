"""scrm_lib.modeling: estimator conventions, determinism, persistence, scoring interface, metrics."""

from __future__ import annotations

import pickle
import socket
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    precision_recall_fscore_support,
    recall_score,
)

from scrm_lib.core.config import MODELS_DIR, SAMPLES_DIR
from scrm_lib.modeling.evaluate import confusion, evaluate, report_from_confusion
from scrm_lib.modeling.linear import LinearTextClassifier, _hash_index
from scrm_lib.modeling.persist import ModelLoadError, load_model_file, read_card, save_model
from scrm_lib.modeling.presets import TRAIT_LABELS, make_model
from scrm_lib.modeling.scoring import add_scores, load_model
from scrm_lib.modeling.text import TweetHasher, TweetNormalizer, regex_mark_negation
from scrm_lib.modeling.vader import SENTIMENT_LABELS, VaderSentiment

SMALL = dict(word_bits=14, char_bits=14, max_iter=200)


@pytest.fixture(scope="module")
def posts() -> pd.DataFrame:
    """A small stratified slice of the labelled posts (fast to fit)."""
    df = pd.read_csv(SAMPLES_DIR / "labeled_posts.csv", keep_default_na=False)
    return df.groupby("sentiment", group_keys=False).head(80).reset_index(drop=True)


@pytest.fixture(scope="module")
def fitted(posts) -> LinearTextClassifier:
    return LinearTextClassifier(char_ngrams=(2, 4), vader_weight=1.0, cue_weight=1.0,
                                calibration_cv=3, **SMALL).fit(posts["text"], posts["sentiment"])


# -- estimator conventions -----------------------------------------------------------

@pytest.mark.parametrize("name", ["vader", "fast", "accurate", "trait"])
def test_presets_clone_with_identical_params(name):
    est = make_model(name)
    twin = clone(est)
    assert twin is not est and twin.get_params() == est.get_params()
    assert not hasattr(twin, "classes_")


def test_fit_predict_shapes_and_classes(fitted, posts):
    texts = posts["text"].tolist()[:25]
    assert list(fitted.classes_) == sorted(SENTIMENT_LABELS)
    proba = fitted.predict_proba(texts)
    assert proba.shape == (25, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)
    pred = fitted.predict(texts)
    assert pred.shape == (25,) and set(pred) <= set(fitted.classes_)
    assert fitted.decision_function(texts).shape == (25, 3)
    assert fitted.n_features_in_ == 1
    assert fitted.score(posts["text"], posts["sentiment"]) > 0.6  # learns its training data


def test_fit_rejects_bad_input():
    with pytest.raises(TypeError):
        LinearTextClassifier(**SMALL).fit("one string", ["positive"])
    with pytest.raises(ValueError, match="labels"):
        LinearTextClassifier(**SMALL).fit(["a", "b"], ["positive"])


def test_training_is_deterministic_with_a_seed(posts):
    a = LinearTextClassifier(calibration_cv=3, random_state=7, **SMALL).fit(posts["text"], posts["sentiment"])
    b = LinearTextClassifier(calibration_cv=3, random_state=7, **SMALL).fit(posts["text"], posts["sentiment"])
    texts = posts["text"].tolist()
    np.testing.assert_array_equal(a.predict_proba(texts), b.predict_proba(texts))
    assert a.top_features_ == b.top_features_


def test_vader_estimator_api():
    v = clone(VaderSentiment(pos_threshold=0.1))
    v.fit([], [])
    assert list(v.classes_) == list(SENTIMENT_LABELS)
    assert v.predict(["I love it", "I hate it", "a table"]).tolist() == ["positive", "negative", "neutral"]
    assert v.predict(["so angry 😡"])[0] == "negative"  # emoji handled


def test_tune_decision_does_not_lower_validation_recall(fitted, posts):
    m = clone(fitted).fit(posts["text"], posts["sentiment"])
    before = recall_score(posts["sentiment"], m.predict(posts["text"]), average="macro")
    m.tune_decision(posts["text"], posts["sentiment"])
    after = recall_score(posts["sentiment"], m.predict(posts["text"]), average="macro")
    assert after >= before - 1e-12
    assert m.decision_weights_.max() == pytest.approx(1.0)


# -- text features -----------------------------------------------------------------------

def test_normalizer_and_hasher_tweet_rules():
    out = TweetNormalizer(negation="none").transform(["@Bob see http://x.co &amp; soooo good :)"])[0]
    assert out.startswith("@user see http & soo good emo_pos")
    feats = TweetHasher().analyze("@Bob I don't like it. Love it!!")
    assert "like_neg" in feats and "it_neg" in feats and "love" in feats  # scope ends at '.'
    assert "@user" in feats and "lex+3" in feats
    assert regex_mark_negation("never again, ever") == "never again_neg, ever_neg"


def test_hash_index_matches_feature_hasher():
    from sklearn.feature_extraction import FeatureHasher

    hasher = FeatureHasher(n_features=2 ** 12, input_type="string", alternate_sign=False)
    for feature in ["love", "don't like_neg", "😀", "lex-2", "@user i"]:
        X = hasher.transform([[feature]]).tocsr()
        assert list(X.indices) == [_hash_index(feature, 2 ** 12)]
    h = TweetHasher(n_bits=12)
    X = h.transform(["love"]).tocsr()  # 'love' + its lexicon token 'lex+3'
    assert _hash_index("love", h.n_features) in set(X.indices)


def test_explain_and_top_features(fitted):
    assert all(len(v) > 0 for v in fitted.top_features_.values())
    ex = fitted.explain("I really hate this, worst service ever", top=5)
    assert {"feature", "toward", *fitted.classes_} <= set(ex.columns)
    assert 0 < len(ex) <= 5


# -- persistence ---------------------------------------------------------------------------

def test_saved_model_predicts_exactly_as_before(fitted, posts, tmp_path):
    path = save_model(fitted, tmp_path / "m.skops", {"name": "m", "metrics": {}})
    loaded = load_model_file(path)
    texts = posts["text"].tolist()
    np.testing.assert_array_equal(loaded.predict_proba(texts), fitted.predict_proba(texts))
    np.testing.assert_array_equal(loaded.predict(texts), fitted.predict(texts))
    card = read_card(path)
    assert card["file_sha256"] and card["packages"]["scikit-learn"] and card["created_at"]


def test_loading_refuses_untrusted_types_and_pickles(tmp_path):
    import os

    import skops.io as sio

    bad = tmp_path / "evil.skops"
    sio.dump({"f": os.system}, bad)
    with pytest.raises(ModelLoadError, match="untrusted"):
        load_model_file(bad)
    pkl = tmp_path / "model.skops"
    pkl.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(ModelLoadError, match="not a skops"):
        load_model_file(pkl)
    with pytest.raises(ModelLoadError, match="not found"):
        load_model_file(tmp_path / "missing.skops")


@pytest.mark.parametrize("name", ["fast", "accurate", "trait"])
def test_committed_artifacts_have_cards_and_reproduce_their_check(name):
    path = MODELS_DIR / f"{name}.skops"
    assert path.is_file(), f"models/{name}.skops is a committed artifact"
    assert zipfile.is_zipfile(path) and path.stat().st_size < 12_000_000
    card = read_card(path)
    assert card["training_data"] and all(d.get("sha256") for d in card["training_data"])
    assert card["parameters"] and card["metrics"] and card["packages"]
    check = card["check"]
    texts = pd.read_csv(SAMPLES_DIR / "labeled_posts_test.csv", keep_default_na=False)["text"].tolist()[: check["n"]]
    model = load_model(name)
    assert model.predict(texts).tolist() == check["labels"]
    np.testing.assert_allclose(model.predict_proba(texts).sum(axis=0), check["proba_sum"], atol=1e-6)


# -- the scoring interface ---------------------------------------------------------------

def test_add_scores_contract():
    # real venting posts are addressed to the brand: the real-trained trait model reads the same words
    # without "@Acme" as `past` ("never"), a known limit recorded in docs/benchmarks.md
    df = pd.DataFrame({"post_id": ["a", "b", "c"], "text": ["love this phone!", "@Acme my order never arrived, help", None]},
                      index=[10, 11, 12])
    for sentiment_model in ("vader", "fast"):
        out = add_scores(df, sentiment_model=sentiment_model)
        assert list(out.index) == [10, 11, 12] and "sentiment" not in df.columns
        assert set(out["sentiment"]) <= set(SENTIMENT_LABELS)
        assert out["sentiment_score"].between(-1, 1).all()
        assert set(out["trait"]) <= set(TRAIT_LABELS)
        assert out["trait_confidence"].between(0, 1).all()
        assert out.loc[10, "sentiment"] == "positive" and out.loc[11, "trait"] == "venting"
    no_trait = add_scores(df, trait_model=None)
    assert "trait" not in no_trait.columns


def test_load_model_names_and_errors():
    assert isinstance(load_model("vader"), VaderSentiment)
    assert load_model("trait") is load_model("trait")  # cached
    with pytest.raises(ModelLoadError, match="unknown model"):
        load_model("bogus")


def test_trait_model_meets_target_on_the_test_split():
    test = pd.read_csv(SAMPLES_DIR / "labeled_posts_test.csv", keep_default_na=False)
    pred = load_model("trait").predict(test["text"].tolist())
    assert f1_score(test["trait"], pred, average="macro") >= 0.75


# -- metrics -------------------------------------------------------------------------------

def test_metrics_equal_scikit_learn_on_a_fixture():
    y_true = ["negative", "neutral", "positive", "neutral", "negative", "positive", "neutral", "negative"]
    y_pred = ["negative", "positive", "positive", "neutral", "neutral", "positive", "neutral", "neutral"]
    labels = list(SENTIMENT_LABELS)
    rep = evaluate(y_true, y_pred, labels=labels)
    assert rep["macro_recall"] == pytest.approx(recall_score(y_true, y_pred, average="macro"))
    assert rep["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, average="macro"))
    assert rep["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    for i, lab in enumerate(labels):
        assert rep["per_class"][lab] == pytest.approx({"precision": p[i], "recall": r[i], "f1": f[i], "support": s[i]})
    assert rep["confusion"] == confusion_matrix(y_true, y_pred, labels=labels).tolist()
    assert rep["n"] == 8


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(SENTIMENT_LABELS), st.sampled_from(SENTIMENT_LABELS)), min_size=1, max_size=60))
def test_metrics_match_sklearn_and_merge_across_partitions(pairs):
    y_true, y_pred = [a for a, _ in pairs], [b for _, b in pairs]
    labels = sorted(set(y_true))
    rep = evaluate(y_true, y_pred, labels=list(SENTIMENT_LABELS))
    assert rep["macro_recall"] == pytest.approx(
        recall_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))
    assert rep["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    half = len(pairs) // 2
    cm = confusion(y_true[:half], y_pred[:half], SENTIMENT_LABELS) + confusion(y_true[half:], y_pred[half:], SENTIMENT_LABELS)
    assert report_from_confusion(cm, SENTIMENT_LABELS) == rep


# -- VADER lexicon offline ---------------------------------------------------------------

def test_vader_lexicon_builds_with_no_network(tmp_path, monkeypatch):
    from scrm_lib.text.nltk_data import build_nltk_data

    def no_network(*args, **kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    folder = build_nltk_data(tmp_path)
    with zipfile.ZipFile(folder / "sentiment" / "vader_lexicon.zip") as zf:
        lexicon = zf.read("vader_lexicon/vader_lexicon.txt").decode("utf-8")
    assert "\tgood" not in lexicon and any(line.startswith("good\t") for line in lexicon.splitlines())
    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    monkeypatch.setattr(nltk.data, "path", [str(folder)])
    sia = SentimentIntensityAnalyzer()
    assert sia.polarity_scores("good")["compound"] > 0


def test_trait_model_is_trained_from_repository_data_when_its_file_is_missing(tmp_path, monkeypatch):
    """A fresh clone without models/trait.skops (and without ../shared) still gets a trait model."""
    import scrm_lib.core.config as config
    from scrm_lib.modeling import data as mdata
    from scrm_lib.modeling import scoring

    monkeypatch.setattr(config, "MODELS_DIR", tmp_path)
    monkeypatch.setattr(mdata, "EXTERNAL_DATA_DIR", tmp_path / "no-shared")
    monkeypatch.setattr(scoring, "_CACHE", {})
    model = scoring.load_model("trait")
    assert set(model.classes_) == set(TRAIT_LABELS)
    card = read_card(tmp_path / "trait.skops")
    assert card["training_data"] and card["training_kind"] == "invented" and card["notes"].startswith("FALLBACK")
    with pytest.raises(ModelLoadError, match="scrm train --model fast"):
        scoring.load_model("fast")
