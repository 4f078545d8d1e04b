"""Issue 12: the static MiniLM embedding tier, identity masking/invariance, non-English handling."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib.core.config import MODELS_DIR
from scrm_lib.modeling.embed import (
    STATIC_EMBEDDINGS_PATH,
    StaticEmbeddings,
    WordPieceTokenizer,
    load_static_table,
)
from scrm_lib.modeling.fairness import (
    IDENTITY_WORDS,
    IdentityMasker,
    identity_hits,
    identity_invariance,
    identity_sentences,
    mask_identity,
)
from scrm_lib.modeling.persist import sha256_file
from scrm_lib.modeling.scoring import add_scores, load_model

# -- static embeddings ----------------------------------------------------------------


def test_wordpiece_tokenizer_splits_like_bert():
    tok = WordPieceTokenizer(["[UNK]", "un", "##aff", "##able", "!", "cafe", "@", "user", "東"])
    assert tok.tokenize("Unaffable!") == ["un", "##aff", "##able", "!"]
    assert tok.tokenize("Café @user 東") == ["cafe", "@", "user", "東"]
    assert tok.tokenize("zzz") == ["[UNK]"]


def test_committed_static_table_matches_its_card():
    card = json.loads(STATIC_EMBEDDINGS_PATH.with_name("minilm_static.card.json").read_text())
    assert sha256_file(STATIC_EMBEDDINGS_PATH) == card["output_sha256"]
    tok, table = load_static_table()
    assert table.shape == (card["vocab_size"], card["dims"]) and np.isfinite(table).all()
    # the real BERT vocabulary: a common word is one piece
    assert tok.tokenize("the delay was terrible") == ["the", "delay", "was", "terrible"]


def test_static_embeddings_rows_are_unit_or_zero():
    X = StaticEmbeddings(weight=2.0).fit([]).transform(["love it", "", None, "@bob http://x.co"]).toarray()
    norms = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(norms[[0, 3]], 2.0, rtol=1e-5)
    assert norms[1] == 0 and norms[2] == 0
    # similar meanings are closer than opposite ones
    e = StaticEmbeddings().transform(["great service", "excellent service", "parking lot"]).toarray()
    assert e[0] @ e[1] > e[0] @ e[2]


# -- identity masking -------------------------------------------------------------------

def test_mask_identity_words_plurals_tags_and_names():
    assert mask_identity("The gays and #Muslims were great") == "The person and person were great"
    assert mask_identity("Jasmine said hi") == "person said hi"
    assert mask_identity("jasmine tea is nice") == "jasmine tea is nice"  # names only in Title case
    assert mask_identity("Joy! I love it") == "Joy! I love it"  # sentiment words are never names
    assert IdentityMasker().transform(["a Muslim customer", None]) == ["a person customer", ""]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_mask_identity_is_idempotent_and_total(text):
    once = mask_identity(text)
    assert isinstance(once, str) and mask_identity(once) == once


def test_identity_sentences_cover_the_groups():
    s = identity_sentences()
    assert set(s["group"]) == {"gender", "race_names", "race_ethnicity", "religion", "sexual_orientation", "nationality"}
    assert s["text"].str.contains("{", regex=False).sum() == 0
    assert set(s["intended"]) == {"negative", "neutral", "positive"}


def test_identity_invariance_tables():
    groups, subs = identity_invariance({"vader": load_model("vader")})
    assert {"all", "gender", "religion"} <= set(groups["group"])
    assert groups["class_changes"].between(0, 1).all() and (groups["pairs"] > 0).all()
    # VADER's lexicon holds no religion or nationality word ("straight" and the name "Tia" are in it)
    rel = groups.set_index("group")["class_changes"]
    assert rel["religion"] == 0.0 and rel["nationality"] == 0.0 and rel["sexual_orientation"] > 0
    # shifts are centred within each sentence cell, and the groups are balanced: they average to 0
    assert np.allclose(subs.groupby("group")["mean_shift"].mean(), 0, atol=1e-9)


@pytest.mark.parametrize("name", ["fast", "accurate"])
def test_no_identity_term_among_top50_features(name):
    model = load_model(name)
    assert model.n_top_features >= 50
    for cls, feats in model.top_features_.items():
        assert len(feats) >= 50
        assert identity_hits([f for f, _ in feats[:50]]) == [], (name, cls)


def test_identity_hits_finds_plural_and_tag_forms():
    assert identity_hits(["gays", "#muslims", "love", "the jewish", "irishman"]) == ["gays", "#muslims", "the jewish"]
    assert "muslim" in IDENTITY_WORDS


@pytest.mark.parametrize("name", ["fast", "accurate"])
def test_presets_mask_identity(name):
    model = load_model(name)
    a, b = model.predict_proba(["My gay friend loves this app", "My straight friend loves this app"])
    np.testing.assert_allclose(a, b)


def test_trait_model_loads_with_later_params_off():
    trait = load_model("trait")
    params = trait.get_params()
    assert params["embedding_weight"] == 0.0 and params["mask_identity"] is False
    assert "mask" not in trait.pipeline_.named_steps


# -- non-English posts -------------------------------------------------------------------

def test_add_scores_flags_or_skips_non_english():
    df = pd.DataFrame({"text": ["I love this phone, best purchase this year",
                                "la señal es malísima desde ayer, nadie responde en la tienda", "ok"]})
    flagged = add_scores(df, "vader", trait_model=None)
    assert flagged["lang"].tolist() == ["en", "es", "und"]
    assert flagged["sentiment"].notna().all()
    skipped = add_scores(df, "vader", trait_model="trait", non_english="skip")
    assert skipped["sentiment"].isna().tolist() == [False, True, False]
    assert np.isnan(skipped.loc[1, "sentiment_score"]) and pd.isna(skipped.loc[1, "trait"])
    kept = add_scores(df.assign(lang=["en", "en", None]), "vader", trait_model=None)
    assert kept["lang"].tolist() == ["en", "en", "und"]  # given languages are kept
    assert "lang" not in add_scores(df, "vader", trait_model=None, non_english="ignore").columns


def test_add_scores_rejects_unknown_mode():
    from scrm_lib.core.errors import ScrmError

    with pytest.raises(ScrmError, match="non_english"):
        add_scores(pd.DataFrame({"text": ["x"]}), "vader", trait_model=None, non_english="maybe")


def test_models_dir_has_static_card_md():
    assert (MODELS_DIR / "minilm_static.card.md").is_file()


def test_scrm_eval_identity_templates_cli(capsys):
    from scrm_lib.cli import main

    assert main(["eval", "--model", "vader", "--dataset", "identity-templates"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dataset"] == "identity-templates" and out["n"] == len(identity_sentences())
    groups = out["models"]["vader"]["groups"]
    assert groups["religion"]["class_changes"] == 0.0 and groups["all"]["pairs"] > 10_000


def test_error_groups_use_language_detection_and_stack_datasets():
    from scrm_lib.modeling.analysis import error_analysis_by_dataset, error_groups

    texts = ["I don't like it", "la señal es malísima desde ayer, nadie responde en la tienda", "ok 👍"]
    flags = error_groups(texts)
    assert flags["non_english"].tolist() == [False, True, False]
    assert flags["negation"].tolist() == [True, False, False] and flags["emoji"].tolist() == [False, False, True]
    out = error_analysis_by_dataset({"a": (texts, ["negative", "negative", "positive"],
                                           {"m": ["negative", "neutral", "positive"]}),
                                     "b": (texts[:1], ["negative"], {"m": ["positive"]})})
    assert list(out.columns[:3]) == ["dataset", "group", "n"]
    rows = out.set_index(["dataset", "group"])["error_m"]
    assert rows[("a", "all posts")] == 1 / 3 and rows[("a", "non_english")] == 1.0 and rows[("b", "all posts")] == 1.0
