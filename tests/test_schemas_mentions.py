"""Unit and property tests of the canonical mentions schema."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrm_lib.core.errors import DataValidationError
from scrm_lib.data.schemas import mentions
from scrm_lib.data.schemas._core import RowLocator


def frame(**overrides) -> pd.DataFrame:
    """A valid three-row mentions frame; keyword arguments replace columns."""
    data = {
        "post_id": ["a1", "a2", "a3"],
        "created_at": ["2024-03-01T12:00:00Z", "2024-03-01T13:00:00+01:00", "2024-03-02T00:00:00Z"],
        "channel": ["twitter", "facebook", "instagram"],
        "brand": ["Acme", "Acme", "Globex"],
        "author_id": ["u1", "u2", "u3"],
        "text": ["love it", "", "meh"],
    }
    data.update(overrides)
    return pd.DataFrame(data)


def problems(df: pd.DataFrame, **kw) -> list:
    with pytest.raises(DataValidationError) as info:
        mentions.validate_frame(df, source="t.csv", **kw)
    return list(info.value.problems)


def test_valid_frame_is_canonical():
    out = mentions.validate_frame(frame())
    assert list(out.columns[:6]) == list(mentions.REQUIRED)
    assert str(out["created_at"].dtype) == "datetime64[ns, UTC]"
    # +01:00 is converted to UTC
    assert out["created_at"].iloc[1] == pd.Timestamp("2024-03-01T12:00:00Z")
    assert out["is_brand"].dtype == bool and not out["is_brand"].any()
    assert out["text"].iloc[1] == ""
    assert out.attrs["unknown_channels"] == []


def test_text_never_nan_and_html_kept_verbatim():
    html = "<script>alert('x')</script><b>bold</b> &amp;"
    out = mentions.validate_frame(frame(text=[html, None, np.nan]))
    assert out["text"].tolist() == [html, "", ""]
    assert not out["text"].isna().any()


def test_naive_timestamps_warn_with_count():
    df = frame(created_at=["2024-03-01 12:00", "2024-03-01T12:00:00Z", "2024-03-02"])
    with pytest.warns(UserWarning, match="2 naive created_at values"):
        out = mentions.validate_frame(df)
    assert out["created_at"].iloc[0] == pd.Timestamp("2024-03-01T12:00:00Z")
    assert out.attrs["warnings"] == ["2 naive created_at values (no time zone) taken as UTC"]


def test_all_naive_fast_path_warns_and_timezone_option_localises():
    df = frame(created_at=["2024-03-01T12:00:00", "2024-03-01T13:00:00", "2024-07-01T12:00:00"])
    with pytest.warns(UserWarning, match="3 naive"):
        mentions.validate_frame(df)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = mentions.validate_frame(df, timezone="Europe/Berlin")
    assert out["created_at"].iloc[0] == pd.Timestamp("2024-03-01T11:00:00Z")  # CET
    assert out["created_at"].iloc[2] == pd.Timestamp("2024-07-01T10:00:00Z")  # CEST


def test_twitter_style_and_explicit_format():
    df = frame(created_at=["Tue Oct 31 22:10:47 +0000 2017"] * 3)
    out = mentions.validate_frame(df, timestamp_format="%a %b %d %H:%M:%S %z %Y")
    assert out["created_at"].iloc[0] == pd.Timestamp("2017-10-31T22:10:47Z")
    out2 = mentions.validate_frame(df)  # guessed row by row, same result
    assert out2["created_at"].equals(out["created_at"])


def test_unix_timestamps_need_the_format():
    df = frame(created_at=[1709294400, 1709298000, 1709337600])
    assert "unix" in problems(df)[0].message
    out = mentions.validate_frame(df, timestamp_format="unix")
    assert out["created_at"].iloc[0] == pd.Timestamp("2024-03-01T12:00:00Z")


def test_unparseable_and_empty_timestamps_name_rows():
    probs = problems(frame(created_at=["2024-03-01", "not a date", ""]))
    by_msg = {p.message: p for p in probs}
    assert by_msg["unparseable timestamp"].rows == (2,)
    assert "'not a date'" in by_msg["unparseable timestamp"].found
    assert by_msg["timestamp is empty"].rows == (3,)


def test_channel_aliases_and_unknown_rule():
    out = mentions.validate_frame(frame(channel=[" X ", "FB", "Mastodon  Social"]))
    assert out["channel"].tolist() == ["twitter", "facebook", "mastodon social"]
    assert out.attrs["unknown_channels"] == ["mastodon social"]
    probs = problems(frame(channel=["x", "fb", "myspace"]), channels=["twitter", "facebook"])
    assert probs[0].message == "channel not in the allowed list" and probs[0].rows == (3,)


def test_channel_empty_is_an_error():
    probs = problems(frame(channel=["x", None, " "]))
    assert probs[0].message == "channel is empty" and probs[0].rows == (2, 3)


def test_duplicate_post_id_lists_all_copies():
    probs = problems(frame(post_id=["a", "b", "a"]), locator=RowLocator(offset=2))
    assert probs[0].column == "post_id" and probs[0].rows == (2, 4) and probs[0].n_rows == 2


def test_missing_columns_in_one_problem_with_hint():
    df = frame().drop(columns=["author_id", "brand"]).rename(columns={"post_id": "Post ID"})
    probs = problems(df)
    assert len(probs) == 1
    msg = probs[0].format()
    assert "'post_id'" in msg and "'author_id'" in msg and "'brand'" in msg
    assert "did you mean 'Post ID' for 'post_id'" in msg


def test_counts_non_negative_integers():
    df = frame(likes=["3", "-1", "lots"], shares=[1.0, np.nan, 2.5], replies=[0, 1, 2])
    probs = problems(df)
    found = {(p.column, p.message): p.rows for p in probs}
    assert found[("likes", "negative count")] == (2,)
    assert found[("likes", "not a number")] == (3,)
    assert found[("shares", "not a whole number")] == (3,)
    ok = mentions.validate_frame(frame(likes=[1, None, 3], author_followers=["10", "", "0"]))
    assert str(ok["likes"].dtype) == "Int64" and ok["likes"].isna().sum() == 1
    assert ok["author_followers"].tolist()[0] == 10


def test_is_brand_words_and_bad_values():
    out = mentions.validate_frame(frame(is_brand=["yes", "False", None]))
    assert out["is_brand"].tolist() == [True, False, False]
    probs = problems(frame(is_brand=["yes", "maybe", "0"]))
    assert probs[0].column == "is_brand" and probs[0].rows == (2,)


def test_optional_labels_checked():
    probs = problems(frame(sentiment=["positive", "happy", None], trait=["venting", "none", "ranting"],
                           sentiment_score=[0.5, 2.0, -1.0], trait_confidence=[0.1, 1.2, None]))
    cols = sorted(p.column for p in probs)
    assert cols == ["sentiment", "sentiment_score", "trait", "trait_confidence"]
    ok = mentions.validate_frame(frame(sentiment=["Positive", "neutral", None]))
    assert ok["sentiment"].tolist()[:2] == ["positive", "neutral"]


def test_extra_columns_kept_after_canonical():
    out = mentions.validate_frame(frame(zz_extra=[1, 2, 3], lang=["en", "", "de"]))
    assert out.columns[-1] == "zz_extra" and out["zz_extra"].tolist() == [1, 2, 3]
    assert out["lang"].isna().tolist() == [False, True, False]


def test_header_only_frame():
    probs = problems(frame().iloc[:0])
    assert "no data rows" in probs[0].message


def test_every_problem_reported_at_once():
    df = frame(post_id=["a", "a", ""], created_at=["x", "2024-01-01", "2024-01-01"],
               author_id=["", "u", "u"], likes=[-1, 0, 0])
    with pytest.raises(DataValidationError) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mentions.validate_frame(df)
    assert len(info.value.problems) >= 5
    text = str(info.value)
    assert "post_id" in text and "created_at" in text and "likes" in text


ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(
            texts,
            st.integers(0, 10**9),
            st.sampled_from(["twitter", "X", "fb", "Instagram", "forum"]),
            st.integers(0, 10**6),
            st.booleans(),
        ),
        min_size=1,
        max_size=25,
    ),
    brand=ids,
)
def test_property_valid_frames_round_trip_through_csv(tmp_path_factory, rows, brand):
    """Any valid generated frame written to CSV loads back identical in content."""
    from scrm_lib.data.io import load_mentions

    df = pd.DataFrame(
        {
            "post_id": [f"p{i:05d}" for i in range(len(rows))],  # leading zeros must survive
            "created_at": [
                (pd.Timestamp("2020-01-01", tz="UTC") + pd.Timedelta(seconds=r[1])).isoformat()
                for r in rows
            ],
            "channel": [r[2] for r in rows],
            "brand": brand,
            "author_id": [f"00{i}" for i in range(len(rows))],
            "text": [r[0] for r in rows],
            "likes": [r[3] for r in rows],
            "is_brand": [r[4] for r in rows],
        }
    )
    first = mentions.validate_frame(df)
    path = tmp_path_factory.mktemp("rt") / "m.csv"
    first.to_csv(path, index=False)
    second = load_mentions(path)
    pd.testing.assert_frame_equal(first.reset_index(drop=True), second, check_dtype=True)
    assert set(second["channel"]) <= {"twitter", "facebook", "instagram", "forum"}


def test_object_and_python_string_columns_take_the_same_rules():
    """Frames built by hand may hold object or Python-backed strings (no Arrow fast paths)."""
    base = frame(channel=["X", "fb", "Mastodon"], lang=["en", "", None])
    expected = mentions.validate_frame(base)
    for dtype in (object, pd.StringDtype("python")):
        out = mentions.validate_frame(base.astype(dtype))
        pd.testing.assert_frame_equal(out, expected, check_dtype=False)
    bad = frame(post_id=["a", "a", " "], channel=["x", " ", "y"]).astype(object)
    msgs = {p.message for p in problems(bad)}
    assert {"post_id is empty", "channel is empty"} <= msgs
    assert any(m.startswith("duplicate post_id") for m in msgs)
