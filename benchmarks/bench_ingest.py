"""Benchmark ingest: articles/s, CPU time and peak memory on a generated corpus, relative to a bare TF-IDF pass.

Generates N synthetic articles (deterministic for a seed) as one JSONL file and as N raw
page-text files in the style of a scraped news page (icon run, date, headline twice, body,
cross-promotion, share prompt, player timers), ingests each into a fresh SQLite store in a
fresh process, and reports wall time, CPU seconds (this process plus any ``--jobs``
worker processes, read with psutil when it is installed), articles per second, peak RSS
(ru_maxrss after the ingest) and the ratios of the ingest's wall and CPU time to
``TfidfVectorizer().fit_transform`` over the same texts in the same process. The CPU
ratio is the figure to trust on a shared machine. The inputs are written by the parent
process, so the measured process's peak RSS covers only its imports and the ingest itself.

Usage::

    python benchmarks/bench_ingest.py                  # N = 1000 and 10000
    python benchmarks/bench_ingest.py --n 2000 --kind jsonl --seed 3 --jobs 2
    python benchmarks/bench_ingest.py --corpus /tmp/framescope-bench/syn10000_seed0.jsonl --jobs 2
                                                       # an existing JSONL (run_all.py's corpora)
    python benchmarks/bench_ingest.py --n 10000 --kind jsonl --profile   # + cProfile of the ingest
    python benchmarks/bench_ingest.py --html-gold DIR  # token-F1 of the HTML reader on
                                                       # DIR/*.html vs DIR/*.gold.txt

The HTML quality mode is how the project measures its HTML cleaner on real pages: put
pages and their gold bodies (same stem, ``.gold.txt``) in a folder and point it there.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

OUTLETS = ["harborherald.example", "harborledger.example", "meridiandaily.example", "coastline.example",
           "csb.example", "ostreltoday.example", "dailyclarion.example", "hpr.example"]
SUBJECTS = ["The council", "The mayor", "Union leaders", "The port authority", "Police", "Residents",
            "The minister", "Shipping companies", "Critics", "The governor's office", "Dockworkers", "Analysts"]
VERBS = ["said", "warned", "argued", "confirmed", "denied", "announced", "claimed", "noted", "insisted", "admitted"]
OBJECTS = ["the port expansion", "the ferry fares", "the safety review", "the new cranes", "the strike",
           "the budget", "the storm damage", "the night shifts", "the harbor contract", "the election",
           "the training mission", "the naval drills", "the fishing quotas", "the measles outbreak"]
QUALIFIERS = ["would cost the city millions", "was long overdue", "put workers at risk", "had been rushed",
              "would be reviewed next month", "was entirely lawful", "could not be delayed further",
              "had support across the council", "ignored the views of residents", "would create jobs"]
WHEN = ["on Monday", "on Tuesday", "late on Wednesday", "at a briefing on Thursday", "in a statement on Friday",
        "over the weekend", "earlier this week", "after the vote"]


def make_article(i: int, rng: random.Random) -> dict:
    """One synthetic article record."""
    paragraphs = []
    for _ in range(rng.randint(4, 8)):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(WHEN)} that {rng.choice(OBJECTS)} " \
                f"{rng.choice(QUALIFIERS)}"
            if rng.random() < 0.3:
                s = f"“{rng.choice(OBJECTS).capitalize()} {rng.choice(QUALIFIERS)},” {rng.choice(SUBJECTS).lower()} " \
                    f"{rng.choice(VERBS)}"
            sentences.append(s + ".")
        paragraphs.append(" ".join(sentences))
    day = 1 + i % 28
    return {"outlet": rng.choice(OUTLETS), "title": f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                                                     f"{rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)} (no. {i})",
            "published": f"2024-03-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00",
            "text": "\n\n".join(paragraphs), "key": f"k{i}"}


def generate(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    return [make_article(i, rng) for i in range(n)]


_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def page_text(record: dict) -> str:
    """The record as a scraped page in the seed style (clutter around the body)."""
    stamp = record["published"]
    date = f"{int(stamp[8:10])} {_MONTHS[int(stamp[5:7]) - 1]}, {stamp[:4]} {stamp[11:16]}"
    body = record["text"].split("\n\n")
    middle = len(body) // 2
    body = body[:middle] + [f"Also on {record['outlet']} Another story about {OBJECTS[len(body) % len(OBJECTS)]}"] \
        + body[middle:]
    lines = ["icon bookmark-bicon bookmarkicon cameraicon checkicon chevron downicon closeicon fbicon mailicon",
             date, "", record["title"], "", record["title"], ""] + [p + "\n" for p in body] + \
            ["Like this story? Share it with a friend!", "", "Podcasts", "0:00", "27:41"]
    return "\n".join(lines)


def write_inputs(kind: str, records: list[dict], folder: Path) -> Path:
    if kind == "jsonl":
        path = folder / "articles.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        return path
    pages = folder / "pages"
    pages.mkdir()
    for i, record in enumerate(records):
        (pages / f"page{i:06d}.txt").write_text(page_text(record), encoding="utf-8")
    return pages


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _children_cpu() -> float:
    """CPU seconds of this process's live child processes (ingest's worker pool), 0 without psutil."""
    try:
        import psutil
    except ImportError:
        return 0.0
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
            total += times.user + times.system
        except psutil.Error:
            pass
    return total


def _texts(kind: str, n: int, seed: int, path: str) -> list[str]:
    if kind == "corpus":
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line).get("text") or "" for line in handle if line.strip()]
    return [r["text"] for r in generate(n, seed)]


def _run_case(kind: str, n: int, seed: int, path: str, jobs: int, profile: bool, queue) -> None:
    """One measurement in a fresh process: ingest ``path``, then TF-IDF over the same texts."""
    import gc

    from sklearn.feature_extraction.text import TfidfVectorizer

    from framescope.ingest import ingest

    gc.collect()
    before = _rss_mb()
    db = Path(tempfile.mkdtemp(prefix="bench-ingest-")) / f"corpus-{kind}-{n}.db"
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    cpu_start, children_start = time.process_time(), _children_cpu()
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    report = ingest(path, db, n_jobs=jobs)
    if profiler is not None:
        profiler.disable()
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start + _children_cpu() - children_start
    peak = _rss_mb()  # peak RSS of the process so far: imports + the whole ingest
    assert report.ok and (kind == "corpus" or len(report.added) == n), (len(report.added), report.rejected[:3])
    n = len(report.added)
    texts = _texts(kind, n, seed, path)
    cpu_start, start = time.process_time(), time.perf_counter()
    TfidfVectorizer().fit_transform(texts)
    tfidf, tfidf_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    profile_text = None
    if profiler is not None:
        import io
        import pstats

        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        profile_text = out.getvalue()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    db.parent.rmdir()
    queue.put({"format": kind, "n": n, "jobs": jobs, "seconds": seconds, "cpu_seconds": cpu,
               "articles_per_s": n / seconds, "rss_before_mb": before, "peak_rss_mb": peak,
               "tfidf_seconds": tfidf, "tfidf_cpu_seconds": tfidf_cpu, "ratio": seconds / tfidf,
               "cpu_ratio": cpu / tfidf_cpu if tfidf_cpu else float("nan"), "load": os.getloadavg()[0],
               "profile": profile_text})


def run(kind: str, n: int, seed: int, jobs: int = 1, profile: bool = False, corpus: Path | None = None) -> dict:
    """Write the inputs here, measure in a fresh process (so generation does not count in its memory)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = corpus if corpus is not None else write_inputs(kind, generate(n, seed), Path(tmp))
        ctx = mp.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=_run_case, args=(kind, n, seed, str(path), jobs, profile, queue))
        proc.start()
        result = queue.get()
        proc.join()
    return result


def html_quality(folder: Path) -> list[tuple[str, float, float]]:
    """Token-F1 of trafilatura alone and of the framescope HTML reader on DIR/*.html vs *.gold.txt."""
    import trafilatura

    from framescope.article import Article
    from framescope.ingest import read_path
    from framescope.text import token_f1

    f1 = token_f1

    rows = []
    for page in sorted(folder.glob("*.html")):
        gold_path = page.with_suffix(".gold.txt")
        if not gold_path.exists():
            continue
        gold = gold_path.read_text(encoding="utf-8")
        doc = trafilatura.bare_extraction(page.read_bytes(), include_comments=False, include_tables=False,
                                          with_metadata=True)
        alone = f1(doc.as_dict().get("text") or "", gold) if doc is not None else 0.0
        found = [a for a in read_path(page) if isinstance(a, Article)]
        ours = f1(found[0].text, gold) if found else 0.0
        rows.append((page.name, alone, ours))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10000], help="corpus sizes")
    parser.add_argument("--kind", choices=["jsonl", "pages", "both"], default="both")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=1, help="ingest n_jobs (parsing processes) [1]")
    parser.add_argument("--corpus", type=Path, help="ingest this JSONL file instead of generating inputs")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the ingest (main process)")
    parser.add_argument("--html-gold", type=Path, help="folder of X.html + X.gold.txt pairs: report token-F1")
    args = parser.parse_args(argv)
    if args.html_gold:
        rows = html_quality(args.html_gold)
        if not rows:
            print(f"no .html/.gold.txt pairs in {args.html_gold}")
            return 1
        print(f"{'page':32s} {'trafilatura':>11s} {'framescope':>10s}")
        for name, alone, ours in rows:
            print(f"{name:32s} {alone:11.4f} {ours:10.4f}")
        print(f"{'mean':32s} {sum(r[1] for r in rows) / len(rows):11.4f} {sum(r[2] for r in rows) / len(rows):10.4f}")
        return 0
    cases = [("corpus", 0)] if args.corpus else \
        [(kind, n) for n in args.n for kind in (["jsonl", "pages"] if args.kind == "both" else [args.kind])]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, seed {args.seed}, jobs {args.jobs}, "
          f"load {os.getloadavg()[0]:.1f}")
    header = f"{'format':7s} {'N':>7s} {'ingest s':>9s} {'CPU s':>7s} {'articles/s':>11s} {'RSS before MB':>13s} " \
             f"{'peak RSS MB':>12s} {'TF-IDF s':>9s} {'TF-IDF CPU s':>12s} {'wall ratio':>10s} {'CPU ratio':>9s} " \
             f"{'load':>5s}"
    print(header)
    print("-" * len(header))
    for kind, n in cases:
        r = run(kind, n, args.seed, args.jobs, args.profile, args.corpus)
        print(f"{r['format']:7s} {r['n']:7d} {r['seconds']:9.2f} {r['cpu_seconds']:7.2f} {r['articles_per_s']:11.0f} "
              f"{r['rss_before_mb']:13.0f} {r['peak_rss_mb']:12.0f} {r['tfidf_seconds']:9.2f} "
              f"{r['tfidf_cpu_seconds']:12.2f} {r['ratio']:10.1f} {r['cpu_ratio']:9.1f} {r['load']:5.1f}", flush=True)
        if r["profile"]:
            print(r["profile"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
