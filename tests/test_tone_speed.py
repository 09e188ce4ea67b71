"""Tone's fast shared parse gives what the plain per-token definitions give (offsets, sentence bounds, word counts, valences)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from framescope.framing import tone
from framescope.framing.tone import Parsed, parse_title, token_offsets, vader_compound, vader_resources

# white space str.split() knows, punctuation, curly quotes, emoticons in the VADER lexicon, ALL CAPS
PIECES = ["good", "bad", "not", "very", "GREAT", "but", "kind", "of", "no", "least", "at", "never", "so",
          "without", "doubt", "Harbor", "City", "said", "“Terrible,”", "(fine)", "—", ":)", "<3", "n't",
          "isn't", "U.S.", "A", "I", "...", "!", "?", "42", "_", "café", "ÉTÉ", "x", "港口", "😀", "\U0010ffff"]
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "\u3000", "\u2028", "\x1c", "\u200a"]


def _random_text(rng: random.Random) -> str:
    parts = [rng.choice(SPACES) if rng.random() < 0.1 else ""]
    for _ in range(rng.randint(0, 140)):
        parts += [rng.choice(PIECES), rng.choice(SPACES)]
    if rng.random() < 0.5:
        parts.pop()
    return "".join(parts)


def _random_sents(rng: random.Random, text: str) -> list[tuple[int, int]]:
    """Random spans; half of the time cut only where no token continues (the sentence splitter's
    case, parsed piece by piece), else anywhere (tokens straddling a sentence edge)."""
    if rng.random() < 0.5:
        places = [x for x in range(len(text) + 1)
                  if x in (0, len(text)) or text[x - 1].isspace() or text[x].isspace()]
    else:
        places = list(range(len(text) + 1))
    cuts = sorted(rng.choices(places, k=2 * rng.randint(0, 8)))  # repeats give empty sentences
    return list(zip(cuts[::2], cuts[1::2]))


def _reference(text: str, sents) -> dict:
    """The per-token definitions the fast parse must reproduce."""
    raw = text.split()
    starts, ends = token_offsets(text)
    info = [tone._token_info(t) for t in raw]
    bounds = [(int(np.searchsorted(starts, a)), int(np.searchsorted(starts, b))) for a, b in sents]
    vlow = [i[0] for i in info]
    valences = []
    for a, b in bounds:
        local = tone._vader_valences(vlow[a:b], raw[a:b])
        valences.append([(a + i, v) for i, v in local])
    return {"starts": starts.tolist(), "ends": ends.tolist(), "bounds": bounds, "vlow": vlow,
            "clean": [i[1] for i in info], "caps": [i[3] for i in info], "n_words": sum(i[2] for i in info),
            "valences": valences}


@pytest.mark.parametrize("seed", range(6))
def test_parse_matches_per_token_definitions(seed):
    rng = random.Random(seed)
    for _ in range(150):
        text = _random_text(rng)
        sents = _random_sents(rng, text)
        parsed, ref = Parsed(text, sents), _reference(text, sents)
        assert parsed.starts.tolist() == ref["starts"] and parsed.ends.tolist() == ref["ends"], text
        assert parsed.bounds == ref["bounds"] and parsed.n_words == ref["n_words"], text
        assert parsed.vlow == ref["vlow"] and parsed.clean == ref["clean"] and parsed.caps == ref["caps"]
        assert parsed.sentence_valences() == ref["valences"], text
        flat = [i for vals in ref["valences"] for i, _ in vals]
        assert Parsed(text, sents)._starts_at(flat) == [ref["starts"][i] for i in flat]


def test_short_and_long_offsets_agree():
    rng = random.Random(7)
    for _ in range(200):
        text = _random_text(rng)
        raw = text.split()
        short = [text.find(t) for t in raw[:1]]  # sanity of the walk's first step
        assert short == token_offsets(text)[0].tolist()[:1]
        walked = tone._token_starts(text, raw) if len(raw) < tone._SHORT_TEXT else None
        if walked is not None:
            assert walked == token_offsets(text)[0].tolist()


def test_headline_bounds_shortcut():
    title = "  Port strike: union says NO to deal  "
    parsed = parse_title(title)
    assert parsed.bounds == [(0, len(title.split()))]
    starts = token_offsets(title)[0]
    a, b = parsed.sents[0]
    assert parsed.bounds == [(int(np.searchsorted(starts, a)), int(np.searchsorted(starts, b)))]


def test_caps_rule_counted_lazily_as_vader_does():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    cases = ["GOOD", "GOOD day", "It is VERY good", "ALL CAPS IS GOOD", "a VERY BAD idea but GOOD people"]
    expected = [SentimentIntensityAnalyzer().polarity_scores(c)["compound"] for c in cases]
    np.testing.assert_allclose(vader_compound(cases), expected, atol=6e-5)


def test_token_tables_learn_unseen_tokens():
    word = "zzqxunseenword" + str(random.Random().randint(0, 10**9))
    parsed = Parsed(f"A {word} good day", [(0, 10 ** 6)])
    assert parsed.n_words == 4 and word in tone._CODE and tone._CODE[word] == 0
    assert tone._CODE["good"] == "good" and "good" in vader_resources().lexicon
    assert tone._CODE["—"] is None


def test_idioms_and_multiword_boosters_as_vadersentiment():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    cases = ["The food is the shit and the bomb.", "That was a kiss of death for a good plan.",
             "A cake to die for, really good.", "Yeah right, great idea.", "It was kind of good.",
             "The result was sort of bad.", "It is just enough good.", "A bad ass movie.",
             "My beating heart was happy.", "The bus stop is awful."]
    expected = [SentimentIntensityAnalyzer().polarity_scores(c)["compound"] for c in cases]
    np.testing.assert_allclose(vader_compound(cases), expected, atol=6e-5)
