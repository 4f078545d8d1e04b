"""Tests of the loaders in :mod:`scrm_lib.data.io`: formats, encodings, mappings, bad input,
and the adapters on the real public data sets (skipped with a reason when absent)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import external_file
from scrm_lib.core.errors import DataValidationError
from scrm_lib.data import io

HEADER = "post_id,created_at,channel,brand,author_id,text,likes"
ROW = "{i},2024-03-01T12:00:00Z,X,Acme,u{i},hello {i},{i}"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(content, str):
        p.write_text(content, encoding="utf-8")
    else:
        p.write_bytes(content)
    return p


def csv_text(n: int = 3, extra: str = "") -> str:
    return HEADER + "\n" + "\n".join(ROW.format(i=i) for i in range(1, n + 1)) + "\n" + extra


def error_of(fn, *args, **kw) -> DataValidationError:
    with pytest.raises(DataValidationError) as info:
        fn(*args, **kw)
    return info.value


# -- happy paths -------------------------------------------------------------------


def test_csv_loads_canonical(tmp_path):
    df = io.load_mentions(write(tmp_path, "m.csv", csv_text()))
    assert len(df) == 3 and df["channel"].unique().tolist() == ["twitter"]
    assert str(df["likes"].dtype) == "Int64"


def test_utf8_bom_and_crlf(tmp_path):
    content = ("\ufeff" + csv_text()).replace("\n", "\r\n").encode("utf-8")
    df = io.load_mentions(write(tmp_path, "m.csv", content))
    assert df.columns[0] == "post_id" and df["text"].iloc[0] == "hello 1"


def test_other_encoding_by_parameter(tmp_path):
    p = write(tmp_path, "m.csv", csv_text().replace("hello 1", "café 1").encode("cp1252"))
    err = error_of(io.load_mentions, p)
    msg = str(err)
    assert "cannot decode byte 0xe9" in msg and "line 2" in msg and "--encoding" in msg
    df = io.load_mentions(p, encoding="cp1252")
    assert df["text"].iloc[0] == "café 1"


def test_utf16_detected_with_hint(tmp_path):
    p = write(tmp_path, "m.csv", csv_text().encode("utf-16"))
    assert "--encoding utf-16" in str(error_of(io.load_mentions, p))
    assert len(io.load_mentions(p, encoding="utf-16")) == 3


def test_ids_keep_leading_zeros_and_literal_na_text(tmp_path):
    text = HEADER + "\n007,2024-03-01T12:00:00Z,x,Acme,0042,NA,\n008,2024-03-01T12:00:00Z,x,Acme,0043,null,1\n"
    df = io.load_mentions(write(tmp_path, "m.csv", text))
    assert df["post_id"].tolist() == ["007", "008"]
    assert df["author_id"].tolist() == ["0042", "0043"]
    assert df["text"].tolist() == ["NA", "null"]
    assert df["likes"].isna().tolist() == [True, False]


def test_html_and_script_text_is_valid_and_unchanged(tmp_path):
    payload = "<script>alert(\"x\")</script><img src=x onerror=alert(1)> &lt;b&gt;"
    content = HEADER + '\n1,2024-03-01T12:00:00Z,x,Acme,u,"' + payload.replace('"', '""') + '",1\n'
    df = io.load_mentions(write(tmp_path, "m.csv", content))
    assert df["text"].iloc[0] == payload


def test_jsonl_and_parquet_and_tsv(tmp_path):
    base = io.load_mentions(write(tmp_path, "m.csv", csv_text()))
    jl = tmp_path / "m.jsonl"
    jl.write_text("\n".join(json.dumps(r) for r in pd.read_csv(tmp_path / "m.csv").to_dict("records")) + "\n")
    pd.testing.assert_frame_equal(io.load_mentions(jl)[base.columns.tolist()], base, check_dtype=False)
    pq = tmp_path / "m.parquet"
    base.to_parquet(pq)
    pd.testing.assert_frame_equal(io.load_mentions(pq), base)
    tsv = write(tmp_path, "m.tsv", csv_text().replace(",", "\t"))
    assert io.load_mentions(tsv)["post_id"].tolist() == ["1", "2", "3"]
    gz = tmp_path / "m.csv.gz"
    base.to_csv(gz, index=False)
    assert len(io.load_mentions(gz)) == 3
    # --format overrides the name
    odd = write(tmp_path, "export.dat", csv_text())
    assert len(io.load_mentions(odd, fmt="csv")) == 3


def test_column_mapping(tmp_path):
    export = (
        "Mention Id;Date;Source;Author;Full Text;Likes;Page Type;Junk\n"
        "m1;01/03/2024 12:00;Twitter;a1;hi;3;Page;x\n"
        "m2;02/03/2024 13:30;Forums;a2;ho;;User;y\n"
    )
    mapping = write(tmp_path, "map.yaml", """
rename:
  Mention Id: post_id
  Date: created_at
  Source: channel
  Author: author_id
  Full Text: text
  Likes: likes
  Page Type: is_brand
constants:
  brand: Acme
values:
  is_brand: {Page: true, User: false}
  channel: {Forums: forum}
drop: [Junk]
timestamp_format: "%d/%m/%Y %H:%M"
timezone: Europe/Berlin
delimiter: ";"
""")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        df = io.load_mentions(write(tmp_path, "export.csv", export), mapping=mapping)
    assert df["post_id"].tolist() == ["m1", "m2"]
    assert df["channel"].tolist() == ["twitter", "forum"]
    assert df["is_brand"].tolist() == [True, False]
    assert df["brand"].tolist() == ["Acme", "Acme"]
    assert df["created_at"].iloc[0] == pd.Timestamp("2024-03-01T11:00:00Z")
    assert "Junk" not in df.columns


def test_bad_mapping_lists_problems(tmp_path):
    mapping = write(tmp_path, "map.yaml", "renames: {a: b}\nconstants: {brand: [1, 2]}\n")
    err = error_of(io.load_mentions, write(tmp_path, "m.csv", csv_text()), mapping=mapping)
    assert err.kind == "column mapping" and len(err.problems) >= 2
    mapping2 = write(tmp_path, "map2.yaml", "rename: {Nope: post_id}\nconstants: {brand: X}\n")
    msg = str(error_of(io.load_mentions, write(tmp_path, "m.csv", csv_text()), mapping=mapping2))
    assert "'Nope'" in msg and "constant for columns the file already has" in msg


# -- every bad-input case of issue 2 -----------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("missing_col.csv", "post_id,created_at,channel,brand,text\n1,2024-01-01T00:00:00Z,x,A,hi\n",
         ["required column is missing: 'author_id'"]),
        ("dup_id.csv", csv_text(2) + ROW.format(i=1) + "\n", ["lines 2, 4", "duplicate post_id"]),
        ("bad_ts.csv", HEADER + "\n1,yesterday,x,A,u,t,1\n2,2024-13-45,x,A,u,t,1\n",
         ["lines 2, 3", "unparseable timestamp", "'yesterday'"]),
        ("neg.csv", HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,t,-3\n", ["line 2", "negative count", "'-3'"]),
        ("nonnum.csv", HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,t,many\n", ["line 2", "not a number", "'many'"]),
        ("empty.csv", b"", ["the file is empty (0 bytes)"]),
        ("blank.csv", "\n\n  \n", ["the file is empty (only blank lines)"]),
        ("header_only.csv", HEADER + "\n", ["header but no data rows"]),
        ("undecodable.csv", (HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,caf\xe9,1\n").encode("latin-1"),
         ["line 2", "cannot decode byte 0xe9", "--encoding"]),
        ("binary.csv", bytes(range(256)) * 20, ["binary file"]),
        ("xlsx.csv", b"PK\x03\x04" + bytes(100), ["ZIP archive", "Excel"]),
        ("dup_cols.csv", "post_id,created_at,channel,brand,author_id,text,text\n1,2024-01-01T00:00:00Z,x,A,u,a,b\n",
         ["duplicate column name", "'text'", "positions 6, 7"]),
        ("nul.csv", HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,a\x00b,1\n", ["line 2", "NUL byte"]),
        ("ragged.csv", HEADER + "\n1,2024-01-01T00:00:00Z,x,A,u,t,1,surplus\n",
         ["line 2", "8 fields but the header has 7"]),
        ("ragged_later.csv", csv_text(3) + "9,2024-01-01T00:00:00Z,x,A,u,t,1,surplus\n",
         ["line 5", "8 fields but the header has 7"]),
        ("quote.csv", HEADER + '\n1,2024-01-01T00:00:00Z,x,A,u,"never closed,1\n2,2024-01-01T00:00:00Z,x,A,u,t,1\n',
         ["line 2", "quoted value is never closed"]),
        ("bad.jsonl", '{"post_id": "1"}\n\n{"post_id": \n[1, 2]\n', ["lines 3, 4", "2 malformed JSON lines", "line 3"]),
        ("one_bad.jsonl", '{"post_id": "1"}\n{"post_id": "2",}\n', ["line 2", "malformed JSON"]),
        ("not.parquet", csv_text(), ["not a readable Parquet file"]),
        ("missing.csv", None, ["file not found"]),
    ],
)
def test_bad_input_clear_errors(tmp_path, name, content, expect):
    p = tmp_path / name if content is None else write(tmp_path, name, content)
    msg = str(error_of(io.load_mentions, p))
    assert msg.startswith(f"{p}: ") or msg.startswith(str(p))
    for fragment in expect:
        assert fragment in msg, msg


def test_line_numbers_count_multiline_records(tmp_path):
    content = HEADER + '\n1,2024-01-01T00:00:00Z,x,A,u,"two\nlines",1\n2,2024-01-01T00:00:00Z,x,A,u,t,-1\n'
    err = error_of(io.load_mentions, write(tmp_path, "m.csv", content))
    assert err.problems[0].rows == (4,)  # header 1, record 1 spans lines 2-3


def test_many_errors_are_counted_and_truncated(tmp_path):
    rows = "\n".join(f"{i},2024-01-01T00:00:00Z,x,A,u,t,-{i}" for i in range(1, 101))
    err = error_of(io.load_mentions, write(tmp_path, "m.csv", HEADER + "\n" + rows + "\n"))
    p = err.problems[0]
    assert p.n_rows == 100 and p.rows == (2, 3, 4, 5, 6)
    assert "and 95 more" in p.format() and "[100 rows in all]" in p.format()


def test_survey_and_usecase_loaders(tmp_path):
    s = write(tmp_path, "s.csv", "group,item,n,pct,source\nconsumer,discounts,1056,61,IBM\nexecutive,discounts,331,30,synthetic\n")
    assert io.load_survey(s).attrs["form"] == "aggregated"
    bad = write(tmp_path, "s2.csv", "group,item,n,k,source\nconsumer,discounts,10,11,x\n")
    assert "line 2" in str(error_of(io.load_survey, bad))
    u = write(tmp_path, "u.csv", "id,name,category,market_demand,tech_maturity,source\n"
              "F1,Social Customer Insights,foundation,4.5,4.0,Altimeter 2010\n")
    assert io.load_usecases(u)["id"].tolist() == ["F1"]


# -- adapters on the real files ----------------------------------------------------


@pytest.mark.external
def test_airline_tweets_adapter():
    df = io.load_airline_tweets(external_file("twitter-us-airline-sentiment/Tweets.csv"))
    assert len(df) == 14_485 and df.attrs["duplicates_dropped"] == 155  # per the data README
    assert df["post_id"].is_unique and df["post_id"].str.len().eq(18).all()
    assert set(df["brand"]) == {"Virgin America", "United", "Southwest", "Delta", "US Airways", "American"}
    assert set(df["sentiment"]) == {"negative", "neutral", "positive"}
    assert {"negativereason", "airline_sentiment_confidence", "tweet_location"} <= set(df.columns)
    assert df["created_at"].min() == pd.Timestamp("2015-02-17 07:36:05Z")  # 23:36:05 -0800
    assert (df["channel"] == "twitter").all() and not df["is_brand"].any()


@pytest.mark.external
def test_twcs_adapter_resolves_threads():
    df = io.load_twcs(external_file("customer-support-on-twitter/twcs_first5000.csv"))
    assert len(df) == 5_000  # the bare CRs inside 2 texts do not split records
    assert int((~df["is_brand"]).sum()) == 2_778 and int(df["is_brand"].sum()) == 2_222
    assert df.attrs["brand_unknown"] == 0
    first = df.set_index("post_id")
    assert first.loc["1", "author_id"] == "sprintcare" and first.loc["1", "in_reply_to"] == "3"
    assert first.loc["2", "brand"] == "sprintcare"  # a customer tweet in sprintcare's thread
    # brand tweets are about themselves
    brand_rows = df[df["is_brand"]]
    assert (brand_rows["brand"] == brand_rows["author_id"]).mean() > 0.99
    assert df["author_id"][df["is_brand"]].nunique() == 76
    # The file holds two bare CRs (both in tweet 3399, though its README says "2 text
    # values"); LF-only splitting keeps that tweet whole.
    assert df["text"].str.count("\r").sum() == 2
    assert first.loc["3399", "text"].startswith("@AskPayPal \r\rI just love")


@pytest.mark.external
def test_twcs_adapter_customer_only_file_uses_mentions():
    df = io.load_twcs(external_file("customer-support-on-twitter/spotifycares_support_requests.csv"))
    assert len(df) == 15_096 and not df["is_brand"].any()
    assert (df["brand"].str.lower() == "spotifycares").mean() > 0.99


@pytest.mark.external
def test_tweeteval_adapter():
    folder = external_file("tweeteval-sentiment")
    val = io.load_tweeteval(folder, "val")
    assert len(val) == 2_000 and val["label"].value_counts().to_dict() == {
        "neutral": 869, "positive": 819, "negative": 312}
    assert val["text"].iloc[0] == (
        "Dark Souls 3 April Launch Date Confirmed With New Trailer: Embrace the darkness.")
    test = io.load_tweeteval(folder, "test")
    assert len(test) == 12_284
    with pytest.raises(DataValidationError, match="use load_semeval"):
        io.load_tweeteval(folder, "train")


@pytest.mark.external
def test_semeval_adapter_counts_match_readme():
    folder = external_file("semeval2017-task4a-english")
    test16 = io.load_semeval(folder, files=["twitter-2016test-A.txt"], dedupe=False)
    assert len(test16) == 20_632  # one record has a line break inside its quoted text
    assert test16["label"].value_counts().to_dict() == {"neutral": 10_342, "positive": 7_059, "negative": 3_231}
    pool = io.load_semeval(folder)
    assert len(pool) == 45_997 and pool["tweet_id"].is_unique
    t17 = io.load_semeval(folder, files=["SemEval2017-task4-test.subtask-A.english.txt"])
    assert len(t17) == 12_284


@pytest.mark.external
def test_example_mapping_on_airline_tweets_reports_the_repeated_ids(project_root):
    err = error_of(io.load_mentions, external_file("twitter-us-airline-sentiment/Tweets.csv"),
                   mapping=project_root / "docs/examples/mapping-airline-tweets.yaml")
    (problem,) = err.problems
    assert problem.column == "post_id" and problem.n_rows == 310
    assert "155 values repeated" in problem.message
    assert problem.rows[0] == 12062  # exact file line despite 138 multi-line texts before it


def test_other_delimiter_is_explained(tmp_path):
    p = write(tmp_path, "m.csv", csv_text().replace(",", ";"))
    msg = str(error_of(io.load_mentions, p))
    assert "semicolon-separated" in msg and 'delimiter: ";"' in msg


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    texts=st.lists(st.text(alphabet="ab ,\"\n<>", max_size=12), min_size=1, max_size=30),
    data=st.data(),
)
def test_property_reported_line_is_the_offending_record(tmp_path, texts, data):
    """Whatever multi-line, quoted texts come before it, a bad count is reported at the
    first file line of its record (header = line 1)."""
    bad = data.draw(st.integers(0, len(texts) - 1))
    df = pd.DataFrame({
        "post_id": [f"p{i}" for i in range(len(texts))],
        "created_at": "2024-03-01T12:00:00Z", "channel": "x", "brand": "A", "author_id": "u",
        "text": texts, "likes": ["-1" if i == bad else "1" for i in range(len(texts))],
    })
    p = tmp_path / f"prop{bad}_{len(texts)}.csv"
    df.to_csv(p, index=False)
    raw = p.read_text(encoding="utf-8")
    expected_line = 2 + sum(t.count("\n") + 1 for t in texts[:bad])
    err = error_of(io.load_mentions, p)
    (problem,) = [q for q in err.problems if q.column == "likes"]
    assert problem.rows == (expected_line,), raw
