"""Remove page clutter (menus, share prompts, players, promos, credits) from scraped page text."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib import resources
from typing import Iterable

from framescope.article import normalise_outlet
from framescope.ingest.dates import is_date_line

__all__ = [
    "CleanedPage", "LineContext", "LineStats", "clean_page_text", "clutter_reason", "is_clutter_line",
    "looks_like_prose", "load_patterns", "detect_outlet",
]


@dataclass(frozen=True)
class Pattern:
    """One known clutter pattern from ``clutter_patterns.txt``."""

    category: str
    regex: re.Pattern


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    """The known clutter patterns (data file ``clutter_patterns.txt``), compiled.

    Examples
    --------
    >>> cats = {p.category for p in load_patterns()}
    >>> {"share", "player", "promo", "advert"} <= cats
    True
    """
    text = resources.files("framescope.ingest").joinpath("clutter_patterns.txt").read_text(encoding="utf-8")
    patterns = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        category, _, regex = line.partition("\t")
        if not regex:
            raise ValueError(f"clutter_patterns.txt line {number}: expected CATEGORY<TAB>REGEX")
        regex = regex.strip()
        if not regex.startswith("^"):
            raise ValueError(f"clutter_patterns.txt line {number}: a pattern must describe the whole line (start with ^)")
        patterns.append(Pattern(category.strip(), re.compile(regex, re.I)))
    return tuple(patterns)


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """English function words (data file ``function_words.txt``)."""
    text = resources.files("framescope.ingest").joinpath("function_words.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_LOWER_WORD = re.compile(r"(?:^|[\s“\"‘'(\[—–-])[a-zß-öø-ÿ]")
_TWO_WORDS = re.compile(r"[^\W_]+\W+[^\W_]+")
_URL_LINE = re.compile(r"^(?:(?:url|source|link|canonical|permalink)\s*:\s*)?(?P<url>https?://[^\s<>\"]+)$", re.I)
_NAV_SEPARATORS = re.compile(r"\s(?:/|›|»|>|\||•|·)\s")


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def looks_like_prose(line: str) -> bool:
    """True for a line that reads like a sentence of body text (never removed by the classifier).

    A line is prose when it has at least two words, a lower-case word, and ends with
    sentence punctuation; or when it is long (20+ words) with function words in it.

    Examples
    --------
    >>> looks_like_prose("He denied the claim.")
    True
    >>> looks_like_prose("Podcasts")
    False
    """
    ends = _END.search(line.rstrip()) is not None
    if ends and _LOWER_WORD.search(line) and _TWO_WORDS.search(line):
        return True  # the common case, without tokenising
    words = _words(line)
    if len(words) < 2:
        return False
    if not ends and len(words) < 20:
        return False
    lower = sum(1 for w in words if w[0].islower())
    if ends and lower:
        return True
    stops = function_words()
    n_stops = sum(1 for w in words if w.lower() in stops)
    if ends:
        return n_stops >= 1
    return n_stops / len(words) >= 0.15 and lower / len(words) >= 0.3


@dataclass
class LineContext:
    """Where a line sits, for :func:`clutter_reason`.

    Parameters
    ----------
    region : ``"head"`` (before the body's first prose line), ``"body"`` or ``"tail"``
        (after its last prose line). Short non-prose lines are clutter at the edges
        and kept (as sub-headings) inside the body.
    outlet_pages : pages of the same outlet in the batch.
    repeats : how many of those pages contain this exact line.
    """

    region: str = "body"
    outlet_pages: int = 1
    repeats: int = 1


@lru_cache(maxsize=1)
def _prefilter() -> re.Pattern:
    """All patterns in one alternation (named groups made plain): one match rules most lines out."""
    parts = [re.sub(r"\(\?P<\w+>", "(?:", p.regex.pattern) for p in load_patterns()]
    return re.compile("|".join(f"(?:{part})" for part in parts), re.I)


def _pattern_match(line: str):
    if not _prefilter().match(line):
        return None, None
    for pattern in load_patterns():
        match = pattern.regex.match(line)
        if match:
            return pattern, match
    return None, None


def clutter_reason(line: str, context: LineContext | None = None) -> str | None:
    """Why ``line`` is page clutter (a category name), or None when it is kept.

    Known patterns (``clutter_patterns.txt``) come first; then a classifier looks at
    the line's words: symbol/number runs, title-case menu runs and breadcrumbs, lines
    repeated across many pages of the same outlet, and short non-prose lines at the
    page's edges. A line that reads like prose (see :func:`looks_like_prose`) is only
    ever removed by a known pattern.

    Examples
    --------
    >>> clutter_reason("Like this story? Share it with a friend!")
    'share'
    >>> clutter_reason("0:00")
    'player'
    >>> clutter_reason("Home World Business Sport Opinion")
    'menu'
    >>> clutter_reason("Podcasts", LineContext(region="tail"))
    'player'
    >>> clutter_reason("Reaction in Taipei", LineContext(region="tail"))
    'edge'
    >>> clutter_reason("Reaction in Taipei") is None
    True
    """
    text = line.strip()
    if not text:
        return None
    pattern, _ = _pattern_match(text)
    if pattern is not None:
        return pattern.category
    if looks_like_prose(text):
        return None
    return _classify(text, context or LineContext())


def _classify(text: str, context: LineContext) -> str | None:
    """The classifier part of :func:`clutter_reason`, for a stripped non-prose line no pattern matched."""
    words = _words(text)
    letters = sum(ch.isalpha() for ch in text)
    if not words or letters / len(text) < 0.35:
        return "symbols"
    if (context.repeats >= 3 and context.outlet_pages >= 3
            and context.repeats / context.outlet_pages >= 0.2):
        return "repeated"
    stop_words = function_words()
    stops = sum(1 for w in words if w.lower() in stop_words)
    capital = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    if len(words) >= 4 and stops == 0 and capital / len(words) >= 0.8:
        return "menu"
    if len(_NAV_SEPARATORS.findall(text)) >= 2:
        return "menu"
    if _URL_LINE.match(text):
        return "url"
    if context.region in ("head", "tail") and len(words) <= 12:
        return "edge"
    return None


def is_clutter_line(line: str, context: LineContext | None = None) -> bool:
    """True when :func:`clutter_reason` would remove ``line``.

    Examples
    --------
    >>> is_clutter_line("Advertisement"), is_clutter_line("The talks resumed on Monday.")
    (True, False)
    """
    return clutter_reason(line, context) is not None


def _key(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip().lower())[:200]


class LineStats:
    """Counts, per outlet, how many pages of a batch contain each short non-prose line.

    Feed it every page first (:meth:`add`), then pass it to :func:`clean_page_text` so a
    line that appears on many pages of the same outlet ("Trending", a menu no pattern
    names) is recognised as clutter. Only short non-prose lines are counted, so memory
    stays small.

    Examples
    --------
    >>> stats = LineStats()
    >>> for i in range(4):
    ...     stats.add("site.example", f"Story {i} text is here.\\nTop Picks Tonight")
    >>> stats.context("site.example", "Top Picks Tonight").repeats
    4
    """

    def __init__(self):
        self.pages: Counter = Counter()
        self.lines: dict[str, Counter] = defaultdict(Counter)

    def add(self, outlet: str | None, text: str) -> None:
        outlet = normalise_outlet(outlet) or ""
        self.pages[outlet] += 1
        seen = set()
        for line in text.splitlines():
            line = line.strip()
            if line and len(line) <= 200 and not looks_like_prose(line):
                seen.add(_key(line))
        self.lines[outlet].update(seen)

    def context(self, outlet: str | None, line: str, region: str = "body") -> LineContext:
        outlet = normalise_outlet(outlet) or ""
        return LineContext(region=region, outlet_pages=self.pages.get(outlet, 1) or 1,
                           repeats=self.lines[outlet].get(_key(line), 1) if outlet in self.lines else 1)


@dataclass
class CleanedPage:
    """A scraped page split into its parts.

    ``removed_lines`` lists ``(line, reason)`` for every line that is not in ``text``
    (the title and date lines included), so nothing disappears unexplained.
    """

    title: str | None
    published: datetime | None
    outlet: str | None
    text: str
    removed_lines: list[tuple[str, str]] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    url: str | None = None
    notes: list[str] = field(default_factory=list)


def detect_outlet(text: str) -> tuple[str | None, str | None]:
    """``(outlet, url)`` named by the page itself: a URL line or a self-reference ("Also on rt.com").

    Examples
    --------
    >>> detect_outlet("Body.\\nAlso on rt.com Another story")
    ('rt.com', None)
    """
    outlet = url = None
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        m = _URL_LINE.match(line)
        if m and url is None:
            url = m.group("url")
            continue
        if outlet is None and len(line) < 400:
            _, match = _pattern_match(line)
            if match is not None and match.groupdict().get("outlet"):
                outlet = match.group("outlet")
    if url and not outlet:
        outlet = normalise_outlet(url)
    return normalise_outlet(outlet), url


def clean_page_text(text: str, *, outlet: str | None = None, title: str | None = None,
                    published: datetime | None = None, url: str | None = None,
                    stats: LineStats | None = None, paragraph_per_line: bool | None = None) -> CleanedPage:
    """Split raw page text (what a scraper leaves) into title, date, outlet and clean body.

    The headline is kept once (repeats removed), the first date-only line gives the
    publication time, the outlet comes from ``outlet`` or the page (a URL line or a
    self-reference like "Also on rt.com"), and every clutter line is removed with its
    reason (see :func:`clutter_reason`). Body lines are kept verbatim; paragraphs are
    separated by blank lines.

    Parameters
    ----------
    text : the page text.
    outlet, title, published, url : known values (they win over what the page says).
    stats : line repetition counts of the batch (:class:`LineStats`), optional.
    paragraph_per_line : treat each line as a paragraph (extractor output); by default
        decided per block: a block whose lines mostly stop mid-sentence is hard-wrapped
        text and stays one paragraph, otherwise each line is a paragraph.

    Examples
    --------
    >>> page = ("Home World Business Sport Opinion\\n28 Oct, 2021 12:43\\n\\nPort strike ends\\n\\n"
    ...         "Port strike ends\\n\\nDockers returned to work on Monday after a deal.\\n\\n"
    ...         "Also on port.example Union leader speaks\\n\\nAdvertisement\\n\\nThe deal runs to 2026.")
    >>> p = clean_page_text(page)
    >>> p.title, p.published.isoformat(), p.outlet
    ('Port strike ends', '2021-10-28T12:43:00', 'port.example')
    >>> print(p.text)
    Dockers returned to work on Monday after a deal.
    <BLANKLINE>
    The deal runs to 2026.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    removed: list[tuple[str, str]] = []
    decision: dict[int, str] = {}  # line index -> removal reason
    authors: list[str] = []
    notes: list[str] = []
    page_outlet = page_url = None
    prose = [False] * len(stripped)
    dates: dict[int, datetime] = {}
    for i, s in enumerate(stripped):
        if not s:
            continue
        pattern, match = _pattern_match(s)
        if pattern is not None:
            decision[i] = pattern.category
            groups = match.groupdict()
            if groups.get("author"):
                authors.extend(a.strip() for a in re.split(r",|\band\b|&", groups["author"]) if a.strip())
            if groups.get("outlet") and page_outlet is None:
                page_outlet = groups["outlet"]
            continue
        url_match = _URL_LINE.match(s)
        if url_match:
            decision[i] = "url"
            page_url = page_url or url_match.group("url")
            continue
        prose[i] = looks_like_prose(s)
        if not prose[i] or len(s) <= 60:
            value = is_date_line(s)
            if value is not None:  # nothing but a date ("Updated on 28 Oct 2021.")
                dates[i] = value
                decision[i] = "date"
                prose[i] = False
    url = url or page_url
    outlet = (normalise_outlet(outlet) or (normalise_outlet(url) if url else None) or normalise_outlet(page_outlet))
    for i in _mark_wrapped_prose(stripped, prose, decision):
        decision.pop(i, None)  # a pattern or date matched a piece of a hard-wrapped sentence
        dates.pop(i, None)
    if published is None and dates:
        published = dates[min(dates)]
    content = [i for i, s in enumerate(stripped) if s and i not in decision]
    first_prose = next((i for i in content if prose[i]), None)

    # The title: a known one, else a repeated head line, else the first headline-like head line.
    title_key = _key(title) if title else None
    if title_key is None:
        head = [i for i in content if first_prose is None or i < first_prose]
        head = [i for i in head if prose[i] or _classify(stripped[i], LineContext(region="body")) is None]
        counts = Counter(_key(stripped[i]) for i in head)
        repeated = [i for i in head if counts[_key(stripped[i])] > 1 and len(_words(stripped[i])) >= 2]
        headline = [i for i in head if 2 <= len(_words(stripped[i])) <= 30 and not stripped[i].endswith(".")]
        if repeated:
            title = stripped[repeated[0]]
        elif headline:
            title = stripped[headline[0]]
        title_key = _key(title) if title else None
    if title_key:
        # Title lines before the body (and title repeats after it) are not body text.
        body_start = next((i for i in content if prose[i] and _key(stripped[i]) != title_key), None)
        body_end = _last(content, prose)
        for i in content:
            if _key(stripped[i]) == title_key and (body_start is None or i < body_start or i > body_end):
                decision[i] = "title"

    content = [i for i in content if i not in decision]
    prose_lines = [i for i in content if prose[i]]
    first = prose_lines[0] if prose_lines else None
    last = prose_lines[-1] if prose_lines else None
    for i in content:
        region = "body"
        if first is None or i < first:
            region = "head"
        elif i > last:
            region = "tail"
        if prose[i]:
            continue
        context = stats.context(outlet, stripped[i], region) if stats is not None else LineContext(region=region)
        reason = _classify(stripped[i], context)
        if reason:
            decision[i] = reason

    for i, s in enumerate(stripped):
        if i in decision:
            removed.append((s, decision[i]))

    # Rebuild paragraphs from the kept lines, block by block (blocks = blank-line separated).
    paragraphs: list[str] = []
    block: list[str] = []

    def flush():
        if not block:
            return
        per_line = paragraph_per_line
        if per_line is None:
            # Hard-wrapped text: most lines stop mid-sentence; otherwise each line is a paragraph.
            open_lines = sum(1 for b in block[:-1] if not _END.search(b))
            per_line = not (len(block) >= 2 and open_lines >= max(1, (len(block) - 1) / 2))
        if per_line:
            paragraphs.extend(block)
        else:
            paragraphs.append("\n".join(block))
        block.clear()

    for i, s in enumerate(stripped):
        if not s:
            flush()
        elif i not in decision:
            block.append(s)
    flush()
    if published is None:
        notes.append("no recognisable publication date")
    if not outlet:
        notes.append("no outlet found (give one with --outlet)")
    return CleanedPage(title=title, published=published, outlet=outlet, text="\n\n".join(paragraphs),
                       removed_lines=removed, authors=_unique(authors), url=url, notes=notes)


def _sentence_fragment(line: str) -> bool:
    """A line of 4+ words with lower-case and function words: the start of a sentence, not a label."""
    words = _words(line)
    stops = function_words()
    return len(words) >= 4 and any(w[0].islower() for w in words) and any(w.lower() in stops for w in words)


_SPEECH = re.compile(r"[,!?][”\"]\s")  # a quotation closed mid-sentence: prose, not a headline
_INNER_STOP = re.compile(r"\b([^\W\d_]*[a-z]{2})[.!?][”\"’']?\s+[“\"‘]?[A-Z]")
_TRAILING_WORD = re.compile(r"([^\W\d_]+)\W*$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    from framescope.text import ABBREVIATIONS

    return frozenset(a.split(".")[-1] for a in ABBREVIATIONS)


def _open_ended(line: str) -> bool:
    """A line that cannot end a headline: an unclosed quotation, reported speech ("...,” Tsai"), or a
    last word like "the" or "on"."""
    if line.count("“") > line.count("”") or line.count('"') % 2 == 1 or _SPEECH.search(line):
        return True
    for match in _INNER_STOP.finditer(line):  # a sentence ends inside the line and another begins
        if match.group(1).lower() not in _abbreviations():
            return True
    last = _TRAILING_WORD.search(line)
    return bool(last) and last.group(1).lower() in _DANGLING


_DANGLING = frozenset("a an the of in on at by for with to from into and or but that which who whom whose as "
                      "than its their his her our your my is are was were be been has have had will would "
                      "could should can may might must said says told".split())


def _mark_wrapped_prose(stripped: list[str], prose: list[bool], decision: dict[int, str]) -> list[int]:
    """Hard-wrapped sentences: a line that stops mid-sentence and the lines that continue it are
    prose when their joined text is. A line continues the chain when it starts in lower case, when
    the chain so far ends open (a comma or dash, an unclosed quotation, a word like "the"), or when
    the chain so far reads as the start of a sentence (4+ words with function words) -- except when
    the page's first line is followed by a complete prose line: a headline and its first paragraph.

    A line a pattern matched may continue a chain (a wrapped sentence can break right before
    "copyright" or a date) but never starts one. Returns those rescued lines.
    """
    chain: list[int] = []
    rescued: list[int] = []
    first = next((i for i, s in enumerate(stripped) if s and i not in decision), None)

    def close():
        if len(chain) >= 2 and not all(prose[i] for i in chain) and \
                looks_like_prose(" ".join(stripped[i] for i in chain)):
            for i in chain:
                prose[i] = True
                if i in decision:
                    rescued.append(i)
        chain.clear()

    for i, s in enumerate(stripped):
        if not s:
            close()
            continue
        if chain:
            previous = stripped[chain[-1]]
            continues = not _END.search(previous) and (
                s[0].islower() or previous.rstrip("\"'”’»)")[-1:] in tuple(",;:–—-") or _open_ended(previous)
                or ((chain != [first] or not prose[i]) and _sentence_fragment(" ".join(stripped[j] for j in chain))))
            if not continues:
                close()
        if chain or i not in decision:
            chain.append(i)
    close()
    return rescued


def _last(content: list[int], prose: list[bool]) -> int:
    found = [i for i in content if prose[i]]
    return found[-1] if found else -1


def _unique(values: Iterable[str]) -> list[str]:
    seen, out = set(), []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out
