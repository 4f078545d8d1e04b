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
from scrm_lib.modeling.realdata import TRAIT_REAL_PATH, read_labels

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
