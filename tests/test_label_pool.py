"""The labelling draws of the real trait corpus (``scripts/make_label_pool.py``, issue 11): the
committed labels of the later uniform rounds (``random2``, ``random3``, ``random4``) are exactly the
documented seeded draws, labelled in pool order, and share no post or text with earlier rounds."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from scrm_lib.core.config import PROJECT_ROOT
from scrm_lib.modeling.realdata import TRAIT_REAL_PASS2_PATH, TRAIT_REAL_PATH, read_labels

SCRIPT = PROJECT_ROOT / "scripts" / "make_label_pool.py"
ROUNDS = ("random2", "random3", "random4")


def _pool_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_label_pool", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_later_rounds_are_new_posts_only() -> None:
    script = _pool_script()
    assert set(script.RANDOM_ROUNDS) == set(ROUNDS)
    lab = read_labels(TRAIT_REAL_PATH)
    assert set(lab["stratum"]) <= {*script.EARLIER_STRATA, *ROUNDS}
    assert (lab["stratum"].isin(ROUNDS)).sum() >= 800
    for name in ROUNDS:
        new = lab[lab["stratum"] == name]
        old = lab[lab["stratum"].isin(script.RANDOM_ROUNDS[name][2])]
        assert not new["text_sha256"].duplicated().any()
        assert not new["text_sha256"].isin(old["text_sha256"]).any()


@pytest.mark.parametrize("name", ROUNDS)
def test_round_labels_are_a_prefix_of_the_seeded_draw(name: str, external_dir: Path) -> None:
    script = _pool_script()
    lab = read_labels(TRAIT_REAL_PATH)
    pool = script.draw_round(name, lab, external_dir)
    pd.testing.assert_frame_equal(pool, script.draw_round(name, lab, external_dir))
    plan = {s: sum(n for _, n in parts) for s, parts in script.RANDOM_ROUNDS[name][1].items()}
    counts = pool["dataset"].value_counts().to_dict()
    assert set(counts) == set(plan) and all(counts[s] <= plan[s] for s in plan)
    new = lab[lab["stratum"] == name]
    head = pool.head(len(new))
    assert set(zip(new["dataset"], new["source_id"], strict=True)) == set(
        zip(head["dataset"], head["source_id"], strict=True))
    assert set(new["text_sha256"]) == set(head["text_sha256"])


def test_cross_check_is_the_seeded_sample_of_first_round_posts(external_dir: Path) -> None:
    script = _pool_script()
    lab = read_labels(TRAIT_REAL_PATH)
    pass2 = read_labels(TRAIT_REAL_PASS2_PATH)
    check = read_labels(script.CROSS_CHECK_PATH)
    pool = script.draw_cross_check(lab, pass2, external_dir)
    assert check["source_id"].tolist() == pool["source_id"].tolist()
    first = lab[lab["stratum"] == "random"].set_index(["dataset", "source_id"])
    key = check.set_index(["dataset", "source_id"]).index
    assert key.isin(first.index).all()
    assert not key.isin(pass2.set_index(["dataset", "source_id"]).index).any()
    assert (first.loc[key, "text_sha256"].to_numpy() == check["text_sha256"].to_numpy()).all()


def test_store_cross_check_rejects_unknown_ids_and_labels() -> None:
    script = _pool_script()
    pool = pd.DataFrame({"dataset": ["twcs", "airline"], "source_id": ["1", "2"], "text_sha256": ["a" * 64] * 2,
                         "stratum": ["random"] * 2, "text": ["x", "y"]})
    ok = pd.DataFrame({"source_id": ["2", "1"], "trait": ["None", "venting"], "sentiment": ["neutral", "negative"],
                       "notes": ["", ""]})
    out = script.store_cross_check(pool, ok)
    assert out["source_id"].tolist() == ["1", "2"] and out["trait"].tolist() == ["venting", "none"]
    for bad in (ok.assign(source_id=["2", "9"]), ok.assign(trait=["none", "angry"]), ok.assign(source_id=["1", "1"])):
        with pytest.raises(ValueError, match="cross-check row"):
            script.store_cross_check(pool, bad)
