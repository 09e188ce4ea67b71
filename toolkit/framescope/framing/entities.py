"""Entity mentions without downloaded models, grouped into entities within an event across outlets.

What it finds (per article, title and body)
-------------------------------------------
* ``name``: capitalised name spans, with a leading "the" and with titles and role nouns
  absorbed ("President Elena Varga", "Ostrel Foreign Ministry spokeswoman Nadia Vorenko",
  "Kessa's Chief Councillor Lio Tamsin", "the Ostrel Federation").
* ``description``: definite and possessive descriptions whose head noun is a role noun
  (``lexicons/roles.tsv``) or a referring noun (``lexicons/referring_nouns.tsv``):
  "the president", "the island", "the regime", "the island's leader", "Dravinsk's regime",
  "our brave police", "the ruling party"; a possessor that is a name stays a mention of its
  own inside ("Corvenia's government", "The MSA's director"), and so does a name possessor
  before a titled name ("Reyl's justice spokeswoman Aisha Okafor-Lind" also gives "Reyl");
  a possessor may carry lower-case modifiers or be a plural ("the ruling party's
  assembly law", "the parents' group"); a description starts at its last determiner, so
  a preposition, relative word or second determiner ends the modifiers ("the boat that
  the coast guard" gives "the coast guard"); in a headline, where articles are dropped,
  a bare head noun with up to two noun modifiers ("bus union", "Regulator").
* ``group``: bare or counted plural group nouns ("rioters", "63 asylum seekers",
  "thousands of protesters", "Masked thugs", "a small group of union militants", "Five
  unelected judges"), also led by a place name ("Harbor City voters").
* ``demonym``: a national adjective standing alone ("Corvenian", "Chinese"), from the
  project's ``demonyms.tsv`` or a productive suffix (see :func:`_is_demonym`).

Names joined by "and" are one mention ("Procter and Gamble") unless each part is a known
place or stands alone elsewhere in the text ("Russia and Ukraine": two mentions); a
hyphenated compound of known places is two ("US-Taiwan contacts").

Places the project lists (``lexicons/places.tsv``: kind, description nouns, aliases) are
typed as places, never persons; their aliases form one entity ("the US", "the United
States", "America"); a description whose head noun is one of a listed place's nouns goes to
it when the event names one such place ("the island" -> Taiwan, "the kingdom" -> Saudi
Arabia), and so does a possessor ("the island's leader" -> the person introduced as
Taiwan's president). An all-capital word joins the multi-word name whose initials it is
("NATO"). Without such a row, knowledge is still missing: an invented or unlisted island is
"the island" only when its name says "Island".

How mentions become entities (within one event, across all its outlets)
----------------------------------------------------------------------
1. string / headword match: a name mention joins the entity whose name shares its last
   word (surname) or another content word ("Varga", "President Varga" -> Elena Varga;
   "Ostrel", "the Federation" -> Ostrel Federation); without given key entities, a lone
   family name joins a titled or family-name-first full name ("Wang" -> spokesman Wang
   Wenbin, "Tsai" -> Tsai Ing-wen; see :func:`_discover`), and "the Port of Valmore" is
   an entity of its own, not Valmore;
2. apposition: "Lio Tamsin, the island's chief councillor", "Lio Tamsin, who heads the
   island's administration" and, for role descriptions, a copula ("Tsai Ing-wen became
   the first president of Taiwan") tie the description to the name everywhere in the
   event and give the person its role and affiliation (a
   determiner phrase with a finite verb before any relative pronoun is a clause, not an
   appositive: "… mainland China, the US would help Taiwan");
3. co-reference by title: "the president" -> the one entity introduced as President X in
   the event; "the island's leader" -> the entity introduced with the role "leader";
   a role description with an affiliation ("Kessa leader", "the island's leader",
   "Northgate chief") goes to the person introduced with that role and affiliation
   (the capitalised words around a person's name: "Kessa's leader Lio Tamsin");
   a government or country noun with a country's name or adjective goes to that
   country ("Ostrel regime", "the Corvenian state");
   an organisation introduced with a company noun in apposition ("port operator
   Northgate Maritime", "shipping giant ...") takes that class, so "the company" finds it;
4. class of the head noun: "the marchers", "rioters" and "the mob" share the class
   *crowd*; a key entity named "the marchers" collects them; "the regime" / "the ruling
   party" join a government entity, "the island" the entity named "... Island";
5. co-occurrence: a description nobody else claims and that appears in the same sentence
   as exactly one key entity's name in most of its uses is given to that entity;
6. nearest antecedent: a description still unresolved goes to the nearest preceding
   key-entity mention of a compatible kind (role noun -> person, "the company" ->
   organisation, "these people" -> group, "the nation" -> country/place) in the same or
   the previous sentence; a counted group ("63 people") joins the group entity whose
   name carries the number;
7. the one group actor: a people or crowd description still unresolved ("thousands of
   people", "these people", "a small group") goes to the event's group entity when the
   event has exactly one (a guess that holds for most single-crowd events, and is wrong
   when the people meant are bystanders).

Step 6 tries an entity of the head noun's own class first ("the company" -> the company
named last, not the regulator named after it), then any compatible kind.

What keeps a description from the wrong entity (a wrong label misleads more than a missing
one): an indefinite role description ("A government spokesman said") is someone new unless it
stands in apposition to a name (indefinites are not anaphoric: Lee et al. 2013, "Deterministic
coreference resolution based on entity-centric, precision-ranked rules", Computational
Linguistics 39(4)); nor is the new holder of a role ("the new mayor", "the incoming president":
the person named last is as likely the loser or the predecessor); a role description naming an
affiliation is not a person known by other affiliations ("the Civic Alliance's justice
spokesperson" is not the Red Cross spokeswoman); a
government or country description naming another place is not this government ("Dravinsk's
regime"); a government noun is a country or government, not any organisation; police and
military nouns keep to their own class; an organisation noun keeps to organisations of its
kind ("the ruling party" is not the court); a description's head must head a group entity's
name ("the city" is not "Harbor City voters"); a name ending in a place noun names a place
("Harbor City" is not the "Harbor City Police"); and a name needs two shared words, or all of
the entity's, when its last word does not match ("the Port of Harbor City" is not the Harbor
Dockworkers' Union). :func:`framescope.framing.labeling.evaluate_labels` counts the rows the
gold contradicts.

Label tables also list longer expressions built from adjacent mentions
(:func:`extended_mentions`: "Halvard Brix, the town's mayor", "Perrault-Sen, 44, a former
housing lawyer", "The NRP's candidate, deputy mayor Viktor Hallam", "Kalina Voss of the
Fair Fuel Coalition", "The Maritime Safety Authority (MSA)", "the island of Kessa", "Bus
drivers in Harbor City", "port operator Northgate Maritime", "the organisers, the Fair Fuel
Coalition", "63 asylum seekers, including 14 children", "the same Tomas Reyl", "the ruling
National Renewal Party (NRP)", "the director of the authority", "the Mollberg detention
centre, 40 km north of the city"), next to the mentions inside them.

A capital names its country's government ("Beijing says", "Dravinsk's regime"): for the
capitals ``places.tsv`` lists, and for others when the event's texts say so, plainly once
("Dravinsk, the capital of the Ostrel Federation") or with a government body of the country
speaking there in two or more articles ("In Dravinsk, Ostrel Foreign Ministry spokeswoman
…"). First-person descriptions ("our nation") are left to the reader: whose nation depends
on the outlet.

What it cannot resolve: metonymy that needs world knowledge the texts and lexicons lack,
a named individual standing for a group (a quoted protester for "the protesters"),
"our country" (whose country depends on the outlet), pronouns (not labels), indefinite
descriptions outside apposition ("a large neighbour"), free paraphrases ("those who come
to riot"), head nouns outside the lexicons, and all-caps headlines beyond exact string
matches. Where annotators mark a longer or shorter span than the rules build ("Northgate,
which reported a record profit" vs the rules' clause up to the next comma), the
expression is found but does not match. Hamborg, Zhukova & Gipp (2019), "Automated identification of media bias by word
choice and labeling in news articles" (JCDL), is the inspiration: they resolve such
mentions with coreference models and WordNet; this module uses rules and lexicons only.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from functools import lru_cache

import pandas as pd

from framescope.framing.lexicon import read_table
from framescope.framing.quotes import _ORG_HEADS, _PARTICLES, _STOP_CAPS, _TITLES, _slug, role_classes

MENTION_KINDS = ("name", "description", "group", "demonym")


@lru_cache(maxsize=1)
def referring_nouns() -> dict[str, tuple[str, bool]]:
    """Head noun -> (class, loaded) from ``referring_nouns.tsv``.

    Examples
    --------
    >>> referring_nouns()["regime"]
    ('government', True)
    """
    out = {}
    for noun, cls, loaded in read_table("referring_nouns.tsv"):
        out.setdefault(noun.strip().lower(), (cls.strip(), loaded.strip() == "1"))
    return out


@lru_cache(maxsize=1)
def noun_classes() -> dict[str, frozenset]:
    """Head noun -> every class ``referring_nouns.tsv`` lists it under (a few nouns have two:
    "passengers" are the migrants of a boat or the people of a bus). A description takes the
    first (:func:`referring_nouns`); an entity named by the noun has them all.

    Examples
    --------
    >>> sorted(noun_classes()["passengers"])
    ['migrants', 'people']
    """
    out: dict[str, set] = {}
    for noun, cls, _ in read_table("referring_nouns.tsv"):
        out.setdefault(noun.strip().lower(), set()).add(cls.strip())
    return {noun: frozenset(classes) for noun, classes in out.items()}


@dataclass
class Mention:
    """A referring expression in a text: character span, text, kind, head noun and extras."""

    start: int
    end: int
    text: str
    kind: str
    head: str
    name: str | None = None  # the proper-name part ("Elena Varga"), when there is one
    role: str | None = None  # the title/role part ("President", "spokeswoman")
    possessor: str | None = None  # "the island" in "the island's leader"
    field: str = "text"


_CAP = r"(?:(?:Mr|Mrs|Ms|Dr|Gen|Prof|St|Sen|Rep|Gov|Lt|Col|Capt|Jr|Sr)\.|[A-Z][\w’'\-]*)"
_NAME_RUN = re.compile(
    r"(?<![\w’'-])(?:(?:the|The)[ \t]+)?"
    + _CAP + r"(?:[’'][sS])?(?:[ \t]+(?:(?:of|for|and|de|van|von|al|bin|da|del|la|le)[ \t]+(?=[A-Z])|(?:the[ \t]+)(?=[A-Z]))?"
    + _CAP + r"(?:[’'][sS])?)*")
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
_DEMONYM_SHAPE = re.compile(r"[A-Z][a-z]+")
_DEMONYM_SUFFIX = re.compile(r"[A-Z][a-z]{3,}(?:ian|ean|ese|ish)")  # a stem of 4+ letters: not "Fujian", "Dalian"
# first names with a demonym suffix: a lone "Brian" or "Julian" is a person, not a nationality
_SUFFIX_FIRST_NAMES = frozenset(
    "ian brian adrian julian damian christian sebastian fabian florian kilian killian lucian dorian vivian "
    "marian gillian jillian lillian kristian cristian maximilian valerian cassian".split())


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Demonym -> place, both lower case, from ``demonyms.tsv``.

    Examples
    --------
    >>> demonyms()["dutch"], demonyms()["chinese"]
    ('netherlands', 'china')
    """
    return {word.strip().lower(): place.strip().lower() for word, place in read_table("demonyms.tsv")}


def _is_demonym(word: str) -> bool:
    """Is a capitalised word a national or regional adjective: listed in ``demonyms.tsv``, or with a
    productive demonym suffix (-ian, -ean, -ese, -ish: "Corvenian") and not a first name or function word?

    Names that merely end like a demonym are not ("Taiwan", "Taipei", "Tsai", "Mbeki", "Fujian", "Brian").

    Examples
    --------
    >>> [_is_demonym(w) for w in ("Chinese", "Israeli", "Corvenian", "Taiwan", "Taipei", "Fujian", "Brian", "These")]
    [True, True, True, False, False, False, False, False]
    """
    if not _DEMONYM_SHAPE.fullmatch(word):
        return False
    low = word.lower()
    return low in demonyms() or (bool(_DEMONYM_SUFFIX.fullmatch(word)) and low not in _SUFFIX_FIRST_NAMES
                                 and low not in _STOP_CAPS)
_DETS = {"the", "our", "its", "their", "this", "that", "these", "those", "his", "her"}
_QUANT = re.compile(r"(?:\d[\d,]*|several|many|some|hundreds|thousands|dozens|tens of thousands|two|three|four|five|"
                    r"six|seven|eight|nine|ten|eleven|twelve|fourteen|twenty|forty|fifty|sixty)", re.IGNORECASE)


def _heads_regex() -> re.Pattern:
    return _heads_compiled()


@lru_cache(maxsize=1)
def _heads_compiled() -> re.Pattern:
    from framescope.framing.lexicon import trie_alternation

    nouns = set(referring_nouns()) | set(role_classes())
    # a character trie (same matches as a flat longest-first alternation, ~4x faster)
    body = trie_alternation(nouns, space=r"\s+")
    return re.compile(rf"(?<![\w’'-])(?:{body})(?=[’'][sS]\b|[^\w’'\-]|$)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _heads_lower() -> re.Pattern:
    """The head-noun pattern without IGNORECASE, for text that has been lower-cased (see :func:`_heads_finditer`)."""
    from framescope.framing.lexicon import trie_alternation

    body = trie_alternation(set(referring_nouns()) | set(role_classes()), space=r"\s+")
    return re.compile(rf"(?<![\w’'-])(?:{body})(?=[’'][sS]\b|[^\w’'\-]|$)")


# Characters for which "equal under re.IGNORECASE" and "equal after str.lower()" differ for the
# ASCII letters of the head nouns (dotless i, long s) or whose lower case is longer (dotted I).
# Checked over every code point: these three are the only ones (the \w, \s and quote classes
# are the same for a character and its lower case).
_FOLD_TRAPS = re.compile("[\u0131\u017f\u0130]")


def _heads_finditer(text: str):
    """Head-noun matches (spans) in ``text``: the case-sensitive pattern on ``text.lower()``.

    The same spans as ``_heads_compiled().finditer(text)`` (the nouns are lower-case ASCII),
    about twice as fast; text with a character whose case folding differs (see
    ``_FOLD_TRAPS``) takes the IGNORECASE pattern.
    """
    low = text.lower()
    if len(low) == len(text) and not _FOLD_TRAPS.search(text):
        return _heads_lower().finditer(low)
    return _heads_compiled().finditer(text)


class _Caps:
    """Known capitalised words, or words :func:`_midsentence_caps` finds in one of ``parts``.

    ``_midsentence_caps(a + "\\n" + b)`` equals ``_midsentence_caps(a) | _midsentence_caps(b)``
    (no pattern in it can match across a line break), so a title and a text share one; and
    membership of one word is decided by looking at that word's occurrences only
    (:func:`_is_midsentence_cap`), not by collecting every capitalised word of the article.
    """

    __slots__ = ("known", "parts", "seen")

    def __init__(self, known, parts):
        self.known = known
        self.parts = parts
        self.seen: dict[str, bool] = {}

    def __contains__(self, word: str) -> bool:
        if word in self.known:
            return True
        found = self.seen.get(word)
        if found is None:
            found = self.seen[word] = any(part and _is_midsentence_cap(word, part) for part in self.parts)
        return found


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_’'-"


def _is_midsentence_cap(word: str, text: str) -> bool:
    """``word in _midsentence_caps(text)``, from the occurrences of ``word`` in ``text``.

    ``_midsentence_caps`` collects a whole [A-Z][\\w’'-]+ token (two characters or more) that
    follows spaces/tabs after a lower-case letter, comma or semicolon, or after another such
    token. (When the first pattern's match is hidden because the letter before the spaces
    ended the previous match's word, that word is a capitalised token and the second
    pattern has it.)
    """
    if len(word) < 2 or not "A" <= word[0] <= "Z":
        return False
    rest = word.replace("’", "").replace("'", "").replace("-", "").replace("_", "")
    if rest and not rest.isalnum():  # == not all(_word_char(c) for c in word)
        return False
    n = len(text)
    i = text.find(word)
    while i != -1:
        e = i + len(word)
        if i and text[i - 1] in " \t" and (e == n or not _word_char(text[e])):
            j = i - 1
            while j >= 0 and text[j] in " \t":
                j -= 1
            if j >= 0:
                if text[j] in "abcdefghijklmnopqrstuvwxyz,;":
                    return True
                k = j - 1  # a capitalised token ending at j: [A-Z] then one or more word characters
                while k >= 0 and _word_char(text[j]) and _word_char(text[k]):
                    if "A" <= text[k] <= "Z":
                        return True
                    k -= 1
        i = text.find(word, i + 1)
    return False


def find_mentions(text: str | None, *, field: str = "text", context: str = "",
                  known_names: frozenset = frozenset()) -> list[Mention]:
    """Referring expressions in a text (see the module docstring for the kinds).

    ``context`` (the other field of the article) and ``known_names`` only tell a
    sentence-initial capitalised word that is a name from a capitalised common word.

    Examples
    --------
    >>> t = "President Elena Varga spoke. The island's leader, Lio Tamsin, agreed with the president."
    >>> [(m.text, m.kind) for m in find_mentions(t)]
    [('President Elena Varga', 'name'), ("The island's leader", 'description'), ('The island', 'description'), ('Lio Tamsin', 'name'), ('the president', 'description')]
    """
    if not text:
        return []
    return _find_mentions(text, field, _Caps(known_names, (text, context)), {})


def _run_info(span: str) -> tuple:
    """What depends on a capitalised run's own text only: (words, all-caps headline run, offset of the
    name after leading function words or None when the run can never be a name mention)."""
    words = _WORD.findall(span)
    allcaps = len(words) > 1 and all(w.isupper() for w in words if w.isalpha()) and (
        not len(words) == 2 or any(w.lower() in referring_nouns() for w in words))  # "THUGS HIJACK": no name
    if not words:
        return words, allcaps, None
    lead = 0
    # drop sentence-initial function words ("In", "But", "The" before a non-name)
    while lead < len(words) and words[lead].lower() in _STOP_CAPS and words[lead].lower() not in ("the",):
        lead += 1
    if lead == len(words):
        return words, allcaps, None
    delta = span.find(words[lead], sum(len(w) for w in words[:lead])) if lead else 0
    rest = [w for w in words[lead:] if w.lower() not in ("the",)]
    if not rest or len(rest) == 1 and rest[0].lower().rstrip("’'s") in _STOP_CAPS:
        return words, allcaps, None
    return words, allcaps, delta


_RE_AND = re.compile(r"[ \t]+and[ \t]+")


def _run_spans(text: str):
    """The capitalised runs of ``text`` as (start, end), a run of names joined by "and" cut
    into its names when each is a known place (``demonyms.tsv``) or stands alone elsewhere in
    the text: "Russia and Ukraine", "the United States and Taiwan" are two entities each,
    "Procter and Gamble", "Ministry of Trade and Industry" one.

    Examples
    --------
    >>> text = "Talks between Russia and Ukraine resumed. Procter and Gamble said so. Ukraine agreed."
    >>> [text[a:b] for a, b in _run_spans(text)]
    ['Talks', 'Russia', 'Ukraine', 'Procter and Gamble', 'Ukraine']

    A hyphenated compound of known places is cut the same way ("US-Taiwan military contact"
    names two entities; "Guinea-Bissau" stays one):

    >>> text = "US-Taiwan talks"
    >>> [text[a:b] for a, b in _run_spans(text)]
    ['US', 'Taiwan']
    """
    places = _known_places()
    for m in _NAME_RUN.finditer(text):
        span = m.group()
        if "-" in span and not any(c.isspace() for c in span):
            pieces = span.split("-")
            if len(pieces) > 1 and all(piece.lower() in places for piece in pieces):
                start = m.start()
                for piece in pieces:
                    yield start, start + len(piece)
                    start += len(piece) + 1
                continue
        person = _person_of_cut(span, places)
        if person:  # "Yusuf Haldane of Open Borders Corvenia": a person, then the organisation
            yield m.start(), m.start() + person
            yield m.start() + person + 4, m.end()
            continue
        if " and " not in span and "\tand" not in span and "and\t" not in span:
            yield m.span()
            continue
        cuts = [(a.start(), a.end()) for a in _RE_AND.finditer(span)]
        bounds = [0] + [x for cut in cuts for x in cut] + [len(span)]
        parts = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
        count = text.count(span)

        def alone(a: int, b: int) -> bool:
            part = span[a:b]
            bare = _RE_LEADING_THE.sub("", part)
            return bare.lower() in places or text.count(bare) > count * span.count(bare)

        first = span[parts[0][0]:parts[0][1]].split()
        # a full name before "and" ends a name: "Rosa Ilvane and Opposition leader ...", "Harbor City and
        # Corvenia" ("Procter and Gamble", "Ministry of Trade and Industry" stay whole)
        full_name = len(first) >= 2 and "of" not in first and not any(w.lower() in _ORG_HEADS for w in first)
        if full_name or all(alone(a, b) for a, b in parts):
            for a, b in parts:
                yield m.start() + a, m.start() + b
        else:
            yield m.span()


def _person_of_cut(span: str, places: frozenset) -> int | None:
    """Where a capitalised run "<person> of <name>" ends its person part ("Yusuf Haldane of Open Borders
    Corvenia"), or None: the words before the first " of " are two or more, and none of them is an
    organisation or place head noun or a role ("Bank of England", "Government of Corvenia", "Democratic
    Republic of Congo", "Foreign Minister of Ostrel" stay whole), and neither the run nor its first part
    is a listed place ("United States of America").

    Examples
    --------
    >>> places = _known_places()
    >>> _person_of_cut("Yusuf Haldane of Open Borders Corvenia", places), _person_of_cut("Bank of England", places)
    (13, None)
    >>> _person_of_cut("Central Bank of Ireland", places), _person_of_cut("United States of America", places)
    (None, None)
    """
    cut = span.find(" of ")
    if cut < 0 or not span[cut + 4:cut + 5].isupper():
        return None
    words = span[:cut].split()
    if len(words) < 2 or _RE_LEADING_THE.sub("", span).lower() in places or \
            _RE_LEADING_THE.sub("", span[:cut]).lower() in places:
        return None
    nouns = referring_nouns()
    if any(not w[0].isupper() or w.lower() in _ORG_HEADS or w.lower() in nouns or _is_role_word(w) for w in words):
        return None
    return cut


@lru_cache(maxsize=1)
def _known_places() -> frozenset:
    """The places of ``demonyms.tsv`` and ``places.tsv`` and their aliases (lower case)."""
    return frozenset(demonyms().values()) | frozenset(places())


@dataclass(frozen=True)
class Place:
    """A row of ``places.tsv``: the place's name, kind and description nouns."""

    name: str
    kind: str  # country / territory / region / city
    nouns: frozenset  # "island", "kingdom", "capital", ...
    capital_of: str | None = None  # a national capital's country ("Beijing" -> "China")


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Place name or alias (lower case, no leading "the") -> :class:`Place`, from ``places.tsv``; the
    places of ``demonyms.tsv`` not listed there are countries without nouns.

    Examples
    --------
    >>> places()["taiwan"].nouns, places()["america"].name, places()["france"].kind
    (frozenset({'island'}), 'United States', 'country')
    """
    table: dict[str, Place] = {}
    for name, kind, nouns, aliases, capital_of in read_table("places.tsv"):
        place = Place(name.strip(), kind.strip(), frozenset(n.strip() for n in nouns.split("|") if n.strip()),
                      capital_of.strip() or None)
        for key in [name, *aliases.split("|")]:
            if key.strip():
                table.setdefault(key.strip().lower(), place)
    for place in set(demonyms().values()):
        table.setdefault(place, Place(place.title(), "country", frozenset()))
    return table


def _place_key(name: str) -> str:
    """A place name as looked up: lower case, no leading "the", no possessive "'s"."""
    key = _RE_LEADING_THE.sub("", " ".join(name.split())).lower()
    return key[:-2] if key.endswith(("'s", "’s")) else key


@lru_cache(maxsize=1)
def _capitals() -> dict[str, frozenset]:
    """Country name -> its capital's names and aliases (lower case), from the ``capital_of`` column of ``places.tsv``."""
    out: dict[str, set] = {}
    for key, place in places().items():
        if place.capital_of:
            out.setdefault(place.capital_of, set()).add(key)
    return {country: frozenset(keys) for country, keys in out.items()}


def place_of(name: str | None) -> Place | None:
    """The listed place a name stands for ("the US", "America" -> United States), or None.

    Examples
    --------
    >>> place_of("the U.S.").name, place_of("Kessa Island")
    ('United States', None)
    """
    if not name:
        return None
    return places().get(_place_key(name))


_POSSESSIVE_S = frozenset(("’s", "'s", "’S", "'S"))
_RE_LOWER_NEXT = re.compile(r"[ \t]+[a-z]")
_RE_WORD_SPACE = re.compile(r"[\w\-]+\s+")
_RE_LAST_WORD = re.compile(r"(\w+)$")


def _find_mentions(text: str, field: str, caps, memo: dict) -> list[Mention]:
    """:func:`find_mentions` with the known capitalised words given, and ``memo`` (run text ->
    :func:`_run_info`) shared by the texts of one call."""
    mentions: list[Mention] = []
    taken = []
    for start, end in _run_spans(text):
        span = text[start:end]
        info = memo.get(span)
        if info is None:
            info = memo[span] = _run_info(span)
        words, allcaps, delta = info
        if allcaps:
            continue  # an all-caps headline run: leave it to the descriptions
        if delta is None:
            continue  # function words only ("The", "In", "He"): never a name, wherever it stands
        if len(words) == 1 and _sentence_initial(text, start) and _RE_LOWER_NEXT.match(text, end, end + 2) \
                and words[0] not in caps and not (words[0][-2:] in _POSSESSIVE_S and words[0][:-2] in caps):
            continue  # "Several thousand people", "Masked thugs": a capitalised common word
        mention = _name_mention(text, start, end, field, start + delta, memo)
        if mention is not None:
            # a role extension can swallow the previous run ("Ostrel Foreign Ministry spokeswoman Nadia Vorenko")
            while mentions and mentions[-1].start >= mention.start and mentions[-1].end <= mention.end:
                mentions.pop()
                taken.pop()
            mentions.append(mention)
            taken.append((mention.start, mention.end))
            org = _organisation_before_role(mention, field) if mention.role and mention.kind == "name" else None
            if org is not None:
                # an organisation named before the title is a mention of its own: "Northgate Maritime chief
                # executive Saskia Lindqvist-Moor", "Port Authority director Henrik Voll"
                mentions.append(org)
                taken.append((org.start, org.end))
            if mention.name and mention.kind == "name" and ("’" in mention.text or "'" in mention.text):
                # a name possessor before the title stays a mention of its own, as in possessive descriptions:
                # "Reyl's justice spokeswoman Aisha Okafor-Lind", "the National Renewal Party's Viktor Hallam"
                pm = _RE_NAME_POSSESSOR.match(text, mention.start, mention.end)
                if pm and pm.end() <= mention.end - len(mention.name):
                    words = _WORD.findall(pm.group(1))
                    if words and words[-1].lower() not in _STOP_CAPS and not _is_role_word(words[-1]):
                        mentions.append(Mention(mention.start, pm.end(1), pm.group(1), "name", words[-1].lower(),
                                                _RE_LEADING_THE.sub("", pm.group(1)), None, None, field))
                        taken.append((mention.start, pm.end(1)))
    heads = _heads_compiled()
    n = len(text)
    # the name spans sorted by start, with the running maximum of their ends: a head start x
    # lies in a name span (a <= x < b) iff the spans starting at or before x reach beyond x
    name_spans = sorted(taken)
    starts = [a for a, _ in name_spans]
    reach = list(accumulate((b for _, b in name_spans), max))
    desc_reach = -1  # the largest end of the descriptions so far (all start before later heads)
    k, name_reach, n_names = 0, -1, len(name_spans)
    for m in _heads_finditer(text):
        h_start, h_end = m.span()
        while k < n_names and starts[k] <= h_start:  # heads come in increasing order
            name_reach = reach[k]
            k += 1
        if desc_reach > h_start:
            continue
        if name_reach > h_start:
            # a one-word name that is only the first word of a compound head noun ("Union bosses", "Coast
            # guard" at the start of a sentence): the compound is the mention
            a, b = name_spans[k - 1] if k else (-1, -1)
            if not (a == h_start and b < h_end and name_reach == b and " " not in text[a:b]
                    and text[b:b + 1].isspace() and (k < 2 or reach[k - 2] <= h_start)):
                continue
            mention = _description(text, h_start, h_end, field)
            if mention is None or mention.start != h_start:
                continue
            mentions[:] = [x for x in mentions if not (x.start == a and x.end == b)]
            mentions.append(mention)
            desc_reach = max(desc_reach, mention.end)
            continue
        if text[h_end:h_end + 2] in _POSSESSIVE_S:
            nxt = heads.match(text, h_end + 3) if h_end + 3 <= n else None
            nxt2 = _RE_WORD_SPACE.match(text, h_end + 3, h_end + 40)
            if nxt or (nxt2 and heads.match(text, nxt2.end())):
                continue  # the possessor of a description that follows ("the island's leader")
        mention = _description(text, h_start, h_end, field)
        if mention is None:
            continue
        before_end = bisect_left(starts, mention.end)  # the name spans that start before the mention ends
        # (every earlier description starts before this head, so before this mention ends: it overlaps one
        # exactly when it starts before the largest end of the descriptions so far)
        if mention.start < desc_reach or before_end and reach[before_end - 1] > mention.start \
                and not _names_in_possessor(mention, name_spans):
            continue  # overlaps a name (other than its possessor: "Harbor City's bus drivers") or a description
        mentions.append(mention)
        desc_reach = max(desc_reach, mention.end)
        if mention.possessor and mention.possessor.lower().startswith(("the ", "our ")):
            head_end = mention.start + len(mention.possessor)
            hm = _RE_LAST_WORD.search(mention.possessor)
            if hm and hm.group(1).lower() in referring_nouns() and hm.group(1)[0].islower():  # not "the Civic Alliance"
                mentions.append(Mention(mention.start, head_end, mention.possessor, "description",
                                        hm.group(1).lower(), None, _role_of(hm.group(1).lower()), None, field))
    mentions.sort(key=lambda x: (x.start, -x.end))
    return mentions


_RE_TOKEN = re.compile(r"\S+")
_TITLE_MODIFIERS = frozenset(("the", "former", "acting", "deputy", "outgoing", "incoming", "interim", "then", "new",
                              "senior", "veteran", "ex"))


def _organisation_before_role(mention: Mention, field: str) -> Mention | None:
    """The organisation named by the capitalised words before the role of a titled name: two or more words
    ("Northgate Maritime chief executive ...", "Ostrel Foreign Ministry spokeswoman ..."), or an acronym
    ("NRP councillor ..."); not one word, which is most often the title's own ("Finance Minister ...",
    "Government spokesman ...", "Harbor police chief ...")."""
    words = []
    for tok in _RE_TOKEN.finditer(mention.text):
        word = tok.group().strip(",")
        if _is_role_word(word) or word.lower().rstrip(".") in _TITLES:
            break
        if not word[:1].isupper() or word.endswith(("’s", "'s")):
            return None
        words.append(tok)
    else:
        return None
    while words and words[0].group().lower() in _TITLE_MODIFIERS:  # "The", "Former Northgate hull inspector ..."
        words = words[1:]
    if not words:
        return None
    last = words[-1].group()
    if len(words) == 1 and not (last.isupper() and len(last) >= 2):
        return None  # one capitalised word is the title's own ("Finance Minister", "Government spokesman")
    start, end = mention.start + words[0].start(), mention.start + words[-1].end()
    name = mention.text[words[0].start():words[-1].end()]
    return Mention(start, end, name, "name", last.lower(), name, None, None, field)


def _names_in_possessor(mention: Mention, name_spans: list) -> bool:
    """Do the name spans overlapping a possessive description all lie inside its possessor ("Corvenia's
    government", "The MSA's director"), or those overlapping a group before its head noun ("Harbor City
    voters")? Then the description nests the name, as "the island's leader" nests "the island"."""
    if mention.possessor:
        end = mention.start + len(mention.possessor) + 2  # the possessor and its "'s"
    elif mention.kind == "group" and mention.text[:1].isupper():
        end = mention.end - len(mention.head)  # a name before a group noun: "Harbor City voters"
    elif mention.field == "title" and mention.kind == "description":
        end = mention.end  # a headline description with a name in it: "Ostrel regime", "Coast guard"
    else:
        return False
    k = bisect_left(name_spans, (mention.start,))
    inside = False
    for a, b in name_spans[max(0, k - 1):]:
        if a >= mention.end:
            break
        if b <= mention.start:
            continue
        if a < mention.start or b > end:
            return False
        inside = True
    return inside


_RE_NAME_POSSESSOR = re.compile(r"((?:[Tt]he[ \t]+)?(?:[A-Z][\w’'\-]*[ \t]+){0,3}[A-Z][\w\-]*)[’'][sS][ \t]")
_RE_LEADING_THE = re.compile(r"^[Tt]he[ \t]+")
_RE_MID_CAP = re.compile(r"[a-z,;][ \t]+([A-Z][\w’'\-]+)")
_RE_CAP_RUN = re.compile(r"[A-Z][\w’'\-]+(?:[ \t]+[A-Z][\w’'\-]+)+")


def _midsentence_caps(text: str) -> set:
    """Capitalised words seen inside a sentence (so a sentence-initial one is a name, not a common word)."""
    found = set(_RE_MID_CAP.findall(text))
    for run in _RE_CAP_RUN.findall(text):  # words of multi-word names
        found.update(run.split()[1:])
    return found


def _sentence_initial(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\"“‘'(":
        j -= 1
    return j < 0 or text[j] in ".!?\n:–—"


def _tail_start(s: str, runs: int) -> int:
    """A position in ``s`` at or before the start of its last ``runs`` white-space separated runs.

    An end-anchored search for a pattern that spans at most ``runs`` such runs finds the
    same match from there as from 0, without trying every earlier start.
    """
    parts = s.rsplit(None, runs)
    return len(parts[0]) if len(parts) > runs else 0


_RE_ROLE_PREFIX = re.compile(r"((?:[A-Z][\w’'\-]*(?:[’']s)?\s+){0,4}(?:[a-z\-]+\s+){0,1}(?:[a-z\-]+))\s+$")
_RE_ROLE_AFTER = re.compile(r"[ \t]+([a-z][\w\-]*)(?![ \t]+[A-Z])")
_RE_HEAD_AFTER2 = re.compile(r"[ \t]+([a-z][a-z\-]*)(?:[ \t]+([a-z][a-z\-]*))?(?![\w’'\-])")
_PLACE_ORG_CLASSES = frozenset(("place", "company", "organisation", "union", "government"))
_RE_SPACE_CAP = re.compile(r"\s+[A-Z]")


def _name_mention(text: str, start: int, end: int, field: str, offset: int, memo: dict | None = None) \
        -> Mention | None:
    """The name mention of the capitalised run [start, end) whose name part starts at ``offset``
    (see :func:`_run_info`; runs that can never be names are filtered there).

    ``memo`` keeps, per run text, what does not depend on the text around the run (the end
    after trimming, the name, title and head); the left extension over a role noun, the role
    noun after the run and the capital after a demonym are looked up in ``text`` every time.
    """
    # extend left over lower-case role nouns and their capitalised premodifiers:
    # "Ostrel Foreign Ministry spokeswoman Nadia Vorenko" / "Opposition leader Tomas Reyl"
    s = offset
    before = text[max(0, s - 80):s]
    # The search below only matters when ``before`` ends in white space after a run of [a-z-]
    # that is a role word (that run is always the match's last word): test that cheaply first.
    stripped = before.rstrip()
    k = len(stripped)
    while k and stripped[k - 1] in _LOWER_RUN:
        k -= 1
    m = None
    if len(stripped) < len(before) and k < len(stripped) and _is_role_word(stripped[k:]):
        m = _RE_ROLE_PREFIX.search(before, _tail_start(before, 6))
    role = None
    if m and _is_role_word(m.group(1).split()[-1]):
        chunk = m.group(1)
        s = s - len(before) + m.start(1)
        if s >= 4 and text[s - 4:s] in ("the ", "The ") and (s == 4 or not _word_char(text[s - 5])):
            s -= 4  # "the NRP mayor Benedikt Strand", "the former president Elena Varga"
        role = chunk.split()[-1]
        return _name_parts(text, s, end, field, role, _name_static(text, s, end))
    key = (offset - start, text[start:end])
    static = memo.get(key) if memo is not None else None
    if static is None:
        static = _name_static(text, s, end)
        if memo is not None:
            memo[key] = static
    return _name_parts(text, s, end, field, role, static)


def _name_static(text: str, s: int, end: int) -> tuple:
    """The parts of a name mention that depend on ``text[s:end]`` only: (end, name tokens, titled, head)."""
    e = end
    while e > s and text[e - 1] in ".’'":
        if text[e - 1] == "." and text[max(s, e - 4):e].lower().rstrip(".") in _TITLES:
            break
        e -= 1
    if text[e - 2:e] in ("’s", "'s"):
        e -= 2
    tokens = _WORD.findall(text[s:e])
    # the name part: the trailing capitalised words that are not roles/titles/org heads
    name_tokens = []
    for tok in reversed(tokens):
        low = tok.lower().rstrip(".")
        if tok[0].isupper() and not _is_role_word(tok) and low not in _TITLES and not low.endswith(("’s", "'s")):
            name_tokens.append(tok)
        elif low in _PARTICLES and name_tokens:
            name_tokens.append(tok)
        else:
            break
    name_tokens.reverse()
    titled = [t for t in tokens[: len(tokens) - len(name_tokens)] if _is_role_word(t)]
    head = (name_tokens[-1] if name_tokens else tokens[-1]).lower()
    demonym = bool(name_tokens and len(name_tokens) == 1 and _is_demonym(name_tokens[0]) and not titled)
    return e - s, name_tokens, titled, head, demonym


def _name_parts(text: str, s: int, end: int, field: str, role: str | None, static: tuple) -> Mention:
    e_rel, name_tokens, titled, head, demonym = static
    e = s + e_rel
    after = _RE_ROLE_AFTER.match(text, e, e + 40)
    if after and _is_role_word(after.group(1)) and not text[e - 2:e] in ("’s", "'s"):
        possessor = text[s:e]
        e2 = after.end()
        return Mention(s, e2, text[s:e2], "description", after.group(1).lower(), None, after.group(1), possessor,
                       field)
    if len(name_tokens) == 1 and not titled and text[e:e + 1] == " " and "a" <= text[e + 1:e + 2] <= "z" \
            and not text[e - 2:e] in ("’s", "'s") and text[s:s + 4] not in ("the ", "The "):
        # a country's name or adjective before a government noun or "territory": "Ostrel territory", "Corvenian
        # authorities" (a description of that country's state)
        nxt = _RE_HEAD_AFTER2.match(text, e, e + 40)
        noun = nxt.group(1) if nxt else None
        if noun and (referring_nouns().get(noun, (None,))[0] == "government" or noun == "territory") \
                and not _RE_SPACE_CAP.match(text, nxt.end(1), nxt.end(1) + 2):
            return Mention(s, nxt.end(1), text[s:nxt.end(1)], "description", noun, None, None, text[s:e], field)
    if text[s:s + 4] in ("the ", "The ") and not text[e - 2:e] in ("’s", "'s"):
        # "the Mollberg detention centre", "the Ostrel port": a name modifying a place/organisation noun
        # (with at most one noun modifier between) is a description of that place or organisation
        place = _RE_HEAD_AFTER2.match(text, e, e + 60)
        for k in (2, 1) if place else ():
            noun = place.group(k)
            if noun and referring_nouns().get(noun, (None,))[0] in _PLACE_ORG_CLASSES \
                    and (k == 1 or place.group(1) not in _STOP_CAPS):
                e2 = place.end(k)
                if k == 1 or not _RE_SPACE_CAP.match(text, e2, e2 + 2):
                    return Mention(s, e2, text[s:e2], "description", noun, None, None, text[s:e], field)
    if titled and not role:
        role = " ".join(titled)
    if demonym and not _RE_SPACE_CAP.match(text, e, e + 2):
        kind = "demonym" if name_tokens[0].lower() not in _ORG_HEADS else "name"
    else:
        kind = "name"
    if not name_tokens and role:
        kind = "description"  # "Kessa leader"
    return Mention(s, e, text[s:e], kind, head, " ".join(name_tokens) or None, role, None, field)


_LOWER_RUN = frozenset("abcdefghijklmnopqrstuvwxyz-")


_ASCII_WORD_RUN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")


def _possessive_tail(before: str) -> bool:
    """Can ``before`` end in "'s" or a plural "s'" + white space, optionally + one [a-zA-Z-] word + white space?"""
    t = before.rstrip()
    if len(t) == len(before):
        return False
    if t[-2:-1] in ("’", "'") and t[-1:] in ("s", "S") or t[-2:-1] in ("s", "S") and t[-1:] in ("’", "'"):
        return True
    k = len(t)
    while k and t[k - 1] in _ASCII_WORD_RUN:
        k -= 1
    if k == len(t) or not t[k - 1:k].isspace():
        return False
    t = t[:k].rstrip()
    return t[-2:-1] in ("’", "'") and t[-1:] in ("s", "S") or t[-2:-1] in ("s", "S") and t[-1:] in ("’", "'")


_ROLE_WORD_MEMO: dict[str, bool] = {}


def _is_role_word(word: str) -> bool:
    known = _ROLE_WORD_MEMO.get(word)
    if known is None:
        low = word.lower().rstrip(".")
        known = low in role_classes() or low.split("-")[-1] in role_classes()
        if len(_ROLE_WORD_MEMO) > 200_000:  # bounded: a word's answer depends on the lexicon only
            _ROLE_WORD_MEMO.clear()
        _ROLE_WORD_MEMO[word] = known
    return known


_RE_NEXT_HEAD = re.compile(r"[ \t]+([A-Za-z][\w\-]*)")
_RE_WS = re.compile(r"\s+")
_RE_POSSESSOR = re.compile(
    # "the island's", "Harbor City's", "the ruling party's" (lower-case modifiers after a determiner), "the parents'"
    r"((?:(?:the|The|THE|our|Our|OUR)\s+(?:[a-z][a-z\-]*\s+){0,2})?(?:[A-Z][\w\-]*\s+){0,3}[\w\-]+"
    r"(?:[’'][sS]|(?<=[sS])[’']))\s+((?:[a-zA-Z\-]+\s+){0,1})$")
_RE_POSSESSIVE_END = re.compile(r"(?:[’']s|(?<=s)[’'])$")
_RE_LEAD_WORD = re.compile(r"([A-Za-z]+)\s+")
_RE_DETERMINER = re.compile(
    r"(?<![\w’'-])((?:the|our|its|their|this|these|a|an|any|every|his|her)\s+(?:[\w\-]+\s+){0,3})$", re.IGNORECASE)
_RE_CLAUSE_PUNCT = re.compile(r"[,;:.!?]")
_APPROX = (r"(?:(?:[Aa]bout|[Aa]round|[Nn]early|[Aa]lmost|[Rr]oughly|[Oo]ver|[Mm]ore\s+than|[Ff]ewer\s+than|"
           r"[Aa]t\s+least|[Uu]p\s+to|[Aa]n\s+estimated|[Ss]everal|[Ss]ome)\s+)?")
_RE_QUANTIFIER = re.compile(r"(?<![\w’'-])("
                            # a collective before the group: "a small group of union militants", "a handful of judges"
                            r"(?:[Aa]n?|[Aa]nother)\s+(?:(?:small|large|big|tiny|growing|noisy|angry|new)\s+)?"
                            r"(?:group|handful|band|gang|number|couple|boatload|busload|horde|swarm|wave|influx)"
                            r"\s+of\s+(?:[a-z\-]+\s+){0,3}|"
                            + _APPROX + r"(?i:" + _QUANT.pattern
                            + r")(?:\s+(?:hundred|thousand|million))?(?:\s+of)?\s+(?:[a-z\-]+\s+){0,2}|"
                            # a name before the group (up to three capitalised words, "Harbor City bus drivers")
                            # with one lower-case noun modifier
                            r"(?:[A-Z][a-z\-]+[ \t]+){1,3}(?:[a-z]+[ \t]+)?|"
                            # one adjective: hyphenated ("flag-waving", "hard-left") or by its suffix ("militant"),
                            # with at most one noun modifier after it ("militant bus union bosses")
                            r"(?:[a-z]+-[a-z]+|[a-z]+(?:ful|ous|ive|ant|ent))\s+(?:[a-z]{3,}\s+)?)$")
_RE_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d)")
_APPROX_WORDS = frozenset(("about", "around", "nearly", "almost", "roughly", "over", "more", "fewer", "at", "up",
                           "an", "several", "some"))
_IRREGULAR_PLURALS = frozenset(("police", "people", "children", "men", "women", "staff", "crew", "youth"))
# words that end a noun phrase's premodifiers: prepositions, conjunctions, determiners, relative and personal
# pronouns, auxiliaries ("the boat that the coast guard", "the square after the mob": the description is the
# last "determiner + modifiers + head" run); numerals and quantifiers stay modifiers ("the two towns")
_NOT_MODIFIERS = frozenset((_STOP_CAPS - {"one", "two", "some", "many", "most", "all", "both", "each", "every", "no",
                                          "last", "next", "earlier", "later", "still"})
                           | {"of", "and", "or", "to", "in", "for", "with", "by", "whose", "whom", "opposite", "near",
                              "across", "beyond", "outside", "inside", "behind", "toward", "towards", "than", "nor",
                              "said", "says", "say", "told", "tells"})


_DETERMINERS = frozenset(("the", "our", "its", "their", "this", "these", "a", "an", "any", "every", "his", "her"))
_WORDISH = frozenset("’'-_")


def _determiner_before(before: str) -> tuple[int, list[str]] | None:
    """(start, modifiers) of the match of ``_RE_DETERMINER`` in ``before``, or None: the same
    result as the end-anchored regex search (the first of :func:`_determiner_candidates`)."""
    return next(_determiner_candidates(before), None)


def _determiner_candidates(before: str):
    """Every (start, modifiers) where "determiner + up to three [\\w-]+ words" ends ``before``,
    leftmost (most words) first, read off the last four white-space runs.

    The first is the match of the end-anchored ``_RE_DETERMINER`` search: "determiner + white
    space + up to three [\\w-]+ words, each followed by white space" up to the end; the
    determiner must be the whole trailing [\\w’'-] part of its run (the look-behind). A
    determiner candidate with a non-ASCII letter (which IGNORECASE may fold onto an ASCII
    one) takes the regex (its one match) when nothing was yielded before it.
    """
    if not before or not before[-1].isspace():
        return
    runs = before.rsplit(None, 4)[-4:]
    n = len(runs)
    yielded = False
    for c in range(n, 0, -1):  # the most words first: the leftmost start
        run = runs[n - c]
        if run.isalpha():  # the usual case: the whole run is the candidate determiner
            k = 0
            if not run.isascii():
                if len(run) <= 5:
                    if not yielded and (found := _determiner_regex(before)) is not None:
                        yield found
                    return
                continue
            if run.lower() not in _DETERMINERS:
                continue
        else:
            k = len(run)
            while k and (run[k - 1].isalnum() or run[k - 1] in _WORDISH):
                k -= 1
            word = run[k:]
            if not word.isascii() and len(word) <= 5:
                if not yielded and (found := _determiner_regex(before)) is not None:
                    yield found
                return
            if word.lower() not in _DETERMINERS:
                continue
        mods = runs[n - c + 1:]
        if not all(w.isalnum() or not (m := w.replace("-", "").replace("_", "")) or m.isalnum() for w in mods):
            continue  # a modifier that is not [\\w-]+
        rest = before
        for r in reversed(runs[n - c:]):
            rest = rest.rstrip()
            rest = rest[:len(rest) - len(r)]
        yielded = True
        yield len(rest) + k, mods


def _determiner_regex(before: str) -> tuple[int, list[str]] | None:
    dm = _RE_DETERMINER.search(before, _tail_start(before, 5))
    if dm is None or _RE_CLAUSE_PUNCT.search(dm.group(1)):
        return None
    return dm.start(1), dm.group(1).split()[1:]


def _description(text: str, h_start: int, h_end: int, field: str) -> Mention | None:
    """A description ending in the head noun at [h_start, h_end)."""
    nouns = referring_nouns()
    # a role/head noun followed by another ("chief councillor", "defence minister"): the last is the head
    while True:
        nxt = _RE_NEXT_HEAD.match(text, h_end, h_end + 40)
        if not nxt or not (_is_role_word(nxt.group(1)) or nxt.group(1).lower() in nouns) \
                or nxt.group(1)[0].isupper() and not text[h_start].isupper():
            break
        h_end = nxt.end()
    matched = " ".join(text[h_start:h_end].split()).lower()  # == re.sub(r"\s+", " ", ...): \s is str.isspace
    head = matched if matched in nouns else matched.split()[-1]
    if head in _COLLECTIVES and _RE_OF_LOWER.match(text, h_end):
        return None  # "a group of several dozen people": a quantifier of the group noun that follows
    if nouns.get(head, (None,))[0] == "disease" and _RE_MEDICAL_COMPOUND.match(text, h_end):
        return None  # "the measles vaccine", "measles cases": the disease noun modifies another noun
    # extend right over a following head noun ("ruling party", "police officers")
    before = text[max(0, h_start - 90):h_start]
    # possessive: "the island's leader", "Dravinsk's regime", "Corvenia's government"
    # (end-anchored searches start at the last few white-space runs of the window: see _tail_start)
    pm = None
    if _possessive_tail(before):  # cheap necessary condition for the end-anchored search
        pm = _RE_POSSESSOR.search(before, _tail_start(before, 9))
    if pm and (pm.group(1)[0].isupper() or pm.group(1).lower().startswith(("the ", "our "))):
        start = h_start - len(before) + pm.start(1)
        possessor = _RE_POSSESSIVE_END.sub("", pm.group(1))
        lead = _RE_LEAD_WORD.match(possessor)
        while lead and lead.group(1).lower() in _STOP_CAPS and lead.group(1).lower() not in ("the", "our") \
                and lead.end() < len(possessor):
            # a sentence-initial function word is not part of the possessor ("As Harbor City's bus drivers")
            start += lead.end()
            possessor = possessor[lead.end():]
            lead = _RE_LEAD_WORD.match(possessor)
        return Mention(start, h_end, text[start:h_end], "description", head, None, _role_of(head), possessor, field)
    # the longest "determiner + modifiers" before the head whose modifiers are adjectives/nouns:
    # "the island" in "the leader of the island" ("the leader of the" is not a modifier run)
    for d_start, mods in _determiner_candidates(before):
        if all(not w[0].isupper() or _is_demonym(w) or w.isupper() for w in mods) or not mods:
            if any(w.lower() in _NOT_MODIFIERS for w in mods):
                continue
            start = h_start - len(before) + d_start
            return Mention(start, h_end, text[start:h_end], "description", head, None, _role_of(head), None, field)
        break  # capitalised modifiers ("the Civic Alliance candidate"): as before, not a description
    cls = nouns.get(head, (None, False))[0]
    plural = head.endswith("s") or head in _IRREGULAR_PLURALS
    if cls in _GROUP_HEAD_CLASSES and plural or cls in ("military", "disease") and not text[h_start].isupper():
        qm = _RE_QUANTIFIER.search(before, _tail_start(before, 9))
        start = h_start
        if qm and not _RE_CLAUSE_PUNCT.search(_RE_DIGIT_COMMA.sub("", qm.group(1))) \
                and (qm.group(1).split()[-1] == "of" or qm.group(1).split()[-1] not in _NOT_MODIFIERS):
            # ("3,200" is a number; "Harbor City as cranks": a function word is no modifier)
            words = qm.group(1).split()
            word = words[0]
            counted = len(words) > 1 and word.lower() in _APPROX_WORDS | {"a", "an"}  # "About 3,200 dockworkers"
            if counted or not (word[0].isupper() and word.lower() in _STOP_CAPS and not _QUANT.fullmatch(word)):
                start = h_start - len(before) + qm.start(1)
        return Mention(start, h_end, text[start:h_end], "group", head, None, None, None, field)
    if field == "title" and (cls or _role_of(head)):
        # headlines drop articles: "Regulator acts on …", "… despite company offer", "bus union strikes",
        # "react to school vaccine rule" (a bare head noun with up to two noun modifiers is a description)
        start = h_start
        upper = text[h_start:h_end].isupper()
        for word in before.rstrip("\n").split(" ")[::-1][1:3] if before.endswith(" ") else ():
            low = word.lower()
            if not word.replace("-", "").isalpha() or low in _STOP_CAPS or low.endswith("s") and \
                    not low.endswith(("ss", "us", "is")) or upper and not word.isupper():
                break  # (a capitalised modifier is a name: "Corvenia budget", "Ostrel regime")
            start -= len(word) + 1
        if text[start:h_start].strip() == "" or text[start:h_end].split()[0][:1].isalpha():
            return Mention(start, h_end, text[start:h_end], "description", head, None, _role_of(head), None, field)
    return None


_COLLECTIVES = frozenset(("group", "handful", "band", "gang", "number", "boatload", "busload", "horde", "swarm",
                          "wave", "influx"))
_RE_MEDICAL_COMPOUND = re.compile(r"[ \t]+(?:vaccines?|vaccinations?|jabs?|shots?|cases?|infections?|patients?|"
                                  r"tests?|symptoms?|deaths?|wards?|rates?)\b")
_RE_OF_LOWER = re.compile(r"[ \t]+of[ \t]+[a-z]")
_GROUP_HEAD_CLASSES = frozenset(("crowd", "migrants", "police", "people", "military", "court", "union",
                                 "organisation"))


def _role_of(head: str) -> str | None:
    return head if head in role_classes() or head.split()[-1] in role_classes() else None


# --------------------------------------------------------------------------- longer expressions

_APPOSITIVE_CHAR = r"(?:[^,;.()\n“”\"—–:!?]|(?<=\d)[.,](?=\d))"  # "310,000" and "4.3" do not end it
_RE_APPOSITIVE = re.compile(r",[ \t]+(" + _APPOSITIVE_CHAR + r"{1,120}?)"
                            r"(?=[;()\n“”\"—–:!?]|$|(?<!\d)[,.]|[,.](?!\d))")
_RE_COMMA = re.compile(r",[ \t]+")
_RE_SPACES = re.compile(r"[ \t]+")
_RE_OF_IN = re.compile(r"[ \t]+(of|in|at|for)[ \t]+")
_RE_LOCATION = re.compile(r",?[ \t]+(?:(?:about|some|roughly|around)[ \t]+)?(?:\d+(?:[.,]\d+)?[ \t]*"
                          r"(?:km|kilometres|kilometers|miles|metres|meters|m)[ \t]+)?"
                          r"(?:(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|"
                          r"northwest|southeast|southwest)[ \t]+of|outside|near|on[ \t]+the[ \t]+outskirts[ \t]+of)"
                          r"[ \t]+")
_RE_THE_PREMODIFIERS = re.compile(r"(?<![\w’'-])((?:the|The)[ \t]+(?:[a-z][a-z\-]+[ \t]+){1,2})$")
_RE_ACRONYM = re.compile(r"[ \t]*\(([A-Z][A-Z&]{1,7})\)")
_APPOSITIVE_OPENERS = frozenset(("the", "a", "an", "who", "which", "its", "his", "her", "their", "our", "whose",
                                 "now", "himself", "herself", "then", "also", "both"))
_PLACE_CLASSES = frozenset(("place", "country"))
_NOUN_PHRASE_OPENERS = frozenset(("the", "a", "an", "its", "his", "her", "their", "our"))
# auxiliaries, modals and reporting verbs: after a determiner they make a clause, not an appositive
_FINITE_VERBS = frozenset("is are was were be been has have had do does did will would can could shall should may "
                          "might must said says told added warned insisted claimed".split())


_RE_FRONTED_PLACE = re.compile(r"(?:^|[.!?][”\"’']?\s+|\n\s*)(?:In|At|On|From|Near|Inside|Outside|Across|Around|"
                               r"Throughout)[ \t]+(?:the[ \t]+)?$")
_RE_TIME_ADJUNCT = re.compile(r"(?:a|an|one|two|three|the|that|this)\s+(?:day|days|week|weeks|month|months|year|years|"
                              r"hour|hours|night|morning|evening)\s+(?:after|before|later|earlier|ago)\b", re.IGNORECASE)


def _appositive_ok(phrase: str) -> bool:
    """Does ``phrase`` (after "NAME, ") read as an appositive or a relative clause about the name?

    "the town's mayor", "a spokeswoman for the Red Cross", "who heads the island's
    administration", "justice spokesperson for the opposition", "71" (an age); not "said
    the minister", "and then left" or "the US would help Taiwan" (a clause).

    Examples
    --------
    >>> [_appositive_ok(p) for p in ("the town's mayor", "who heads the council", "the US would help Taiwan",
    ...                              "a day after the president confirmed it")]
    [True, True, False, False]
    """
    words = phrase.split()
    if not words or len(words) > 16:
        return False
    if _RE_TIME_ADJUNCT.match(phrase):
        return False  # "(the Kessa Strait,) a day after the president confirmed ...": when, not what
    first = words[0].lower()
    if first in _NOUN_PHRASE_OPENERS:
        for w in words[1:]:
            low = w.lower()
            if low in ("who", "which", "that", "whose", "whom"):
                break  # a relative clause may have verbs: "the deputy mayor who has spent years …"
            if low in _FINITE_VERBS:
                return False  # a clause, not a noun phrase: "(… mainland China,) the US would help Taiwan"
    if first in _APPOSITIVE_OPENERS or first.isdigit() and len(words) == 1:
        return True
    # a bare role phrase: a role noun among the first three words, none of them a verb-like "said"
    return words[0][0].islower() and any(_is_role_word(w.strip("’'")) for w in words[:3])


_RE_ROLE_BEFORE_NAME = re.compile(r"((?:[Aa]n?|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)[ \t]+(?:[\w’'\-]+[ \t]+){0,4}?"
                                  r"([a-z][\w\-]*)),[ \t]+$")
_ORG_NOUN_CLASSES = frozenset(("company", "organisation", "union", "group"))
_RE_GROUP_MAKEUP = re.compile(r"(?:including|among them|[\w\-]+ of them|(?:some|many|most|several|all|half|one)"
                              r" (?:with|of|in|under|aged|carrying|wearing)) ")
_RE_WORD_BEFORE = re.compile(r"(?<![\w’'-])([A-Za-z][a-z\-]*)[ \t]+$")
_RE_FIRST_WORD_AFTER = re.compile(r"[A-Za-z][a-z\-]*[ \t]+")
_RE_NP_BOUNDARY = re.compile(r"(?:^|[,;:(\n—–“\"‘]|[.!?][”\"’']?|(?<![\w’'-])(?:of|with|by|for|at|from|to|against|and|or|as|"
                             r"between|including|on|in|into|over|under|about|like|than|the|a|an|The|A|An|which|who|that|whose))[ \t]*$")


def _org_noun_before(text: str, start: int) -> int | None:
    """Start of "(determiner) (demonym) (up to three lower-case modifiers, "and" between them) + organisation
    noun" right before the name at ``start`` ("port operator", "Corvenian shipping and port group"), or None."""
    w = _RE_WORD_BEFORE.search(text, max(0, start - 30), start)
    if w is None or not _org_noun(w.group(1)):
        return None
    a = w.start(1)
    n_mods = 0
    while n_mods < 4:
        w = _RE_WORD_BEFORE.search(text, max(0, a - 30), a)
        if w is None:
            break
        word = w.group(1)
        low = word.lower()
        if word[0].isupper():
            if low not in _STOP_CAPS and _sentence_initial(text, w.start(1)) and not _is_demonym(word):
                a = w.start(1)  # "Port operator X" at the start of a sentence or headline
                break
            if _is_demonym(word) and low not in _STOP_CAPS:
                a = w.start(1)
                w = _RE_WORD_BEFORE.search(text, max(0, a - 30), a)
                word = w.group(1) if w else ""
            if word.lower() in ("the", "a", "an"):
                a = w.start(1)
            break
        if low in ("the", "a", "an"):
            a = w.start(1)
            break
        if low == "and":
            nxt = _RE_WORD_BEFORE.search(text, max(0, w.start(1) - 30), w.start(1))
            if n_mods == 0 or nxt is None or nxt.group(1)[0].isupper() or nxt.group(1) in _NOT_MODIFIERS:
                break
            a = nxt.start(1)
            n_mods += 1
            continue
        if low in _NOT_MODIFIERS or _is_role_word(word) or low.endswith(("ed", "ly")):
            break
        a = w.start(1)
        n_mods += 1
    # the phrase must start a noun phrase: after a preposition, conjunction, punctuation or at the start of a
    # sentence ("talks with port operator X", "and retail giant Y"); a lower-case word before it that is none of
    # these is most likely a verb and is dropped ("met port operator X" -> "port operator X")
    head = text[max(0, a - 40):a]
    if not head.strip() or _RE_NP_BOUNDARY.search(head) or text[a].isupper():
        return a
    nxt = _RE_FIRST_WORD_AFTER.match(text, a)
    if nxt is None or nxt.end() >= start:
        return None
    return nxt.end()


def _org_noun(noun: str) -> bool:
    """Is ``noun`` a referring noun for an organisation, company, union or group ("operator", "outfit", "organisers")?"""
    return referring_nouns().get(noun, (None,))[0] in _ORG_NOUN_CLASSES or noun in ("organisers", "organizers")


def extended_mentions(text: str, mentions: list[Mention], field: str = "text") -> list[Mention]:
    """Longer referring expressions built from adjacent mentions, in addition to them.

    * apposition: "Halvard Brix, the town's mayor", "Ines Talvik, a spokeswoman for the
      Red Cross", "Lio Tamsin, who heads the island's administration", "The union's chair,
      Dmitri Aalto", "A former Northgate hull inspector, Gustav Renn";
    * a name with its affiliation: "Kalina Voss of the Fair Fuel Coalition";
    * a name with its acronym: "The Maritime Safety Authority (MSA)";
    * a description with a complement: "the island of Kessa", "the people of Harbor City",
      "the regime in Dravinsk" (a place noun + "of" + name refers to the name).

    Examples
    --------
    >>> t = "Halvard Brix, the town's mayor, spoke. Kalina Voss of the Fair Fuel Coalition agreed."
    >>> [m.text for m in extended_mentions(t, find_mentions(t))]
    ["Halvard Brix, the town's mayor", 'Kalina Voss of the Fair Fuel Coalition']
    """
    out: list[Mention] = []
    by_start: dict[int, Mention] = {}
    for m in mentions:
        if m.start not in by_start or m.end > by_start[m.start].end:
            by_start[m.start] = m
    for m in mentions:
        if by_start.get(m.start) is not m:
            continue  # a nested mention (the possessor inside "the island's leader")
        end = m.end
        acr = _RE_ACRONYM.match(text, end)
        if acr:
            out.append(Mention(m.start, acr.end(), text[m.start:acr.end()], m.kind, m.head, m.name, m.role,
                               m.possessor, field))
        if m.kind == "name" and m.name and m.start >= 4 and text[m.start - 2:m.start] == ", " and " " in m.name:
            # a role description set before the name with a comma: "A former Northgate hull inspector, Gustav Renn"
            # (one whose modifiers are all lower case is a description mention already: see below)
            role = _RE_ROLE_BEFORE_NAME.search(text, max(0, m.start - 90), m.start)
            if role and _is_role_word(role.group(2)) and not any(
                    w.lower() in _FINITE_VERBS for w in role.group(1).split()) \
                    and _RE_NP_BOUNDARY.search(text[max(0, role.start(1) - 40):role.start(1)]):
                a = role.start(1)
                out.append(Mention(a, m.end, text[a:m.end], "name", m.head, m.name, role.group(2).lower(), None,
                                   field))
        if m.kind == "name" and m.name and m.start and not m.role and (m.text[:1].isupper() or m.text[:4] == "the "):
            # close apposition with an organisation noun and no determiner: "port operator Northgate Maritime",
            # "shipping giant Northgate Maritime", "Corvenian shipping and port group Northgate Maritime"
            a = _org_noun_before(text, m.start)
            if a is not None:
                noun = _RE_WORD_BEFORE.search(text, max(0, m.start - 30), m.start).group(1)
                out.append(Mention(a, m.end, text[a:m.end], "name", m.head, m.name, noun, None, field))
        comma = _RE_COMMA.match(text, end)
        if comma and m.kind == "group":
            # a group with its make-up: "63 asylum seekers, including 14 children", "63 asylum seekers, nine of
            # them women", "several hundred peaceful marchers, some with children"
            app = _RE_APPOSITIVE.match(text, end)
            if app and _RE_GROUP_MAKEUP.match(app.group(1)):
                out.append(Mention(m.start, app.end(1), text[m.start:app.end(1)], m.kind, m.head, None, m.role,
                                   None, field))
        if comma:
            nxt = by_start.get(comma.end())
            if m.kind == "description" and not m.role and nxt is not None and nxt.kind == "name" and nxt.name \
                    and m.text[:1].lower() == "t" and m.text.split()[0].lower() == "the" and _org_noun(m.head) \
                    and nxt.text.split()[0].lower() == "the":
                # "the organisers, the Fair Fuel Coalition": an organisation or group noun, then its name
                out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "name", nxt.head, nxt.name, None, None,
                                   field))
            if m.kind == "description" and m.role and nxt is not None and nxt.kind == "name" and nxt.name:
                # "The union's chair, Dmitri Aalto"
                out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "name", nxt.head, nxt.name,
                                   m.role or nxt.role, m.possessor, field))
            elif m.kind == "name" and m.name:
                app = _RE_APPOSITIVE.match(text, end)
                if app and _RE_FRONTED_PLACE.search(text, max(0, m.start - 20), m.start) \
                        and text[app.end(1):app.end(1) + 1] != ",":
                    # after a fronted adverbial only a phrase closed by a comma is an apposition: "In Eastbank, a
                    # district of mostly low-income families, ..." is; "In Alder Ford, the road bridge collapsed" not
                    app = None
                if app and app.group(1).isdigit() and len(app.group(1)) <= 3:
                    # an age, then the appositive proper: "Nadia Perrault-Sen, 44, a former housing lawyer"
                    longer = _RE_APPOSITIVE.match(text, app.end(1))
                    if longer and longer.group(1).split()[0].lower() in _APPOSITIVE_OPENERS \
                            and _appositive_ok(longer.group(1)):
                        out.append(Mention(m.start, longer.end(1), text[m.start:longer.end(1)], "name", m.head,
                                           m.name, m.role, m.possessor, field))
                if app and _appositive_ok(app.group(1)):
                    stop = app.end(1)
                    out.append(Mention(m.start, stop, text[m.start:stop], "name", m.head, m.name, m.role,
                                       m.possessor, field))
                    inner = by_start.get(app.start(1))
                    phrase = app.group(1)
                    if phrase.split()[0].lower() in ("a", "an", "the") and (inner is None or inner.end < stop):
                        # the whole appositive as a description of the name: "a self-governing territory
                        # of about 310,000 people" (grouped with the name through the apposition)
                        head = inner.head if inner is not None else phrase.split()[-1].lower()
                        out.append(Mention(app.start(1), stop, phrase, "description", head, None,
                                           inner.role if inner is not None else None, None, field))
        space = _RE_SPACES.match(text, end)
        if space and m.kind in ("description", "group") and m.text[:1].lower() == "t" \
                and m.text.split()[0].lower() == "the":
            nxt = by_start.get(space.end())
            if nxt is not None and nxt.kind == "name" and nxt.name and nxt.text[:1].isupper():
                # close apposition: "the rights group Open Borders Corvenia", "the parents' group Families for Choice"
                out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "name", nxt.head, nxt.name,
                                   m.role or nxt.role or (m.head if _org_noun(m.head) else None), None, field))
        if referring_nouns().get(m.head, (None,))[0] in _PLACE_CLASSES or m.kind == "name" and m.head in (
                "centre", "center", "camp", "prison", "base", "hospital", "port"):
            # a place with where it lies: "the Mollberg centre north of the city", "a camp, about 40 km south of
            # Tessk", "a detention centre outside the city"
            loc = _RE_LOCATION.match(text, end)
            if loc:
                nxt = by_start.get(loc.end())
                if nxt is not None and (nxt.kind == "name" or nxt.text.split()[0].lower() == "the"):
                    out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], m.kind, m.head, m.name, m.role,
                                       m.possessor, field))
        if m.kind == "name" and m.name and m.start >= 4:
            # "the" and lower-case premodifiers before a name: "the same Tomas Reyl", "the ruling National Renewal
            # Party (NRP)", "the embattled Northgate"
            pre = _RE_THE_PREMODIFIERS.search(text, max(0, m.start - 40), m.start)
            mods = pre.group(1).split()[1:] if pre else []
            # (a referring noun before the last modifier heads a phrase of its own: "The union opposes Northgate")
            if pre and not any(w in _NOT_MODIFIERS or _is_role_word(w) or w.endswith("ly") for w in mods) \
                    and not any(w.lower() in referring_nouns() for w in mods[:-1]):
                a = pre.start(1)
                stop = m.end
                acr = _RE_ACRONYM.match(text, stop)
                out.append(Mention(a, stop, text[a:stop], "name", m.head, m.name, m.role, m.possessor, field))
                if acr:
                    out.append(Mention(a, acr.end(), text[a:acr.end()], "name", m.head, m.name, m.role,
                                       m.possessor, field))
        link = _RE_OF_IN.match(text, end)
        if link and m.kind == "description" and m.role and link.group(1) == "of":
            nxt = by_start.get(link.end())
            if nxt is not None and nxt.kind == "description" and nxt.text.split()[0].lower() == "the" \
                    and not nxt.role:
                # a role of an organisation or place: "the director of the authority", "the mayor of the town"
                out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "description", m.head, None, m.role,
                                   nxt.text, field))
        if link:
            nxt = by_start.get(link.end())
            if nxt is not None and nxt.kind == "description" and nxt.text.split()[0].lower() == "the":
                named = by_start.get(nxt.end + 1)
                if named is not None and named.kind == "name" and text[nxt.end:nxt.end + 1] == " " and named.name:
                    # "of the opposition Civic Alliance": the description in close apposition to the name
                    nxt = Mention(nxt.start, named.end, text[nxt.start:named.end], "name", named.head, named.name,
                                  None, None, field)
            if nxt is not None and nxt.kind == "name":
                if m.kind == "name" and m.name and len(m.name.split()) >= 2 and link.group(1) == "of":
                    # "Kalina Voss of the Fair Fuel Coalition": the person
                    out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "name", m.head, m.name, m.role,
                                       nxt.name or nxt.text, field))
                elif m.kind == "group" and nxt.name and link.group(1) in ("in", "of") \
                        and m.text.split()[0].lower() not in ("the", "these", "this"):
                    # a group with its place: "Bus drivers in Harbor City", "thousands of commuters in Harbor City"
                    out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], m.kind, m.head, None, m.role,
                                       nxt.name, field))
                elif m.kind in ("description", "group") and m.text[:1].lower() == "t" \
                        and m.text.split()[0].lower() in ("the", "these", "this") and nxt.name:
                    place = referring_nouns().get(m.head, (None, False))[0] in _PLACE_CLASSES
                    if place and link.group(1) == "of":  # "the island of Kessa", "the town of Korrin"
                        out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], "name", nxt.head, nxt.name,
                                           None, None, field))
                    else:  # "the people of Harbor City", "the regime in Dravinsk": the head noun decides
                        out.append(Mention(m.start, nxt.end, text[m.start:nxt.end], m.kind, m.head, None, m.role,
                                           nxt.name, field))
    seen = {(x.start, x.end) for x in mentions}
    unique = []
    for x in out:  # two rules can build the same span ("the opposition Civic Alliance")
        if (x.start, x.end) not in seen:
            seen.add((x.start, x.end))
            unique.append(x)
    return unique


# --------------------------------------------------------------------------- grouping


def _content_words(name: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(name or "")
            if w.lower() not in _STOP_CAPS and w.lower() not in ("of", "the", "and") and w.lower() not in _TITLES]


@dataclass
class _Entity:
    id: str
    name: str
    words: set
    surname: str | None
    classes: set
    roles: set
    kind: str  # person / organisation / place / country / group / unknown
    affiliations: set = None  # capitalised words seen with a person's name (not the name): "kessa", "northgate"
    place: Place | None = None  # the places.tsv row the name stands for ("Taiwan": an island)
    capitals: set = None  # a country's capital names, lower case: news names a government by them ("beijing")

    def __post_init__(self):
        if self.affiliations is None:
            self.affiliations = set()
        if self.capitals is None:
            self.capitals = set()


def _entity_from(spec, index: int) -> _Entity:
    if isinstance(spec, dict):
        ent_id = str(spec.get("id") or spec.get("name") or index)
        name = str(spec.get("name") or ent_id)
        kind = str(spec.get("type") or "unknown")
    else:
        name = str(spec)
        ent_id = _slug(name)
        kind = "unknown"
    words = _content_words(name)
    classes = set()
    # the class of the name's head noun ("residents of the flooded towns" -> residents)
    head_part = re.split(r"\s+of\s+", name.lower())[0]
    head_words = _content_words(head_part)
    # the last word, or the last two ("asylum seekers"), of the head part
    tails = [head_words[-1]] if head_words else []
    if len(head_words) >= 2:
        tails.append(" ".join(head_words[-2:]))
    for w in tails + [name.lower(), head_part]:
        classes |= noun_classes().get(w, frozenset())
    if any(w.endswith("workers") or w == "union" for w in words):
        classes.add("union")  # trade unions: "... Workers' Federation", "... Union"
        classes.discard("country")  # "federation" names a country ("the Federation") but not a union
    if kind in ("law", "policy"):
        classes.add("policy")
    if kind == "disease":
        classes.add("disease")
    if kind in ("organisation", "organization") and any(w in ("government", "state", "cabinet") for w in words):
        classes.add("government")
    if kind == "country":
        classes.add("country")
    if kind in ("company", "union", "court", "police", "place"):
        classes.add(kind)
    caps = [w for w in _WORD.findall(name) if w[0].isupper() and w.lower() not in ("of", "the", "and")]
    if len(caps) >= 2:
        words.append("".join(w[0] for w in caps).lower())
    place = place_of(name)
    if place is not None and kind in ("person", "unknown", "place", "country"):
        # a listed place is no person ("Sri Lanka", "Taiwan"), whatever the discovery guessed
        kind = "country" if place.kind == "country" else "place"
        classes.add(kind)
    surname = words[-1] if words and kind in ("person", "unknown") else None
    words_set = set(words)
    capitals = set(_capitals().get(place.name, ())) if place is not None else set()
    return _Entity(ent_id, name, words_set, surname, classes, set(), kind, place=place, capitals=capitals)


def _learn_capitals(mentions: pd.DataFrame, entities: list[_Entity]) -> None:
    """Give each country entity the capitals the event's texts name for it (see :func:`_seat_hints`): said
    plainly once, or with a government body of the country speaking there in two or more articles."""
    if "seat_of" not in mentions.columns:
        return
    hints = mentions[mentions["seat_of"].notna()]
    votes: dict[tuple[str, str], list] = {}
    for name, country, how, article in zip(hints["name"].fillna(hints["text"]), hints["seat_of"],
                                          hints["seat_how"], hints["article_id"]):
        vote = votes.setdefault((_place_key(name), country.lower()), [set(), False])
        vote[0].add(article)
        vote[1] = vote[1] or how == "explicit"
    for (capital, country), (articles, explicit) in votes.items():
        if not explicit and len(articles) < 2:
            continue
        owners = [e for e in entities if e.kind not in ("person", "group")
                  and any(_demonym_of(w, e.words) for w in _content_words(country))
                  and _name_head(e.name) not in _GOVERNMENT_BODIES]  # the country, not its foreign ministry
        if len(owners) == 1:
            owners[0].capitals.add(capital)


def group_mentions(mentions: pd.DataFrame, key_entities=None) -> pd.Series:
    """Entity id for each mention row (``text``, ``kind``, ``head``, ``name``, ``role``,
    ``possessor``, ``article_id``, ``sentence``) of one event.

    ``key_entities``: list of names or dicts ``{"id", "name", "type"}``; when None, entities
    are formed from the name mentions (grouped by shared last word).

    Examples
    --------
    >>> df = entity_mentions(pd.DataFrame({"id": ["a"], "text": ["President Elena Varga spoke. Varga left. The president smiled."]}))
    >>> df["entity_id"].tolist()
    ['elena-varga', 'elena-varga', 'elena-varga']
    """
    if mentions.empty:
        return pd.Series([], dtype=object, index=mentions.index)
    discovering = key_entities is None
    if discovering:
        key_entities = _discover(mentions)
    entities = [_entity_from(spec, i) for i, spec in enumerate(key_entities)]
    _learn_capitals(mentions, entities)
    # titles and roles seen with each entity's names (for "the president")
    assigned: dict[int, str | None] = {}
    for idx, row in mentions.iterrows():
        if row["kind"] in ("name", "demonym"):
            ent = _match_name(row, entities)
            assigned[idx] = ent.id if ent else None
            if ent is not None and row["role"]:
                for word in row["role"].split():
                    if _is_role_word(word):
                        ent.roles.add(_role_class(word))
                    else:
                        # an organisation noun in close apposition ("port operator Northgate Maritime"): its class
                        cls = referring_nouns().get(word.lower(), (None,))[0]
                        if cls in ("company", "organisation", "union"):  # ("group" says too little)
                            ent.classes.add(cls)
            if ent is not None and ent.kind in _PERSON_KINDS:
                # affiliation: the capitalised words around the name ("Kessa's Chief Councillor Lio Tamsin",
                # "Northgate Maritime's chief executive, Saskia Lindqvist-Moor") name whom the person works for
                ent.affiliations.update(_affiliation_words(row))
    # appositions: "NAME, DESCRIPTION" / "DESCRIPTION, NAME"
    apposed: dict[str, str] = {}
    rows = list(mentions.iterrows())
    pairs = []
    for k, (i, a) in enumerate(rows):
        for j, b in rows[k + 1:k + 4]:
            if b["article_id"] == a["article_id"] and b["field"] == a["field"] and b["start"] >= a["end"]:
                pairs.append(((i, a), (j, b)))
                break
    by_id = {e.id: e for e in entities}
    for (i, a), (j, b) in pairs:
        gap = a.get("gap_after", None)
        if not isinstance(gap, str):
            continue
        if _RE_APPOSITION_GAP.fullmatch(gap):
            if a["kind"] == "name" and b["kind"] != "name" and assigned.get(i) \
                    and not (b["kind"] == "group" and "," != gap.strip()):  # not "O'Brien, who employs 22 people"
                apposed[_norm(b["text"])] = assigned[i]
                _learn_role(by_id.get(assigned[i]), b, entities)
            elif b["kind"] == "name" and a["kind"] != "name" and assigned.get(j):
                apposed[_norm(a["text"])] = assigned[j]
                _learn_role(by_id.get(assigned[j]), a, entities)
        elif _RE_COPULA_GAP.fullmatch(gap) and a["kind"] == "name" and b["kind"] == "description" and b["role"] \
                and assigned.get(i):
            # "Tsai Ing-wen became the first president of Taiwan": a role description said of a person
            apposed[_norm(b["text"])] = assigned[i]
            _learn_role(by_id.get(assigned[i]), b, entities)
    for idx, row in mentions.iterrows():
        if idx in assigned:
            continue
        ent_id = apposed.get(_norm(row["text"]))
        if ent_id is None:
            ent = _match_description(row, entities)
            ent_id = ent.id if ent else None
        assigned[idx] = ent_id
    # co-occurrence for the rest: the one key entity named in the same sentence most often
    out = pd.Series([assigned.get(i) for i in mentions.index], index=mentions.index, dtype=object)
    missing = out.isna()
    if missing.any():
        named = mentions.assign(entity_id=out)
        sentence_entities = named.dropna(subset=["entity_id"]).groupby(["article_id", "sentence"])["entity_id"] \
            .agg(lambda s: set(s))
        for norm_text, idxs in named[missing].groupby(named.loc[missing, "text"].map(_norm)).groups.items():
            votes: dict[str, int] = {}
            for i in idxs:
                key = (mentions.at[i, "article_id"], mentions.at[i, "sentence"])
                ents = sentence_entities.get(key, set())
                if len(ents) == 1:
                    e = next(iter(ents))
                    votes[e] = votes.get(e, 0) + 1
            if votes:
                best, n = max(votes.items(), key=lambda kv: (kv[1], kv[0]))
                # (not "our nation": the outlet's own side, as often the other party of its sentence)
                first = mentions.loc[idxs[0]]
                if n * 2 > len(idxs) and first["kind"] == "description" and not _RE_OUR.match(norm_text) \
                        and not (first["role"] and _RE_PRONOUN_OWNER.match(norm_text)) \
                        and _compatible(first, by_id[best]):
                    out.loc[list(idxs)] = best
        _nearest_antecedents(mentions, out, by_id)
        # the one group actor of the event: a people or crowd noun still unresolved ("thousands of people",
        # "these people", "the group") goes to the only key entity that is a group, when there is exactly one
        groups = [e for e in by_id.values() if e.kind == "group"]
        if len(groups) == 1:
            for i in out[out.isna()].index:
                if mentions.at[i, "kind"] in ("description", "group") and \
                        _fits_group(mentions.at[i, "head"], mentions.at[i, "text"], groups[0]):
                    out.at[i] = groups[0].id
        for i in out[out.isna()].index:
            name = mentions.at[i, "name"] or mentions.at[i, "text"]
            if discovering and mentions.at[i, "kind"] == "name" and _content_words(name):
                # a name beyond the discovered entities: its own entity, not an unresolved "~strait"
                out.at[i] = _slug(_RE_LEADING_THE.sub("", name))
            else:
                out.at[i] = "~" + mentions.at[i, "head"]  # an unresolved description: its own (head-noun) entity
    return out


_RE_OUR = re.compile(r"(?:our|my)\s", re.IGNORECASE)
_RE_PRONOUN_OWNER = re.compile(r"(?:its|their|his|her)\s", re.IGNORECASE)
# "the new mayor", "the incoming president": the holder who takes the role over, whom the nearest person
# mentioned before (the loser, the predecessor, a commentator) usually is not
_RE_NEW_HOLDER = re.compile(r"(?:the\s+)?(?:new|incoming|next|future)\s", re.IGNORECASE)
_RE_APPOSITION_GAP = re.compile(r",\s*(?:(?:who|which)\s+[a-z]+\s+)?")
_RE_COPULA_GAP = re.compile(r"\s+(?:is|was|became|becomes|remains|remained|has\s+been|had\s+been|"
                            r"(?:serves|served|works|worked|acts|acted)\s+as)\s+")


def _learn_role(ent: _Entity | None, description, entities: list[_Entity]) -> None:
    """Give a person the role class and affiliation of a role description said of them ("Lio Tamsin,
    the island's chief councillor"), so a later "the island's leader" or "the councillor" can find them."""
    if ent is None or ent.kind not in _PERSON_KINDS or not description["role"]:
        return
    ent.roles.add(_role_class(description["role"].split()[-1]))
    ent.affiliations.update(_description_affiliation(description, entities))


def _place_by_noun(noun: str | None, entities: list[_Entity]) -> _Entity | None:
    """The one entity of the event that is a listed place described by ``noun`` ("island" -> Taiwan), or None."""
    fitting = [e for e in entities if e.place is not None and noun in e.place.nouns]
    return fitting[0] if len(fitting) == 1 else None


_ORG_KINDS = frozenset(("organisation", "organization", "company", "union", "court", "party", "government"))
_PERSON_KINDS = frozenset(("person", "unknown"))
_GROUP_CLASSES = frozenset(("crowd", "people", "migrants", "group", "police", "military"))
_UNIFORMED = frozenset(("police", "military"))  # group classes that never stand for another group
_DESCRIBED_KINDS = frozenset(("group", "policy", "law", "disease"))  # key entities named by a description
_SPECIFIC_ORG_CLASSES = frozenset(("company", "union", "court", "government", "police", "military"))  # not interchangeable


def _compatible(row, ent: _Entity) -> bool:
    """Can the description ``row`` refer to ``ent``, judging by the kind of its head noun only?

    A role noun ("the new mayor") names a person; an organisation noun ("the company",
    "the firm", "the party") an organisation; a group noun ("the passengers", "these
    people") a group; a country/place noun ("our nation", "the town") a country or place.
    """
    cls = referring_nouns().get(row["head"], (None, False))[0]
    if cls is None and row["role"]:
        if ent.kind not in _PERSON_KINDS:
            return False
        # a person of other affiliations is someone else: "the Civic Alliance's justice spokesperson" is not the
        # Labour Minister (roles are no test: "the mayor" was introduced as the candidate, "the boss" as leader)
        affiliation = _description_affiliation(row, [])
        return not (affiliation and ent.affiliations and not ent.affiliations & affiliation)
    if cls in ("company", "organisation", "union", "court") or cls in _GROUP_CLASSES:
        if _names_another(row, ent, places_allowed=True):
            return False  # "the Civic Alliance" is not the safety authority, "Red Cross workers" not the migrants
    if cls in ("company", "organisation", "union", "court"):
        # an organisation of another known kind is not it: "the court" is not a campaign coalition, "the
        # party" not the court
        if cls in ent.classes:
            return True
        return ent.kind in _ORG_KINDS and not ent.classes & _SPECIFIC_ORG_CLASSES and (
            cls == "organisation" or not ent.classes)
    if cls in ("government", "country", "place") and _names_another(row, ent):
        return False  # "Dravinsk's regime", "the authorities in Dravinsk": not the Corvenian government
    if cls == "government":
        if _is_government_body_for(ent, row["head"]):
            return False
        # a government noun names a country's government, not any organisation: "drag the government to
        # court" after a campaign group is named is not the campaign group
        return ent.kind == "country" or "government" in ent.classes
    if cls in ("country", "place"):
        return ent.kind in ("country", "place")
    if cls in _GROUP_CLASSES:
        if cls in _UNIFORMED or ent.classes & _UNIFORMED:  # "police" are not the strikers, "families" not troops
            return cls in ent.classes
        return ent.kind == "group" or cls in ent.classes
    return False


_PLAIN_GROUP_WORDS = frozenset(("the", "a", "an", "this", "that", "small", "large", "big", "tiny", "growing", "group"))


def _fits_group(head: str, text: str, ent: _Entity) -> bool:
    """Can an unresolved description with this head noun stand for the group entity ``ent``? "people" (counted or
    not) and a plain "the group" / "a small group" can; a crowd or migrants noun when the entity is of that class."""
    if head == "people":
        return text.lower() not in ("people", "the people")  # counted or pointed at: "thousands of people"
    if head == "group":
        return all(w in _PLAIN_GROUP_WORDS for w in text.lower().split())
    cls = referring_nouns().get(head, (None,))[0]
    return cls in ("crowd", "migrants") and cls in ent.classes


def _nearest_antecedents(mentions: pd.DataFrame, out: pd.Series, by_id: dict) -> None:
    """Resolve the still unresolved descriptions to the nearest preceding key-entity mention of a
    compatible kind in the same or the previous sentence of the same article (a common
    antecedent rule of rule-based coreference: "Northgate Maritime ... The company said")."""
    if not by_id:
        return
    order = mentions.sort_values(["article_id", "field", "start"], kind="stable").index
    recent: list[tuple[int, str]] = []  # (sentence, entity id) of the resolved mentions so far in this text
    current = None
    names: list = []  # the name mentions so far in this text
    for i in order:
        key = (mentions.at[i, "article_id"], mentions.at[i, "field"])
        if key != current:
            current, recent, names = key, [], []
        if mentions.at[i, "kind"] == "name":
            names.append(i)
        sentence = mentions.at[i, "sentence"]
        ent_id = out.at[i]
        if isinstance(ent_id, str):
            if ent_id in by_id:
                recent.append((sentence, ent_id))
            continue
        if mentions.at[i, "kind"] not in ("description", "group"):
            continue
        row = mentions.loc[i]
        if (_RE_PRONOUN_OWNER.match(row["text"]) or _RE_OUR.match(row["text"])) and \
                (referring_nouns().get(row["head"], (None,))[0] in ("country", "place") or row["role"]):
            continue  # "its territory", "our nation": the owner's land; "her father": someone else than she
        if row["role"] and _RE_NEW_HOLDER.match(row["text"]):
            continue  # "The new mayor" after the opposition leader's comment is not the opposition leader
        if row["role"] and _RE_INDEFINITE.match(row["text"]):
            # "a company inspector": someone new (see _match_description); but "Ines Talvik, a spokeswoman": her
            name = _appositive_of(mentions, names, i)
            if name is not None and isinstance(out.at[name], str):
                out.at[i] = out.at[name]
            continue
        window = []
        for sent, cand in reversed(recent):
            if sent < sentence - 1:
                break
            window.append(cand)
        cls = referring_nouns().get(row["head"], (None, False))[0]
        # an entity of the head noun's own class first ("the company" -> the company, not the regulator named
        # after it), then any compatible kind
        exact = [c for c in window if cls and (cls in by_id[c].classes or by_id[c].kind == cls)]
        for cand in exact or window:
            if _compatible(row, by_id[cand]):
                out.at[i] = cand
                break


def _appositive_of(mentions: pd.DataFrame, names: list, i):
    """The name mention that mention ``i`` stands in apposition to ("Ines Talvik, a spokeswoman"): the
    last name ending before it with only a comma in between; None when there is none."""
    start = mentions.at[i, "start"]
    for name in reversed(names):
        end, gap = mentions.at[name, "end"], mentions.at[name, "gap_after"]
        if end <= start:
            return name if isinstance(gap, str) and gap.strip() == "," and end + len(gap) == start else None
    return None


def _role_class(role: str) -> str:
    low = role.lower().rstrip(".")
    return role_classes().get(low) or role_classes().get(low.split("-")[-1]) or low


def _norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text.strip())
    return re.sub(r"^(The|Our|Its|Their|This|These)\b", lambda m: m.group(1).lower(), text)


def _head_of_name(text: str | None, name: str | None) -> str | None:
    """``text`` without a leading "the" when it is "<Head noun> of <name>" ("Port of Valmore" for the name
    "Valmore"), else None."""
    if not text or not name:
        return None
    full = _RE_LEADING_THE.sub("", text)
    return full if full != name and re.fullmatch(r"[A-Z][a-z]+ of " + re.escape(name), full) else None


def _match_name(row, entities: list[_Entity]) -> _Entity | None:
    full = _head_of_name(row["text"], row["name"])
    if full is not None:
        for ent in entities:
            if _RE_LEADING_THE.sub("", ent.name) == full:
                return ent
    key = _place_key(row["name"] or row["text"])
    for ent in entities:  # a capital for its country's government: "Beijing says", "Dravinsk warned"
        if key in ent.capitals:
            return ent
    place = place_of(row["name"] or row["text"])
    if place is not None:  # "the US", "America" -> United States
        for ent in entities:
            if ent.place == place:
                return ent
    words = _content_words(row["name"] or row["text"])
    if not words:
        return None
    last = words[-1]
    for ent in entities:  # surname / last word first
        if ent.surname and ent.surname == last:
            return ent
    # a name ending in a place noun names a place: "Harbor City" is not "Harbor City voters" or the "Harbor
    # City Police", whose names have another head
    if noun_classes().get(last, frozenset()) & _PLACE_CLASSES:
        entities = [ent for ent in entities if ent.kind in _PLACE_CLASSES or _name_head(ent.name) == last]
    for ent in entities:
        if last in ent.words:
            return ent
    # shared words other than the last: all of the entity's name words, or two or more ("Harbor" alone does not
    # make "the Port of Harbor City" the Harbor Dockworkers' Union)
    scored = [(len(set(words) & ent.words), -k, ent) for k, ent in enumerate(entities)
              if len(set(words) & ent.words) >= min(2, len(ent.words))]
    if scored:
        return max(scored, key=lambda x: (x[0], x[1]))[2]
    return None


_RE_RELATIVE_TAIL = re.compile(r",\s+(?:which|who|whose|whom|that)\s")


def _affiliation_words(row) -> set:
    """Capitalised words of a name mention outside its name part, lower case (no titles, roles, function words)."""
    name = set(_WORD.findall(row["name"] or ""))
    # (not the words of a relative clause: "Beijing, which sees Taiwan as …" is no affiliation with Taiwan)
    text = _RE_RELATIVE_TAIL.split(row["text"], 1)[0]
    return {w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text)
            if w[0].isupper() and w not in name and w.lower() not in _STOP_CAPS and w.lower() not in _TITLES
            and not _is_role_word(w)} - {""}


def _demonym_of(word: str, names: set) -> bool:
    """Is ``word`` (lower case) one of ``names`` or its adjective ("corvenian" / "corvenia", "chinese" / "china")?"""
    if word in names:
        return True
    place = demonyms().get(word)
    if place is not None and set(place.split()) <= names:  # "dutch" / "netherlands", "british" / "britain"
        return True
    for name in names:
        if len(name) >= 4 and (word.startswith(name) and word[len(name):] in ("n", "an", "ian", "ese", "ish", "i")
                               or name[-1] in "aeiouy" and word.startswith(name[:-1])
                               and word[len(name) - 1:] in ("an", "ian", "ese", "ish", "i")):
            return True
    return False


def _description_affiliation(row, entities: list[_Entity]) -> set:
    """Words naming whom a role description belongs to: its capitalised words and possessor ("Kessa leader",
    "Northgate chief", "the island's leader"), with the words of the entity the possessor's head noun names."""
    words = _names_in_description(row)
    if isinstance(row["possessor"], str):
        pos = _content_words(row["possessor"])
        words.update(pos)
        if pos:
            for ent in entities:
                if (pos[-1] in ent.words or " ".join(pos) in ent.capitals) and ent.kind not in _PERSON_KINDS:
                    words.update(ent.words)
            place = _place_by_noun(pos[-1], entities)  # "the island's leader": the island is Taiwan
            if place is not None:
                words.update(place.words)
    return words - {""}


_VOICE_CLASSES = frozenset(("spokesperson", "representative"))  # roles that speak for an organisation


def _voiced_organisation(row, entities: list[_Entity]) -> _Entity | None:
    """The one organisation, government or country a spokesperson description names: by a word of its name or
    demonym ("a Northgate spokeswoman", "a Corvenian army spokesman") or by the class of a lower-case noun
    ("A government spokesman" -> the event's one government entity)."""
    words = [w.lower() for w in _WORD.findall(row["text"])[1:-1]]
    if not words:
        return None
    named = [e for e in entities if e.kind not in _PERSON_KINDS and e.kind not in _DESCRIBED_KINDS
             and any(w in e.words or _demonym_of(w, e.words) for w in words if w not in _STOP_CAPS)]
    if len(named) == 1:
        return named[0]
    classes = {c for w in words for c in noun_classes().get(w, ())} & (_SPECIFIC_ORG_CLASSES | {"country"})
    owners = [e for e in entities if e.kind not in _PERSON_KINDS and e.classes & classes]
    return owners[0] if len(owners) == 1 else None


_RE_INDEFINITE = re.compile(r"(?:an?|one|another)\s", re.IGNORECASE)


def _match_description(row, entities: list[_Entity]) -> _Entity | None:
    head = row["head"]
    # a role noun ("the president", "the island's leader"): the entity introduced with that title; not an
    # indefinite one ("A government spokesman said"): it brings in someone new, as rule-based coreference
    # has it (Lee et al. 2013 resolve no indefinite mention to an antecedent)
    if row["role"] and _RE_INDEFINITE.match(row["text"]):
        # ... but an unnamed spokesperson speaks for the organisation named with it ("A government spokesman",
        # "a Northgate spokeswoman"): a label of that organisation
        if _role_class(row["role"].split()[-1]) in _VOICE_CLASSES:
            return _voiced_organisation(row, entities)
        return None
    if row["role"]:
        cls = _role_class(row["role"].split()[-1])
        affiliation = _description_affiliation(row, entities)
        if affiliation:
            # one person introduced with that affiliation ("Kessa's Chief Councillor Lio Tamsin" for "the island's
            # leader", "Northgate Maritime's chief executive, Saskia Lindqvist-Moor" for "Northgate chief")
            members = [e for e in entities if e.kind in _PERSON_KINDS and e.affiliations & affiliation]
            titled = [e for e in members if cls in e.roles]
            if len(titled) == 1:
                return titled[0]
            holders = [e for e in entities if cls in e.roles]
            if len(members) == 1 and len(holders) != 1:
                return members[0]
        holders = [e for e in entities if cls in e.roles]
        if affiliation:  # "the Civic Alliance's justice spokesperson" is not the Red Cross spokeswoman
            holders = [e for e in holders if not e.affiliations or e.affiliations & affiliation]
        if len(holders) == 1:
            return holders[0]
        if len(holders) > 1 and isinstance(row["possessor"], str):
            pos = _content_words(row["possessor"])
            for e in holders:
                if any(p in " ".join(sorted(e.words)) for p in pos):
                    return e
    cls = referring_nouns().get(head, (None, False))[0]
    if cls in ("government", "country", "place"):
        # a country's name or adjective in the description: "Ostrel regime", "the Corvenian state", "Ostrel territory"
        named = _names_in_description(row)
        if named:
            governed = [e for e in entities if named & e.capitals]  # "Dravinsk's regime": the country's government
            if len(governed) == 1 and cls != "place":
                return governed[0]
            matches = [e for e in entities if e.kind not in _PERSON_KINDS
                       and any(_demonym_of(w, e.words) or w in e.capitals for w in named)]
            fitting = [e for e in matches if "government" in e.classes or e.kind == "country" or cls in e.classes]
            if len(fitting) == 1 or len(matches) == 1:
                return fitting[0] if len(fitting) == 1 else matches[0]
    if row["kind"] == "group" and cls:
        owners = _owners(cls, entities)
        if len(owners) == 1:
            return owners[0]
    # the head noun is a word of an entity's name ("the island" -> Kessa Island; "the coast guard"
    # -> Corvenian Coast Guard: the last word of a multi-word head)
    last = head.split()[-1] if head else head
    named = [ent for ent in entities
             if head in ent.words or head.rstrip("s") in ent.words or last != head and last in ent.words]
    # the entity whose name has that head noun: "the port" is the Port of Valmore, not the Amalgamated Port
    # Workers' Union; "the city" is not "Harbor City voters" (a group's name says what it is in its head)
    headed = [ent for ent in named if _name_head(ent.name) in (head, last, head.rstrip("s"))]
    if headed or named and not all(ent.kind in _DESCRIBED_KINDS for ent in named):
        return headed[0] if headed else next(ent for ent in named if ent.kind not in _DESCRIBED_KINDS)
    # a listed place's description noun, when the event names one such place ("the island" -> Taiwan)
    place = _place_by_noun(last, entities) if row["kind"] == "description" and not row["role"] else None
    if place is not None:
        return place
    # a group counted with the number in a group entity's name ("63 people", "the 63 asylum seekers")
    if row["kind"] in ("group", "description"):
        numbers = {w.replace(",", "") for w in row["text"].split() if w.replace(",", "").isdigit()}
        if numbers:
            counted = [e for e in entities if e.kind == "group" and numbers & e.words]
            if len(counted) == 1:
                return counted[0]
    cls = referring_nouns().get(head, (None, False))[0]
    if cls:
        # (not for the place class: "the river", "the capital" and "the port" are different places, and
        # the one place entity of an event is often none of them)
        owners = _owners(cls, entities) if cls != "place" else []
        if cls == "government":
            owners = [e for e in owners if not _is_government_body_for(e, last)]
        if cls in ("government", "country"):
            owners = [e for e in owners if not _names_another(row, e)]
        if len(owners) == 1:
            return owners[0]
        if isinstance(row["possessor"], str) and cls in ("government", "country"):
            pos = _content_words(row["possessor"])
            for ent in entities:
                if set(pos) & ent.words:
                    return ent
    return None


def _names_in_description(row) -> set:
    """The capitalised words of a description other than its head, lower case, without a possessive
    ending: "Dravinsk's regime" -> {"dravinsk"}, "the Corvenian state" -> {"corvenian"}, "Kessa leader" ->
    {"kessa"}. Sentence-initial function words ("The"), titles and role nouns ("the Prime Minister's
    government") are not names."""
    words = {w.lower().removesuffix("’s").removesuffix("'s") for w in _WORD.findall(row["text"])
             if w[0].isupper() and w.lower() not in _STOP_CAPS}
    return {w for w in words if w and w != row["head"] and w not in _TITLES and not _is_role_word(w)}


def _names_another(row, ent: _Entity, places_allowed: bool = False) -> bool:
    """Does a description name something other than ``ent``? Each of its names must be a word of the entity's
    name, its demonym or one of its capitals. With ``places_allowed`` (organisation and group nouns), a place
    may stand with them: "Harbor City dockworkers" can be the strikers, "Red Cross workers" cannot."""
    named = _names_in_description(row)
    if places_allowed and named:
        named = {w for w in named if not (w in _known_places() or _is_demonym(w.capitalize())
                                          or noun_classes().get(w, frozenset()) & _PLACE_CLASSES)}
        run_words = [w.lower() for w in _WORD.findall(row["text"]) if w[0].isupper()]
        if run_words and noun_classes().get(run_words[-1], frozenset()) & _PLACE_CLASSES:
            named -= set(run_words)  # "Harbor City": a name ending in a place noun is a place
    return bool(named) and not all(w in ent.words or w in ent.capitals or _demonym_of(w, ent.words) for w in named)


_GOVERNMENT_BODIES = frozenset(("ministry", "department", "office", "agency", "authority", "commission", "council",
                                "bureau", "directorate", "inspectorate", "service"))


def _is_government_body_for(ent: _Entity, head: str | None) -> bool:
    """Is ``ent`` a ministry, agency or the like that a government noun ``head`` cannot mean? A ministry is
    part of a government, not "the government", "the regime" or "the state" ("the ministry" still finds it)."""
    body = _name_head(ent.name)
    last = head.split()[-1] if head else head
    return body in _GOVERNMENT_BODIES and body != last


def _name_head(name: str) -> str | None:
    """The head noun of a name, lower case: its last content word before any "of" ("Port of Valmore" ->
    port, "Amalgamated Port Workers' Union" -> union)."""
    words = _content_words(re.split(r"\s+of\s+", name, maxsplit=1)[0])
    return words[-1] if words else None


def _owners(cls: str, entities: list[_Entity]) -> list[_Entity]:
    """The entities of class ``cls``; when several, those whose kind fits the class ("union bosses" -> the
    union organisation, not a group of striking workers whose name also says "workers")."""
    owners = [e for e in entities if cls in e.classes]
    if len(owners) > 1:
        fitting = [e for e in owners if (e.kind in _ORG_KINDS if cls in _ORG_CLASSES else
                                         e.kind == "group" if cls in _GROUP_CLASSES else
                                         e.kind in ("country", "place") if cls in ("country", "place") else False)]
        if len(fitting) == 1:
            return fitting
    return owners


_ORG_CLASSES = frozenset(("company", "organisation", "union", "court", "government"))


_RE_HYPHENATED_GIVEN_NAME = re.compile(r"[A-Z][a-z]+-[a-z]+")  # "Ing-wen", "Jong-un", "Hsien-loong"


def _discover(mentions: pd.DataFrame, top: int = 30) -> list[dict]:
    """Entities from name mentions: grouped by last word, named by their longest name.

    A one-word name that is the first word of exactly one person's full name joins that
    person when the full name came with a title or role ("spokesman Wang Wenbin" ... "Wang
    was speaking") or ends in a hyphenated given name ("Tsai Ing-wen" ... "Tsai believes"):
    family name first, as in Chinese and Korean names.

    Examples
    --------
    >>> rows = pd.DataFrame({"kind": ["name"] * 3, "name": ["Wang Wenbin", "Wang", "Tsai Ing-wen"],
    ...                      "text": ["spokesman Wang Wenbin", "Wang", "Tsai Ing-wen"], "role": ["spokesman", None, None]})
    >>> [e["id"] for e in _discover(rows)]
    ['wang-wenbin', 'tsai-ing-wen']
    """
    names = mentions[mentions["kind"] == "name"]
    groups: dict[str, list[str]] = {}
    person_firsts: dict[str, set] = {}  # first word -> last words of the titled / family-name-first full names
    roles = names["role"] if "role" in names.columns else pd.Series([None] * len(names), index=names.index)
    for value, text, role in zip(names["name"].fillna(names["text"]), names["text"], roles):
        full = _head_of_name(text, value)
        if full is not None:
            # "the Port of Valmore", "the University of Harbor City": an entity of its own, named in full
            # (its head noun says what it is), not the place it is of
            groups.setdefault(full.lower(), []).append(full)
            continue
        words = _content_words(value)
        if words:
            place = place_of(value)
            # a listed place's aliases share its group ("US", "America" -> United States)
            key = _content_words(place.name)[-1] if place is not None and _content_words(place.name) else words[-1]
            groups.setdefault(key, []).append(value)
            parts = value.split()
            if len(words) >= 2 and (isinstance(role, str) and role or
                                    len(parts) == 2 and _RE_HYPHENATED_GIVEN_NAME.fullmatch(parts[-1])):
                person_firsts.setdefault(words[0], set()).add(words[-1])
    for first, lasts in person_firsts.items():
        if len(lasts) == 1 and first in groups and first not in lasts \
                and all(len(_content_words(v)) == 1 for v in groups[first]):
            groups[next(iter(lasts))].extend(groups.pop(first))
    _merge_acronyms(groups)
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:top]
    out = []
    for last, values in ranked:
        listed = [place_of(v) for v in values]
        listed = [p for p in listed if p is not None]
        if len(listed) * 2 >= len(values):  # mostly a listed place: named and typed as such ("China", not
            place = Counter(listed).most_common(1)[0][0]  # "the One China" of "the One China principle")
            out.append({"id": _slug(place.name), "name": place.name,
                        "type": "country" if place.kind == "country" else "place"})
            continue
        full = max(values, key=lambda v: (len(_content_words(v)), v))
        out.append({"id": _slug(full), "name": full,
                    "type": "person" if len(_content_words(full)) >= 2 and last not in _ORG_HEADS else "unknown"})
    return out


def _merge_acronyms(groups: dict[str, list[str]]) -> None:
    """Move a group of one all-capital word into the group whose multi-word name it abbreviates
    ("WHO" -> World Health Organization, "NATO" -> North Atlantic Treaty Organization), in place.

    Examples
    --------
    >>> groups = {"organization": ["the World Health Organization"], "who": ["WHO", "WHO"], "smith": ["Smith"]}
    >>> _merge_acronyms(groups); groups
    {'organization': ['the World Health Organization', 'WHO', 'WHO'], 'smith': ['Smith']}
    """
    initials: dict[str, str] = {}
    for key, values in groups.items():
        for value in values:
            capitals = [w for w in _WORD.findall(value) if w[0].isupper() and w.lower() not in ("of", "the", "and")]
            if len(capitals) >= 2:
                initials.setdefault("".join(w[0] for w in capitals), key)
    for key in list(groups):
        values = groups[key]
        word = values[0].removeprefix("the ").removeprefix("The ")
        target = initials.get(word)
        if (2 <= len(word) <= 6 and word.isalpha() and word.isupper() and target is not None and target != key
                and all(v.removeprefix("the ").removeprefix("The ") == word for v in values)):
            groups[target].extend(groups.pop(key))


# --------------------------------------------------------------------------- public tables


_NAME_PART = r"[A-Z][\w'’-]+(?:[ \t]+[A-Z][\w'’-]+)?"
_RE_SEAT_EXPLICIT = re.compile(
    rf"\b(?P<x>{_NAME_PART}),[ \t]+(?:the[ \t]+)?capital[ \t]+of[ \t]+(?:the[ \t]+)?(?P<c>{_NAME_PART})"
    rf"|\bthe[ \t]+(?P<c2>{_NAME_PART})[ \t]+capital,?[ \t]+(?P<x2>{_NAME_PART})")
_RE_SEAT_LOCATED = re.compile(
    rf"\b[Ii]n[ \t]+(?P<x>{_NAME_PART}),[ \t]+(?:the[ \t]+)?(?P<c>[A-Z][\w'’-]+?)(?:['’]s)?[ \t]+"
    rf"(?:[A-Z][\w-]+[ \t]+)?(?:Ministry|Government|government|ministry|Foreign[ \t]+Office|Defence[ \t]+Ministry)\b")


def _seat_hints(text: str) -> dict[int, tuple[str, str]]:
    """Where ``text`` says a place is a country's capital: start of the place name -> (country or its
    adjective, how). ``explicit``: "Dravinsk, the capital of the Ostrel Federation", "the Ostrel capital,
    Dravinsk"; ``located``: a government body of the country speaking there, "In Dravinsk, Ostrel
    Foreign Ministry spokeswoman Nadia Vorenko said" (counted only when several articles say so).

    Examples
    --------
    >>> text = "In Dravinsk, Ostrel Foreign Ministry spokeswoman Nadia Vorenko said so."
    >>> _seat_hints(text)
    {3: ('Ostrel', 'located')}
    """
    if "capital" not in text and "inistry" not in text and "overnment" not in text and "Office" not in text:
        return {}
    out: dict[int, tuple[str, str]] = {}
    for m in _RE_SEAT_EXPLICIT.finditer(text):
        x = "x" if m.group("x") else "x2"
        out[m.start(x)] = (m.group("c") or m.group("c2"), "explicit")
    for m in _RE_SEAT_LOCATED.finditer(text):
        out.setdefault(m.start("x"), (m.group("c"), "located"))
    return out


def mention_rows(articles_df: pd.DataFrame) -> pd.DataFrame:
    """All mentions of all articles (ungrouped), with sentence index and the text after each."""
    from framescope.framing.base import as_docs
    from framescope.text import sentence_spans

    rows = []
    outlets = articles_df["outlet"].tolist() if "outlet" in articles_df.columns else [None] * len(articles_df)
    events = articles_df["event"].tolist() if "event" in articles_df.columns else [None] * len(articles_df)
    docs = as_docs(articles_df)
    known: dict = {}
    for doc, event in zip(docs, events):
        known.setdefault(event if isinstance(event, str) else None, set()).update(
            _midsentence_caps(doc.title + "\n" + doc.text))
    for doc, outlet, event in zip(docs, outlets, events):
        names = frozenset(known.get(event if isinstance(event, str) else None, ()))
        for field, source in (("title", doc.title), ("text", doc.text)):
            if not source:
                continue
            spans = sentence_spans(source)
            found = find_mentions(source, field=field, context=doc.text if field == "title" else doc.title,
                                  known_names=names)
            extra = extended_mentions(source, found, field)
            if extra:
                found = sorted(found + extra, key=lambda x: (x.start, -x.end))
            seats = _seat_hints(source)
            for k, m in enumerate(found):
                sentence = next((i for i, (a, b) in enumerate(spans) if a <= m.start < b), -1)
                nxt = next((f.start for f in found[k + 1:] if f.start >= m.end), m.end)
                seat = seats.get(m.start) if m.kind == "name" else None
                rows.append({"article_id": doc.id, "outlet": outlet,
                             "event": None if not isinstance(event, str) else event, "field": field,
                             "start": m.start, "end": m.end, "text": m.text, "kind": m.kind, "head": m.head,
                             "name": m.name, "role": m.role, "possessor": m.possessor, "sentence": sentence,
                             "gap_after": source[m.end:nxt] if nxt - m.end < 40 else None,
                             "seat_of": seat[0] if seat else None, "seat_how": seat[1] if seat else None})
    columns = ["article_id", "outlet", "event", "field", "start", "end", "text", "kind", "head", "name", "role",
               "possessor", "sentence", "gap_after", "seat_of", "seat_how"]
    frame = pd.DataFrame(rows, columns=columns)
    for name in ("outlet", "event", "name", "role", "possessor", "gap_after", "text", "head", "kind", "field",
                 "seat_of", "seat_how"):
        frame[name] = pd.Series([v if isinstance(v, str) else None for v in frame[name]], index=frame.index,
                                dtype=object)
    return frame


def entity_mentions(articles_df: pd.DataFrame, *, key_entities=None) -> pd.DataFrame:
    """Mentions of entities, grouped into entities within each event across outlets.

    Parameters
    ----------
    articles_df : DataFrame
        Articles (``id``, ``text``; ``title``, ``outlet``, ``event`` used when present).
        Grouping runs per ``event`` (all rows together without that column).
    key_entities : list, optional
        Names or ``{"id", "name", "type"}`` dicts of the entities to group mentions
        into; by default entities are discovered from the name mentions.

    Returns
    -------
    DataFrame
        article_id, outlet, event, field, start, end, text, entity_id, kind. Mentions may
        nest: a longer expression (:func:`extended_mentions`, "Lio Tamsin, the island's
        leader") is listed before the mentions inside it.

    Examples
    --------
    >>> df = pd.DataFrame({"id": ["a", "b"], "outlet": ["x", "y"], "event": ["e", "e"],
    ...     "text": ["Lio Tamsin, the island's leader, spoke on Kessa Island.", "The island's leader said no."]})
    >>> entity_mentions(df, key_entities=["Lio Tamsin", "Kessa Island"])[["text", "entity_id"]].values.tolist()
    [["Lio Tamsin, the island's leader", 'lio-tamsin'], ['Lio Tamsin', 'lio-tamsin'], ["the island's leader", 'lio-tamsin'], ['the island', 'kessa-island'], ['Kessa Island', 'kessa-island'], ["The island's leader", 'lio-tamsin'], ['The island', 'kessa-island']]
    """
    rows = mention_rows(articles_df)
    columns = ["article_id", "outlet", "event", "field", "start", "end", "text", "entity_id", "kind"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows["entity_id"] = pd.Series([None] * len(rows), index=rows.index, dtype=object)
    for _, idx in rows.groupby(rows["event"].fillna("\x00"), sort=False).groups.items():
        sub = rows.loc[idx]
        rows.loc[idx, "entity_id"] = group_mentions(sub, key_entities).values
    return rows[columns + ["head", "name", "role", "possessor", "sentence"]].drop(
        columns=["head", "name", "role", "possessor", "sentence"])
