"""Bundled corpora: list them, load one with its gold annotations, find its files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framescope.article import ARTICLE_FIELDS, to_utc
from framescope.errors import InputError, NotFoundError

_HERE = Path(__file__).resolve().parent
_CANDIDATES = (_HERE / "corpora", _HERE.parents[1] / "corpora")
_REQUIRED = ("articles.jsonl", "gold.jsonl", "events.jsonl", "outlets.csv")

FRAME_COLUMNS = ["article_id", "key", "event", "issue_frames", "primary_frame", "generic_frames"]
QUOTE_COLUMNS = ["article_id", "key", "field", "start", "end", "text", "speaker", "speaker_id", "affiliation",
                 "side", "verb", "stance", "kind"]
LABEL_COLUMNS = ["article_id", "key", "entity", "field", "start", "end", "text"]
PERSUASION_COLUMNS = ["article_id", "key", "field", "start", "end", "text", "technique"]
FACT_COLUMNS = ["event", "fact", "description"]
FACT_MENTION_COLUMNS = ["article_id", "key", "fact", "field", "start", "end", "text"]


def _roots() -> list[Path]:
    """Folders that hold bundled corpora (installed package data first, then a checkout)."""
    return [root for root in _CANDIDATES if root.is_dir()]


def _corpus_dirs() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for root in _roots():
        for folder in sorted(root.iterdir()):
            if folder.is_dir() and (folder / "articles.jsonl").exists() and folder.name not in found:
                found[folder.name] = folder
    return found


def corpus_path(name: str) -> Path:
    """The folder of a bundled corpus.

    Parameters
    ----------
    name : corpus name, e.g. ``"harbor-city"``.

    Raises
    ------
    NotFoundError
        If there is no bundled corpus of that name; the message lists the valid names.

    Examples
    --------
    >>> corpus_path("harbor-city").name
    'harbor-city'
    """
    corpora = _corpus_dirs()
    if name not in corpora:
        raise NotFoundError(f"no bundled corpus {name!r}; available: {', '.join(sorted(corpora)) or '(none)'}")
    return corpora[name]


def corpus_articles_path(name: str) -> Path:
    """The ``articles.jsonl`` file of a bundled corpus (one Article record per line).

    Examples
    --------
    >>> corpus_articles_path("harbor-city").name
    'articles.jsonl'
    """
    return corpus_path(name) / "articles.jsonl"


def _read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise InputError(f"invalid JSON: {exc.msg}", source=str(path), line=number) from None
    return rows


def _description(folder: Path) -> str:
    readme = folder / "README.md"
    if not readme.exists():
        return ""
    for line in readme.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return line
    return ""


def available() -> pd.DataFrame:
    """The bundled corpora, one row each.

    Returns
    -------
    DataFrame with columns ``name``, ``description``, ``articles``, ``events``, ``outlets``.

    Examples
    --------
    >>> table = available()
    >>> "harbor-city" in set(table["name"])
    True
    >>> list(table.columns)
    ['name', 'description', 'articles', 'events', 'outlets']
    """
    rows = []
    for name, folder in _corpus_dirs().items():
        articles = _read_jsonl(folder / "articles.jsonl")
        events = {a.get("event") for a in articles if a.get("event")}
        outlets = {a.get("outlet") for a in articles if a.get("outlet")}
        rows.append({"name": name, "description": _description(folder), "articles": len(articles),
                     "events": len(events), "outlets": len(outlets)})
    return pd.DataFrame(rows, columns=["name", "description", "articles", "events", "outlets"])


@dataclass
class BundledCorpus:
    """A bundled corpus with its gold annotations, all as DataFrames.

    Attributes
    ----------
    name, path : corpus name and folder.
    articles : Article fields (``published`` tz-aware UTC) plus gold ``event`` (None for
        articles of no event), ``key`` (e.g. ``"e01-csb"``) and ``duplicate_of`` (the article
        id of the original of a reprint, else None).
    outlets : name, domain, country, ownership, leaning, profile.
    events : event, kind, title, date, summary, showcase, entities, articles (keys).
    frames : article_id, key, event, issue_frames (list), primary_frame, generic_frames (list).
    quotes, labels, persuasion : one row per annotated span, with ``field`` ("text" or
        "title") and character offsets ``start``/``end`` into it.
    facts : event, fact, description (each event's 6-10 facts).
    fact_mentions : article_id, key, fact, field, start, end, text (which article states
        which fact, and where; a fact absent for an article is an omission).
    """

    name: str
    path: Path
    articles: pd.DataFrame
    outlets: pd.DataFrame
    events: pd.DataFrame
    frames: pd.DataFrame
    quotes: pd.DataFrame
    labels: pd.DataFrame
    persuasion: pd.DataFrame
    facts: pd.DataFrame
    fact_mentions: pd.DataFrame

    def __repr__(self) -> str:
        return (f"BundledCorpus(name={self.name!r}, articles={len(self.articles)}, "
                f"events={len(self.events)}, outlets={len(self.outlets)})")

    def span_text(self, row) -> str:
        """The text a gold span row (from quotes/labels/persuasion/fact_mentions) points at.

        Examples
        --------
        >>> hc = load("harbor-city")
        >>> row = hc.quotes.iloc[0]
        >>> hc.span_text(row) == row["text"]
        True
        """
        article = self.articles.set_index("id").loc[row["article_id"]]
        return article[row["field"]][int(row["start"]):int(row["end"])]


def _spans(golds: list[dict], part: str, columns: list[str], rename: dict | None = None) -> pd.DataFrame:
    rows = []
    for gold in golds:
        for item in gold.get(part) or []:
            row = {"article_id": gold["article_id"], "key": gold["key"], **item}
            if rename:
                row = {rename.get(k, k): v for k, v in row.items()}
            rows.append(row)
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("start", "end"):
        frame[column] = frame[column].astype("int64")
    return frame


def load(name: str = "harbor-city") -> BundledCorpus:
    """Load a bundled corpus and its gold annotations.

    Parameters
    ----------
    name : corpus name (see :func:`available`).

    Returns
    -------
    BundledCorpus

    Raises
    ------
    NotFoundError
        If ``name`` is not a bundled corpus (the message lists the valid names).

    Examples
    --------
    >>> hc = load("harbor-city")
    >>> {"id", "outlet", "title", "text", "published", "event", "key"} <= set(hc.articles.columns)
    True
    >>> str(hc.articles["published"].dt.tz)
    'UTC'
    >>> row = hc.quotes.iloc[0]
    >>> text = hc.articles.set_index("id").loc[row["article_id"], row["field"]]
    >>> text[row["start"]:row["end"]] == row["text"]
    True
    """
    folder = corpus_path(name)
    for required in _REQUIRED:
        if not (folder / required).exists():
            raise InputError(f"bundled corpus {name!r} is incomplete: {required} is missing", source=str(folder))
    records = _read_jsonl(folder / "articles.jsonl")
    articles = pd.DataFrame(records)
    for column in (*ARTICLE_FIELDS, "event", "key", "duplicate_of"):
        if column not in articles.columns:
            articles[column] = None
    articles["published"] = to_utc(articles["published"])
    id_of = dict(zip(articles["key"], articles["id"]))
    articles["duplicate_of"] = pd.Series([id_of.get(k) if isinstance(k, str) else None
                                          for k in articles["duplicate_of"]], dtype=object)
    articles["event"] = pd.Series([e if isinstance(e, str) else None for e in articles["event"]], dtype=object)
    articles = articles[[*ARTICLE_FIELDS, "event", "key", "duplicate_of"]].reset_index(drop=True)

    golds = _read_jsonl(folder / "gold.jsonl")
    frames = pd.DataFrame([{c: g.get(c) for c in FRAME_COLUMNS} for g in golds], columns=FRAME_COLUMNS)
    event_rows = _read_jsonl(folder / "events.jsonl")
    facts = pd.DataFrame([{"event": e["event"], "fact": f["id"], "description": f["description"]}
                          for e in event_rows for f in e.get("facts", [])], columns=FACT_COLUMNS)
    events = pd.DataFrame([{k: v for k, v in e.items() if k != "facts"} for e in event_rows])
    outlets = pd.read_csv(folder / "outlets.csv", dtype=str, keep_default_na=False)
    return BundledCorpus(
        name=name, path=folder, articles=articles, outlets=outlets, events=events, frames=frames,
        quotes=_spans(golds, "quotes", QUOTE_COLUMNS),
        labels=_spans(golds, "labels", LABEL_COLUMNS),
        persuasion=_spans(golds, "persuasion", PERSUASION_COLUMNS),
        facts=facts,
        fact_mentions=_spans(golds, "facts", FACT_MENTION_COLUMNS),
    )


__all__ = ["BundledCorpus", "available", "corpus_articles_path", "corpus_path", "load"]
