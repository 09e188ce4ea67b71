"""Sourcing: who is quoted, how much, how they are introduced (attribution-verb stance), anonymous sources."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import invalid_choice
from framescope.framing.base import Doc, FramingFamily, as_docs, evidence_frame
from framescope.framing.quotes import Quote, extract_quotes, quotes_frame, unify_speakers
from framescope.labels import VERB_STANCES
from framescope.text import word_count

_FEATURES = (["n_quotes", "n_direct", "n_indirect", "n_speakers", "quoted_word_share", "anonymous_count"]
             + [f"stance_{s}" for s in VERB_STANCES]
             + ["share_loaded_verbs", "first_quote_position"])


class Sourcing(FramingFamily):
    """Per-article sourcing profile from rule-based quote extraction (:func:`extract_quotes`).

    Quotes are direct (in quote marks; partial quotes included) or indirect ("X said
    that …", "according to X, …"). Speakers are attributed by name, title, pronoun and
    role reference; attribution verbs carry a stance from the project lexicon
    (neutral *said*, endorsing *noted*, doubting *claimed*, conceding *admitted*,
    alarming *warned*), following the report-verb idea of Recasens et al. (2013).

    Features (body and headline together): ``n_quotes``, ``n_direct`` (incl. partial),
    ``n_indirect``, ``n_speakers`` (distinct named speakers or organisations; anonymous
    and vague sources are not counted),
    ``quoted_word_share`` (quoted words / body words), ``anonymous_count`` (quotes from
    anonymous or vague sources), ``stance_<s>`` for the five verb stances (counts),
    ``share_loaded_verbs`` (share of quotes whose verb is doubting, conceding or
    alarming), ``first_quote_position`` (start of the first body quote as a fraction of
    the body length; 1.0 when there is none).

    Evidence: each quote (label = its verb stance, or ``quote`` when it has no verb;
    weight = its word count), each attribution verb (label = stance) and each anonymity
    cue (label ``anonymous``).

    Parameters
    ----------
    indirect : bool, default True
        Count indirect speech as quotes.

    Examples
    --------
    >>> s = Sourcing().fit(["x"])
    >>> row = s.transform(["“We will win,” Mayor Ann Lee said. Critics claimed the plan would fail."])[0]
    >>> values = dict(zip(s.feature_names(), row.tolist()))
    >>> values["n_quotes"], values["stance_doubting"], values["anonymous_count"]
    (2.0, 1.0, 1.0)
    """

    family = "sourcing"
    version = 8  # 8: a relative sharing a surname is another person, two descriptions in apposition, a described person after a preposition, 'X, who said'; 7: 'Speaker' (of a legislature) is a title (roles.tsv); 6: a place-noun affiliation ('island') names the one listed place of that kind; 5: speakers named later (same role class or same act), the unnamed person of a lede, headline roles, 'the firm'/'the retailer' subjects, head-first organisation names, dateline kept out of tail-attributed clauses; 4: news-copy quote rules (according-to clause and document sources, appeals 'urged X to', people nouns before post-modifiers, 'the company' -> named company, anonymous 'people familiar with', headline fragments repeating body quotes, « » with spaces); 3: a role reference no longer resolves to a lone place name; reported clauses drop a leading comma; 2: issue-6 speaker rules (group speakers, n_speakers without anonymous sources, new role nouns)

    def __init__(self, *, indirect: bool = True):
        self.indirect = indirect

    def feature_names(self) -> list[str]:
        return list(_FEATURES)

    def _quotes(self, doc: Doc) -> list[Quote]:
        quotes = extract_quotes(doc.text, title=doc.title)
        if not self.indirect:
            quotes = [q for q in quotes if q.kind != "indirect"]
        return quotes

    def analyse(self, docs: Sequence[Doc]) -> tuple[np.ndarray, pd.DataFrame]:
        values = np.zeros((len(docs), len(_FEATURES)))
        col = {name: i for i, name in enumerate(_FEATURES)}
        rows: list[tuple] = []
        for r, doc in enumerate(docs):
            quotes = self._quotes(doc)
            body_words = word_count(doc.text)
            values[r, col["first_quote_position"]] = 1.0
            if not quotes:
                continue
            speakers = {q.speaker.lower() for q in quotes if q.speaker and not q.anonymous}
            words = [word_count(q.text) for q in quotes]
            quoted_words = sum(w for q, w in zip(quotes, words) if q.field == "text")
            values[r, col["n_quotes"]] = len(quotes)
            values[r, col["n_direct"]] = sum(q.kind != "indirect" for q in quotes)
            values[r, col["n_indirect"]] = sum(q.kind == "indirect" for q in quotes)
            values[r, col["n_speakers"]] = len(speakers)
            values[r, col["quoted_word_share"]] = min(1.0, quoted_words / body_words) if body_words else 0.0
            values[r, col["anonymous_count"]] = sum(q.anonymous for q in quotes)
            loaded = 0
            for q in quotes:
                if q.verb is not None and q.verb_stance in VERB_STANCES:
                    values[r, col[f"stance_{q.verb_stance}"]] += 1
                    loaded += q.verb_stance in ("doubting", "conceding", "alarming")
            values[r, col["share_loaded_verbs"]] = loaded / len(quotes)
            body = [q for q in quotes if q.field == "text"]
            if body and doc.text:
                values[r, col["first_quote_position"]] = min(q.start for q in body) / len(doc.text)
            seen_verbs = set()
            for q, n_words in zip(quotes, words):
                label = q.verb_stance if q.verb is not None else "quote"
                rows.append((doc.id, q.field, q.start, q.end, "sourcing", label, q.text, float(n_words)))
                if q.verb is not None and q.verb_start is not None and (q.field, q.verb_start) not in seen_verbs:
                    seen_verbs.add((q.field, q.verb_start))
                    source = doc.title if q.field == "title" else doc.text
                    rows.append((doc.id, q.field, q.verb_start, q.verb_end, "sourcing", q.verb_stance,
                                 source[q.verb_start:q.verb_end], 1.0))
                for a, b in q.cue_spans:
                    source = doc.title if q.field == "title" else doc.text
                    rows.append((doc.id, q.field, a, b, "sourcing", "anonymous", source[a:b], 1.0))
        return values, evidence_frame(rows)

    # ------------------------------------------------------------------ tables

    def quote_table(self, X) -> pd.DataFrame:
        """One row per quote.

        Columns: article_id, field, start, end, text, speaker, speaker_id (unified within
        an event when ``X`` has an ``event`` column, else across ``X``), role,
        organisation, verb, stance, kind, anonymous, words.

        Examples
        --------
        >>> df = pd.DataFrame({"id": ["a"], "text": ["“No,” said Ann Lee. Officials claimed it was fine."]})
        >>> Sourcing().quote_table(df)[["speaker", "stance", "kind", "anonymous"]].to_dict("records")
        [{'speaker': 'Ann Lee', 'stance': 'neutral', 'kind': 'direct', 'anonymous': False}, {'speaker': None, 'stance': 'doubting', 'kind': 'indirect', 'anonymous': True}]
        """
        docs = as_docs(X)
        events = _column(X, "event", len(docs))
        outlets = _column(X, "outlet", len(docs))
        frames = []
        for doc, event, outlet in zip(docs, events, outlets):
            frame = quotes_frame(self._quotes(doc), article_id=doc.id)
            frame["event"] = event
            frame["outlet"] = outlet
            frames.append(frame)
        table = pd.concat(frames, ignore_index=True) if frames else quotes_frame([]).assign(event=None, outlet=None)
        table["speaker_id"] = pd.Series([None] * len(table), dtype=object)
        for _, idx in table.groupby(table["event"].fillna("\x00").astype(str), sort=False).groups.items():
            sub = table.loc[idx]
            pairs = [(_str(s), _str(r)) for s, r in zip(sub["speaker"], sub["speaker_role"])]
            ids = unify_speakers(pairs)
            table.loc[idx, "speaker_id"] = ["anonymous" if a else ids[p] for p, a in zip(pairs, sub["anonymous"])]
        for name in ("speaker", "speaker_role", "organisation", "verb", "verb_stance"):
            table[name] = pd.Series([_str(v) for v in table[name]], index=table.index, dtype=object)
        table = table.rename(columns={"speaker_role": "role", "verb_stance": "stance"})
        columns = ["article_id", "outlet", "event", "field", "start", "end", "text", "speaker", "speaker_id", "role",
                   "organisation", "verb", "stance", "kind", "anonymous", "words"]
        return table[columns].reset_index(drop=True)

    def voice_shares(self, X, by: str = "speaker") -> pd.DataFrame:
        """Words quoted per voice in each article, and the share of the article in that voice.

        Parameters
        ----------
        X : articles DataFrame (or texts)
        by : {"speaker", "organisation"}
            Group quotes by unified speaker id or by organisation/affiliation (a quote
            without organisation falls back to its speaker; anonymous quotes form the
            voice ``"anonymous"``).

        Returns
        -------
        DataFrame
            article_id, voice, n_quotes, words, share_of_quotes (of the article's quoted
            words), share_of_article (of its body words), first_position (char offset of
            the voice's first quote), rank (1 = quoted first).

        Examples
        --------
        >>> df = pd.DataFrame({"id": ["a"], "text": ["“Yes, yes,” said Ann Lee. “No,” said Bo Chen."]})
        >>> Sourcing().voice_shares(df)[["voice", "words", "rank"]].to_dict("records")
        [{'voice': 'ann-lee', 'words': 2, 'rank': 1}, {'voice': 'bo-chen', 'words': 1, 'rank': 2}]
        """
        if by not in ("speaker", "organisation"):
            raise invalid_choice("voice grouping", by, ["speaker", "organisation"])
        table = self.quote_table(X)
        table = table[table["field"] == "text"]
        columns = ["article_id", "voice", "n_quotes", "words", "share_of_quotes", "share_of_article",
                   "first_position", "rank"]
        if table.empty:
            return pd.DataFrame(columns=columns)
        if by == "speaker":
            voice = table["speaker_id"]
        else:
            voice = [("anonymous" if a and not o else (o or s or sid))
                     for o, s, sid, a in zip(table["organisation"], table["speaker"], table["speaker_id"],
                                             table["anonymous"])]
        table = table.assign(voice=voice)
        body_words = {d.id: word_count(d.text) for d in as_docs(X)}
        grouped = (table.groupby(["article_id", "voice"], sort=False)
                   .agg(n_quotes=("text", "size"), words=("words", "sum"), first_position=("start", "min"))
                   .reset_index())
        totals = grouped.groupby("article_id")["words"].transform("sum")
        grouped["share_of_quotes"] = np.where(totals > 0, grouped["words"] / totals.where(totals > 0, 1), 0.0)
        grouped["share_of_article"] = [w / body_words[a] if body_words.get(a) else 0.0
                                       for a, w in zip(grouped["article_id"], grouped["words"])]
        grouped["rank"] = grouped.groupby("article_id")["first_position"].rank(method="first").astype(int)
        return grouped.sort_values(["article_id", "rank"], kind="stable")[columns].reset_index(drop=True)


def _str(value):
    return value if isinstance(value, str) and value else None


def _column(X, name: str, n: int) -> list:
    if isinstance(X, pd.DataFrame) and name in X.columns:
        return [None if (v is None or (isinstance(v, float) and v != v)) else v for v in X[name]]
    return [None] * n


def stored_quotes(db, target: str) -> pd.DataFrame:
    """Quotes of one stored article (id or unique prefix of 6+ characters) or of every article of an event.

    Parameters
    ----------
    db : path of the corpus database (None: the default database)
    target : an article id (or prefix) or an event id

    Returns
    -------
    DataFrame
        The :meth:`Sourcing.quote_table` columns, ``organisation`` renamed ``affiliation``.

    Raises
    ------
    NotFoundError
        When ``target`` is neither an event nor an article; the message lists some events.

    Examples
    --------
    >>> from framescope.store import Store
    >>> from framescope.article import Article
    >>> path = __import__("tempfile").mkdtemp() + "/q.db"
    >>> with Store(path) as store:
    ...     _ = store.add_articles([Article(outlet="x.example", title="T", text="“No,” said Ann Lee.")])
    ...     article_id = store.ids()[0]
    >>> stored_quotes(path, article_id[:8])[["text", "speaker", "stance"]].values.tolist()
    [['No,', 'Ann Lee', 'neutral']]
    """
    from framescope.article import articles_to_frame
    from framescope.errors import NotFoundError
    from framescope.store import Store

    with Store(db) as store:
        frame = store.articles(event=target)
        if frame.empty:
            try:
                article = store.get(target)
            except NotFoundError:
                events = [r[0] for r in store.conn.execute(
                    "SELECT DISTINCT event FROM articles WHERE event IS NOT NULL ORDER BY event LIMIT 12")]
                hint = f" (events: {', '.join(events)})" if events else ""
                raise NotFoundError(f"{target!r} is neither an event nor an article id in {store.path}{hint}")
            frame = articles_to_frame([article])
            row = store.conn.execute("SELECT event FROM articles WHERE id=?", (article.id,)).fetchone()
            frame["event"] = row[0] if row else None
    table = Sourcing().quote_table(frame)
    return table.rename(columns={"organisation": "affiliation"})


def quote_records(table: pd.DataFrame) -> list[dict]:
    """JSON-ready records of a :func:`stored_quotes` table (span as ``[start, end]``).

    Examples
    --------
    >>> t = Sourcing().quote_table(pd.DataFrame({"id": ["a"], "text": ["“No,” said Ann Lee."]}))
    >>> quote_records(t.rename(columns={"organisation": "affiliation"}))[0]["span"]
    [1, 4]
    """
    records = []
    for row in table.itertuples(index=False):
        records.append({"article_id": row.article_id, "outlet": row.outlet, "field": row.field, "text": row.text,
                        "span": [int(row.start), int(row.end)], "kind": row.kind, "speaker": row.speaker,
                        "speaker_id": row.speaker_id, "role": row.role, "affiliation": row.affiliation,
                        "verb": row.verb, "verb_stance": row.stance, "anonymous": bool(row.anonymous)})
    return records
