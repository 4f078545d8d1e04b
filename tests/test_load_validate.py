"""Load + validate of files larger than one parse chunk (issue 14): problems name the right line
wherever the row falls, duplicates across parse chunks are found, and the threaded uniqueness
check reports exactly what the one-thread path reports, in the same order."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scrm_lib import data as io
from scrm_lib.core.errors import DataValidationError
from scrm_lib.data import readers
from scrm_lib.data.schemas import mentions
from scrm_lib.data.schemas._core import RowLocator

HEADER = "post_id,created_at,channel,brand,author_id,text,likes\n"


def rows(n: int, start: int = 0) -> list[str]:
    return [f"p{i:05d},2024-03-01T12:00:{i % 60:02d}Z,X,Acme,u{i % 7},post {i},{i % 5}\n"
            for i in range(start, start + n)]


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def error_of(path: Path) -> DataValidationError:
    with pytest.raises(DataValidationError) as info:
        io.load_mentions(path)
    return info.value


@pytest.fixture
def small_chunks(monkeypatch):
    """Parse in chunks of 10 rows, so a 35-row file spans four chunks."""
    monkeypatch.setattr(readers, "CSV_CHUNK_ROWS", 10)


def test_bad_row_in_a_later_chunk_names_its_line(tmp_path, small_chunks):
    lines = rows(35)
    lines[23] = lines[23].replace("2024-03-01T12:00:23Z", "yesterday")  # data row 24 = line 25
    lines[33] = lines[33].replace(",3\n", ",-3\n")  # a negative count on line 35
    err = error_of(write(tmp_path, lines))
    by_column = {p.column: p for p in err.problems}
    assert by_column["created_at"].rows == (25,) and "yesterday" in by_column["created_at"].found
    assert by_column["likes"].rows == (35,)
    assert "m.csv" in str(err) and "line 25" in str(err) and "column 'created_at'" in str(err)


def test_duplicate_across_chunks_is_found(tmp_path, small_chunks):
    lines = rows(35)
    lines[32] = lines[32].replace("p00032", "p00004", 1)  # chunk 4 repeats an id of chunk 1
    err = error_of(write(tmp_path, lines))
    (dup,) = [p for p in err.problems if p.message.startswith("duplicate post_id")]
    assert dup.column == "post_id" and dup.rows == (6, 34) and dup.n_rows == 2


def test_chunked_read_equals_one_chunk(tmp_path, monkeypatch):
    path = write(tmp_path, rows(35))
    whole = io.load_mentions(path)
    monkeypatch.setattr(readers, "CSV_CHUNK_ROWS", 10)
    pd.testing.assert_frame_equal(io.load_mentions(path), whole)


def _problems(df: pd.DataFrame) -> list:
    with pytest.raises(DataValidationError) as info:
        mentions.validate_frame(df, source="t.csv", locator=RowLocator(offset=2))
    return list(info.value.problems)


@pytest.mark.parametrize("threaded", [False, True])
def test_threaded_uniqueness_reports_the_same(monkeypatch, threaded):
    n = 200
    df = pd.DataFrame({
        "post_id": [f"id{i}" for i in range(n)],
        "created_at": ["2024-03-01T12:00:00Z"] * n,
        "channel": ["twitter"] * n,
        "brand": ["Acme"] * n,
        "author_id": ["u"] * n,
        "text": ["t"] * n,
    })
    df.loc[150, "post_id"] = "id3"
    df.loc[7, "post_id"] = " "
    df.loc[9, "created_at"] = "not a time"
    monkeypatch.setattr(mentions, "THREADED_ROWS", 10)
    monkeypatch.setattr(mentions, "spare_core", lambda: threaded)
    probs = _problems(df)
    assert [p.message.split(" (")[0] for p in probs] == [
        "post_id is empty", "duplicate post_id", "unparseable timestamp"]
    assert probs[1].rows == (5, 152)


def test_spare_core_is_a_bool():
    assert isinstance(mentions.spare_core(), bool)
