"""Quote extraction and speaker attribution for news text, with rules and project lexicons only.

What it finds
-------------
* Direct quotes in every common mark pair: “…” "…" ‘…’ '…' «…» „…“ ‹…›, including quotes that
  run over paragraph breaks in the classic style (no closing mark at the end of a paragraph,
  an opening mark on the next one). A quote that never closes is capped at the end of its
  paragraph, so a stray mark cannot swallow the rest of an article. Apostrophes (O'Brien,
  '90s, don't, Taipei’s) are not quote marks. Quotes nested inside a quote belong to it.
* Partial quotes inside a sentence (``she said Taipei had “a wide range of cooperation”``),
  colon-led (``Wang said: “…”``) and dash-led quotes.
* Indirect speech: ``X said (that) …``, ``X told reporters on Monday that …``,
  ``according to X, …`` and ``…, according to X.``; in a headline, ``X admits Y``.

Who said it
-----------
The speaker is the noun phrase next to the attribution verb ("…,” Wang said" /
"said Wang" / "Wang said: “…”"), parsed into person name, role and organisation
("Chinese Foreign Ministry spokesman Wang Wenbin" -> Wang Wenbin, spokesman, Chinese
Foreign Ministry; "Rosa Ilvane, general secretary of the Harbor Dockworkers' Union";
"Harbor City Chamber of Commerce president Pieter Dahl"). A pronoun ("he said") resolves
to the most recent compatible person named before it outside direct quotes, counting a
surname used alone after the full name ("Hallam conceded. “…,” he said") and preferring
the subject of an attribution verb over a name inside its own clause ("X, a lawyer with
Open Borders, said …"); a role reference ("the spokesman added", "the youngster said",
"the 36-year-old deckhand said") to the last person introduced with that role, else the
last person named; a quote with no attribution of its own continues the speaker of the
quote just before it, or takes a person named in the previous sentence; a headline quote
repeating words quoted in the body takes that quote's speaker.

Named later (cataphora): a role description with no antecedent ("after the island's leader confirmed that
…") takes the one person named later in the article whose own introduction carries the same role class
("… the first president of Taiwan …"; a generic "leader" or "head" accepts a president or premier) or who is
introduced doing the same distinctive act ("… in many years to confirm that …"; not say/tell/add); two
candidates, or a candidate introduced with another title, leave it unnamed. An unnamed individual in the
lede ("A retired High Court judge has warned …") takes the person who opens the next paragraph as the
subject of a verb of saying ("Sir Alan Petrie, who sat on the bench for 20 years, said …") unless that
person's title says otherwise, the lede marks the source as unnamed on purpose, or the role is an
institutional voice (spokesperson, official, source: routinely left unnamed). A headline role ("Retired
judge warns …") takes the one person the body quotes with a role of that class.

Subjects the rules read: a name in apposition to a description ("The party's whip,
Hendrik Salo, said"; "said its chair, Moritz Engel"; "Her publisher, Lantern House,
said"), an age before an appositive ("Perrault-Sen, 44, a former lawyer, said"), relative
clauses and participle phrases after the head ("one sailor who was on board told",
"Economists contacted by the Ledger said"), post-modifiers ("Two insurers in Harbor City
said"), organisation nouns ("the union said" -> the last "… Federation"/"… Union" named, or "the GMB
union"; "the ministry said" -> the last "… Ministry", "Ministry of Justice" or "Department for Business";
"the firm"/"the retailer said" -> the last company named).
A quote in the complement clause of a verb of saying belongs to that verb's subject
("Kest insisted that officers had shown “great restraint”"), a second coordinated verb
keeps the first one's speaker, and a reported clause stops before a coordinated verb of
saying ("insisted that A and claimed that B").

News-copy forms (checked on hand-written wire, broadsheet, tabloid, BBC, live-blog and European copy in
``tests/fixtures/newscopy``): a wire dateline or live-blog time stamp before the subject; a people noun
opening the subject before a post-modifier ("Health officials in the province of Karst say"); a name in
apposition after a description at the tail ("…,” Veltner's head of production, Markus Hein, said"); the
agent of a participle appositive is not the speaker ("The petition, started by parent Owen Mackie,
argues"); a document as subject ("The report said"); "the company" -> a company introduced by what it
is ("the carmaker Veltner") or named with a business word ("Nordline Energy"); "according to a statement
from X", "according to one of the sources", "CLAUSE, according to X, and …"; appeals ("urged residents to
leave", "called on X to …"); "people familiar with the matter"; a headline fragment that repeats a body
quote; French guillemets with inner spaces.

Vague sources ("officials said", "sources who spoke on condition of anonymity") are
flagged ``anonymous``; so is an unnamed individual introduced with an indefinite
article ("a government spokesman said", "one NRP backbencher told"). A plural group
("analysts", "four dissenting judges", "shipowners") is also ``anonymous`` and reported
by its phrase as the speaker string.

Limits: no parser, so long or unusual subjects can lose their head; gender is only known
from honorifics and earlier pronouns; an organisation or capital city used as a speaker
("Beijing says") is reported as the speaker string; "they" is resolved like a singular
pronoun; documents quoted as if speaking ("the Act allows only “…”") and metonymy ("the
majority wrote") are not traced to a person.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from dataclasses import asdict, dataclass
from dataclasses import field as _dc_field
from functools import lru_cache
from typing import Iterable

import pandas as pd

from framescope.framing.lexicon import cached_paragraph_spans as paragraph_spans, read_table
from framescope.text import ABBREVIATIONS

# --------------------------------------------------------------------------- lexicons


@lru_cache(maxsize=1)
def attribution_verbs() -> dict[str, tuple[str, str]]:
    """Surface form (lower case, may be multi-word) -> (lemma, stance), from ``attribution_verbs.tsv``.

    Examples
    --------
    >>> attribution_verbs()["pointed out"]
    ('point out', 'endorsing')
    >>> attribution_verbs()["admits"][1]
    'conceding'
    """
    table = {}
    for lemma, stance, forms in read_table("attribution_verbs.tsv"):
        for form in forms.split("|"):
            table.setdefault(form.strip().lower(), (lemma, stance))
    return table


@lru_cache(maxsize=1)
def role_classes() -> dict[str, str]:
    """Role noun (lower case) -> co-reference class, from ``roles.tsv``.

    Examples
    --------
    >>> role_classes()["spokeswoman"]
    'spokesperson'
    """
    return {role.lower(): cls for role, cls in read_table("roles.tsv")}


@lru_cache(maxsize=1)
def title_words() -> frozenset:
    """Titles and role nouns (lower case) that stand before or for a person's name: the nouns
    of :func:`role_classes` and the honorifics ("mr", "dr", "gov").

    Examples
    --------
    >>> {"minister", "spokesman", "dr"} <= title_words()
    True
    """
    return frozenset(role_classes()) | frozenset(_TITLES)


@lru_cache(maxsize=1)
def speaker_roles() -> dict[str, str]:
    """Role noun -> class for speaker phrases: :func:`role_classes` plus the people nouns of
    ``person_nouns.tsv`` ("youngster", "deckhand", "resident"), which stand for a person in a subject
    but are not titles (labeling does not use them).

    Examples
    --------
    >>> speaker_roles()["youngster"], speaker_roles()["spokeswoman"]
    ('youngster', 'spokesperson')
    """
    out = {noun.lower(): cls for noun, cls in read_table("person_nouns.tsv")}
    out.update(role_classes())
    return out


@lru_cache(maxsize=1)
def anonymous_cues() -> tuple[frozenset, tuple[str, ...]]:
    """(head nouns, phrases) of anonymous/vague sourcing, from ``anonymous_sources.tsv``."""
    heads, phrases = set(), []
    for cue, kind in read_table("anonymous_sources.tsv"):
        (heads.add(cue.lower()) if kind == "head" else phrases.append(cue.lower()))
    return frozenset(heads), tuple(phrases)


@lru_cache(maxsize=1)
def _verb_regex() -> re.Pattern:
    forms = sorted(attribution_verbs(), key=len, reverse=True)
    body = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    return re.compile(rf"(?<![\w’'-])(?:{body})(?![\w’'-])", re.IGNORECASE)


_PLAIN_WORD = re.compile(r"(?<![\w’'-])[A-Za-z]+(?![\w’'-])")


@lru_cache(maxsize=1)
def _verb_first_words() -> dict[str, list]:
    """First word -> [(form, compiled multi-word pattern or None)], longest forms first."""
    out: dict[str, list] = {}
    for form in sorted(attribution_verbs(), key=len, reverse=True):
        words = form.split()
        pattern = None
        if len(words) > 1:
            pattern = re.compile(r"\s+".join(re.escape(w) for w in words) + r"(?![\w’'-])", re.IGNORECASE)
        out.setdefault(words[0], []).append((form, pattern))
    return out


@lru_cache(maxsize=1)
def _verb_first_regex() -> re.Pattern:
    """The first words of the verb forms that :data:`_PLAIN_WORD` can match, as whole lower-case words."""
    from framescope.framing.lexicon import trie_alternation

    firsts = sorted(w for w in _verb_first_words() if re.fullmatch(r"[a-z]+", w))
    return re.compile(r"(?<![\w’'-])(?:" + trie_alternation(firsts) + r")(?![\w’'-])")


@lru_cache(maxsize=1)
def _anon_phrase_regex() -> re.Pattern:
    _, phrases = anonymous_cues()
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _anon_phrase_words() -> tuple[str, ...]:
    """One word of each anonymity phrase (its longest): a window without any of them cannot match."""
    _, phrases = anonymous_cues()
    return tuple(sorted({max(p.split(), key=len) for p in phrases}))


def _lower(text: str) -> str | None:
    """``text.lower()`` when it keeps every offset and folds case as the regex module's IGNORECASE does for
    ASCII words (no dotless ı or long ſ), else None; one cached value per thread."""
    cache = getattr(_LOCAL, "lower", None)
    if cache is None or cache[0] is not text:
        low = text.lower()
        if len(low) != len(text) or "ı" in low or "ſ" in low:
            low = None
        cache = _LOCAL.lower = (text, low)
    return cache[1]


def _anon_phrase_search(text: str, start: int, end: int):
    """``_anon_phrase_regex().search(text, start, end)``, skipped when no phrase word is in the window."""
    low = _lower(text)
    if low is not None:
        cache = getattr(_LOCAL, "anon_words", None)
        if cache is None or cache[0] is not text:
            cache = _LOCAL.anon_words = (text, [w for w in _anon_phrase_words() if w in low])
        if not any(low.find(w, start, end) >= 0 for w in cache[1]):
            return None
    return _anon_phrase_regex().search(text, start, end)


# --------------------------------------------------------------------------- small patterns
# (a pattern whose every match starts with a letter of a known class opens with a lookahead for that
# class: the regex engine then skips quickly to the candidate positions; the matches are the same)

_RE_LAST_WORD = re.compile(r"(\w+)$")
_RE_DEF_BEFORE = re.compile(r"\b(?:the|its|his|her|their)\s+$", re.I)
_RE_PARA_FOLD = re.compile(r"\s*\n\s*\n\s*[“„«\"‘‚'‹]?")
_RE_NEXT_CAP = re.compile(r"\s*[A-Z]")
_RE_GAP_WORDS = re.compile(r"[\s,—–]*(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){0,2}", re.I)
_RE_GAP_PUNCT = re.compile(r"[\s,—–]*")
_RE_GAP_DESCRIPTION = re.compile(r"[\s,—–]*[^\s,.;:!?“”\"«»„][^,.;:!?“”\"«»„]{0,70},\s+")
_RE_SPACES = re.compile(r"\s+")
_RE_TAIL_REST = re.compile(r"^(?:\s*,[^,.;]*)?\s*[.!?]*\s*$")
_RE_MID_COMMA = re.compile(r"^\s*,")
_RE_POSS_NOUN = re.compile(r"\s+(?:came|was|is|had|has)\b")
_RE_CLAUSE_WORDS = re.compile(r"[\w’'-]+|[,.;:!?—–“”\"]")
_RE_WORDCHAR = re.compile(r"\w")
_RE_PARTICIPLE = re.compile(r"[a-z]+(?:ed|en)")
_RE_AGE_NUMBER = re.compile(r"\d{1,3}")
_RE_SENT_BREAK = re.compile(r"[.!?][”\"’']?\s+(?=[A-Z“\"‘'])|\n")
_RE_CLAUSE_BREAK = re.compile(r"[,;:()—–“”\"«»]")
_RE_CAP_BEFORE = re.compile(r"([A-Z][\w’'-]*)\.?[ \t]+$")


def _inside_name(text: str, i: int) -> bool:
    """Is the word at ``i`` the last word of a longer name ("Colm Dufresne"), not a surname used alone?"""
    m = _RE_CAP_BEFORE.search(text, max(0, i - 30), i)
    return m is not None and m.group(1).lower() not in _STOP_CAPS and m.group(1).lower() not in _TITLES
_RE_TO_COMMA = re.compile(r"^[^,.;]*,\s*")
_RE_THE_LOWER = re.compile(r"^the\s+")
_RE_THE_CAP = re.compile(r"^The\s+")
_RE_POSS_END = re.compile(r"[’']s$")
_RE_THE_ANY = re.compile(r"^[Tt]he\s+")
_RE_NAME_WORDS = re.compile(r"[^\W_]+(?:[’'-][^\W_]+)*")
_RE_NON_WORD = re.compile(r"[^\w]+")
_RE_ORG_SPAN = re.compile(r"(?=[A-Z])(?<![\w’'-])(?:[A-Z][\w’'-]*[ \t]+)(?:(?:of|for|the)[ \t]+|[A-Z][\w’'-]*[ \t]+){0,5}"
                          r"([A-Z][\w’'-]+)")


# --------------------------------------------------------------------------- data


@dataclass
class Quote:
    """One quote and its attribution.

    ``start``/``end`` span the quoted words (inside the marks for a direct quote, the
    reported clause for an indirect one) in the field ``field`` ("text" or "title").
    ``text`` is that span (paragraph breaks and re-opening marks of a quote that runs over
    paragraphs are folded to a space). ``speaker`` is a name (or the speaker phrase when no
    name is known, e.g. "Beijing"), ``None`` when nobody could be found.
    """

    start: int
    end: int
    text: str
    kind: str = "direct"
    speaker: str | None = None
    speaker_role: str | None = None
    organisation: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    verb: str | None = None
    verb_stance: str | None = None
    verb_start: int | None = None
    verb_end: int | None = None
    anonymous: bool = False
    field: str = "text"
    cue_spans: list = _dc_field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- quote marks

_DOUBLE_OPEN = {"“": "”", "„": "“”", "«": "»", "»": "«", '"': '"', "‹": "›"}
_SINGLE_OPEN = {"‘": "’", "‚": "‘’", "'": "'"}
_OPENERS = "“„«\"‘‚'‹"
_OPENER_RE = re.compile("[" + re.escape(_OPENERS) + "]")
_APOSTROPHE_WORDS = re.compile(r"(?:\d\d(?:s|\b)|em\b|til\b|n\b|cause\b|bout\b)", re.IGNORECASE)
_SENT_END = re.compile(r"[.!?…](?:[”\"’'»)\]]+)?(?=\s|$)")


def _is_letter(ch: str) -> bool:
    return ch.isalnum()


def _can_open(p: str, i: int) -> bool:
    """Is the mark at ``p[i]`` in an opening position (start / after space or punctuation)?"""
    ch = p[i]
    nxt = p[i + 1] if i + 1 < len(p) else ""
    if not nxt or nxt.isspace():
        # French spacing puts a (no-break) space inside guillemets: « concrete answers »
        return ch == "«" and nxt in " \u00a0\u202f" and i + 2 < len(p) and not p[i + 2].isspace() \
            and "»" in p[i + 2:]
    prev = p[i - 1] if i > 0 else ""
    if ch in "'‘‚":
        if prev and _is_letter(prev):
            return False  # don't, O'Brien, Taipei’s
        if _APOSTROPHE_WORDS.match(p, i + 1):
            return False  # '90s, 'em
        if not (_is_letter(nxt) or nxt in "“\"…"):
            return False
        return True
    if ch == '"':
        return not prev or prev.isspace() or prev in "([{—–-/:;,“‘"
    if ch == "»":  # reversed guillemets (»…«) only when a « closes them later
        return "«" in p[i + 1:]
    return True


_CLOSER_RES: dict[str, re.Pattern] = {}


def _find_close(p: str, i: int) -> int:
    """Index of the mark closing the quote opened at ``p[i]`` in paragraph ``p``, or -1.

    Jumps from one possible closing mark to the next (the same marks, in the same order, as
    :func:`_find_close_stepwise` reads character by character)."""
    ch = p[i]
    closers = _DOUBLE_OPEN.get(ch) or _SINGLE_OPEN.get(ch)
    if not closers:
        return _find_close_stepwise(p, i)
    rx = _CLOSER_RES.get(closers)
    if rx is None:
        rx = _CLOSER_RES[closers] = re.compile("[" + re.escape(closers) + "]")
    single = ch in _SINGLE_OPEN
    strict = ch == '"' or single
    n = len(p)
    m = rx.search(p, i + 1)
    while m is not None:
        j = m.start()
        if strict and (p[j - 1].isspace() or (single and j + 1 < n and p[j + 1].isalnum())):
            m = rx.search(p, j + 1)  # an opening-looking mark, or an inner apostrophe (don’t, Taipei’s)
            continue
        return j
    return -1


def _find_close_stepwise(p: str, i: int) -> int:
    """Index of the mark closing the quote opened at ``p[i]`` in paragraph ``p``, or -1."""
    ch = p[i]
    closers = _DOUBLE_OPEN.get(ch) or _SINGLE_OPEN.get(ch)
    j = i + 1
    single = ch in _SINGLE_OPEN
    while j < len(p):
        c = p[j]
        if c in closers:
            prev = p[j - 1]
            nxt = p[j + 1] if j + 1 < len(p) else ""
            if ch == '"' or single:
                if prev.isspace():
                    j += 1
                    continue  # an opening-looking mark, not a close
                if single and nxt and _is_letter(nxt):
                    j += 1
                    continue  # inner apostrophe: don’t, Taipei’s
            return j
        if not single and c in "“„«" and ch not in "„" and c != ch and c == "“" and ch == "«":
            pass
        j += 1
    return -1


def _mark_spans(text: str) -> list[tuple[int, int, int, int, bool]]:
    """Direct-quote spans ``(open_mark, content_start, content_end, close_end, closed)``."""
    paragraphs = paragraph_spans(text)
    out = []
    k = 0
    while k < len(paragraphs):
        p_start, p_end = paragraphs[k]
        p = text[p_start:p_end]
        i = 0
        while i < len(p):
            opener = _OPENER_RE.search(p, i)  # jump to the next quotation mark
            if opener is None:
                break
            i = opener.start()
            ch = p[i]
            if not _can_open(p, i):
                i += 1
                continue
            j = _find_close(p, i)
            if j >= 0:
                out.append((p_start + i, p_start + i + 1, p_start + j, p_start + j + 1, True))
                i = j + 1
                continue
            # Unclosed in this paragraph: classic multi-paragraph quote when the next
            # paragraph re-opens with the same kind of mark; else cap at paragraph end.
            if ch in _SINGLE_OPEN and not _continues(text, paragraphs, k, ch):
                i += 1  # a stray single mark is most likely an apostrophe
                continue
            content_start = p_start + i + 1
            kk = k
            end = None
            while _continues(text, paragraphs, kk, ch):
                kk += 1
                q_start, q_end = paragraphs[kk]
                q = text[q_start:q_end]
                jj = _find_close(q, 0)
                if jj >= 0:
                    end = (q_start + jj, q_start + jj + 1, True)
                    break
            if end is None:
                last_start, last_end = paragraphs[kk]
                end = (last_end, last_end, False)
            out.append((p_start + i, content_start, end[0], end[1], end[2]))
            if kk > k:
                k = kk
                p_start, p_end = paragraphs[k]
                p = text[p_start:p_end]
                i = end[1] - p_start
                continue
            break
        k += 1
    return out


def _continues(text, paragraphs, k, ch) -> bool:
    if k + 1 >= len(paragraphs):
        return False
    nxt = text[paragraphs[k + 1][0]:paragraphs[k + 1][1]]
    family = _SINGLE_OPEN if ch in _SINGLE_OPEN else _DOUBLE_OPEN
    return bool(nxt) and nxt[0] in family and nxt[0] in _OPENERS and _can_open(nxt, 0)


# --------------------------------------------------------------------------- tokens & phrases

_TOKEN = re.compile(r"[^\W_]+(?:[’'.\-][^\W_]+)*(?:[’']s?)?\.?|[,;:—–()\[\]]|[“”\"‘’«»]|[.!?]")
_PRONOUNS = {"he": "m", "she": "f", "they": None, "it": "n", "we": None, "i": None}
_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "al", "el", "bin", "ibn", "ter", "du",
              "dos", "das", "y"}
_MODIFIERS = {"former", "deputy", "senior", "chief", "acting", "assistant", "vice", "top", "foreign", "local",
              "interim", "general", "regional", "national", "international", "junior", "lead", "then", "federal",
              "state", "city", "union", "party", "company", "government", "ministry", "its", "his", "her",
              "their", "press", "opposition", "defence", "defense", "interior", "finance", "health", "labour",
              "labor", "justice", "military", "police", "hospital", "port", "transport", "economic", "political"}
_AGE = re.compile(r"\d+-year-old")
_FINITE_WORDS = {"and", "or", "but", "said", "says", "that", "who", "which", "when", "while", "after", "before",
                 "because", "as", "if", "than", "then", "to", "of", "by", "with", "from", "on", "in", "at", "for"}
_DETERMINERS = {"the", "a", "an", "this", "that", "one", "another", "two", "three", "several", "some", "many",
                "other", "senior", "two"}
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "prof", "gen", "sen", "rep", "gov", "lt", "col", "maj", "capt", "sgt",
           "adm", "rev", "sir", "dame", "lord", "lady"}
_TITLE_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lord": "m", "lady": "f"}
_ORG_HEADS = {"ministry", "department", "office", "union", "party", "authority", "court", "council", "committee",
              "federation", "company", "corporation", "corp", "inc", "institute", "centre", "center", "hospital",
              "police", "government", "army", "navy", "commission", "bank", "association", "agency", "group",
              "maritime", "cross", "alliance", "university", "foundation", "service", "services", "board",
              "parliament", "assembly", "coalition", "front", "movement", "administration", "cabinet", "times",
              "news", "post", "broadcasting", "radio", "wire", "ledger", "clarion", "force", "forces", "guard",
              "fund", "trust", "network", "organisation", "organization", "league", "society", "club", "school",
              "embassy", "mission", "tribunal", "secretariat", "bureau", "directorate", "house", "senate",
              "congress", "legislature", "municipality", "city", "state", "republic", "kingdom", "federation",
              "island", "strait", "river", "province", "county", "region", "square", "street", "port", "harbor",
              "harbour", "airport", "station", "hall", "chamber"}
_STOP_CAPS = {"the", "a", "an", "in", "on", "at", "for", "but", "and", "or", "as", "after", "before", "when",
              "while", "if", "though", "although", "since", "because", "with", "without", "by", "from", "to",
              "of", "this", "that", "these", "those", "there", "here", "it", "its", "he", "she", "they", "we",
              "i", "his", "her", "their", "our", "my", "your", "you", "also", "meanwhile", "however", "yet",
              "still", "so", "then", "now", "today", "yesterday", "last", "next", "on", "asked", "speaking",
              "according", "some", "many", "most", "all", "both", "each", "every", "no", "not", "one", "two",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december", "earlier", "later", "what", "who", "why", "how", "where", "which",
              "despite", "under", "over", "during", "until", "even", "just", "only", "instead", "indeed",
              "asked", "like", "unlike", "among", "amid", "against", "about", "around", "into", "through",
              "do", "does", "did", "is", "are", "was", "were", "be", "has", "have", "had", "will", "would",
              "can", "could", "should", "must", "may", "might", "let", "please", "yes", "thank", "thanks"}


class _Tok:
    """A token: its text and character span; ``low`` (bare lower-case form) and ``cap`` (starts with a
    capital letter) are computed on first use and then kept (tokens are read many times while phrases
    are analysed)."""

    __slots__ = ("text", "start", "end", "low", "cap")

    def __init__(self, text: str, start: int, end: int):
        self.text = text
        self.start = start
        self.end = end

    def __getattr__(self, name: str):  # only called for a slot not yet filled
        if name == "low":
            text = self.text
            value = _LOW.get(text)
            if value is None:
                value = _bare(text).lower()
                if len(_LOW) < 200_000:
                    _LOW[text] = value
            self.low = value
        elif name == "cap":
            t = self.text
            value = self.cap = bool(t) and t[0].isupper() and t[0].isalpha()
        else:
            raise AttributeError(name)
        return value

    def __repr__(self) -> str:
        return f"_Tok({self.text!r}, {self.start}, {self.end})"


_LOW: dict[str, str] = {}  # token text -> _bare(text).lower()


def _bare(word: str) -> str:
    word = word.rstrip(".")
    if word.endswith(("’s", "'s")):
        word = word[:-2]
    return word.rstrip("’'")


_TOKEN_INNER = "’'.-"  # characters a word token can hold besides letters and digits


def _cut_ok(text: str, i: int) -> bool:
    """No token of the whole text runs across offset ``i`` (a letter/digit/’'.- on both sides could)."""
    if i <= 0 or i >= len(text):
        return True
    a, b = text[i - 1], text[i]
    return not ((a.isalnum() or a in _TOKEN_INNER) and (b.isalnum() or b in _TOKEN_INNER))


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    """Tokens inside ``text[start:end]``: the tokens of the whole text that start there, a token cut by
    ``start`` or ``end`` re-tokenised inside the window (a cached list per window and text; treat as
    read-only)."""
    cache = getattr(_LOCAL, "windows", None)
    if cache is None or cache[0] is not text:
        cache = _LOCAL.windows = (text, {})
    windows = cache[1]
    key = (start, end)
    out = windows.get(key)
    if out is None:
        if _cut_ok(text, start) and _cut_ok(text, end):
            # no token crosses either end: scanning the window finds exactly the whole text's tokens there
            out = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)] \
                if start < end else []
        else:
            out = _tokens_whole(text, start, end)
        windows[key] = out
    return out


def _tokens_whole(text: str, start: int, end: int) -> list[_Tok]:
    """:func:`_tokens` from one tokenisation of the whole text (for windows that cut a token)."""
    cache = getattr(_LOCAL, "tokens", None)
    if cache is None or cache[0] is not text:
        toks = [_Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
        cache = _LOCAL.tokens = (text, [t.start for t in toks], toks)
    _, starts, toks = cache
    i = bisect_left(starts, start)
    j = bisect_left(starts, end)
    out = toks[i:j]
    if out and out[-1].end > end:
        out = out[:-1] + [t for t in (_Tok(m.group(), out[-1].start + m.start(), out[-1].start + m.end())
                                      for m in _TOKEN.finditer(text[out[-1].start:end]))]
    if start < len(text) and i > 0 and toks[i - 1].end > start:
        head = [_Tok(m.group(), start + m.start(), start + m.end())
                for m in _TOKEN.finditer(text[start:min(end, toks[i - 1].end)])]
        out = head + out
    return out


_ROLE_WORD: dict[str, bool] = {}  # lower-case form -> is it a role word


def _is_role(tok: _Tok) -> bool:
    low = tok.low
    value = _ROLE_WORD.get(low)
    if value is None:
        roles = speaker_roles()
        value = bool(_AGE.fullmatch(low)) or low in roles or low.split("-")[-1] in roles \
            or "-of-" in low and low.split("-")[0] in roles  # "mother-of-two", "father-of-three"
        if len(_ROLE_WORD) < 200_000:
            _ROLE_WORD[low] = value
    return value


def _is_plural_role(tok: _Tok) -> bool:
    """A plural role noun ("Economists", "Doctors"): a group, never part of a name."""
    low = tok.low
    return len(low) > 3 and low.endswith("s") and (low[:-1] in speaker_roles() or low in speaker_roles())


_INDEFINITE = frozenset(("a", "an", "one", "another"))
# plural heads that stay nameless sources: reported as anonymous without a speaker string
_VAGUE_PLURALS = frozenset(("sources", "officials", "others", "insiders", "aides", "people", "some", "many"))


def _is_wordlike(tok: _Tok) -> bool:
    return tok.text[:1].isalnum()


@dataclass
class _Phrase:
    """A parsed speaker phrase."""

    text: str
    start: int
    end: int
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    pronoun: str | None = None
    anonymous: bool = False
    gender: str | None = None
    is_org: bool = False
    group: bool = False  # a plural vague source ("analysts", "shipowners"), reported by its phrase


def _analyse_phrase(toks: list[_Tok], text: str) -> _Phrase | None:
    """Split a speaker noun phrase into organisation, role and name."""
    toks = [t for t in toks if t.text[:1].isalnum()]
    det = toks[0].low if toks and toks[0].low in _DETERMINERS else None
    while toks and toks[0].low in _DETERMINERS:
        toks = toks[1:]
    if not toks:
        return None
    start, end = toks[0].start, toks[-1].end
    phrase = _Phrase(text[start:end].rstrip(",."), start, end)
    if len(toks) == 1 and toks[0].low in _PRONOUNS:
        phrase.pronoun = toks[0].low
        phrase.gender = _PRONOUNS[toks[0].low]
        return phrase
    heads, _ = anonymous_cues()
    # trailing name: capitalised tokens (and particles) that are not roles/org heads
    i = len(toks)
    while i > 0:
        t = toks[i - 1]
        if t.cap and not _is_role(t) and t.low not in _ORG_HEADS and t.low not in _STOP_CAPS and t.low not in _TITLES \
                and t.low not in heads and not _is_plural_role(t):
            i -= 1
        elif t.low in _PARTICLES and i < len(toks) and i - 1 > 0 and toks[i - 2].cap:
            i -= 1
        else:
            break
    name_toks = toks[i:]
    rest = toks[:i]
    # honorific titles directly before the name
    while rest and rest[-1].low in _TITLES:
        phrase.gender = phrase.gender or _TITLE_GENDER.get(rest[-1].low)
        rest = rest[:-1]
    if name_toks and rest and any(_is_role(t) for t in rest):
        # role words (with their modifiers) immediately before the name; organisation before them
        j = len(rest)
        while j > 0 and (_is_role(rest[j - 1]) or (rest[j - 1].low in _MODIFIERS and not rest[j - 1].cap)):
            j -= 1
        role_toks = rest[j:]
        org_toks = rest[:j]
        if role_toks and role_toks[-1].cap:
            # "Interior Minister Joram Kest": capitalised words before a capitalised title are part of it
            while org_toks and org_toks[-1].cap and org_toks[-1].low not in _ORG_HEADS:
                role_toks = [org_toks.pop()] + role_toks
        phrase.role = " ".join(_bare(t.text) for t in role_toks) or None
        phrase.organisation = _org_text(org_toks, text)
    elif name_toks and rest:
        phrase.organisation = _org_text(rest, text)
    if name_toks:
        name = text[name_toks[0].start:name_toks[-1].end]
        name = _bare(name) if name_toks[-1].text.endswith(("’s", "'s")) else name.rstrip(".")
        if len(name_toks) == 1 and name_toks[0].low in _ORG_HEADS:
            name_toks = []
        else:
            phrase.name = name
            # an all-organisation phrase ("the Foreign Ministry") is an organisation speaker
            if any(t.low in _ORG_HEADS for t in name_toks):
                phrase.is_org = True
            return phrase
    # no name: a role reference, an organisation, or a vague source
    words = [t.low for t in toks]
    last = words[-1]
    joined = " ".join(words)
    plural_vague = last.endswith("s") and not last.endswith("ss") and last not in _ORG_HEADS and \
        (last[:-1] in speaker_roles() or last in speaker_roles() or not toks[-1].cap) and last not in {"police", "news"}
    if last in heads or joined in heads or plural_vague or any(joined.endswith(" " + h) for h in heads):
        phrase.anonymous = True
        phrase.role = " ".join(_bare(t.text) for t in toks)
        phrase.group = plural_vague and det not in _INDEFINITE and last not in _VAGUE_PLURALS
        return phrase
    if det in _INDEFINITE and (_is_role(toks[-1]) or not toks[-1].cap):
        # an unnamed individual introduced as new ("a government spokesman said", "one backbencher told
        # reporters"): an indefinite subject is a source the reader cannot identify, not an earlier person
        phrase.anonymous = True
        phrase.role = " ".join(_bare(t.text) for t in toks)
        j = len(toks)
        while j > 0 and (_is_role(toks[j - 1]) or not toks[j - 1].cap):
            j -= 1
        phrase.organisation = _org_text(toks[:j], text)
        return phrase
    if _is_role(toks[-1]):
        j = len(toks)
        while j > 0 and (_is_role(toks[j - 1]) or (toks[j - 1].low in _MODIFIERS and not toks[j - 1].cap)):
            j -= 1
        phrase.role = " ".join(_bare(t.text) for t in toks[j:])
        phrase.organisation = _org_text(toks[:j], text)
        return phrase
    if toks[-1].cap or toks[-1].low in _ORG_HEADS or len(toks) >= 2 and toks[-1].low.isalpha() \
            or det == "the" and toks[-1].low in _COMPANY_NOUNS:
        # ("the firm said", "the retailer added": a company by what it is, resolved to its name later)
        phrase.is_org = True
        phrase.organisation = phrase.text if (toks[-1].cap or toks[-1].low in _ORG_HEADS) else None
        return phrase
    return None


def _org_text(toks: list[_Tok], text: str) -> str | None:
    toks = [t for t in toks if t.low not in _DETERMINERS]
    if not toks or not any(t.cap or t.low in _ORG_HEADS for t in toks):
        return None
    while toks and not (toks[0].cap or toks[0].low in _ORG_HEADS or toks[0].low in _MODIFIERS):
        toks = toks[1:]
    value = text[toks[0].start:toks[-1].end]
    if value.endswith(("’s", "'s")):
        value = value[:-2]
    return value.strip(" ,.;:") or None


def _phrase_memo(text: str) -> dict:
    """Per-text memo of parsed speaker phrases (the same subject is parsed for several verbs and passes)."""
    memo = getattr(_LOCAL, "phrases", None)
    if memo is None or memo[0] is not text:
        memo = _LOCAL.phrases = (text, {})
    return memo[1]


def _memoised_phrase(side: str, parse, toks: list[_Tok], text: str) -> _Phrase | None:
    """``parse(toks, text)``, memoised per text by ``side`` of the verb and the token run."""
    if not toks:
        return parse(toks, text)
    memo = _phrase_memo(text)
    key = (side, toks[0].start, toks[-1].end, len(toks))  # a contiguous run of one text's tokens
    if key not in memo:
        memo[key] = parse(toks, text)
    return memo[key]


def _speaker_before(toks: list[_Tok], text: str) -> _Phrase | None:
    """The subject noun phrase ending right before an attribution verb (tokens before it), memoised per text.

    A pure function of the tokens' spans (the parsed phrase is never changed after it is returned).
    """
    return _memoised_phrase("before", _speaker_before_parse, toks, text)


_DOC_SUBJECTS = frozenset(("report", "review", "study", "survey", "letter", "ruling", "judgment", "judgement", "audit",
                           "minutes", "memo", "filing", "indictment", "complaint", "lawsuit", "petition", "inquiry",
                           "assessment", "poll", "documents", "document", "analysis", "paper", "dossier", "leaflet",
                           "manifesto", "bill", "law", "act", "order", "decree", "guidance", "plan", "budget"))
_ASIDE_PARTICIPLES = frozenset(("asked", "pressed", "questioned", "interviewed", "contacted", "reached", "quoted",
                                "approached", "challenged", "speaking", "writing", "responding", "addressing",
                                "referring", "commenting", "reacting", "testifying", "appearing", "talking",
                                "replying", "answering", "briefing", "visiting", "standing", "flanked"))
_IRREGULAR_PARTICIPLES = frozenset(("led", "run", "set", "built", "made", "begun", "signed", "founded", "backed",
                                    "brought", "sent", "held", "funded", "chaired", "headed", "owned"))


def _digit_comma(toks: list[_Tok], k: int) -> bool:
    """The comma of a digit group ("3,200"), not a clause comma."""
    return toks[k].text == "," and 0 < k < len(toks) - 1 and toks[k - 1].end == toks[k].start \
        and toks[k + 1].start == toks[k].end and toks[k - 1].text[-1:].isdigit() and toks[k + 1].text[:1].isdigit()


def _speaker_before_parse(toks: list[_Tok], text: str) -> _Phrase | None:
    """The subject noun phrase ending right before an attribution verb (tokens before it)."""
    toks = list(toks)
    appositive = None
    up_to_appositive = None  # the tokens before the appositive, its opening comma included
    # "Rosa Ilvane, general secretary of the union, said" / "Ilvane, 54, said"
    if toks and toks[-1].text == ",":
        k = len(toks) - 2
        while k >= 0 and (toks[k].text not in ",;:—–“”\"«»()" or _digit_comma(toks, k)):
            k -= 1
        if k >= 0 and toks[k].text == "," and k + 1 < len(toks) - 1:
            appositive = toks[k + 1:len(toks) - 1]
            up_to_appositive = toks[:k + 1]
            toks = toks[:k]
            if len(toks) >= 3 and toks[-2].text == "," and _RE_AGE_NUMBER.fullmatch(toks[-1].text):
                toks = toks[:-2]  # an age before the appositive: "Nadia Perrault-Sen, 44, a former lawyer, said"
            first = appositive[0]
            if not first.cap and first.low in _ASIDE_PARTICIPLES:
                # an aside, not a description: "The minister, speaking after a cabinet meeting, said",
                # "Kest, asked about the arrests, said"
                appositive = None
        else:
            return None
    if (not appositive or appositive[0].low in ("which", "that")) and 2 <= len(toks) <= 4 \
            and toks[-1].low in _DOC_SUBJECTS and not toks[-1].cap \
            and toks[0].low in ("the", "a", "an", "its", "their", "this", "that", "his", "her") \
            and all(t.low.isalpha() and not t.cap for t in toks[1:]):
        # a document as the subject of a verb of saying: "The report said staffing levels fell …"
        return _Phrase(text[toks[1].start:toks[-1].end], toks[1].start, toks[-1].end, is_org=True)
    f = None
    if len(toks) > 2:
        lo_, hi_ = toks[max(0, len(toks) - 8)].start, toks[-1].end
        if text.find("familiar with", lo_, hi_) >= 0 or text.find("close to", lo_, hi_) >= 0:
            heads = anonymous_cues()[0]
            f = next((i for i in range(len(toks) - 2, max(-1, len(toks) - 8), -1)
                      if toks[i].low == "familiar" and toks[i + 1].low == "with" or
                      toks[i].low == "close" and toks[i + 1].low == "to" and i > 0 and
                      (toks[i - 1].low in heads or toks[i - 1].low in _VAGUE_PLURALS)), None)
    if f is not None and f > 0 and all(_is_wordlike(t) for t in toks[f:]) and not appositive:
        # "two people familiar with the matter said", "a source close to the minister told": anonymous
        b = f
        while b > max(0, f - 4) and _is_wordlike(toks[b - 1]) and (not toks[b - 1].cap or b - 1 == 0):
            b -= 1
        return _Phrase(text[toks[b].start:toks[-1].end], toks[b].start, toks[-1].end, anonymous=True)
    if toks and toks[-1].low in ("one", "another") and not appositive and \
            (len(toks) == 1 or toks[-2].low in ("but", "and", "yet") or not toks[-2].text[:1].isalnum()):
        # "One described the statement as …", "Another said …": one of a group just mentioned, unnamed
        return _Phrase(toks[-1].text, toks[-1].start, toks[-1].end, anonymous=True)
    collected = []
    rev = list(reversed(toks))
    heads = anonymous_cues()[0]
    idx = 0
    while idx < len(rev):
        tok = rev[idx]
        idx += 1
        if not tok.text[:1].isalnum():  # not word-like
            break
        low = tok.low
        if low in _PRONOUNS and not collected:
            collected.append(tok)
            break
        if (tok.cap and low not in _STOP_CAPS) or _is_role(tok) or low in _MODIFIERS or low in _PARTICLES \
                or low in _TITLES or low in heads or tok.text.endswith(("’s", "'s")) \
                or not collected and not tok.cap and _is_plural_role(tok) and idx < len(rev) \
                and rev[idx].low in ("its", "their", "his", "her", "our"):  # (_is_role covers ages)
            collected.append(tok)
            continue
        if low in _DETERMINERS:
            collected.append(tok)
            # "Tomas Reyl of the Civic Alliance": keep going through "of the"
            if idx < len(rev) and rev[idx].low in {"of", "for", "at", "in"} and idx + 1 < len(rev) \
                    and (rev[idx + 1].cap or _is_role(rev[idx + 1])):
                continue
            break
        if low in {"of", "for", "at", "in"} and collected and (collected[-1].cap or collected[-1].low in _DETERMINERS):
            collected.append(tok)
            continue
        if low in _ORG_HEADS and not collected:
            collected.append(tok)
            continue
        if low in {"familiar", "with", "people", "person", "who"}:
            collected.append(tok)
            continue
        # lower-case words before a role noun: "retired navy commander Piet Laurentz", "café owner"
        if collected and _is_role(collected[-1]) and low.isalpha() and low not in _AUX and low not in _FINITE_WORDS:
            extra = 0
            while extra < 2 and idx - 1 < len(rev) and rev[idx - 1].low.isalpha() and not rev[idx - 1].cap \
                    and rev[idx - 1].low not in _AUX and rev[idx - 1].low not in _FINITE_WORDS:
                collected.append(rev[idx - 1])
                idx += 1
                extra += 1
            if idx - 1 < len(rev) and rev[idx - 1].low in _DETERMINERS:
                collected.append(rev[idx - 1])
            break
        break
    if collected and len(collected) + 2 <= len(toks) and toks[-len(collected) - 1].text[:2].lower() == "by" \
            and toks[-len(collected) - 1].low == "by" \
            and _RE_PARTICIPLE.fullmatch(toks[-len(collected) - 2].low) and not toks[-len(collected) - 2].cap:
        # a participle phrase: "Economists contacted by the Ledger said", "analysts polled by the bank said"
        head = _speaker_before_parse(toks[:len(toks) - len(collected) - 2], text)
        if head is not None:
            return head
    if (not collected or not collected[-1].cap and len(collected) < 3) and len(toks) > 2 \
            and (text.find("who", toks[max(0, len(toks) - 10)].start, toks[-1].start) >= 0
                 or text.find("Who", toks[max(0, len(toks) - 10)].start, toks[-1].start) >= 0):
        # a relative clause after the subject: "one sailor who was on board told", "a resident who lives nearby said"
        for k in range(len(toks) - 2, max(0, len(toks) - 10), -1):
            if not toks[k].text[:1].isalnum():
                break
            if toks[k].low == "who" and k > 0:
                head = _speaker_before_parse(toks[:k], text)
                if head is not None:
                    return head
                break
    if not collected:
        collected = _lowercase_subject(toks)
    p = len(toks) - len(collected)
    if collected and p > 0 and (collected[-1].low in {"of", "for", "at", "in"} or p >= 2 and collected[-1].low == "the"
                                and toks[p - 1].low in {"in", "at", "from"} and not toks[p - 2].cap):
        # a post-modifier, not the subject: "Two marine insurers in Harbor City said", "Residents in the town said"
        head = _speaker_before_parse(toks[:p] if collected[-1].low != "the" else toks[:p - 1], text)
        if head is not None and head.name is None and not head.pronoun:
            return head
    collected.reverse()
    # "of/for/at ORG" inside a subject: "the head of the Port Authority said"
    phrase = _analyse_split_of(collected, text)
    if not appositive and (phrase is None or phrase.name is None and not phrase.pronoun):
        initial = _initial_head(toks, text)
        if initial is not None:
            return initial
    if appositive and len(appositive) >= 3 and appositive[1].low == "by" and \
            (_RE_PARTICIPLE.fullmatch(appositive[0].low) or appositive[0].low in _IRREGULAR_PARTICIPLES) and \
            (phrase is None or not (phrase.name or phrase.role or phrase.pronoun or phrase.anonymous)):
        # "The petition, started by parent Owen Mackie, argues …", "The campaign, led by nurse Ann Lee, says …":
        # the thing described speaks, not its agent (a name after "as" — "identified by police as X" — is not
        # an agent, and a person noun before the participle keeps the name)
        if phrase is not None:
            return phrase
        if 2 <= len(toks) <= 4 and toks[0].low in ("the", "a", "an", "its", "their", "his", "her") \
                and all(t.low.isalpha() and not t.cap for t in toks[1:]):
            head = toks[1:]
            return _Phrase(text[head[0].start:head[-1].end], head[0].start, head[-1].end, is_org=True)
        return None
    if appositive and (phrase is None or phrase.name is None and not phrase.pronoun):
        # "The party's whip, Hendrik Salo, said" / "Their ringleader, Aisha Okafor-Lind, said": a
        # description before a name in apposition; the name is the speaker
        named = _analyse_phrase(appositive, text)
        if named is not None and (named.name or named.is_org and named.organisation) and not named.pronoun and \
                (not named.is_org or phrase is not None and phrase.role and not phrase.anonymous):
            # ("Her publisher, Lantern House, said": an organisation named after a role description)
            if phrase is not None and not named.is_org:
                named.role = named.role or phrase.role
                named.organisation = named.organisation or phrase.organisation or \
                    (phrase.text if phrase.is_org and not phrase.anonymous else None)
            named.anonymous = False
            return named
    if appositive and (phrase is None or phrase.name is None and not phrase.pronoun) and \
            any(t.text == "," for t in toks) and appositive[0].low in _DETERMINERS:
        # two descriptions in apposition: "Tomas Berndt, budget spokesman for the Greens, the
        # coalition's junior partner, called …": the name before the first one speaks
        named = _speaker_before_parse(up_to_appositive, text)
        if named is not None and named.name and not named.is_org:
            return named
    if phrase is not None and appositive:
        _apply_appositive(phrase, appositive, text)
    return phrase


_HEAD_PREPS = frozenset(("of", "in", "at", "from", "for", "with", "across", "near", "on"))
_CLAUSE_LINKS = frozenset(("and", "or", "but", "said", "says", "that", "who", "which", "when", "while", "after",
                           "before", "because", "as", "if", "than", "then", "to", "by"))


def _initial_head(toks: list[_Tok], text: str) -> _Phrase | None:
    """A people noun opening the subject, then a prepositional (or participle) post-modifier that ends in a place
    or organisation: "Health officials in the northern province of Karst say", "A spokesman for the local
    education authority said", "Residents of a town flooded for the third time in five years say". The
    nearest noun before the verb is then inside the post-modifier, not the subject."""
    if len(toks) < 4 or len(toks) > 20:
        return None
    k = 1
    while k < 6 and k < len(toks) and toks[k].low not in _HEAD_PREPS:
        k += 1
    if k >= 6 or k >= len(toks) or len(toks) - k > 14:
        return None
    last = toks[k - 1]
    heads = anonymous_cues()[0]
    if not (_is_role(last) or _is_plural_role(last) or last.low in heads) or last.cap and k == 1 and not \
            (_is_plural_role(last) or last.low in heads):
        return None
    if not all(_is_wordlike(t) for t in toks):
        return None
    if any(t.low in _FINITE or t.low in _CLAUSE_LINKS or t.low in _PRONOUNS for t in toks[k:]):
        return None
    phrase = _analyse_phrase(toks[:k], text)
    if phrase is None or phrase.name or phrase.pronoun or phrase.is_org and not phrase.anonymous:
        return None
    org = _org_text(toks[k + 1:], text)
    if org and not phrase.organisation:
        phrase.organisation = org
    return phrase


def _lowercase_subject(toks: list[_Tok]) -> list[_Tok]:
    """A common-noun subject right before the verb: "shipowners", "port chiefs", "the national rail operator"
    (returned in reverse order, like the collector)."""
    out = []
    caps = 0
    for tok in reversed(toks):
        low = tok.low
        if out and tok.cap and low not in _STOP_CAPS and low not in _DETERMINERS and caps < 2 and low.isalpha():
            out.append(tok)  # a capitalised modifier: "a senior NRP figure", "one Labour backbencher"
            caps += 1
            continue
        if not low.isalpha() or tok.cap and low not in _DETERMINERS or low in _FINITE_WORDS \
                or low in _AUX or low in _STOP_CAPS and low not in _DETERMINERS:
            break
        out.append(tok)
        if low in _DETERMINERS and low != "senior" or len(out) > 4:
            break
    if not out:
        return []
    head = out[0].low
    starts_clause = out[-1].low in _DETERMINERS
    if caps and not starts_clause:
        return []
    plural = head.endswith("s") and not head.endswith("ss")
    if plural or starts_clause and len(out) >= 2:
        return out
    return []


def _analyse_split_of(toks: list[_Tok], text: str) -> _Phrase | None:
    while toks and toks[0].low in {"of", "for", "at", "in", "familiar", "with", "who"}:
        toks = toks[1:]
    if not toks:
        return None
    for k, t in enumerate(toks):
        if t.low == "of" and k > 0 and _is_role(toks[k - 1]) and len(toks) - k - 1 >= 3 \
                and all(x.cap and x.low not in _STOP_CAPS for x in toks[k + 1:]) \
                and not any(_bare(x.low) in _ORG_HEADS or _is_role(x) for x in toks[-2:]):
            # a title with "of" before a name: "Secretary of State Anna Blake", "Governor of New York Kathy Hochul"
            name = _analyse_phrase(toks[-2:], text)
            if name is not None and name.name and not name.is_org:
                role = _analyse_phrase(toks[:k], text)
                name.role = name.role or (role.role if role is not None else None) or \
                    text[toks[0].start:toks[-3].end]
                name.organisation = name.organisation or _org_text(toks[k + 1:-2], text)
                name.start, name.text = toks[0].start, text[toks[0].start:name.end]
                return name
        if t.low in {"of", "for", "at", "in"} and k > 0:
            if any(_is_role(x) for x in toks[k + 1:]) and toks[-1].cap:
                # an organisation name with "of" before a titled name: "Harbor City Chamber of Commerce president
                # Pieter Dahl" -> Pieter Dahl, president, Harbor City Chamber of Commerce
                tail = _analyse_phrase(toks[k + 1:], text)
                if tail is not None and tail.name and tail.role and not tail.is_org:
                    tail.organisation = _org_text(toks[:k + 1 + _role_index(toks[k + 1:])], text) or tail.organisation
                    tail.start, tail.text = toks[0].start, text[toks[0].start:tail.end]
                    return tail
            head = _analyse_phrase(toks[:k], text)
            if head is not None and head.name is None and not head.pronoun:
                head.organisation = _org_text(toks[k + 1:], text) or head.organisation
                head.end = toks[-1].end
                head.text = text[head.start:head.end]
                return head
            if head is not None and (head.name or head.pronoun):
                head.organisation = head.organisation or _org_text(toks[k + 1:], text)
                return head
            tail = _analyse_phrase(toks[k + 1:], text)
            return tail or head
    return _analyse_phrase(toks, text)


def _role_index(toks: list[_Tok]) -> int:
    """Index of the first role word in ``toks`` (len(toks) when there is none)."""
    return next((i for i, t in enumerate(toks) if _is_role(t)), len(toks))


def _speaker_after(toks: list[_Tok], text: str) -> _Phrase | None:
    """The speaker phrase right after an attribution verb ("said Wang Wenbin, the spokesman"), memoised per text."""
    return _memoised_phrase("after", _speaker_after_parse, toks, text)


def _speaker_after_parse(toks: list[_Tok], text: str) -> _Phrase | None:
    """The speaker phrase right after an attribution verb ("said Wang Wenbin, the spokesman")."""
    collected = []
    heads = anonymous_cues()[0]
    for idx, tok in enumerate(toks):
        if not tok.text[:1].isalnum():  # not word-like
            break
        low = tok.low
        if low in _PRONOUNS and not collected:
            collected.append(tok)
            break
        if (tok.cap and (low not in _STOP_CAPS or low in _DETERMINERS and not collected)) or _is_role(tok) \
                or _is_plural_role(tok) and not tok.cap \
                or low in _MODIFIERS or low in _PARTICLES or low in _TITLES or low in _DETERMINERS and not collected \
                or low in heads or tok.text.endswith(("’s", "'s")):
            collected.append(tok)
            if tok.text.endswith(".") and low not in _TITLES and len(tok.text) > 3:
                break
            continue
        if low in {"of", "for", "at"} and collected:
            collected.append(tok)
            continue
        if (low in _ORG_HEADS or low in _COMPANY_NOUNS and collected and collected[-1].low == "the") and collected \
                and (collected[-1].low in _DETERMINERS or not collected[-1].cap):
            collected.append(tok)  # "said the ministry", "by the statistics office", "said the firm"
            nxt = toks[idx + 1:idx + 3]
            if len(nxt) == 2 and nxt[1].low in _ORG_HEADS and not nxt[1].cap and nxt[0].low.isalpha() \
                    and not nxt[0].cap and nxt[0].low not in _FINITE_WORDS and nxt[0].low not in _STOP_CAPS:
                collected.extend(nxt)  # "the state forestry department", "the city planning office"
            elif nxt and nxt[0].low in _ORG_HEADS and not nxt[0].cap:
                collected.append(nxt[0])  # "the state department", "the city council"
            break
        # "fumed office cleaner Bram Kettering": lower-case words before a role noun or a name
        if low.isalpha() and not tok.cap and low not in _FINITE_WORDS and low not in _AUX:
            ahead = toks[idx + 1:idx + 4]
            if ahead and ahead[0].low in _ORG_HEADS and not ahead[0].cap and collected \
                    and (collected[-1].low in _DETERMINERS or collected[-1].low in _MODIFIERS):
                # a noun modifier of an organisation noun ("the statistics office", "the state forestry department")
                collected.append(tok)
                continue
            if any(_is_role(t) or _is_plural_role(t) and not t.cap or (t.cap and t.low not in _STOP_CAPS)
                   for t in ahead) and \
                    all(_is_wordlike(t) for t in ahead[:1]):
                collected.append(tok)
                continue
        break
    if not collected:
        return None
    phrase = _analyse_split_of(collected, text)
    if phrase is None:
        return None
    rest = toks[len(collected):]
    if len(rest) > 3 and rest[0].text == "," and _RE_AGE_NUMBER.fullmatch(rest[1].text) and rest[2].text == ",":
        rest = rest[2:]  # an age before the appositive: "said Maria Lopez, 45, a nurse at the clinic"
    if rest and rest[0].text == ",":
        k = 1
        while k < len(rest) and rest[k].text not in ",;:.—–“”\"«»()!?":
            k += 1
        if k > 1:
            if phrase.name is None and not phrase.pronoun:
                named = _analyse_phrase(rest[1:k], text)
                if named is not None and named.name and not named.is_org and not named.pronoun:
                    # "said its chair, Moritz Engel": the name in apposition is the speaker
                    phrase.name, phrase.is_org, phrase.anonymous = named.name, False, False
                    phrase.role = phrase.role or named.role
                    phrase.gender = phrase.gender or named.gender
                    return phrase
            _apply_appositive(phrase, rest[1:k], text)
    return phrase


def _apply_appositive(phrase: _Phrase, toks: list[_Tok], text: str) -> None:
    """Role/organisation from an appositive ("general secretary of the union", "the union's leader")."""
    toks = [t for t in toks if t.text[:1].isalnum()]
    if not toks or not any(_is_role(t) for t in toks) or phrase.name is None:
        return
    for k, t in enumerate(toks):
        if t.low == "in" and k > 0 and _is_role(toks[k - 1]):
            # "a GP in Leeds", "a teacher in Korrin": the role; a place is not an organisation
            role = _analyse_phrase(toks[:k], text)
            if role is not None:
                phrase.role = phrase.role or role.role or role.text
            return
        if t.low in {"of", "for", "at", "with"}:
            role = _analyse_phrase(toks[:k], text)
            org = _org_text(toks[k + 1:], text)
            if role is not None:
                phrase.role = phrase.role or role.role or role.text
                phrase.organisation = phrase.organisation or role.organisation or org
            else:
                phrase.organisation = phrase.organisation or org
            return
    role = _analyse_phrase(toks, text)
    if role is not None:
        phrase.role = phrase.role or role.role
        phrase.organisation = phrase.organisation or role.organisation


# --------------------------------------------------------------------------- verbs in context


_LOCAL = threading.local()  # one-slot, per-thread caches keyed by the identity of the text


def _all_verbs(text: str) -> tuple[list[int], list[tuple[int, int, str, str]]]:
    _VERB_CACHE = getattr(_LOCAL, "verbs", None)
    if _VERB_CACHE is None:
        _VERB_CACHE = _LOCAL.verbs = [None, None, None]
    if _VERB_CACHE[0] is not text:
        table = attribution_verbs()
        by_first = _verb_first_words()
        found = []
        low = _lower(text)
        if low is not None:
            # only the whole words that can start a verb form, found in the lower-cased text (lower() keeps
            # every character's class, word or not, so the words are where _PLAIN_WORD finds them; a hit
            # must be ASCII letters in the original text, as _PLAIN_WORD requires)
            words = ((m, m.group()) for m in _verb_first_regex().finditer(low) if text[m.start():m.end()].isascii())
        else:  # a character that grows when lower-cased (İ) would shift the offsets (or ı/ſ: any way, rare)
            words = ((m, m.group().lower()) for m in _PLAIN_WORD.finditer(text))
        for m, word in words:
            forms = by_first.get(word)
            if not forms:
                continue
            for form, pattern in forms:
                hit = pattern.match(text, m.start()) if pattern is not None else None
                if pattern is None:
                    found.append((m.start(), m.end(), text[m.start():m.end()], table[form][1]))
                    break
                if hit:
                    found.append((hit.start(), hit.end(), hit.group(), table[form][1]))
                    break
        if found and any(f[2][:1].isupper() for f in found):
            found = [f for f in found if not _in_a_name(text, f[0], f[1])]
        _VERB_CACHE[:] = [text, [f[0] for f in found], found]
    return _VERB_CACHE[1], _VERB_CACHE[2]


_RE_WORD_BEFORE = re.compile(r"([\w’'.-]+)[ \t]+$")
_RE_CAP_WORD_AFTER = re.compile(r"[ \t]+[A-Z][a-z]")


def _in_a_name(text: str, start: int, end: int) -> bool:
    """A capitalised verb form inside a name, mid-sentence ("Secretary of State Anna Blake", "the State
    Department"), in text that is not title case (a headline "Minister Says Talks Will Resume" keeps its verb)."""
    if not text[start].isupper():
        return False
    before = _RE_WORD_BEFORE.search(text, max(0, start - 30), start)
    if before is None or before.group(1).endswith((".", ":")):
        return False  # a sentence or a line starts here
    words = text.split()
    if len(words) <= 30 and sum(w[:1].isupper() for w in words) > 0.6 * len(words):
        return False  # title case
    prev = before.group(1)
    return prev in ("of", "the", "The") or bool(_RE_CAP_WORD_AFTER.match(text, end)) and prev[:1].isupper()


def _verbs_in(text: str, start: int, end: int) -> list[tuple[int, int, str, str]]:
    """Attribution verbs inside ``text[start:end]``: (start, end, surface, stance)."""
    starts, found = _all_verbs(text)
    i = bisect_left(starts, start)
    out = []
    while i < len(found) and found[i][1] <= end:
        out.append(found[i])
        i += 1
    return out


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    """Is offset ``i`` inside one of the sorted, non-overlapping ``spans``?"""
    k = bisect_right(spans, (i, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= i < spans[k][1]


def _sentence_bounds(text: str, lo: int, hi: int, pos: int, quotes: list[tuple[int, int]]) -> tuple[int, int]:
    """Start/end of the sentence around ``pos`` within [lo, hi), ignoring ends inside quotes."""
    _SENT_CACHE = getattr(_LOCAL, "sentences", None)
    if _SENT_CACHE is None:
        _SENT_CACHE = _LOCAL.sentences = [None, None, None]
    if _SENT_CACHE[0] is not text or _SENT_CACHE[1] is not quotes:
        _SENT_CACHE[:] = [text, quotes, _sentence_ends(text, tuple(quotes))]
    starts, ends = _SENT_CACHE[2]
    start = lo
    # last sentence end (match start >= lo, match end <= pos)
    k = bisect_right(ends, pos) - 1
    while k >= 0 and starts[k] >= lo:
        start = ends[k]
        break
    end = hi
    k = bisect_left(starts, pos)
    if k < len(starts) and ends[k] <= hi:
        end = ends[k]
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _sentence_ends(text: str, quotes: tuple) -> tuple[list[int], list[int]]:
    """(match starts, match ends) of sentence-final punctuation outside quotes, in text order."""
    bounds = sorted(quotes)
    starts, ends = [], []
    for m in _SENT_END.finditer(text):
        i = m.start()
        j = bisect_right(bounds, (i, len(text) + 1)) - 1
        if j >= 0 and bounds[j][0] <= i < bounds[j][1]:
            continue
        if _abbrev_before(text, i):
            continue
        starts.append(i)
        ends.append(m.end())
    return starts, ends


def _abbrev_before(text: str, i: int) -> bool:
    if text[i] != ".":
        return False
    m = _RE_LAST_WORD.search(text[max(0, i - 12):i])
    if not m:
        return False
    word = m.group(1).lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


# --------------------------------------------------------------------------- extraction


@dataclass
class _Person:
    name: str
    start: int
    role: str | None = None
    organisation: str | None = None
    gender: str | None = None
    positions: list = _dc_field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]


def _same_first_name(a: str, b: str) -> bool:
    """Could two first names be one person's ("J." and "John" could)?"""
    a, b = a.rstrip("."), b.rstrip(".")
    return a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _first_item(c: tuple) -> int:
    return c[0]


class _Context:
    """People named so far in a document (for pronoun / role / surname resolution)."""

    def __init__(self, text: str):
        self.text = text
        self.people: list[_Person] = []
        self._mentions: list[tuple[int, str, str | None]] = []
        self._scan = None  # the name scan, advanced only as far as a caller needs
        self._pending = None  # the scan's next match (not yet turned into a mention)
        self._done = False
        self.quoted: list[tuple[int, int]] = []  # direct-quote spans: names inside them are not antecedents
        self._surname_hits: dict[str, list[int]] = {}  # surname -> offsets of the word in the text
        self.speaker_at: set[int] = set()  # offsets of speaker phrases (subjects of attribution verbs)
        # per-text caches of the pronoun antecedents, grown with the scan (see :meth:`pronoun`):
        self._starts: list[int] = []  # start of each scanned mention (ascending, like ``_mentions``)
        self._first_names: list[tuple[int, str]] = []  # (index in ``_mentions``, name) of each name's first use
        self._names_seen: set[str] = set()
        self._in_quote: list[bool] = []  # is the scanned mention inside ``quoted``?
        self._in_quote_of = None  # the ``quoted`` list those flags were computed for

    @property
    def mentions(self) -> list[tuple[int, str, str | None]]:
        """Person-name mentions of the whole text (see :func:`_person_mentions`)."""
        return self.mentions_before(len(self.text) + 1)

    def mentions_before(self, pos: int) -> list[tuple[int, str, str | None]]:
        """The mentions found so far, which include every mention starting before ``pos`` (in text order)."""
        if self._done:
            return self._mentions
        if self._scan is None:
            self._scan = _CAP_RUN.finditer(self.text)
            self._pending = next(self._scan, None)
        lead_skip, roles = _mention_lead_skip(), speaker_roles()
        while self._pending is not None and self._pending.start() < pos:
            # a mention starts inside its match, so a match starting at or after pos can wait
            mention = _mention(self.text, self._pending, lead_skip, roles)
            if mention is not None:
                if mention[1] not in self._names_seen:
                    self._names_seen.add(mention[1])
                    self._first_names.append((len(self._mentions), mention[1]))
                self._mentions.append(mention)
                self._starts.append(mention[0])
            self._pending = next(self._scan, None)
        if self._pending is None:
            self._done = True
        return self._mentions

    def add(self, phrase: _Phrase) -> None:
        if phrase.name and not phrase.is_org:
            self.speaker_at.add(phrase.start)
            known = self.lookup(phrase.name)
            if known is not None:
                known.positions.append(phrase.start)
                known.role = known.role or phrase.role
                known.organisation = known.organisation or phrase.organisation
                known.gender = known.gender or phrase.gender
                if len(phrase.name.split()) > len(known.name.split()):
                    known.name = phrase.name
                return
            self.people.append(_Person(phrase.name, phrase.start, phrase.role, phrase.organisation, phrase.gender,
                                       [phrase.start]))

    def lookup(self, name: str) -> _Person | None:
        """The person ``name`` refers to: the same name, or the same surname unless both carry first
        names that differ ("Pavel Varga" is not "Ines Varga", his aunt), or one name of theirs."""
        parts = name.split()
        for person in reversed(self.people):
            known = person.name.split()
            if person.name == name or (known[-1] == parts[-1] and (len(parts) == 1 or len(known) == 1 or
                                                                   _same_first_name(known[0], parts[0]))) \
                    or (len(parts) == 1 and parts[0] in known):
                return person
        return None

    def surname_mentions(self, names, before: int, single: bool = False) -> list[tuple[int, str, None]]:
        """(offset, full name, None) of each later use of the surname alone of a person named in full:
        news copy names a person in full once, then by surname ("Hallam conceded defeat. “…,” he said")."""
        out = []
        text = self.text
        for name in names:
            parts = name.split()
            surname = parts[-1]
            if len(parts) < 2 and (not single or len(surname) < 3 or surname.lower() in _STOP_CAPS):
                continue
            hits = self._surname_hits.get(surname)
            if hits is None:
                hits = []
                i = text.find(surname)
                while i >= 0:
                    j = i + len(surname)
                    if (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "’'-")) and \
                            (j >= len(text) or not (text[j].isalnum() or text[j] == "-")) and \
                            not _inside_name(text, i):
                        hits.append(i)
                    i = text.find(surname, j)
                self._surname_hits[surname] = hits
            out.extend((at, name, None) for at in hits[:bisect_left(hits, before)])  # hits ascend
        return out

    def pronoun(self, gender: str | None, before: int) -> _Person | None:
        """Most recent person named before ``before`` (outside direct quotes) whose gender is compatible."""
        # The candidates, as (offset, name, gender): the scanned name mentions before ``before``, the
        # positions of the people met so far, and the later surname-only uses of both; none inside a direct
        # quote; sorted by offset (stable). The scan's part comes from per-text lists grown with the scan
        # (starts, first use of each name, inside-a-quote flags), not rebuilt for every pronoun.
        mentions = self.mentions_before(before)
        k = bisect_left(self._starts, before)  # == the mentions starting before ``before`` (they are in order)
        quoted = self.quoted
        if quoted:
            flags = self._in_quote
            if self._in_quote_of is not quoted:
                flags.clear()
                self._in_quote_of = quoted
            for start, _, _ in mentions[len(flags):k]:
                flags.append(_inside(quoted, start))
            candidates = [c for c, inq in zip(mentions[:k], flags) if not inq]
        else:
            candidates = mentions[:k]
        firsts = self._first_names
        names = {name for _, name in firsts[:bisect_left(firsts, (k,))]}  # == the names of mentions[:k]
        people = []
        for person in self.people:
            for at in person.positions:
                if at < before:
                    people.append((at, person.name, None))
        names.update(c[1] for c in people)
        rest = people + self.surname_mentions(names, before)
        # a person named by one name with a role in apposition ("Amal, a 29-year-old pharmacist, said")
        rest.extend(self.surname_mentions({p.name for p in self.people if p.role and " " not in p.name}, before,
                                          single=True))
        if quoted:
            rest = [c for c in rest if not _inside(quoted, c[0])]
        candidates = candidates + rest if rest else list(candidates)
        candidates.sort(key=_first_item)
        speakers = [c for c in candidates if c[0] in self.speaker_at]
        for start, name, sex in reversed(candidates):
            if start not in self.speaker_at and speakers:
                # a name inside a speaker's own clause ("Sigrid Nwosu-Falk, a lawyer with Open Borders Corvenia,
                # said …"): the subject of the attribution verb is the preferred antecedent
                k = bisect_left(speakers, (start,)) - 1
                if k >= 0 and speakers[k][1] != name and start - speakers[k][0] < 250 \
                        and not _RE_SENT_BREAK.search(self.text, speakers[k][0], start):
                    subject = self.lookup(speakers[k][1])
                    if subject is not None and (gender not in ("m", "f") or subject.gender in (None, gender)):
                        start, name, sex = speakers[k][0], speakers[k][1], None
            person = self.lookup(name)
            if person is None:
                person = _Person(name, start, gender=sex, positions=[start])
                self.people.append(person)
            elif sex and not person.gender:
                person.gender = sex
            if gender in ("m", "f") and person.gender not in (None, gender):
                continue
            if gender in ("m", "f") and person.gender is None:
                person.gender = gender
            return person
        return None

    def role(self, role: str, before: int, organisation: str | None = None) -> _Person | None:
        """The person introduced last with a role of the same class; with an ``organisation`` ("the Civic
        Alliance boss"), one introduced with that organisation first."""
        classes = speaker_roles()
        wanted = {classes.get(w.lower()) for w in role.split()} - {None}
        if not wanted:
            return None
        found = []
        for person in reversed(self.people):
            if person.role and any(at < before for at in person.positions):
                have = {classes.get(w.lower()) for w in person.role.split()} - {None}
                if wanted & have:
                    found.append(person)
        if organisation and len(found) > 1:
            words = {w.lower() for w in _RE_NAME_WORDS.findall(organisation)} - _STOP_CAPS
            for person in found:
                if person.organisation and words & {w.lower() for w in _RE_NAME_WORDS.findall(person.organisation)}:
                    return person
        return found[0] if found else None


_CAP_RUN = re.compile(r"(?=[A-Z])(?<![\w’'-])((?:Mr|Mrs|Ms|Dr|Gen|Prof)\.?\s+)?([A-Z][\w’'-]+(?:\s+(?:[A-Z][\w’'-]+|(?:de|van|von|al|bin|da|del|la|le)(?=\s+[A-Z]))){1,3})")


_WORD_AT_END = re.compile(r"(\w+)\s*$")
_MENTION_BLOCKERS = frozenset({"the", "of", "for", "at", "in", "from", "on", "near", "across", "into", "to", "by",
                               "off", "outside", "along", "towards", "toward", "past", "beyond", "via", "through",
                               "around", "inside", "within", "behind"})  # a place follows these, not a person


_APPOSITION_AFTER = re.compile(r",\s+(?:\d{1,3}\s*[,.]|(?:a|an|the|his|her|their|its)\s+([^,.;:“”\"()]{1,60}))")


def _person_apposition(text: str, end: int, roles) -> bool:
    """Is the name ending at ``end`` followed by an age or a description of a person ("…, 44,",
    "…, the district's head of transport")? Then it names a person even after a preposition
    ("made by Anselm Kray, the district's head of transport"), where a name is usually a place."""
    m = _APPOSITION_AFTER.match(text, end)
    if m is None:
        return False
    if m.group(1) is None:
        return True
    return any(word in roles for word in m.group(1).lower().split())


@lru_cache(maxsize=1)
def _mention_lead_skip() -> frozenset:
    return frozenset(_STOP_CAPS | speaker_roles().keys() | _MODIFIERS)


def _person_mentions(text: str) -> list[tuple[int, str, str | None]]:
    """Capitalised spans that look like personal names (2-4 tokens, no org/place heads)."""
    lead_skip, roles = _mention_lead_skip(), speaker_roles()
    out = []
    for m in _CAP_RUN.finditer(text):
        mention = _mention(text, m, lead_skip, roles)
        if mention is not None:
            out.append(mention)
    return out


def _mention(text: str, m: re.Match, lead_skip, roles) -> tuple[int, str, str | None] | None:
    """The person mention of one :data:`_CAP_RUN` match (start, name, gender from a title), or None."""
    words = m.group(2).split()
    titled = False
    while words and words[0].lower() in lead_skip:
        titled = titled or words[0].lower() in roles
        words = words[1:]
    for k in range(len(words) - 2, -1, -1):
        if words[k].endswith(("’s", "'s")):  # "Civic Alliance's Nadia Perrault-Sen": the name after the possessor
            words, titled = words[k + 1:], True  # (a possessor before it: no preposition governs the name)
            break
    honorific = None
    while len(words) > 2 and words[0].lower() in _TITLES:
        # "Sir Alan Petrie", "Dame Ruth Calloway": the honorific is not part of the name (as in a speaker phrase)
        honorific = honorific or words[0].lower()
        words, titled = words[1:], True
    if len(words) < 2 and not m.group(1):
        return None
    if not m.group(1) and not titled:  # a title before the name ("by Finance Minister X") marks a person
        before = _WORD_AT_END.search(text, max(0, m.start() - 12), m.start())
        if before and before.group(1).lower() in _MENTION_BLOCKERS and not _person_apposition(text, m.end(), roles):
            return None
    if not words:
        return None
    if all(w.isupper() for w in words):
        return None  # an all-capitals run is a dateline or a shouted headline ("PINE HOLLOW, Colo. (AP) —"), not a name
    if any(b in _ORG_HEADS or b in _STOP_CAPS or b in roles for b in (_bare(w).lower() for w in words)):
        return None
    name = " ".join(words)
    name = _bare(name) if name.endswith(("’s", "'s")) else name
    title = (m.group(1) or "").strip().rstrip(".").lower() or honorific
    return (m.start(2) + m.group(2).find(words[0]), name, _TITLE_GENDER.get(title))


def _resolve(phrase: _Phrase, ctx: _Context, pos: int, verb=None) -> tuple[str | None, str | None, str | None]:
    """(speaker, role, organisation) for a parsed phrase, resolving pronouns and role references (a role
    reference with no antecedent may take a person named later: :func:`_later_referent`)."""
    if phrase.pronoun:
        if phrase.pronoun == "it":
            org = _last_organisation(ctx.text, pos)
            return (org, None, org) if org else (None, None, None)
        if phrase.pronoun in ("we", "i"):
            return None, None, None
        person = ctx.pronoun(phrase.gender, pos)
        if person is None:
            return None, None, None
        return person.name, person.role, person.organisation
    if phrase.name and not phrase.is_org:
        person = ctx.lookup(phrase.name)
        if person is not None and len(phrase.name.split()) < len(person.name.split()):
            return person.name, phrase.role or person.role, phrase.organisation or person.organisation
        return phrase.name, phrase.role, phrase.organisation
    if phrase.role and not phrase.anonymous:
        person = ctx.role(phrase.role, pos, phrase.organisation)
        if person is not None:
            return person.name, phrase.role, phrase.organisation or person.organisation
        if _RE_DEF_BEFORE.search(ctx.text[max(0, phrase.start - 8):phrase.start]):
            # a definite role reference nobody was introduced with ("the 51-year-old", "its chair"):
            # the person named most recently
            person = ctx.pronoun(None, pos)
            if person is not None and (" " in person.name or person.role or person.gender):
                # (a lone capitalised word with no role or gender is as likely a place speaking for its
                # government — "Beijing has warned …, after the island's leader confirmed" — as a person)
                return person.name, phrase.role, phrase.organisation or person.organisation
        person = _later_referent(phrase, ctx, verb)
        if person is not None:
            return person.name, phrase.role, phrase.organisation or person.organisation
        return None, phrase.role, phrase.organisation
    if phrase.anonymous:
        if phrase.group:
            # a vague group ("analysts", "the four dissenting judges"): the phrase is the speaker string
            # (the quote stays ``anonymous``: no individual can be identified)
            return phrase.text, phrase.role, phrase.organisation
        if phrase.role:
            # "A retired High Court judge has warned …" in the lede, named in the next paragraph
            person = _later_referent(phrase, ctx, verb, indefinite=True)
            if person is not None:
                return person.name, phrase.role, phrase.organisation or person.organisation
        return None, phrase.role, phrase.organisation
    return phrase.text, None, phrase.organisation


# --------------------------------------------------------------------------- cataphora
# A role description that opens a story and is named only later ("Beijing has warned …, after the island's
# leader confirmed that …" … "Tsai Ing-wen became the first president of Taiwan in many years to confirm …";
# "A retired High Court judge has warned …" / "Sir Alan Petrie, who sat on the bench for 20 years, said …").

# a generic head noun can stand for a more specific title introduced later ("the island's leader" ->
# "the first president of Taiwan"); the reverse does not hold (a "leader" is not always a president)
_GENERIC_ROLE_CLASSES = {"leader": frozenset(("leader", "president", "premier", "prime-minister", "chancellor", "head")),
                         "head": frozenset(("head", "leader", "president", "premier", "prime-minister", "chancellor")),
                         "chief-executive": frozenset(("chief-executive", "leader"))}
_GENERIC_INTRO = frozenset(("head",))  # "the first head of state of Altmark": no title of its own
# verbs every speaker uses: sharing one says nothing about who a description stands for
_COMMON_ACTS = frozenset(("say", "tell", "add", "state", "according to", "write", "speak", "comment", "call"))
# institutional voices news copy routinely leaves unnamed ("a police spokesman said"): never identified by position
_UNNAMED_VOICES = frozenset(("spokesperson", "official", "source", "aide", "insider", "officer", "diplomat"))
_RE_INDEF_BEFORE = re.compile(r"(?<![\w’'-])(?:[Aa]n?|[Oo]ne)\s+(?:[a-z][\w-]*\s+){0,2}$")
_COPULA_INTRO = frozenset(("became", "becomes", "become", "is", "was", "has", "had", "been", "remains", "remained",
                           "who", "the", "a", "an", "as", "named", "appointed", "elected"))


@lru_cache(maxsize=1)
def _forms_by_lemma() -> dict[str, frozenset]:
    out: dict[str, set] = {}
    for form, (lemma, _) in attribution_verbs().items():
        out.setdefault(lemma, set()).add(form)
    return {k: frozenset(v) for k, v in out.items()}


def _head_role_class(role: str | None) -> str | None:
    """Co-reference class of the head (last role word) of a role description ("chief executive" ->
    chief-executive, "retired High Court judge" -> judge)."""
    if not role:
        return None
    classes = speaker_roles()
    for word in reversed(role.split()):
        cls = classes.get(_bare(word).lower())
        if cls is not None:
            return cls
    return None


def _intro_classes(text: str, start: int, end: int, s_hi: int) -> set:
    """Role classes of the words introducing the name at ``text[start:end]``: a title right before it
    ("President Ilse Varga"), an appositive after it (", the island's president,") or a predicate
    ("… became the first president of Taiwan")."""
    classes = speaker_roles()
    found = set()
    before = _tokens(text, max(0, start - 60), start)
    for tok in reversed(before):
        if not _is_wordlike(tok) or not (_is_role(tok) or tok.low in _MODIFIERS or tok.cap):
            break
        if tok.low in classes:
            found.add(classes[tok.low])
    after = _tokens(text, end, min(s_hi, end + 120))
    if after and (after[0].text == "," or after[0].low in _COPULA_INTRO):
        for tok in after[1:] if after[0].text == "," else after:
            if tok.text in ",;:()—–“”\"«»" or tok.text in ".!?":
                break
            if tok.low in classes:
                found.add(classes[tok.low])
    return found


def _later_referent(phrase: _Phrase, ctx: _Context, verb, indefinite: bool = False) -> _Person | None:
    """The person a role description with no antecedent stands for, named later in the article.

    A candidate is a person named (in full, outside quotes) after the description and not before it whose
    own introduction carries the same role class ("the island's leader" … "the first president of Taiwan")
    or who is introduced doing the same distinctive act ("confirmed" … "to confirm"). An unnamed individual
    in the lede ("A retired High Court judge has warned …") also takes the person who opens the next
    paragraph as the subject of a verb of saying when nothing in that person's introduction contradicts
    the role (delayed identification). Exactly one candidate, else None.
    """
    text = ctx.text
    wanted = _head_role_class(phrase.role)
    if wanted is None or wanted in _UNNAMED_VOICES:
        return None
    mentions = ctx.mentions
    quoted = ctx.quoted
    indefinite = indefinite or bool(_RE_INDEF_BEFORE.search(text, max(0, phrase.start - 40), phrase.start))
    lede = not any(m[0] < phrase.start and not _inside(quoted, m[0]) for m in mentions)
    if indefinite and not lede:
        return None  # not the lede: an unnamed individual later in a story is another person
    lemma = _lemma(verb[2]) if verb is not None else None
    forms = _forms_by_lemma().get(lemma, frozenset()) if lemma and lemma not in _COMMON_ACTS else frozenset()
    accepted = _GENERIC_ROLE_CLASSES.get(wanted, frozenset((wanted,)))
    before_names = {_strip_titles(m[1]) for m in mentions if m[0] < phrase.start}
    paragraphs = paragraph_spans(text) or [(0, len(text))]
    p_index = next((k for k, (a, b) in enumerate(paragraphs) if a <= phrase.start <= b), -1)
    seen, candidates, first_later = set(), {}, None
    for start, raw, _ in mentions:
        if start <= phrase.end or _inside(quoted, start):
            continue
        name = _strip_titles(raw)
        if len(name.split()) < 2 or name in seen or name in before_names or \
                any(name.split()[-1] == n.split()[-1] for n in before_names):
            continue
        seen.add(name)
        end = start + len(raw)
        k = next((k for k, (a, b) in enumerate(paragraphs) if a <= start <= b), -1)
        p_lo, p_hi = paragraphs[k] if k >= 0 else (0, len(text))
        s_lo, s_hi = _sentence_bounds(text, p_lo, p_hi, start, quoted)
        intro = _intro_classes(text, start, end, s_hi)
        if first_later is None:
            first_later = (name, start, end, k, s_lo, s_hi, intro)
        if intro & accepted:
            candidates[name] = start
            continue
        if forms and not intro - _GENERIC_INTRO:  # (someone introduced with another title is someone else)
            # the same act, right after the name with nobody else named between ("… to confirm that …")
            for v in _verbs_in(text, end, min(s_hi, end + 160)):
                if _inside(quoted, v[0]):
                    continue
                if _RE_SPACES.sub(" ", v[2]).lower() in forms and \
                        not any(end < m[0] < v[0] for m in mentions):
                    candidates[name] = start
                    break
    if len(candidates) == 1:
        name = next(iter(candidates))
        known = ctx.lookup(name)
        return _Person(name, candidates[name], known.role if known else None, known.organisation if known else None)
    if candidates or not lede or first_later is None:
        return None
    name, start, end, k, s_lo, s_hi, intro = first_later
    if k != p_index + 1 or (intro and not intro & accepted):
        return None
    if _anon_phrase_search(text, *_sentence_bounds(text, *paragraphs[p_index], phrase.start, quoted)):
        return None  # "a judge, who asked not to be named, said …": unnamed on purpose
    # the person opens the next paragraph (its first sentence) as the subject of a verb of saying
    if text[paragraphs[k][0]:s_lo].strip():
        return None
    for v in _verbs_in(text, end, s_hi):
        if _inside(quoted, v[0]):
            continue
        subject = _speaker_before(_strip_aux(_tokens(text, s_lo, v[0])), text)
        if subject is not None and subject.name and not subject.is_org and \
                subject.name.split()[-1] == name.split()[-1]:
            known = ctx.lookup(subject.name)
            return _Person(_strip_titles(subject.name), start, subject.role or (known.role if known else None),
                           subject.organisation or (known.organisation if known else None))
        break
    return None


def _strip_titles(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].rstrip(".").lower() in _TITLES:
        words = words[1:]
    return " ".join(words)


_ORG_MENTION = None


def _last_organisation(text: str, pos: int) -> str | None:
    """The organisation named last before ``pos`` (for "it said"): a capitalised name ending in an
    organisation noun, an acronym, or "the union" / "the company" style references."""
    global _ORG_MENTION
    if _ORG_MENTION is None:
        heads = "|".join(sorted(h for h in _ORG_HEADS if h not in {"city", "state", "island", "strait", "river",
                                                                    "province", "county", "region", "square",
                                                                    "street", "harbor", "harbour", "house"}))
        _ORG_MENTION = re.compile(
            rf"(?=[A-Zt])(?<![\w’'-])(?:(?:[A-Z][\w’'\-]*\s+){{0,5}}(?:{heads.title().replace('|', '|')})\b"
            rf"(?:\s+of(?:\s+[A-Z][\w’'\-]*)+)?|[A-Z]{{2,6}}\b|[Tt]he\s+(?:{heads})\b)")
    window = text[max(0, pos - 400):pos]
    found = None
    for m in _ORG_MENTION.finditer(window):
        found = m.group()
    if found is None:
        return None
    return _RE_THE_ANY.sub("", found)


def _group_before(text: str, lo: int, pos: int) -> str | None:
    """The nearest plural people noun before ``pos`` in the same sentence ("farmers", "residents"): what a
    "they" with no person to refer to stands for."""
    heads = anonymous_cues()[0]
    for tok in reversed(_tokens(text, max(lo, pos - 250), pos)):
        if not tok.cap and (_is_plural_role(tok) or tok.low in heads and tok.low.endswith("s")):
            return tok.text
    return None


def _attribute(q: Quote, phrase: _Phrase | None, verb, ctx: _Context, text: str, sentence: tuple[int, int]) -> None:
    if verb is not None:
        q.verb, q.verb_stance, q.verb_start, q.verb_end = verb[2], verb[3], verb[0], verb[1]
    if phrase is not None:
        speaker, role, org = _resolve(phrase, ctx, phrase.start, verb)
        q.speaker, q.speaker_role, q.organisation = speaker, role, org
        q.speaker_start, q.speaker_end = phrase.start, phrase.end
        # (an unnamed individual identified later in the article is no longer anonymous)
        q.anonymous = phrase.anonymous and not (speaker and not phrase.group and not phrase.name)
        if phrase.pronoun == "they" and speaker is None:
            group = _group_before(text, sentence[0], phrase.start)
            if group is not None:  # "Hundreds of farmers blocked …, an end to what they call « … »"
                q.speaker, q.speaker_role, q.anonymous = group, group, True
        if phrase.anonymous:
            q.cue_spans.append((phrase.start, phrase.end))
        ctx.add(phrase)
    m = _anon_phrase_search(text, sentence[0], sentence[1])
    if m and not (q.start <= m.start() < q.end):
        q.anonymous = True
        q.cue_spans.append(m.span())
        if q.speaker and phrase is not None and not phrase.name:
            q.speaker = None


def extract_quotes(text: str | None, *, title: str | None = None, scare_quotes: bool = False) -> list[Quote]:
    """Quotes in an article body (and its headline), with speaker, verb and stance.

    Parameters
    ----------
    text : str
        Article body, paragraphs separated by blank lines.
    title : str, optional
        Headline; its quotes get ``field="title"``.
    scare_quotes : bool
        Keep short quoted fragments (three words or fewer) that have no attribution verb
        in their sentence ("so-called “rioters”"); dropped by default.

    Returns
    -------
    list of Quote
        Title quotes first, then body quotes in text order.

    Examples
    --------
    >>> qs = extract_quotes("“We firmly oppose it,” Foreign Ministry spokesman Wang Wenbin said.")
    >>> q = qs[0]
    >>> q.text, q.speaker, q.speaker_role, q.organisation, q.verb, q.verb_stance
    ('We firmly oppose it,', 'Wang Wenbin', 'spokesman', 'Foreign Ministry', 'said', 'neutral')
    >>> [(q.kind, q.speaker, q.verb_stance) for q in extract_quotes("", title="Taipei admits presence of US troops")]
    [('indirect', 'Taipei', 'conceding')]
    """
    quotes = []
    if title:
        # short fragments are kept in a headline for now: one that repeats words quoted in the body is that
        # quote ("works council „deeply disappointed“"), the others are scare quotes (dropped below)
        quotes.extend(_extract(str(title), field="title", scare_quotes=True, headline=True))
    body = _extract(str(text), field="text", scare_quotes=scare_quotes, headline=False) if text else []
    if quotes and not scare_quotes:
        keys = {_quote_key(b.text) for b in body if b.kind != "indirect"}
        kept = []
        for q in quotes:
            if q.kind == "partial" and q.verb is None and len(q.text.split()) <= 3:
                if _quote_key(q.text) not in keys:
                    continue
                q.speaker = q.speaker_role = q.organisation = None
                q.anonymous = False
            kept.append(q)
        quotes = kept
    if quotes and body:
        _headline_speakers(quotes, body)
    quotes.extend(body)
    _name_described_places(quotes, f"{title or ''}\n{text or ''}")
    return quotes


def _name_described_places(quotes: list[Quote], text: str) -> None:
    """Replace an organisation that is only a place noun ("island", from "the island's leader") with
    the one place of that kind the text names (Taiwan), using the places labeling lists
    (``lexicons/places.tsv``); left as it is when the text names none or several.

    Examples
    --------
    >>> q = Quote(0, 16, "troops are there", kind="indirect", organisation="island")
    >>> _name_described_places([q], "Taipei said the troops in Taiwan stay."); q.organisation
    'Taiwan'
    """
    described = [q for q in quotes if q.organisation and q.organisation.islower() and " " not in q.organisation]
    if not described:
        return
    from framescope.framing.entities import _run_spans, place_of  # (entities imports this module)

    named = {}
    for start, end in _run_spans(text):
        words = text[start:end].split()
        for i in range(len(words)):  # the run and its tails: "Republic of China", "China"
            place = place_of(" ".join(words[i:]))
            if place is not None:
                named[place.name] = place
                break
    for q in described:
        fitting = [p for p in named.values() if q.organisation in p.nouns]
        if len(fitting) == 1:
            q.organisation = fitting[0].name


def _quote_key(value: str) -> str:
    return " ".join(_RE_NAME_WORDS.findall(value.lower()))


def _headline_speakers(title_quotes: list[Quote], body: list[Quote]) -> None:
    """A headline quote with no attribution of its own repeats words quoted in the body ("'I thought of my kids
    the whole time': crew member on …"): it takes the speaker of the body quote that contains it. A headline
    speaker given only by a role ("Retired judge warns …") takes the one person the body quotes with a role
    of that class."""
    for q in title_quotes:
        if q.speaker or q.anonymous or q.kind == "indirect":
            continue
        key = _quote_key(q.text)
        short = len(key.split()) < 3  # a short fragment must repeat a whole body quote ("concrete answers")
        for b in body:
            if b.kind == "indirect" or not (b.speaker or b.anonymous):
                continue
            if q.speaker_role and b.speaker_role and q.speaker_role.lower() not in b.speaker_role.lower():
                continue  # "minister promises « … »": a body quote by a minister
            if (key == _quote_key(b.text)) if short else (key in _quote_key(b.text)):
                q.speaker, q.speaker_role, q.organisation, q.anonymous = b.speaker, b.speaker_role, b.organisation, \
                    b.anonymous
                break
    for q in title_quotes:
        # "Retired judge warns of 'crisis'": a headline role is the one person the body gives that role
        wanted = None if q.speaker or q.anonymous else _head_role_class(q.speaker_role)
        if wanted is None:
            continue
        accepted = _GENERIC_ROLE_CLASSES.get(wanted, frozenset((wanted,)))
        named = {b.speaker: b for b in body if b.speaker and not b.anonymous and
                 _head_role_class(b.speaker_role) in accepted}
        if len(named) == 1:
            b = next(iter(named.values()))
            q.speaker, q.organisation = b.speaker, q.organisation or b.organisation


def _extract(text: str, *, field: str, scare_quotes: bool, headline: bool) -> list[Quote]:
    ctx = _Context(text)
    marks = _mark_spans(text)
    quoted = [(m[0], m[3]) for m in marks]
    ctx.quoted = quoted
    sites = _verb_sites(text, quoted)
    _prime_context(text, quoted, ctx, sites)
    paragraphs = paragraph_spans(text) or [(0, len(text))]

    para_starts = [a for a, _ in paragraphs]

    def para_of(i):
        k = bisect_right(para_starts, i) - 1
        if k >= 0 and paragraphs[k][0] <= i <= paragraphs[k][1]:
            return paragraphs[k]
        return 0, len(text)

    out: list[Quote] = []
    prev: Quote | None = None
    prev_para_end = -1
    for open_at, c_start, c_end, close_end, closed in marks:
        content = text[c_start:c_end]
        if not content.strip():
            continue
        a = c_start
        b = c_end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        folded = _RE_PARA_FOLD.sub(" ", text[a:b])
        q = Quote(a, b, folded, field=field)
        p_lo, p_hi = para_of(open_at)
        sentence = _sentence_bounds(text, p_lo, p_hi if closed else max(p_hi, close_end), open_at, quoted)
        s_lo, s_hi = sentence
        s_hi = max(s_hi, close_end) if close_end > s_hi else s_hi
        _, s_hi2 = _sentence_bounds(text, p_lo, para_of(close_end - 1)[1], max(close_end - 1, open_at), quoted)
        s_hi = max(s_hi, s_hi2)
        # left context: from sentence start (or previous quote end) to the opening mark
        k_mark = bisect_left(quoted, (open_at, close_end))
        left_lo = s_lo
        if k_mark > 0 and s_lo < quoted[k_mark - 1][1] <= open_at:
            left_lo = quoted[k_mark - 1][1]
        right_hi = s_hi
        if k_mark + 1 < len(quoted) and close_end <= quoted[k_mark + 1][0] < s_hi:
            right_hi = quoted[k_mark + 1][0]
        left = _tokens(text, left_lo, open_at)
        right = _tokens(text, close_end, right_hi)
        words_in = len(content.split())
        phrase, verb = None, None
        is_partial = _is_partial(text, open_at, close_end, left, right, content)
        lv = _verbs_in(text, left_lo, open_at)
        lead_verb = _outer_verb(text, lv) if lv else None
        order = ("lead", "tail") if (is_partial and lv) else ("tail", "lead")
        for how in order:
            if phrase is not None:
                break
            if how == "tail":
                if content.rstrip().endswith(".") and _RE_NEXT_CAP.match(text[close_end:right_hi]):
                    continue  # “… ready.” Next sentence: nothing after the close belongs to this quote
                found, found_verb = _tail_attribution(text, close_end, right_hi, right)
            elif lv:
                found, found_verb = _lead_attribution(text, left, lead_verb)
            else:
                continue
            if found is not None or verb is None:
                phrase, verb = found, found_verb or verb
        if phrase is None and verb is not None and prev is not None and prev.speaker and prev.verb_start is not None \
                and prev.end >= s_lo and verb[0] > prev.end \
                and [t.low for t in _strip_aux(_tokens(text, prev.end, verb[0])) if _is_wordlike(t)] in (["and"], ["but"]):
            # a second verb coordinated with the previous quote's: "Vorenko warned that “…” and accused Corvenia of “…”"
            q.speaker, q.speaker_role, q.organisation = prev.speaker, prev.speaker_role, prev.organisation
            q.anonymous = prev.anonymous
        if phrase is None:
            # colon/dash-led without a verb: the subject before the colon
            if left and left[-1].text in (":", "—", "–"):
                cand = _subject_of_sentence(left, text, left[-1].start)
                if cand is not None:
                    phrase = cand
        if phrase is not None and phrase.pronoun in ("he", "she"):
            # "A Nordline engineer, who declined to be identified, said …. “We caught it early,” he said.": the
            # pronoun takes up the unnamed source just before it, not the last person named
            site = _last_site_in(sites, p_lo, open_at)
            if site is not None:
                subject = site.before(text)
                head = subject.text.split()[-1].lower() if subject is not None and subject.text.split() else ""
                clash = (phrase.pronoun == "she" and head in _MALE_NOUNS) or (phrase.pronoun == "he" and
                                                                              head in _FEMALE_NOUNS)
                if subject is not None and not subject.name and not subject.pronoun and not subject.group and \
                        not clash and (subject.anonymous or _anon_phrase_search(text, site.s_lo, site.s_hi)):
                    phrase = _Phrase(subject.text, subject.start, subject.end, role=subject.role,
                                     organisation=subject.organisation, anonymous=True)
        if phrase is None and not is_partial and prev is not None and not lv and not text[left_lo:open_at].strip():
            # a reported sentence between the previous quote and this one: "O'Brien said he had no plans to
            # retire. “Sure what would I do?”" continues O'Brien, not the speaker of the quote before
            between = _reporting_sentence_between(text, sites, prev.end, open_at)
            if between is not None:
                phrase, verb = between
        if phrase is None and not (is_partial and words_in <= 3):
            # continuation: same speaker as the quote just before (same or previous paragraph)
            if prev is not None and (prev.speaker or prev.anonymous) and (prev_para_end >= p_lo - 4 or
                                                                           para_of(prev.start)[0] == p_lo):
                q.speaker, q.speaker_role, q.organisation = prev.speaker, prev.speaker_role, prev.organisation
                q.verb, q.verb_stance, q.anonymous = prev.verb, prev.verb_stance, prev.anonymous
            else:
                person = _previous_sentence_person(text, ctx, p_lo, s_lo)
                if person is not None:
                    q.speaker, q.speaker_role, q.organisation = person.name, person.role, person.organisation
        if phrase is not None or verb is not None:
            _attribute(q, phrase, verb, ctx, text, (s_lo, s_hi))
        if is_partial and words_in <= 3 and verb is None and not scare_quotes:
            continue
        q.kind = "partial" if is_partial else "direct"
        out.append(q)
        prev = q
        prev_para_end = para_of(close_end - 1)[1]
    used = {q.verb_start for q in out if q.verb_start is not None}
    out.extend(_indirect(text, quoted, ctx, field=field, headline=headline, used_verbs=used, direct=list(out),
                         sites=sites))
    out.sort(key=lambda x: x.start)
    _continue_speakers(text, out, paragraphs)
    for q in out:
        if q.verb is None and q.verb_stance is None:
            q.verb_stance = "neutral"  # no attribution verb: nothing colours the quote
    _expand_organisations(text, out)
    return out


_AUX = {"has", "have", "had", "is", "was", "were", "are", "would", "will", "did", "does", "do", "also", "again",
        "later", "previously", "repeatedly", "reportedly", "publicly", "earlier", "once", "then", "has also",
        "had", "often", "recently", "already", "privately", "separately", "simply", "just", "even", "further",
        "firmly", "flatly", "angrily", "bluntly", "quietly", "openly", "clearly", "himself", "herself", "themselves",
        "itself"}


_TIME_WORDS = {"night", "last", "yesterday", "today", "tonight", "morning", "evening", "afternoon", "on", "week",
               "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _strip_aux(toks: list[_Tok]) -> list[_Tok]:
    while toks and (toks[-1].low in _AUX or (toks[-1].low in _TIME_WORDS and len(toks) > 1 and
                                             (toks[-2].low in _TIME_WORDS or toks[-2].cap or _is_role(toks[-2])
                                              or toks[-2].low in _AUX))):
        toks = toks[:-1]
    return toks


def _tail_attribution(text, close_end, right_hi, right):
    """“…,” Wang said / “…,” said Wang / “…,” the spokesman added."""
    rv = _verbs_in(text, close_end, right_hi)
    if not rv:
        return None, None
    v = rv[0]
    before = _strip_aux([t for t in right if t.end <= v[0]])
    after = [t for t in right if t.start >= v[1]]
    while before and before[0].text in ",—–":
        before = before[1:]
    cand = _speaker_before(before, text) if before else None
    if cand is not None and not _RE_GAP_WORDS.fullmatch(text[close_end:cand.start]) \
            and not (cand.name and _RE_GAP_DESCRIPTION.fullmatch(text[close_end:cand.start])):
        # words between the quote and the speaker: not this quote's attribution (unless they describe the
        # name in apposition: "…,” Veltner's head of production, Markus Hein, said")
        cand = None
    if cand is None and not before:
        cand = _speaker_after(after, text)
    if cand is not None and cand.pronoun is None and cand.name is None and cand.role is None and not cand.is_org:
        cand = None
    if cand is None:
        adjacent = _RE_GAP_PUNCT.fullmatch(text[close_end:v[0]])
        return (None, v) if adjacent else (None, None)
    return cand, v


_COORDINATORS = frozenset(("and", "but", "or", "then", "nor"))


def _outer_verb(text: str, verbs: list) -> tuple:
    """The verb a quote after ``verbs`` (in text order) is attributed with: the last one, unless it is not a
    verb of saying and sits in the complement clause of an earlier verb of saying ("Kest insisted that
    officers had shown “great restraint”", "Voss said the organisers had condemned the violence “…”"):
    then the speaker of the outer verb is the source. A coordinated verb ("… and warned") stays."""
    v = verbs[-1]
    if len(verbs) < 2 or _lemma(v[2]) in _SAY_TYPE:
        return v
    core = _strip_aux(_tokens(text, verbs[-2][1], v[0]))
    if core and core[-1].low in _COORDINATORS:
        return v
    for u in reversed(verbs[:-1]):
        if _RE_CLAUSE_BREAK.search(text, u[1], v[0]):
            break
        if _lemma(u[2]) in _SAY_TYPE:
            return u
    return v


def _lead_attribution(text, left, v):
    """Wang said: “…” / Wang warned that “…” / he warned …, noting that “…” / according to X, “…”."""
    before = _strip_aux([t for t in left if t.end <= v[0]])
    after = [t for t in left if t.start >= v[1]]
    if v[2].lower() == "according to":
        cand = _speaker_after(after, text)
    elif before and before[-1].text == "," and v[2].lower().endswith("ing"):
        cand = _subject_of_sentence(left, text, v[0])
    else:
        cand = _speaker_before(before, text) if before else None
        if cand is None:
            cand = _subject_of_sentence(left, text, v[0])
    return cand, v


class _Site:
    """An attribution verb outside quotes with its sentence and the tokens before it (shared by the passes)."""

    __slots__ = ("verb", "low", "p_lo", "p_hi", "s_lo", "s_hi", "left", "core", "_before")

    def __init__(self, verb, p_lo, p_hi, s_lo, s_hi, left):
        self.verb = verb
        self.low = _RE_SPACES.sub(" ", verb[2]).lower()
        self.p_lo, self.p_hi, self.s_lo, self.s_hi = p_lo, p_hi, s_lo, s_hi
        self.left = left  # tokens from the sentence start to the verb
        self.core = _strip_aux(left)  # the same without auxiliaries/adverbs right before the verb
        self._before = _UNSET

    def before(self, text: str) -> _Phrase | None:
        """``_speaker_before(self.core, text)``, parsed once."""
        if self._before is _UNSET:
            self._before = _speaker_before(self.core, text)
        return self._before


_UNSET = object()


def _verb_sites(text: str, quoted) -> list[_Site]:
    """Every attribution verb outside the direct quotes, paragraph by paragraph."""
    sites = []
    for p_lo, p_hi in paragraph_spans(text):
        for verb in _verbs_in(text, p_lo, p_hi):
            v_start = verb[0]
            if _inside(quoted, v_start):
                continue
            s_lo, s_hi = _sentence_bounds(text, p_lo, p_hi, v_start, quoted)
            sites.append(_Site(verb, p_lo, p_hi, s_lo, s_hi, _tokens(text, s_lo, v_start)))
    return sites


def _prime_context(text: str, quoted, ctx: _Context, sites: list[_Site] | None = None) -> None:
    """Register every named speaker phrase (name with role/organisation) before attributing quotes."""
    for site in (_verb_sites(text, quoted) if sites is None else sites):
        if site.core:
            phrase = site.before(text)
            if phrase is not None and phrase.name and (phrase.role or phrase.organisation):
                ctx.add(phrase)


_CONTINUED_BY = frozenset(("say", "tell", "add", "warn", "insist", "claim", "note", "argue", "explain", "stress",
                           "admit", "concede", "acknowledge", "deny", "vow", "promise", "predict", "complain",
                           "point out", "state", "believe", "think", "recall", "reply", "respond"))


_MALE_NOUNS = frozenset(("man", "boy", "father", "husband", "son", "brother", "widower", "grandfather", "spokesman",
                         "chairman", "businessman", "policeman", "fisherman"))
_FEMALE_NOUNS = frozenset(("woman", "girl", "mother", "wife", "daughter", "sister", "widow", "grandmother",
                           "spokeswoman", "chairwoman", "businesswoman", "policewoman"))


def _sites_before(sites: list[_Site], hi: int) -> list[_Site]:
    """The sites whose verb starts before offset ``hi``, last first (``sites`` is in text order)."""
    k = bisect_left(sites, hi, key=_site_start)
    return sites[k - 1::-1] if k else []


def _site_start(site: _Site) -> int:
    return site.verb[0]


def _last_site_in(sites: list[_Site], lo: int, hi: int) -> _Site | None:
    """The last verb-of-saying site whose sentence lies wholly between offsets ``lo`` and ``hi``."""
    for site in _sites_before(sites, hi):
        if site.verb[0] < lo:
            return None
        if site.s_lo >= lo and site.s_hi <= hi and _lemma(site.verb[2]) in _CONTINUED_BY:
            return site
    return None


def _reporting_sentence_between(text: str, sites: list[_Site], lo: int, hi: int):
    """(subject phrase, verb) of the last whole sentence with a verb of saying between offsets ``lo`` and ``hi``
    (outside quotes), when its subject names someone; else None."""
    for site in _sites_before(sites, hi):
        if site.verb[0] < lo:
            break
        if site.s_lo < lo or site.s_hi > hi or _lemma(site.verb[2]) not in _CONTINUED_BY:
            continue
        if not text[site.verb[1]:site.s_hi].strip(" .,"):
            continue  # a tail attribution of the quote before ("…,” she said.")
        phrase = site.before(text)
        if phrase is not None and (phrase.name or phrase.role or phrase.pronoun or phrase.anonymous
                                   or phrase.is_org):
            return phrase, site.verb
        return None
    return None


def _continue_speakers(text: str, quotes: list[Quote], paragraphs) -> None:
    """A quote with no attribution of its own continues the speaker of the quote just before it."""
    def para_index(i):
        for k, (a, b) in enumerate(paragraphs):
            if a <= i <= b:
                return k
        return -1

    for k, q in enumerate(quotes):
        if q.speaker or q.anonymous or q.verb is not None or k == 0:
            continue
        prev = quotes[k - 1]
        if (prev.speaker or prev.anonymous) and para_index(q.start) - para_index(prev.end) <= 1:
            q.speaker, q.speaker_role, q.organisation = prev.speaker, prev.speaker_role, prev.organisation
            q.anonymous = prev.anonymous
            if prev.kind != "indirect":
                q.verb, q.verb_stance = prev.verb, prev.verb_stance


# "the union" can be a "… Workers' Federation", "the company" a "… Corporation": the org heads each covers
_ORG_SYNONYMS = {"union": ("union", "federation", "confederation", "guild"),
                 "company": ("company", "corporation", "corp", "inc", "group"),
                 "party": ("party", "alliance", "front", "movement"),
                 "ministry": ("ministry", "department"), "department": ("department", "ministry")}


_COMPANY_NOUNS = frozenset(("company", "firm", "carmaker", "automaker", "airline", "carrier", "retailer", "lender",
                            "insurer", "manufacturer", "maker", "operator", "developer", "chain", "group", "giant",
                            "producer", "supplier", "start-up", "startup", "conglomerate", "brewer", "miner",
                            "publisher", "broadcaster", "bank", "utility", "shipper", "chipmaker", "drugmaker"))
_RE_COMPANY_INTRO = re.compile(
    r"\b(?:" + "|".join(sorted(_COMPANY_NOUNS, key=len, reverse=True)) +
    r")\s+((?:[A-Z][\w&’'-]*|[A-Z]{2,})(?:\s+(?:[A-Z][\w&’'-]*))*)")
_COMPANY_WORDS = ("Energy", "Airlines", "Airways", "Air", "Motors", "Foods", "Pharma", "Pharmaceuticals", "Holdings",
                  "Systems", "Technologies", "Industries", "Petroleum", "Oil", "Gas", "Power", "Steel", "Mining",
                  "Shipping", "Logistics", "Media", "Telecom", "Telecoms", "Capital", "Partners", "Labs", "Software",
                  "Electric", "Chemicals", "Construction", "Insurance", "Retail", "Brands", "Resources", "Ventures",
                  "Solutions", "Networks", "Rail", "Motor", "Bank", "Group", "Ltd", "plc", "AG", "SA", "GmbH")
_RE_COMPANY_NAME = re.compile(r"(?<![\w’'-])((?:[A-Z][\w&’'-]*\s+){1,3}(?:" + "|".join(_COMPANY_WORDS) + r"))\b(?![’'-])")
_RE_HEAD_FIRST = re.compile(r"^(?:[A-Z][\w’'-]*\s+){0,2}?(Ministry|Department|Office|Bureau|Agency|Commission|"
                            r"Council|Federation|Union|Association|Institute|Bank|Court|Board|Committee|Authority|"
                            r"Confederation|Society|League)\s+(?:of|for)\s")
_RE_NAMED_LOWER_HEAD = re.compile(r"(?<=\b[Tt]he\s)((?:[A-Z][\w&’'-]*\s+){0,2}[A-Z][\w&’'-]*)\s+(union|party)\b")
_ACRONYM = re.compile(r"(?=[A-Zt])(?<![\w’'-])((?:the\s+)?(?:[A-Z][\w’'-]+\s+)(?:(?:of|for|and|the)\s+|[A-Z][\w’'-]+\s+){0,6})\(([A-Z]{2,6})\)")


def _expand_organisations(text: str, quotes: list[Quote]) -> None:
    """Acronyms defined in the text ("Harbor Dockworkers' Union (HDU)") and "the union" -> the full name."""
    acronyms = {}
    if not quotes:
        return
    for m in (_ACRONYM.finditer(text) if "(" in text else ()):  # an acronym is defined in brackets
        name = _RE_THE_LOWER.sub("", m.group(1).strip())
        acronyms[m.group(2)] = (m.start(), name)
    orgs = []  # (start, full name) of organisation-looking capitalised spans
    if not any((q.speaker and (q.speaker in acronyms or q.speaker.lower() in _ORG_HEADS
                               or q.speaker.lower() in _COMPANY_NOUNS)) or
               (q.organisation and (q.organisation in acronyms or q.organisation.lower() in _ORG_HEADS))
               for q in quotes):
        return
    for m in _RE_ORG_SPAN.finditer(text):
        head = _bare(m.group(1)).lower()
        name = _RE_THE_CAP.sub("", _RE_POSS_END.sub("", m.group(0)))
        if head not in _ORG_HEADS:
            # a head noun first: "the Ministry of Justice", "the Department for Business and Trade"
            first = _RE_HEAD_FIRST.search(name)
            head = first.group(1).lower() if first is not None else None
        if head in _ORG_HEADS:
            orgs.append((m.start(), name, head))
    if "union" in text or "party" in text:
        # a name before a lower-case head: "the GMB union", "the Unite union", "the Green party"
        orgs.extend((m.start(1), m.group(1), m.group(2)) for m in _RE_NAMED_LOWER_HEAD.finditer(text))
        orgs.sort()
    companies = None

    def company_names():
        nonlocal companies
        if companies is None:
            # a company introduced by what it is: "The carmaker Veltner", "budget carrier SkyBridge"
            companies = [(m.start(1), _RE_POSS_END.sub("", m.group(1))) for m in _RE_COMPANY_INTRO.finditer(text)]
            # … or named with a business word: "Nordline Energy", "Brekke Airlines", "Osland Steel"
            companies += [(m.start(), m.group(1)) for m in _RE_COMPANY_NAME.finditer(text)]
            companies.sort()
        return companies

    for q in quotes:
        for attr in ("speaker", "organisation"):
            value = getattr(q, attr)
            if not value:
                continue
            if value in acronyms:
                setattr(q, attr, acronyms[value][1])
                continue
            low = value.lower()
            if low in _ORG_HEADS:
                pos = q.speaker_start if q.speaker_start is not None else q.start
                heads = _ORG_SYNONYMS.get(low, (low,))
                match = [name for start, name, head in orgs if start < pos and head in heads]
                if low == "company":
                    match = sorted([(start, name) for start, name, head in orgs if start < pos and head in heads] +
                                   [(start, name) for start, name in company_names() if start < pos])
                    match = [name for _, name in match]
                if match:
                    setattr(q, attr, match[-1])
            elif low in _COMPANY_NOUNS:
                pos = q.speaker_start if q.speaker_start is not None else q.start
                match = [name for start, name in company_names() if start < pos]
                if match:
                    setattr(q, attr, match[-1])


def _is_partial(text, open_at, close_end, left, right, content) -> bool:
    """A fragment quoted inside the reporter's sentence rather than a full quoted utterance."""
    lead = [t for t in left if _is_wordlike(t)]
    stripped = content.strip()
    starts_upper = bool(stripped) and (stripped[0].isupper() or not stripped[0].isalpha())
    if not lead:
        return False  # the quote opens its sentence
    if left and left[-1].text in (":",):
        return False
    if left and left[-1].text == "," and starts_upper:
        return False  # Wang said, “We …”
    if left and left[-1].text in ("—", "–") and starts_upper:
        return False
    return True


_RE_DATELINE = re.compile(r"[A-Z][A-Z’'.\- ]+(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?\s*(?:\([^)\n]{1,40}\))?\s*[-—–]+\s+")


def _subject_of_sentence(left: list[_Tok], text: str, verb_start: int) -> _Phrase | None:
    """The subject at the start of the sentence ("He also warned …, noting that …")."""
    toks = [t for t in left if t.end <= verb_start]
    m = _RE_DATELINE.match(text, toks[0].start) if toks and toks[0].text.isupper() else None
    if m:  # a wire dateline: "FRANKFURT, June 6 (Meridian Wire) - The Central Bank … signalled that …"
        toks = [t for t in toks if t.start >= m.end()]
    if len(toks) > 3 and toks[0].text.isdigit() and toks[1].text in (":", ".") and toks[2].text.isdigit():
        # a live-blog time stamp: "22:12 Social Democrat leader Anna Brink has spoken to supporters: “…”"
        toks = toks[3:]
        if toks and toks[0].low in ("am", "pm", "gmt", "bst", "cet", "cest", "et", "pt", "utc", "local"):
            toks = toks[1:]
    # skip a leading adverbial up to the first comma when present ("On Thursday, Wang …")
    words = []
    for t in toks:
        if not _is_wordlike(t):
            if words:
                break
            continue
        words.append(t)
    if not words:
        return None
    if words[0].low in _PRONOUNS:
        return _analyse_phrase(words[:1], text)
    if words[0].low in ("his", "her"):
        return _Phrase(words[0].text, words[0].start, words[0].end, pronoun="he" if words[0].low == "his" else "she",
                       gender="m" if words[0].low == "his" else "f")
    run = []
    for t in words:
        if (t.cap and t.low not in _STOP_CAPS) or _is_role(t) or t.low in _MODIFIERS or t.low in _TITLES \
                or t.low in _DETERMINERS and not run or t.low in _PARTICLES:
            run.append(t)
        else:
            break
    if not run or all(t.low in _DETERMINERS for t in run):
        return None
    return _analyse_phrase(run, text)


def _previous_sentence_person(text: str, ctx: _Context, p_lo: int, s_lo: int) -> _Person | None:
    lo = max(0, s_lo - 400)
    best = None
    found = [m for m in ctx.mentions_before(s_lo) if m[0] < s_lo]
    found += ctx.surname_mentions({m[1] for m in found} | {p.name for p in ctx.people}, s_lo)
    for start, name, _ in sorted(found):
        if lo <= start < s_lo and not _inside(ctx.quoted, start):
            best = (start, name)
    if best is None:
        return None
    return ctx.lookup(best[1]) or _Person(best[1], best[0])


_SAY_TYPE = {"say", "state", "add", "claim", "insist", "note", "argue", "believe", "explain", "stress",
             "emphasise", "admit", "acknowledge", "concede", "contend", "maintain", "assert", "allege",
             "suggest", "point out", "make clear", "reply", "respond", "write", "comment", "remark", "recall",
             "observe", "underline", "moan", "whine", "rant", "complain", "grumble", "fume",
             "reassure", "hint", "testify"}
_NOT_CLAUSE = {"in", "on", "at", "during", "after", "before", "with", "without", "for", "to", "from", "by", "of",
               "so", "nothing", "yes", "no", "little", "much", "more", "goodbye", "sorry", "thanks", "hello",
               "as", "earlier", "later", "afterwards", "publicly", "privately", "repeatedly", "again",
               "simply", "only", "via", "through", "instead", "otherwise", "too", "also", "separately", "and", "or",
               "but", "when", "while", "if", "because", "since", "until", "last", "this", "next", "yesterday",
               "today", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should", "must",
           "may", "might", "shall", "did", "does", "do", "isn't", "wasn't", "won't", "wouldn't", "can't", "couldn't"}
_SKIP_TO_THAT = re.compile(r"^(?:\s*,?\s+(?:on|in|at|to|during|after|before|late|early|last|this|earlier|later|a|an|"
                           r"the|his|her|their|its|[A-Z][\w’'-]*|\w+day|reporters|journalists|lawmakers|parliament|"
                           r"statement|interview|briefing|conference|news|press|television|radio|broadcast|"
                           r"speech|post|social|media|message|letter|night|morning|evening|week|month|year|"
                           r"also|again|repeatedly|publicly|privately|\d+)\b){0,8}\s*,?\s+that\b")
_TAIL_END = re.compile(r"^(?:\s+(?:on|in|at|late|early|last|this|earlier|later|a|an|the|his|her|their|its|"
                       r"[A-Z][\w’'-]*|\w+day|statement|interview|briefing|conference|news|press|night|morning|"
                       r"evening|week|\d+|emailed|written|joint|separate|brief|short|televised|online|radio|"
                       r"television|post|message|letter|release|filing|note|email))*"
                       # "…, the company said in an emailed statement, adding that …": a participle clause of its own
                       r"(?:\s*,\s*(?:adding|saying|noting|stressing|citing|warning|insisting|blaming|"
                       r"sending|pointing|describing|calling|promising|urging)\b[^.!?]*)?\s*[.!?]*\s*$")


_QUOTE_ONLY_VERBS = frozenset(("called", "calls", "call"))  # X called it “…”: never an indirect clause


# "CLAUSE, X said on Tuesday, as ships waited" / "…, X announced on Monday, stressing that …": the report
# ends in a subordinate or participle clause of the reporter's after the attribution
_TAIL_SUBORDINATE = re.compile(r"^(?:\s+(?:on|in|at|late|early|last|this|earlier|later|\w+day|night|morning|"
                               r"afternoon|evening|week))*\s*,\s+(?:as|while|after|before|when|amid|following|"
                               r"adding|saying|stressing|noting|citing|warning|describing)\b")


def _lemma(surface: str) -> str:
    return attribution_verbs().get(_RE_SPACES.sub(" ", surface).lower(), (surface.lower(), ""))[0]


def _indirect(text: str, quoted: list[tuple[int, int]], ctx: _Context, *, field: str, headline: bool,
              used_verbs: set = frozenset(), direct: list | None = None,
              sites: list[_Site] | None = None) -> list[Quote]:
    """Indirect speech: "X said (that) …", "…, X said.", "according to X, …", headline "X admits Y"."""
    out = []
    direct = direct or []
    for site in (_verb_sites(text, quoted) if sites is None else sites):
        verb, s_lo, s_hi = site.verb, site.s_lo, site.s_hi
        if site.low == "according to":
            q = _according_to(text, verb[0], verb[1], s_lo, s_hi, quoted, ctx, field)
            if q is not None:
                out.append(q)
            continue
        if site.low in _QUOTE_ONLY_VERBS:
            continue
        q = _tail_indirect(text, verb, s_lo, s_hi, quoted, ctx, field, site)
        if q is None:
            q = _lead_indirect(text, verb, s_lo, s_hi, quoted, ctx, field, headline, direct, site)
        if q is not None:
            out.append(q)
    return out


def _tail_indirect(text, verb, s_lo, s_hi, quoted, ctx, field, site: _Site | None = None) -> Quote | None:
    """"CLAUSE, police said." / "CLAUSE, said Halvard Brix, the town's mayor." / "X, he said, Y"."""
    v_start, v_end = verb[0], verb[1]
    left = _tokens(text, s_lo, v_start) if site is None else site.left
    if len(left) < 4:
        return None
    phrase, comma = None, None
    core = _strip_aux(left) if site is None else site.core
    if core and core[-1].text == ",":
        # "…, said Halvard Brix, the town's mayor."
        after = _tokens(text, v_end, s_hi)
        phrase = _speaker_after(after, text)
        if phrase is None or not (phrase.name or phrase.role or phrase.anonymous or phrase.is_org or phrase.pronoun):
            return None
        rest = text[phrase.end:s_hi]
        if not _RE_TAIL_REST.match(rest) and not _TAIL_END.match(rest):
            return None
        comma = core[-1].start
    else:
        phrase = _speaker_before(core, text) if site is None else site.before(text)
        if phrase is None:
            return None
        # a comma right before the speaker phrase: "CLAUSE, the ministry said"
        before = [t for t in core if t.end <= phrase.start]
        while before and before[-1].low in _DETERMINERS:
            before = before[:-1]
        if not before or before[-1].text != ",":
            return None
        comma = before[-1].start
        rest = text[v_end:s_hi]
        mid = _RE_MID_COMMA.match(rest) and not _TAIL_SUBORDINATE.match(rest)
        if not (_TAIL_END.match(rest) or mid or _TAIL_SUBORDINATE.match(rest)):
            return None
        if mid:  # "The money, he said, keeps …": the reported words surround the attribution
            c_start, c_end = s_lo, s_hi
            while c_end > c_start and text[c_end - 1] in ".!?":
                c_end -= 1
            return _make_indirect(text, c_start, c_end, phrase, verb, ctx, field, s_lo, s_hi, quoted)
    c_start, c_end = s_lo, comma
    return _make_indirect(text, c_start, c_end, phrase, verb, ctx, field, s_lo, s_hi, quoted)


def _make_indirect(text, c_start, c_end, phrase, verb, ctx, field, s_lo, s_hi, quoted) -> Quote | None:
    if c_start == s_lo and text[c_start:c_start + 2].isupper():
        m = _RE_DATELINE.match(text, c_start, c_end)
        if m:  # "LONDON, May 2 (Meridian Wire) - Brekke Foods will close …, the firm said": not reported words
            c_start = m.end()
    while c_start < c_end and (text[c_start].isspace() or text[c_start] in ",;:–—-"):
        c_start += 1  # "believes that, in the case of …": the clause starts after the comma
    while c_end > c_start and text[c_end - 1] in " ,.!?;:\n–—":
        c_end -= 1
    inner = [a for a, b in quoted if c_start <= a < c_end]
    if inner and len(text[c_start:min(inner)].split()) < 2:
        return None  # the clause is the direct quote itself: that quote stands for it
    clause = text[c_start:c_end]
    if len(clause.split()) < 2:
        return None
    q = Quote(c_start, c_end, clause, kind="indirect", field=field)
    _attribute(q, phrase, verb, ctx, text, (s_lo, s_hi))
    if q.speaker is None and not q.anonymous and q.speaker_role is None and q.organisation is None \
            and not (phrase is not None and phrase.pronoun):
        return None
    return q


_TOLD_OBJECT = re.compile(
    r"\s+(?:me|us|him|her|them|you|(?:[a-z]+\s+)?(?:reporters|journalists|lawmakers|legislators|MPs|parliament|"
    r"supporters|delegates|students|residents|viewers|listeners|senators|councillors|investors|analysts)|"
    r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}(?!\s+(?:[a-z]+ers|staff|officials|members|people)\b))"
    r"(?:\s+(?:on\s+\w+day|last\s+\w+|this\s+\w+|earlier\s+this\s+\w+)\b)?(?=\s+[a-z])")
# verbs that report an appeal: "urged X to …", "called on X to …", "warned X not to …" (the harbor-city gold
# counts these as indirect quotes). "told X to …" and "warned X against …" stay out: an instruction or a
# warning about a noun is not a reported statement (tests/test_quotes.py::test_verb_with_object_is_not_indirect_speech)
_DIRECTIVE = frozenset(("urge", "call on", "warn", "advise", "encourage", "appeal", "implore", "beg"))
_RE_DIRECTIVE = re.compile(r"\s+(?:(?!(?:against|about|over|of|for|from|with|on)\b)[\w’'-]+\s+){1,7}?(?:not\s+to|to)\s+[a-z]")
_RE_DAY_AFTER_VERB = re.compile(r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|"
                                r"today|tonight)(?![’'\w])(?:\s+(?:night|morning|afternoon|evening))?(?=\s+[a-z])")
_BE_FORMS = frozenset(("is", "are", "was", "were", "be", "been", "being", "'s", "’s"))


def _lead_indirect(text, verb, s_lo, s_hi, quoted, ctx, field, headline, direct,
                   site: _Site | None = None) -> Quote | None:
    """"X said (that) CLAUSE" / "X warned that CLAUSE" / "…, adding that CLAUSE" / headline "X admits Y"."""
    v_start, v_end, surface, _ = verb
    low = _RE_SPACES.sub(" ", surface).lower() if site is None else site.low
    left = _strip_aux(_tokens(text, s_lo, v_start)) if site is None else site.core
    if not left:
        return None
    before_verb = text[s_lo:v_start].rstrip()
    if before_verb and any(b == s_lo + len(before_verb) for _, b in quoted):
        return None  # the verb follows a direct quote ("‘They lied to our faces’ say sacked workers"): its speaker
    raw = site.left if site is not None else _tokens(text, s_lo, v_start)
    if raw and raw[-1].low in _BE_FORMS and text.startswith(" to ", v_end):
        return None  # a passive: "structures were believed to have been destroyed", "two were said to be hurt"
    relative = None
    if left[-1].low == "who" and len(left) >= 3 and left[-2].text == ",":
        # a non-restrictive relative clause on a named person: "… made by Anselm Kray, the district's
        # head of transport, who said …" ("a man, who said …" names nobody: no quote)
        relative = _speaker_before(left[:-1], text) or _speaker_before(left[:-2], text)
        if relative is not None and not (relative.name and not relative.is_org):
            relative = None
    if relative is None and left[-1].low in {"to", "be", "been", "being", "not", "who", "which", "that", "the", "a",
                                             "an", "his", "her", "their", "its", "our", "my", "your", "this"}:
        return None
    if left[-1].text.endswith(("’s", "'s")) and not left[-1].cap:
        return None  # "the minister's claim": a noun, not a verb
    if left[-1].text.endswith(("’s", "'s")) and _RE_POSS_NOUN.match(text[v_end:v_end + 8]):
        return None
    phrase = None
    if relative is not None:
        phrase = relative
    elif left[-1].text == "," and low.endswith("ing"):
        phrase = _participle_subject(text, left, v_start, s_lo, direct, ctx)
    elif left[-1].low in {"and", "but"}:
        phrase = _participle_subject(text, left[:-1], v_start, s_lo, direct, ctx)
    elif low.endswith("ing") and left[-1].low not in _PRONOUNS and not (left[-1].cap and len(left) > 1) \
            and not _is_role(left[-1]):
        return None  # a gerund after a verb, not a report: "the girl stopped asking when …", "Try telling that …"
    else:
        phrase = _speaker_before(left, text) if site is None else site.before(text)
    if phrase is None:
        return None
    rest = text[v_end:s_hi]
    m = _SKIP_TO_THAT.match(rest)
    if m:
        c_start = v_end + m.end()
    else:
        words = _RE_CLAUSE_WORDS.findall(rest[:120])
        if not words or not _RE_WORDCHAR.match(words[0]):
            return None
        first = words[0].lower()
        if headline and _lemma(surface) in _SAY_TYPE and first not in _NOT_CLAUSE:
            pass  # headline style: "Taipei admits presence of US troops" (not "Reid fumes after late penalty")
        elif _lemma(surface) in _SAY_TYPE and first not in _NOT_CLAUSE:
            pass
        elif (_lemma(surface) in _DIRECTIVE or low.endswith(" on")) and _RE_DIRECTIVE.match(rest) and first not in _NOT_CLAUSE \
                and first not in ("to", "that"):
            pass  # "urged residents who received orders to leave", "called on Ostrel to stop …", "warned X not to …"
        else:
            window = []
            for w in words[:7]:
                if not _RE_WORDCHAR.match(w):
                    break
                window.append(w.lower())
            if not any(w in _FINITE for w in window[1:]):
                return None
        c_start = v_end
        m = _RE_DAY_AFTER_VERB.match(text, c_start, s_hi)
        if m:  # AP style: "He said Sunday night he would not run"
            c_start = m.end()
        if low.startswith(("tell", "told")):
            m = _TOLD_OBJECT.match(text, c_start, s_hi)
            if m:  # "told us the mood was …", "told the BBC on Monday the water had …": the listener is not reported
                c_start = m.end()
    c_end = _coordinated_end(text, c_start, s_hi, quoted)
    while c_end > c_start and text[c_end - 1] in ".!?":
        c_end -= 1
    return _make_indirect(text, c_start, c_end, phrase, verb, ctx, field, s_lo, s_hi, quoted)


_RE_COORD_BEFORE = re.compile(r"(?:,\s*)?\b(?:and|but)\s+(?:(?:also|then|still|later)\s+)?$")


def _coordinated_end(text: str, c_start: int, s_hi: int, quoted) -> int:
    """End of a reported clause that stops before a second, coordinated verb of saying of the same subject:
    "Kest insisted that [the law was needed] and claimed that …", "Tamsin confirmed [the training] and said …"
    (the second verb reports a clause of its own)."""
    if text.find("and", c_start, s_hi) < 0 and text.find("but", c_start, s_hi) < 0:
        return s_hi  # no coordinator at all (the usual case)
    for v in _verbs_in(text, c_start, s_hi):
        if _inside(quoted, v[0]) or _lemma(v[2]) not in _SAY_TYPE and _lemma(v[2]) not in _CONTINUED_BY \
                and not v[2].lower().startswith(("urg", "call")):
            continue
        m = _RE_COORD_BEFORE.search(text, max(c_start, v[0] - 20), v[0])
        if m and m.start() > c_start:
            return m.start()
    return s_hi


def _participle_subject(text, left, v_start, s_lo, direct, ctx) -> _Phrase | None:
    """Subject of "…, adding that" / "… and stressed that": the speaker of an earlier verb in the sentence."""
    for q in reversed(direct):
        if q.verb_start is not None and s_lo <= q.verb_start < v_start and q.speaker_start is not None:
            phrase = _Phrase(text[q.speaker_start:q.speaker_end], q.speaker_start, q.speaker_end,
                             name=q.speaker, role=q.speaker_role, organisation=q.organisation, anonymous=q.anonymous)
            return phrase
    for k in range(len(left) - 1, -1, -1):
        lemma = attribution_verbs().get(left[k].low)
        if lemma and k > 0:
            phrase = _speaker_before(_strip_aux(left[:k]), text)
            if phrase is not None:
                return phrase
    return _subject_of_sentence(left, text, v_start)


_SOURCE_DOCS = frozenset(("statement", "report", "letter", "filing", "filings", "survey", "study", "memo", "document",
                          "documents", "analysis", "post", "release", "statements", "reports", "notice", "email",
                          "emails", "data", "figures", "estimates", "tally", "count", "transcript", "summary", "statistics",
                          "records", "results", "minutes", "documents"))
_SOURCE_SHARE = frozenset(("one", "two", "three", "several", "some", "many", "most", "each", "either", "both"))
_AFTER_HEAD = frozenset(("and", "but", "while", "whereas", "which", "as", "though", "although"))
_LEAD_IN = frozenset(("in", "on", "at", "since", "after", "before", "when", "last", "this", "during", "of", "among",
                      "by", "over", "under", "until", "despite", "while", "for", "from", "with", "without",
                      "earlier", "later", "so", "yet", "overall", "altogether", "meanwhile", "still", "but", "and"))


def _document_agent(after: list[_Tok], text: str) -> _Phrase | None:
    """"according to a statement from the state forestry department" -> the department; "according to one of
    the sources" -> the (anonymous) sources."""
    k = 1 if after and after[0].low in ("a", "an", "the", "its", "their", "his", "her") else 0
    if k < len(after) and after[k].low in _SOURCE_SHARE and k + 2 < len(after) and after[k + 1].low == "of":
        rest = after[k + 2:]
        if rest and rest[0].low in ("the", "those", "these", "its", "their"):
            rest = rest[1:]
        phrase = _speaker_after(rest, text)
        if phrase is not None and (phrase.anonymous or phrase.group):
            phrase.start = after[0].start
            phrase.anonymous = True
            return phrase
        return None
    j = k
    while j < len(after) and j < k + 3 and after[j].low.isalpha() and not after[j].cap:
        if after[j].low in _SOURCE_DOCS:
            break
        j += 1
    if j >= len(after) or after[j].low not in _SOURCE_DOCS:
        return None
    doc_end = after[j].end
    j += 1
    if j < len(after) and after[j].low in ("issued", "released", "published", "posted", "sent"):
        j += 1
    if j + 1 < len(after) and after[j].low in ("from", "by", "of"):
        agent = _speaker_after(after[j + 1:], text)
        if agent is not None and (agent.name or agent.is_org or agent.role or agent.anonymous):
            return agent
    if k == 0 and j - 1 > 0 and after[0].low not in _SOURCE_SHARE:
        # "according to official figures", "according to port authority data": the documents, by their phrase
        while doc_end > after[0].start and text[doc_end - 1] == ".":
            doc_end -= 1
        return _Phrase(text[after[0].start:doc_end], after[0].start, doc_end, anonymous=True, group=True)
    return None


def _according_to(text, v_start, v_end, s_lo, s_hi, quoted, ctx, field) -> Quote | None:
    after = _tokens(text, v_end, s_hi)
    phrase = _document_agent(after, text)
    f = next((i for i in range(1, min(5, len(after) - 1)) if after[i].low == "familiar" and after[i + 1].low == "with"),
             None)
    if phrase is None and f is not None and all(_is_wordlike(t) and not t.cap for t in after[:f]):
        # "according to (two) people familiar with the matter": an anonymous source
        end = next((t.end for t in after[f + 2:f + 6] if t.text.endswith(".")), None) or after[min(len(after) - 1,
                                                                                                    f + 3)].end
        phrase = _Phrase(text[after[0].start:end].rstrip("."), after[0].start, end, anonymous=True)
    if phrase is None:
        phrase = _speaker_after(after, text)
    if phrase is None:
        # a plural common noun as the source: "according to planning documents", "according to police estimates"
        words = []
        for tok in after[:4]:
            if not tok.low.isalpha() or tok.cap or tok.low in _FINITE_WORDS or tok.low in _STOP_CAPS:
                break
            words.append(tok)
        while words and not (words[-1].low.endswith("s") and not words[-1].low.endswith("ss")):
            words.pop()
        phrase = _analyse_phrase(words, text) if words else None
        if phrase is not None and phrase.anonymous and words[-1].low in _SOURCE_DOCS:
            phrase.group = True  # "according to official figures": the documents are the source, named by the phrase
        k = len(words)
    else:
        k = bisect_left([t.start for t in after], phrase.end)
        while k < len(after) and after[k].low in ("figures", "data", "statistics", "estimates", "results"):
            k += 1  # "according to government figures published by …"
    if phrase is not None and k + 2 < len(after) and _RE_PARTICIPLE.fullmatch(after[k].low):
        # "according to figures published (last year) by the Interior Ministry": the agent is the source
        j = next((j for j in range(k + 1, min(k + 4, len(after))) if after[j].low == "by"), None)
        agent = _speaker_after(after[j + 1:], text) if j is not None else None
        if agent is not None and (agent.name or agent.is_org or agent.role):
            phrase = agent
    if phrase is None:
        return None
    if phrase.is_org and not phrase.name and phrase.text.endswith(("’s", "'s")):
        # "according to the ministry’s figures": the ministry
        bare = phrase.text[:-2]
        phrase = _Phrase(bare, phrase.start, phrase.end - 2, organisation=bare, is_org=True)
    verb = (v_start, v_end, text[v_start:v_end], "neutral")
    head = text[s_lo:v_start].strip()
    if not head:  # "According to X, CLAUSE."
        comma = text.find(",", phrase.end, s_hi)
        if comma < 0:
            return None
        nxt = text.find(",", comma + 1, s_hi)
        if nxt > 0 and phrase.name:
            seg = _tokens(text, comma + 1, nxt)
            if seg and len(seg) <= 10 and (_is_role(seg[0]) or seg[0].low in ("a", "an", "the") or
                                           seg[0].low in _MODIFIERS) and any(_is_role(t) for t in seg) \
                    and not any(t.low in _FINITE for t in seg):
                comma = nxt  # "According to Jonas Feld, chief economist at Hanse Bank, the bank's …"
        return _make_indirect(text, comma + 1, s_hi, phrase, verb, ctx, field, s_lo, s_hi, quoted)
    tail = _RE_TO_COMMA.match(text[phrase.end:s_hi])
    head_words = head.split()
    if tail and head.endswith(",") and len(head_words) >= 5 and head_words[0].lower().strip(",") not in _LEAD_IN \
            and head_words[-1].lower().strip(",") not in ("which", "who", "that", "where", "whose", "whom"):
        # "CLAUSE, according to X, and shipping agents said …" / "CLAUSE, according to X, the highest since 1998":
        # a whole clause before the source is what it reported; what follows is another clause or an aside
        return _make_indirect(text, s_lo, v_start, phrase, verb, ctx, field, s_lo, s_hi, quoted)
    if head.endswith(",") and tail and len(text[phrase.end + tail.end():s_hi].split()) >= 2:
        # "…, according to X, CLAUSE": the reported words follow
        return _make_indirect(text, phrase.end + tail.end(), s_hi, phrase, verb, ctx, field, s_lo, s_hi, quoted)
    return _make_indirect(text, s_lo, v_start, phrase, verb, ctx, field, s_lo, s_hi, quoted)


# --------------------------------------------------------------------------- tables


def quotes_frame(quotes: Iterable[Quote], *, article_id: str | None = None) -> pd.DataFrame:
    """Quotes as a DataFrame (one row per quote).

    Examples
    --------
    >>> quotes_frame(extract_quotes('"Enough," she said.'))[["text", "kind"]].to_dict("records")
    [{'text': 'Enough,', 'kind': 'direct'}]
    """
    columns = ["article_id", "field", "start", "end", "text", "kind", "speaker", "speaker_role", "organisation",
               "verb", "verb_stance", "anonymous", "words", "speaker_start", "speaker_end", "verb_start", "verb_end"]
    rows = []
    for q in quotes:
        rows.append({"article_id": article_id, "field": q.field, "start": q.start, "end": q.end, "text": q.text,
                     "kind": q.kind, "speaker": q.speaker, "speaker_role": q.speaker_role,
                     "organisation": q.organisation, "verb": q.verb, "verb_stance": q.verb_stance,
                     "anonymous": q.anonymous, "words": len(_RE_NAME_WORDS.findall(q.text)),
                     "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
                     "verb_start": q.verb_start, "verb_end": q.verb_end})
    return pd.DataFrame(rows, columns=columns)


def speaker_key(name: str | None) -> str | None:
    """Normalised surname key of a speaker name ("Dr. Femi Adeyemi-Kross" -> "adeyemi-kross").

    Examples
    --------
    >>> speaker_key("Chinese Foreign Ministry spokesman Wang Wenbin"), speaker_key(None)
    ('wenbin', None)
    """
    if not name:
        return None
    words = [w for w in _RE_NAME_WORDS.findall(name) if w.lower() not in _TITLES]
    return words[-1].lower() if words else None


def unify_speakers(speakers: Iterable[tuple[str | None, str | None]]) -> dict[tuple[str | None, str | None], str]:
    """Map (speaker, role) pairs of one event to stable speaker ids.

    Full names and surnames of the same person share an id (the surname, or the full
    name when two people share a surname); an unresolved role reference gets
    ``role:<class>``; nothing known gets ``"unknown"``.

    Examples
    --------
    >>> ids = unify_speakers([("Wang Wenbin", "spokesman"), ("Wang", None), (None, "the spokeswoman")])
    >>> ids[("Wang", None)], ids[(None, "the spokeswoman")]
    ('wang-wenbin', 'role:spokesperson')
    """
    pairs = list(dict.fromkeys((_str_or_none(n), _str_or_none(r)) for n, r in speakers))
    full = {}
    for name, _ in pairs:
        if name and len(name.split()) > 1:
            full.setdefault(speaker_key(name), set()).add(name)
    ids = {}
    for name, role in pairs:
        if name:
            parts = name.split()
            key = speaker_key(name)
            candidates = full.get(key, set()) if len(parts) > 1 else \
                {n for names in full.values() for n in names if parts[0] in n.split()}
            if len(parts) == 1 and not candidates:
                ids[(name, role)] = _slug(name)
            elif len(candidates) == 1:
                ids[(name, role)] = _slug(next(iter(candidates)))
            else:
                ids[(name, role)] = _slug(name)
        elif role:
            classes = speaker_roles()
            cls = next((classes[w.lower()] for w in reversed(role.split()) if w.lower() in classes), _slug(role))
            ids[(name, role)] = f"role:{cls}"
        else:
            ids[(name, role)] = "unknown"
    return ids


def _str_or_none(value):
    return value if isinstance(value, str) and value else None


def _slug(value: str) -> str:
    """An id made from a name: lower case, runs of other characters as one hyphen ("Tsai Ing-wen" -> tsai-ing-wen)."""
    return _RE_NON_WORD.sub("-", value.lower()).strip("-")


def speaker_table(articles_df: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker per article, with speaker ids unified across an event's outlets.

    Parameters
    ----------
    articles_df : DataFrame
        Articles with ``text`` (``id``, ``title``, ``outlet``, ``event`` used when present).
        Speaker ids are unified within each event (all rows together when there is no
        ``event`` column).

    Returns
    -------
    DataFrame
        Columns article_id, outlet, event, speaker_id, speaker, role, organisation,
        n_quotes, words, first_position (character offset of the speaker's first quote).

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b"], "outlet": ["x", "y"], "event": ["e", "e"],
    ...                    "text": ["“No,” spokesman Wang Wenbin said.", "“Never,” Wang said."]})
    >>> speaker_table(df)[["article_id", "speaker_id"]].to_dict("records")
    [{'article_id': 'a', 'speaker_id': 'wang-wenbin'}, {'article_id': 'b', 'speaker_id': 'wang-wenbin'}]
    """
    table = quote_rows(articles_df)
    columns = ["article_id", "outlet", "event", "speaker_id", "speaker", "role", "organisation", "n_quotes",
               "words", "first_position"]
    if table.empty:
        return pd.DataFrame(columns=columns)
    grouped = (table.groupby(["article_id", "speaker_id"], sort=False, dropna=False)
               .agg(outlet=("outlet", "first"), event=("event", "first"), speaker=("speaker", "first"),
                    role=("speaker_role", "first"), organisation=("organisation", "first"),
                    n_quotes=("text", "size"), words=("words", "sum"), first_position=("start", "min"))
               .reset_index())
    return grouped[columns]


def quote_rows(articles_df: pd.DataFrame) -> pd.DataFrame:
    """All quotes of the articles, with ``outlet``, ``event`` and a unified ``speaker_id`` per event.

    Examples
    --------
    >>> quote_rows(pd.DataFrame({"id": ["a"], "text": ["“Yes,” Mayor Ann Lee said."]}))["speaker_id"].tolist()
    ['ann-lee']
    """
    from framescope.framing.base import as_docs

    frames = []
    outlets = articles_df["outlet"].tolist() if "outlet" in articles_df.columns else [None] * len(articles_df)
    events = articles_df["event"].tolist() if "event" in articles_df.columns else [None] * len(articles_df)
    for doc, outlet, event in zip(as_docs(articles_df), outlets, events):
        frame = quotes_frame(extract_quotes(doc.text, title=doc.title), article_id=doc.id)
        frame["outlet"] = outlet
        frame["event"] = None if event is None or (isinstance(event, float) and event != event) else event
        frames.append(frame)
    if not frames:
        return quotes_frame([]).assign(outlet=None, event=None, speaker_id=None)
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    table["speaker_id"] = None
    for event, idx in table.groupby(table["event"].fillna("\x00"), sort=False).groups.items():
        sub = table.loc[idx]
        pairs = [(_str_or_none(s), _str_or_none(r)) for s, r in zip(sub["speaker"], sub["speaker_role"])]
        ids = unify_speakers(pairs)
        anon = sub["anonymous"].astype(bool)
        table.loc[idx, "speaker_id"] = [("anonymous" if a else ids[p]) for p, a in zip(pairs, anon)]
    return table


def _same_speaker(predicted: Quote, gold_speaker) -> bool:
    if not isinstance(gold_speaker, str) or not gold_speaker:
        return predicted.speaker is None
    if gold_speaker.lower() == "anonymous":
        return predicted.anonymous
    if not predicted.speaker:
        return False
    gold_words = {w.lower() for w in _RE_NAME_WORDS.findall(gold_speaker)}
    pred_words = {w.lower() for w in _RE_NAME_WORDS.findall(predicted.speaker)}
    surname = _RE_NAME_WORDS.findall(gold_speaker)[-1].lower()
    return surname in pred_words or bool(gold_words & pred_words - {"the", "of", "for", "and"})


def evaluate_quotes(articles_df: pd.DataFrame, gold: pd.DataFrame, *, min_overlap: float = 0.5) -> dict:
    """Quote detection, speaker and verb-stance agreement with gold quote annotations.

    A predicted quote matches a gold quote of the same article and field when their
    spans overlap by at least ``min_overlap`` of the shorter span (one-to-one, greedy by
    overlap). Speaker accuracy (on matched quotes): the predicted speaker contains the
    gold speaker's surname (or shares a word with an organisation name); a gold
    "anonymous" speaker needs ``anonymous=True``. Stance accuracy: same verb stance on
    matched quotes. Only articles with at least one gold quote are scored.

    Parameters
    ----------
    articles_df : DataFrame with id, title, text
    gold : DataFrame with article_id, field, start, end, speaker, stance

    Returns
    -------
    dict
        precision, recall, f1, speaker_accuracy, stance_accuracy, n_gold, n_predicted, n_matched.

    Examples
    --------
    >>> arts = pd.DataFrame({"id": ["a"], "title": [""], "text": ["“No,” said Ann Lee."]})
    >>> gold = pd.DataFrame({"article_id": ["a"], "field": ["text"], "start": [1], "end": [4],
    ...                      "speaker": ["Ann Lee"], "stance": ["neutral"]})
    >>> evaluate_quotes(arts, gold)["f1"]
    1.0
    """
    from framescope.framing.base import as_docs

    by_article = {k: g for k, g in gold.groupby("article_id")}
    n_pred = n_gold = matched = speaker_ok = stance_ok = 0
    for doc in as_docs(articles_df):
        if doc.id not in by_article:
            continue
        predicted = extract_quotes(doc.text, title=doc.title)
        n_pred += len(predicted)
        rows = by_article[doc.id]
        n_gold += len(rows)
        pairs = []
        for g_index, g in enumerate(rows.itertuples()):
            for p_index, q in enumerate(predicted):
                if q.field != g.field:
                    continue
                overlap = min(q.end, g.end) - max(q.start, g.start)
                shorter = max(1, min(q.end - q.start, g.end - g.start))
                if overlap > 0 and overlap / shorter >= min_overlap:
                    same_kind = (q.kind == "indirect") == (getattr(g, "kind", q.kind) == "indirect")
                    pairs.append((not same_kind, -overlap, g_index, p_index))
        used_g, used_p = set(), set()
        gold_rows = list(rows.itertuples())
        for _, _, g_index, p_index in sorted(pairs):
            if g_index in used_g or p_index in used_p:
                continue
            used_g.add(g_index)
            used_p.add(p_index)
            matched += 1
            g, q = gold_rows[g_index], predicted[p_index]
            speaker_ok += _same_speaker(q, g.speaker)
            stance_ok += q.verb_stance == getattr(g, "stance", None)
    precision = matched / n_pred if n_pred else 0.0
    recall = matched / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "speaker_accuracy": round(speaker_ok / matched, 4) if matched else 0.0,
            "stance_accuracy": round(stance_ok / matched, 4) if matched else 0.0,
            "n_gold": n_gold, "n_predicted": n_pred, "n_matched": matched}
