"""Tests of the lexicon file format and the one-pass cue matcher."""

import pickle

import numpy as np
import pytest

from framescope.errors import InputError, InvalidValueError
from framescope.framing.lexicon import (Lexicon, Match, available_lexicons, cached_sentence_spans,
                                        label_scores, load_lexicon, parse_lexicon, sentence_index,
                                        sentence_scores)


def spans(matches):
    return [(m.text, m.label) for m in matches]


def test_match_offsets_point_at_the_matched_text():
    lex = Lexicon([("a", "health care"), ("b", "econom*"), ("c", "children's")])
    text = "Health-care and the ECONOMY; Children’s rights.\n\nhealth\ncare"
    found = lex.match(text)
    assert [(m.label, m.text) for m in found] == [("a", "Health-care"), ("b", "ECONOMY"),
                                                   ("c", "Children’s"), ("a", "health\ncare")]
    for m in found:
        assert text[m.start:m.end] == m.text


def test_longest_cue_wins_and_whole_words_only():
    lex = Lexicon([("x", "tax"), ("y", "tax cut"), ("z", "tax cuts for the rich", 2)])
    assert spans(lex.match("tax cuts for the rich; a tax cut; tax; taxi; syntax")) == [
        ("tax cuts for the rich", "z"), ("tax cut", "y"), ("tax", "x")]


def test_wildcard_matches_prefix_and_exact_entry_is_preferred_per_label():
    lex = Lexicon([("e", "econom*", 1.0), ("e", "economy", 3.0), ("f", "econom*", 0.5)])
    found = lex.match("economy economists")
    assert [(m.text, m.label, m.weight, m.cue) for m in found] == [
        ("economy", "e", 3.0, "economy"), ("economy", "f", 0.5, "econom*"),
        ("economists", "e", 1.0, "econom*"), ("economists", "f", 0.5, "econom*")]


def test_wildcard_on_a_middle_token_of_a_multiword_cue():
    lex = Lexicon([("t", "tax* rise")])
    assert spans(lex.match("Taxes rise, tax rise, taxation rises")) == [("Taxes rise", "t"), ("tax rise", "t")]


def test_negation_within_three_tokens_same_sentence():
    lex = Lexicon([("h", "injured", 1.0, {"negatable"}), ("k", "killed", 1.0)])
    text = ("No one was injured. Nobody in the village was injured. Not injured. "
            "He wasn't seriously injured. Never. Injured. Not killed.")
    found = lex.match(text)
    assert [m.negated for m in found if m.label == "h"] == [True, False, True, True, False]
    assert [m.weight for m in found if m.label == "h"] == [0.0, 1.0, 0.0, 0.0, 1.0]
    # "killed" is not flagged negatable: only negation="all" tests it.
    assert [m.negated for m in found if m.label == "k"] == [False]
    assert [m.negated for m in lex.match(text, negation="all") if m.label == "k"] == [True]
    assert not any(m.negated for m in lex.match(text, negation="none"))
    assert [m.weight for m in lex.match("not injured", negated_weight=-1.0)] == [-1.0]


def test_bad_negation_mode_names_valid_ones():
    with pytest.raises(InvalidValueError, match="negatable"):
        Lexicon([("a", "x")]).match("x", negation="sometimes")


def test_empty_and_odd_inputs():
    lex = load_lexicon("issue_frames")
    assert lex.match("") == []
    assert lex.match("   \n\n ") == []
    assert lex.match("Ünïcödé 日本語のテキスト без пунктуации") == []
    # Characters whose lower case is longer than one character keep offsets aligned.
    text = "İstanbul police arrested him"
    assert [text[m.start:m.end] for m in lex.match(text)] == ["police", "arrested"]
    assert Lexicon([]).match("anything") == []


def test_offset_argument_shifts_spans():
    lex = Lexicon([("a", "word")])
    assert [(m.start, m.end) for m in lex.match("a word", offset=10)] == [(12, 16)]


def test_parse_header_columns_flags_and_errors():
    text = "# name: demo\n# built: by hand\n#   from notes\nlabel\tcue\tweight\tflags\n" \
           "a\tfirst cue\t2\tnegatable\nb\tsecond\n\n"
    lex = parse_lexicon(text, name="demo")
    assert lex.meta["built"] == "by hand"
    assert lex.labels == ("a", "b")
    assert [(e.cue, e.weight, sorted(e.flags)) for e in lex.entries] == [("first cue", 2.0, ["negatable"]),
                                                                          ("second", 1.0, [])]
    with pytest.raises(InputError, match=r"demo, line 2: weight 'heavy' is not a number"):
        parse_lexicon("label\tcue\tweight\na\tx\theavy\n", name="demo")
    with pytest.raises(InputError, match="unknown flag.*loud.*valid: negatable"):
        parse_lexicon("a\tx\t1\tloud\n")
    with pytest.raises(InputError, match="columns"):
        parse_lexicon("just-one-column\n")
    with pytest.raises(InputError, match=r"only at the end of a word"):
        parse_lexicon("a\tho*use\n")


def test_bundled_lexicons_load_by_name_and_by_path(tmp_path):
    assert {"issue_frames", "generic_frames"} <= set(available_lexicons())
    lex = load_lexicon("issue_frames")
    assert lex is load_lexicon("issue_frames")  # cached
    assert "built" in lex.meta and "date" in lex.meta
    path = tmp_path / "mine.tsv"
    path.write_text("# built: test\nx\thello world\n", encoding="utf-8")
    assert spans(load_lexicon(str(path)).match("Hello world!")) == [("Hello world", "x")]
    with pytest.raises(InvalidValueError, match="unknown lexicon 'nope'; valid: .*issue_frames"):
        load_lexicon("nope")
    with pytest.raises(InputError, match="not found"):
        load_lexicon(str(tmp_path / "missing.tsv"))


@pytest.mark.parametrize("table", ["referring_nouns.tsv", "roles.tsv", "person_nouns.tsv", "places.tsv",
                                   "demonyms.tsv", "anonymous_sources.tsv"])
def test_word_tables_list_each_key_once(table):
    # the readers keep the first row of a key, so a repeated row is silently ignored ("judges" was
    # listed twice)
    from collections import Counter

    from framescope.framing.lexicon import read_table

    # a referring noun may have two classes ("passengers": migrants, people), each listed once
    width = 2 if table == "referring_nouns.tsv" else 1
    keys = Counter(tuple(cell.strip().lower() for cell in row[:width]) for row in read_table(table))
    assert [k for k, n in keys.items() if n > 1] == []


def test_pickle_round_trip_keeps_behaviour():
    lex = Lexicon([("a", "tax*"), ("b", "crime rate")])
    lex.match("taxes")
    clone = pickle.loads(pickle.dumps(lex))
    assert clone.match("Taxes and the crime rate") == lex.match("Taxes and the crime rate")


def test_sentence_helpers():
    text = "Taxes rose. Crime fell and taxes fell.\n\nNo crime"
    lex = Lexicon([("econ", "tax*"), ("crime", "crime", 2.0)])
    found = lex.match(text)
    sents = cached_sentence_spans(text)
    assert sentence_index(found, sents).tolist() == [0, 1, 1, 2]
    assert sentence_scores(found, sents, ["econ", "crime", "unused"]).tolist() == [
        [1.0, 0.0, 0.0], [1.0, 2.0, 0.0], [0.0, 2.0, 0.0]]
    assert label_scores(found, ["crime"]).tolist() == [4.0]
    assert sentence_index(found, []).tolist() == [-1, -1, -1, -1]
    assert sentence_scores([], [], ["econ"]).shape == (0, 1)
    assert lex.count_matrix([text, "", "nothing"]).toarray().tolist() == [[2.0, 4.0], [0.0, 0.0], [0.0, 0.0]]


def test_long_text_is_matched_completely():
    lex = Lexicon([("a", "budget deficit")])
    text = "The budget deficit grew. " * 20000  # 100k words
    found = lex.match(text)
    assert len(found) == 20000
    assert isinstance(found[0], Match)
    assert np.all(np.diff([m.start for m in found]) > 0)


def test_match_arrays_equal_match():
    lex = load_lexicon("issue_frames")
    text = "No one was injured. Taxes rose as police arrested protesters near the Supreme Court."
    found = lex.match(text)
    arrays = lex.match_arrays(text)
    assert arrays.start.tolist() == [m.start for m in found]
    assert arrays.end.tolist() == [m.end for m in found]
    assert [lex.labels[i] for i in arrays.label] == [m.label for m in found]
    assert arrays.weight.tolist() == [m.weight for m in found]
    assert arrays.negated.tolist() == [m.negated for m in found]
    empty = lex.match_arrays("")
    assert empty.start.shape == (0,) and empty.weight.dtype == float


TRICKY = [
    "Prices rose 3.5 percent. Wages fell.",
    "He lives at No. 10 Downing St. today. Then left.",
    "Wait... what? Really?! Yes.",
    "“We are desperate.” She cried. “No!” he said.",
    "It was e.g. fine. Next.",
    "Inflation hit 4.2%. Rates rose.",
    "HEADLINE WITHOUT PUNCTUATION\nBody starts here. Ends.",
    "On Jan. 5 at 3 p.m. the council met. It voted.",
    "Ends with abbreviation Inc. The next one.",
    "Gen. Okafor left on Jan. 5. He returned.\n\nA new paragraph… And more.",
    "",
    "no punctuation at all here",
]


@pytest.mark.parametrize("text", TRICKY)
def test_fast_sentence_splitter_agrees_with_punkt(text):
    from framescope.framing.lexicon import fast_sentence_spans
    from framescope.text import sentence_spans

    assert fast_sentence_spans(text) == sentence_spans(text)


def test_fast_sentence_splitter_agrees_with_punkt_on_the_corpus():
    from framescope.datasets import load
    from framescope.framing.lexicon import fast_sentence_spans
    from framescope.text import sentence_spans

    articles = load("harbor-city").articles
    total = same = 0
    for text in list(articles["text"]) + list(articles["title"]):
        punkt = set(sentence_spans(text))
        total += len(punkt)
        same += len(punkt & set(fast_sentence_spans(text)))
    assert total > 100 and same / total >= 0.99
