"""scrm_lib.text.language: offline language detection of posts."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrm_lib.text.language import (
    UNDETERMINED,
    clean_for_language,
    detect_language,
    english_mask,
    language_mix,
)


def test_detects_common_languages_in_tweets() -> None:
    texts = [
        "@united my bag is lost again and nobody at the desk can tell me where it is",
        "@AmazonHelp mein Paket ist nicht angekommen, was soll ich jetzt machen?",
        "@Iberia gracias por el servicio, el vuelo fue muy agradable y puntual",
        "@AirFrance je suis très déçu, mon vol a été annulé sans explication",
    ]
    assert detect_language(texts)["lang"].tolist() == ["en", "de", "es", "fr"]


def test_short_or_empty_posts_are_undetermined() -> None:
    out = detect_language(["lol", "thx", "👍👍 @SouthwestAir", "", None])  # type: ignore[list-item]
    assert out["lang"].tolist() == [UNDETERMINED] * 5
    assert (out["confidence"] == 0.0).all()


def test_handles_urls_and_digits_do_not_count() -> None:
    assert clean_for_language("@a_b 123 https://t.co/x #tag") == "   tag"


def test_min_confidence_is_validated() -> None:
    with pytest.raises(ValueError, match="min_confidence"):
        detect_language(["hello"], min_confidence=1.5)


def test_english_mask_and_mix() -> None:
    langs = pd.Series(["en", "und", "es", "en"], dtype="string")
    assert english_mask(langs).tolist() == [True, True, False, True]
    mix = language_mix(langs)
    assert mix["lang"].tolist() == ["en", "es", "und"]
    assert mix["posts"].tolist() == [2, 1, 1]
    assert mix["share"].sum() == pytest.approx(1.0)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.text(max_size=80), max_size=8))
def test_one_row_per_text_and_valid_confidence(texts: list[str]) -> None:
    out = detect_language(texts)
    assert len(out) == len(texts)
    assert out["confidence"].between(0.0, 1.0).all()
    assert out["lang"].notna().all()
