"""compare_event: how N outlets framed one event, every finding tied to evidence spans."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.article import normalise_outlet
from framescope.compare.coverage import ALIGN_THRESHOLD, Coverage, align_coverage
from framescope.compare.distinctive import DistinctiveTerms, distinctive_terms
from framescope.compare.similarity import Separability, outlet_similarity, separability
from framescope.errors import InputError, InvalidValueError, NotFoundError
from framescope.labels import GENERIC_FRAMES, ISSUE_FRAME_NAMES, ISSUE_FRAMES
from framescope.text import word_count

MIN_ARTICLES = 3
"""Findings resting on fewer articles than this per outlet are flagged ``anecdotal``."""

ARTICLE_COLUMNS = ["id", "outlet", "url", "title", "published", "text", "event", "duplicate_of"]


@dataclass
class Comparison:
    """How the outlets framed one event (or the articles matching a query).

    Every table is a labelled pandas object indexed or keyed by outlet; every finding
    carries evidence (article id, field, character span) and sample sizes. Anything
    resting on fewer than :data:`MIN_ARTICLES` articles per outlet is flagged
    ``anecdotal``.

    Attributes
    ----------
    event : id, label, query, first/last publication, outlets, n_articles.
    articles : the compared articles (id, outlet, url, title, published, text, event, duplicate_of).
    coverage : per outlet: articles, reprints (wire copy, ``duplicate_of``), own_articles,
        words (own articles), first, last, lag_hours behind the first report, anecdotal.
    framing : per outlet: primary_frame, primary_share, the 15 issue-frame shares
        (``issue__<frame>``) and the 5 generic-frame scores (``generic__<frame>``), n_articles.
    article_frames : per article: outlet, primary_frame.
    tone : per outlet: the tone features averaged over its articles.
    entity_tone : outlet x key entity, mean sentence compound of the sentences naming it.
    quotes : every quote found (article_id, outlet, speaker, side, verb, stance, span...).
    voices : share of quoted words per outlet and speaker (``share``), with quote counts.
    sides : share of quoted words per outlet and side.
    verb_stances : outlet x stance, count of attribution verbs.
    anonymous : per outlet, anonymous/vague sources.
    labels : the naming table: how each outlet refers to each key entity.
    persuasion : outlet x technique, count of persuasion cues (cues, not verdicts).
    distinctive : :class:`~framescope.compare.distinctive.DistinctiveTerms`.
    omission : :class:`~framescope.compare.coverage.Coverage` (aligned sentences, claims,
        what each outlet alone carries or leaves out).
    similarity : outlet x outlet cosine similarity of their text.
    claim_overlap : outlet x outlet Jaccard overlap of the claims they carry.
    separability : :class:`~framescope.compare.similarity.Separability`.
    differences : the most telling differences (rank, kind, outlet, finding, score,
        evidence: list of {article_id, outlet, field, start, end, text}).
    evidence : every framing-feature evidence span of the compared articles.
    sample_sizes : articles per outlet; anecdotal : per outlet flag.
    warnings : notes on what was skipped or is weak.
    """

    event: dict
    articles: pd.DataFrame
    coverage: pd.DataFrame
    framing: pd.DataFrame
    article_frames: pd.DataFrame
    tone: pd.DataFrame
    entity_tone: pd.DataFrame
    quotes: pd.DataFrame
    voices: pd.DataFrame
    sides: pd.DataFrame
    verb_stances: pd.DataFrame
    anonymous: pd.DataFrame
    labels: pd.DataFrame
    persuasion: pd.DataFrame
    distinctive: DistinctiveTerms
    omission: Coverage
    similarity: pd.DataFrame
    claim_overlap: pd.DataFrame
    separability: Separability
    differences: pd.DataFrame
    evidence: pd.DataFrame
    sample_sizes: pd.Series
    anecdotal: pd.Series
    warnings: list[str] = field(default_factory=list)

    @property
    def outlets(self) -> list[str]:
        return list(self.sample_sizes.index)

    @property
    def is_anecdotal(self) -> bool:
        """True when any outlet has fewer than :data:`MIN_ARTICLES` articles."""
        return bool(self.anecdotal.any())

    def summary(self) -> pd.DataFrame:
        """The compact per-outlet table a newcomer reads first."""
        from framescope.compare.render import summary_table

        return summary_table(self)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Every table as a flat DataFrame (for CSV files, one per table)."""
        from framescope.compare.render import to_frames

        return to_frames(self)

    def to_dict(self) -> dict:
        """A JSON-ready nested dict of everything (see :meth:`to_json`)."""
        from framescope.compare.render import to_dict

        return to_dict(self)

    def to_json(self, **kwargs) -> str:
        from framescope.report.tables import json_default

        return json.dumps(self.to_dict(), ensure_ascii=False, default=json_default, **kwargs)

    def to_markdown(self) -> str:
        """A readable Markdown report: summary, differences with evidence, every table."""
        from framescope.compare.render import to_markdown

        return to_markdown(self)

    def to_text(self) -> str:
        """The terminal view: compact table, the three most telling differences, notes."""
        from framescope.compare.render import to_text

        return to_text(self)

    def to_csv(self) -> str:
        """All tables in one long CSV (``table, outlet, item, value, n_articles, anecdotal``)."""
        from framescope.compare.render import to_long_csv

        return to_long_csv(self)

    def __repr__(self) -> str:
        return (f"Comparison(event={self.event.get('id')!r}, outlets={self.outlets}, "
                f"articles={int(self.sample_sizes.sum())}, anecdotal={self.is_anecdotal})")


# --------------------------------------------------------------------------- selection
def _open(store_or_db):
    from framescope.store import Store

    if isinstance(store_or_db, Store):
        return store_or_db, False
    return Store(store_or_db), True


def _valid_events(store) -> list[str]:
    return [r[0] for r in store.conn.execute(
        "SELECT DISTINCT event FROM articles WHERE event IS NOT NULL ORDER BY event")]


def _event_label(store, event_id: str) -> str | None:
    try:
        row = store.conn.execute("SELECT COALESCE(user_label, label) FROM events WHERE id=?", (event_id,)).fetchone()
    except Exception:  # the events stage has not run on this store
        return None
    return row[0] if row else None


def select_articles(store, event_id: str | None = None, *, query: str | None = None, since=None, until=None,
                    outlets: Sequence[str] | str | None = None) -> tuple[pd.DataFrame, dict]:
    """The articles of an event (or matching a query), restricted to ``outlets``.

    Raises NotFoundError for an unknown event, a query matching nothing, or outlets
    that have no article there (the message lists the valid ones).
    """
    if event_id is None and not query:
        raise InvalidValueError("give an event id or a query (e.g. compare e01, or compare --query 'port strike')")
    if event_id is not None:
        frame = store.articles(event=event_id, since=since, until=until, columns=ARTICLE_COLUMNS)
        if frame.empty:
            valid = _valid_events(store)
            if event_id in valid:
                raise NotFoundError(f"event {event_id!r} has no article between {since or '...'} and {until or '...'}")
            shown = ", ".join(valid[:20]) + (" ..." if len(valid) > 20 else "")
            hint = "" if valid else " (no events yet: run `framescope events` to group the articles)"
            raise NotFoundError(f"no event {event_id!r}; valid: {shown or '(none)'}{hint}")
        info = {"id": event_id, "label": _event_label(store, event_id), "query": query}
        if query:
            keep = set(store.articles(search=query, event=event_id, columns=["id"])["id"])
            frame = frame[frame["id"].isin(keep)]
            if frame.empty:
                raise NotFoundError(f"no article of event {event_id!r} matches the query {query!r}")
    else:
        frame = store.articles(search=query, since=since, until=until, columns=ARTICLE_COLUMNS)
        if frame.empty:
            window = f" between {since or '...'} and {until or '...'}" if since or until else ""
            raise NotFoundError(f"no article matches the query {query!r}{window} in {store.path}")
        info = {"id": None, "label": f"query: {query}", "query": query}
    present = sorted(frame["outlet"].dropna().astype(str).unique())
    if outlets:
        names = _outlet_list(outlets)
        missing = [o for o in names if o not in present]
        if missing:
            where = f"event {event_id!r}" if event_id else f"the articles matching {query!r}"
            raise NotFoundError(f"unknown outlet {missing[0]!r} for {where}; valid: {', '.join(present)}")
        frame = frame[frame["outlet"].isin(names)]
    frame = frame.reset_index(drop=True)
    info["since"], info["until"] = since, until
    return frame, info


def _outlet_list(values) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    return [normalise_outlet(v) for v in values if v and str(v).strip()]


# --------------------------------------------------------------------------- features
def _features(articles: pd.DataFrame, store) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Framing-feature values (indexed by article id) and evidence for the articles."""
    from framescope.framing import extract_features

    result = extract_features(articles, store=store)
    values = result.values
    if "id" in values.columns:
        values = values.set_index("id")
    values.index = values.index.astype(str)
    return values, result.evidence


def _family_columns(values: pd.DataFrame, family: str, names) -> dict[str, str]:
    out = {}
    for name in names:
        column = f"{family}__{name}"
        if column in values.columns:
            out[name] = column
    return out


def _coverage_table(articles: pd.DataFrame) -> pd.DataFrame:
    words = articles["text"].map(word_count)
    is_dup = articles["duplicate_of"].notna() & (articles["duplicate_of"].astype(str) != "")
    first_report = articles["published"].min()
    rows = []
    for outlet, group in articles.groupby("outlet", sort=True):
        own = ~is_dup[group.index]
        first, last = group["published"].min(), group["published"].max()
        lag = (first - first_report).total_seconds() / 3600 if pd.notna(first) and pd.notna(first_report) else np.nan
        rows.append({"outlet": outlet, "articles": len(group), "reprints": int((~own).sum()),
                     "own_articles": int(own.sum()), "words": int(words[group.index][own].sum()),
                     "first": first, "last": last, "lag_hours": round(lag, 2) if lag == lag else np.nan,
                     "anecdotal": len(group) < MIN_ARTICLES})
    return pd.DataFrame(rows).set_index("outlet")


def _framing_tables(articles, values, outlet_of, primaries) -> tuple[pd.DataFrame, pd.DataFrame]:
    issue = _family_columns(values, "issue_frames", ISSUE_FRAMES)
    generic = _family_columns(values, "generic_frames", GENERIC_FRAMES)
    ids = articles["id"].astype(str)
    v = values.reindex(ids)
    v.index = ids
    outlet = ids.map(outlet_of)
    table = pd.DataFrame(index=pd.Index(sorted(outlet.unique()), name="outlet"))
    for name, column in issue.items():
        table[f"issue__{name}"] = v[column].groupby(outlet.to_numpy()).mean()
    for name, column in generic.items():
        table[f"generic__{name}"] = v[column].groupby(outlet.to_numpy()).mean()
    art = pd.DataFrame({"article_id": ids.to_numpy(), "outlet": outlet.to_numpy()})
    if primaries is not None:
        art["primary_frame"] = [primaries.get(i) for i in ids]
    elif issue:
        shares = v[list(issue.values())]
        art["primary_frame"] = [list(issue)[int(np.argmax(r))] if np.nansum(r) > 0 else None
                                for r in shares.to_numpy()]
    else:
        art["primary_frame"] = None
    primary, share = [], []
    for o in table.index:
        shares = {n: table.loc[o, f"issue__{n}"] for n in issue}
        votes = art.loc[art["outlet"] == o, "primary_frame"].dropna().value_counts()
        if len(votes):
            top = votes[votes == votes.max()].index
            best = max(top, key=lambda f: shares.get(f, 0.0))
        elif shares and max(shares.values()) > 0:
            best = max(shares, key=shares.get)
        else:
            best = None
        primary.append(best)
        share.append(shares.get(best, np.nan) if best else np.nan)
    table.insert(0, "primary_frame", primary)
    table.insert(1, "primary_share", share)
    table["n_articles"] = art.groupby("outlet").size().reindex(table.index).fillna(0).astype(int)
    return table, art


# --------------------------------------------------------------------------- main entry
def compare_event(store_or_db, event_id: str | None = None, *, query: str | None = None, since=None, until=None,
                  outlets: Sequence[str] | str | None = None, reference: Sequence[str] | str | None = None,
                  prior: str = "event", align_threshold: float = ALIGN_THRESHOLD, top_terms: int = 15,
                  n_differences: int = 3, random_state: int = 0) -> Comparison:
    """Compare how the outlets framed one event (or the articles matching a query).

    Parameters
    ----------
    store_or_db : a :class:`~framescope.store.Store` or a database path.
    event_id : the event to compare (see ``framescope events``).
    query, since, until : or define the articles by a full-text query and dates
        (with ``event_id`` too, the query narrows the event).
    outlets : compare only these outlets (names as stored; error lists the valid ones).
    reference : outlets forming the reference group for distinctive terms (default:
        each outlet against all the others).
    prior : prior of the distinctive terms: ``"event"`` (pooled event text) or
        ``"corpus"`` (every stored article, scaled to the event's size).
    align_threshold : sentence similarity at which two outlets say the same thing.
    n_differences : how many "most telling differences" to pick.
    random_state : seed of the separability cross-validation.

    Returns
    -------
    Comparison

    Raises
    ------
    NotFoundError
        Unknown event, a query matching nothing, or an outlet with no article there.
    InvalidValueError
        Fewer than two outlets to compare, or neither an event nor a query.
    InputError
        Every article is empty.

    Examples
    --------
    >>> from framescope.store import Store
    >>> from framescope.article import Article
    >>> store = Store(":memory:")
    >>> _ = store.add_articles([
    ...     Article(outlet="a", title="Rioters clash", text="Rioters clashed with police in Harbor City."),
    ...     Article(outlet="b", title="Protest march", text="Peaceful protesters marched in Harbor City.")])
    >>> store.set_column("event", {i: "e1" for i in store.ids()})
    >>> cmp = compare_event(store, "e1")
    >>> cmp.outlets, cmp.is_anecdotal
    (['a', 'b'], True)
    """
    store, close = _open(store_or_db)
    try:
        if prior not in ("event", "corpus"):
            from framescope.errors import invalid_choice

            raise invalid_choice("prior", prior, ["event", "corpus"])
        articles, info = select_articles(store, event_id, query=query, since=since, until=until, outlets=outlets)
        warnings: list[str] = []
        empty = articles["text"].fillna("").str.strip() == ""
        if empty.all():
            raise InputError(f"the {len(articles)} article(s) to compare have no text: "
                             f"{', '.join(articles['id'].head(10))}")
        if empty.any():
            warnings.append(f"skipped {int(empty.sum())} article(s) with no text: "
                            f"{', '.join(articles.loc[empty, 'id'].head(10))}")
            articles = articles[~empty].reset_index(drop=True)
        present = sorted(articles["outlet"].dropna().astype(str).unique())
        if articles["outlet"].isna().any():
            warnings.append(f"{int(articles['outlet'].isna().sum())} article(s) with no outlet were left out")
            articles = articles[articles["outlet"].notna()].reset_index(drop=True)
        if len(present) < 2:
            what = f"event {event_id!r}" if event_id else f"the query {query!r}"
            raise InvalidValueError(
                f"{what} has articles from only one outlet ({', '.join(present) or 'none'}); "
                f"a comparison needs two or more")
        ref = _outlet_list(reference) if reference else None
        if ref:
            unknown = [r for r in ref if r not in present]
            if unknown:
                raise NotFoundError(f"unknown reference outlet {unknown[0]!r}; valid: {', '.join(present)}")
        corpus_texts = None
        if prior == "corpus":
            corpus = store.articles(columns=["title", "text"])
            corpus_texts = (corpus["title"].fillna("") + "\n\n" + corpus["text"].fillna("")).tolist()
        comparison = _compare(store, articles, info, reference=ref, prior=prior, corpus_texts=corpus_texts,
                              align_threshold=align_threshold, top_terms=top_terms,
                              n_differences=n_differences, random_state=random_state, warnings=warnings)
        return comparison
    finally:
        if close:
            store.close()


def _compare(store, articles: pd.DataFrame, info: dict, *, reference, prior, corpus_texts, align_threshold,
             top_terms, n_differences, random_state, warnings) -> Comparison:
    from framescope.compare import features as feats

    articles = articles.copy()
    articles["id"] = articles["id"].astype(str)
    outlet_of = dict(zip(articles["id"], articles["outlet"]))
    sample = articles.groupby("outlet").size().rename("n_articles")
    anecdotal = (sample < MIN_ARTICLES).rename("anecdotal")
    if anecdotal.any():
        thin = ", ".join(f"{o} ({n})" for o, n in sample[anecdotal].items())
        warnings.append(f"anecdotal: fewer than {MIN_ARTICLES} articles for {thin}; the differences describe "
                        f"these articles, not the outlets' habits")
    info = dict(info)
    info.update({"outlets": list(sample.index), "n_articles": int(len(articles)),
                 "first": articles["published"].min(), "last": articles["published"].max()})

    coverage = _coverage_table(articles)
    is_dup = articles["duplicate_of"].notna() & (articles["duplicate_of"].astype(str) != "")
    own = articles[~is_dup]
    if is_dup.any():
        warnings.append(f"{int(is_dup.sum())} reprint(s) of wire copy discounted from word counts, distinctive "
                        f"terms and separability: " + ", ".join(
                            f"{o} reprints {d}" for o, d in zip(articles.loc[is_dup, "outlet"],
                                                                articles.loc[is_dup, "duplicate_of"])))
    # An outlet whose only articles are reprints still needs text for the term contrasts.
    text_base = pd.concat([own, articles[is_dup & ~articles["outlet"].isin(own["outlet"])]])

    fx = feats.compute(articles, store, warnings)
    framing, article_frames = _framing_tables(articles, fx.values, outlet_of, fx.primaries)
    tone = feats.tone_table(articles, fx.values, outlet_of)
    entity_tone = feats.entity_tone_table(articles, fx, outlet_of)
    quotes, voices, sides, stances, anonymous = feats.sourcing_tables(articles, fx, outlet_of)
    labels = feats.label_table(articles, fx, outlet_of)
    persuasion = feats.persuasion_table(fx.evidence, outlet_of, articles)

    distinct = distinctive_terms(text_base, reference=reference, prior=prior, prior_texts=corpus_texts,
                                 top=top_terms, min_articles=MIN_ARTICLES, exclude=_outlet_words(sample.index))
    warnings.extend(w for w in distinct.warnings if "anecdotal" not in w)
    voice_units = quotes[["article_id", "speaker", "field", "start", "end", "text"]] if len(quotes) else None
    omission = align_coverage(articles, threshold=align_threshold, voices=voice_units)
    similarity = outlet_similarity(articles)
    claim_overlap = outlet_similarity(articles, coverage=omission)
    own_names = _outlet_words(sample.index)
    separ = separability(text_base, min_articles=MIN_ARTICLES, random_state=random_state, scope="event",
                         exclude=own_names)
    if not separ.ok:
        wider = _corpus_separability(store, list(sample.index), random_state, own_names)
        if wider.ok:
            wider.status = "ok"
            warnings.append(f"separability on this event: {separ.status}; estimated on all stored articles of "
                            f"these outlets instead")
            separ = wider
    comparison = Comparison(
        event=info, articles=articles[ARTICLE_COLUMNS].reset_index(drop=True), coverage=coverage, framing=framing,
        article_frames=article_frames, tone=tone, entity_tone=entity_tone, quotes=quotes, voices=voices,
        sides=sides, verb_stances=stances, anonymous=anonymous, labels=labels, persuasion=persuasion,
        distinctive=distinct, omission=omission, similarity=similarity, claim_overlap=claim_overlap,
        separability=separ, differences=pd.DataFrame(), evidence=fx.evidence, sample_sizes=sample,
        anecdotal=anecdotal, warnings=warnings)
    from framescope.compare.differences import find_differences

    comparison.differences = find_differences(comparison, n=n_differences)
    return comparison


_SEPARABILITY_MEMO: dict = {}


def _corpus_separability(store, outlets: list[str], random_state: int, exclude) -> Separability:
    """Separability of the outlets on every stored article (memoised per store state in this process)."""
    state = store.conn.execute("SELECT COUNT(*), MAX(rowid), COUNT(event), COUNT(duplicate_of) FROM articles") \
        .fetchone()
    key = (store.path if store.path != ":memory:" else id(store), tuple(state), tuple(outlets), random_state)
    if key not in _SEPARABILITY_MEMO:
        from framescope.compare.corpus import blank_text_ids, stored_separability

        # ids, outlets and events only: stored_separability reads just the texts its classifier sees
        corpus = store.articles(outlets=outlets, columns=["id", "outlet", "event", "duplicate_of"])
        corpus = corpus[corpus["duplicate_of"].isna() & ~corpus["id"].isin(blank_text_ids(store))]
        if len(_SEPARABILITY_MEMO) > 32:
            _SEPARABILITY_MEMO.clear()
        _SEPARABILITY_MEMO[key] = stored_separability(store, corpus, random_state=random_state, exclude=exclude)
    import copy

    return copy.deepcopy(_SEPARABILITY_MEMO[key])


def _outlet_words(outlets) -> list[str]:
    """Words of the outlets' own names ("dailyclarion.example" -> dailyclarion, clarion...): an outlet
    naming itself ("told the Clarion") is not a framing choice."""
    import re

    words = set()
    for outlet in outlets:
        for part in re.split(r"[^a-z0-9]+", str(outlet).lower()):
            if len(part) > 2 and part not in ("com", "org", "net", "www", "example", "news"):
                words.add(part)
                # run-together names ("meridianwire", "dailyclarion"): every split into two
                # parts of 4+ letters, so "meridian", "wire", "daily", "clarion" go too
                for i in range(4, len(part) - 3):
                    words.update((part[:i], part[i:]))
    return sorted(words)


def frame_name(frame: str | None) -> str:
    """Readable name of an issue frame id (``security_defense`` -> ``Security & defense``)."""
    if frame is None or (isinstance(frame, float) and frame != frame):
        return "-"
    return ISSUE_FRAME_NAMES.get(frame, str(frame).replace("_", " "))
