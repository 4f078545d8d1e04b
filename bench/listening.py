"""Benchmark: the listening summaries on 1,000,000 synthetic mentions vs a single pandas groupby.

Builds a seeded synthetic mentions frame in memory (canonical schema, validated; sentiment labels
present): 900,000 customer posts over 120 days about five brands on ten channels, with follower
counts and engagement, plus one injected burst (6,000 extra posts about one brand on one day, so
spike detection has something to explain), and 100,000 brand replies to earlier posts
(log-normal delays) so response times have work to do. Then, in the same process, times

* ``baseline``: ``df.groupby("brand").size()`` — one pandas groupby count of the same frame
  (the floor: no summary can be cheaper than one pass over a key column);
* ``summaries``: every listening metric of :mod:`scrm_lib.metrics` except themes — volume (daily per brand,
  weekly per brand × channel), share of voice (plain, per channel, per week, weighted by
  engagement and by reach), sentiment summary (per brand, per brand × week, two formulas),
  engagement (per channel, per brand) and top posts, reach (per brand, per brand × week), spike
  detection per brand with each spike joined back to its posts (authors, sentiment shift; terms
  off), influencers vs advocates with the role summary, response times (per brand × channel, per
  brand) and the measurement framework of one brand;
* ``themes``: :func:`~scrm_lib.metrics.terms.term_matrix` plus :func:`~scrm_lib.metrics.terms.themes` of
  one brand against the rest on 100,000 posts (nltk tweet tokenizer, cold memo), the same on the
  real airline tweets when ``../shared/data/external`` is present (real text has a long tail of
  words; the rate per 100k posts is reported), and the terms of the injected spike (posts of the
  spike and its 28-day baseline window).

Peak memory: the process's ``VmHWM`` is reset (``/proc/self/clear_refs``) after the frame is
built, so ``peak_mb`` is the high-water mark while the summaries run (frame included) and
``peak_above_frame_mb`` what they add on top of it. Prints one JSON object.

Targets (issue 3): summaries ≤ 10 s and peak ≤ 2 GB; themes on 100k posts ≤ 15 s.

The allocator is tuned as in the product (:func:`scrm_lib.core.memory.tune_allocator`, which ``scrm`` and
every notebook kernel call); ``--allocator default`` measures glibc's defaults instead.

Usage: ``.venv/bin/python bench/listening.py [--rows 1000000] [--repeat 3] [--allocator tuned|default]``
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from scrm_lib.core.memory import tune_allocator

WORDS = (
    "love hate the new update app is slow fast refund order delivery late great service "
    "support thanks never again crash login password price cheaper store staff helpful rude "
    "waiting hours flight delayed cancelled bag lost seat upgrade coffee menu burger fries "
    "battery phone screen broken fixed finally awesome terrible ok meh #fail #win"
).split()
CHANNELS = np.array(["twitter", "facebook", "instagram", "youtube", "reddit", "forum", "news", "blog", "review", "tiktok"])
BRANDS = np.array(["Acme", "Globex", "Initech", "Umbrella", "Hooli"])
LABELS = np.array(["negative", "neutral", "positive"])


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def build(rows: int, seed: int = 42) -> pd.DataFrame:
    """A validated canonical mentions frame of ``rows`` rows (see the module docstring)."""
    from scrm_lib.data.schemas import mentions as schema

    rng = np.random.default_rng(seed)
    n_reply = rows // 10
    n_burst = min(6_000, rows // 20)
    n_cust = rows - n_reply - n_burst
    start = np.datetime64("2024-01-01T00:00:00", "s")
    ts = start + rng.integers(0, 120 * 86400, n_cust).astype("timedelta64[s]")
    ts_burst = start + np.timedelta64(60 * 86400, "s") + rng.integers(0, 86400, n_burst).astype("timedelta64[s]")
    words = np.array(WORDS, dtype=object)
    n_words = rng.integers(3, 25, n_cust + n_burst)
    vocab = rng.integers(0, len(words), (n_cust + n_burst, 24))
    texts = [" ".join(words[vocab[i, : n_words[i]]]) for i in range(n_cust)]
    texts += ["outage again no signal " + " ".join(words[vocab[n_cust + i, : n_words[n_cust + i] // 2]]) for i in range(n_burst)]
    brand = np.concatenate([BRANDS[rng.choice(5, n_cust, p=[0.35, 0.25, 0.2, 0.12, 0.08])], np.full(n_burst, "Acme")])
    created = np.concatenate([ts, ts_burst])
    cust = pd.DataFrame({
        "post_id": np.char.add("p", np.arange(n_cust + n_burst).astype(str)),
        "created_at": created,
        "channel": CHANNELS[rng.integers(0, len(CHANNELS), n_cust + n_burst)],
        "brand": brand,
        "author_id": np.char.add("u", rng.integers(0, rows // 4, n_cust + n_burst).astype(str)),
        "text": texts,
        "author_followers": np.floor(rng.pareto(1.2, n_cust + n_burst) * 100).astype(np.int64),
        "likes": rng.negative_binomial(1, 0.2, n_cust + n_burst),
        "shares": rng.negative_binomial(1, 0.6, n_cust + n_burst),
        "replies": rng.negative_binomial(1, 0.7, n_cust + n_burst),
        "in_reply_to": "",
        "is_brand": False,
        "sentiment": np.concatenate([LABELS[rng.choice(3, n_cust, p=[0.3, 0.3, 0.4])],
                                     LABELS[rng.choice(3, n_burst, p=[0.85, 0.1, 0.05])]]),
    })
    parent = rng.integers(0, n_cust, n_reply)
    delay = np.exp(rng.normal(np.log(60 * 40), 1.2, n_reply)).astype("timedelta64[s]")
    rep_brand = cust["brand"].to_numpy()[parent]
    reply = pd.DataFrame({
        "post_id": np.char.add("r", np.arange(n_reply).astype(str)),
        "created_at": cust["created_at"].to_numpy()[parent] + delay,
        "channel": cust["channel"].to_numpy()[parent],
        "brand": rep_brand,
        "author_id": np.char.add(rep_brand.astype(str), "Care"),
        "text": "sorry to hear that, please DM us",
        "author_followers": 50_000,
        "likes": 0, "shares": 0, "replies": 0,
        "in_reply_to": cust["post_id"].to_numpy()[parent],
        "is_brand": True,
        "sentiment": "neutral",
    })
    df = pd.concat([cust, reply], ignore_index=True)
    df["created_at"] = pd.to_datetime(df["created_at"]).dt.tz_localize("UTC")
    df["in_reply_to"] = df["in_reply_to"].replace("", None)
    return schema.validate_frame(df, source="<bench>")


def summaries(df: pd.DataFrame) -> dict[str, int]:
    """Every listening summary except themes; returns row counts so nothing is optimised away."""
    from scrm_lib import metrics as L

    conv = L.earned(df)
    out = {
        "volume_daily_brand": L.volume(conv, "D", by="brand"),
        "volume_weekly_brand_channel": L.volume(conv, "W", by=["brand", "channel"]),
        "sov": L.share_of_voice(conv),
        "sov_channel": L.share_of_voice(conv, within="channel"),
        "sov_weekly": L.share_of_voice(conv, freq="W"),
        "sov_engagement": L.share_of_voice(conv, weight="engagement"),
        "sov_reach": L.share_of_voice(conv, weight="reach"),
        "sentiment_brand": L.sentiment_summary(conv),
        "sentiment_weekly": L.sentiment_summary(conv, freq="W"),
        "sentiment_nss": L.sentiment_summary(conv, formula="net_sentiment_score"),
        "engagement_channel": L.engagement(conv, by="channel"),
        "engagement_brand": L.engagement(conv, by="brand"),
        "top_posts": L.top_posts(conv, n=10),
        "reach_brand": L.reach(conv),
        "reach_weekly": L.reach(conv, freq="W"),
        "spikes": L.detect_spikes_by(conv, by="brand", freq="D", explain=True, n_terms=0)[0],
        "roles": L.role_summary(L.influencers_vs_advocates(conv)),
        "response_brand_channel": L.response_times(df, sla_minutes=60),
        "response_brand": L.response_times(df, sla_minutes=60, by="brand"),
        "framework": L.measurement_framework(df.loc[(df["brand"] == "Acme").to_numpy()]),
    }
    return {k: len(v) for k, v in out.items()}


def all_summaries(df: pd.DataFrame) -> dict[str, int]:
    """Issue 13's target: every summary of :func:`summaries` plus coverage, period comparisons,
    themes (term matrix of the whole conversation, one brand against the rest) and aspects
    (hits from the same matrix, sentiment per aspect per brand) — the whole notebook-01 analysis."""
    from scrm_lib import metrics as L

    counts = summaries(df)
    conv = L.earned(df)
    t0, t1 = conv["created_at"].min(), conv["created_at"].max()
    mid = t0 + (t1 - t0) / 2
    counts["coverage"] = len(L.coverage(conv, "D"))
    counts["compare"] = len(L.compare_periods(conv, (t0, mid), (mid, t1)))
    tm = L.term_matrix(conv)
    counts["themes"] = len(L.themes(conv, "Acme", n=15, matrix=tm))
    hits = L.aspect_hits(tm, L.load_aspects())
    counts["aspects"] = len(L.aspect_sentiment(conv, hits))
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--theme-rows", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--allocator", choices=("tuned", "default"), default="tuned",
                    help="tuned: as scrm and the notebook kernels run (core.memory.tune_allocator)")
    args = ap.parse_args()
    tuned = tune_allocator() if args.allocator == "tuned" else False

    from scrm_lib import metrics as L
    from scrm_lib.text import tokenise

    t = time.perf_counter()
    df = build(args.rows)
    build_s = time.perf_counter() - t
    frame_mb = df.memory_usage(deep=True).sum() / 2**20
    rss_before = _status("VmRSS")
    reset = _reset_peak()

    base = []
    for _ in range(max(args.repeat, 5)):
        t = time.perf_counter()
        df.groupby("brand").size()
        base.append(time.perf_counter() - t)

    wall, cpu, counts = [], [], {}
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        counts = summaries(df)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    peak_mb = _status("VmHWM")

    # issue 13: everything, themes and aspects on the whole conversation included (memo cold)
    wall_all, cpu_all = [], []
    for _ in range(args.repeat):
        tokenise._chunk_memo.cache_clear()
        t, c = time.perf_counter(), time.process_time()
        all_summaries(df)
        wall_all.append(time.perf_counter() - t)
        cpu_all.append(time.process_time() - c)

    # per-summary timings (one pass), to show where the time goes
    parts = {}
    conv = L.earned(df)
    for name, fn in {
        "volume": lambda: (L.volume(conv, "D", by="brand"), L.volume(conv, "W", by=["brand", "channel"])),
        "share_of_voice": lambda: [L.share_of_voice(conv, **kw) for kw in
                                   ({}, {"within": "channel"}, {"freq": "W"}, {"weight": "engagement"}, {"weight": "reach"})],
        "sentiment_summary": lambda: (L.sentiment_summary(conv), L.sentiment_summary(conv, freq="W"),
                                      L.sentiment_summary(conv, formula="net_sentiment_score")),
        "engagement+top_posts": lambda: (L.engagement(conv, by="channel"), L.engagement(conv, by="brand"), L.top_posts(conv)),
        "reach": lambda: (L.reach(conv), L.reach(conv, freq="W")),
        "spikes (explained, no terms)": lambda: L.detect_spikes_by(conv, by="brand", explain=True, n_terms=0),
        "influencers_vs_advocates": lambda: L.role_summary(L.influencers_vs_advocates(conv)),
        "response_times": lambda: (L.response_times(df), L.response_times(df, by="brand")),
        "measurement_framework": lambda: L.measurement_framework(df.loc[(df["brand"] == "Acme").to_numpy()]),
        "coverage": lambda: L.coverage(conv, "D"),
        "term_matrix (whole conversation, cold memo)": lambda: (tokenise._chunk_memo.cache_clear(), L.term_matrix(conv)),
    }.items():
        t = time.perf_counter()
        fn()
        parts[name] = round(time.perf_counter() - t, 3)

    # themes on 100k posts
    rng = np.random.default_rng(7)
    sample = conv.iloc[np.sort(rng.choice(len(conv), min(args.theme_rows, len(conv)), replace=False))]
    theme_wall = []
    for _ in range(args.repeat):
        tokenise._chunk_memo.cache_clear()  # every repeat starts cold
        t = time.perf_counter()
        tm = L.term_matrix(sample)
        top = L.themes(sample, "Acme", n=15, matrix=tm)
        theme_wall.append(time.perf_counter() - t)
    t = time.perf_counter()
    sp, _ = L.detect_spikes_by(conv, by="brand", explain=True, n_terms=8)
    spike_terms_s = time.perf_counter() - t

    # The synthetic texts come from a 52-word vocabulary, which suits the tokeniser's per-chunk
    # memo; real tweets have a long tail. Themes on the real airline tweets (if present), with
    # the memo cleared, give the rate on real text.
    real = None
    airline = Path(os.environ.get("SCRM_EXTERNAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "data" / "external"))
    airline = airline / "twitter-us-airline-sentiment" / "Tweets.csv"
    if airline.is_file():
        from scrm_lib.data import load_airline_tweets

        tweets = load_airline_tweets(airline)
        tokenise._chunk_memo.cache_clear()
        t = time.perf_counter()
        tm_real = L.term_matrix(tweets)
        L.themes(tweets, "United", matrix=tm_real)
        real_s = time.perf_counter() - t
        real = {"posts": len(tweets), "seconds": round(real_s, 3),
                "per_100k_posts_s": round(real_s * 100_000 / len(tweets), 2)}

    best = min(wall)
    result = {
        "benchmark": "listening",
        "machine": {
            "nproc": os.cpu_count(), "cpu": _cpu_model(), "platform": platform.platform(),
            "python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__,
            "loadavg_at_end": list(os.getloadavg()),
        },
        "inputs": {"allocator": args.allocator, "allocator_tuned": tuned, "rows": len(df), "conversation_rows": len(conv), "brands": int(df["brand"].nunique()),
                   "channels": int(df["channel"].nunique()), "days": 120, "frame_mb": round(frame_mb, 1),
                   "build_s": round(build_s, 2), "theme_rows": len(sample), "summary_rows": counts},
        "baseline_groupby_count_s": {"best": round(min(base), 4), "median": round(float(np.median(base)), 4)},
        "summaries_s": {"best": round(best, 3), "median": round(float(np.median(wall)), 3),
                        "cpu_best": round(min(cpu), 3), "runs": [round(w, 3) for w in wall]},
        "summaries_parts_s": parts,
        "all_incl_themes_aspects_s": {"best": round(min(wall_all), 3), "median": round(float(np.median(wall_all)), 3),
                                      "cpu_best": round(min(cpu_all), 3), "runs": [round(w, 3) for w in wall_all]},
        "ratio_summaries_to_groupby": {"best_vs_best": round(best / min(base), 1),
                                       "median_vs_median": round(float(np.median(wall)) / float(np.median(base)), 1)},
        "memory_mb": {"rss_before": round(rss_before, 1), "peak": round(peak_mb, 1),
                      "peak_above_frame": round(peak_mb - rss_before, 1), "peak_reset_ok": reset},
        "themes_100k_s": {"best": round(min(theme_wall), 3), "median": round(float(np.median(theme_wall)), 3),
                          "top_terms": top["term"].head(5).tolist()},
        "themes_real_airline_tweets": real,
        "spikes_with_terms_s": round(spike_terms_s, 3),
        "spikes_found": sp[["brand", "start", "peak_count", "top_terms"]].astype(str).to_dict("records"),
        "targets": {"summaries_le_10s": best <= 10, "peak_le_2gb": peak_mb <= 2048, "themes_le_15s": min(theme_wall) <= 15},
    }
    print(json.dumps(result, indent=2))


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


if __name__ == "__main__":
    main()
