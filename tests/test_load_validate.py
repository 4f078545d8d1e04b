"""Load + validate of large files (issue 14): pandas parses a large CSV in byte pieces in parallel
threads; problems name the right line wherever the row falls, duplicates across pieces are found,
a record whose quoted text spans a piece boundary is read whole, the result equals a one-thread
parse, and the threaded uniqueness check reports exactly what the one-thread path reports."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib import data as io
from scrm_lib.core.errors import DataValidationError
from scrm_lib.data import readers
from scrm_lib.data.schemas import mentions
from scrm_lib.data.schemas._core import RowLocator, all_distinct, blank_mask, blank_to_missing

HEADER = "post_id,created_at,channel,brand,author_id,text,likes\n"
#: Rows of :func:`rows` that make a file of ~7 MB, above the 5 MB from which pandas splits a
#: file into byte pieces parsed in parallel threads.
BIG = 120_000


def rows(n: int, start: int = 0) -> list[str]:
    return [f"p{i:06d},2024-03-01T12:00:{i % 60:02d}Z,X,Acme,u{i % 7},post {i} about an order,{i % 5}\n"
            for i in range(start, start + n)]


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "m.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def error_of(path: Path, threads: int = 2) -> DataValidationError:
    with pytest.raises(DataValidationError) as info, pd.option_context("mode.max_threads", threads):
        io.load_mentions(path)
    return info.value


def load(path: Path, threads: int) -> pd.DataFrame:
    """``load_mentions`` with pandas' parse in ``threads`` threads (1 = one piece, serial)."""
    with pd.option_context("mode.max_threads", threads):
        return io.load_mentions(path)


def test_parallel_parse_equals_serial(tmp_path):
    path = write(tmp_path, rows(BIG))
    assert path.stat().st_size > 6 * 2**20
    parallel = load(path, 2)
    pd.testing.assert_frame_equal(parallel, load(path, 1))
    assert len(parallel) == BIG and parallel["post_id"].iloc[-1] == f"p{BIG - 1:06d}"
    assert str(parallel["likes"].dtype) == "Int64" and str(parallel["created_at"].dtype) == "datetime64[ns, UTC]"


def test_bad_rows_in_the_second_half_name_their_lines(tmp_path):
    lines = rows(BIG)
    lines[BIG - 7] = lines[BIG - 7].replace("2024-03-01T12:00:", "yesterday ", 1)  # data row BIG-6
    lines[90_000] = lines[90_000].replace(",0\n", ",-3\n")  # i % 5 == 0: a negative count
    lines[3] = lines[3].replace(",Acme,", ", ,", 1)  # and one in the first piece
    err = error_of(write(tmp_path, lines))
    by_column = {p.column: p for p in err.problems}
    assert by_column["created_at"].rows == (BIG - 7 + 2,) and "yesterday" in by_column["created_at"].found
    assert by_column["likes"].rows == (90_002,)
    assert by_column["brand"].rows == (5,)
    assert f"line {BIG - 5}" in str(err) and "column 'created_at'" in str(err) and "m.csv" in str(err)


def test_duplicate_across_halves_is_found(tmp_path):
    lines = rows(BIG)
    lines[BIG - 2] = lines[BIG - 2].replace(f"p{BIG - 2:06d}", "p000004", 1)  # the end repeats row 5
    err = error_of(write(tmp_path, lines))
    (dup,) = [p for p in err.problems if p.message.startswith("duplicate post_id")]
    assert dup.column == "post_id" and dup.rows == (6, BIG) and dup.n_rows == 2


@pytest.mark.parametrize("first", [1, BIG // 2])
def test_records_spanning_the_split_points_are_read_whole(tmp_path, monkeypatch, first):
    # Every third record from ``first`` on holds a quoted line break, so a byte split lands inside
    # a quoted text. From record 1: seen in the first megabyte, the file is parsed in one thread.
    # From the middle: pandas tries its parallel pieces, one fails, and it parses the file again
    # in one thread. Either way the records and their line numbers must come out right.
    lines = rows(BIG)
    for i in range(first, BIG, 3):
        lines[i] = lines[i].replace(f"post {i} about an order", f'"post {i}\nabout, an ""order"""')
    lines[BIG - 1] = lines[BIG - 1].replace(",X,", ",,", 1)  # empty channel on the last record
    lines[BIG - 4] = lines[BIG - 4].replace("2024-03-01T12:00:", "soon ", 1)  # checked in the other thread
    path = write(tmp_path, lines)
    assert readers.records_span_lines(path) is (first == 1)
    monkeypatch.setattr(mentions, "spare_core", lambda: True)
    err = error_of(path)
    (empty,) = [p for p in err.problems if p.column == "channel"]
    (stamp,) = [p for p in err.problems if p.column == "created_at"]
    # line of a record: header + records before it + one extra line per multi-line record before it
    assert empty.rows == (1 + BIG + len(range(first, BIG - 1, 3)),)
    assert stamp.rows == (1 + BIG - 3 + len(range(first, BIG - 4, 3)),)
    lines[BIG - 1] = rows(1, BIG - 1)[0]
    lines[BIG - 4] = rows(1, BIG - 4)[0]
    path = write(tmp_path, lines)
    parallel = load(path, 2)
    pd.testing.assert_frame_equal(parallel, load(path, 1))
    assert parallel["text"].iloc[first] == f'post {first}\nabout, an "order"' and len(parallel) == BIG


def test_text_ids_that_look_numeric_stay_verbatim_in_a_large_file(tmp_path):
    lines = [line.replace("p", "00", 1) for line in rows(BIG)]  # post ids 00000000, 00000001, …
    df = load(write(tmp_path, lines), 2)
    assert df["post_id"].iloc[1] == "00000001" and isinstance(df["post_id"].dtype, pd.StringDtype)


# ---------------------------------------------------------------------------------
# The fast column checks agree with the exact ones
# ---------------------------------------------------------------------------------


def _exact_blank(s: pd.Series) -> np.ndarray:
    arrow = s.array._pa_array
    hit = pc.fill_null(pc.or_(pc.equal(pc.binary_length(arrow), 0), pc.utf8_is_space(arrow)), True)
    return np.asarray(hit.to_numpy(zero_copy_only=False), dtype=bool)


TEXTS = st.lists(st.one_of(st.none(), st.text(alphabet=st.sampled_from(
    ["a", "b", "é", " ", "\t", "\n", "\u00a0", "\u3000", "\x1c", "\x00", "1"]), max_size=5)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(values=TEXTS, cut=st.integers(0, 10))
def test_blank_mask_equals_the_exact_check(values, cut):
    s = pd.Series(values, dtype="str").iloc[min(cut, len(values)):]  # a slice: an Arrow offset
    assert blank_mask(s).tolist() == _exact_blank(s).tolist()
    out = blank_to_missing(s, blank_mask(s))
    assert out.isna().tolist() == blank_mask(s).tolist()
    assert out.dropna().tolist() == [v for v, b in zip(s.tolist(), blank_mask(s), strict=True) if not b]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.text(alphabet=st.sampled_from(["a", "b", "\x00", "é", "9"]), max_size=12), max_size=40),
       chunks=st.integers(1, 3))
def test_all_distinct_is_true_only_for_distinct_values(values, chunks):
    size = -(-len(values) // chunks) or 1
    arrow = pa.chunked_array([pa.array(values[i : i + size], type=pa.large_string())
                              for i in range(0, len(values), size)] or [pa.array([], pa.large_string())])
    s = pd.Series(pd.array(arrow, dtype="str"))
    verdict = all_distinct(s)
    assert verdict in (True, None)
    if verdict:
        assert len(set(values)) == len(values)
    if len(set(values)) == len(values) and len(values) > 1 and all(v.isascii() for v in values):
        assert verdict is True  # a distinct ASCII column is proved distinct (no collision in tests)
    expected = pd.Series(values, dtype=object).duplicated(keep=False).to_numpy(dtype=bool)
    assert mentions.duplicate_ids(s).tolist() == expected.tolist()


def test_all_distinct_declines_what_it_cannot_prove():
    assert all_distinct(pd.Series(["a", "b", "a"], dtype="str")) is None  # a real duplicate
    assert all_distinct(pd.Series(["a", None, "c"], dtype="str")) is None  # missing values
    assert all_distinct(pd.Series(["x" * 65, "y"], dtype="str")) is None  # too long to hash
    assert all_distinct(pd.Series(["a", "a\x00"], dtype="str")) is True  # the length is hashed too
    assert all_distinct(pd.Series([1, 2])) is None  # not Arrow strings


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


@pytest.mark.parametrize("threaded", [False, True])
def test_threaded_timestamps_warn_and_report_the_same(monkeypatch, threaded):
    n = 200
    df = pd.DataFrame({
        "post_id": [f"id{i}" for i in range(n)],
        "created_at": ["2024-03-01 12:00:00"] * n,  # naive: taken as UTC, with a warning
        "channel": ["twitter"] * n, "brand": ["Acme"] * n, "author_id": ["u"] * n, "text": ["t"] * n,
        "likes": [1] * n,
    })
    monkeypatch.setattr(mentions, "THREADED_ROWS", 10)
    monkeypatch.setattr(mentions, "spare_core", lambda: threaded)
    with pytest.warns(UserWarning, match="200 naive created_at values"):
        out = mentions.validate_frame(df, source="t.csv")
    assert out.attrs["warnings"] == ["200 naive created_at values (no time zone) taken as UTC"]
    assert str(out["created_at"].dtype) == "datetime64[ns, UTC]" and list(out.columns[:3]) == [
        "post_id", "created_at", "channel"]
    df.loc[[4, 150], "created_at"] = ["", "soon"]
    df.loc[9, "likes"] = -1
    df.loc[199, "post_id"] = "id0"
    probs = _problems(df)
    assert [(p.message.split(" (")[0], p.rows) for p in probs] == [
        ("duplicate post_id", (2, 201)), ("unparseable timestamp", (152,)),
        ("timestamp is empty", (6,)), ("negative count", (11,))]
