"""The fast paths of the lexicon-based families give the same results as the plain versions they replaced.

Each speed-up is checked against a deliberately simple reference (a per-match loop, the
original regex, one text at a time) on the harbor-city texts and on made-up edge cases.
"""

import random
import re

import pytest

from framescope import datasets
from framescope.framing import generic_frames, persuasion, structure
from framescope.framing.issue_frames import IssueFrames
from framescope.framing.lexicon import Lexicon, _fold, _is_negated, load_lexicon
from framescope.text import paragraph_spans


@pytest.fixture(scope="module")
def texts():
    arts = datasets.load("harbor-city").articles
    extra = ["", " ", "Strike", "No tax-cut, not injured. Nobody was hurt!", "tax\n\ncut; tariffs, funding",
             "THE NATO’S PLAN. USA TODAY X HELD TO RANSOM\nHARBOR CITY (Wire) - BIGGER",
             "Troops are stationed. The law was struck down by the court. Was Broken BY him",
             "x1 .5 5. 1,000.5, 3.. ٣٤ 12, $4bn 10% aged 45, a 3-year-old",
             "the “peaceful” protest; your \"deal\" our ‘plan’, said; this “x” he; so-called “experts”"]
    return arts["text"].tolist() + arts["title"].tolist() + extra


def _reference_scan(lex, text, negation="negatable", negated_weight=0.0):
    """One Python step per regex match, as the matcher worked before the column version."""
    out = []
    regex = lex._compile()[0]
    if not text or regex is None:
        return out
    folded = _fold(text)
    for found in regex.finditer(folded):
        items = lex._resolve_raw(found.group())
        start, end = found.span()
        negated = None
        for entry, label, weight, flagged in items:
            if negation == "all" or (negation == "negatable" and flagged):
                negated = _is_negated(folded, start) if negated is None else negated
                if negated:
                    out.append((start, end, entry, label, True, weight * negated_weight))
                    continue
            out.append((start, end, entry, label, False, weight))
    return out


@pytest.mark.parametrize("name", ["issue_frames", "generic_frames", "persuasion", "hedges"])
@pytest.mark.parametrize("negation,negated_weight", [("negatable", 0.0), ("all", -1.0), ("none", 0.0)])
def test_column_scan_equals_a_per_match_loop(texts, name, negation, negated_weight):
    lex = load_lexicon(name)
    for text in texts:
        assert lex._scan(text, negation, negated_weight) == _reference_scan(lex, text, negation, negated_weight)


def test_column_scan_repeats_offsets_for_a_cue_under_several_labels():
    lex = Lexicon([("a", "tax*"), ("b", "taxes"), ("b", "cut", 1.0, {"negatable"}), ("c", "cut")])
    found = lex.scan_columns("Taxes, no cut.")
    assert (found.start, found.label, found.weight, found.negated) == (
        [0, 0, 10, 10], [1, 0, 1, 2], [1.0, 1.0, 0.0, 1.0], [False, False, True, False])
    assert lex.scan_columns("Taxes, no cut.") is found  # memoised


def test_rewritten_regexes_match_the_originals(texts):
    originals = {
        structure._PASSIVE: re.compile(
            r"\b(?:[Aa]m|[Ii]s|[Aa]re|[Ww]as|[Ww]ere|[Bb]e|[Bb]een|[Bb]eing|[Gg]ets?|[Gg]ot|[Gg]otten|[Gg]etting)"
            r"\s+((?:(?:not|never|also|still|already|later|then|now|[a-z]+ly)\s+){0,2})([a-z]+)\b"),
        persuasion._PATTERNS[3][1]: re.compile(r"\b[A-Z][A-Z’']{2,}(?:[ \t]+[A-Z][A-Z’']*)+\b|\b[A-Z]{5,}\b"),
        generic_frames._NUMBER: re.compile(r"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d"),
    }
    for text in texts:
        for fast, original in originals.items():
            assert [(m.span(), m.groups()) for m in fast.finditer(text)] == \
                   [(m.span(), m.groups()) for m in original.finditer(text)]


def test_scare_quotes_tried_at_candidates_equal_a_full_scan(texts):
    pattern = persuasion._PATTERNS[1][1]
    rng = random.Random(7)
    dets = ["the", "a", "an", "its", "your", "our", "this", "his", "so-called", "The", "xthe", "y-the"]
    made_up = []
    for _ in range(3000):
        made_up.append(rng.choice(["", "x ", "“"]) + "".join(
            rng.choice(dets) + rng.choice([" ", "  ", "\n", "", "\u00a0"]) + rng.choice("“‘\"")
            + rng.choice(["x", "big deal", "a b c", "a b c d", ""]) + rng.choice(["”", "’", "\"", ""])
            + rng.choice(["", " ", ", ", " said", " he", "they", " the "]) for _ in range(rng.randint(1, 5))))
    found = 0
    for text in texts + made_up:
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in persuasion._scare_quotes(pattern, text)] == expected
        found += len(expected)
    assert found > 500


def test_by_agent_in_place_and_paragraph_lead_equal_the_copies(texts):
    by_agent = re.compile(r"^[\s,]*(?:[\w’'-]+\s+){0,3}?by\b", re.IGNORECASE)
    particle = re.compile(r"^\s+(?:down|up|off|out|over|away|back)\s+by\b")
    for text in texts:
        for pos in range(0, len(text), 7):
            end = min(len(text), pos + 40)
            rest = text[pos:end]
            assert bool(structure._BY_AGENT_AT.match(text, pos, end) or structure._PARTICLE_BY_AT.match(text, pos, end)) \
                == bool(by_agent.match(rest) or particle.match(rest))
        spans = paragraph_spans(text)
        assert structure._paragraph_count_and_lead(text) == (len(spans), spans[0][1] if spans else 0)


def test_batched_primary_frames_equal_scoring_each_text_as_a_headless_article(texts):
    model = IssueFrames()
    bodies = [t for t in texts if t.strip()]
    leads = [paragraph_spans(t)[0][1] for t in bodies]
    batched = model.primary_frames_of_texts(bodies + bodies, [None] * len(bodies) + leads)
    one_by_one = model.primary_frames([{"title": "", "text": t} for t in bodies]
                                      + [{"title": "", "text": t[:end]} for t, end in zip(bodies, leads)]).tolist()
    assert [frame or "other" for frame in batched] == one_by_one
    assert sum(frame is not None for frame in batched) > len(bodies)
