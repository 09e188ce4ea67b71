"""Corpus commands: list and show stored articles."""

from __future__ import annotations

import json

import click

from framescope.cli import clean_errors, db_option, echo_output, format_option, main


@main.command("articles")
@db_option
@click.option("--outlet", "outlets", multiple=True, help="Only these outlets (repeat or comma-separate).")
@click.option("--since", help="Published on or after (YYYY-MM-DD or ISO date-time).")
@click.option("--until", help="Published on or before.")
@click.option("--search", help="Full-text search over title and text.")
@click.option("--event", help="Only articles of this event.")
@click.option("--limit", type=int, help="At most this many rows.")
@format_option("table", "json", "jsonl", "csv")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@clean_errors
def articles_command(db, outlets, since, until, search, event, limit, fmt, out):
    """List stored articles.

    \b
    Example:
      framescope articles --outlet harborherald.example --since 2024-03-01 --format jsonl
    """
    from framescope.corpus import list_articles

    outlets = [o for value in outlets for o in value.split(",") if o.strip()]
    frame = list_articles(db, outlets=outlets or None, since=since, until=until, search=search,
                          event=event, limit=limit, fmt=fmt)
    from framescope.report import render_frame

    echo_output(render_frame(frame, fmt), out)


@main.command("show")
@db_option
@click.argument("article_id")
@format_option("text", "json", default="text")
@clean_errors
def show_command(db, article_id, fmt):
    """Show one stored article (full id or a unique prefix of 6+ characters).

    \b
    Example:
      framescope show 3f2a9c1d
    """
    from framescope.corpus import get_article

    record = get_article(db, article_id)
    if fmt == "json":
        click.echo(json.dumps(record, ensure_ascii=False, default=str))
        return
    click.echo(f"{record['title'] or '(untitled)'}\n{record['outlet'] or '?'} · {record['published'] or 'no date'}"
               f" · {record['id']}\n{record['url'] or ''}\n\n{record['text']}")
