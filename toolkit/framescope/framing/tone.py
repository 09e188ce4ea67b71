"""Tone: sentence sentiment (a fast re-implementation of VADER's rules), entity tone, hedges, boosters, subjectivity, modality."""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame

LEXICON_DIR = Path(__file__).resolve().parents[1] / "lexicons"

# ---------------------------------------------------------------------------------------
# VADER (Hutto & Gilbert 2014). The lexicon file, booster list, negation list and the
# rule constants come from the installed ``vaderSentiment`` package (MIT licence); the
# scoring below is the project's own re-implementation of the published rules, written
# to score every sentence of a document in one pass without per-call overhead.
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vader:
    lexicon: dict
    boosters: dict
    negations: frozenset
    special: dict
    b_incr: float
    c_incr: float
    n_scalar: float
    # the multi-word special cases and boosters keyed by their words (a tuple is cheaper to
    # build and hash than the joined string), and the words they start with
    special_words: dict | None = None
    booster_words: dict | None = None
    special_firsts: frozenset = frozenset()
    booster_firsts: frozenset = frozenset()
    idiom_firsts: frozenset = frozenset()
    # words that can change a following sentiment word (boosters, negations, "never",
    # "without"); any other word three tokens back only matters for "so/this" and idioms
    active: frozenset = frozenset()


@lru_cache(maxsize=1)
def vader_resources() -> _Vader:
    """The VADER lexicon, booster/dampener and negation lists, read from ``vaderSentiment``."""
    from vaderSentiment import vaderSentiment as vs

    path = Path(vs.__file__).resolve().parent / "vader_lexicon.txt"
    lexicon = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split("\t")
        if len(parts) >= 2 and " " not in parts[0]:
            lexicon[parts[0]] = float(parts[1])
    special_words = {tuple(k.split(" ")): v for k, v in vs.SPECIAL_CASES.items() if " " in k}
    booster_words = {tuple(k.split(" ")): v for k, v in vs.BOOSTER_DICT.items() if " " in k}
    special_firsts = frozenset(k[0] for k in special_words)
    booster_firsts = frozenset(k[0] for k in booster_words)
    return _Vader(lexicon=lexicon, boosters=dict(vs.BOOSTER_DICT), negations=frozenset(vs.NEGATE),
                  special=dict(vs.SPECIAL_CASES), b_incr=vs.B_INCR, c_incr=vs.C_INCR, n_scalar=vs.N_SCALAR,
                  special_words=special_words, booster_words=booster_words,
                  special_firsts=special_firsts, booster_firsts=booster_firsts,
                  idiom_firsts=special_firsts | booster_firsts,
                  active=frozenset(vs.BOOSTER_DICT) | frozenset(vs.NEGATE) | {"never", "without"})


_PUNCT = string.punctuation
_add_reduce = np.add.reduce
_second = itemgetter(1)
_STRIP_ALL = string.punctuation + "“”‘’«»—–…„‚"
_TOKEN_CACHE: dict[str, tuple] = {}
_TABLE_LIMIT = 500_000  # distinct tokens remembered before a table starts afresh (bounds memory)


def _token_info(raw: str) -> tuple:
    """(vader form lower-cased, clean lower form, is-word, is-all-caps) of a whitespace token."""
    info = _TOKEN_CACHE.get(raw)
    if info is None:
        folded = raw.replace("’", "'").replace("‘", "'")
        stripped = folded.strip(_PUNCT)
        vader = (stripped if len(stripped) > 2 else folded).lower()
        clean = folded.strip(_STRIP_ALL).lower()
        isword = any(c.isalnum() for c in clean)
        info = (vader, clean, isword, raw.isupper())
        if len(_TOKEN_CACHE) > _TABLE_LIMIT:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[raw] = info
    return info


class _TokenTable(dict):
    """Raw token -> one derived value, computed the first time the token is seen.

    A dict subclass with ``__missing__``: ``list(map(table.__getitem__, tokens))`` stays
    one C-level pass over a text's tokens, and unseen tokens are learnt on the way.
    """

    __slots__ = ("_derive",)

    def __init__(self, derive):
        super().__init__()
        self._derive = derive

    def __missing__(self, raw: str):
        if len(self) >= _TABLE_LIMIT:  # pragma: no cover - bound memory on huge corpora
            self.clear()
        value = self[raw] = self._derive(raw)
        return value


def _code(raw: str):
    """A token's VADER form if it is in the VADER lexicon (truthy), else 0 for a word, None for a non-word."""
    vader, _, isword, _ = _token_info(raw)
    return vader if vader in vader_resources().lexicon else 0 if isword else None


_VLOW = _TokenTable(lambda raw: _token_info(raw)[0])
_CLEAN = _TokenTable(lambda raw: _token_info(raw)[1])
_ISWORD = _TokenTable(lambda raw: _token_info(raw)[2])
_CODE = _TokenTable(_code)


def _vader_valences(vlow: Sequence[str], raw: Sequence[str], hits: Sequence[int] | None = None, base: int = 0
                    ) -> list[tuple[int, float]]:
    """Contextual valence of each sentiment-bearing token of one sentence: [(base + index, valence)].

    ``vlow`` are the tokens' VADER forms, ``raw`` the tokens as written (for ALL CAPS);
    ``hits`` are the indices of the tokens in the VADER lexicon, when the caller knows them;
    ``base`` is added to the returned indices (the sentence's first token in its text).
    """
    res = vader_resources()
    lex, boosters, negations, n_scalar, c_incr = res.lexicon, res.boosters, res.negations, res.n_scalar, res.c_incr
    active = res.active
    n = len(vlow)
    if hits is None:
        hits = [i for i, w in enumerate(vlow) if w in lex]
    if not hits:
        return []
    # VADER's capitalisation rule needs "some but not all tokens are ALL CAPS"; counted only
    # when a capitalised token is met, which most sentences never do.
    cap_diff = None
    out = []
    for i in hits:
        item = vlow[i]
        if item in boosters or (item == "kind" and i < n - 1 and vlow[i + 1] == "of"):
            continue
        valence = lex[item]
        if item == "no" and i != n - 1 and vlow[i + 1] in lex:
            valence = 0.0
        if (i > 0 and vlow[i - 1] == "no") or (i > 1 and vlow[i - 2] == "no") or (
                i > 2 and vlow[i - 3] == "no" and vlow[i - 1] in ("or", "nor")):
            valence = lex[item] * n_scalar
        if raw[i].isupper():
            if cap_diff is None:
                cap_diff = 0 < sum(map(str.isupper, raw)) < n
            if cap_diff:
                valence += c_incr if valence > 0 else -c_incr
        # the three tokens before: boosters/dampeners, then negation (VADER's _negation_check)
        for start_i in range(3):
            j = i - start_i - 1
            if j < 0:
                break
            before = vlow[j]
            if before in lex:
                continue
            if before not in active and "n't" not in before:
                # an ordinary word: adds no booster scalar (a zero's sign never reaches an
                # output) and negates nothing; three back, VADER's "so/this" rule still applies
                if start_i == 2:
                    if vlow[i - 1] in ("so", "this"):
                        valence *= 1.25
                    if not res.idiom_firsts.isdisjoint(vlow[i - 3:i + 1]):
                        valence = _special_idioms(valence, vlow, i, res)
                continue
            scalar = boosters.get(before, 0.0)
            if scalar:
                if valence < 0:
                    scalar = -scalar
                if raw[j].isupper():
                    if cap_diff is None:
                        cap_diff = 0 < sum(map(str.isupper, raw)) < n
                    if cap_diff:
                        scalar += c_incr if valence > 0 else -c_incr
                if start_i == 1:
                    scalar *= 0.95
                elif start_i == 2:
                    scalar *= 0.9
            valence += scalar
            if start_i == 0:
                if before in negations or "n't" in before:
                    valence *= n_scalar
            elif start_i == 1:
                if before == "never" and vlow[i - 1] in ("so", "this"):
                    valence *= 1.25
                elif before == "without" and vlow[i - 1] == "doubt":
                    pass
                elif before in negations or "n't" in before:
                    valence *= n_scalar
            else:
                if (before == "never" and vlow[i - 2] in ("so", "this")) or vlow[i - 1] in ("so", "this"):
                    valence *= 1.25
                elif before == "without" and (vlow[i - 2] == "doubt" or vlow[i - 1] == "doubt"):
                    pass
                elif before in negations or "n't" in before:
                    valence *= n_scalar
                if not res.idiom_firsts.isdisjoint(vlow[i - 3:i + 1]):
                    valence = _special_idioms(valence, vlow, i, res)  # only if an idiom can start here
        if i > 1 and vlow[i - 1] == "least" and vlow[i - 1] not in lex:
            if vlow[i - 2] not in ("at", "very"):
                valence *= n_scalar
        elif i > 0 and vlow[i - 1] == "least" and vlow[i - 1] not in lex:
            valence *= n_scalar
        if valence:
            out.append((base + i, valence))
    if out and "but" in vlow:
        bi = base + vlow.index("but")
        out = [(i, v * 0.5 if i < bi else v * 1.5 if i > bi else v) for i, v in out]
    return out


def _special_idioms(valence, w, i, res):
    """VADER's idiom rules around ``w[i]``: the first special case before or at the word
    wins, then those after it, then multi-word boosters before it add up.

    A phrase ``"a b"`` matches exactly when the tokens are ``(a, b)`` (tokens hold no
    spaces), so phrases are looked up as tuples, and only when the first word can start one.
    """
    special, firsts = res.special_words, res.special_firsts
    a, b, c, d = w[i - 3], w[i - 2], w[i - 1], w[i]
    if c in firsts and (c, d) in special:
        valence = special[c, d]
    elif b in firsts and (b, c, d) in special:
        valence = special[b, c, d]
    elif b in firsts and (b, c) in special:
        valence = special[b, c]
    elif a in firsts and (a, b, c) in special:
        valence = special[a, b, c]
    elif a in firsts and (a, b) in special:
        valence = special[a, b]
    if d in firsts:
        if len(w) - 1 > i and (d, w[i + 1]) in special:
            valence = special[d, w[i + 1]]
        if len(w) - 1 > i + 1 and (d, w[i + 1], w[i + 2]) in special:
            valence = special[d, w[i + 1], w[i + 2]]
    boosters, firsts = res.booster_words, res.booster_firsts
    if a in firsts:
        if (a, b, c) in boosters:
            valence += boosters[a, b, c]
        if (a, b) in boosters:
            valence += boosters[a, b]
    if b in firsts and (b, c) in boosters:
        valence += boosters[b, c]
    return valence


def _compound(total: float, text: str, a: int = 0, b: int | None = None) -> float:
    """VADER's normalised compound of a sentence's summed valences (the sentence is ``text[a:b]``)."""
    if total == 0:
        return 0.0
    if b is None:
        b = len(text)
    emphasis = min(text.count("!", a, b), 4) * 0.292
    questions = text.count("?", a, b)
    if questions > 1:
        emphasis += questions * 0.18 if questions <= 3 else 0.96
    total = total + emphasis if total > 0 else total - emphasis
    score = total / math.sqrt(total * total + 15)
    return 1.0 if score >= 1.0 else -1.0 if score <= -1.0 else score  # VADER's clamp to [-1, 1]


def vader_compound(sentences: Sequence[str]) -> np.ndarray:
    """VADER compound score of each sentence (fast re-implementation of its rules).

    Negation, booster/dampener words, "but", capitalisation and punctuation emphasis
    follow ``vaderSentiment``'s ``polarity_scores``; emoji are not translated to words
    (news text has almost none) and scores are not rounded.

    Examples
    --------
    >>> [round(float(s), 2) for s in vader_compound(["The book was good.", "The book was not good."])]
    [0.44, -0.34]
    """
    out = np.zeros(len(sentences))
    for k, sentence in enumerate(sentences):
        raw = sentence.split()
        valences = _vader_valences(list(map(_VLOW.__getitem__, raw)), raw)
        out[k] = _compound(sum(v for _, v in valences), sentence)
    return out


# ---------------------------------------------------------------------------------------
# One shared parse per text: sentences (the project's Punkt splitter, memoised in
# framing.lexicon) and whitespace tokens with offsets, computed for the whole document
# at once. An LRU cache keyed on the text means a document is tokenised once however
# many families (tone, persuasion, structure) look at it.
# ---------------------------------------------------------------------------------------

# Every code point that str.split() treats as white space, as a lookup table, so token
# offsets come from one vectorised pass over the text's code points.
_SPACE_LIMIT = 0x3001
_IS_SPACE = np.zeros(_SPACE_LIMIT + 1, dtype=bool)
_IS_SPACE[[c for c in range(_SPACE_LIMIT) if chr(c).isspace()]] = True


_SHORT_TEXT = 24  # tokens; below this a str.find walk beats numpy's fixed per-call costs


def _token_starts(text: str, raw: list[str]):
    """Start offsets of the tokens ``raw`` of ``text.split()`` (a token ends at start + its length).

    A list for short texts (headlines), else an array from one vectorised pass.
    """
    if len(raw) < _SHORT_TEXT:
        # the next token is the first occurrence of its text after the previous one:
        # only white space lies in between
        starts, pos, find = [], 0, text.find
        for token in raw:
            pos = find(token, pos)
            starts.append(pos)
            pos += len(token)
        return starts
    # a space put in front makes a token start exactly "white space, then not": the index of
    # that space in the padded text is the token's offset in the text; code points past the
    # table clip to its last entry (not white space)
    codes = np.frombuffer((" " + text).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = _IS_SPACE.take(codes, mode="clip")
    return (space[:-1] > space[1:]).nonzero()[0]


def token_offsets(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Start and end offsets of the tokens of ``text.split()``.

    Examples
    --------
    >>> [a.tolist() for a in token_offsets("  Two  words\u00a0here")]
    [[2, 7, 13], [5, 12, 17]]
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    solid = np.zeros(len(codes) + 2, dtype=np.int8)
    solid[1:-1] = ~_IS_SPACE[np.minimum(codes, _SPACE_LIMIT)]
    change = np.diff(solid)
    return np.flatnonzero(change == 1), np.flatnonzero(change == -1)


class Parsed:
    """Sentences and whitespace tokens of one text.

    Attributes: ``text``; ``sents`` (character spans); ``raw``/``starts``/``ends``
    (tokens and their offsets); ``bounds`` (token index range of each sentence);
    ``n_words``. Computed on first use: ``vlow`` (VADER's token form, lower case),
    ``clean`` (punctuation stripped, lower case), ``caps`` (token is ALL CAPS).
    """

    __slots__ = ("text", "sents", "raw", "bounds", "n_words", "_starts", "_hits", "_clean", "_vader",
                 "_compounds")

    def __init__(self, text: str, sents):
        self.text, self.sents = text, list(sents)
        sents = self.sents
        raw = self.raw = text.split()
        # One table lookup per token gives both the VADER hits (truthy codes) and the
        # non-words (None); everything else is looked up per distinct need, not per token.
        codes = list(map(_CODE.__getitem__, raw))
        hits = self._hits = list(compress(range(len(raw)), codes))
        n_words = len(raw) - codes.count(None)
        for i in hits:  # the rare non-word VADER entries (":)", "<3")
            if not _ISWORD[raw[i]]:
                n_words -= 1
        self.n_words = n_words
        self._starts = None
        if not sents:
            self.bounds = []
        elif not raw:
            self.bounds = [(0, 0)] * len(sents)
        elif len(sents) == 1 and not text[:sents[0][0]].strip() and not text[sents[0][1]:].strip():
            self.bounds = [(0, len(raw))]  # one sentence holding every token (a headline)
        else:
            edges = np.searchsorted(self.starts, [x for span in sents for x in span]).tolist()
            self.bounds = list(zip(edges[::2], edges[1::2]))
        self._clean = None
        self._vader = None
        self._compounds = None

    @property
    def starts(self) -> np.ndarray:
        """Start offset of each token."""
        if self._starts is None:
            self._starts = _token_starts(self.text, self.raw)
        return np.asarray(self._starts, dtype=np.int64)

    def _starts_at(self, indices: list[int]) -> list[int]:
        """Start offsets of the tokens at ``indices``."""
        if self._starts is None:
            self._starts = _token_starts(self.text, self.raw)
        starts = self._starts
        return [starts[i] for i in indices] if type(starts) is list else starts[indices].tolist()

    @property
    def ends(self) -> np.ndarray:
        """End offset of each token."""
        return self.starts + np.fromiter(map(len, self.raw), dtype=np.int64, count=len(self.raw))

    @property
    def vlow(self) -> list[str]:
        """VADER's form of each token, lower case."""
        return list(map(_VLOW.__getitem__, self.raw))

    @property
    def caps(self) -> list[bool]:
        """Whether each token is ALL CAPS."""
        return list(map(str.isupper, self.raw))

    @property
    def clean(self) -> list[str]:
        """Tokens with punctuation stripped, lower case."""
        if self._clean is None:
            self._clean = list(map(_CLEAN.__getitem__, self.raw))
        return self._clean

    def sentence_valences(self) -> list[list[tuple[int, float]]]:
        """VADER token valences per sentence, token indices global to the text (cached)."""
        if self._vader is None:
            out: list[list] = [[] for _ in self.bounds]
            hits = self._hits
            if hits and self.bounds:
                edges = [a for a, _ in self.bounds]
                by_sentence: dict[int, list[int]] = {}
                for i in hits:
                    k = bisect_right(edges, i) - 1
                    if k >= 0 and i < self.bounds[k][1]:
                        by_sentence.setdefault(k, []).append(i)
                raw = self.raw
                for k, sentence_hits in by_sentence.items():
                    a, b = self.bounds[k]
                    tokens = raw[a:b]
                    out[k] = _vader_valences(list(map(_VLOW.__getitem__, tokens)), tokens,
                                             [i - a for i in sentence_hits], a)
            self._vader = out
        return self._vader

    def compounds(self) -> np.ndarray:
        """VADER compound score of each sentence (cached)."""
        if self._compounds is None:
            text = self.text
            self._compounds = np.array([_compound(sum(map(_second, vals)), text, a, b) if vals else 0.0
                                        for vals, (a, b) in zip(self.sentence_valences(), self.sents)],
                                       dtype=float)
        return self._compounds


def is_english(text: str) -> bool:
    """:func:`framescope.framing.lexicon.looks_english`, memoised in the one cache every family
    shares (:func:`~framescope.framing.lexicon.cached_looks_english`).

    Examples
    --------
    >>> is_english("The minister said that taxes would rise in the spring.")
    True
    >>> is_english("Die Regierung hat heute die Steuern erhöht, sagte der Minister.")
    False
    """
    from framescope.framing.lexicon import cached_looks_english

    return cached_looks_english(text)


@lru_cache(maxsize=4096)
def parse_text(text: str) -> Parsed:
    """Sentences and tokens of ``text``, cached (LRU on the text).

    Examples
    --------
    >>> p = parse_text("Good news. Bad news!")
    >>> len(p.sents), p.n_words, p.bounds
    (2, 4, [(0, 2), (2, 4)])
    """
    from framescope.framing.lexicon import cached_sentence_spans

    return Parsed(text, cached_sentence_spans(text) if text else ())


@lru_cache(maxsize=4096)
def parse_title(title: str) -> Parsed:
    """A headline parsed as ONE sentence (headlines rarely end with a period), cached."""
    a, b = len(title) - len(title.lstrip()), len(title.rstrip())
    return Parsed(title, [(a, b)] if a < b else [])


# ---------------------------------------------------------------------------------------
# Project lexicons (lexicons/<name>.tsv in framing.lexicon's format), combined into one
# matcher whose labels are the cue categories.
# ---------------------------------------------------------------------------------------

TONE_LEXICONS = {"hedges": "hedge", "boosters": "booster", "subjectivity": "subjective", "modality": "modal"}


@lru_cache(maxsize=1)
def tone_lexicon():
    """Hedges, boosters, subjective and modal cues as one :class:`~framescope.framing.lexicon.Lexicon`.

    Examples
    --------
    >>> sorted({m.label for m in tone_lexicon().match("It may perhaps be a truly shocking plan.")})
    ['booster', 'hedge', 'modal', 'subjective']
    """
    from framescope.framing.lexicon import Lexicon, load_lexicon

    entries = [(category, e.cue, e.weight, e.flags) for name, category in TONE_LEXICONS.items()
               for e in load_lexicon(name).entries]
    return Lexicon(entries, name="tone")


# ---------------------------------------------------------------------------------------
# Entities: capitalised name spans.
# ---------------------------------------------------------------------------------------

_NAME = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'.-]*[\w]|[A-Z])(?:\s+(?:(?:of|the|de|van|von|al|bin|da|del|la|le)\s+)?"
    r"(?:[A-Z][\w’'.-]*[\w]|[A-Z]))*")
_NOT_NAMES = frozenset("""
a an the this that these those he she it they we i you his her its their our my your
in on at by for from with to of and or but if when while after before as since because
there here what who which where why how mr mrs ms dr however meanwhile also still yet
monday tuesday wednesday thursday friday saturday sunday january february march april may
june july august september october november december according some many most all no not
one two three four five six seven eight nine ten first last new
""".split())


def entity_mentions(text: str) -> list[tuple[int, int, str]]:
    """Capitalised name spans of ``text``: ``[(start, end, name)]``.

    Leading function words ("The", "In", "After") are dropped and possessive ``'s``
    removed. A one-word span that opens a sentence ("Critics said...") is kept only
    when the same word also appears capitalised inside a sentence elsewhere or is the
    last word of a longer name in the text (a surname).

    Examples
    --------
    >>> [m[2] for m in entity_mentions("Critics say Elena Varga met the Port Authority of Harbor City.")]
    ['Elena Varga', 'Port Authority of Harbor City']
    """
    found, inner = [], set()
    for m in _NAME.finditer(text):
        start, words = m.start(), m.group().split()
        while words and words[0].lower().strip(".") in _NOT_NAMES:
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else m.end()
            words = words[1:]
        while words and words[-1].lower() in _CONNECTORS:
            words = words[:-1]
        if not words:
            continue
        name = " ".join(words)
        for suffix in ("'s", "’s"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        name = name.rstrip(".")
        if len(name) < 2:
            continue
        before = text[:start].rstrip()
        initial = not before or before[-1] in '.!?"“”\n:' or text[max(0, start - 2):start].endswith("\n")
        if not initial:
            inner.add(name)
        found.append((start, start + len(name), name, initial and len(words) == 1))
    inner.update(f[2].split()[-1] for f in found if " " in f[2])
    return [(a, b, name) for a, b, name, lone_initial in found if not lone_initial or name in inner]


_CONNECTORS = frozenset(("of", "the", "de", "van", "von", "al", "bin", "da", "del", "la", "le"))


# ---------------------------------------------------------------------------------------
# The family.
# ---------------------------------------------------------------------------------------

POSITIVE, NEGATIVE = 0.05, -0.05


class Tone(FramingFamily):
    """Tone of an article: VADER sentence sentiment, hedges, boosters, subjectivity, modality.

    Sentence sentiment follows VADER (Hutto & Gilbert 2014) with its lexicon and rules
    (negation, boosters/dampeners, "but", capitalisation and punctuation emphasis),
    re-implemented to score all sentences of a document in one pass; compound scores
    correlate > 0.95 with ``vaderSentiment``'s (see the tests). Hedges and boosters
    follow Hyland's metadiscourse categories; subjectivity and modality cues follow
    Recasens et al. (2013)'s bias-cue categories (project word lists in ``lexicons/``).

    Features: ``mean_compound``, ``share_positive``/``share_negative`` (sentences with
    compound >= 0.05 / <= -0.05), ``headline_compound``, and ``hedge_rate``,
    ``booster_rate``, ``subjectivity_rate``, ``modality_rate`` (matches per 100 words).
    Evidence: sentiment-bearing words (label ``positive``/``negative``, weight = their
    contextual valence) and hedge/booster/subjective/modal cues. Text that does not
    look English (:func:`framescope.framing.lexicon.looks_english`) gets zeros.

    Parameters
    ----------
    evidence_words : bool, default True
        Include the sentiment-bearing words in the evidence (they are most spans).

    Examples
    --------
    >>> t = Tone().fit(["x"])
    >>> row = t.transform(["The plan is a great success. Critics may say it failed."])[0]
    >>> [(str(n), float(v)) for n, v in zip(t.get_feature_names_out(), row.round(3))][:5]
    [('tone__mean_compound', 0.081), ('tone__share_positive', 0.5), ('tone__share_negative', 0.5), ('tone__headline_compound', 0.0), ('tone__hedge_rate', 9.091)]
    """

    family = "tone"
    version = 1

    def __init__(self, *, evidence_words: bool = True):
        self.evidence_words = evidence_words

    def feature_names(self) -> list[str]:
        return ["mean_compound", "share_positive", "share_negative", "headline_compound",
                "hedge_rate", "booster_rate", "subjectivity_rate", "modality_rate"]

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        from framescope.framing.lexicon import cached_looks_english

        values = np.zeros((len(docs), len(self.feature_names())))
        rows: list[tuple] = []
        lexicon = tone_lexicon()
        slot = {"hedge": 0, "booster": 1, "subjective": 2, "modal": 3}  # offsets from column 4
        word_spans = self._word_spans if self.evidence_words else None
        for r, doc in enumerate(docs):
            if not cached_looks_english(doc.text or doc.title):
                continue  # English lexicons: no accidental matches in other languages
            row = values[r]
            parsed = parse_text(doc.text)
            comp = parsed.compounds()
            n = len(comp)
            if n:
                scores = comp.tolist()
                row[0] = _add_reduce(comp, None) / n  # what comp.mean() computes, without its Python layer
                row[1] = sum(c >= POSITIVE for c in scores) / n
                row[2] = sum(c <= NEGATIVE for c in scores) / n
            title = parse_title(doc.title)
            if title.sents:
                row[3] = title.compounds()[0]
            for field_name, p in (("text", parsed), ("title", title)):
                if word_spans is not None:
                    word_spans(doc.id, field_name, p, rows)
                text = p.text
                matches = lexicon.scan_memo(text)
                if not matches:
                    continue
                if field_name == "text":
                    counts = [0, 0, 0, 0]  # cue matches per category, in Python ints (no numpy per match)
                    for match in matches:
                        counts[slot[match[2].label]] += 1
                    row[4:8] = counts
                rows.extend([(doc.id, field_name, start, end, "tone", entry.label, text[start:end], weight)
                             for start, end, entry, _, _, weight in matches])
            if parsed.n_words:
                row[4:8] *= 100.0 / parsed.n_words
        return values, evidence_frame(rows)

    @staticmethod
    def _word_spans(doc_id, field_name, parsed, rows):
        valences = [item for vals in parsed.sentence_valences() for item in vals]
        if not valences:
            return
        raw = parsed.raw
        starts = parsed._starts_at([i for i, _ in valences])  # offsets of these tokens only
        for (i, v), start in zip(valences, starts):
            a, b, word = _TRIMMED[raw[i]]
            rows.append((doc_id, field_name, start + a, start + b, "tone", "positive" if v > 0 else "negative",
                         word, round(v, 4)))

    def entity_tone(self, X, *, min_sentences: int = 1) -> pd.DataFrame:
        """Mean sentence compound of the sentences that mention each entity.

        An entity is a capitalised name span (see :func:`entity_mentions`); a later
        mention by surname alone (the last word of a multi-word name already seen in
        the article) counts for the full name.

        Returns
        -------
        DataFrame with columns ``article_id, entity, n_sentences, mean_compound``,
        sorted by article then number of sentences (descending).

        Examples
        --------
        >>> Tone().entity_tone(["Elena Varga praised the deal. Varga was happy. Critics attacked Tomas Reyl."])
          article_id       entity  n_sentences  mean_compound
        0          0  Elena Varga            2         0.5329
        1          0   Tomas Reyl            1        -0.6369
        """
        records = []
        for doc in as_docs(X):
            parsed = parse_text(doc.text)
            if not parsed.sents:
                continue
            comp = parsed.compounds()
            starts = [a for a, _ in parsed.sents]
            by_entity: dict[str, set] = {}
            surnames: dict[str, str] = {}
            for a, _, name in entity_mentions(doc.text):
                words = name.split()
                key = name
                if len(words) == 1 and name in surnames:
                    key = surnames[name]
                elif len(words) > 1:
                    surnames.setdefault(words[-1], name)
                by_entity.setdefault(key, set()).add(bisect_right(starts, a) - 1)
            for name, sents in by_entity.items():
                if len(sents) >= min_sentences:
                    records.append((doc.id, name, len(sents), round(float(comp[sorted(sents)].mean()), 4)))
        frame = pd.DataFrame(records, columns=["article_id", "entity", "n_sentences", "mean_compound"])
        if len(frame):
            frame = frame.sort_values(["article_id", "n_sentences", "entity"], ascending=[True, False, True],
                                      kind="stable").reset_index(drop=True)
        return frame


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Shrink a token span to its word characters (drop surrounding punctuation)."""
    while a < b and text[a] in _STRIP_ALL:
        a += 1
    while b > a and text[b - 1] in _STRIP_ALL:
        b -= 1
    return a, b


def _trimmed(raw: str) -> tuple[int, int, str]:
    """A token's word characters: (start, end, text) within the token."""
    a, b = _trim(raw, 0, len(raw))
    return a, b, raw[a:b]


_TRIMMED = _TokenTable(_trimmed)  # per distinct token: the evidence span of a sentiment word
