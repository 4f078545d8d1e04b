"""The events record of the SYNTHETIC mentions sample (``mentions_events.json``).

What the generator injected, measured on the frame it wrote: the period, the brands, the
windows of the crisis, campaign and macro issue (with daily counts and shares), the crisis
aftermath, the abandoned channel, each brand's response profile and the row counts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from scrm_lib.samples.world import (
    ABANDONED,
    AFTERMATH,
    BRANDS,
    CAMPAIGN,
    CHANNELS,
    CRISIS,
    END,
    FOCAL,
    GENERATOR_VERSION,
    MACRO,
    N_DAYS,
    START,
)


def iso_utc(ts: pd.Timestamp) -> str:
    """``ts`` as ISO 8601 UTC to the second, ``Z``-suffixed (as in ``mentions_events.json``).

    >>> iso_utc(pd.Timestamp("2026-04-20T07:00:00Z"))
    '2026-04-20T07:00:00Z'
    """
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def events_record(df: pd.DataFrame, seed: int, statement_at: pd.Timestamp) -> dict[str, Any]:
    """The JSON-serialisable record of what :func:`~scrm_lib.samples.mentions.build_mentions` made.

    ``df`` is the generated frame (its ``synthetic_*`` columns say which rows belong to which
    event), ``seed`` the seed it was made with, ``statement_at`` when the focal brand's crisis
    statement went out.
    """
    crisis = df[df["synthetic_event"] == "crisis"]
    crisis_customers = crisis[~crisis["is_brand"] & crisis["in_reply_to"].isna()]
    daily = crisis_customers.groupby(crisis_customers["created_at"].dt.strftime("%Y-%m-%d")).size()
    camp = df[df["synthetic_event"] == "campaign"]
    camp_roots = camp[~camp["is_brand"] & camp["in_reply_to"].isna()]
    after = df[(df["synthetic_event"] == "crisis_aftermath") & ~df["is_brand"] & df["in_reply_to"].isna()]
    macro = df[(df["synthetic_event"] == "macro_issue") & ~df["is_brand"] & df["in_reply_to"].isna()]
    macro_daily = macro.groupby(macro["created_at"].dt.strftime("%Y-%m-%d")).size()
    focal = df[(df["brand"] == ABANDONED["brand"]) & (df["channel"] == ABANDONED["channel"]) & df["is_brand"]]
    last = focal["created_at"].max()
    return {
        "synthetic": True,
        "description": "SYNTHETIC sample: fictional brands, authors and posts made by scrm_lib.samples.mentions",
        "generator": f"scrm_lib.samples.mentions v{GENERATOR_VERSION}",
        "seed": seed,
        "period": {"start": iso_utc(START), "end": iso_utc(END), "end_is_exclusive": True, "days": N_DAYS},
        "focal_brand": FOCAL,
        "competitors": [b.name for b in BRANDS if b.name != FOCAL],
        "brand_accounts": {b.name: b.account for b in BRANDS},
        "channels": CHANNELS,
        "events": [
            {
                "kind": "crisis", "brand": FOCAL,
                "start": iso_utc(CRISIS["onset"]), "end": iso_utc(CRISIS["end"]),
                "peak_day": str(daily.idxmax()), "daily_posts": {k: int(v) for k, v in daily.items()},
                "brand_statement_at": iso_utc(statement_at),
                "root_cause": CRISIS["root_cause"], "terms": CRISIS["terms"],
                "n_posts": int(len(crisis_customers)),
                "negative_share": round(float((crisis_customers["synthetic_sentiment"] == "negative").mean()), 4),
                "column": "synthetic_event == 'crisis'",
            },
            {
                "kind": "campaign", "brand": FOCAL,
                "start": iso_utc(CAMPAIGN["start"]), "end": iso_utc(CAMPAIGN["end"]),
                "hashtag": CAMPAIGN["hashtag"], "url": CAMPAIGN["url"],
                "brand_channels": CAMPAIGN["brand_channels"],
                "n_posts": int(len(camp_roots)),
                "positive_share": round(float((camp_roots["synthetic_sentiment"] == "positive").mean()), 4), "n_brand_posts": int((camp["is_brand"] & camp["in_reply_to"].isna()).sum()),
                "column": "synthetic_event == 'campaign'",
            },
            {
                "kind": "macro_issue", "brand": FOCAL,
                "start": iso_utc(MACRO["start"]), "end": iso_utc(MACRO["end"]),
                "root_cause": MACRO["root_cause"], "terms": MACRO["terms"],
                "n_posts": int(len(macro)),
                "max_daily_posts": int(macro_daily.max()),
                "negative_share": round(float((macro["synthetic_sentiment"] == "negative").mean()), 4),
                "note": "many people, one root cause, but slow: a macro case (investigate the source), not a crisis",
                "column": "synthetic_event == 'macro_issue'",
            },
        ],
        "crisis_aftermath": {
            "brand_in_crisis": FOCAL,
            "start": iso_utc(AFTERMATH["start"]), "end": iso_utc(AFTERMATH["end"]),
            "n_posts": int(len(after)),
            "posts_per_competitor": {k: int(v) for k, v in after["brand"].value_counts().sort_index().items()},
            "note": "people leaving the brand in crisis ask its competitors: these rows have brand = the competitor",
            "column": "synthetic_event == 'crisis_aftermath'",
        },
        "abandoned_channels": [{
            "brand": ABANDONED["brand"], "channel": ABANDONED["channel"],
            "last_brand_post": iso_utc(last), "days_before_end": int((END - last) / pd.Timedelta(days=1)),
        }],
        "absent_channels": {b.name: [c for c in CHANNELS if c != "news" and c not in b.cadence and c not in b.reply_channels] for b in BRANDS},
        "response_profiles": {
            b.name: {
                "reply_median_minutes": b.reply_median_min, "reply_lognormal_sigma": b.reply_sigma,
                "support_hours_utc": list(b.support_hours), "support_weekdays": list(b.support_days),
                "reply_channels": list(b.reply_channels),
            } for b in BRANDS
        },
        "counts": {
            "rows": int(len(df)),
            "brand_posts": int((df["is_brand"] & df["in_reply_to"].isna()).sum()),
            "brand_replies": int((df["is_brand"] & df["in_reply_to"].notna()).sum()),
            "customer_posts": int((~df["is_brand"]).sum()),
            "advocates": int(df.loc[df["synthetic_author_role"] == "advocate", "author_id"].nunique()),
            "influencers": int(df.loc[df["synthetic_author_role"] == "influencer", "author_id"].nunique()),
        },
    }
