"""The labelling draws of the real trait corpus (``scripts/make_label_pool.py``, issue 11): the
committed ``random2`` labels are exactly the documented seeded draw, labelled in pool order."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pandas as pd

from scrm_lib.core.config import PROJECT_ROOT
from scrm_lib.modeling.realdata import TRAIT_REAL_PATH, read_labels

SCRIPT = PROJECT_ROOT / "scripts" / "make_label_pool.py"


def _pool_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_label_pool", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_random2_is_new_posts_only() -> None:
    lab = read_labels(TRAIT_REAL_PATH)
    new = lab[lab["stratum"] == "random2"]
    old = lab[lab["stratum"] != "random2"]
    assert len(new) >= 800
    assert set(old["stratum"]) <= set(_pool_script().EARLIER_STRATA)
    assert not new["text_sha256"].duplicated().any()
    assert not new["text_sha256"].isin(old["text_sha256"]).any()


def test_random2_labels_are_a_prefix_of_the_seeded_draw(external_dir: Path) -> None:
    script = _pool_script()
    lab = read_labels(TRAIT_REAL_PATH)
    pool = script.draw_round("random2", lab, external_dir)
    again = script.draw_round("random2", lab, external_dir)
    pd.testing.assert_frame_equal(pool, again)
    plan = {s: sum(n for _, n in parts) for s, parts in script.RANDOM2_PLAN.items()}
    counts = pool["dataset"].value_counts().to_dict()
    assert set(counts) == set(plan) and all(counts[s] <= plan[s] for s in plan)
    new = lab[lab["stratum"] == "random2"]
    head = pool.head(len(new))
    assert set(zip(new["dataset"], new["source_id"], strict=True)) == set(
        zip(head["dataset"], head["source_id"], strict=True))
    assert set(new["text_sha256"]) == set(head["text_sha256"])
