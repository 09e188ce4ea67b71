"""Run feature extraction and event grouping on a Dask cluster, over Parquet partitions of the store.

The same library code as the local path runs on the workers, so the results are
identical to ``framescope features`` / ``framescope events`` without ``--scheduler``.

How it works
------------
1. **Partitions.** The store's articles are exported with
   :func:`framescope.parquet.export_parquet` to ``WORK/articles/part-NNNNN.parquet``
   (``WORK`` defaults to ``<database>.dask/`` next to the database), or an existing
   export is used (``--parquet DIR``). An export is reused while the store has not
   changed (same article count, last rowid and text size).
2. **One Dask task per partition.** A worker reads its partition, computes, and writes
   its output next to the partitions (``WORK/results/``) atomically: to a temporary
   name, then renamed. The output name carries a hash of the input partition's bytes
   and of the settings (families and their code versions, or the event featurisation
   settings), so a re-run after a crash skips the partitions already finished and never
   reuses stale output.
3. **Results back into the store, on the client.** Workers never open the SQLite
   database (SQLite over a network file system is unsafe). The client reads the
   partition outputs and writes them: feature values and evidence into the store's
   feature cache (and ``--out``/``--spans``); events via the same
   :func:`framescope.events.regroup` as the local path, so corrections are replayed.
4. **Events.** Text featurisation (hashed word and name/number counts, row by row, the
   costly part) runs on the workers; IDF, the blocked candidate search, average
   linkage, reprint detection and labels run on the client over the whole collection
   exactly as :func:`framescope.events.group_events` does locally, so events are
   identical. The client therefore still holds the titles and texts (as the local
   path does); the workers only need their partition.

A worker that dies mid-run: Dask reschedules its tasks on the remaining workers
(``retries`` and Dask's ``distributed.scheduler.allowed-failures``); if the run still
fails, :class:`~framescope.errors.FramescopeError` is raised naming the partition, the
store is untouched (results are imported only after every task finished) and running
the same command again resumes from the finished partitions.

Running on a real cluster
-------------------------
Install ``framescope[distributed]`` in the same environment on every machine, put the
Parquet folder on a file system every worker and the client can read and write (NFS,
a cluster file system), then::

    dask scheduler                                  # on the scheduler host (port 8786)
    dask worker tcp://scheduler-host:8786 --nworkers 4 --nthreads 1   # on each worker host
    framescope export --parquet /shared/corpus      # once, on the client
    framescope features --scheduler tcp://scheduler-host:8786 --parquet /shared/corpus --out features.parquet
    framescope events --scheduler tcp://scheduler-host:8786 --parquet /shared/corpus

``--scheduler local`` starts a :class:`distributed.LocalCluster` with one
single-threaded worker process per core (the families hold the GIL, so processes, not
threads).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from framescope.errors import FramescopeError, InputError, InvalidValueError, require_extra

RESULTS = "results"
MANIFEST = "export.json"


# --------------------------------------------------------------------------- cluster
def connect(scheduler=None, *, n_workers: int | None = None):
    """A ``distributed.Client`` and a function that closes what was opened here.

    Parameters
    ----------
    scheduler : ``"local"`` (start a LocalCluster: ``n_workers`` processes, default one
        per core, one thread each), a scheduler address (``tcp://host:8786``), or an
        existing ``distributed.Client`` (returned as is, not closed).

    Examples
    --------
    >>> client, close = connect("local", n_workers=1)  # doctest: +SKIP
    >>> close()  # doctest: +SKIP
    """
    distributed = require_extra("dask.distributed", "distributed")
    if isinstance(scheduler, distributed.Client):
        return scheduler, lambda: None
    if scheduler is None or scheduler == "":
        raise InvalidValueError("no Dask scheduler given; use 'local' or an address such as tcp://host:8786")
    if scheduler == "local":
        cluster = distributed.LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                                           processes=True, dashboard_address=None)
        client = distributed.Client(cluster)

        def close():
            client.close()
            cluster.close()

        return client, close
    if "://" not in str(scheduler) and ":" not in str(scheduler):
        raise InvalidValueError(f"bad Dask scheduler {scheduler!r}; valid: 'local' or an address such as "
                                "tcp://host:8786")
    try:
        client = distributed.Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as exc:
        raise FramescopeError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}") from exc
    return client, client.close


# --------------------------------------------------------------------------- partitions
def _store_fingerprint(store) -> dict:
    row = store.conn.execute("SELECT COUNT(*), COALESCE(MAX(rowid), 0), COALESCE(TOTAL(LENGTH(text)), 0),"
                             " COALESCE(TOTAL(LENGTH(title)), 0) FROM articles").fetchone()
    return {"articles": row[0], "last_rowid": row[1], "text_chars": row[2], "title_chars": row[3]}


def default_work_dir(db) -> Path:
    """``<database>.dask`` next to the database file."""
    from framescope.store import default_db_path

    path = Path(db) if db is not None else default_db_path()
    return path.with_name(path.name + ".dask")


def prepare_partitions(store, *, parquet=None, work_dir=None, partition_rows: int | None = None) -> list[Path]:
    """Partition files to process: those of ``parquet`` when given, else a (reused) export of ``store``.

    Returns the sorted ``articles/part-*.parquet`` paths.
    """
    from framescope.parquet import PARTITION_ROWS, export_parquet

    if parquet is not None:
        root = Path(parquet)
        parts = sorted((root / "articles").glob("part-*.parquet")) or sorted(root.glob("*.parquet"))
        if not parts:
            raise InputError("no Parquet partitions found (expected articles/part-*.parquet; "
                             "write them with `framescope export --parquet DIR`)", source=str(root))
        return parts
    root = Path(work_dir) if work_dir is not None else default_work_dir(store.path)
    root.mkdir(parents=True, exist_ok=True)
    rows = int(partition_rows or PARTITION_ROWS)
    wanted = dict(_store_fingerprint(store), partition_rows=rows)
    manifest = root / MANIFEST
    parts = sorted((root / "articles").glob("part-*.parquet"))
    if parts and manifest.exists():
        try:
            if json.loads(manifest.read_text()) == wanted:
                return parts
        except ValueError:
            pass
    manifest.unlink(missing_ok=True)
    parts = export_parquet(store, root, partition_rows=rows)
    tmp = manifest.with_suffix(".tmp")
    tmp.write_text(json.dumps(wanted))
    tmp.replace(manifest)
    return parts


def _digest(path: Path) -> str:
    h = hashlib.blake2b(digest_size=8)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _results_dir(parts: Sequence[Path]) -> Path:
    # articles/part-*.parquet -> results/ next to articles/
    parent = Path(parts[0]).parent
    root = parent.parent if parent.name == "articles" else parent
    return root / RESULTS


def _atomic_parquet(frame: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def _run_tasks(client, function, parts: Sequence[Path], *args, retries: int = 2, what: str = "task",
               progress: bool = False) -> list:
    """One task per partition; results in partition order; failures become FramescopeError."""
    distributed = require_extra("dask.distributed", "distributed")
    futures = [client.submit(function, str(part), *args, pure=False, retries=retries,
                             key=f"framescope-{what}-{Path(part).stem}-{os.urandom(4).hex()}") for part in parts]
    index = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(futures)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(futures), unit="partition", desc=what)
    try:
        for future in distributed.as_completed(futures):
            try:
                results[index[future.key]] = future.result()
            except Exception as exc:  # noqa: BLE001 - KilledWorker, worker errors, lost connection
                part = parts[index[future.key]]
                raise FramescopeError(
                    f"Dask {what} failed on partition {part}: {type(exc).__name__}: {exc}; finished partitions "
                    f"are kept in {_results_dir(parts)} and a re-run resumes from them") from exc
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        for future in futures:
            future.release()
    return results


# --------------------------------------------------------------------------- features
def _features_key(names: Sequence[str], chunk_size: int) -> str:
    from framescope.framing import family_class
    from framescope.framing.extract import family_version

    spec = [(name, family_version(family_class(name))) for name in names]
    return hashlib.blake2b(json.dumps([spec, chunk_size]).encode(), digest_size=6).hexdigest()


def features_partition(part: str, results: str, names: list[str], key: str, ids: list[str] | None = None,
                       chunk_size: int = 250) -> tuple[str, str]:
    """Worker task: the framing features of one partition, written atomically (skipped when done).

    Writes ``<stem>-<input hash>-<settings key>.values.parquet`` (``id``, ``text_hash``,
    then the feature columns) and ``...evidence.parquet``; returns both paths. With
    ``ids``, only those articles (one event) are computed.
    """
    from framescope.framing.base import Doc
    from framescope.framing.extract import extract_features, text_hash

    part_path = Path(part)
    out = Path(results)
    out.mkdir(parents=True, exist_ok=True)
    subset = "" if ids is None else "-" + hashlib.blake2b("\n".join(sorted(ids)).encode(), digest_size=6).hexdigest()
    stem = f"{part_path.stem}-{_digest(part_path)}-{key}{subset}"
    values_path, evidence_path = out / f"{stem}.values.parquet", out / f"{stem}.evidence.parquet"
    if values_path.exists() and evidence_path.exists():
        return str(values_path), str(evidence_path)
    frame = pd.read_parquet(part_path, columns=["id", "title", "text"])
    if ids is not None:
        frame = frame[frame["id"].isin(set(ids))].reset_index(drop=True)
    frame["title"] = frame["title"].fillna("")
    frame["text"] = frame["text"].fillna("")
    result = extract_features(frame[["id", "title", "text"]], families=names, use_cache=False,
                              chunk_size=chunk_size)
    values = result.values.reset_index()
    values.insert(1, "text_hash", [text_hash(Doc(str(i), t, x)) for i, t, x in
                                   zip(frame["id"], frame["title"], frame["text"])])
    _atomic_parquet(result.evidence, evidence_path)  # evidence first: the values file marks "done"
    _atomic_parquet(values, values_path)
    return str(values_path), str(evidence_path)


def run_features(db=None, *, scheduler="local", parquet=None, work_dir=None, families=None,
                 event: str | None = None, use_cache: bool = True, out=None, spans=None,
                 chunk_size: int = 250, partition_rows: int | None = None, retries: int = 2,
                 progress: bool = False):
    """Framing features of the stored articles computed on Dask, one task per Parquet partition.

    Same result as :func:`framescope.framing.extract.store_features` (values in store
    order, the same evidence); values and evidence are written to the store's feature
    cache (unless ``use_cache=False``), ``out`` and ``spans`` when given.

    Parameters
    ----------
    db : database path or :class:`~framescope.store.Store`.
    scheduler : ``"local"``, a scheduler address, or a ``distributed.Client``.
    parquet : folder of an export (``framescope export --parquet``); else the store is
        exported to ``work_dir`` (default ``<database>.dask``).
    families, event, use_cache, out, spans : as for ``framescope features``.
    retries : times Dask retries a failed task (a dead worker's tasks are rescheduled anyway).

    Returns
    -------
    FeatureResult
    """
    from framescope.framing import FeatureResult
    from framescope.framing.base import Doc, empty_evidence
    from framescope.framing.extract import (OUTPUT_SUFFIXES, _Cache, family_version, resolve_families,
                                            write_evidence, write_values)
    from framescope.framing import family_class
    from framescope.errors import NotFoundError, invalid_choice
    from framescope.store import Store

    if out is not None and Path(out).suffix.lower() not in OUTPUT_SUFFIXES:
        raise invalid_choice("output file type", Path(out).suffix or str(out), OUTPUT_SUFFIXES)
    names = resolve_families(families)
    store = db if isinstance(db, Store) else Store(db)
    try:
        ids = None
        if event is not None:  # the store knows the current events; an export may be older
            ids = store.articles(event=event, columns=["id"])["id"].tolist()
            if not ids:
                raise NotFoundError(f"no stored articles with event {event!r}")
        parts = prepare_partitions(store, parquet=parquet, work_dir=work_dir, partition_rows=partition_rows)
        results = _results_dir(parts)
        key = _features_key(names, chunk_size)
        client, close = connect(scheduler)
        try:
            outputs = _run_tasks(client, features_partition, parts, str(results), names, key, ids, chunk_size,
                                 retries=retries, what="features", progress=progress)
        finally:
            close()
        value_parts, evidence_parts = [], []
        cache = _Cache(store) if use_cache else None
        widths = {name: len(family_class(name)().get_feature_names_out()) for name in names}
        for values_path, evidence_path in outputs:
            values = pd.read_parquet(values_path)
            evidence = pd.read_parquet(evidence_path)
            if cache is not None and len(values):
                docs = [Doc(str(i), "", "") for i in values["id"]]
                hashes = list(values["text_hash"])
                col = 2
                for name in names:
                    block = values.iloc[:, col:col + widths[name]].to_numpy(dtype=float)
                    ev = evidence[evidence["family"] == name] if len(evidence) else evidence
                    cache.write(name, family_version(family_class(name)), docs, hashes, block, ev)
                    col += widths[name]
            value_parts.append(values.drop(columns=["text_hash"]))
            if len(evidence):
                evidence_parts.append(evidence)
    finally:
        if not isinstance(db, Store):
            store.close()
    values = pd.concat(value_parts, ignore_index=True).set_index("id")
    if event is not None and values.empty:
        raise NotFoundError(f"no stored articles with event {event!r}")
    values.index = pd.Index([str(v) for v in values.index], name="id")
    evidence = pd.concat(evidence_parts, ignore_index=True) if evidence_parts else empty_evidence()
    if len(evidence):
        evidence = evidence.astype({"start": "int64", "end": "int64", "weight": "float64"})
    result = FeatureResult(values=values, evidence=evidence)
    if out is not None:
        write_values(result.values, out)
    if spans is not None:
        write_evidence(result.evidence, spans)
    return result


# --------------------------------------------------------------------------- events
def event_features_partition(part: str, results: str, max_words: int) -> str:
    """Worker task: hashed word and name/number counts of one partition (``events._featurise_chunk``).

    Writes ``<stem>-<input hash>-ev<max_words>.npz`` atomically (skipped when done) and
    returns its path.
    """
    from framescope.events import GROUPING_VERSION, _featurise_chunk

    part_path = Path(part)
    out = Path(results)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{part_path.stem}-{_digest(part_path)}-ev{int(max_words)}-g{GROUPING_VERSION}.npz"
    if path.exists():
        return str(path)
    frame = pd.read_parquet(part_path, columns=["id", "title", "text"])
    titles = [str(v) if v is not None else "" for v in frame["title"]]
    texts = [str(v) if v is not None else "" for v in frame["text"]]
    words, specs, names, initial = _featurise_chunk(titles, texts, int(max_words))
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        np.savez(handle, ids=np.asarray([str(v) for v in frame["id"]], dtype=object).astype(str),
                 names=np.asarray(sorted(names), dtype=str),
                 w_data=words.data, w_indices=words.indices, w_indptr=words.indptr,
                 s_data=specs.data, s_indices=specs.indices, s_indptr=specs.indptr,
                 i_data=initial.data, i_indices=initial.indices, i_indptr=initial.indptr,
                 shape=np.asarray([words.shape[0], words.shape[1]]))
    os.replace(tmp, path)
    return str(path)


class _PartitionFeaturiser:
    """``group_events(featuriser=...)``: rows of the worker outputs in the order the grouping asks."""

    def __init__(self, paths: Sequence[str], max_words: int, store_ids: set[str]):
        self.paths, self.max_words, self.store_ids = list(paths), max_words, store_ids

    def __call__(self, ids: Sequence[str], max_words: int):
        import scipy.sparse as sp

        if max_words != self.max_words:
            raise InvalidValueError(f"featurised with max_words={self.max_words}, asked for {max_words}")
        words, specs, initial, all_ids, names = [], [], [], [], set()
        for path in self.paths:
            with np.load(path, allow_pickle=False) as data:
                shape = tuple(int(v) for v in data["shape"])
                words.append(sp.csr_matrix((data["w_data"], data["w_indices"], data["w_indptr"]), shape=shape))
                specs.append(sp.csr_matrix((data["s_data"], data["s_indices"], data["s_indptr"]), shape=shape))
                initial.append(sp.csr_matrix((data["i_data"], data["i_indices"], data["i_indptr"]), shape=shape))
                all_ids.extend(data["ids"].tolist())
                names.update(data["names"].tolist())
        position = {article_id: i for i, article_id in enumerate(all_ids)}
        missing = [i for i in ids if i not in position]
        if missing:
            raise InputError(f"{len(missing)} stored articles are not in the Parquet partitions (e.g. "
                             f"{missing[0]!r}); export them again with `framescope export --parquet DIR`")
        extra = [i for i in all_ids if i not in self.store_ids]
        if extra:
            # Names from articles outside the grouping could change its name filter: refuse.
            raise InputError(f"the Parquet partitions hold {len(extra)} articles that are not in the store "
                             f"(e.g. {extra[0]!r}); ingest them or export the store again")
        rows = np.asarray([position[i] for i in ids], dtype=np.int64)
        W = sp.vstack(words, format="csr")[rows]
        S = sp.vstack(specs, format="csr")[rows]
        return W, S, names, sp.vstack(initial, format="csr")[rows]


def run_events(db=None, *, scheduler="local", parquet=None, work_dir=None, window_days: float | None = None,
               threshold: float | None = None, partition_rows: int | None = None, retries: int = 2,
               progress: bool = False, **options):
    """Group the stored articles into events with the text featurisation on Dask; save as ``regroup`` does.

    The grouping is identical to :func:`framescope.events.regroup` (same code; only
    the row-wise featurisation moves to the workers). Returns its
    :class:`~framescope.events.EventGrouping`.
    """
    from framescope.events import DEFAULT_MAX_WORDS, DEFAULT_WINDOW_DAYS, regroup
    from framescope.store import Store

    max_words = int(options.get("max_words", DEFAULT_MAX_WORDS))
    store = db if isinstance(db, Store) else Store(db)
    try:
        parts = prepare_partitions(store, parquet=parquet, work_dir=work_dir, partition_rows=partition_rows)
        client, close = connect(scheduler)
        try:
            paths = _run_tasks(client, event_features_partition, parts, str(_results_dir(parts)), max_words,
                               retries=retries, what="events", progress=progress)
        finally:
            close()
        return regroup(store, window_days=window_days or DEFAULT_WINDOW_DAYS, threshold=threshold,
                       featuriser=_PartitionFeaturiser(paths, max_words, set(store.ids())), **options)
    finally:
        if not isinstance(db, Store):
            store.close()


__all__ = ["connect", "default_work_dir", "event_features_partition", "features_partition",
           "prepare_partitions", "run_events", "run_features"]
