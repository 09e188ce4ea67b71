"""Same-event grouping across outlets: automatic, correctable, persisted and evaluated.

How :func:`group_events` works (and what it does not do)
--------------------------------------------------------
1. **Representation.** Each article becomes two sparse vectors, hashed into 2**20
   columns (no vocabulary to hold in memory):

   * *words*: TF-IDF (sublinear tf, English stop words removed, words reduced to their
     Snowball stems so that "strikers", "striking" and "strike" count as one term
     (Porter 1980; stemming is standard in topic detection and tracking), unigrams and
     bigrams of stems) over the title and lead paragraph (both counted twice; a wire dateline
     such as ``HARBOR CITY, March 11 (Wire) -`` is dropped) and the first
     ``max_words`` words of the body;
   * *specifics*: TF-IDF over proper names and numbers: capitalised words that do not
     start a sentence, adjacent pairs of them (``rosa_ilvane``) and numbers (``41``,
     ``3.1%``, ``52.4``). A word the collection mostly writes in lower case is not a
     name (sentence-initial ``Police``, a tabloid's ``RANSOM``); all-capital words
     longer than five letters are emphasis, not acronyms. Headline-Case titles give
     only their numbers.

   A sentence's first word is capitalised whatever it is, so it counts as a name only if
   the collection writes it capitalised in mid-sentence elsewhere ("Kenyan teachers
   began ..." once another text has "Millions of Kenyan children"), and is not named by
   more than a quarter of the articles (:data:`COMMON_NAME_SHARE`).

   Both are counted without per-token Python work: each distinct whitespace piece is
   cut into words once, each distinct capitalised run is turned into name keys once
   (runs that start a sentence come from a second regex pass and lose their first
   word, put back when it is a name), and the counts are assembled with numpy; word
   columns are sklearn's ``HashingVectorizer`` columns, bigram columns mix the two
   words' hashes.

   IDF is computed on the whole collection being grouped. Each row is divided by
   ``max(norm, 0.5 * median norm)`` (pivoted normalisation: a near-empty article
   cannot reach a high cosine through one common word) and the word rows keep their
   ``max_terms`` heaviest terms. The similarity of two articles is
   ``(1 - name_weight) * words + name_weight * specifics`` (dot products); for an
   article with no names or numbers (lower-case text, non-Latin scripts) the words
   carry the full weight. Names and numbers are what tell two same-topic events apart
   (two strikes in one week have different unions, employers, people and numbers) and
   what holds one story together across very different wording.
2. **Evidence gate.** Two articles that both contain names or numbers may only be
   linked if they share at least ``min_shared_specifics`` of them. Two articles from
   the same outlet have their similarity multiplied by ``same_outlet_weight`` (their
   shared boilerplate, bylines and style inflate it; an outlet seldom covers one event
   twice within days).
3. **Blocking.** Only pairs published within ``window_days`` of each other are
   compared: articles are sorted by date and each block of rows is scored against the
   articles that follow within the window as a dense block x window array (sparse
   products of the word rows and of the name rows; the at most 128 names/numbers found
   in more than 1 % of the articles, which would make the name product dense anyway,
   through a small dense product; blocks shrink when a window is crowded), so memory
   is bounded by the block, never ``n x n``. The sparse products of a block use only
   the columns its window contains; blocks are scored on several threads (``n_jobs``)
   and gathered in order, and BLAS runs on one thread, so the edges do not depend on
   the number of threads. Each article keeps its ``neighbours`` best links above half
   the threshold. Undated articles are compared with every article
   (no blocking for them), so they can join events of dated articles; a collection
   with no dates at all is grouped without blocking (quadratic time, bounded memory).
4. **Clustering.** Exact average linkage (UPGMA) on that sparse graph: the two
   clusters with the highest mean pairwise similarity are merged while that mean is at
   least ``threshold``. Pairs that were not compared or fell below the candidate floor
   count as similarity 0, so a cluster cannot grow by chaining. Articles with an
   identical title and text are collapsed first (one weighted node), so thousands of
   identical articles cost nothing. Edges between different connected components of
   the graph of edges at or above ``threshold`` are dropped first: such an edge can
   never join a merged cluster nor decide a merge (see ``_linkable``).
   **Orphans** (``attach_orphans``): an article left alone joins the cluster of its
   strongest candidate link when that cluster has no article from its outlet and its
   strongest link anywhere else is at most :data:`ORPHAN_MARGIN` (3/4) of it; two such
   orphans of different outlets that are each other's strongest link form a pair. Average
   linkage asks a newcomer for a mean similarity of ``threshold`` to every member, which a
   short or differently worded lead (a tabloid's, or one opening on a person's story)
   rarely reaches although its best link is unambiguous. An article still alone then
   gets the same test on word similarity alone (names ignored; other outlets, same
   window; the best link at least ``threshold / 2``, the best link to any other cluster
   at most :data:`WORD_ORPHAN_MARGIN` (1/2) of it): candidate links need a shared name
   when both articles carry names, and a lead naming only its own people ("Deputy
   Minister Pawel Nowicki said the shipyard's offer ...") shares none with the wire
   copy of its event. Undated articles take part as in the candidate search (within
   every article's window). Clusters of one
   article are singletons (no event).
5. **Near-duplicates.** Linked pairs whose word 5-gram shingle sets (of title and text,
   or of the text alone: a reprint often runs under the outlet's own headline) have
   Jaccard similarity >= ``duplicate_threshold``, or differ by one local edit (one word
   changed, added or dropped: Jaccard is harsh on short texts), are reprints; every
   copy points (``duplicate_of``) at the earliest article of its group (ties: lowest id).

Default threshold (:data:`DEFAULT_THRESHOLD` = 0.1). On full articles an article's
mean similarity to the other coverage of its own event is typically 0.15-0.6, and to
other events of the same week (same topic included) below 0.08; 0.1 sits near the
geometric middle of that gap. It was checked on the teaching corpus, not fitted to it:
every threshold from 0.06 to 0.12 reproduces its gold events exactly. Higher values
give smaller, purer events; ``threshold`` overrides it.

Measured (see the tests and ``benchmarks/``), B-cubed F1, with the baseline of
``tests/test_events_baseline.py`` (TF-IDF, average linkage, best threshold in hindsight) in
brackets. In-sample: teaching corpus, full articles 1.0 (1.0); cut to title + lead 0.91
(0.87) and to 40-word excerpts 0.91 (0.82); 137 hand-written title + lead items, 45 events on
shared topics (``tests/fixtures/shortnews``): 0.94 (0.79). Held out (never tuned on): 88 full
articles from three outlets, 30 events with seven same-topic twin pairs
(``tests/fixtures/fullnews``): 1.0 (0.98), cut to title + lead 0.95 (0.84), to excerpts 0.90
(0.78); 285 title + lead items, 100 events in 20 topic clusters (``tests/fixtures/briefnews``):
0.86 (0.77), leads alone 0.77 (0.65); 216 title + lead items from three outlets of different
leanings, 73 events (``tests/fixtures/politicsnews``): 0.89 (0.75); 236 dated excerpts without
headlines, 91 events (``tests/fixtures/excerptnews``): 0.82 (0.64). Synthetic 10,000-article
corpus of same-topic events that differ only in names, numbers and dates: 0.95.

Limits: it is lexical (no embeddings), so coverage of one event with no shared names,
numbers or words will not come together, which matters most for short texts;
long-running stories that drift over more than ``window_days`` split into several
events, while developments of one story a day or two apart that share its names (a search
called off, then an inquiry ordered) merge into one; the English stop word list is used for
every language; names are found only in scripts with capital letters (elsewhere the words
carry the similarity alone).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import re
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from framescope.errors import InputError, InvalidValueError, NotFoundError
from framescope.runtime import paused_gc
from framescope.text import stem

DEFAULT_WINDOW_DAYS = 3.0
"""Default blocking window: coverage of one news event mostly falls within a few days."""

DEFAULT_THRESHOLD = 0.1
"""Default average-linkage similarity threshold (see the module docstring for why 0.1)."""

DEFAULT_NAME_WEIGHT = 0.5
DEFAULT_NEIGHBOURS = 40
DEFAULT_MAX_WORDS = 300
DEFAULT_MAX_TERMS = 50
DEFAULT_SAME_OUTLET_WEIGHT = 0.5
DEFAULT_DUPLICATE_THRESHOLD = 0.8
ORPHAN_MARGIN = 0.75
"""An orphan joins the event of its strongest link only if its strongest link to anything
else is at most this share of it (see :func:`_attach_orphans`)."""
COMMON_NAME_SHARE = 0.25
"""A sentence-initial word is put back as a name only if fewer than this share of the articles name it
(see :func:`_with_initial_names`)."""
WORD_ORPHAN_MARGIN = 0.5
"""The same share for orphans attached on word similarity alone (stricter: weaker evidence)."""
GROUPING_VERSION = 7
"""Raised whenever a change to the grouping code changes its results (2: orphan attachment,
text-only reprints, sentence-case titles under a shouted kicker; 3: orphans attached on word
similarity; 4: labels without one outlet's shouting; 5: reprints one local edit apart, undated
orphans in the word step; 6: stemmed words; 7: sentence-initial names put back); a store grouped by another version is grouped again by
``framescope events`` (:func:`needs_regroup`)."""
N_FEATURES = 2 ** 20

_MONTHS_DAYS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mr mrs ms dr".split())
_NAME_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[^\W_]|[^\W\d_]", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,:])\d[\d,.:]*\d%?|(?<![\w.,:])\d%?")
_GAP_ENDS_SENTENCE = re.compile(r"[.!?:;]|(?:^|\s)[\"“‘«(\[]$")
_DATELINE = re.compile(r"^\s*[A-Z][A-Z .'’-]{1,40}(?:,[^()\n]{1,30})?(?:\s*\([^)\n]{1,40}\))?\s*[-–—]+\s+")
_SHINGLE_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_SHOUT_MAX = 5  # all-capital words longer than this are emphasis, not acronyms
_WORD_PATTERN = r"(?u)\b\w\w+\b"


# --------------------------------------------------------------------------- results
@dataclass
class EventGrouping:
    """What :func:`group_events` found.

    Attributes
    ----------
    assignments : Series indexed by article id: the event id, or None for a singleton.
    duplicate_of : Series indexed by article id: the id of the article this one
        reprints (the earliest copy), or None.
    events : DataFrame, one row per event: ``id``, ``label``, ``first``, ``last``,
        ``outlets`` (list), ``articles`` (list of ids), ``n_articles``, ``n_outlets``.
    params : the settings used (threshold, window_days, ...).
    """

    assignments: pd.Series
    duplicate_of: pd.Series
    events: pd.DataFrame
    params: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"EventGrouping({len(self.events)} events, {int(self.assignments.notna().sum())} of "
                f"{len(self.assignments)} articles grouped, {int(self.duplicate_of.notna().sum())} duplicates)")


EVENT_COLUMNS = ["id", "label", "first", "last", "outlets", "articles", "n_articles", "n_outlets"]


# --------------------------------------------------------------------------- features
def _is_heading_case(title: str) -> bool:
    """Is ``title`` written so that its capitals say nothing about names?

    True for Headline Case (nearly every word of four or more letters that is not a
    function word capitalised: ``Storm Helga Kills Two``) and for an all-capital title;
    False for sentence case, however many names it holds (``Varga beats Kowal to win
    Madrid Open title``). All-capital words (a tabloid kicker, ``KILLER STORM:``) are
    ignored in the count.

    Examples
    --------
    >>> _is_heading_case("Storm Helga Kills Two In Northern Germany"), _is_heading_case("BLOODBATH ON THE ESTATE")
    (True, True)
    >>> _is_heading_case("KILLER STORM: Tree crushes driver as Helga batters Germany")
    False
    """
    words = [w for w in _NAME_TOKEN.findall(title) if len(w) > 3]
    if not words:
        return False
    stop = _stop_words()
    mixed = [w for w in words if not w.isupper() and w.lower() not in stop]
    if not mixed:
        return True
    return sum(w[0].isupper() for w in mixed) >= 0.9 * len(mixed)


def _abbreviations() -> frozenset:
    from framescope.text import ABBREVIATIONS

    return ABBREVIATIONS


_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽА-ЯЁΑ-Ω"
_CAP_WORD = rf"[{_UPPER}](?:[\w'’.-]*\w)?"
# one pass finds runs of capitalised words and numbers
_SPECIFIC = re.compile(rf"(?<![\w'’-])(?:{_CAP_WORD}(?:[ \t]+{_CAP_WORD})*|\d(?:[\d,.:]*\d)?%?)")
_OPENERS = "\"“‘«([„"
_PREVIOUS_WORD = re.compile(r"(\w+)\.\s*$")
_SKIP: frozenset | None = None


def _candidates(text: str) -> list[str]:
    """Name candidates (capitalised words not starting a sentence, adjacent pairs) and numbers.

    The one-text reference for the featurisation, which finds the same runs with two regex
    passes over many texts at once (``tests/test_events_corpus.py`` checks they agree).
    """
    global _SKIP
    if _SKIP is None:
        _SKIP = _stop_words() | _MONTHS_DAYS
    skip, abbrev = _SKIP, _abbreviations()
    out: list[str] = []
    append = out.append
    for match in _SPECIFIC.finditer(text):
        group = match.group()
        if group[0].isdigit():
            if match.start() and text[match.start() - 1] in ".,:":
                continue
            append("#" + group.rstrip(".,:").replace(",", ""))
            continue
        start = match.start()
        if start == 0:
            initial = True
        else:
            before = text[max(0, start - 12):start].rstrip(" \t")
            if not before:
                initial = True
            else:
                last = before[-1]
                if last == "\n":
                    initial = True
                elif last in ".!?:;":
                    previous = _PREVIOUS_WORD.search(before) if last == "." else None
                    initial = not (previous and previous.group(1).lower() in abbrev)
                elif last in _OPENERS:
                    initial = text[start - 1] == last
                else:
                    initial = False
        out.extend(_run_keys(group, initial, skip))
    return out


_STOP: frozenset | None = None


def _stop_words() -> frozenset:
    global _STOP
    if _STOP is None:
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        _STOP = frozenset(ENGLISH_STOP_WORDS)
    return _STOP


_RAW_WORD = re.compile(r"\w\w+")  # sklearn's default token pattern, applied to whitespace-split pieces
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_FEATURE_ROWS = 2000  # articles featurised at a time (bounds the temporary token arrays)
_THREADED_ROWS = 20000  # from this many articles on, word weighting and name filtering run on two threads


def _abbreviation_guard() -> str:
    """Negative lookbehinds: a full stop after an abbreviation (``Mr.``, ``Gen.``) does not end a sentence."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(_abbreviations()):
        if re.fullmatch(r"\w+", word):
            by_length.setdefault(len(word), []).append(re.escape(word))
    return "".join(rf"(?<!\b(?i:{'|'.join(words)})\.)" for _, words in sorted(by_length.items()))


_CAP_RUN = rf"{_CAP_WORD}(?:[ \t]+{_CAP_WORD})*"
_INITIAL_RUN: re.Pattern | None = None


def _initial_run_pattern() -> re.Pattern:
    """Capitalised runs that start a sentence (the runs of ``_SPECIFIC`` whose first word is dropped).

    A run starts a sentence after ``!?:;`` or a line break (then any spaces), after a full
    stop and at least one space (not after an abbreviation), or right after an opening
    quote or bracket. (A full stop glued to the next word, ``end.The``, is not taken as a
    sentence end: inside ``U.S`` it is part of a name.)
    """
    global _INITIAL_RUN
    if _INITIAL_RUN is None:
        _INITIAL_RUN = re.compile(rf"(?:[!?:;\n][ \t]*|\.{_abbreviation_guard()}[ \t]+|[{re.escape(_OPENERS)}])"
                                  rf"({_CAP_RUN})")
    return _INITIAL_RUN


def _run_keys(run: str, initial: bool, skip: frozenset) -> tuple:
    """Name keys of one capitalised run (as :func:`_candidates` makes them)."""
    words = run.split()
    if initial:
        if len(words) == 1:
            return ()
        words = words[1:]
    out: list[str] = []
    previous_key = None
    for word in words:
        lower = word.lower()
        if lower.endswith(("'s", "’s")):
            lower = lower[:-2]
        if len(lower) < 2 or lower in skip or (len(word) > _SHOUT_MAX and word.isupper()):
            previous_key = None
            continue
        if previous_key is not None:
            out.append(previous_key + "_" + lower)
        out.append(lower)
        previous_key = lower
    return tuple(out)


_FIRST_WORD_KEYS: dict[str, tuple] = {}


def _first_word_keys(run: str, skip: frozenset) -> tuple:
    """The keys a run loses when it starts a sentence (its first word and the pair it starts)."""
    keys = _FIRST_WORD_KEYS.get(run)
    if keys is None:
        if len(_FIRST_WORD_KEYS) > 200_000:
            _FIRST_WORD_KEYS.clear()
        keys = _FIRST_WORD_KEYS[run] = tuple(
            (Counter(_run_keys(run, False, skip)) - Counter(_run_keys(run, True, skip))).elements())
    return keys


def _split_article(title: str, text: str, max_words: int) -> tuple[str, str, list[str]]:
    """Title, lead paragraph (without a wire dateline) and the first ``max_words`` words after it."""
    title = title or ""
    text = (text or "").strip()
    if not text:
        return title, "", []
    pieces = _PARAGRAPH_BREAK.split(text, 1)
    lead = _DATELINE.sub("", pieces[0].strip(), count=1)
    body = pieces[1].split(None, max_words)[:max_words] if len(pieces) > 1 and max_words > 0 else []
    return title, lead, body


def _parts(title: str, text: str, max_words: int) -> tuple[str, str, str]:
    """Title, lead paragraph (without a wire dateline) and the truncated body after it."""
    title, lead, body = _split_article(title, text, max_words)
    return title, lead, " ".join(body)


def _factorize(lists: list[list]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes of every item of every list (flattened), the distinct items, and each list's length."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = np.fromiter(chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    if not len(flat):
        return np.zeros(0, np.int64), np.zeros(0, object), lengths
    codes, uniques = pd.factorize(flat)
    return codes.astype(np.int64), np.asarray(uniques, dtype=object), lengths


def _expand(codes, lengths, item_lengths, item_starts, owners):
    """Replace each code by its item's run of sub-values; return (positions into the flat sub-values, owner)."""
    counts = item_lengths[codes]
    total = int(counts.sum())
    owner = np.repeat(np.repeat(owners, lengths), counts)
    ends = np.cumsum(counts)
    positions = np.repeat(item_starts[codes] - (ends - counts), counts) + np.arange(total, dtype=np.int64)
    return positions, owner


def _ragged_codes(lists) -> tuple[np.ndarray, np.ndarray, np.ndarray, list]:
    """Like :func:`_ragged` for lists of strings: lengths, starts, codes of the flattened strings, distinct strings."""
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    starts = np.zeros(len(lengths), dtype=np.int64)
    if len(lengths) > 1:
        np.cumsum(lengths[:-1], out=starts[1:])
    flat = np.fromiter(chain.from_iterable(lists), dtype=object, count=int(lengths.sum()))
    if not len(flat):
        return lengths, starts, np.zeros(0, np.int64), []
    codes, uniques = pd.factorize(flat)
    return lengths, starts, codes.astype(np.int64), list(uniques)


def _hashes(tokens) -> np.ndarray:
    """Signed 32-bit murmurhash3 (seed 0) of each token, as sklearn's hashing vectorizers use."""
    from sklearn.utils import murmurhash3_32

    return np.fromiter((murmurhash3_32(t, 0) for t in tokens), dtype=np.int64, count=len(tokens))


def _mix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The column of the bigram ``a b`` from its words' 32-bit hashes (splitmix64 finaliser)."""
    x = (a.astype(np.uint64) << np.uint64(32)) | b.astype(np.uint64)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x % np.uint64(N_FEATURES)).astype(np.int64)


def _word_counts(token_lists: list[list[str]], rows: np.ndarray, weights: np.ndarray, n_rows: int):
    """Hashed unigram + bigram counts of stemmed words (stop words removed first, as sklearn does)
    of whitespace-split texts.

    Each piece is lower-cased and cut into ``\\w\\w+`` tokens once per distinct piece,
    and each distinct token is stemmed once (:func:`framescope.text.stem`); unigram
    columns are sklearn's (murmurhash3 of the stem), bigram columns mix the two stems'
    hashes. ``rows``/``weights`` give each list's output row and weight.
    """
    codes, uniques, lengths = _factorize(token_lists)
    stop = _stop_words()
    findall = _RAW_WORD.findall
    subs = []
    for piece in uniques.tolist():
        piece = piece.lower()
        if piece.isalnum() and len(piece) > 1:  # the piece is one token (the usual case)
            subs.append(() if piece in stop else (piece,))
        else:
            subs.append([token for token in findall(piece) if token not in stop])
    item_lengths, item_starts, sub_codes, vocab = _ragged_codes(subs)
    if len(vocab):  # inflections of a word are one term: each distinct token is stemmed once
        stem_codes, vocab = pd.factorize(np.fromiter(map(stem, vocab), dtype=object, count=len(vocab)))
        sub_codes = stem_codes.astype(np.int64)[sub_codes]
    hashes = _hashes(vocab)
    columns = np.abs(hashes) % N_FEATURES  # sklearn's column (see _column_of)
    hashes &= 0xFFFFFFFF
    if not len(codes):
        return sp.csr_matrix((n_rows, N_FEATURES), dtype=np.float32)
    positions, owner = _expand(codes, lengths, item_lengths, item_starts, np.arange(len(token_lists)))
    seq = sub_codes[positions]
    pair = owner[1:] == owner[:-1]
    first, second = seq[:-1][pair], seq[1:][pair]
    cols = np.concatenate([columns[seq], _mix(hashes[first], hashes[second])])
    owners = np.concatenate([owner, owner[1:][pair]])
    out = sp.csr_matrix((weights[owners].astype(np.float32), (rows[owners], cols)), shape=(n_rows, N_FEATURES))
    out.sum_duplicates()
    return out


_SPECIFIC_FOUND = re.compile(rf"(?<![\w'’-])(?:{_CAP_RUN}|(?<![.,:])\d(?:[\d,.:]*\d)?%?)")


def _spec_counts(docs: list[str], numbers_only: list[bool], rows: np.ndarray, n_rows: int):
    """Hashed counts of the names and numbers :func:`_candidates` finds in each text, the names seen,
    and the hashed counts of the first words of sentence-initial runs (which :func:`_candidates`
    leaves out: :func:`_features` puts back those the collection writes as names elsewhere).

    Two regex passes per text (every capitalised run and number; the runs that start a
    sentence) and the run-to-keys work once per distinct run: a sentence-initial run
    gives the keys of the same run without its first word.
    """
    global _SKIP
    if _SKIP is None:
        _SKIP = _stop_words() | _MONTHS_DAYS
    skip = _SKIP
    initial = _initial_run_pattern()
    found: list[list[str]] = []
    starts: list[list[str]] = []
    for text, only_numbers in zip(docs, numbers_only):
        if not text:
            found.append([])
            starts.append([])
        elif only_numbers:
            found.append([item for item in _SPECIFIC_FOUND.findall(text) if item[0].isdigit()])
            starts.append([])
        else:
            found.append(_SPECIFIC_FOUND.findall(text))
            starts.append(initial.findall("\n" + text))
    codes1, items1, lengths1 = _factorize(found)
    codes2, items2, lengths2 = _factorize(starts)
    lists1 = [("#" + item.replace(",", ""),) if item[0].isdigit() else _run_keys(item, False, skip)
              for item in items1.tolist()]
    lists2 = [_first_word_keys(item, skip) for item in items2.tolist()]
    lengths_both, starts_both, key_codes, key_list = _ragged_codes(lists1 + lists2)
    split = len(lists1)
    docs_index = np.arange(len(docs))
    keys, owners, signs = [], [], []
    for codes, lengths, item_lengths, item_starts, sign in (
            (codes1, lengths1, lengths_both[:split], starts_both[:split], 1.0),
            (codes2, lengths2, lengths_both[split:], starts_both[split:], -1.0)):
        if not len(codes):
            continue
        flat = key_codes
        positions, owner = _expand(codes, lengths, item_lengths, item_starts, docs_index)
        keys.append(flat[positions])
        owners.append(owner)
        signs.append(np.full(len(owner), sign, dtype=np.float32))
    if not keys:
        empty = sp.csr_matrix((n_rows, N_FEATURES), dtype=np.float32)
        return empty, set(), empty.copy()
    owner = np.concatenate(owners)
    all_keys, all_signs, all_rows = np.concatenate(keys), np.concatenate(signs), rows[owner]
    counts = sp.csr_matrix((all_signs, (all_rows, all_keys)), shape=(n_rows, len(key_list)))
    counts.sum_duplicates()
    np.maximum(counts.data, 0, out=counts.data)  # a first word is only removed where it was counted
    counts.eliminate_zeros()
    found = all_signs > 0
    removed = (sp.csr_matrix((all_signs[found], (all_rows[found], all_keys[found])), shape=counts.shape)
               - counts).tocoo()  # the first words of sentence-initial runs, taken out above
    present = np.flatnonzero(np.bincount(counts.indices, minlength=len(key_list)))
    names = {key_list[k] for k in present.tolist() if not key_list[k].startswith("#")}
    columns = _columns_of(key_list)
    coo = counts.tocoo()
    out = sp.csr_matrix((coo.data.astype(np.float32), (coo.row, columns[coo.col])), shape=(n_rows, N_FEATURES))
    out.sum_duplicates()
    initial = sp.csr_matrix((removed.data.astype(np.float32), (removed.row, columns[removed.col])),
                            shape=(n_rows, N_FEATURES))
    initial.sum_duplicates()
    initial.eliminate_zeros()
    return out, names, initial


@paused_gc()
def _featurise_chunk(titles: list[str], texts: list[str], max_words: int):
    """Hashed word counts (title and lead counted twice), hashed name/number counts, names seen, and the
    hashed counts of the sentence-initial first words left out of the names (see :func:`_spec_counts`)."""
    n = len(titles)
    lead_tokens, body_tokens, spec_docs, numbers_only = [], [], [], []
    for title, text in zip(titles, texts):
        title, lead, body = _split_article(title, text, max_words)
        lead_tokens.append(title.split() + lead.split())
        body_tokens.append(body)
        spec_docs += (title, lead, " ".join(body))
        # In Headline Case every word is capitalised: take only the title's numbers
        numbers_only += (not title or _is_heading_case(title), False, False)
    index = np.arange(n)
    words = _word_counts(lead_tokens + body_tokens, np.concatenate([index, index]),
                         np.concatenate([np.full(n, 2.0), np.ones(n)]), n)
    specs, names, initial = _spec_counts(spec_docs, numbers_only, np.repeat(index, 3), n)
    return words, specs, names, initial


def _feature_workers(n: int, n_jobs: int | None) -> int:
    """Processes that featurise ``n`` articles, this one included; ``n_jobs`` None means all cores from 20,000 on."""
    if n_jobs is None:
        n_jobs = -1 if n >= 20000 else 1
    if n_jobs == 1 or n <= 1:
        return 1
    return n_jobs if n_jobs > 0 else (os.cpu_count() or 1)


def _worker_pool(workers: int):
    """joblib's reusable loky worker pool (the one ``Parallel`` uses; a pool made outside joblib breaks it)."""
    from joblib.executor import get_memmapping_executor

    return get_memmapping_executor(workers)


def _featurise_shared(titles: list[str], texts: list[str], max_words: int, workers: int) -> list:
    """:func:`_featurise_chunk` of every chunk, shared between this process and ``workers - 1`` pool workers.

    The workers always have two chunks each queued; this process featurises the next
    chunk itself whenever none of theirs has come back (so one core is not spent on
    waiting, nor on starting and feeding a worker of its own). Chunks are returned in order.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    n = len(titles)
    step = max(1, min(_FEATURE_ROWS, -(-n // workers)))
    starts = list(range(0, n, step))
    parts: list = [None] * len(starts)
    executor = _worker_pool(workers - 1)
    in_flight: dict = {}
    queued = 0

    def chunk(k):
        return titles[starts[k]:starts[k] + step], texts[starts[k]:starts[k] + step]

    while queued < len(starts) or in_flight:
        for k in [k for k, future in in_flight.items() if future.done()]:
            parts[k] = in_flight.pop(k).result()
        while queued < len(starts) and len(in_flight) < 2 * (workers - 1):
            in_flight[queued] = executor.submit(_featurise_chunk, *chunk(queued), max_words)
            queued += 1
        if queued < len(starts):
            parts[queued] = _featurise_chunk(*chunk(queued), max_words)
            queued += 1
        elif in_flight:
            wait(list(in_flight.values()), return_when=FIRST_COMPLETED)
    return parts


def _warm_up() -> bool:
    """Run in a worker: import and compile what featurisation needs (sklearn's hasher, stop words, regexes)."""
    _stop_words()
    _hashes(["warm"])
    _initial_run_pattern()
    return True


def _start_feature_workers(n: int, n_jobs: int | None) -> None:
    """Start the featurising workers (and their imports) now, while this process is still reading and preparing."""
    workers = _feature_workers(n, n_jobs)
    if workers > 1:
        executor = _worker_pool(workers - 1)
        for _ in range(workers - 1):
            executor.submit(_warm_up)


@dataclass
class _Features:
    words: sp.csr_matrix        # word TF-IDF rows (pivot-normalised, pruned)
    specs: sp.csr_matrix        # name/number TF-IDF rows (pivot-normalised)
    spec_counts: sp.csr_matrix  # kept name/number counts (for labels)
    spec_df: np.ndarray         # document frequency per hashed name column
    word_df: np.ndarray         # document frequency per hashed word column
    column_key: dict            # hashed name column -> name key


def _features(titles: list[str], texts: list[str], *, max_words: int, max_terms: int,
              n_jobs: int | None = None, parts=None) -> _Features:
    """Vectorise articles (see the module docstring); IDF over the whole collection."""
    n = len(titles)
    workers = _feature_workers(n, n_jobs)
    if parts is not None:
        pass  # precomputed by the caller (group_events(featuriser=...))
    elif workers > 1:
        parts = _featurise_shared(titles, texts, max_words, workers)
    else:
        parts = [_featurise_chunk(titles[i:i + _FEATURE_ROWS], texts[i:i + _FEATURE_ROWS], max_words)
                 for i in range(0, max(n, 1), _FEATURE_ROWS)]
    words = sp.vstack([p[0] for p in parts], format="csr")
    specs = sp.vstack([p[1] for p in parts], format="csr")
    names: set = set().union(*(p[2] for p in parts))
    specs = _with_initial_names(specs, sp.vstack([p[3] for p in parts], format="csr"), names)
    del parts  # (memory: the stacked copies replace them)
    word_df = np.bincount(words.indices, minlength=N_FEATURES)

    def word_rows(counts):  # (in place: the word counts are not needed afterwards)
        return _keep_top(_pivot_normalise(_sublinear_tfidf(counts, word_df, copy=False)), max_terms)

    # the word rows on a second thread while this one filters the names (they share no data:
    # the filter reads only ``word_df``); numpy releases the lock for most of the word work
    pool = None
    if words.shape[0] >= _THREADED_ROWS:
        from concurrent.futures import ThreadPoolExecutor

        pool = ThreadPoolExecutor(max_workers=1)
        word_future = pool.submit(word_rows, words)
    try:
        specs, column_key = _filter_names(specs, None, sorted(names), all_df=word_df)
        spec_df = np.bincount(specs.indices, minlength=N_FEATURES)
        Xs = _pivot_normalise(_sublinear_tfidf(specs, spec_df))
        Xw = word_future.result() if pool is not None else word_rows(words)
    finally:
        if pool is not None:
            pool.shutdown()
    del words
    return _Features(Xw, Xs, specs, spec_df, word_df, column_key)


def _with_initial_names(specs, initial, names: set) -> sp.csr_matrix:
    """``specs`` plus the sentence-initial first words that are names: words the collection writes
    capitalised in mid-sentence elsewhere ("Kenyan teachers began ..." after a dateline, when another
    text has "Millions of Kenyan children"), unless found in more than :data:`COMMON_NAME_SHARE` of
    the articles (a name nearly every article carries, the city they all report from, is no
    evidence, and would give a lead whose only name it is a link to every article)."""
    if not names or not initial.nnz:
        return specs
    keep = np.zeros(N_FEATURES, dtype=np.float32)
    keep[_columns_of(sorted(names))] = 1.0
    keep[np.bincount(specs.indices, minlength=N_FEATURES) > COMMON_NAME_SHARE * specs.shape[0]] = 0.0
    return (specs + initial @ sp.diags(keep)).tocsr()


def _sublinear_tfidf(counts, df: np.ndarray, copy: bool = True) -> sp.csr_matrix:
    """``TfidfTransformer(sublinear_tf=True, norm=None).fit_transform(counts)`` with the same float arithmetic.

    ``df`` is the document frequency of every column (``np.bincount(counts.indices)``,
    computed once by the caller); the IDF is sklearn's smooth ``log((1 + n) / (1 + df)) + 1``
    in the counts' float type. ``copy=False`` works in place on the CSR counts.
    """
    dtype = counts.dtype if counts.dtype in (np.float64, np.float32) else np.float64
    smoothed = df.astype(dtype)
    smoothed += 1.0
    idf = np.full_like(smoothed, fill_value=counts.shape[0] + 1, dtype=dtype)
    idf /= smoothed
    np.log(idf, out=idf)
    idf += 1.0
    counts = counts.tocsr()
    if copy or counts.dtype != dtype:
        counts = sp.csr_matrix((counts.data.astype(dtype), counts.indices.copy(), counts.indptr.copy()),
                               shape=counts.shape)
    np.log(counts.data, out=counts.data)
    counts.data += 1.0
    counts.data *= idf[counts.indices]
    return counts


def _filter_names(specs, words, names: list[str], all_df: np.ndarray | None = None):
    """Drop name candidates that the collection mostly writes in lower case (``port``, ``ransom``).

    A word counts as a name when at least half of the documents that contain it (in
    any case and any inflection, from the stemmed word counts) capitalise it in mid-sentence. Pairs survive when
    one of their words does; numbers always survive. Returns the filtered counts and a
    map from hashed column to the surviving name.
    """
    if not names:
        return specs, {}
    # Both hashers map a token string to the same column (murmurhash3 of the string); the
    # word counts are of stems, so a name's documents in any case are at its stem's column.
    spec_cols = _columns_of(names)
    cap_df = np.bincount(specs.indices, minlength=N_FEATURES)
    if all_df is None:
        all_df = np.bincount(words.indices, minlength=N_FEATURES)
    is_pair = np.fromiter(("_" in k for k in names), dtype=bool, count=len(names))
    stem_cols = _columns_of([k if pair else stem(k) for k, pair in zip(names, is_pair.tolist())])
    lower_case = (cap_df[spec_cols] * 2 < all_df[stem_cols]) & ~is_pair
    keep = {k for k, single, low in zip(names, (~is_pair).tolist(), lower_case.tolist())
            if single and not (low and _SIMPLE_WORD.fullmatch(k))}
    keep.update(k for k in np.asarray(names, dtype=object)[is_pair].tolist()
                if any(part in keep for part in k.split("_")))
    kept = np.fromiter((k in keep for k in names), dtype=bool, count=len(names))
    mask = np.ones(N_FEATURES, dtype=np.float32)
    mask[spec_cols[~kept]] = 0.0
    mask[spec_cols[kept]] = 1.0  # a kept name wins a hash collision with a dropped one
    column_key = dict(zip(spec_cols[kept].tolist(), np.asarray(names, dtype=object)[kept].tolist()))
    filtered = (specs @ sp.diags(mask)).tocsr()
    filtered.eliminate_zeros()
    return filtered, column_key


PIVOT = 0.5
"""Rows shorter than half the median norm are scaled as if they had that norm."""


_SIMPLE_WORD = re.compile(r"\w\w+")


def _column_of(token: str) -> int:
    """The hashed column of a token, as sklearn's HashingVectorizer computes it."""
    return int(_columns_of([token])[0])


def _columns_of(tokens) -> np.ndarray:
    """:func:`_column_of` of many tokens."""
    return np.abs(_hashes(tokens)) % N_FEATURES


def _pivot_normalise(X):
    """Divide each row by ``max(norm, PIVOT * median norm)`` (in place: ``X`` is a fresh float32 CSR matrix)."""
    X = X.tocsr()
    squares = sp.csr_matrix((X.data * X.data, X.indices, X.indptr), shape=X.shape)
    norms = np.sqrt(squares @ np.ones(X.shape[1], dtype=X.dtype))
    del squares
    positive = norms[norms > 0]
    floor = PIVOT * float(np.median(positive)) if len(positive) else 1.0
    scale = (1.0 / np.maximum(norms, floor)).astype(np.float32)
    X.data *= np.repeat(scale, np.diff(X.indptr))
    return X


def _keep_top(X, k: int):
    """Keep the ``k`` largest entries of each row (ties with the ``k``-th are kept; no renormalisation)."""
    X = X.tocsr()
    lengths = np.diff(X.indptr)
    if k <= 0 or (lengths <= k).all():
        return X
    data = X.data.copy()
    for row in np.flatnonzero(lengths > k).tolist():
        a, b = X.indptr[row], X.indptr[row + 1]
        values = data[a:b]
        cut = np.partition(values, b - a - k)[b - a - k]
        values[values < cut] = 0.0
    out = sp.csr_matrix((data, X.indices.copy(), X.indptr.copy()), shape=X.shape)
    out.eliminate_zeros()
    return out


# --------------------------------------------------------------------------- candidate search
def _candidate_edges(Xw, Xs, days, *, window_days, name_weight, floor, neighbours, min_shared,
                     outlet_codes=None, same_outlet_weight=1.0, block_rows=2000, threads: int = 1):
    """Sparse similarity edges ``(lo, hi, sim)`` with ``lo < hi`` and ``sim >= floor``.

    Dated articles are sorted by date and compared block by block with the articles
    that follow them within ``window_days`` (sparse products, never an ``n x n``
    matrix); undated articles are compared with all articles. Each article keeps its
    ``neighbours`` best links. ``threads`` score dense dated blocks at once (the result
    does not depend on it: blocks are gathered in order).
    """
    n = Xw.shape[0]
    has_spec = np.asarray(Xs.getnnz(axis=1) > 0)
    # Row weights: articles without names/numbers put all weight on words.
    ww = np.where(has_spec, np.sqrt(1 - name_weight), 1.0).astype(np.float32)
    ws = np.where(has_spec, np.sqrt(name_weight), 0.0).astype(np.float32)
    Ww = (sp.diags(ww) @ Xw).tocsr()
    Ws = (sp.diags(ws) @ Xs).tocsr()
    spec_bin = None
    if min_shared > 1:
        spec_bin = Xs.copy()
        spec_bin.data[:] = 1.0
    out_r, out_c, out_s = [], [], []
    # Dated blocks are scored densely (block rows x the articles in their window): word and
    # rarer-name products are sparse; the few names/numbers found in very many articles
    # (``city``, a country, ``#2``), which would make the name product nearly dense anyway,
    # go through a small dense product.
    common = _common_columns(Xs) if min_shared <= 1 else np.zeros(0, np.int64)
    Wr = Ws
    Dc = np.zeros((n, 0), np.float32)
    if len(common):
        keep_columns = np.ones(Ws.shape[1], dtype=np.float32)
        keep_columns[common] = 0.0
        Wr = (Ws @ sp.diags(keep_columns)).tocsr()
        Wr.eliminate_zeros()
        Dc = np.ascontiguousarray(Ws[:, common].toarray(), dtype=np.float32)

    def emit(row_ids, col_ids, allowed):
        """Score rows against columns; ``allowed(r, c)`` (local positions) keeps valid pairs."""
        words = (Ww[row_ids] @ Ww[col_ids].T).tocoo()
        names = (Ws[row_ids] @ Ws[col_ids].T).tocoo()
        total = (words + names).tocoo() if names.nnz else words
        r, c, s = total.row, total.col, total.data.astype(np.float32)
        keep = (s >= floor) & allowed(r, c)
        r, c, s = r[keep], c[keep], s[keep]
        if min_shared > 0 and len(s):
            both = has_spec[row_ids[r]] & has_spec[col_ids[c]]
            if spec_bin is not None:
                shared = (spec_bin[row_ids] @ spec_bin[col_ids].T).tocsr()
                counts = np.asarray(shared[r, c]).ravel()
                ok = ~both | (counts >= min_shared)
            else:
                width = np.int64(len(col_ids))
                name_keys = names.row.astype(np.int64) * width + names.col
                name_keys = name_keys[names.data > 0]
                ok = ~both | np.isin(r.astype(np.int64) * width + c, name_keys)
            r, c, s = r[ok], c[ok], s[ok]
        finish(row_ids, col_ids, r, c, s)

    def finish(row_ids, col_ids, r, c, s):
        """Same-outlet discount, floor, and each row's ``neighbours`` best links."""
        if outlet_codes is not None and same_outlet_weight != 1.0 and len(s):
            a, b = outlet_codes[row_ids[r]], outlet_codes[col_ids[c]]
            same = (a == b) & (a >= 0)
            s = np.where(same, s * same_outlet_weight, s).astype(np.float32)
            keep = s >= floor
            r, c, s = r[keep], c[keep], s[keep]
        if not len(s):
            return
        out_r_, out_c_, out_s_ = _best_links(row_ids, col_ids, r, c, s, neighbours)
        out_r.append(out_r_)
        out_c.append(out_c_)
        out_s.append(out_s_)

    dated = np.flatnonzero(~np.isnan(days))
    undated = np.flatnonzero(np.isnan(days))
    if len(dated):
        order = dated[np.argsort(days[dated], kind="stable")]
        t = days[order]
        blocks = []
        start = 0
        while start < len(order):
            end = min(start + block_rows, len(order))
            hi = int(np.searchsorted(t, t[end - 1] + window_days, side="right"))
            while end - start > 64 and (end - start) * (hi - start) > DENSE_BLOCK_CELLS:
                end = start + (end - start) // 2  # many articles within the window: fewer rows per block
                hi = int(np.searchsorted(t, t[end - 1] + window_days, side="right"))
            blocks.append((start, end, hi))
            start = end
        dense = [min_shared <= 1 and (end - start) * (hi - start) <= DENSE_BLOCK_CELLS for start, end, hi in blocks]
        scorer = None
        if any(dense):
            # the matrices in date order, so that a block and its window are row slices
            scorer = _DenseBlocks(Ww[order], Wr[order], Dc[order], has_spec[order], t, floor=floor,
                                  window_days=window_days, min_shared=min_shared)
        dense_blocks = [block for block, is_dense in zip(blocks, dense) if is_dense]
        with _one_blas_thread(bool(dense_blocks)):
            scored = iter(_map_ordered(scorer, dense_blocks, threads) if dense_blocks else ())
            for (start, end, hi), is_dense in zip(blocks, dense):
                if is_dense:
                    r, c, s = next(scored)
                    finish(order[start:end], order[start:hi], r, c, s)
                else:
                    tr, tc = t[start:end], t[start:hi]

                    def allowed(r, c, tr=tr, tc=tc):
                        return (c > r) & (tc[c] - tr[r] <= window_days)

                    emit(order[start:end], order[start:hi], allowed)
    if len(undated):
        everything = np.concatenate([dated, undated])
        n_dated = len(dated)
        for a in range(0, len(undated), block_rows):
            rows = undated[a:a + block_rows]

            def allowed(r, c, a=a):
                # an undated article meets every dated article and the undated ones after it
                return (c < n_dated) | (c - n_dated > r + a)

            emit(rows, everything, allowed)
    if not out_r:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    r = np.concatenate(out_r)
    c = np.concatenate(out_c)
    s = np.concatenate(out_s)
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    key = lo.astype(np.int64) * n + hi
    _, first = np.unique(key, return_index=True)
    return lo[first], hi[first], s[first]


def _best_links(row_ids, col_ids, r, c, s, neighbours: int):
    """Each row's ``neighbours`` highest-scoring pairs (ties: the earlier column), as global ids."""
    order = np.lexsort((-s, r))
    r, c, s = r[order], c[order], s[order]
    first = np.r_[0, np.flatnonzero(np.diff(r)) + 1]
    rank = np.arange(len(r)) - np.repeat(first, np.diff(np.r_[first, len(r)]))
    keep = rank < neighbours
    return row_ids[r[keep]], col_ids[c[keep]], s[keep]


def _compact_columns(X) -> sp.csr_matrix:
    """``X`` (CSR) with its used columns renumbered ``0..k-1`` in the same order (same products, cheap transposes)."""
    present = np.zeros(X.shape[1], dtype=bool)
    present[X.indices] = True
    used = np.flatnonzero(present)
    lookup = np.empty(X.shape[1], dtype=X.indices.dtype)
    lookup[used] = np.arange(len(used), dtype=X.indices.dtype)
    return sp.csr_matrix((X.data, lookup[X.indices], X.indptr), shape=(X.shape[0], len(used)))


class _DenseBlocks:
    """Scores one dated block ``rows start:end`` against ``start:hi`` (all in date order) with dense arrays.

    Word and rarer-name products are sparse products on the window's own columns, the
    commonest names a small dense product; pairs are kept when they are forward in date
    order, within the window, reach ``floor`` and (``min_shared``) share a name when both
    have names. Returns local ``(r, c, s)``; safe to call from several threads.
    """

    def __init__(self, words, rare, common, has, t, *, floor, window_days, min_shared):
        self.words, self.rare, self.common, self.has, self.t = words, rare, common, has, t
        self.floor, self.window_days, self.min_shared = floor, window_days, min_shared

    def __call__(self, block):
        start, end, hi = block
        b, w = end - start, hi - start
        if self.common.shape[1]:
            names = self.common[start:end] @ self.common[start:hi].T
        else:
            names = np.zeros((b, w), dtype=np.float32)
        rare = _compact_columns(self.rare[start:hi])
        _add_sparse(names, rare[:b] @ rare.T)
        total = names.copy()
        words = _compact_columns(self.words[start:hi])
        _add_sparse(total, words[:b] @ words.T)
        r, c = np.divmod(np.flatnonzero(total >= self.floor), w)  # row-major, as np.nonzero
        t = self.t
        keep = (c > r) & (t[start:hi][c] - t[start:end][r] <= self.window_days)
        if self.min_shared > 0:
            has = self.has
            keep &= ~(has[start:end][r] & has[start:hi][c]) | (names[r, c] > 0)
        r, c = r[keep], c[keep]
        return r, c, total[r, c].astype(np.float32)


def _add_sparse(dense: np.ndarray, product) -> None:
    """``dense += product`` for a sparse product with distinct entries (only its entries are touched)."""
    product = product.tocsr()
    try:  # scipy's own C loop (``y[i, j] += x``), used by its toarray()
        from scipy.sparse._sparsetools import csr_todense
    except ImportError:  # pragma: no cover - a scipy without it
        rows = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
        dense.reshape(-1)[rows * dense.shape[1] + product.indices] += product.data
        return
    csr_todense(product.shape[0], product.shape[1], product.indptr, product.indices, product.data, dense)


def _one_blas_thread(active: bool = True):
    """BLAS on one thread: OpenBLAS sums float32 products differently with 1 and 2 threads, and the
    common-name scores must not depend on the machine's thread count (nor on ``threads``)."""
    import contextlib

    if not active:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def _map_ordered(function, items: list, threads: int):
    """``map(function, items)`` on up to ``threads`` threads (results in order; a few items in flight)."""
    if threads <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads) as pool:
        pending = []
        items = iter(items)
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= 2 * threads:
                break
        while pending:
            done = pending.pop(0).result()
            for item in items:
                pending.append(pool.submit(function, item))
                break
            yield done


DENSE_BLOCK_CELLS = 4_000_000
"""Largest block x window array scored densely (float32: 16 MB each)."""


def _common_columns(Xs, most: int = 128) -> np.ndarray:
    """Name/number columns in more than 1 % (and at least 32) of the articles: at most ``most``, commonest first."""
    df = np.bincount(Xs.indices, minlength=Xs.shape[1])
    columns = np.flatnonzero(df >= max(32, Xs.shape[0] // 100))
    return np.sort(columns[np.argsort(-df[columns], kind="stable")[:most]])


# --------------------------------------------------------------------------- clustering
def _linkable(n_units: int, lo, hi, averages, threshold: float) -> np.ndarray:
    """Mask of the edges average linkage can use: those inside a connected component of the strong edges.

    Two clusters merge only when their mean similarity reaches ``threshold``, which needs
    at least one edge between them at ``threshold`` or above (a weighted mean is at most
    its largest term; missing pairs count as 0). So every cluster stays inside one
    component of the graph of such edges, and an edge between two components never
    enters a merged cluster's sums nor decides a merge: dropping it changes nothing (the
    same merges in the same order with the same sums). Edges a hair below ``threshold``
    (relative 1e-9) count as strong here, so float rounding of the means cannot matter.
    """
    from scipy.sparse.csgraph import connected_components

    strong = averages >= threshold * (1 - 1e-9)
    graph = sp.csr_matrix((np.ones(int(strong.sum()), dtype=np.int8), (lo[strong], hi[strong])),
                          shape=(n_units, n_units))
    _, component = connected_components(graph, directed=False)
    return component[lo] == component[hi]


def _average_linkage(n_units: int, sizes: np.ndarray, lo, hi, sims, threshold: float) -> np.ndarray:
    """Average linkage on a sparse graph; missing pairs count as 0. Returns a label per unit."""
    lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
    unit_sizes = np.asarray(sizes, dtype=np.float64)
    weights = np.asarray(sims, dtype=np.float64) * unit_sizes[lo] * unit_sizes[hi]
    averages = weights / (unit_sizes[lo] * unit_sizes[hi])
    if len(lo):
        inside = _linkable(n_units, lo, hi, averages, threshold)
        lo, hi, weights, averages = lo[inside], hi[inside], weights[inside], averages[inside]
    # Edges are distinct pairs lo < hi: build every unit's neighbour map in bulk.
    src, dst = np.concatenate([lo, hi]), np.concatenate([hi, lo])
    order = np.argsort(src, kind="stable")
    src, dst, both = src[order], dst[order].tolist(), np.concatenate([weights, weights])[order].tolist()
    bounds = np.flatnonzero(np.diff(src)) + 1
    starts = np.r_[0, bounds].tolist() if len(src) else []
    ends = np.r_[bounds, len(src)].tolist() if len(src) else []
    nbrs: dict[int, dict[int, float]] = {int(src[a]): dict(zip(dst[a:b], both[a:b])) for a, b in zip(starts, ends)}
    # The pairs to merge come in order of (-mean, lower id, higher id): the initial edges from
    # one sorted list, the pairs of newly merged clusters from a (much smaller) heap.
    strong = averages >= threshold
    first = np.lexsort((hi[strong], lo[strong], -averages[strong]))
    init_neg = (-averages[strong][first]).tolist()
    init_a, init_b = lo[strong][first].tolist(), hi[strong][first].tolist()
    n_init = len(init_neg)
    heap: list[tuple[float, int, int]] = []
    size = unit_sizes.tolist() + [0.0] * n_units  # cluster ids: units, then one per merge
    alive = bytearray(b"\x01") * n_units + bytearray(n_units)
    parent = list(range(2 * n_units))
    next_id = n_units
    i = 0
    heappop, heappush = heapq.heappop, heapq.heappush
    while True:
        if i < n_init:
            if heap and heap[0] < (init_neg[i], init_a[i], init_b[i]):
                _, a, b = heappop(heap)
            else:
                a, b = init_a[i], init_b[i]
                i += 1
        elif heap:
            _, a, b = heappop(heap)
        else:
            break
        if not (alive[a] and alive[b]):
            continue
        new = next_id
        next_id += 1
        alive[a] = alive[b] = 0
        alive[new] = 1
        parent[a] = parent[b] = new
        size[new] = size[a] + size[b]
        na, nb = nbrs.pop(a, {}), nbrs.pop(b, {})
        na.pop(b, None)
        nb.pop(a, None)
        if len(na) < len(nb):
            na, nb = nb, na
        for c, w in nb.items():
            na[c] = na.get(c, 0.0) + w
        nbrs[new] = na
        size_new = size[new]
        for c, total in na.items():
            dc = nbrs[c]
            dc.pop(a, None)
            dc.pop(b, None)
            dc[new] = total
            avg = total / (size_new * size[c])
            if avg >= threshold:
                heappush(heap, (-avg, c, new))  # c < new: every live id is older
    # each unit's cluster is its last ancestor; its label is the cluster's lowest unit
    root = np.asarray(parent[:next_id], dtype=np.int64)
    while True:
        jumped = root[root]
        if np.array_equal(jumped, root):
            break
        root = jumped
    lowest = np.full(next_id, n_units, dtype=np.int64)
    np.minimum.at(lowest, root[:n_units], np.arange(n_units))
    return lowest[root[:n_units]]


def _attach_orphans(labels: np.ndarray, sizes: np.ndarray, lo, hi, sims, outlet_codes: np.ndarray,
                    margin: float = ORPHAN_MARGIN, min_best: float = 0.0) -> np.ndarray:
    """Labels after giving each orphan (an article average linkage left alone) the event its
    links point to without doubt.

    An orphan joins the cluster of its strongest candidate link when that cluster has no
    article from the orphan's outlet (an outlet seldom covers one event twice) and the
    orphan's strongest link to any other cluster is at most ``margin`` times as strong; two
    orphans from different outlets whose strongest links are each other, both without
    doubt, form a pair. Only links already in the candidate graph count (same window,
    shared names, at least half the threshold); articles of unknown outlet stay alone.
    Among orphans of one outlet claiming the same cluster, the strongest link wins. A
    strongest link under ``min_best`` decides nothing.

    Why: average linkage asks an article for a mean similarity of ``threshold`` to every
    member of an event, which a short or differently worded lead (a tabloid's, or one
    opening on a person's story) may not reach though its best link is unambiguous.

    Examples
    --------
    >>> labels = np.array([0, 0, 2, 3])  # units 0-1 an event; 2 and 3 alone
    >>> out = _attach_orphans(labels, np.ones(4), np.array([0, 1]), np.array([2, 3]), np.array([0.08, 0.07]),
    ...                       outlet_codes=np.array([0, 1, 2, 0]))
    >>> out.tolist()  # 2 joins the event; 3 does not: its outlet (0) already covers it
    [0, 0, 0, 3]
    """
    labels = np.asarray(labels, dtype=np.int64)
    lo, hi = np.asarray(lo, dtype=np.int64), np.asarray(hi, dtype=np.int64)
    sims = np.asarray(sims, dtype=np.float64)
    weight = np.bincount(labels, weights=np.asarray(sizes, dtype=np.float64), minlength=labels.max(initial=0) + 1)
    orphan = (weight[labels] == 1) & (np.asarray(outlet_codes) >= 0)
    src, dst, sim = np.concatenate([lo, hi]), np.concatenate([hi, lo]), np.concatenate([sims, sims])
    keep = orphan[src]
    src, dst, sim = src[keep], dst[keep], sim[keep]
    if not len(src):
        return labels
    target = labels[dst]
    # the strongest link of each (orphan, cluster), then each orphan's best and second-best cluster
    order = np.lexsort((dst, -sim, target, src))
    src, dst, sim, target = src[order], dst[order], sim[order], target[order]
    first = np.r_[True, (src[1:] != src[:-1]) | (target[1:] != target[:-1])]
    src, dst, sim, target = src[first], dst[first], sim[first], target[first]
    order = np.lexsort((target, -sim, src))
    src, dst, sim, target = src[order], dst[order], sim[order], target[order]
    head = np.r_[True, src[1:] != src[:-1]]
    best = np.flatnonzero(head)
    runner_up = np.zeros(len(best))
    has_second = (best + 1 < len(src))
    has_second[has_second] = src[best[has_second] + 1] == src[best[has_second]]
    runner_up[has_second] = sim[best[has_second] + 1]
    x, y, s, c = src[best], dst[best], sim[best], target[best]
    sure = (runner_up <= margin * s) & (s >= min_best)
    outlets = np.asarray(outlet_codes, dtype=np.int64)
    n_outlets = int(outlets.max(initial=0)) + 2
    covered = np.unique(labels * n_outlets + (outlets + 1))  # (cluster, outlet) pairs present
    free = ~np.isin(c * n_outlets + (outlets[x] + 1), covered)
    out = labels.copy()
    # orphan -> event (a cluster of two or more articles)
    join = sure & free & (weight[c] >= 2)
    jx, jc, js = x[join], c[join], s[join]
    order = np.lexsort((jx, -js, outlets[jx], jc))  # per (cluster, outlet): strongest first
    jx, jc = jx[order], jc[order]
    lead = np.r_[True, (jc[1:] != jc[:-1]) | (outlets[jx][1:] != outlets[jx][:-1])] if len(jx) else np.zeros(0, bool)
    out[jx[lead]] = jc[lead]
    # orphan <-> orphan: mutual strongest links, both sure, different outlets
    choice = dict(zip(x[sure & free & (weight[c] == 1)].tolist(), y[sure & free & (weight[c] == 1)].tolist()))
    for a, b in choice.items():
        if a < b and choice.get(b) == a and outlets[a] != outlets[b]:
            out[b] = labels[a]
    return out



def _orphan_word_edges(labels: np.ndarray, sizes: np.ndarray, Xw, days: np.ndarray, outlet_codes: np.ndarray,
                       window_days: float, floor: float, neighbours: int = DEFAULT_NEIGHBOURS,
                       block_rows: int = 512):
    """Word-only similarity edges ``(lo, hi, sim)``, ``sim >= floor``, from each orphan (an
    article alone in its cluster) to its ``neighbours`` most similar articles of other outlets
    within ``window_days`` (names play no part). As in :func:`_candidate_edges`, an undated
    article is within the window of every article.

    Orphans are taken in date order (undated last), ``block_rows`` at a time, against the
    articles dated within the window of the block and the undated ones; the cost grows with
    the orphans, not with all pairs (every article an orphan: about one more candidate search).
    """
    weight = np.bincount(labels, weights=np.asarray(sizes, dtype=np.float64), minlength=labels.max(initial=0) + 1)
    outlets = np.asarray(outlet_codes, dtype=np.int64)
    has_outlet = outlets >= 0
    undated = np.isnan(days)
    orphans = np.flatnonzero((weight[labels] == 1) & has_outlet)
    empty = np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float32)
    if not len(orphans):
        return empty
    dated = np.flatnonzero(has_outlet & ~undated)
    undated_cols = np.flatnonzero(has_outlet & undated)
    order = dated[np.argsort(days[dated], kind="stable")]
    t = days[order]
    dated_orphans = orphans[~undated[orphans]]
    dated_orphans = dated_orphans[np.argsort(days[dated_orphans], kind="stable")]
    blocks = [dated_orphans[a:a + block_rows] for a in range(0, len(dated_orphans), block_rows)]
    undated_orphans = orphans[undated[orphans]]
    blocks += [undated_orphans[a:a + block_rows] for a in range(0, len(undated_orphans), block_rows)]
    out_r, out_c, out_s = [], [], []
    for rows in blocks:
        if undated[rows[0]]:  # an undated orphan meets every other article
            cols = np.concatenate([order, undated_cols])
        else:
            first = int(np.searchsorted(t, days[rows[0]] - window_days, side="left"))
            last = int(np.searchsorted(t, days[rows[-1]] + window_days, side="right"))
            cols = np.concatenate([order[first:last], undated_cols])
        product = (Xw[rows] @ Xw[cols].T).tocoo()
        r, c = rows[product.row], cols[product.col]
        near = ~(np.abs(days[r] - days[c]) > window_days)  # NaN (undated) compares False: near
        keep = near & (outlets[r] != outlets[c]) & (product.data >= floor)
        if keep.any():
            r, c, sim = _best_links(rows, cols, product.row[keep], product.col[keep],
                                    product.data[keep].astype(np.float32), neighbours)
            out_r.append(r)
            out_c.append(c)
            out_s.append(sim)
    if not out_r:
        return empty
    r, c, s = np.concatenate(out_r), np.concatenate(out_c), np.concatenate(out_s)
    if not len(s):
        return empty
    lo, hi = np.minimum(r, c), np.maximum(r, c)
    key = lo.astype(np.int64) * len(labels) + hi
    _, first_of_key = np.unique(key, return_index=True)  # an edge between two orphans is found twice
    return lo[first_of_key], hi[first_of_key], s[first_of_key]


# --------------------------------------------------------------------------- duplicates
SHINGLE_SIZE = 5
"""Words per shingle in near-duplicate detection."""


def _shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset:
    words = _SHINGLE_WORD.findall(text.lower())
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1))


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def _near_copy(a: frozenset, b: frozenset, threshold: float, size: int = SHINGLE_SIZE) -> bool:
    """Are two shingle sets one text up to small edits?

    Jaccard similarity >= ``threshold``, or the texts differ by at most one local edit
    (each has at most ``size`` shingles the other lacks: one word changed, added or dropped
    touches at most ``size`` shingles) and each has at least ``2 * size`` shingles. Jaccard
    alone is harsh on short texts: one word changed in a 35-word lead leaves about 0.75,
    where one word in a 400-word article leaves 0.98.

    Examples
    --------
    >>> lead = "the port authority said on monday that the container terminal would reopen after the strike ended"
    >>> _near_copy(_shingles(lead), _shingles(lead.replace("monday", "tuesday")), 0.8)
    True
    >>> _near_copy(_shingles(lead), _shingles(lead.replace("monday that the", "tuesday the")), 0.8)
    False
    """
    if _jaccard(a, b) >= threshold:
        return True
    return min(len(a), len(b)) >= 2 * size and len(a - b) <= size and len(b - a) <= size


# --------------------------------------------------------------------------- labels / ids
def event_id_for(article_ids: Iterable[str]) -> str:
    """Stable event id from the member that comes first (the caller orders them by date).

    Examples
    --------
    >>> event_id_for(["abc123", "zzz"])
    'ev-6367c48dd1'
    """
    first = next(iter(article_ids))
    return "ev-" + hashlib.sha1(str(first).encode("utf-8")).hexdigest()[:10]


def _display_form(word: str, texts: Sequence[str]) -> str:
    """The capitalised spelling of a lower-case key as the texts write it (title case preferred)."""
    fallback = None
    for text in texts:
        found, shouted = _find_display(text, text.lower(), word)
        if found:
            return found
        fallback = fallback or shouted
    return _unshout(fallback) if fallback else word


def _find_display(text: str, lowered: str, word: str) -> tuple[str | None, str | None]:
    """First capitalised spelling of ``word`` in ``text`` that is not all capitals, and the first all-capital one."""
    fallback = None
    at = lowered.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "-'’")) and \
                (end >= len(text) or not (text[end].isalnum() or text[end] == "-")):
            found = text[at:end]
            if found[0].isupper():
                if not found.isupper():
                    return found, fallback
                fallback = fallback or found  # all capitals: an acronym, or shouting ("NADIA") if spelt otherwise elsewhere
        at = lowered.find(word, at + 1)
    return None, fallback


def _display_forms(words: Sequence[str], texts: Sequence[str], head: int = 0) -> list[str]:
    """:func:`_display_form` of several words, each text lower-cased once and only while a word is missing.

    The first ``head`` texts (the titles) are searched as one text joined by line breaks
    (the same first match as searching them one by one), the others one at a time.
    """
    found: dict[str, str] = {}
    shouted: dict[str, str] = {}
    missing = list(dict.fromkeys(words))
    pieces: Iterable[tuple[str, str]] = ((text, text.lower()) for text in texts)
    if head > 1:
        joined = "\n".join(texts[:head])
        lowered = joined.lower()
        if len(lowered) == len(joined):  # else a letter whose lower case is longer: title by title
            pieces = chain([(joined, lowered)], ((text, text.lower()) for text in texts[head:]))
    for text, lowered in pieces:
        if not missing:
            break
        still = []
        for word in missing:
            proper, shout = _find_display(text, lowered, word)
            if proper:
                found[word] = proper
            else:
                if shout and word not in shouted:
                    shouted[word] = shout
                still.append(word)
        missing = still
    return [found.get(w) or (_unshout(shouted[w]) if w in shouted else w) for w in words]


def _unshout(word: str) -> str:
    """An all-capital spelling as a label shows it: kept when short (an acronym, "NATO"), else title case."""
    return word if len(word) <= _SHOUT_MAX else word.title()


def _make_label(features: _Features, rows: Sequence[int], titles: Sequence[str], texts: Sequence[str],
                size: int = 3) -> str:
    """Top names of an event (frequent in it, rare elsewhere), multi-word names preferred."""
    return _make_labels(features, [list(rows)], [list(titles)], [list(texts)], size=size)[0]


def _make_labels(features: _Features, groups: Sequence[Sequence[int]], group_titles: Sequence[Sequence[str]],
                 group_texts: Sequence[Sequence[str]], size: int = 3) -> list[str]:
    """:func:`_make_label` for many events at once (member counts of every name by one sparse product)."""
    n_docs = features.spec_counts.shape[0]
    if not len(groups):
        return []
    lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    member = np.fromiter(chain.from_iterable(groups), dtype=np.int64, count=int(lengths.sum()))
    membership = sp.csr_matrix((np.ones(len(member), np.float32), (np.repeat(np.arange(len(groups)), lengths),
                                                                   member)), shape=(len(groups), n_docs))
    present = features.spec_counts.copy()
    present.data = np.ones(len(present.data), np.float32)
    counts_all = (membership @ present).tocsr()
    least = np.maximum(1.0, lengths / 3.0)
    row_of = np.repeat(np.arange(len(groups)), np.diff(counts_all.indptr))
    keep = counts_all.data >= least[row_of]
    cols, vals, owners = counts_all.indices[keep], counts_all.data[keep], row_of[keep]
    idf_all = np.log((1 + n_docs) / (1 + features.spec_df[cols].astype(np.float64)))
    bounds = np.searchsorted(owners, np.arange(len(groups) + 1))
    column_key = features.column_key
    labels = []
    for g in range(len(groups)):
        m = int(lengths[g])
        counts: dict[str, int] = {}
        idf: dict[str, float] = {}
        a, b = bounds[g], bounds[g + 1]
        for column, count, weight in zip(cols[a:b].tolist(), vals[a:b].tolist(), idf_all[a:b].tolist()):
            key = column_key.get(column)
            if key is not None:
                counts[key] = int(count)
                idf[key] = weight
        labels.append(_choose_label(counts, idf, m, group_titles[g], group_texts[g], size))
    return labels


def _title_words() -> frozenset:
    """Titles and role nouns (lower case): "minister", "judge", "gov", "president"."""
    from framescope.framing.quotes import title_words  # imported when labels are made: quotes is large

    return title_words()


_SPARE_LABEL_NAMES = 2  # names chosen beyond the label's size, to stand in for dropped shouts


def _drop_shouts(chosen: list[str], counts: dict, m: int, titles: Sequence[str], texts: Sequence[str]) -> list[str]:
    """``chosen`` without the names that only one member of a larger event uses and only ever
    writes in capitals within a run of capitals ("COMMUTER HELL!", "MILK ALERT", "REVENGE ON
    TROLL"): a tabloid's emphasis, not a name of the event. An acronym among ordinary words
    ("the LGBTQ Protection Act", "EBIT fell") stays."""
    if m < 2:
        return chosen
    lone = [key for key in chosen if counts[key] == 1 and max(map(len, key.split("_"))) >= 4]
    if not lone:
        return chosen
    every_text = list(titles) + list(texts)
    words = list(dict.fromkeys(word for key in lone for word in key.split("_")))
    forms = dict(zip(words, _display_forms(words, every_text, head=len(titles))))

    def shouted(key: str) -> bool:
        parts = key.split("_")
        if not all(forms[w].isupper() for w in parts):
            return False
        if len(parts) > 1:  # two capitalised words side by side, both only ever in capitals
            return True
        run = re.compile(rf"[A-Z]{{2,}}\W{{1,3}}{re.escape(forms[key])}\b|\b{re.escape(forms[key])}\W{{1,3}}[A-Z]{{2,}}")
        return any(run.search(text) for text in every_text if text)

    return [key for key in chosen if not (key in lone and shouted(key))]


_LONGEST_NAME = 4  # words


def _longest_name(words: list[str], counts: dict, texts: Sequence[str], skip: set) -> list[str]:
    """A two-word name grown by the pairs that continue it in as many members, when the
    longer run is written somewhere ("legislative fiscal" + "fiscal bureau": "Legislative
    Fiscal Bureau"); names are counted as adjacent pairs, so longer ones would be cut.
    Words in ``skip`` (titles, roles, other names of the label) are not added."""
    if len(words) != 2:
        return words
    least = counts["_".join(words)] * 0.6
    while len(words) < _LONGEST_NAME:
        after = [k for k in counts if k.startswith(words[-1] + "_") and "_" not in k[len(words[-1]) + 1:]
                 and counts[k] >= least and k[len(words[-1]) + 1:] not in skip]
        before = [k for k in counts if k.endswith("_" + words[0]) and "_" not in k[:-len(words[0]) - 1]
                  and counts[k] >= least and k[:-len(words[0]) - 1] not in skip]
        grown = None
        for candidate in ([words + [max(after, key=counts.get).split("_")[1]]] if after else []) + \
                         ([[max(before, key=counts.get).split("_")[0]] + words] if before else []):
            run = re.compile(r"(?<!\w)" + r"[ \t]+".join(map(re.escape, candidate)) + r"(?!\w)", re.IGNORECASE)
            if any(run.search(text) for text in texts if text):
                grown = candidate
                break
        if grown is None:
            return words
        words = grown
    return words


def _choose_label(counts: dict, idf: dict, m: int, titles: Sequence[str], texts: Sequence[str], size: int) -> str:
    """Pick up to ``size`` names (counts: members naming each, only those named by a third or more)."""

    def score(key):
        return (counts[key] / m) * idf[key]

    pairs_of: dict[str, list[str]] = {}
    singles = []
    for key in counts:
        if "_" in key:
            for part in key.split("_"):
                pairs_of.setdefault(part, []).append(key)
        else:
            singles.append(key)
    titles_and_roles = _title_words()
    singles = [k for k in singles if k not in titles_and_roles]  # "President", "Secretary": no name of an event
    singles.sort(key=lambda k: (-score(k), k))
    chosen: list[str] = []
    used: set[str] = set()
    for key in singles:
        if key in used:
            continue
        pairs = [p for p in pairs_of.get(key, ()) if counts[p] * 10 >= counts[key] * 6]
        # a name, not a title and half a name ("Gunnar Lind", not "Minister Gunnar")
        pairs = [p for p in pairs if not titles_and_roles.intersection(p.split("_"))]
        if pairs:
            key = max(pairs, key=lambda p: (counts[p], score(p), p))
            if any(part in used for part in key.split("_")):
                continue
        chosen.append(key)
        used.update(key.split("_"))
        if len(chosen) >= size + _SPARE_LABEL_NAMES:
            break
    chosen = _drop_shouts(chosen, counts, m, titles, texts)[:size]
    if len(chosen) < 2:  # few names: add the title words most shared by the members
        words: Counter = Counter()
        for title in titles:
            words.update(set(re.findall(r"[^\W\d_]{3,}", (title or "").lower())) - _stop_words())
        common = [w for w, c in sorted(words.items(), key=lambda kv: (-kv[1], kv[0])) if w not in chosen]
        chosen += common[: size - len(chosen)]
    if not chosen:
        return "(untitled)"
    every_text = list(titles) + list(texts)
    skip = titles_and_roles | {word for key in chosen for word in key.split("_")}  # no title, no word twice
    parts = [_longest_name(key.split("_"), counts, every_text, skip) for key in chosen]
    forms = iter(_display_forms([p for key in parts for p in key], every_text, head=len(titles)))
    return " · ".join(" ".join(next(forms) for _ in key) for key in parts)


# --------------------------------------------------------------------------- main entry
def _column(frame: pd.DataFrame, name: str, default=None) -> list:
    if name in frame.columns:
        return [default if (v is None or (isinstance(v, float) and v != v)) else v for v in frame[name]]
    return [default] * len(frame)


def _days(frame: pd.DataFrame) -> np.ndarray:
    if "published" not in frame.columns:
        return np.full(len(frame), np.nan)
    column = frame["published"].reset_index(drop=True)
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        stamps = column.dt.tz_convert("UTC")
    else:
        stamps = pd.to_datetime(column.map(lambda v: None if v is None or v == "" else v), utc=True,
                                errors="coerce", format="mixed")
    missing = stamps.isna().to_numpy()
    values = np.full(len(stamps), np.nan)
    if (~missing).any():
        values[~missing] = stamps[~missing].dt.tz_localize(None).astype("datetime64[ns]").astype("int64") / 86_400e9
    return values


def _threads(n_jobs: int | None) -> int:
    """Threads for the candidate search: ``n_jobs`` (default and -1: every core, at most 8)."""
    if n_jobs is not None and n_jobs > 0:
        return int(n_jobs)
    return max(1, min(8, os.cpu_count() or 1))


@paused_gc()  # it allocates millions of short-lived objects and makes no cycles worth collecting
def group_events(articles: pd.DataFrame, *, window_days: float = DEFAULT_WINDOW_DAYS,
                 threshold: float | None = None, name_weight: float = DEFAULT_NAME_WEIGHT,
                 min_shared_specifics: int = 1, neighbours: int = DEFAULT_NEIGHBOURS,
                 max_words: int = DEFAULT_MAX_WORDS, max_terms: int = DEFAULT_MAX_TERMS,
                 duplicate_threshold: float = DEFAULT_DUPLICATE_THRESHOLD,
                 same_outlet_weight: float = DEFAULT_SAME_OUTLET_WEIGHT, attach_orphans: bool = True,
                 n_jobs: int | None = None, featuriser=None) -> EventGrouping:
    """Group articles that report the same event (see the module docstring for the method).

    Parameters
    ----------
    articles : DataFrame with ``text`` and, when available, ``id``, ``title``,
        ``published`` and ``outlet`` columns (``Store.articles()`` gives exactly that).
        Without an ``id`` column the index (as text) is the article id.
    window_days : only articles published within this many days of each other are
        compared. Undated articles are compared with all articles.
    threshold : average-linkage similarity needed to merge two clusters
        (default :data:`DEFAULT_THRESHOLD`); higher means smaller, purer events.
    name_weight : share of the similarity given to names and numbers (0..1).
    min_shared_specifics : articles that both mention names/numbers must share at
        least this many of them to be linked (0 turns the gate off).
    neighbours : candidates kept per article (bounds memory and time).
    max_words : words of body text used after the lead paragraph.
    max_terms : word terms kept per article (its heaviest TF-IDF weights).
    duplicate_threshold : Jaccard similarity of word 5-gram shingles above which an
        article is a reprint of an earlier one (texts differing by one local edit are
        reprints too, see :func:`_near_copy`).
    same_outlet_weight : factor applied to the similarity of two articles from the same
        outlet (their shared boilerplate inflates it; one outlet rarely covers one event twice).
    attach_orphans : give an article that average linkage leaves alone the event its
        candidate links point to without doubt, then, for one still alone, the event its
        word similarity alone points to (see :func:`_attach_orphans` and the module notes).
    n_jobs : processes for the text features, this one included (-1: all cores;
        default: all cores from 20,000 articles on, else 1) and threads for the
        candidate search (default: all cores). Results do not depend on it.
    featuriser : optional callable ``(ids, max_words) -> (words, specs, names, initial)`` giving
        the hashed counts of :func:`_featurise_chunk` for those article ids, in that
        order (computed elsewhere, e.g. on Dask workers by :mod:`framescope.distributed`).

    Returns
    -------
    EventGrouping

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "id": ["a1", "b1", "c1"], "outlet": ["a", "b", "c"],
    ...     "published": ["2024-03-11", "2024-03-11", "2024-03-12"],
    ...     "title": ["Dockworkers strike at Port of Harbor City",
    ...               "Port of Harbor City halted as dockworkers walk out",
    ...               "Measles cases rise in Korrin schools"],
    ...     "text": ["Rosa Ilvane of the Harbor Dockworkers' Union said 3,000 members struck.",
    ...              "The Harbor Dockworkers' Union, led by Rosa Ilvane, began a strike by 3,000 workers.",
    ...              "Health officials in Korrin counted 41 measles cases."]})
    >>> g = group_events(df)
    >>> g.assignments["a1"] == g.assignments["b1"], g.assignments["c1"] is None
    (True, True)
    """
    if not isinstance(articles, pd.DataFrame):
        raise InvalidValueError(f"articles must be a pandas DataFrame, got {type(articles).__name__}")
    if "text" not in articles.columns and "title" not in articles.columns:
        raise InputError(f"articles need a 'text' (or 'title') column; columns: "
                         f"{', '.join(map(str, articles.columns)) or '(none)'}")
    threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    if not 0 < threshold <= 1:
        raise InvalidValueError(f"threshold must be in (0, 1], got {threshold!r}")
    if not window_days or window_days <= 0:
        raise InvalidValueError(f"window_days must be positive, got {window_days!r}")
    if not 0 <= name_weight < 1:
        raise InvalidValueError(f"name_weight must be in [0, 1), got {name_weight!r}")
    if not isinstance(attach_orphans, (bool, np.bool_)):
        raise InvalidValueError(f"attach_orphans must be True or False, got {attach_orphans!r}")
    params = dict(window_days=float(window_days), threshold=threshold, name_weight=name_weight,
                  min_shared_specifics=min_shared_specifics, neighbours=neighbours, max_words=max_words,
                  max_terms=max_terms, duplicate_threshold=duplicate_threshold, attach_orphans=bool(attach_orphans),
                  version=GROUPING_VERSION)
    ids = ([str(v) for v in articles["id"]] if "id" in articles.columns
           else [str(v) for v in articles.index])
    if len(set(ids)) != len(ids):
        dup = next(i for i, c in Counter(ids).items() if c > 1)
        raise InputError(f"article ids must be unique; {dup!r} appears more than once")
    n = len(ids)
    if featuriser is None:
        _start_feature_workers(n, n_jobs)
    if n == 0:
        empty = pd.Series([], dtype=object, name="event")
        return EventGrouping(empty, empty.rename("duplicate_of"), pd.DataFrame(columns=EVENT_COLUMNS), params)
    titles = [str(v) for v in _column(articles, "title", "")]
    texts = [str(v) for v in _column(articles, "text", "")]
    outlets = [str(v) if v is not None else None for v in _column(articles, "outlet", None)]
    days = _days(articles)

    # Collapse exact copies (same title and text) into one weighted unit.
    keys = [hashlib.sha1(f"{t}\x1f{x}".strip().encode("utf-8")).hexdigest() for t, x in zip(titles, texts)]
    unit_of_key: dict[str, int] = {}
    unit = np.empty(n, dtype=np.int64)
    first_of_unit: list[int] = []
    undated = np.isnan(days)
    id_rank = np.empty(n, dtype=np.int64)
    id_rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(n)
    order_all = np.lexsort((id_rank, np.where(undated, 0.0, days), undated)).tolist()  # (date, id), undated last
    for i in order_all:
        u = unit_of_key.get(keys[i])
        if u is None:
            u = unit_of_key[keys[i]] = len(first_of_unit)
            first_of_unit.append(i)
        unit[i] = u
    reps = np.asarray(first_of_unit)
    sizes = np.bincount(unit, minlength=len(reps))

    features = _features([titles[i] for i in reps], [texts[i] for i in reps], max_words=max_words,
                         max_terms=max_terms, n_jobs=n_jobs,
                         parts=None if featuriser is None else [featuriser([ids[i] for i in reps], max_words)])
    Xw, Xs = features.words, features.specs
    unit_days = days[reps].copy()  # a unit's representative is its earliest dated copy (dated sort first)
    codes, _ = pd.factorize(pd.Series([outlets[i] for i in reps], dtype=object))
    outlet_codes = np.asarray(codes)
    lo, hi, sims = _candidate_edges(Xw, Xs, unit_days, window_days=float(window_days), name_weight=name_weight,
                                    floor=threshold / 2, neighbours=neighbours, min_shared=min_shared_specifics,
                                    outlet_codes=outlet_codes, same_outlet_weight=same_outlet_weight,
                                    threads=_threads(n_jobs))
    unit_labels = _average_linkage(len(reps), sizes, lo, hi, sims, threshold)
    if attach_orphans:
        unit_labels = _attach_orphans(unit_labels, sizes, lo, hi, sims, outlet_codes)
        # then, for those still alone, the same rule on word similarity alone (names ignored), with a
        # stricter margin: a lead that names other people and places than the rest of its event
        wlo, whi, wsims = _orphan_word_edges(unit_labels, sizes, Xw, unit_days, outlet_codes, float(window_days),
                                             floor=WORD_ORPHAN_MARGIN * threshold / 2, neighbours=neighbours)
        unit_labels = _attach_orphans(unit_labels, sizes, wlo, whi, wsims, outlet_codes,
                                      margin=WORD_ORPHAN_MARGIN, min_best=threshold / 2)

    # Near-duplicates among linked units (plus exact copies).
    parent = {}

    def find(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    strong = sims >= max(threshold, 0.5)
    shingle_cache: dict[int, tuple[frozenset, frozenset]] = {}

    def shingles(u):  # (title + text, text alone): a reprint often runs under the outlet's own headline
        if u not in shingle_cache:
            shingle_cache[u] = (_shingles(titles[reps[u]] + "\n" + texts[reps[u]]), _shingles(texts[reps[u]]))
        return shingle_cache[u]

    for a, b in zip(lo[strong].tolist(), hi[strong].tolist()):
        if unit_labels[a] != unit_labels[b]:
            continue
        (whole_a, text_a), (whole_b, text_b) = shingles(a), shingles(b)
        same_text = min(len(text_a), len(text_b)) >= 5 and _near_copy(text_a, text_b, duplicate_threshold)
        if same_text or _near_copy(whole_a, whole_b, duplicate_threshold):  # (a text of < 5 shingles: a stub)
            ra, rb = find(a), find(b)
            if ra != rb:
                # units are numbered in (date, id) order: the lower number is the original
                parent[max(ra, rb)] = min(ra, rb)
    duplicate = [None] * n
    for i in range(n):
        root = find(int(unit[i]))
        original = reps[root]
        if original != i:
            duplicate[i] = ids[original]

    # Events: clusters with two or more articles.
    groups: dict[int, list[int]] = {}
    for i in order_all:
        groups.setdefault(int(unit_labels[unit[i]]), []).append(i)
    assignment: list[str | None] = [None] * n
    event_members = [members for members in groups.values() if len(members) >= 2]
    event_ids = [event_id_for(ids[i] for i in members) for members in event_members]
    for event_id, members in zip(event_ids, event_members):
        for i in members:
            assignment[i] = event_id
    member_units = [sorted(set(unit[members].tolist())) for members in event_members]
    labels = _make_labels(features, member_units, [[titles[reps[u]] for u in units] for units in member_units],
                          [[texts[reps[u]][:3000] for u in units] for units in member_units])
    events = _event_frame(event_ids, labels, event_members, ids, days, outlets)
    if len(events):
        events = events.sort_values(["first", "id"], na_position="last", ignore_index=True)
    index = pd.Index(ids, name="id")
    return EventGrouping(pd.Series(assignment, index=index, dtype=object, name="event"),
                         pd.Series(duplicate, index=index, dtype=object, name="duplicate_of"),
                         events, params)


def _event_frame(event_ids, labels, event_members, ids, days, outlets) -> pd.DataFrame:
    """The ``events`` table: members are given in (date, id) order, undated last."""
    if not event_ids:
        return pd.DataFrame(columns=EVENT_COLUMNS)
    first = np.full(len(event_ids), np.nan)
    last = np.full(len(event_ids), np.nan)
    outlet_lists, article_lists = [], []
    for k, members in enumerate(event_members):
        dated = days[members]
        dated = dated[~np.isnan(dated)]
        if len(dated):
            first[k], last[k] = dated[0], dated[-1]
        outlet_lists.append(sorted({outlets[i] for i in members if outlets[i]}))
        article_lists.append([ids[i] for i in members])

    def stamps(values):  # (days are floats: rounding to the microsecond undoes their ~0.3 µs error)
        return pd.to_datetime(values * 86_400e9, unit="ns", utc=True).round("us")

    return pd.DataFrame({"id": event_ids, "label": labels, "first": stamps(first), "last": stamps(last),
                         "outlets": outlet_lists, "articles": article_lists,
                         "n_articles": [len(m) for m in event_members],
                         "n_outlets": [len(o) for o in outlet_lists]}, columns=EVENT_COLUMNS)


# --------------------------------------------------------------------------- evaluation
def _as_clusters(labels: pd.Series) -> pd.Series:
    """Missing labels become singleton clusters of their own."""
    out = []
    for key, value in labels.items():
        missing = value is None or (isinstance(value, float) and value != value) or value is pd.NA or value == ""
        out.append(("\x00single", str(key)) if missing else ("label", str(value)))
    return pd.Series(out, index=labels.index, dtype=object)


def evaluate(assignments: pd.Series, gold: pd.Series) -> pd.Series:
    """B-cubed precision/recall/F1 (Bagga & Baldwin 1998) and adjusted Rand index.

    Both Series are indexed by article id; a missing label (None/NaN) is a singleton
    cluster of its own. Only articles present in both are scored.

    Examples
    --------
    >>> pred = pd.Series({"a": "x", "b": "x", "c": "x"})
    >>> gold = pd.Series({"a": "g", "b": "g", "c": None})
    >>> r = evaluate(pred, gold)
    >>> print(round(r["precision"], 4), round(r["recall"], 4))
    0.5556 1.0
    """
    from sklearn.metrics import adjusted_rand_score

    if not isinstance(assignments, pd.Series) or not isinstance(gold, pd.Series):
        raise InvalidValueError("evaluate() takes two pandas Series indexed by article id")
    gold = gold[~gold.index.duplicated()]
    common = assignments.index.intersection(gold.index)
    if len(common) == 0:
        raise InputError("no article id is in both the assignments and the gold labels")
    pred = _as_clusters(assignments.loc[common])
    true = _as_clusters(gold.loc[common])
    pred_size = pred.map(pred.value_counts())
    true_size = true.map(true.value_counts())
    pair = pd.Series(list(zip(pred, true)), index=common)
    both = pair.map(pair.value_counts())
    precision = float((both / pred_size).mean())
    recall = float((both / true_size).mean())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    codes_pred = pd.factorize(pred)[0]
    codes_true = pd.factorize(true)[0]
    ari = float(adjusted_rand_score(codes_true, codes_pred))
    return pd.Series({"precision": precision, "recall": recall, "f1": f1, "ari": ari,
                      "n_articles": len(common),
                      "n_events": int(sum(1 for v in pred.value_counts() if v > 1)),
                      "n_gold_events": int(sum(1 for v in true.value_counts() if v > 1))},
                     name="bcubed")


# --------------------------------------------------------------------------- persistence
EVENTS_COMPONENT_VERSION = 1
EVENTS_DDL = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    label TEXT,                       -- automatic label (top names/terms)
    user_label TEXT,                  -- set by `framescope events rename`
    source TEXT NOT NULL DEFAULT 'auto' CHECK (source IN ('auto', 'user', 'query')),
    query TEXT,                       -- JSON {query, since, until} for events defined by a query
    first TEXT, last TEXT,
    n_articles INTEGER, n_outlets INTEGER,
    outlets TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT
);
CREATE TABLE IF NOT EXISTS event_corrections (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'assign', 'rename', 'define')),
    args TEXT NOT NULL,               -- JSON, with snapshots of the member article ids
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS event_runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    params TEXT NOT NULL,
    n_articles INTEGER NOT NULL,
    n_events INTEGER NOT NULL,
    ran_at TEXT NOT NULL
)
"""
CORRECTION_ACTIONS = ("merge", "split", "assign", "rename", "define")
NO_EVENT = ("none", "-", "")


def _ensure_tables(store) -> None:
    store.ensure_component("events", EVENTS_COMPONENT_VERSION, EVENTS_DDL)


def _now() -> str:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class _State:
    """Event assignment of every stored article plus per-event metadata, edited in memory."""

    def __init__(self, store, assign: dict, labels: dict | None = None, duplicate_of: dict | None = None):
        self.store = store
        self.assign: dict[str, str | None] = dict(assign)
        self.labels: dict[str, str] = dict(labels or {})
        self.user_labels: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self.queries: dict[str, dict] = {}
        self.duplicate_of = duplicate_of

    @classmethod
    def load(cls, store) -> "_State":
        assign = {r[0]: r[1] for r in store.conn.execute("SELECT id, event FROM articles")}
        state = cls(store, assign)
        for row in store.conn.execute("SELECT id, label, user_label, source, query FROM events"):
            state.labels[row[0]] = row[1]
            if row[2]:
                state.user_labels[row[0]] = row[2]
            state.sources[row[0]] = row[3]
            if row[4]:
                state.queries[row[0]] = json.loads(row[4])
        return state

    def members(self, event_id: str) -> list[str]:
        return [a for a, e in self.assign.items() if e == event_id]

    def events(self) -> set[str]:
        return {e for e in self.assign.values() if e}

    def resolve(self, event_id: str, snapshot: Sequence[str] = ()) -> str | None:
        """The current event meant by ``event_id`` (re-found through its member snapshot)."""
        if event_id in self.events():
            return event_id
        votes = Counter(self.assign.get(a) for a in snapshot if self.assign.get(a))
        if votes:
            return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        alive = [a for a in snapshot if a in self.assign]
        if alive:
            for a in alive:
                self.assign[a] = event_id
            return event_id
        return None

    # -- corrections -------------------------------------------------------------
    def apply(self, action: str, args: dict) -> None:
        if action == "merge":
            target = self.resolve(args["a"], args.get("a_articles", ()))
            other = self.resolve(args["b"], args.get("b_articles", ()))
            if target is None or other is None or target == other:
                return
            for article in self.members(other):
                self.assign[article] = target
            self.sources[target] = "user" if self.sources.get(target) != "query" else "query"
        elif action == "split":
            articles = [a for a in args["articles"] if a in self.assign]
            for article in articles:
                self.assign[article] = args["new_id"]
            self.sources[args["new_id"]] = "user"
        elif action == "assign":
            if args["article"] not in self.assign:
                return
            if args["event"] is None:
                self.assign[args["article"]] = None
                return
            target = self.resolve(args["event"], args.get("event_articles", ()))
            target = target or args["event"]
            self.assign[args["article"]] = target
            self.sources.setdefault(target, "user")
        elif action == "rename":
            target = self.resolve(args["event"], args.get("articles", ()))
            if target is not None:
                self.user_labels[target] = args["label"]
        elif action == "define":
            found = self.store.articles(search=args["query"], since=args.get("since"), until=args.get("until"),
                                        columns=["id"])
            for article in found["id"]:
                self.assign[article] = args["id"]
            self.sources[args["id"]] = "query"
            self.queries[args["id"]] = {k: args.get(k) for k in ("query", "since", "until")}
            if args.get("label"):
                self.user_labels[args["id"]] = args["label"]
        else:  # pragma: no cover - guarded by the CHECK constraint
            raise invalid_action(action)

    def dissolve_small_auto_events(self) -> None:
        counts = Counter(e for e in self.assign.values() if e)
        for article, event in self.assign.items():
            if event and counts[event] < 2 and self.sources.get(event, "auto") == "auto":
                self.assign[article] = None

    # -- writing -----------------------------------------------------------------
    def save(self) -> None:
        self.dissolve_small_auto_events()
        members: dict[str, list[str]] = {}
        for article, event in self.assign.items():
            if event:
                members.setdefault(event, []).append(article)
        stored = self.store.conn.execute(
            "SELECT id, outlet, published, event, duplicate_of, rowid FROM articles").fetchall()
        position = {row[0]: k for k, row in enumerate(stored)}
        outlet_of = [row[1] for row in stored]
        stamps = _utc_ns([row[2] for row in stored])
        now = _now()
        wheres = [[position[i] for i in ids if i in position] for ids in members.values()]
        first, last = _spans(stamps, wheres)
        rows = []
        for (event_id, ids), where, lo, hi in zip(members.items(), wheres, first, last):
            label = self.labels.get(event_id)
            if not label:
                label = (self._label_of(ids) if event_id not in self.queries else self.queries[event_id]["query"])
                self.labels[event_id] = label
            outlets = sorted({o for o in (outlet_of[k] for k in where) if isinstance(o, str) and o})
            rows.append([event_id, label, self.user_labels.get(event_id), self.sources.get(event_id, "auto"),
                         json.dumps(self.queries[event_id]) if event_id in self.queries else None,
                         lo, hi, len(ids), len(outlets), json.dumps(outlets), now])
        _iso_columns(rows, 5, 6)
        # Changed rows are written by rowid in rowid order (each table page once), both columns at once.
        assign, copies = self.assign, self.duplicate_of if self.duplicate_of is not None else {}
        changed = []
        for article_id, _, _, event, copy_of, rowid in stored:
            new_event = assign.get(article_id, event)
            new_copy = copies.get(article_id, copy_of)
            if new_event != event or new_copy != copy_of:
                changed.append((new_event, new_copy, rowid))
        changed.sort(key=lambda row: row[2])
        with self.store.transaction():
            if changed:
                self.store.conn.executemany("UPDATE articles SET event=?, duplicate_of=? WHERE rowid=?", changed)
            self.store.conn.execute("DELETE FROM events")
            self.store.conn.executemany(
                "INSERT INTO events(id, label, user_label, source, query, first, last, n_articles, n_outlets,"
                " outlets, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)

    def _label_of(self, ids: list[str]) -> str:
        """Automatic label of an event made by a correction (from its members' titles and texts)."""
        frame = self.store.articles(ids=ids, columns=["id", "title", "text"])
        order = {article_id: k for k, article_id in enumerate(ids)}
        frame = frame.iloc[sorted(range(len(frame)), key=lambda k: order[frame["id"].iat[k]])]
        return _label_from_frame(frame)


_NAT = np.iinfo(np.int64).min


def _spans(stamps: np.ndarray, wheres: list[list[int]]) -> tuple[list, list]:
    """Earliest and latest stamp (int ns, ``_NAT`` = missing) of each list of positions; None when none is dated."""
    lengths = np.fromiter(map(len, wheres), dtype=np.int64, count=len(wheres))
    flat = np.fromiter(chain.from_iterable(wheres), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(wheres)), lengths)
    values = stamps[flat]
    dated = values != _NAT
    owner, values = owner[dated], values[dated]
    first = np.full(len(wheres), np.iinfo(np.int64).max, dtype=np.int64)
    last = np.full(len(wheres), _NAT, dtype=np.int64)
    np.minimum.at(first, owner, values)
    np.maximum.at(last, owner, values)
    has = np.bincount(owner, minlength=len(wheres)) > 0
    return ([int(v) if h else None for v, h in zip(first.tolist(), has.tolist())],
            [int(v) if h else None for v, h in zip(last.tolist(), has.tolist())])


def _utc_ns(values: list) -> np.ndarray:
    """Stored ISO 8601 date-times as int64 nanoseconds since the epoch in UTC (missing: ``_NAT``)."""
    if not values:
        return np.zeros(0, dtype=np.int64)
    parsed = pd.to_datetime(pd.Series(values, dtype=object), utc=True, errors="coerce", format="ISO8601")
    return parsed.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT")).astype(np.int64)


def _iso_columns(rows: list[list], *columns: int) -> None:
    """Replace int64 nanosecond stamps in the given columns of ``rows`` by ISO 8601 text in UTC (in place)."""
    for column in columns:
        values = np.array([r[column] if r[column] is not None else _NAT for r in rows], dtype=np.int64)
        whole = values % 1_000_000_000 == 0
        text = np.datetime_as_string(values.astype("datetime64[ns]").astype("datetime64[s]"), unit="s")
        for r, value, is_whole, formatted in zip(rows, values.tolist(), whole.tolist(), text.tolist()):
            if value == _NAT:
                r[column] = None
            elif is_whole:
                r[column] = formatted + "+00:00"
            else:
                r[column] = pd.Timestamp(value, unit="ns", tz="UTC").isoformat()


def invalid_action(action):
    from framescope.errors import invalid_choice

    return invalid_choice("correction", action, CORRECTION_ACTIONS)


def _label_from_frame(frame: pd.DataFrame) -> str:
    titles = [str(t or "") for t in frame["title"]] if "title" in frame else [""] * len(frame)
    texts = [str(t or "") for t in frame["text"]] if "text" in frame else [""] * len(frame)
    features = _features(titles, texts, max_words=DEFAULT_MAX_WORDS, max_terms=DEFAULT_MAX_TERMS, n_jobs=1)
    return _make_label(features, list(range(len(frame))), titles, [t[:3000] for t in texts])


def _corrections(store) -> list[tuple[str, dict]]:
    return [(r[0], json.loads(r[1])) for r in
            store.conn.execute("SELECT action, args FROM event_corrections ORDER BY seq")]


def _open(store):
    from framescope.store import Store

    if isinstance(store, Store):
        return store, False
    return Store(store), True


def _stored_articles(store) -> pd.DataFrame:
    """``id``, ``outlet``, ``title``, ``published`` (UTC) and ``text`` of every stored article, read in one query."""
    cursor = store.conn.execute("SELECT id, outlet, title, published, text FROM articles "
                                "ORDER BY published IS NULL, published, rowid")
    columns = [list(c) for c in zip(*cursor.fetchall())] or [[], [], [], [], []]
    published = pd.Series(_utc_ns(columns[3]).astype("datetime64[ns]")).dt.tz_localize("UTC")  # _NAT is NaT
    return pd.DataFrame({"id": pd.Series(columns[0], dtype=object), "outlet": pd.Series(columns[1], dtype=object),
                         "title": pd.Series(columns[2], dtype=object), "published": published,
                         "text": pd.Series(columns[4], dtype=object)})


def regroup(store, *, window_days: float = DEFAULT_WINDOW_DAYS, threshold: float | None = None,
            **options) -> EventGrouping:
    """Group the stored articles, re-apply the user's corrections, and save the result.

    Writes each article's ``event`` and ``duplicate_of`` and rewrites the ``events``
    table; corrections (``merge``, ``split``, ``assign``, ``rename``, ``define``) are
    replayed in the order they were made, so they survive every regrouping.

    Parameters
    ----------
    store : a :class:`~framescope.store.Store` or a database path.
    window_days, threshold, **options : passed to :func:`group_events`.

    Returns
    -------
    EventGrouping of the automatic grouping (before corrections); the corrected
    result is in the store (see :func:`list_events`).

    Examples
    --------
    >>> from framescope.store import Store
    >>> from framescope.article import Article
    >>> store = Store(":memory:")
    >>> _ = store.add_articles([Article(outlet="a", title="Port strike", text="Rosa Ilvane led 3,200 dockers out."),
    ...                         Article(outlet="b", title="Dockers strike", text="Rosa Ilvane said 3,200 struck.")])
    >>> _ = regroup(store)
    >>> len(list_events(store))
    1
    """
    store, close = _open(store)
    try:
        _ensure_tables(store)
        if options.get("featuriser") is None:
            _start_feature_workers(len(store), options.get("n_jobs"))
        with paused_gc():
            frame = _stored_articles(store)
            grouping = group_events(frame, window_days=window_days, threshold=threshold, **options)
            del frame
            labels = dict(zip(grouping.events["id"], grouping.events["label"])) if len(grouping.events) else {}
            state = _State(store, grouping.assignments.to_dict(), labels,
                           duplicate_of=grouping.duplicate_of.to_dict())
            for action, args in _corrections(store):
                state.apply(action, args)
            state.save()
        with store.transaction():
            params = dict(grouping.params, articles_digest=_ids_digest(grouping.assignments.index))
            store.conn.execute("INSERT INTO event_runs(params, n_articles, n_events, ran_at) VALUES (?,?,?,?)",
                               (json.dumps(params), len(grouping.assignments), len(grouping.events), _now()))
        return grouping
    finally:
        if close:
            store.close()


def _ids_digest(ids) -> str:
    """A digest of a set of article ids (order does not matter)."""
    return hashlib.sha1("\n".join(sorted(map(str, ids))).encode("utf-8")).hexdigest()


def needs_regroup(store, *, window_days: float | None = None, threshold: float | None = None,
                  attach_orphans: bool | None = None) -> bool:
    """True when the store was never grouped, its articles changed since (added, removed or
    replaced), the last grouping ran on another :data:`GROUPING_VERSION`, or a given setting
    differs from the one last used.

    Examples
    --------
    >>> from framescope.store import Store
    >>> needs_regroup(Store(":memory:"))
    True
    """
    store, close = _open(store)
    try:
        _ensure_tables(store)
        row = store.conn.execute("SELECT params, n_articles FROM event_runs ORDER BY seq DESC LIMIT 1").fetchone()
        if row is None:
            return True
        params = json.loads(row[0])
        if row[1] != len(store) or params.get("version") != GROUPING_VERSION:
            return True
        if params.get("articles_digest") != _ids_digest(store.ids()):
            return True
        if window_days is not None and float(window_days) != params.get("window_days"):
            return True
        if attach_orphans is not None and bool(attach_orphans) != params.get("attach_orphans"):
            return True
        return threshold is not None and float(threshold) != params.get("threshold")
    finally:
        if close:
            store.close()


def list_events(store) -> pd.DataFrame:
    """The stored events: ``id``, ``label``, ``first``, ``last``, ``outlets``, ``articles``,
    ``n_articles``, ``n_outlets``, ``source`` (auto, user or query), oldest first.

    Examples
    --------
    >>> from framescope.store import Store
    >>> list(list_events(Store(":memory:")).columns)[:3]
    ['id', 'label', 'first']
    """
    store, close = _open(store)
    try:
        _ensure_tables(store)
        columns = EVENT_COLUMNS + ["source"]
        members: dict[str, list[str]] = {}
        for article, event in store.conn.execute(
                "SELECT id, event FROM articles WHERE event IS NOT NULL "
                "ORDER BY published IS NULL, published, id"):
            members.setdefault(event, []).append(article)
        rows = []
        meta = {r[0]: r for r in store.conn.execute(
            "SELECT id, label, user_label, source, first, last, outlets FROM events")}
        for event_id, ids in members.items():
            row = meta.get(event_id)
            label = (row[2] or row[1]) if row else event_id
            outlets = json.loads(row[6]) if row else []
            rows.append({"id": event_id, "label": label,
                         "first": pd.Timestamp(row[4]) if row and row[4] else pd.NaT,
                         "last": pd.Timestamp(row[5]) if row and row[5] else pd.NaT,
                         "outlets": outlets, "articles": ids, "n_articles": len(ids),
                         "n_outlets": len(outlets), "source": row[3] if row else "user"})
        frame = pd.DataFrame(rows, columns=columns)
        if len(frame):
            frame["first"] = pd.to_datetime(frame["first"], utc=True)
            frame["last"] = pd.to_datetime(frame["last"], utc=True)
            frame = frame.sort_values(["first", "id"], na_position="last", ignore_index=True)
        return frame
    finally:
        if close:
            store.close()


def _check_event(state: _State, event_id: str) -> str:
    if event_id not in state.events():
        valid = sorted(state.events())
        shown = ", ".join(valid[:10]) + (" ..." if len(valid) > 10 else "")
        raise NotFoundError(f"no event {event_id!r}; valid: {shown or '(none: run `framescope events` first)'}")
    return event_id


def _check_article(store, article_id: str) -> str:
    return store.get(article_id).id


def _record(store, state: _State, action: str, args: dict) -> None:
    state.apply(action, args)
    with store.transaction():
        store.conn.execute("INSERT INTO event_corrections(action, args, created_at) VALUES (?,?,?)",
                           (action, json.dumps(args), _now()))
        state.save()


def correct(store, action: str, *values, **options) -> pd.DataFrame:
    """Record one correction, apply it to the stored events, and return :func:`list_events`.

    ``correct(store, "merge", A, B)``, ``correct(store, "split", EVENT, ARTICLE, ...)``,
    ``correct(store, "assign", ARTICLE, EVENT_OR_none)``, ``correct(store, "rename",
    EVENT, LABEL)``, ``correct(store, "define", query=TEXT, since=..., until=...,
    label=...)``. Corrections are kept in the ``event_corrections`` table and replayed
    by every :func:`regroup`.

    Examples
    --------
    >>> from framescope.store import Store
    >>> correct(Store(":memory:"), "rename", "ev-x", "Port strike")
    Traceback (most recent call last):
    ...
    framescope.errors.NotFoundError: no event 'ev-x'; valid: (none: run `framescope events` first)
    """
    if action not in CORRECTION_ACTIONS:
        raise invalid_action(action)
    store, close = _open(store)
    try:
        _ensure_tables(store)
        state = _State.load(store)
        if action == "merge":
            if len(values) != 2:
                raise InvalidValueError("merge takes two event ids: merge A B")
            a, b = (_check_event(state, v) for v in values)
            if a == b:
                raise InvalidValueError(f"cannot merge event {a!r} with itself")
            args = {"a": a, "b": b, "a_articles": state.members(a), "b_articles": state.members(b)}
        elif action == "split":
            if len(values) < 2:
                raise InvalidValueError("split takes an event id and one or more article ids")
            event = _check_event(state, values[0])
            articles = [_check_article(store, v) for v in values[1:]]
            outside = [a for a in articles if state.assign.get(a) != event]
            if outside:
                raise InvalidValueError(f"article {outside[0]!r} is not in event {event!r}; its articles: "
                                        f"{', '.join(state.members(event))}")
            new_id = "ev-" + hashlib.sha1(("split\x1f" + "\x1f".join(sorted(articles))).encode()).hexdigest()[:10]
            args = {"event": event, "articles": articles, "new_id": new_id}
        elif action == "assign":
            if len(values) != 2:
                raise InvalidValueError("assign takes an article id and an event id (or 'none')")
            article = _check_article(store, values[0])
            event = None if str(values[1]).lower() in NO_EVENT else str(values[1])
            args = {"article": article, "event": event,
                    "event_articles": state.members(event) if event else []}
        elif action == "rename":
            if len(values) != 2 or not str(values[1]).strip():
                raise InvalidValueError("rename takes an event id and a non-empty label")
            event = _check_event(state, values[0])
            args = {"event": event, "label": str(values[1]).strip(), "articles": state.members(event)}
        else:  # define
            query = options.get("query")
            if not query or not str(query).strip():
                raise InvalidValueError("define needs a --query")
            since, until = options.get("since"), options.get("until")
            found = store.articles(search=query, since=since, until=until, columns=["id"])
            if found.empty:
                raise NotFoundError(f"no stored article matches query {query!r}"
                                    f"{' since ' + str(since) if since else ''}{' until ' + str(until) if until else ''}")
            event_id = "q-" + hashlib.sha1(json.dumps([query, since, until]).encode()).hexdigest()[:10]
            args = {"id": event_id, "query": query, "since": since, "until": until, "label": options.get("label")}
        _record(store, state, action, args)
        return list_events(store)
    finally:
        if close:
            store.close()


def read_gold(store, gold: str) -> pd.Series:
    """Gold event labels: a CSV file (article id, event) or the name of a ``meta`` field.

    Examples
    --------
    >>> from framescope.store import Store
    >>> read_gold(Store(":memory:"), "gold_event")
    Traceback (most recent call last):
    ...
    framescope.errors.NotFoundError: no article has a meta field 'gold_event' and no file 'gold_event' exists; meta fields: (none)
    """
    from pathlib import Path

    path = Path(gold)
    if path.is_file():
        try:
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
        except Exception as exc:  # pandas raises many kinds
            raise InputError(f"cannot read gold CSV: {exc}", source=str(path)) from exc
        if table.shape[1] < 2:
            raise InputError("gold CSV needs two columns: article id, event", source=str(path))
        id_col = next((c for c in table.columns if c.lower() in ("id", "article", "article_id")), table.columns[0])
        ev_col = next((c for c in table.columns if c.lower() in ("event", "gold", "gold_event")), table.columns[1])
        values = table[ev_col].where(table[ev_col] != "", None)
        series = pd.Series(list(values), index=[_resolve_id(store, i) for i in table[id_col]], dtype=object)
        return series
    frame = store.articles(columns=["id", "meta"])
    values = {row.id: row.meta.get(gold) for row in frame.itertuples() if isinstance(row.meta, dict)}
    values = {k: (None if _missing(v) else v) for k, v in values.items()}
    if not any(v is not None for v in values.values()):
        fields = sorted({k for m in frame["meta"] if isinstance(m, dict) for k in m})
        raise NotFoundError(f"no article has a meta field {gold!r} and no file {gold!r} exists; meta fields: "
                            f"{', '.join(fields) or '(none)'}")
    return pd.Series({k: (None if v is None else str(v)) for k, v in values.items()}, dtype=object)


def _missing(value) -> bool:
    return value is None or value == "" or value is pd.NA or (isinstance(value, float) and value != value)


def _resolve_id(store, value: str) -> str:
    try:
        return store.get(str(value)).id
    except NotFoundError:
        return str(value)


def evaluate_store(store, gold: str) -> pd.Series:
    """B-cubed and ARI of the stored event assignment against gold labels (see :func:`read_gold`)."""
    store, close = _open(store)
    try:
        truth = read_gold(store, gold)
        frame = store.articles(columns=["id", "event"])
        if frame["event"].isna().all() and len(frame) > 1:
            raise NotFoundError("no article has an event yet; run `framescope events` first")
        return evaluate(pd.Series(list(frame["event"]), index=list(frame["id"]), dtype=object), truth)
    finally:
        if close:
            store.close()
