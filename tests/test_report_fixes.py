"""The fixes of issue 16, each with a test: 04's titles and target prose, 02's summary sections,
complete periods, denominators beside rates."""

from __future__ import annotations

import pandas as pd

from scrm_lib.reports.export import bullet_sections, target_sentences
from scrm_lib.reports.viz.models import _printable


def test_titles_keep_typographic_characters_and_never_show_unicode_names() -> None:
    assert _printable("Men\u2019s shoes — café") == "Men\u2019s shoes — café"
    shown = _printable("so good 🐲🤔 thanks")
    assert "<" not in shown and "face" not in shown and shown == "so good [emoji] thanks"
    assert "\ufe0f" not in _printable("I \u2764\ufe0f it")


def test_missed_target_is_said_from_the_numbers() -> None:
    bench = pd.DataFrame([
        {"model": "accurate", "dataset": "tweeteval", "macro_recall": 0.648, "target": 0.66},
        {"model": "fast", "dataset": "tweeteval", "macro_recall": 0.63, "target": 0.62},
        {"model": "SOTA", "dataset": "tweeteval", "macro_recall": 0.72, "target": None},
    ])
    lines = target_sentences(bench, "macro_recall")
    assert len(lines) == 2
    assert "**missed**" in lines[0] and "0.012" in lines[0] and "0.660" in lines[0]
    assert "met" in lines[1] and "missed" not in lines[1]


def test_summary_headings_are_not_part_of_the_previous_list() -> None:
    import mistune  # nbconvert's Markdown renderer (the one the HTML reports use)

    md = bullet_sections([("**Published figures:**", ["- Advocacy paradox: 70% vs 35%"]),
                          ("**Synthetic sample** (not evidence):", ["gap 1", "gap 2"])])
    html = mistune.html(md)
    assert html.count("<ul>") == 2  # two flat lists, no list inside a list
    assert "<p><strong>Synthetic sample</strong>" in html
    assert "paradox: 70% vs 35%</li>\n</ul>\n<p><strong>Synthetic" in html


def test_complete_periods_leave_out_a_partial_last_week() -> None:
    from scrm_lib.metrics import listening as L

    # Monday 2 Mar .. Wednesday 18 Mar 2026: weeks of 2 and 9 Mar complete, the week of 16 Mar is not
    times = pd.date_range("2026-03-02", "2026-03-18 23:00", freq="6h", tz="UTC")
    df = pd.DataFrame({"created_at": times, "brand": "A"})
    weeks = L.complete_periods(df, "W")
    assert list(weeks.strftime("%Y-%m-%d")) == ["2026-03-02", "2026-03-09"]
    sov = L.share_of_voice(df.assign(post_id=range(len(df)), channel="x", author_id="u", text="", is_brand=False), freq="W")
    assert set(sov.loc[sov["period"].isin(weeks), "period"].dt.strftime("%Y-%m-%d")) == {"2026-03-02", "2026-03-09"}


def test_rate_headers_name_their_denominators() -> None:
    from scrm_lib.reports.export import AUDIT_RATE_HEADERS, LISTENING_RATE_HEADERS

    for headers in (LISTENING_RATE_HEADERS, AUDIT_RATE_HEADERS):
        for col, header in headers.items():
            if "rate" in col or "share" in col:
                assert "÷" in header, header
    assert LISTENING_RATE_HEADERS["reply_rate"] != AUDIT_RATE_HEADERS["reply_rate"]
