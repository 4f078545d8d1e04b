"""Integrity of the hand-labelled customer-trait files (docs/labeling_guide.md).

``data/samples/labeled_posts.csv`` trains the trait classifier and
``data/samples/labeled_posts_test.csv`` is its held-out split. These tests keep the
two files honest: the schema, the label vocabulary, the class balance, unique ids,
no duplicated or near-duplicated texts within or across the files (so the test split
cannot leak into training), the augmentation cap and the encoding.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from scrm_lib.core.config import SAMPLES_DIR

TRAIN = SAMPLES_DIR / "labeled_posts.csv"
TEST = SAMPLES_DIR / "labeled_posts_test.csv"

COLUMNS = [
    "post_id",
    "text",
    "trait",
    "sentiment",
    "channel",
    "brand",
    "sector",
    "lang",
    "augmented",
    "notes",
]
TRAITS = {"venting", "passive", "past", "collaborative", "advocate", "future", "none"}
SENTIMENTS = {"negative", "neutral", "positive"}
CHANNELS = {
    "twitter",
    "facebook",
    "instagram",
    "reddit",
    "youtube",
    "review site",
    "forum",
    "tiktok",
    "threads",
    "linkedin",
    "mastodon",
    "bluesky",
    "app store review",
}
#: Character 5-gram Jaccard similarity at or above which two texts count as
#: near-duplicates. Texts written independently stay far below it (the highest
#: pair across the files is about 0.5, two three-word posts like "X cancelled.").
NEAR_DUP_JACCARD = 0.7


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == COLUMNS, f"{path.name}: columns {reader.fieldnames}"
        return list(reader)


@pytest.fixture(scope="module")
def train() -> list[dict[str, str]]:
    return _read(TRAIN)


@pytest.fixture(scope="module")
def test_rows() -> list[dict[str, str]]:
    return _read(TEST)


def normalise(text: str) -> str:
    """Case-fold, drop punctuation and symbols, collapse whitespace (for duplicate checks)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[^\w\s]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _max_jaccard(a: list[str], b: list[str] | None = None) -> tuple[float, int, int]:
    """Highest character 5-gram Jaccard between rows of ``a`` and ``b`` (or within ``a``).

    Jaccard(x, y) = |G(x) ∩ G(y)| / |G(x) ∪ G(y)| with G the set of character 5-grams
    of the normalised text. Returns (score, index in a, index in b).
    """
    vec = CountVectorizer(analyzer="char", ngram_range=(5, 5), binary=True, lowercase=False)
    vec.fit([normalise(t) for t in a + (b or [])])
    xa = vec.transform([normalise(t) for t in a]).astype(np.int32)
    xb = xa if b is None else vec.transform([normalise(t) for t in b]).astype(np.int32)
    inter = (xa @ xb.T).toarray()
    na = np.asarray(xa.sum(axis=1)).ravel()
    nb = np.asarray(xb.sum(axis=1)).ravel()
    jac = inter / np.maximum(na[:, None] + nb[None, :] - inter, 1)
    if b is None:
        np.fill_diagonal(jac, 0.0)
    i, j = np.unravel_index(int(np.argmax(jac)), jac.shape)
    return float(jac[i, j]), int(i), int(j)


def test_normalise_folds_case_punctuation_and_space() -> None:
    assert normalise("  Hey,  @Brand!!  WHERE is it?? ") == "hey brand where is it"


def test_max_jaccard_finds_a_planted_near_duplicate() -> None:
    a = ["the parcel never arrived, please refund me", "totally different words here"]
    b = ["The parcel never arrived - please refund me!", "nothing alike at all"]
    score, i, j = _max_jaccard(a, b)
    assert score > 0.9 and (i, j) == (0, 0)


@pytest.mark.parametrize("path", [TRAIN, TEST], ids=["train", "test"])
def test_file_is_strict_utf8_without_bom(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{path.name} starts with a BOM"
    raw.decode("utf-8", errors="strict")


def test_train_has_at_least_300_per_trait(train: list[dict[str, str]]) -> None:
    counts = Counter(r["trait"] for r in train)
    assert set(counts) == TRAITS
    assert min(counts.values()) >= 300, counts
    assert len(train) >= 2100


def test_test_split_has_about_100_per_trait(test_rows: list[dict[str, str]]) -> None:
    counts = Counter(r["trait"] for r in test_rows)
    assert set(counts) == TRAITS
    assert all(90 <= n <= 120 for n in counts.values()), counts


@pytest.mark.parametrize("which", ["train", "test_rows"])
def test_label_values_are_valid(which: str, request: pytest.FixtureRequest) -> None:
    rows = request.getfixturevalue(which)
    for r in rows:
        where = f"{r['post_id']}"
        assert r["trait"] in TRAITS, where
        assert r["sentiment"] in SENTIMENTS, where
        assert r["channel"] in CHANNELS, where
        assert r["augmented"] in {"True", "False"}, where
        assert re.fullmatch(r"[a-z]{2}", r["lang"]), where
        assert r["brand"].strip() and r["sector"].strip(), where
        text = r["text"]
        assert text.strip() == text and text, f"{where}: empty or padded text"
        assert "\n" not in text and "\r" not in text, f"{where}: newline in text"
        assert len(text.split()) >= 2, f"{where}: text too short"


def test_post_ids_are_unique_within_and_across_files(
    train: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> None:
    ids = [r["post_id"] for r in train] + [r["post_id"] for r in test_rows]
    dupes = [k for k, v in Counter(ids).items() if v > 1]
    assert not dupes, dupes
    assert all(re.fullmatch(r"L\d{5}", r["post_id"]) for r in train)
    assert all(re.fullmatch(r"T\d{5}", r["post_id"]) for r in test_rows)


def test_no_exact_duplicates_after_normalising(
    train: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> None:
    norm_train = Counter(normalise(r["text"]) for r in train)
    norm_test = Counter(normalise(r["text"]) for r in test_rows)
    assert not [t for t, n in norm_train.items() if n > 1]
    assert not [t for t, n in norm_test.items() if n > 1]
    assert not set(norm_train) & set(norm_test)


@pytest.mark.parametrize("which", ["train", "test_rows"])
def test_no_near_duplicates_within_a_file(which: str, request: pytest.FixtureRequest) -> None:
    rows = request.getfixturevalue(which)
    texts = [r["text"] for r in rows]
    score, i, j = _max_jaccard(texts)
    assert score < NEAR_DUP_JACCARD, (score, texts[i], texts[j])


def test_test_split_does_not_near_duplicate_training(
    train: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> None:
    score, i, j = _max_jaccard([r["text"] for r in test_rows], [r["text"] for r in train])
    assert score < NEAR_DUP_JACCARD, (score, test_rows[i]["text"], train[j]["text"])


@pytest.mark.parametrize("which", ["train", "test_rows"])
def test_augmented_share_at_most_20_percent(which: str, request: pytest.FixtureRequest) -> None:
    rows = request.getfixturevalue(which)
    share = sum(r["augmented"] == "True" for r in rows) / len(rows)
    assert share <= 0.20


@pytest.mark.parametrize("which", ["train", "test_rows"])
def test_mostly_english_with_some_other_languages(
    which: str, request: pytest.FixtureRequest
) -> None:
    rows = request.getfixturevalue(which)
    other = sum(r["lang"] != "en" for r in rows) / len(rows)
    assert 0.03 <= other <= 0.12, other


@pytest.mark.parametrize("which", ["train", "test_rows"])
def test_sentiment_is_not_a_shortcut_for_trait(which: str, request: pytest.FixtureRequest) -> None:
    """Every trait carries at least two sentiments, and none is a single sentiment."""
    rows = request.getfixturevalue(which)
    by_trait: dict[str, Counter[str]] = {}
    for r in rows:
        by_trait.setdefault(r["trait"], Counter())[r["sentiment"]] += 1
    for trait, c in by_trait.items():
        total = sum(c.values())
        assert len(c) >= 2, (trait, c)
        assert c.most_common(1)[0][1] / total <= 0.95, (trait, c)


def test_test_split_uses_brands_not_seen_in_training(
    train: list[dict[str, str]], test_rows: list[dict[str, str]]
) -> None:
    """The test split was written with fresh (fictional and real) brand names."""
    shared = {r["brand"] for r in train} & {r["brand"] for r in test_rows}
    assert not shared, shared
