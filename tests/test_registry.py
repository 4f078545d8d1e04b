"""The format registry (:mod:`scrm_lib.data.registry`), the readers' shared paths (whole, chunked,
many files), ``scrm formats`` and the renamed parameters of issue 14 (old names warn and still work)."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from conftest import external_file
from scrm_lib.cli import main
from scrm_lib.core.errors import DataValidationError, ParamsError
from scrm_lib.data import registry
from scrm_lib.data.readers import iter_table_chunks, read_frames, read_table
from scrm_lib.params import load_params, validate_params

CSV = "post_id,created_at,channel,brand,author_id,text,likes\n" + "".join(
    f"{i:03d},2024-03-01T12:00:0{i % 10}Z,X,Acme,u{i},hello {i},{i}\n" for i in range(1, 8))


def test_every_adapter_module_registers_one_adapter() -> None:
    package = Path(registry.__file__).parent / "adapters"
    modules = sorted(p.stem for p in package.glob("*.py") if not p.stem.startswith("_"))
    by_module = {a.module.rsplit(".", 1)[-1] for a in registry.adapters()}
    assert by_module == set(modules)
    assert {"canonical", "airline", "twcs", "tweeteval", "semeval", "survey", "usecases"} <= {
        a.name for a in registry.adapters()}
    for a in registry.adapters():
        assert a.kind in registry.KINDS and a.description and a.columns and callable(a.reader)


def test_mentions_formats_and_aliases() -> None:
    assert registry.format_names("mentions")[0] == "canonical"
    assert set(registry.format_names("mentions")) >= {"canonical", "airline", "twcs"}
    assert "tweeteval" not in registry.format_names("mentions")
    with pytest.warns(FutureWarning, match="'airline_tweets' is deprecated: use 'airline'"):
        assert registry.get_adapter("airline_tweets").name == "airline"
    with pytest.raises(ValueError, match="unknown format 'excel'.*canonical"):
        registry.get_adapter("excel")
    with pytest.raises(ValueError, match="unknown format 'semeval'"):
        registry.check_format("semeval", "mentions")


def test_register_refuses_a_taken_name() -> None:
    airline = registry.get_adapter("airline")
    with pytest.raises(ValueError, match="taken by adapter 'airline'"):
        registry.register(registry.Adapter(name="planes", kind="mentions", description="x", reader=airline.reader,
                                           columns=("text",), aliases=("airline",)))
    with pytest.raises(ValueError, match="kind must be one of"):
        registry.register(registry.Adapter(name="planes", kind="tweets", description="x", reader=airline.reader,
                                           columns=("text",)))
    assert "planes" not in registry.format_names()


def test_adapter_read_refuses_options_it_does_not_take(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="does not take mapping"):
        registry.get_adapter("twcs").read(tmp_path / "x.csv", mapping="m.yaml")


def test_chunked_and_whole_reads_agree(tmp_path: Path) -> None:
    p = tmp_path / "m.csv"
    p.write_text(CSV, encoding="utf-8")
    whole, locator = read_table(p, "mentions", string_columns=("post_id", "text"))
    assert whole["post_id"].tolist()[:2] == ["001", "002"] and list(locator([0])) == [2]
    chunks = list(iter_table_chunks(p, "mentions", 3, string_columns=("post_id", "text")))
    assert [len(c) for c, _ in chunks] == [3, 3, 1]
    assert [int(loc([0])[0]) for _, loc in chunks] == [2, 5, 8]
    pd.testing.assert_frame_equal(pd.concat([c for c, _ in chunks], ignore_index=True), whole)


def test_read_frames_reads_a_glob_in_name_order(tmp_path: Path) -> None:
    for name in ("b.csv", "a.csv"):
        (tmp_path / name).write_text(CSV, encoding="utf-8")
    df = read_frames(str(tmp_path / "*.csv"), string_columns=("post_id",))
    assert len(df) == 14 and [s["path"].rsplit("/", 1)[-1] for s in df.attrs["sources"]] == ["a.csv", "b.csv"]
    parquet = tmp_path / "m.parquet"
    df.to_parquet(parquet)
    assert len(read_frames([parquet], "parquet")) == 14
    with pytest.raises(DataValidationError, match="no file matches"):
        read_frames(str(tmp_path / "*.jsonl"))


def test_scrm_formats_lists_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["formats", "--kind", "mentions"]) == 0
    out = capsys.readouterr().out
    assert "canonical" in out and "twcs" in out and "old name: airline_tweets" in out and "semeval" not in out


def test_validate_with_a_data_set_format(capsys: pytest.CaptureFixture[str]) -> None:
    path = external_file("twitter-us-airline-sentiment/Tweets.csv")
    assert main(["validate", "mentions", str(path), "--format", "airline"]) == 0
    assert "valid mentions file" in capsys.readouterr().out


@pytest.mark.parametrize(("stem", "old", "new", "value"), [
    ("01_listening_analysis", "data_format", "mentions_format", "twcs"),
    ("01_listening_analysis", "sentiment_source", "sentiment_model", "vader"),
    ("07_social_media_audit", "pseudonymise", "privacy_mode", True),
    ("07_social_media_audit", "pseudonym_salt", "privacy_salt", "s3cret"),
])
def test_old_parameter_names_warn_and_still_work(stem: str, old: str, new: str, value: object) -> None:
    salt = {"privacy_salt": "s"} if old == "pseudonymise" else {}
    with pytest.warns(FutureWarning, match=f"'{old}' is deprecated; use '{new}'"):
        p = validate_params(stem, {old: value, **salt}, "test")
    assert getattr(p, new) == value and old not in p.to_papermill()
    with pytest.raises(ParamsError, match="keep only"):
        validate_params(stem, {old: value, new: value}, "test")


def test_old_format_value_is_the_new_one() -> None:
    with pytest.warns(FutureWarning, match="airline_tweets"):
        p = validate_params("07_social_media_audit", {"mentions_format": "airline_tweets"}, "test")
    assert p.mentions_format == "airline"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert load_params("06_advocate_program").mentions_format == "canonical"
