"""The committed models in ``models/`` load and predict as they did when the fixture was made.

``tests/data/model_predictions.csv`` holds, for the ``fast``, ``accurate`` and ``trait`` artifacts,
the label and class probabilities (5 decimals) of a fixed set of posts (every 12th post of
``data/samples/labeled_posts_test.csv`` plus edge cases: empty text, emoji, negation, a URL and
handle, non-English). It was computed before the modeling modules were restructured (issue 14), so
a moved class or a changed feature pipeline that alters any prediction fails here.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scrm_lib.core.config import MODELS_DIR
from scrm_lib.modeling.persist import load_model_file

FIXTURE = Path(__file__).parent / "data" / "model_predictions.csv"


@pytest.mark.parametrize("name", ["fast", "accurate", "trait"])
def test_committed_model_predicts_as_before(name: str) -> None:
    want = pd.read_csv(FIXTURE, keep_default_na=False)
    want = want[want["model"] == name]
    assert len(want) > 60
    model = load_model_file(MODELS_DIR / f"{name}.skops")
    texts = want["text"].tolist()
    assert model.predict(texts).tolist() == want["label"].tolist()
    proba = np.array([[float(x) for x in p.split()] for p in want["proba"]])
    np.testing.assert_allclose(model.predict_proba(texts), proba, atol=2e-5)
