"""The seeded SYNTHETIC sample data: determinism, shape, and the stories the notebooks look for."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scrm_lib import cli
from scrm_lib.core.errors import ScrmError
from scrm_lib.samples import DEFAULT_SEED, GENERATORS, get_generator
from scrm_lib.samples import generate as generate_samples
from scrm_lib.samples import mentions as M

TRAITS = {"venting", "passive", "past", "collaborative", "advocate", "future", "none"}
CANONICAL = [
    "post_id", "created_at", "channel", "brand", "author_id", "text", "author_followers",
    "likes", "shares", "replies", "in_reply_to", "is_brand", "lang", "url",
]


def _read(path: Path) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"in_reply_to": "string", "synthetic_topic": "string",
                                  "synthetic_event": "string"}, keep_default_na=False,
                     na_values={"author_followers": [""], "in_reply_to": [""]})
    df["created_at"] = pd.to_datetime(df["created_at"], utc=True, format="ISO8601")
    df["author_followers"] = df["author_followers"].astype("Int64")
    return df


@pytest.fixture(scope="module")
def committed(samples_dir: Path) -> pd.DataFrame:
    path = samples_dir / "mentions.csv"
    assert path.exists(), "data/samples/mentions.csv is not committed; run `scrm samples`"
    return _read(path)


@pytest.fixture(scope="module")
def events(samples_dir: Path) -> dict:
    return json.loads((samples_dir / "mentions_events.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def customers(committed: pd.DataFrame) -> pd.DataFrame:
    return committed[~committed["is_brand"]]


def _daily(df: pd.DataFrame, brand: str) -> pd.Series:
    """Customer root posts per UTC day for one brand, zero-filled over the whole period."""
    d = df[(df["brand"] == brand) & ~df["is_brand"] & df["in_reply_to"].isna()]
    days = pd.date_range(M.START, M.END - pd.Timedelta(days=1), freq="D")
    return d.groupby(d["created_at"].dt.floor("D")).size().reindex(days, fill_value=0)


# ---------------------------------------------------------------------------------------------
# registry, CLI, determinism
# ---------------------------------------------------------------------------------------------

def test_registry_entries_resolve_to_callables():
    assert "mentions" in GENERATORS
    for name, target in GENERATORS.items():
        assert re.fullmatch(r"[\w.]+:\w+", target), f"{name}: {target!r} is not 'module:function'"
        assert callable(get_generator(name))


def test_unknown_sample_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(ScrmError, match="unknown sample 'nope'.*known samples: mentions"):
        generate_samples(["nope"], tmp_path)
    assert cli.main(["samples", "nope", "--out", str(tmp_path)]) == 2
    assert "unknown sample 'nope'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing written


@pytest.mark.slow
@pytest.mark.parametrize("name", list(GENERATORS))
def test_rerun_is_byte_identical_and_matches_committed_files(name, tmp_path, samples_dir, capsys):
    """Every registered sample: two runs with the default seed give the same bytes as the committed files."""
    a, b = tmp_path / "a", tmp_path / "b"
    assert cli.main(["samples", name, "--out", str(a)]) == 0
    assert "wrote" in capsys.readouterr().out
    written = get_generator(name)(b, DEFAULT_SEED)
    assert written and all(p.parent == b for p in written)
    assert sorted(p.name for p in a.iterdir()) == sorted(p.name for p in written)
    for path in written:
        first, second = (a / path.name).read_bytes(), path.read_bytes()
        assert first == second, f"{path.name} differs between two runs with the same seed"
        assert first == (samples_dir / path.name).read_bytes(), (
            f"data/samples/{path.name} is stale: rerun `scrm samples {name}` and commit the result")


def test_another_seed_gives_other_data_with_the_same_story(committed):
    other, ev = M.build_mentions(DEFAULT_SEED + 1)
    assert ev["seed"] == DEFAULT_SEED + 1
    assert not other["text"].head(200).reset_index(drop=True).equals(committed["text"].head(200).reset_index(drop=True))
    # the events are part of the design, not of the draw
    assert abs(len(other) - len(committed)) < 0.05 * len(committed)
    assert (other["synthetic_event"] == "crisis").sum() > 900


# ---------------------------------------------------------------------------------------------
# shape
# ---------------------------------------------------------------------------------------------

def test_columns_counts_and_ranges(committed):
    df = committed
    assert list(df.columns[: len(CANONICAL)]) == CANONICAL
    assert {"synthetic_sentiment", "synthetic_trait"} <= set(df.columns)
    assert not {"sentiment", "trait"} & set(df.columns), "labels must not shadow the scoring columns"
    assert 18_000 <= len(df) <= 23_000
    assert df["post_id"].is_unique and (df["post_id"].str.len() > 0).all()
    assert df["channel"].nunique() >= 6
    assert df["brand"].nunique() >= 4
    span = (df["created_at"].max() - df["created_at"].min()) / pd.Timedelta(days=1)
    assert 115 <= span <= 120
    assert df["created_at"].min() >= M.START and df["created_at"].max() < M.END
    assert df["created_at"].is_monotonic_increasing
    for col in ("likes", "shares", "replies"):
        assert (df[col] >= 0).all()
    assert (df["author_followers"].dropna() >= 0).all()
    assert df["text"].str.len().min() > 0
    assert set(df["synthetic_sentiment"]) == {"negative", "neutral", "positive"}
    assert set(df["synthetic_trait"]) == TRAITS


def test_brand_accounts_post_only_as_brand(committed, events):
    accounts = set(events["brand_accounts"].values())
    assert set(committed.loc[committed["is_brand"], "author_id"]) == accounts
    assert not committed.loc[~committed["is_brand"], "author_id"].isin(accounts).any()


def test_every_trait_and_sentiment_is_well_represented(customers):
    counts = customers["synthetic_trait"].value_counts()
    assert counts.min() >= 500, counts.to_dict()
    by = pd.crosstab(customers["synthetic_trait"], customers["synthetic_sentiment"])
    assert by.loc["advocate", "positive"] > 0 and by.loc["past", "negative"] > 0
    # sentiment is a separate axis: neutral `future`, positive `collaborative` exist
    assert by.loc["future", "neutral"] > 0 and by.loc["collaborative", "positive"] > 0


def test_texts_are_varied_multilingual_and_include_html(customers):
    assert customers["text"].nunique() / len(customers) > 0.7
    langs = customers["lang"].value_counts()
    assert langs.index[0] == "en" and (langs.drop("en") >= 30).sum() >= 3
    html = customers["text"].str.contains("<script>", regex=False)
    assert 1 <= html.sum() <= 20
    assert customers["text"].str.contains(r"[\U0001F300-\U0001FAFF]", regex=True).mean() > 0.05  # emoji
    assert customers["text"].str.contains(r"(?:^|\s)#\w", regex=True).mean() > 0.05  # hashtags
    assert customers["text"].str.contains(r"(?:^|\s)@\w", regex=True).mean() > 0.05  # @handles


def test_readme_documents_every_column_and_says_synthetic(committed, samples_dir):
    readme = (samples_dir / "README.md").read_text(encoding="utf-8")
    assert "SYNTHETIC" in readme
    for col in committed.columns:
        assert f"`{col}`" in readme, f"README does not document column {col}"
    assert "mentions_events.json" in readme


# ---------------------------------------------------------------------------------------------
# events
# ---------------------------------------------------------------------------------------------

def test_events_file_records_the_windows(events):
    assert events["synthetic"] is True
    kinds = {e["kind"]: e for e in events["events"]}
    assert set(kinds) == {"crisis", "campaign", "macro_issue"}
    for e in kinds.values():
        assert e["brand"] == events["focal_brand"]
        assert pd.Timestamp(e["start"]) < pd.Timestamp(e["end"])
    assert pd.Timestamp(kinds["crisis"]["end"]) < pd.Timestamp(kinds["campaign"]["start"])


def test_crisis_is_a_negative_accelerating_spike(committed, events):
    crisis = next(e for e in events["events"] if e["kind"] == "crisis")
    start, end = pd.Timestamp(crisis["start"]), pd.Timestamp(crisis["end"])
    daily = _daily(committed, crisis["brand"])
    in_window = (daily.index >= start.floor("D")) & (daily.index < end)
    base = daily[~in_window]
    mad = (base - base.median()).abs().median()
    assert daily[in_window].max() > base.median() + 10 * mad
    assert daily.idxmax().strftime("%Y-%m-%d") == crisis["peak_day"]
    assert daily[~in_window].max() < 0.5 * daily[in_window].max()  # no other spike as large
    posts = committed[committed["synthetic_event"].eq("crisis") & ~committed["is_brand"]
                      & committed["in_reply_to"].isna()]
    assert posts["created_at"].between(start, end, inclusive="left").all()
    assert (posts["synthetic_sentiment"] == "negative").mean() > 0.7
    # velocity rises: the second 24 h carry more posts than the first
    first = posts["created_at"].lt(start + pd.Timedelta(hours=24)).sum()
    second = posts["created_at"].between(start + pd.Timedelta(hours=24), start + pd.Timedelta(hours=48)).sum()
    assert second > 1.5 * first
    # one root cause with its own vocabulary, rare outside the crisis
    vocab = r"autopay|charged twice|double charge"
    assert posts["text"].str.contains(vocab, case=False).mean() > 0.6
    others = committed[committed["synthetic_event"].ne("crisis")]
    assert others["text"].str.contains(vocab, case=False).mean() < 0.01
    # amplified by large-reach authors
    assert posts["author_followers"].max() >= 40_000


def test_campaign_is_a_positive_lift_with_one_hashtag_across_channels(committed, events):
    camp = next(e for e in events["events"] if e["kind"] == "campaign")
    start, end = pd.Timestamp(camp["start"]), pd.Timestamp(camp["end"])
    daily = _daily(committed, camp["brand"])
    in_window = (daily.index >= start.floor("D")) & (daily.index < end)
    crisis = next(e for e in events["events"] if e["kind"] == "crisis")
    quiet = ~in_window & ~((daily.index >= pd.Timestamp(crisis["start"]).floor("D"))
                           & (daily.index < pd.Timestamp(crisis["end"])))
    assert daily[in_window].mean() > 1.5 * daily[quiet].mean()
    focal = committed[(committed["brand"] == camp["brand"]) & ~committed["is_brand"]]
    pos_in = (focal.loc[focal["created_at"].between(start, end), "synthetic_sentiment"] == "positive").mean()
    pos_out = (focal.loc[~focal["created_at"].between(start, end), "synthetic_sentiment"] == "positive").mean()
    assert pos_in > pos_out + 0.1
    brand_posts = committed[committed["is_brand"] & committed["in_reply_to"].isna()
                            & committed["text"].str.contains(camp["hashtag"], regex=False)]
    assert brand_posts["channel"].nunique() >= 3
    assert set(brand_posts["channel"]) <= set(camp["brand_channels"])
    assert brand_posts["text"].str.contains(camp["url"], regex=False).all()
    assert brand_posts["created_at"].between(start, end).all()


def test_focal_brand_has_an_abandoned_channel(committed, events):
    end = pd.Timestamp(events["period"]["end"])
    ab = events["abandoned_channels"][0]
    assert ab["brand"] == events["focal_brand"]
    own = committed[(committed["brand"] == ab["brand"]) & committed["is_brand"]]
    last = own.groupby("channel")["created_at"].max()
    assert (end - last[ab["channel"]]) >= pd.Timedelta(days=45)
    assert last[ab["channel"]].strftime("%Y-%m-%dT%H:%M:%SZ") == ab["last_brand_post"]
    alive = last.drop(ab["channel"])
    assert ((end - alive) < pd.Timedelta(days=14)).sum() >= 3  # the other channels are alive
    # customers still talk there after the brand left
    later = committed[(committed["brand"] == ab["brand"]) & (committed["channel"] == ab["channel"])
                      & ~committed["is_brand"] & (committed["created_at"] > last[ab["channel"]])]
    assert len(later) >= 50


# ---------------------------------------------------------------------------------------------
# replies and response times
# ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def first_responses(committed: pd.DataFrame) -> pd.DataFrame:
    by_id = committed.set_index("post_id")
    rep = committed[committed["is_brand"] & committed["in_reply_to"].notna()].copy()
    rep["parent_at"] = rep["in_reply_to"].map(by_id["created_at"])
    rep["minutes"] = (rep["created_at"] - rep["parent_at"]) / pd.Timedelta(minutes=1)
    return rep.sort_values("created_at").groupby("in_reply_to").first()


def test_replies_point_back_at_earlier_posts(committed):
    by_id = committed.set_index("post_id")
    rep = committed[committed["in_reply_to"].notna()]
    assert len(rep) > 2000
    assert rep["in_reply_to"].isin(committed["post_id"]).all()
    parent = by_id.loc[rep["in_reply_to"]]
    assert (rep["created_at"].to_numpy() > parent["created_at"].to_numpy()).all()
    assert (rep["channel"].to_numpy() == parent["channel"].to_numpy()).all()
    assert (rep["brand"].to_numpy() == parent["brand"].to_numpy()).all()
    # brand replies answer customers, never themselves
    brand_rep = rep[rep["is_brand"]]
    assert not by_id.loc[brand_rep["in_reply_to"], "is_brand"].any()
    # `replies` counts at least the replies present in the file
    n_children = rep["in_reply_to"].value_counts()
    assert (by_id.loc[n_children.index, "replies"] >= n_children).all()


def test_response_times_differ_by_brand(first_responses, committed):
    med = first_responses.groupby("brand")["minutes"].median()
    assert med["Kestrel"] < 20  # the fast one
    assert med["Voltra"] > 6 * 60  # the slow one
    assert med["Kestrel"] < med["Nimbus"] < med["Voltra"]
    # log-normal-ish: long right tail
    for _, g in first_responses.groupby("brand"):
        assert g["minutes"].quantile(0.9) > 2.5 * g["minutes"].median()
    # some complaints are never answered, by every brand
    venting = committed[(committed["synthetic_trait"] == "venting") & ~committed["is_brand"]
                        & committed["in_reply_to"].isna()]
    answered = venting["post_id"].isin(first_responses.index)
    rate = answered.groupby(venting["brand"]).mean()
    assert ((rate > 0.2) & (rate < 0.95)).all(), rate.to_dict()
    assert rate["Kestrel"] > rate["Voltra"]


def test_office_hours_shape_the_slow_brand(first_responses):
    v = first_responses[first_responses["brand"] == "Voltra"]["created_at"]
    in_hours = v.dt.hour.between(13, 22) & (v.dt.day_of_week < 5)
    assert in_hours.mean() > 0.95


# ---------------------------------------------------------------------------------------------
# authors and engagement
# ---------------------------------------------------------------------------------------------

def test_followers_are_heavy_tailed(customers):
    f = customers.groupby("author_id")["author_followers"].max().dropna().sort_values(ascending=False)
    top = f.head(max(1, len(f) // 100)).sum() / f.sum()
    assert top > 0.4, f"top 1% of authors hold only {top:.0%} of followers"
    assert f.max() >= 1_000_000 and f.median() < 500


def test_small_reach_repeat_advocates_exist(customers):
    g = customers.groupby("author_id").agg(
        n=("post_id", "size"), pos=("synthetic_sentiment", lambda s: (s == "positive").mean()),
        followers=("author_followers", "max"))
    advocates = g[(g["n"] >= 5) & (g["pos"] >= 0.7) & (g["followers"].fillna(0) < 5000)]
    assert len(advocates) >= 30
    influencers = g[g["followers"] >= 40_000]
    assert 10 <= len(influencers) <= 60


def test_engagement_follows_reach_and_sentiment(customers):
    c = customers[customers["author_followers"].notna() & customers["in_reply_to"].isna()]
    rho = c["author_followers"].astype(float).rank().corr(c["likes"].rank())
    assert rho > 0.3
    # at comparable reach, positive posts get more likes than neutral ones
    mid = c[c["author_followers"].between(50, 2000)]
    likes_by_sentiment = mid.groupby("synthetic_sentiment")["likes"].mean()
    assert likes_by_sentiment["positive"] > 1.2 * likes_by_sentiment["neutral"]
    crisis = c[c["synthetic_event"].eq("crisis")]
    normal = c[c["synthetic_event"].eq("") & c["synthetic_sentiment"].eq("negative")]
    assert (crisis["shares"] / (crisis["likes"] + 1)).mean() > (normal["shares"] / (normal["likes"] + 1)).mean()
    # platforms without followers leave the column empty
    assert customers.loc[customers["channel"] == "review", "author_followers"].isna().all()


# ---------------------------------------------------------------------------------------------
# the data branch's schema (when merged)
# ---------------------------------------------------------------------------------------------

def test_committed_sample_passes_the_canonical_schema(samples_dir):
    schemas = pytest.importorskip("scrm_lib.data.schemas.mentions", reason="schemas not merged yet")
    raw = pd.read_csv(samples_dir / "mentions.csv", dtype=str, keep_default_na=False)
    out = schemas.validate_frame(raw, source="data/samples/mentions.csv")
    assert len(out) == len(raw)
    assert str(out["created_at"].dtype).startswith("datetime64")
    assert str(out["likes"].dtype) == "Int64" or np.issubdtype(out["likes"].dtype, np.integer)
    assert set(out["channel"]) == set(raw["channel"]), "the schema renamed sample channels"


def test_macro_issue_is_large_but_slow(committed, events):
    """A macro case (many people, one root cause) that a crisis rule should not fire on."""
    macro = next(e for e in events["events"] if e["kind"] == "macro_issue")
    start, end = pd.Timestamp(macro["start"]), pd.Timestamp(macro["end"])
    posts = committed[committed["synthetic_event"].eq("macro_issue") & ~committed["is_brand"]
                      & committed["in_reply_to"].isna()]
    assert len(posts) == macro["n_posts"] >= 150
    assert posts["created_at"].between(start, end, inclusive="left").all()
    per_day = posts.groupby(posts["created_at"].dt.floor("D")).size()
    assert per_day.max() == macro["max_daily_posts"] < 40  # slow: no day near the crisis peak
    assert (end - start) >= pd.Timedelta(days=14)
    assert posts["text"].str.contains("voicemail", case=False).mean() > 0.9
    others = committed[committed["synthetic_event"].ne("macro_issue") & ~committed["is_brand"]]
    assert others["text"].str.contains("voicemail", case=False).mean() < 0.005


def test_external_coverage_follows_the_story(committed, events):
    news = committed[committed["channel"] == "news"]
    assert len(news) >= 60
    assert set(news["synthetic_author_role"]) == {"media"} and not news["is_brand"].any()
    assert news["author_followers"].min() >= 50_000  # outlets have reach: "authority" and "influence"
    crisis = next(e for e in events["events"] if e["kind"] == "crisis")
    news = news[news["brand"] == crisis["brand"]]
    in_crisis = news["created_at"].between(pd.Timestamp(crisis["start"]), pd.Timestamp(crisis["end"]))
    days = (pd.Timestamp(crisis["end"]) - pd.Timestamp(crisis["start"])) / pd.Timedelta(days=1)
    assert in_crisis.sum() / days > 5 * (len(news) - in_crisis.sum()) / (M.N_DAYS - days)


def test_readme_documents_every_file_in_the_folder(samples_dir):
    readme = (samples_dir / "README.md").read_text(encoding="utf-8")
    for path in sorted(samples_dir.iterdir()):
        if path.name != "README.md" and not path.name.startswith("."):
            assert f"`{path.name}`" in readme, f"data/samples/README.md does not document {path.name}"


def test_brand_communities_grow_at_different_rates(committed, events):
    own = committed[committed["is_brand"] & (committed["channel"] == "twitter")]
    first = own.sort_values("created_at").groupby("brand")["author_followers"].first().astype(float)
    last = own.sort_values("created_at").groupby("brand")["author_followers"].last().astype(float)
    growth = last / first - 1
    assert (growth > 0).all()
    assert growth["Kestrel"] > growth["Voltra"]
    ab = events["abandoned_channels"][0]
    yt = committed[committed["is_brand"] & (committed["brand"] == ab["brand"]) & (committed["channel"] == ab["channel"])]
    yt = yt.sort_values("created_at")["author_followers"].astype(float)
    assert yt.iloc[-1] < yt.iloc[0]  # the abandoned channel shrinks


def test_unwritable_output_and_bad_seed_are_clear_errors(tmp_path, capsys):
    a_file = tmp_path / "not_a_folder"
    a_file.write_text("x")
    assert cli.main(["samples", "mentions", "--out", str(a_file)]) == 2
    err = capsys.readouterr().err
    assert "cannot write sample files to" in err and "Traceback" not in err
    assert cli.main(["samples", "mentions", "--out", str(tmp_path / "o"), "--seed", "-1"]) == 2
    assert "non-negative" in capsys.readouterr().err


def test_no_single_customer_dominates(customers):
    per_author = customers[customers["synthetic_author_role"] == "customer"].groupby("author_id").size()
    assert per_author.max() <= 80
    assert per_author.median() <= 3


def test_crisis_aftermath_sends_switchers_to_competitors(committed, events):
    """One brand's past customer is another's future customer (DOMAIN.md §2)."""
    after = events["crisis_aftermath"]
    focal = after["brand_in_crisis"]
    posts = committed[committed["synthetic_event"].eq("crisis_aftermath") & ~committed["is_brand"]
                      & committed["in_reply_to"].isna()]
    assert len(posts) == after["n_posts"] >= 50
    assert focal not in set(posts["brand"]) and posts["brand"].nunique() == 3
    assert posts["text"].str.contains(focal, case=False).mean() > 0.95
    assert posts["created_at"].between(pd.Timestamp(after["start"]), pd.Timestamp(after["end"])).all()
    assert (posts["synthetic_trait"] == "future").mean() > 0.7
