"""The Article record and its conversion to and from pandas DataFrames."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Iterable

import pandas as pd

ARTICLE_FIELDS = ("id", "outlet", "url", "title", "published", "text", "lang", "authors", "source", "meta")
"""Column order of an articles DataFrame (stores add ``event`` and ``duplicate_of``)."""


def normalise_outlet(name: str | None) -> str | None:
    """Normalise an outlet name or domain: lower case, no scheme, no ``www.``, no path.

    Examples
    --------
    >>> normalise_outlet("https://www.RT.com/news/123")
    'rt.com'
    >>> normalise_outlet("  Harbor Herald ")
    'harbor herald'
    """
    if name is None:
        return None
    value = unicodedata.normalize("NFKC", str(name)).strip().lower()
    if not value:
        return None
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    if re.match(r"^[a-z0-9-]+(\.[a-z0-9-]+)+(/|$|:)", value):
        value = re.split(r"[/:?#]", value, maxsplit=1)[0]
        value = re.sub(r"^www\d?\.", "", value)
    return re.sub(r"\s+", " ", value)


def content_id(outlet: str | None, title: str | None, text: str | None) -> str:
    """Stable id: a hash of outlet, title and whitespace-normalised text.

    The same article read twice (from any format) gets the same id, so re-ingest is
    idempotent; the same wire copy in two outlets gets two ids.

    Examples
    --------
    >>> content_id("rt.com", "T", "a  b") == content_id("rt.com", "T", "a b")
    True
    """
    def norm(value):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", value or "")).strip()

    digest = hashlib.sha1("\x1f".join([norm(outlet), norm(title), norm(text)]).encode("utf-8"))
    return digest.hexdigest()[:16]


def _as_datetime(value) -> datetime | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return None if pd.isna(value) else value.to_pydatetime()
    if isinstance(value, datetime):
        return value
    text = str(value).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from framescope.errors import InvalidValueError

        raise InvalidValueError(f"published must be an ISO 8601 date-time, got {text!r}") from None


@dataclass
class Article:
    """One news article, cleaned.

    Parameters
    ----------
    outlet : normalised outlet name or domain (``rt.com``).
    title, text : headline and clean body (paragraphs separated by blank lines).
    published : publication time, timezone-aware when known, else naive or None.
    id : stable content hash; computed from outlet, title and text when omitted.

    Examples
    --------
    >>> a = Article(outlet="Harbor Herald", title="Port strike", text="Dockers walked out.")
    >>> a.outlet, len(a.id)
    ('harbor herald', 16)
    """

    outlet: str | None = None
    title: str | None = None
    text: str = ""
    published: datetime | None = None
    url: str | None = None
    lang: str | None = None
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    id: str | None = None

    def __post_init__(self):
        self.outlet = normalise_outlet(self.outlet)
        self.text = self.text or ""
        self.published = _as_datetime(self.published)
        if isinstance(self.authors, str):
            self.authors = [a.strip() for a in re.split(r",| and ", self.authors) if a.strip()]
        self.authors = list(self.authors or [])
        self.meta = dict(self.meta or {})
        if not self.id:
            self.id = content_id(self.outlet, self.title, self.text)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict with ``published`` as ISO 8601 text (JSON-ready)."""
        row = {name: getattr(self, name) for name in ARTICLE_FIELDS}
        row["published"] = self.published.isoformat() if self.published else None
        return row

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> "Article":
        """Build from a dict with Article field names (extra keys go to ``meta``)."""
        known = {f.name for f in dataclasses.fields(cls)}
        kwargs = {k: v for k, v in row.items() if k in known}
        extra = {k: v for k, v in row.items() if k not in known and v is not None}
        meta = kwargs.get("meta")
        if isinstance(meta, str):
            meta = json.loads(meta) if meta else {}
        authors = kwargs.get("authors")
        if isinstance(authors, str) and authors.startswith("["):
            kwargs["authors"] = json.loads(authors)
        for key, value in list(kwargs.items()):
            if isinstance(value, float) and value != value:
                kwargs[key] = None
        kwargs["meta"] = {**(meta or {}), **extra} if extra else (meta or {})
        return cls(**kwargs)


def articles_to_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """DataFrame with one row per article and the Article fields as columns.

    ``published`` becomes a UTC ``datetime64`` column (naive times are taken as UTC).

    Examples
    --------
    >>> df = articles_to_frame([Article(outlet="a", title="t", text="x")])
    >>> list(df.columns)[:3]
    ['id', 'outlet', 'url']
    """
    rows = [{name: getattr(a, name) for name in ARTICLE_FIELDS} for a in articles]
    frame = pd.DataFrame(rows, columns=list(ARTICLE_FIELDS))
    frame["published"] = to_utc(frame["published"])
    return frame


def to_utc(values) -> pd.Series:
    """Parse a column of date-times to tz-aware UTC (naive values are taken as UTC).

    Examples
    --------
    >>> to_utc(["2024-03-01T10:00:00+02:00", None]).tolist()
    [Timestamp('2024-03-01 08:00:00+0000', tz='UTC'), NaT]
    """
    def one(value):
        if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
            return pd.NaT
        stamp = pd.Timestamp(value)
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")

    index = values.index if isinstance(values, (pd.Series, pd.Index)) else None
    return pd.Series([one(v) for v in values], index=index, dtype="datetime64[ns, UTC]")


def frame_to_articles(frame: pd.DataFrame) -> list[Article]:
    """Article records from a DataFrame with (at least) a ``text`` column.

    Columns that are not Article fields are kept in ``meta``.

    Examples
    --------
    >>> arts = frame_to_articles(pd.DataFrame({"text": ["x"], "outlet": ["A"]}))
    >>> arts[0].outlet
    'a'
    """
    if "text" not in frame.columns:
        from framescope.errors import InputError

        raise InputError(f"DataFrame has no 'text' column (columns: {', '.join(map(str, frame.columns))})")
    out = []
    for row in frame.to_dict(orient="records"):
        row = {k: (None if _is_missing(v) else v) for k, v in row.items()}
        out.append(Article.from_dict(row))
    return out


def _is_missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value)) if not isinstance(value, (list, dict, tuple)) else False
    except (TypeError, ValueError):
        return False
