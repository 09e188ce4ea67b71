"""Compare commands: ``compare`` (an event, a query, or the corpus by outlet/field) and ``demo``."""

from __future__ import annotations

import click

from framescope.cli import clean_errors, db_option, echo_output, format_option, main, quiet_option, show_progress


@main.command("compare")
@db_option
@click.argument("event_id", required=False)
@click.option("--query", help="Compare the articles matching this full-text query instead of an event.")
@click.option("--since", help="Published on or after (YYYY-MM-DD or ISO date-time).")
@click.option("--until", help="Published on or before.")
@click.option("--outlets", help="Only these outlets (comma-separated).")
@click.option("--reference", help="Outlets forming the reference group for distinctive terms (comma-separated).")
@click.option("--prior", type=click.Choice(["event", "corpus"]), default="event", show_default=True,
              help="Prior of the distinctive terms: the event's pooled text or the whole corpus.")
@click.option("--by", "by", help="Corpus-level view across all events: 'outlet' or a column of --outlets-csv.")
@click.option("--outlets-csv", type=click.Path(exists=True, dir_okay=False),
              help="CSV of outlet metadata (a 'domain' or 'outlet' column + fields such as leaning) for --by.")
@click.option("--n-boot", type=int, default=1000, show_default=True, help="Bootstrap resamples for --by.")
@format_option("table", "json", "csv", "markdown", "html")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@clean_errors
def compare_command(db, event_id, query, since, until, outlets, reference, prior, by, outlets_csv, n_boot, fmt,
                    out):
    """Compare how the outlets framed an event: coverage, frames, tone, voices, naming,
    distinctive terms, omissions, similarity, with evidence for each difference.

    Findings that rest on fewer than 3 articles per outlet are marked anecdotal.

    \b
    Example:
      framescope compare ev-a802c26bcf
      framescope compare --query "port strike" --since 2024-03-10 --outlets csb.example,hpr.example
      framescope compare ev-a802c26bcf --reference meridianwire.example --format markdown --out kessa.md
      framescope compare ev-a802c26bcf --format html --out kessa.html
      framescope compare --by leaning --outlets-csv outlets.csv
    """
    from framescope.compare import compare_corpus, compare_event, render_comparison

    if by:
        if event_id or query:
            raise click.UsageError("--by compares the whole corpus; do not give an event or --query with it")
        result = compare_corpus(db, by=by, outlets_csv=outlets_csv, n_boot=n_boot, outlets=outlets)
    else:
        if not event_id and not query:
            raise click.UsageError("give an EVENT_ID (see `framescope events`), --query TEXT, or --by outlet")
        result = compare_event(db, event_id, query=query, since=since, until=until, outlets=outlets,
                               reference=reference, prior=prior)
    echo_output(render_comparison(result, fmt), out)


@main.command("demo")
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="Output folder (default ./framescope-output); the corpus database is kept there too.")
@quiet_option
@clean_errors
def demo_command(out_dir, quiet):
    """Run the main job on the bundled corpus: ingest it, group events, and compare how the
    outlets framed the showcase event. Prints a compact table and the three most telling
    differences with quoted evidence, and writes the full outputs to a folder.

    \b
    Example:
      framescope demo
      framescope demo --out demo-output --quiet
    """
    from framescope.compare.demo import run_demo

    result = run_demo(out_dir, progress=show_progress(quiet))
    click.echo(result.to_text())
