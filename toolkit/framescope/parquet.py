"""Export and import the corpus store as Parquet partitions (for Dask, Spark, DuckDB or pandas)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from framescope.article import Article
from framescope.errors import InputError
from framescope.store import STORE_COLUMNS, AddResult, Store

PARTITION_ROWS = 20_000


def _to_table_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["authors"] = [json.dumps(a, ensure_ascii=False) for a in out["authors"]]
    out["meta"] = [json.dumps(m, ensure_ascii=False, default=str) for m in out["meta"]]
    for column in out.columns:
        if column != "published":
            out[column] = out[column].astype(object).where(out[column].notna(), None)
    return out


def export_parquet(store: Store, directory, *, partition_rows: int = PARTITION_ROWS) -> list[Path]:
    """Write the stored articles to ``directory/articles/part-NNNNN.parquet``, one partition per chunk.

    Streams: at most ``partition_rows`` articles are in memory at once. ``authors``
    and ``meta`` are JSON text; ``published`` is a UTC timestamp.

    Examples
    --------
    >>> import tempfile
    >>> with Store(":memory:") as s:
    ...     _ = s.add_articles([Article(outlet="a", title="t", text="x")])
    ...     [p.name for p in export_parquet(s, tempfile.mkdtemp())]
    ['part-00000.parquet']
    """
    target = Path(directory) / "articles"
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("part-*.parquet"):
        old.unlink()
    written = []
    for number, chunk in enumerate(store.iter_articles(chunk_size=partition_rows)):
        path = target / f"part-{number:05d}.parquet"
        tmp = path.with_suffix(".parquet.part")
        _to_table_frame(chunk).to_parquet(tmp, index=False)
        tmp.replace(path)
        written.append(path)
    return written


def iter_parquet_articles(directory, *, batch_rows: int = 5000):
    """Yield DataFrame batches (store columns) from exported partitions, lazily."""
    import pyarrow.parquet as pq

    root = Path(directory)
    parts = sorted((root / "articles").glob("*.parquet")) or sorted(root.glob("*.parquet"))
    if not parts:
        raise InputError("no Parquet partitions found (expected articles/part-*.parquet)", source=str(root))
    for part in parts:
        try:
            handle = pq.ParquetFile(part)
        except Exception as exc:  # pyarrow raises several kinds for damaged files
            raise InputError(f"not a readable Parquet file: {exc}", source=str(part)) from exc
        missing = {"id", "text"} - set(handle.schema_arrow.names)
        if missing:
            raise InputError(f"missing columns {sorted(missing)}", source=str(part))
        for batch in handle.iter_batches(batch_size=batch_rows):
            yield batch.to_pandas()


def import_parquet(directory, store: Store) -> AddResult:
    """Add the articles of exported partitions to ``store`` (ids already present are duplicates).

    ``event`` and ``duplicate_of`` are restored too.
    """
    result = AddResult()
    for frame in iter_parquet_articles(directory):
        records = []
        links = {"event": {}, "duplicate_of": {}}
        for row in frame.to_dict(orient="records"):
            row = {k: (None if _missing(v) else v) for k, v in row.items()}
            for column in links:
                if row.get(column):
                    links[column][row["id"]] = row[column]
            data = {k: row.get(k) for k in ("id", "outlet", "url", "title", "published", "text", "lang", "source")}
            data["authors"] = json.loads(row.get("authors") or "[]")
            data["meta"] = json.loads(row.get("meta") or "{}")
            records.append(Article(**data))
        batch = store.add_articles(records)
        result.added += batch.added
        result.duplicates += batch.duplicates
        for column, values in links.items():
            if values:
                store.set_column(column, values)
    return result


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


__all__ = ["export_parquet", "import_parquet", "iter_parquet_articles", "STORE_COLUMNS"]
