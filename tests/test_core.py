"""Tests of the small core modules: config, errors, nbtools, nltk_data, the VADER baseline."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from scrm_lib.core import config
from scrm_lib.core.errors import DataValidationError, ParamsError, Problem
from scrm_lib.modeling import VaderSentiment
from scrm_lib.reports import nbtools
from scrm_lib.text.nltk_data import VADER_RESOURCE, build_nltk_data


def test_resolve_path_is_from_project_root_not_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert config.resolve_path("data/samples") == config.PROJECT_ROOT / "data" / "samples"
    assert config.resolve_path(tmp_path) == tmp_path
    assert config.resolve_path("{external}/x.csv") == config.EXTERNAL_DATA_DIR / "x.csv"


def test_relative_to_root() -> None:
    assert config.relative_to_root(config.PROJECT_ROOT / "params" / "a.yaml") == "params/a.yaml"
    assert config.relative_to_root("/tmp/elsewhere.csv") == "/tmp/elsewhere.csv"


def test_problem_format_names_rows_column_found_expected() -> None:
    p = Problem("negative count", column="likes", rows=(3, 5, 9, 10, 11, 12), n_rows=40, found="-1", expected="an integer >= 0")
    text = p.format()
    assert text.startswith("lines 3, 5, 9, 10, 11 and 35 more, column 'likes': negative count")
    assert "found -1" in text and "expected an integer >= 0" in text and "[40 rows in all]" in text
    assert Problem("x", rows=(2,), n_rows=1).format() == "line 2: x"


def test_data_validation_error_lists_every_problem() -> None:
    err = DataValidationError("data/a.csv", "mentions", [Problem("a"), Problem("b", column="c")])
    assert str(err).splitlines() == [
        "data/a.csv: not a valid mentions file (2 problems):",
        "  - a",
        "  - column 'c': b",
    ]
    assert "1 problem)" in str(ParamsError("p.yaml", ["x: unknown parameter"]))


def test_md_text_escapes_values() -> None:
    out = nbtools.md_text("Brand {b} said {t}", b="A&B", t="<script>alert(1)</script>")
    assert "<script>" not in out and "&lt;script&gt;" in out and "A&amp;B" in out


def test_headless_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(nbtools.HEADLESS_ENV, "1")
    assert nbtools.is_headless() and not nbtools.widgets_enabled()
    monkeypatch.setenv(nbtools.HEADLESS_ENV, "0")
    assert not nbtools.is_headless()


def test_nltk_data_builds_offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # No network is touched: the lexicon comes from the installed vaderSentiment wheel.
    monkeypatch.setenv("no_proxy", "*")
    folder = build_nltk_data(tmp_path)
    zpath = folder / "sentiment" / "vader_lexicon.zip"
    with zipfile.ZipFile(zpath) as zf:
        lines = zf.read("vader_lexicon/vader_lexicon.txt").decode("utf-8").splitlines()
    assert len(lines) > 7000 and lines[0].split("\t")[0]
    mtime = os.stat(zpath).st_mtime_ns
    build_nltk_data(tmp_path)  # idempotent: untouched when up to date
    assert os.stat(zpath).st_mtime_ns == mtime
    import nltk

    nltk.data.path.insert(0, str(folder))
    try:
        assert nltk.data.find(VADER_RESOURCE)
    finally:
        nltk.data.path.remove(str(folder))


def test_vader_estimator_conventions_and_labels() -> None:
    v = VaderSentiment()
    c = clone(v)
    assert c.get_params() == {"pos_threshold": 0.05, "neg_threshold": -0.05, "handle_emoji": True}
    c.fit(["a"], ["neutral"])
    assert c.classes_.tolist() == ["negative", "neutral", "positive"]
    pred = c.predict(["I love this, best service ever!", "Worst airline. Lost my bag again.", "The flight leaves at 5."])
    assert pred.tolist() == ["positive", "negative", "neutral"]
    proba = c.predict_proba(["great", "", "awful"])
    assert proba.shape == (3, 3) and np.allclose(proba.sum(axis=1), 1)


def test_vader_thresholds_and_emoji() -> None:
    text = ["ok 😍"]
    assert VaderSentiment().predict(text)[0] == "positive"  # emoji described, then scored
    assert VaderSentiment(handle_emoji=False).compound(text)[0] == pytest.approx(VaderSentiment().compound(["ok"])[0])
    strict = VaderSentiment(pos_threshold=0.99, neg_threshold=-0.99)
    assert strict.predict(["good"])[0] == "neutral"
    with pytest.raises(ValueError):
        VaderSentiment(pos_threshold=-0.5, neg_threshold=0.5).fit([])
