from hypothesis import given, strategies as st

from framescope.text import normalise, sentence_spans, split_sentences, tokenize, word_spans


def test_abbreviations_do_not_split():
    assert split_sentences("The U.S. is one of Taipei's key allies. Mr. Wang said so.") == [
        "The U.S. is one of Taipei's key allies.", "Mr. Wang said so."]


def test_titles_months_and_corporate_suffixes():
    text = "Gen. Okafor met Sen. Lark on Jan. 5 at Vell Corp. headquarters. Dr. Mbeki left."
    assert len(split_sentences(text)) == 2


def test_sentences_do_not_cross_paragraphs():
    text = "First paragraph without a stop\n\nSecond one. Third."
    assert split_sentences(text) == ["First paragraph without a stop", "Second one.", "Third."]


@given(st.text(max_size=300))
def test_spans_are_inside_text(text):
    for a, b in sentence_spans(text):
        assert 0 <= a < b <= len(text)
        assert text[a:b].strip() == text[a:b]
    for a, b in word_spans(text):
        assert 0 <= a < b <= len(text)


def test_tokenize_keeps_inner_apostrophes():
    assert tokenize("Taipei’s don't O'Brien", lower=True) == ["taipei’s", "don't", "o'brien"]


def test_normalise_folds_quotes():
    assert normalise("‘firmly’  “opposes”") == "'firmly' \"opposes\""
