"""Corpus-level comparison: each outlet's (or outlet group's) framing profile with bootstrap confidence intervals."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

import numpy as np
import pandas as pd

from framescope.article import normalise_outlet
from framescope.errors import InputError, InvalidValueError, NotFoundError, invalid_choice
from framescope.labels import GENERIC_FRAMES, ISSUE_FRAMES

if TYPE_CHECKING:
    from framescope.compare.similarity import Separability

MIN_ARTICLES = 3
PROFILE_FEATURES = ([f"issue_frames__{f}" for f in ISSUE_FRAMES] + [f"generic_frames__{f}" for f in GENERIC_FRAMES]
                    + ["tone__mean_compound", "tone__hedge_rate", "tone__subjectivity_rate"])


@dataclass
class CorpusComparison:
    """Each group's framing profile across the corpus, with bootstrap confidence intervals.

    profile : long DataFrame: ``group``, ``feature``, ``mean``, ``ci_low``, ``ci_high``,
        ``n_articles``, ``n_events``, ``anecdotal``.
    primary_frames : group x issue frame: share of the group's articles with that primary frame.
    sample_sizes : articles per group; outlets : the outlets in each group.
    separability : telling the groups apart from text, within events.
    """

    by: str
    profile: pd.DataFrame
    primary_frames: pd.DataFrame
    sample_sizes: pd.Series
    outlets: dict
    separability: object
    n_boot: int
    level: float
    warnings: list[str] = field(default_factory=list)

    @property
    def anecdotal(self) -> pd.Series:
        return (self.sample_sizes < MIN_ARTICLES).rename("anecdotal")

    @property
    def is_anecdotal(self) -> bool:
        return bool(self.anecdotal.any())

    def wide(self) -> pd.DataFrame:
        """group x feature table of means (with ``n_articles`` and ``anecdotal``)."""
        table = self.profile.pivot_table(index="group", columns="feature", values="mean", sort=False)
        table["n_articles"] = self.sample_sizes.reindex(table.index)
        table["anecdotal"] = self.anecdotal.reindex(table.index)
        return table

    def summary(self) -> pd.DataFrame:
        """Per group: articles, events, the most common primary frame, top issue frame with its CI, tone."""
        from framescope.compare.event import frame_name

        rows = []
        for group in self.sample_sizes.index:
            p = self.profile[self.profile["group"] == group].set_index("feature")
            issue = p.loc[[f for f in p.index if f.startswith("issue_frames__") and f != "issue_frames__other"]]
            top = issue["mean"].idxmax() if len(issue) and issue["mean"].max() > 0 else None
            tone = p.loc["tone__mean_compound"] if "tone__mean_compound" in p.index else None
            prim = self.primary_frames.loc[group] if group in self.primary_frames.index else pd.Series(dtype=float)
            rows.append({
                self.by: group, "outlets": len(self.outlets.get(group, [])), "articles": int(self.sample_sizes[group]),
                "events": int(p["n_events"].iloc[0]) if len(p) else 0,
                "most_common_primary": (f"{frame_name(prim.idxmax())} ({prim.max():.0%})" if len(prim) and prim.max() > 0
                                        else "-"),
                "top_issue_frame": (f"{frame_name(top.split('__')[1])} {issue.loc[top, 'mean']:.2f} "
                                    + _ci(issue.loc[top, 'ci_low'], issue.loc[top, 'ci_high'], "{:.2f}")
                                    if top else "-"),
                "tone": (f"{tone['mean']:+.3f} " + _ci(tone['ci_low'], tone['ci_high'], "{:+.3f}")
                         if tone is not None else "-"),
                "anecdotal": bool(self.anecdotal[group]),
            })
        return pd.DataFrame(rows)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        s = self.separability
        return {"summary": self.summary(), "profile": self.profile,
                "primary_frames": self.primary_frames.rename_axis("group").reset_index(),
                "separability": pd.DataFrame([{"status": s.status, "accuracy": s.accuracy, "baseline": s.baseline,
                                               "folds": s.folds, "summary": s.summary()}]),
                "warnings": pd.DataFrame({"warning": self.warnings})}

    def to_dict(self) -> dict:
        from framescope.report.tables import frame_records

        return {"by": self.by, "n_boot": self.n_boot, "level": self.level,
                "sample_sizes": {k: int(v) for k, v in self.sample_sizes.items()},
                "anecdotal": self.is_anecdotal, "outlets": self.outlets, "warnings": self.warnings,
                "summary": frame_records(self.summary()), "profile": frame_records(self.profile),
                "primary_frames": frame_records(self.primary_frames.rename_axis("group").reset_index()),
                "separability": self.separability.to_dict()}

    def to_json(self, **kwargs) -> str:
        from framescope.report.tables import json_default

        return json.dumps(self.to_dict(), ensure_ascii=False, default=json_default, **kwargs)

    def to_csv(self) -> str:
        buffer = io.StringIO()
        self.profile.to_csv(buffer, index=False)
        return buffer.getvalue()

    def to_text(self) -> str:
        from framescope.report.tables import render_frame

        lines = [f"Framing profile by {self.by} across the corpus ({int(self.sample_sizes.sum())} articles; "
                 f"{self.level:.0%} bootstrap intervals, {self.n_boot} resamples)", "",
                 render_frame(self.summary(), "table", max_width=48), "",
                 "Separability: " + self.separability.summary()]
        if self.warnings:
            lines += ["", "Notes:"] + [f"- {w}" for w in self.warnings]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        from framescope.report.tables import render_frame

        wide = self.profile.assign(value=[f"{m:.3f} [{a:.3f}, {b:.3f}]" for m, a, b in
                                          zip(self.profile["mean"], self.profile["ci_low"], self.profile["ci_high"])])
        table = wide.pivot_table(index="feature", columns="group", values="value", aggfunc="first", sort=False)
        lines = [f"# Framing profile by {self.by}", "",
                 f"{int(self.sample_sizes.sum())} articles; mean over each group's articles with "
                 f"{self.level:.0%} bootstrap intervals ({self.n_boot} resamples of articles).", "",
                 render_frame(self.summary(), "markdown", max_width=80), "", "## Profile", "",
                 render_frame(table.reset_index(), "markdown", max_width=80), "", "## Separability", "",
                 self.separability.summary(), ""]
        if self.is_anecdotal:
            lines.insert(2, "> **Anecdotal:** some groups have fewer than 3 articles: "
                            + ", ".join(f"{g} ({n})" for g, n in self.sample_sizes[self.anecdotal].items()) + "\n")
        if self.warnings:
            lines += ["## Notes", ""] + [f"- {w}" for w in self.warnings]
        return "\n".join(lines)


def _ci(low, high, fmt: str) -> str:
    if low != low or high != high:  # NaN: one article, no interval
        return "[no interval: 1 article]"
    return f"[{fmt.format(low)}, {fmt.format(high)}]"


def read_outlets_csv(path) -> pd.DataFrame:
    """Outlet metadata from a CSV: one row per outlet, keyed by a ``domain``, ``outlet`` or ``name`` column."""
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python")
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read outlets CSV: {exc}", source=str(path)) from exc
    key = next((c for c in ("domain", "outlet", "name") if c in table.columns), None)
    if key is None:
        raise InputError(f"the outlets CSV needs a 'domain', 'outlet' or 'name' column "
                         f"(has: {', '.join(table.columns)})", source=str(path))
    table["outlet"] = table[key].map(normalise_outlet)
    if "name" in table.columns and key != "name":
        names = table.assign(outlet=table["name"].map(normalise_outlet))
        table = pd.concat([table, names], ignore_index=True)
    return table.drop_duplicates("outlet").set_index("outlet")


def _bootstrap(values: np.ndarray, n_boot: int, rng, level: float):
    n = len(values)
    mean = values.mean(axis=0)
    if n < 2 or n_boot <= 0:
        return mean, np.full_like(mean, np.nan), np.full_like(mean, np.nan)
    idx = rng.integers(0, n, size=(n_boot, n))
    boots = values[idx].mean(axis=1)
    alpha = (1 - level) / 2
    return mean, np.quantile(boots, alpha, axis=0), np.quantile(boots, 1 - alpha, axis=0)


def compare_corpus(store_or_db, by: str = "outlet", *, outlets_csv=None, outlets: Sequence[str] | str | None = None,
                   n_boot: int = 1000, level: float = 0.95, random_state: int = 0,
                   features: Sequence[str] = PROFILE_FEATURES) -> CorpusComparison:
    """Each outlet's (or outlet group's) framing profile across every stored article, with bootstrap CIs.

    Reprints of wire copy (``duplicate_of``) are left out. Confidence intervals are
    percentile intervals over ``n_boot`` resamples of each group's articles.

    Memory stays bounded whatever the corpus size: ids, outlets and events are read
    first, the texts one block of :data:`~framescope.framing.extract.STREAM_ROWS` at a
    time (features from the store's cache, or computed and cached), and afterwards only
    the texts of the articles the separability classifier sees (at most
    :data:`~framescope.compare.similarity.MAX_SEPARABILITY_ARTICLES`). Only the
    families of ``features`` are read or computed.

    Parameters
    ----------
    store_or_db : a Store or database path.
    by : ``"outlet"`` or a column of ``outlets_csv`` (e.g. ``leaning``, ``country``).
    outlets_csv : CSV of outlet metadata with a ``domain``/``outlet``/``name`` column.
    outlets : only these outlets.
    n_boot, level, random_state : bootstrap settings.

    Examples
    --------
    >>> from framescope.store import Store
    >>> from framescope.article import Article
    >>> store = Store(":memory:")
    >>> _ = store.add_articles([Article(outlet=o, title=f"T{i}", text=f"Police arrested {i} rioters in the port.")
    ...                         for o in "ab" for i in range(3)])
    >>> result = compare_corpus(store, n_boot=50)
    >>> list(result.sample_sizes.items())
    [('a', 3), ('b', 3)]
    """
    from framescope.compare.event import _open, _outlet_list, _outlet_words

    if not 0 < level < 1:
        raise InvalidValueError(f"level must be between 0 and 1, got {level!r}")
    store, close = _open(store_or_db)
    try:
        # ids, outlets and events only: the texts are read block by block below, and again
        # only for the articles the separability classifier sees
        articles = store.articles(columns=["id", "outlet", "event", "duplicate_of"])
        warnings: list[str] = []
        if articles.empty:
            raise NotFoundError(f"no articles in {store.path}; ingest some first (framescope ingest ...)")
        present = sorted(articles["outlet"].dropna().unique())
        if outlets:
            wanted = _outlet_list(outlets)
            missing = [o for o in wanted if o not in present]
            if missing:
                raise NotFoundError(f"unknown outlet {missing[0]!r}; valid: {', '.join(present)}")
            articles = articles[articles["outlet"].isin(wanted)]
        reprints = articles["duplicate_of"].notna()
        if reprints.any():
            warnings.append(f"{int(reprints.sum())} reprint(s) of wire copy left out")
        articles = articles[~reprints & articles["outlet"].notna()].reset_index(drop=True)
        cols = _profile_columns(features)
        if not cols:
            raise InvalidValueError("no framing features available to profile")
        values, primaries, empty_ids = _stream_values(store, articles["id"].astype(str).tolist(), cols)
        if empty_ids:
            named = sorted(empty_ids)
            warnings.append(f"{len(named)} article(s) with no text left out: {', '.join(named[:5])}"
                            + (f" and {len(named) - 5} more" if len(named) > 5 else ""))
            articles = articles[~articles["id"].astype(str).isin(empty_ids)].reset_index(drop=True)
        if by == "outlet":
            articles["group"] = articles["outlet"]
        else:
            if outlets_csv is None:
                raise InvalidValueError(f"--by {by} needs an outlets CSV with a {by!r} column (--outlets-csv)")
            meta = read_outlets_csv(outlets_csv)
            if by not in meta.columns:
                raise invalid_choice("outlet field", by, ["outlet"] + [c for c in meta.columns if c != "outlet"])
            articles["group"] = articles["outlet"].map(meta[by]).replace("", np.nan)
            unknown = sorted(articles.loc[articles["group"].isna(), "outlet"].unique())
            if unknown:
                warnings.append(f"outlets not in {outlets_csv} (or with no {by}) grouped as 'unknown': "
                                f"{', '.join(unknown)}")
                articles["group"] = articles["group"].fillna("unknown")
        groups = articles.groupby("group")
        if groups.ngroups < 2:
            warnings.append(f"only one {by} group; nothing to contrast")
        matrix = np.nan_to_num(values.reindex(articles["id"].astype(str))[cols].to_numpy(dtype=float))
        rng = np.random.default_rng(random_state)
        rows = []
        sizes = {}
        outlet_lists = {}
        for group, idx in groups.indices.items():
            mean, low, high = _bootstrap(matrix[idx], n_boot, rng, level)
            n_events = articles.iloc[idx]["event"].nunique()
            sizes[group] = len(idx)
            outlet_lists[group] = sorted(articles.iloc[idx]["outlet"].unique())
            for f, m, a, b in zip(cols, mean, low, high):
                rows.append({"group": group, "feature": f, "mean": round(float(m), 4), "ci_low": round(float(a), 4),
                             "ci_high": round(float(b), 4), "n_articles": len(idx), "n_events": int(n_events),
                             "anecdotal": len(idx) < MIN_ARTICLES})
        profile = pd.DataFrame(rows)
        prim = pd.Series(primaries, dtype=object).reindex(articles["id"].astype(str))
        prim.index = articles.index
        primary = pd.crosstab(articles["group"], prim.fillna("none"), normalize="index").round(4)
        sample = pd.Series(sizes, name="n_articles").rename_axis(by)

        sep = stored_separability(store, articles.assign(**{"outlet": articles["group"]}),
                                  random_state=random_state, exclude=_outlet_words(present))
        if by != "outlet":
            sep.noun = f"{by} groups"
        if sample.min() < MIN_ARTICLES:
            warnings.append("anecdotal: fewer than 3 articles for " + ", ".join(
                f"{g} ({n})" for g, n in sample[sample < MIN_ARTICLES].items()))
        return CorpusComparison(by=by, profile=profile, primary_frames=primary, sample_sizes=sample,
                                outlets=outlet_lists, separability=sep, n_boot=n_boot, level=level,
                                warnings=warnings)
    finally:
        if close:
            store.close()


def _profile_columns(features: Sequence[str]) -> list[str]:
    """The requested ``<family>__<feature>`` columns that a framing family produces, in request order."""
    from framescope.framing import FAMILIES, make_family

    known: set[str] = set()
    for family in dict.fromkeys(str(f).split("__", 1)[0] for f in features):
        if family in FAMILIES:
            known.update(make_family(family).get_feature_names_out())
    return [f for f in features if f in known]


def _stream_values(store, ids: list[str], columns: list[str]) -> tuple[pd.DataFrame, dict, set]:
    """Profile values and primary issue frames of the stored articles ``ids``, a block at a time.

    Only one block's texts are held at once (a 100,000-article corpus's texts take
    ~1.1 GB as Python strings). Features come from the store's cache when fresh and are
    cached when computed; primary frames are cached per block. Returns the values (indexed
    by article id), ``{id: primary frame}`` and the ids of articles with no text.
    """
    from framescope.compare.features import _cached
    from framescope.framing import extract_features
    from framescope.framing.issue_frames import IssueFrames

    families = list(dict.fromkeys(c.split("__", 1)[0] for c in columns))
    parts: list[pd.DataFrame] = []
    primaries: dict = {}
    empty: set = set()
    for block in _text_blocks(store, ids):
        blank = block["text"].fillna("").str.strip().eq("")
        empty.update(block.loc[blank, "id"].astype(str))
        block = block[~blank].reset_index(drop=True)
        if block.empty:
            continue
        values = extract_features(block, families=families, store=store, evidence=False).values
        if "id" in values.columns:
            values = values.set_index("id")
        values.index = values.index.astype(str)
        parts.append(values[columns])

        def primary_frames(docs=block):
            frames = IssueFrames().primary_frames(docs)
            return pd.DataFrame({"article_id": frames.index.astype(str), "primary_frame": frames.to_numpy()})

        found = _cached(store, "primary_frames", "issue_frames", block, primary_frames)
        primaries.update((str(k), v if isinstance(v, str) and v else None)
                         for k, v in zip(found["article_id"], found["primary_frame"]))
    values = pd.concat(parts) if parts else pd.DataFrame(columns=columns, dtype=float)
    return values, primaries, empty


def _text_blocks(store, ids: list[str]):
    """The stored articles ``ids`` (``id``, ``title``, ``text``), one block of ``STREAM_ROWS`` at a time."""
    from framescope.framing.extract import STREAM_ROWS

    for start in range(0, len(ids), STREAM_ROWS):
        yield store.articles(ids=ids[start:start + STREAM_ROWS], columns=["id", "title", "text"])


def _read_texts(store, ids: list[str]) -> dict[str, tuple[str, str]]:
    """``{id: (title, text)}`` for the stored articles ``ids``, read a block at a time."""
    texts: dict[str, tuple[str, str]] = {}
    for block in _text_blocks(store, ids):
        for article_id, title, text in block.itertuples(index=False):
            texts[str(article_id)] = (title if isinstance(title, str) else "", text if isinstance(text, str) else "")
    return texts


_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())  # every character str.strip() removes


def blank_text_ids(store) -> set[str]:
    """Ids of the stored articles whose text is missing or only white space, found by SQLite (no text is read).

    Examples
    --------
    >>> from framescope.store import Store
    >>> from framescope.article import Article
    >>> store = Store(":memory:")
    >>> _ = store.add_articles([Article(outlet="a", title="T", text="\\u00a0\\n "), Article(outlet="a", title="U", text="x")])
    >>> len(blank_text_ids(store))
    1
    """
    return {row[0] for row in store.conn.execute(
        "SELECT id FROM articles WHERE text IS NULL OR trim(text, ?) = ''", (_WHITESPACE,))}


def stored_separability(store, articles: pd.DataFrame, *, random_state: int = 0, exclude=()) -> Separability:
    """Corpus-scope separability of stored articles given by id, ``outlet`` (the groups) and ``event``.

    The articles are chosen first from their groups alone
    (:func:`~framescope.compare.similarity.separability_sample`: small groups left out, a
    stratified sample above :data:`~framescope.compare.similarity.MAX_SEPARABILITY_ARTICLES`),
    and only their texts are read from the store.
    """
    from framescope.compare.similarity import separability, separability_sample

    chosen, dropped, sampled_from = separability_sample(articles, min_articles=MIN_ARTICLES, drop_small=True,
                                                        random_state=random_state)
    texts = _read_texts(store, chosen["id"].astype(str).tolist())
    chosen = chosen.assign(title=[texts[i][0] for i in chosen["id"].astype(str)],
                           text=[texts[i][1] for i in chosen["id"].astype(str)])
    # max_articles: the sample is already drawn, separability must not draw again
    sep = separability(chosen, min_articles=MIN_ARTICLES, random_state=random_state, scope="corpus",
                       within="event", exclude=exclude, max_articles=max(len(chosen), 1))
    if sep.ok:
        sep.dropped, sep.sampled_from = dropped, sampled_from
    return sep
