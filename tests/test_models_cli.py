"""scrm score / eval / train: clear errors, exit status 2, no traceback; outputs as documented."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from scrm_lib.cli import main
from scrm_lib.core.config import SAMPLES_DIR


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture()
def small_mentions(tmp_path):
    df = pd.read_csv(SAMPLES_DIR / "mentions.csv", dtype=str, keep_default_na=False).head(120)
    path = tmp_path / "m.csv"
    df.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_score_writes_the_four_columns_in_chunks(capsys, small_mentions, tmp_path, suffix):
    out = tmp_path / f"scored{suffix}"
    status, stdout, err = _run(capsys, "score", str(small_mentions), "--model", "fast", "--out", str(out),
                               "--chunk-rows", "50", "--no-progress")
    assert status == 0, err
    assert "120 posts scored" in stdout
    df = {".csv": pd.read_csv, ".jsonl": lambda p: pd.read_json(p, lines=True), ".parquet": pd.read_parquet}[suffix](out)
    assert len(df) == 120 and df["post_id"].is_unique
    assert {"sentiment", "sentiment_score", "trait", "trait_confidence"} <= set(df.columns)
    assert df["sentiment_score"].between(-1, 1).all() and df["trait_confidence"].between(0, 1).all()


def test_score_missing_file_fails_clearly(capsys, tmp_path):
    status, _, err = _run(capsys, "score", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.csv"))
    assert status == 2 and "file not found" in err and "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


def test_score_bad_rows_name_line_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("post_id,created_at,channel,brand,author_id,text\n"
                   "p1,2026-01-01T00:00:00Z,twitter,Acme,u1,fine\n"
                   "p2,not a date,twitter,Acme,u2,broken date\n", encoding="utf-8")
    status, _, err = _run(capsys, "score", str(bad), "--model", "vader", "--out", str(tmp_path / "o.csv"))
    assert status == 2 and "Traceback" not in err
    assert "line 3" in err and "created_at" in err
    assert not (tmp_path / "o.csv").exists()  # nothing half-written


def test_score_missing_text_column_and_binary_input(capsys, tmp_path):
    nocol = tmp_path / "nocol.csv"
    nocol.write_text("post_id,created_at,channel,brand,author_id\np1,2026-01-01T00:00:00Z,twitter,Acme,u1\n",
                     encoding="utf-8")
    status, _, err = _run(capsys, "score", str(nocol), "--model", "vader", "--out", str(tmp_path / "o.csv"))
    assert status == 2 and "text" in err and "Traceback" not in err
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    status, _, err = _run(capsys, "score", str(binary), "--model", "vader", "--out", str(tmp_path / "o.csv"))
    assert status == 2 and "ZIP" in err


def test_score_unknown_model_fails_clearly(capsys, small_mentions, tmp_path):
    status, _, err = _run(capsys, "score", str(small_mentions), "--model", "gpt9", "--out", str(tmp_path / "o.csv"))
    assert status == 2 and "unknown model" in err and "Traceback" not in err


def test_eval_trait_test_prints_json_beside_vader(capsys):
    status, out, _ = _run(capsys, "eval", "--model", "trait", "--dataset", "trait-test")
    assert status == 0
    res = json.loads(out)
    assert res["dataset"] == "trait-test" and res["n"] == 735
    trait, vader = res["models"]["trait"], res["models"]["vader"]
    assert trait["labels_from"] == "trait" and vader["labels_from"] == "sentiment"
    for rep in (trait, vader):
        assert {"macro_recall", "macro_f1", "accuracy", "per_class", "confusion", "n"} <= set(rep)
        assert sum(map(sum, rep["confusion"])) == rep["n"] == 735
    assert trait["macro_f1"] >= 0.75


def test_eval_external_dataset_missing_is_a_clear_error(capsys, tmp_path):
    status, _, err = _run(capsys, "eval", "--model", "fast", "--dataset", "tweeteval", "--external", str(tmp_path))
    assert status == 2 and "not found" in err and "Traceback" not in err


@pytest.mark.external
def test_eval_tweeteval_reproduces_the_model_card(capsys, external_dir):
    from scrm_lib.modeling.persist import read_card
    from scrm_lib.modeling.train import model_path

    status, out, _ = _run(capsys, "eval", "--model", "fast", "--dataset", "tweeteval")
    assert status == 0
    res = json.loads(out)
    card = read_card(model_path("fast"))
    assert res["models"]["fast"]["macro_recall"] == pytest.approx(card["metrics"]["tweeteval"]["macro_recall"], abs=1e-9)
    assert 0.5 < res["models"]["vader"]["macro_recall"] < res["models"]["fast"]["macro_recall"]
