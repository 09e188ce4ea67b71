"""Bundled-corpus commands: list the corpora that ship with framescope."""

from __future__ import annotations

from framescope.cli import clean_errors, echo_output, format_option, main


@main.command("corpora")
@format_option("table", "json")
@clean_errors
def corpora_command(fmt):
    """List the bundled corpora (name, description, articles, events, outlets).

    \b
    Example:
      framescope corpora
      framescope corpora --format json
      framescope ingest --corpus harbor-city
    """
    from framescope.datasets import available
    from framescope.report import render_frame

    echo_output(render_frame(available(), fmt))
