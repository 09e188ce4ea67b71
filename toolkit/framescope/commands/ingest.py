"""The ``framescope ingest`` command: read files of any kind into the corpus database."""

from __future__ import annotations

import click

from framescope.cli import clean_errors, db_option, main, quiet_option, show_progress
from framescope.ingest.base import FORMATS


@main.command("ingest")
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(("auto",) + FORMATS, case_sensitive=False), default="auto",
              show_default=True, help="Input format (auto: detected from each file's name and content).")
@click.option("--outlet", help="Outlet for every article read (wins over what the input says).")
@click.option("--map", "mapping", metavar="FIELD=COLUMN,...",
              help="Column mapping for JSON/CSV, e.g. text=content,outlet=source,published=date.")
@db_option
@click.option("--dry-run", is_flag=True, help="Read and check everything; write nothing.")
@quiet_option
@click.option("--corpus", metavar="NAME", help="Also ingest a bundled corpus (e.g. harbor-city).")
@click.option("--encoding", help="Text encoding of the inputs [default: detected].")
@click.option("--jobs", "-j", type=int, default=1, show_default=True,
              help="Processes parsing the inputs (-1: all cores); same result as 1.")
@clean_errors
def ingest_command(paths, fmt, outlet, mapping, db, dry_run, quiet, corpus, encoding, jobs):
    """Read articles from PATH... (files, folders, globs, or - for stdin) into the corpus.

    Formats: raw page text, HTML, JSON, JSONL, CSV/TSV, RSS/Atom, and the presets
    news-please, allsides, basil, mediacloud. Ends with a summary of what was added,
    duplicated and rejected; the exit status is 1 when anything was rejected.

    \b
    Example:
      framescope ingest page.txt pages/ feed.xml export.csv --map text=content,outlet=source
      framescope ingest --corpus harbor-city
      cat dump.jsonl | framescope ingest - --format jsonl --dry-run
      framescope ingest big-dump.jsonl pages/ --jobs 2
    """
    if not paths and not corpus:
        raise click.UsageError("give at least one PATH (or - for stdin), or --corpus NAME")
    from framescope.ingest import ingest

    report = ingest(list(paths), db, fmt=None if fmt == "auto" else fmt, outlet=outlet, mapping=mapping,
                    dry_run=dry_run, progress=show_progress(quiet), corpus=corpus, encoding=encoding,
                    n_jobs=jobs)
    click.echo(report.summary())
    if not report.ok:
        raise SystemExit(1)
