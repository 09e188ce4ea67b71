"""Lexicon files and a fast one-pass matcher of weighted multi-word cues, with spans and negation."""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import itemgetter
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple, Sequence

import numpy as np

from framescope.errors import InputError, invalid_choice
from framescope.text import cached_paragraph_spans, cached_sentence_spans, fast_sentence_spans  # noqa: F401 (re-exported)

FLAGS = frozenset({"negatable"})
"""Flags a lexicon entry may carry. ``negatable``: a negator shortly before the cue
(see :data:`NEGATORS`) reverses or voids its meaning, so the match is down-weighted."""

NEGATORS = ("not", "no", "never", "without", "nor", "neither", "cannot", "none", "nobody",
            "nothing", "hardly", "barely", "n't")
"""Negation cues. ``n't`` stands for any word ending in n't (don't, isn't, won't)."""

NEGATION_WINDOW = 3
"""A negator counts when it is one of the this-many tokens before the cue, in the same sentence."""

NEGATION_MODES = ("negatable", "all", "none")

_SEP = "\x00sep"    # trie key: the gap between two tokens of a multi-word cue
_STAR = "\x00star"  # trie key: the ``*`` suffix wildcard
_END = "\x00end"    # trie key: a cue ends here
_SEP_PATTERN = r"[\s\-]+"            # tokens of a multi-word cue may be split by spaces or hyphens
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_NEGATOR_WORDS = frozenset(n for n in NEGATORS if n != "n't")
_GAP_WORD = re.compile(r"\w+(?:'\w+)*")
_STOPS = (".", "!", "?", ";", ":", "\n")
_SEP_RE = re.compile(_SEP_PATTERN)


SCAN_MEMO_SIZE = 4096
"""Texts whose matches :meth:`Lexicon.scan_memo` keeps per lexicon (oldest dropped first)."""
_MEMO_OWNERS: "weakref.WeakSet" = weakref.WeakSet()


def clear_scan_memos() -> None:
    """Forget every memoised scan (see :meth:`Lexicon.scan_memo`)."""
    for lexicon in list(_MEMO_OWNERS):
        lexicon.__dict__.pop("_scan_memo_", None)
        lexicon.__dict__.pop("_columns_memo_", None)
    _MEMO_OWNERS.clear()


class ScanColumns(NamedTuple):
    """Matches as parallel lists (see :meth:`Lexicon.scan_columns`), in text order."""

    start: list
    end: list
    entry: list
    label: list
    negated: list
    weight: list


_NO_COLUMNS = ScanColumns([], [], [], [], [], [])
_GROUP, _START, _END_OF = re.Match.group, re.Match.start, re.Match.end
_ITEM_ENTRY, _ITEM_LABEL, _ITEM_WEIGHT, _ITEM_FLAGGED = (itemgetter(i) for i in range(4))


class _KeyTable(dict):
    """Matched string -> resolved items; a miss is resolved and kept (up to 200,000 keys),
    so lookups can run as ``map(table.__getitem__, keys)``."""

    def __init__(self, resolve):
        super().__init__()
        self.resolve = resolve

    def __missing__(self, key):
        value = self.resolve(key)
        if len(self) < 200_000:
            self[key] = value
        return value


class MatchArrays(NamedTuple):
    """Matches as parallel arrays (see :meth:`Lexicon.match_arrays`)."""

    start: np.ndarray
    end: np.ndarray
    label: np.ndarray
    weight: np.ndarray
    negated: np.ndarray


class Match(NamedTuple):
    """One cue found in a text.

    ``start``/``end`` are character offsets into the text given to
    :meth:`Lexicon.match`; ``text`` is the matched slice (original case); ``cue`` the
    lexicon entry that produced it; ``weight`` the entry's weight (multiplied by the
    ``negated_weight`` of :meth:`Lexicon.match` when ``negated``).
    """

    start: int
    end: int
    label: str
    weight: float
    text: str
    cue: str
    negated: bool


@dataclass(frozen=True)
class Entry:
    """One lexicon line: ``label``, ``cue`` (lower-case, tokens separated by one space,
    ``*`` suffix wildcards allowed at the end of a token), ``weight`` and ``flags``."""

    label: str
    cue: str
    weight: float = 1.0
    flags: frozenset = field(default_factory=frozenset)


def _cue_units(cue: str) -> list[str]:
    """A cue as trie units: literal characters, token separators and wildcards."""
    units: list[str] = []
    tokens = [t for t in re.split(_SEP_PATTERN, cue) if t]
    for position, token in enumerate(tokens):
        if position:
            units.append(_SEP)
        star = token.endswith("*")
        token = token.rstrip("*")
        units.extend(token)
        if star:
            units.append(_STAR)
    return units


def _fold(text: str) -> str:
    """Lower case with typographic apostrophes folded, keeping every character offset."""
    folded = text.lower()
    if len(folded) != len(text):  # rare characters whose lower case is longer (e.g. "İ")
        folded = "".join(c.lower()[0] if c.lower() else c for c in text)
    if "’" in folded or "‘" in folded or "ʼ" in folded:
        folded = folded.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    return folded


def _normalise_cue(cue: str) -> str:
    return " ".join(t for t in re.split(_SEP_PATTERN, cue.strip().lower().translate(_APOSTROPHES)) if t)


def _trie_pattern(node: dict) -> str:
    """A regex for a character trie; alternatives longest-first so the longest cue wins."""
    alternatives = []
    for key in sorted(k for k in node if k not in (_STAR, _END)):
        child, literal = node[key], [key]
        # Collapse single-child chains into one literal run (faster regex, shallower nesting).
        while len(child) == 1 and not ({_STAR, _END} & child.keys()):
            (next_key, next_child), = child.items()
            literal.append(next_key)
            child = next_child
        text = "".join(_SEP_PATTERN if k == _SEP else re.escape(k) for k in literal)
        alternatives.append(text + _trie_pattern(child))
    if _STAR in node:
        alternatives.append(r"\w*" + _trie_pattern(node[_STAR]))
    if _END in node:
        alternatives.append(r"(?!\w)")
    if not alternatives:
        return ""
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def trie_alternation(words: Iterable[str], *, space: str = r"\s+") -> str:
    """A regex alternation of literal ``words`` shaped as a character trie (no anchors, no flags).

    Python's ``re`` tries the branches of a flat ``a|b|c`` alternation one by one at every
    position; sharing prefixes makes a long word list many times faster. At each node
    the continuations come before the word that ends there, so among words that match
    at a position the longest one that lets the rest of the pattern match wins — the
    same match as a flat alternation sorted longest first. A space in a word stands
    for ``space`` (default: any run of white space).

    Examples
    --------
    >>> pattern = re.compile(r"\\b(?:" + trie_alternation(["tax", "tax cut", "taxes"]) + r")\\b")
    >>> [m.group() for m in pattern.finditer("A tax  cut, taxes, a tax.")]
    ['tax  cut', 'taxes', 'tax']
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}

    def build(node: dict) -> str:
        alternatives = []
        for key in sorted(k for k in node if k != _END):
            child, literal = node[key], [key]
            while len(child) == 1 and _END not in child:
                (next_key, next_child), = child.items()
                literal.append(next_key)
                child = next_child
            alternatives.append("".join(space if c == " " else re.escape(c) for c in literal) + build(child))
        if _END in node:
            alternatives.append("")
        if not alternatives:
            return ""
        if len(alternatives) == 1:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + ")"

    return build(trie)


@lru_cache(maxsize=None)
def _wildcard_regex(cue: str) -> re.Pattern:
    parts = []
    for position, token in enumerate(cue.split(" ")):
        if position:
            parts.append(" ")
        parts.append(re.escape(token.rstrip("*")) + (r"\w*" if token.endswith("*") else ""))
    return re.compile("".join(parts))


class Lexicon:
    """A compiled lexicon of weighted cues, matched over a whole text in one regex pass.

    The cues are compiled once into a single regular expression shaped like a
    character trie (one alternation per shared prefix), so a text is scanned once in
    C whatever the number of cues, and the longest cue at a position wins. Matching is
    case-insensitive; the tokens of a multi-word cue may be separated by any run of
    spaces or hyphens ("tax cut" matches "tax-cut" and "tax\\ncut"); a token ending in
    ``*`` matches any word with that prefix ("econom*" matches "economy",
    "economists"); a cue matches whole words only. A cue listed under several labels
    gives one :class:`Match` per label.

    Parameters
    ----------
    entries : iterable of Entry or tuples ``(label, cue[, weight[, flags]])``
    name : str
        A name for messages.
    meta : dict
        Provenance (``key: value`` lines of the file header).

    Examples
    --------
    >>> lex = Lexicon([("econ", "cost*", 1.0), ("econ", "tax cut", 2.0),
    ...                ("conflict", "clash", 1.0, {"negatable"})])
    >>> [(m.text, m.label, m.weight) for m in lex.match("Tax-cuts? No: the tax cut costs.")]
    [('tax cut', 'econ', 2.0), ('costs', 'econ', 1.0)]
    >>> [(m.text, m.negated, m.weight) for m in lex.match("There was no clash. Then a clash.")]
    [('clash', True, 0.0), ('clash', False, 1.0)]
    """

    def __init__(self, entries: Iterable, *, name: str = "lexicon", meta: dict | None = None):
        built = []
        for item in entries:
            if not isinstance(item, Entry):
                label, cue, *rest = item
                weight = float(rest[0]) if rest else 1.0
                flags = frozenset(rest[1]) if len(rest) > 1 and rest[1] else frozenset()
                item = Entry(str(label), cue, weight, flags)
            cue = _normalise_cue(item.cue)
            if not cue or not cue.replace("*", "").strip():
                raise InputError(f"empty cue for label {item.label!r}", source=name)
            if any("*" in token.rstrip("*") for token in cue.split(" ")):
                raise InputError(f"cue {item.cue!r}: '*' is allowed only at the end of a word", source=name)
            built.append(Entry(item.label, cue, float(item.weight), frozenset(item.flags)))
        self.name = name
        self.meta = dict(meta or {})
        self.entries: tuple[Entry, ...] = tuple(built)
        self.labels: tuple[str, ...] = tuple(dict.fromkeys(e.label for e in built))
        self._compiled = None

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {len(self.entries)} cues, {len(self.labels)} labels)"

    def __len__(self) -> int:
        return len(self.entries)

    def __getstate__(self):
        state = {k: v for k, v in self.__dict__.items() if not k.endswith("_")}
        state["_compiled"] = None
        return state

    # -- compilation -------------------------------------------------------------------
    def _compile(self):
        if self._compiled is not None:
            return self._compiled
        trie: dict = {}
        exact: dict[str, list[Entry]] = {}
        wildcards: dict[str, list[tuple[str, Entry]]] = {}  # first character -> cues
        for entry in self.entries:
            node = trie
            for unit in _cue_units(entry.cue):
                node = node.setdefault(unit, {})
            node[_END] = {}
            if "*" in entry.cue:
                wildcards.setdefault(entry.cue[0], []).append((entry.cue, entry))  # compiled when first needed
            else:
                exact.setdefault(entry.cue, []).append(entry)
        body = _trie_pattern(trie)
        regex = re.compile(r"(?<!\w)" + body) if body else None
        self._compiled = (regex, exact, wildcards, {})
        return self._compiled

    def _resolve(self, key: str) -> tuple[Entry, ...]:
        """Entries a normalised matched string stands for: one per label, most specific first."""
        _, exact, wildcards, cache = self._compile()
        found = cache.get(key)
        if found is not None:
            return found
        per_label: dict[str, Entry] = {}
        for entry in exact.get(key, ()):
            per_label.setdefault(entry.label, entry)
        for pattern, entry in wildcards.get(key[:1], ()):
            if not key.startswith(entry.cue[:entry.cue.index("*")].split(" ")[0][:4]):
                continue
            if entry.label in per_label and "*" not in per_label[entry.label].cue:
                continue
            if _wildcard_regex(pattern).fullmatch(key):
                best = per_label.get(entry.label)
                if best is None or len(entry.cue) > len(best.cue):
                    per_label[entry.label] = entry
        found = tuple(per_label.values())
        if len(cache) < 200_000:
            cache[key] = found
        return found

    # -- matching ----------------------------------------------------------------------
    def match(self, text: str, *, negation: str = "negatable", negated_weight: float = 0.0,
              offset: int = 0) -> list[Match]:
        """All cue matches in ``text``, in text order, in one pass.

        Parameters
        ----------
        text : str
        negation : {"negatable", "all", "none"}
            Which matches to test for a preceding negator (one of the
            :data:`NEGATION_WINDOW` tokens before the cue, no sentence punctuation in
            between): only entries flagged ``negatable`` (default), every entry, or none.
        negated_weight : float
            Factor applied to the weight of a negated match (0 voids it, -1 reverses it).
        offset : int
            Added to ``start``/``end`` (when ``text`` is a slice of a longer text).

        Returns
        -------
        list of Match

        Examples
        --------
        >>> lex = Lexicon([("health", "public health", 2), ("health", "health", 1)])
        >>> lex.match("Public-health officials; health.")
        [Match(start=0, end=13, label='health', weight=2.0, text='Public-health', cue='public health', negated=False), Match(start=25, end=31, label='health', weight=1.0, text='health', cue='health', negated=False)]
        """
        out: list[Match] = []
        for start, end, entry, _, negated, weight in self._scan(text, negation, negated_weight):
            out.append(Match(start + offset, end + offset, entry.label, weight, text[start:end], entry.cue, negated))
        return out

    def match_arrays(self, text: str, *, negation: str = "negatable", negated_weight: float = 0.0) -> MatchArrays:
        """The matches of :meth:`match` as parallel numpy arrays (the fast path for features).

        Returns
        -------
        MatchArrays
            ``start``, ``end`` (int64), ``label`` (int64 index into :attr:`labels`),
            ``weight`` (float64, negation applied) and ``negated`` (bool), one element
            per match, in text order.

        Examples
        --------
        >>> lex = Lexicon([("econ", "tax*"), ("crime", "police", 2.0)])
        >>> arrays = lex.match_arrays("Police raised taxes.")
        >>> arrays.start.tolist(), [lex.labels[i] for i in arrays.label], arrays.weight.tolist()
        ([0, 14], ['crime', 'econ'], [2.0, 1.0])
        """
        found = self._scan_columns(text, negation, negated_weight)
        return MatchArrays(np.array(found.start, dtype=np.int64), np.array(found.end, dtype=np.int64),
                           np.array(found.label, dtype=np.int64), np.array(found.weight, dtype=float),
                           np.array(found.negated, dtype=bool))

    def scan_memo(self, text: str, negation: str = "negatable", negated_weight: float = 0.0) -> list:
        """:meth:`_scan` results memoised per text (bounded; the list is shared: do not modify it).

        For a lexicon whose texts are scanned by several families in one run (issue frames
        are scored per article by ``IssueFrames`` and again on the body and headline by
        ``Structure``).
        """
        return self._memoised("_scan_memo_", self._scan, text, negation, negated_weight)

    def _memoised(self, memo_name: str, scan, text: str, negation: str, negated_weight: float):
        """``scan(text, negation, negated_weight)``, kept in this lexicon's bounded memo ``memo_name``."""
        memo = self.__dict__.get(memo_name)
        if memo is None:
            memo = self.__dict__[memo_name] = {}
            _MEMO_OWNERS.add(self)
        key = (text, negation, negated_weight)
        found = memo.get(key)
        if found is None:
            found = scan(text, negation, negated_weight)
            if len(memo) >= SCAN_MEMO_SIZE:
                memo.pop(next(iter(memo)))  # the oldest text
            memo[key] = found
        return found

    def _scan(self, text: str, negation: str, negated_weight: float) -> list:
        """``(start, end, entry, label index, negated, weight)`` for every match, in text order."""
        return list(zip(*self._scan_columns(text, negation, negated_weight)))

    def scan_columns(self, text: str, negation: str = "negatable", negated_weight: float = 0.0) -> ScanColumns:
        """The matches of :meth:`_scan` as parallel lists, memoised per text like :meth:`scan_memo`.

        The shared result must not be modified. The framing families use it to gather the
        matches of a whole chunk of articles with list and numpy operations instead of
        one Python step per match.

        Examples
        --------
        >>> lex = Lexicon([("econ", "tax*"), ("crime", "police", 2.0)])
        >>> found = lex.scan_columns("Police raised taxes.")
        >>> found.start, found.end, [lex.labels[i] for i in found.label], found.weight
        ([0, 14], [6, 19], ['crime', 'econ'], [2.0, 1.0])
        """
        return self._memoised("_columns_memo_", self._scan_columns, text, negation, negated_weight)

    def _scan_columns(self, text: str, negation: str, negated_weight: float) -> ScanColumns:
        """One regex pass; every per-match step is a C-level ``map`` (a Python loop runs only
        over the matches that need a negation test)."""
        if negation not in NEGATION_MODES:
            raise invalid_choice("negation mode", negation, NEGATION_MODES)
        regex = self._compile()[0] if text else None
        if regex is None:
            return _NO_COLUMNS
        folded = _fold(text)
        found = list(regex.finditer(folded))
        if not found:
            return _NO_COLUMNS
        # Each matched string resolves (cached) to a tuple of (entry, label, weight, negatable)
        # items: usually one, several when the cue is listed under several labels.
        items = list(map(self._key_table.__getitem__, map(_GROUP, found)))
        starts = list(map(_START, found))
        ends = list(map(_END_OF, found))
        flat = list(chain.from_iterable(items))
        counts = list(map(len, items))
        if len(flat) != len(found) or 0 in counts:  # not one item per match: repeat the offsets
            starts = list(chain.from_iterable(map(repeat, starts, counts)))
            ends = list(chain.from_iterable(map(repeat, ends, counts)))
        weights = list(map(_ITEM_WEIGHT, flat))
        negated = [False] * len(flat)
        if negation != "none":
            check = range(len(flat)) if negation == "all" else compress(range(len(flat)), map(_ITEM_FLAGGED, flat))
            for i in check:
                if _is_negated(folded, starts[i]):
                    negated[i] = True
                    weights[i] = flat[i][2] * negated_weight
        return ScanColumns(starts, ends, list(map(_ITEM_ENTRY, flat)), list(map(_ITEM_LABEL, flat)), negated, weights)

    @property
    def _key_table(self) -> "_KeyTable":
        table = self.__dict__.get("_key_table_")
        if table is None:
            table = self.__dict__["_key_table_"] = _KeyTable(self._resolve_raw)
        return table

    def _label_index(self) -> dict:
        index = self.__dict__.get("_label_index_")
        if index is None:
            index = self.__dict__["_label_index_"] = {label: i for i, label in enumerate(self.labels)}
        return index

    def _resolve_raw(self, key: str) -> tuple:
        """The ``(entry, label index, weight, negatable)`` items a raw (case-folded) matched string stands for."""
        normal = _SEP_RE.sub(" ", key).strip() if (" " in key or "-" in key or "\n" in key or "\t" in key) else key
        index = self._label_index()
        return tuple((e, index[e.label], e.weight, "negatable" in e.flags) for e in self._resolve(normal))

    def label_totals(self, text: str, **kwargs) -> np.ndarray:
        """Summed weight per label (in :attr:`labels` order) for one text.

        Examples
        --------
        >>> Lexicon([("a", "x"), ("b", "y", 2.0)]).label_totals("x y y").tolist()
        [1.0, 4.0]
        """
        return label_scores(self.match(text, **kwargs), self.labels)

    def count_matrix(self, texts: Sequence[str], **kwargs):
        """Summed weight per text and label as a sparse ``(n_texts, n_labels)`` matrix.

        Examples
        --------
        >>> Lexicon([("a", "x"), ("b", "y")]).count_matrix(["x y y", ""]).toarray().tolist()
        [[1.0, 2.0], [0.0, 0.0]]
        """
        from scipy import sparse

        index = {label: i for i, label in enumerate(self.labels)}
        rows, cols, vals = [], [], []
        for row, text in enumerate(texts):
            for m in self.match(text or "", **kwargs):
                rows.append(row)
                cols.append(index[m.label])
                vals.append(m.weight)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.labels)), dtype=float)


def _is_negated(folded: str, start: int) -> bool:
    """Is one of the NEGATION_WINDOW tokens before ``start`` a negator, in the same sentence?"""
    window = folded[max(0, start - 80):start]
    last_stop = max(map(window.rfind, _STOPS))  # the last sentence stop before the cue, if any
    if last_stop >= 0:
        window = window[last_stop + 1:]
    for word in _GAP_WORD.findall(window)[-NEGATION_WINDOW:]:
        if word in _NEGATOR_WORDS or word.endswith("n't"):
            return True
    return False


# -- language gate -------------------------------------------------------------------------
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to a in is that for on with as was by at from it he she they be are were has have "
    "had not but or an this which said will would its their his her who been".split())
_LATIN_WORD = re.compile(r"[^\W\d_]+")


def looks_english(text: str, *, min_share: float = 0.08, sample: int = 60) -> bool:
    """Whether ``text`` is plausibly English: share of common English function words.

    The lexicons are English; on other languages their cues match by accident (German
    "die", "also"). Only the first ``sample`` words are read; texts with fewer than 8
    words are given the benefit of the doubt.

    Examples
    --------
    >>> looks_english("The minister said that taxes would rise in the spring.")
    True
    >>> looks_english("Die Regierung hat heute die Steuern erhöht, sagte der Minister.")
    False
    >>> looks_english("政府は本日、増税を発表した。野党は反対している。")
    False
    """
    words = _LATIN_WORD.findall(text[: sample * 8].lower())[:sample]
    if len(words) < 8:
        return not text or any(c.isascii() for c in text if c.isalpha()) or not any(c.isalpha() for c in text)
    return len([w for w in words if w in _ENGLISH_FUNCTION_WORDS]) / len(words) >= min_share


@lru_cache(maxsize=8192)
def cached_looks_english(text: str) -> bool:
    """:func:`looks_english` with its default parameters, memoised for the most recent texts.

    Examples
    --------
    >>> cached_looks_english("The minister said that taxes would rise in the spring.")
    True
    """
    return looks_english(text)


# -- aggregation helpers -------------------------------------------------------------------


class SentenceUnits:
    """The sentences (units) of a batch of texts and the cue matches in them, gathered as lists.

    Each added text gets its own range of batch-wide character offsets, so one
    ``searchsorted`` over all unit starts places every match of the batch in its unit
    (a match before a text's first unit goes to that unit), instead of one ``bisect``
    per match.

    Examples
    --------
    >>> lex = Lexicon([("econ", "tax*"), ("crime", "police")])
    >>> units = SentenceUnits()
    >>> for text in ["Taxes rose. Police came.", "Police!"]:
    ...     units.add(text, [a for a, _ in fast_sentence_spans(text)], lex.scan_columns(text))
    >>> units.unit_of_matches().tolist(), units.scores(np.array([0, 1]), 2).tolist()
    ([0, 1, 2], [[1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])
    """

    def __init__(self):
        self.weights: list[float] = []  # per unit, when the caller gives them
        self.bounds = [0]               # first unit of each added text, then the total
        self.unit_at: list[int] = []    # batch-wide offset of each unit's start
        self.match_at: list[int] = []   # batch-wide offset of each match's start
        self.floor: list[int] = []      # first unit of each match's text
        self.labels: list[int] = []     # lexicon label index of each match
        self.match_weights: list[float] = []
        self.offset = 0

    def add(self, text: str, starts: Sequence[int], found: ScanColumns | None,
            weights: Sequence[float] | None = None) -> None:
        """Add a text's unit starts (ascending offsets in ``text``) and its matches (or None)."""
        base, offset = len(self.unit_at), self.offset
        if weights is not None:
            self.weights.extend(weights)
        self.unit_at.extend([offset + a for a in starts])
        self.bounds.append(len(self.unit_at))
        if found is not None:
            self.match_at.extend(map(offset.__add__, found.start))
            self.floor.extend(repeat(base, len(found.start)))
            self.labels.extend(found.label)
            self.match_weights.extend(found.weight)
        self.offset += len(text) + 1

    def unit_of_matches(self) -> np.ndarray:
        """The unit index of every match, in the order added."""
        unit = np.searchsorted(np.asarray(self.unit_at, dtype=np.int64), np.asarray(self.match_at, dtype=np.int64),
                               side="right") - 1
        return np.maximum(unit, np.asarray(self.floor, dtype=np.int64))

    def scores(self, columns: np.ndarray, n_columns: int, ones: bool = False, unit: np.ndarray | None = None
               ) -> np.ndarray:
        """Summed match weight (with ``ones``: number of matches) per unit and column, an
        ``(n_units, n_columns)`` float array; ``columns`` maps a label index to its column.
        Summed in the order the matches were added, as a loop over them would."""
        n_units = len(self.unit_at)
        if unit is None:
            unit = self.unit_of_matches()
        flat = unit * n_columns + columns[np.asarray(self.labels, dtype=np.int64)]
        weights = None if ones else np.asarray(self.match_weights, dtype=float)
        counts = np.bincount(flat, weights=weights, minlength=n_units * n_columns)
        return counts.reshape(n_units, n_columns).astype(float, copy=False)


def sentence_index(matches: Sequence[Match], spans: Sequence[tuple[int, int]]) -> np.ndarray:
    """Index of the sentence holding each match (by its start), given sentence spans.

    A match before the first sentence goes to sentence 0; ``-1`` only when there are
    no sentences.

    Examples
    --------
    >>> from framescope.text import sentence_spans
    >>> text = "Taxes rose. Crime fell."
    >>> lex = Lexicon([("econ", "tax*"), ("crime", "crime")])
    >>> sentence_index(lex.match(text), sentence_spans(text)).tolist()
    [0, 1]
    """
    if not spans:
        return np.full(len(matches), -1, dtype=np.int64)
    starts = [a for a, _ in spans]
    return np.fromiter((max(bisect_right(starts, m.start) - 1, 0) for m in matches),
                       dtype=np.int64, count=len(matches))


def sentence_scores(matches: Sequence[Match], spans: Sequence[tuple[int, int]],
                    labels: Sequence[str]) -> np.ndarray:
    """Summed match weight per sentence and label, an ``(n_sentences, n_labels)`` array.

    Matches whose label is not in ``labels`` are ignored.

    Examples
    --------
    >>> from framescope.text import sentence_spans
    >>> text = "Taxes and costs rose. Crime fell."
    >>> lex = Lexicon([("econ", "tax*"), ("econ", "cost*", 0.5), ("crime", "crime")])
    >>> sentence_scores(lex.match(text), sentence_spans(text), lex.labels).tolist()
    [[1.5, 0.0], [0.0, 1.0]]
    """
    out = np.zeros((len(spans), len(labels)), dtype=float)
    if not spans or not matches:
        return out
    index = {label: i for i, label in enumerate(labels)}
    sentences = sentence_index(matches, spans)
    for m, s in zip(matches, sentences):
        col = index.get(m.label)
        if col is not None:
            out[s, col] += m.weight
    return out


def label_scores(matches: Sequence[Match], labels: Sequence[str]) -> np.ndarray:
    """Summed match weight per label (``labels`` order); unknown labels are ignored.

    Examples
    --------
    >>> label_scores([Match(0, 1, "a", 2.0, "x", "x", False)], ["a", "b"]).tolist()
    [2.0, 0.0]
    """
    index = {label: i for i, label in enumerate(labels)}
    out = np.zeros(len(labels), dtype=float)
    for m in matches:
        col = index.get(m.label)
        if col is not None:
            out[col] += m.weight
    return out


# -- files ---------------------------------------------------------------------------------
def _lexicon_dir():
    return resources.files("framescope").joinpath("lexicons")


def read_table(name: str) -> list[list[str]]:
    """The rows of a bundled word table (``lexicons/<name>``, tab-separated, ``#`` header lines
    and the column-header line skipped), for the tables that are not weighted cue lists
    (roles, places, demonyms, attribution verbs).

    Examples
    --------
    >>> read_table("roles.tsv")[0][:2] == [c.strip() for c in read_table("roles.tsv")[0][:2]]
    True
    """
    text = _lexicon_dir().joinpath(name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]


def available_lexicons() -> list[str]:
    """Names of the lexicon files bundled with framescope (``lexicons/<name>.tsv``).

    Examples
    --------
    >>> "issue_frames" in available_lexicons()
    True
    """
    folder = _lexicon_dir()
    try:
        return sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".tsv"))
    except FileNotFoundError:  # pragma: no cover - broken installation
        return []


def parse_lexicon(text: str, *, name: str = "lexicon", source: str | None = None) -> Lexicon:
    """Parse lexicon-file text.

    Format: UTF-8, tab-separated. Lines starting with ``#`` are the provenance header
    (``# key: value`` lines are kept in :attr:`Lexicon.meta`); an optional column
    header line ``label<TAB>cue<TAB>weight<TAB>flags``; then one entry per line:
    ``label``, ``cue`` (multi-word allowed, ``*`` suffix wildcard per token),
    optional ``weight`` (default 1) and optional comma-separated ``flags``
    (see :data:`FLAGS`). Blank lines are skipped.

    Examples
    --------
    >>> lex = parse_lexicon("# built: by hand\\nlabel\\tcue\\tweight\\tflags\\nx\\tgood deal*\\t1.5\\tnegatable\\n")
    >>> lex.meta, lex.entries[0].cue, lex.entries[0].weight, sorted(lex.entries[0].flags)
    ({'built': 'by hand'}, 'good deal*', 1.5, ['negatable'])
    """
    source = source or name
    entries, meta = [], {}
    seen_header = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        if line.lstrip().startswith("#"):
            body = line.lstrip()[1:].strip()
            if ":" in body:
                key, value = body.split(":", 1)
                if key.strip() and " " not in key.strip():
                    meta[key.strip().lower()] = (meta.get(key.strip().lower(), "") + " " + value.strip()).strip()
            continue
        cells = [c.strip() for c in line.split("\t")]
        if not seen_header and [c.lower() for c in cells[:2]] == ["label", "cue"]:
            seen_header = True
            continue
        seen_header = True
        if len(cells) < 2 or len(cells) > 4 or not cells[0] or not cells[1]:
            raise InputError(f"expected 2-4 tab-separated columns (label, cue, weight, flags), got {line!r}",
                             source=source, line=number)
        try:
            weight = float(cells[2]) if len(cells) > 2 and cells[2] else 1.0
        except ValueError:
            raise InputError(f"weight {cells[2]!r} is not a number", source=source, line=number) from None
        flags = frozenset(f.strip() for f in cells[3].split(",") if f.strip()) if len(cells) > 3 else frozenset()
        if flags - FLAGS:
            raise InputError(f"unknown flag(s) {', '.join(sorted(flags - FLAGS))}; valid: {', '.join(sorted(FLAGS))}",
                             source=source, line=number)
        entries.append(Entry(cells[0], cells[1], weight, flags))
    return Lexicon(entries, name=name, meta=meta)


@lru_cache(maxsize=64)
def load_lexicon(name: str) -> Lexicon:
    """Load (once, cached) a bundled lexicon by name, or a lexicon file by path.

    Bundled lexicons live in the package folder ``framescope/lexicons/<name>.tsv``
    and are read with :mod:`importlib.resources`, so this works from an installed
    wheel. The returned object is shared: do not modify it.

    Parameters
    ----------
    name : str
        A bundled name (see :func:`available_lexicons`) or a path to a ``.tsv`` file.

    Examples
    --------
    >>> lex = load_lexicon("issue_frames")
    >>> "economic" in lex.labels
    True
    """
    if name.endswith(".tsv") or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise InputError("lexicon file not found", source=str(path))
        return parse_lexicon(path.read_text(encoding="utf-8"), name=path.stem, source=str(path))
    resource = _lexicon_dir().joinpath(f"{name}.tsv")
    if not resource.is_file():
        raise invalid_choice("lexicon", name, available_lexicons())
    return parse_lexicon(resource.read_text(encoding="utf-8"), name=name, source=f"lexicons/{name}.tsv")


__all__ = ["FLAGS", "NEGATORS", "NEGATION_WINDOW", "Entry", "Lexicon", "Match", "MatchArrays", "ScanColumns", "SentenceUnits", "available_lexicons", "cached_looks_english", "cached_paragraph_spans", "cached_sentence_spans", "clear_scan_memos", "fast_sentence_spans", "looks_english", "trie_alternation",
           "label_scores", "load_lexicon", "parse_lexicon", "read_table", "sentence_index", "sentence_scores"]
