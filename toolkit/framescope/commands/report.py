"""Report command: ``report EVENT --html OUT.html [--worksheet]``."""

from __future__ import annotations

import click

from framescope.cli import clean_errors, db_option, main


@main.command("report")
@db_option
@click.argument("event_id")
@click.option("--html", "out", required=True, type=click.Path(dir_okay=False),
              help="Write the self-contained HTML report to this file.")
@click.option("--worksheet", is_flag=True,
              help="Classroom worksheet instead (outlets as Outlet A/B/C, highlights hidden until revealed); "
                   "the answer key goes to OUT.answers.html.")
@click.option("--outlets", help="Only these outlets (comma-separated).")
@click.option("--max-articles", type=click.IntRange(min=2), default=60, show_default=True,
              help="Articles shown side by side; larger events are truncated with a note.")
@clean_errors
def report_command(db, event_id, out, worksheet, outlets, max_articles):
    """Write an HTML report of how the outlets framed an event: the three most telling
    differences with quoted evidence, charts, the articles side by side with every evidence
    span highlighted, the naming and quote tables, methods and caveats. One file, no network.

    \b
    Example:
      framescope report e01 --html e01.html
      framescope report e01 --html e01-class.html --worksheet
    """
    from framescope.report.html import report_event

    for path in report_event(db, event_id, out, worksheet=worksheet, outlets=outlets, max_articles=max_articles):
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:,.0f} kB)", err=True)
