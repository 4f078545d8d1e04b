"""The VADER resources of :mod:`scrm_lib.text.lexicon` shared by the VADER baseline and the features."""

from __future__ import annotations

from scrm_lib.text.lexicon import (
    describe_emoji,
    emoji_descriptions,
    lexicon_buckets,
    vader_analyzer,
)


def test_emoji_descriptions_and_describe_emoji() -> None:
    assert emoji_descriptions()["😀"] == "grinning face"
    assert describe_emoji("great 😀") == "great  grinning face "
    assert describe_emoji("plain ascii :)") == "plain ascii :)"


def test_vader_analyzer_is_built_once() -> None:
    sia = vader_analyzer()
    assert sia is vader_analyzer()
    assert sia.polarity_scores("I love it")["compound"] > 0 > sia.polarity_scores("I hate it")["compound"]


def test_lexicon_buckets_words_and_emoji() -> None:
    lex = lexicon_buckets()
    assert all(-4 <= b <= 4 and b != 0 for b in lex.values())
    assert lex["love"] > 0 > lex["hate"]
    assert lex["😀"] > 0
