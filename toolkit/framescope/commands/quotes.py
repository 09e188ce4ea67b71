"""Sourcing commands: the quotes of an article or an event, with speakers and attribution verbs."""

from __future__ import annotations

import json

import click

from framescope.cli import clean_errors, db_option, echo_output, format_option, main


@main.command("quotes")
@db_option
@click.argument("article_or_event")
@format_option("table", "json", "jsonl", "csv", "markdown")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@clean_errors
def quotes_command(db, article_or_event, fmt, out):
    """Quotes of a stored article (id or 6+ character prefix) or of every article of an event.

    Each quote comes with its span, kind (direct, partial, indirect), speaker, affiliation,
    attribution verb and the verb's stance (neutral, endorsing, doubting, conceding, alarming).

    \b
    Example:
      framescope quotes e01 --format json
      framescope quotes 3f2a9c1d
    """
    from framescope.framing.sourcing import quote_records, stored_quotes

    table = stored_quotes(db, article_or_event)
    if fmt == "json":
        echo_output(json.dumps(quote_records(table), ensure_ascii=False, indent=2), out)
        return
    from framescope.report import render_frame

    if fmt == "table":
        table = table[["article_id", "outlet", "kind", "speaker", "affiliation", "verb", "stance", "text"]]
        table = table.assign(article_id=table["article_id"].str[:10])
    echo_output(render_frame(table, fmt), out)
