"""Event commands: group articles into events, correct the grouping, evaluate it."""

from __future__ import annotations

import json

import click

from framescope.cli import clean_errors, dask_options, db_option, echo_output, format_option, main


def _render_events(frame, fmt: str) -> str:
    from framescope.report.tables import json_default, render_frame

    if fmt == "json":
        records = []
        for row in frame.to_dict(orient="records"):
            records.append({key: (None if value is None or (not isinstance(value, list) and value != value)
                                  else value.isoformat() if hasattr(value, "isoformat") else value)
                            for key, value in row.items()})
        return json.dumps(records, ensure_ascii=False, default=json_default)
    if fmt == "table":
        frame = frame.assign(articles=frame["n_articles"]).drop(columns=["n_articles"])
        frame = frame[["id", "label", "first", "last", "n_outlets", "articles", "source", "outlets"]]
    return render_frame(frame, fmt)


@main.group("events", invoke_without_command=True)
@db_option
@click.option("--window", "window", type=float, default=None,
              help="Compare only articles published within this many days [default: 3].")
@click.option("--threshold", type=float, default=None,
              help="Average-linkage similarity needed to join an event [default: 0.1].")
@click.option("--attach-orphans/--no-attach-orphans", default=None,
              help="Let an article left alone join the one event its links point to without doubt "
                   "[default: on; see framescope.events.group_events].")
@click.option("--regroup/--no-regroup", default=None,
              help="Re-run grouping (default: only when articles or settings changed).")
@format_option("table", "json", "csv")
@click.option("--out", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
@dask_options
@click.pass_context
@clean_errors
def events_command(ctx, db, window, threshold, attach_orphans, regroup, fmt, out, scheduler, parquet, work_dir):
    """Group stored articles into events across outlets and list the events.

    Corrections (merge, split, assign, rename, define) are kept and re-applied every
    time grouping runs again.

    \b
    Example:
      framescope events --window 3 --format json
      framescope events merge ev-1a2b3c4d5e ev-9f8e7d6c5b
      framescope events --scheduler tcp://host:8786 --parquet /shared/corpus
    """
    if ctx.invoked_subcommand is not None:
        return
    if (parquet or work_dir) and not scheduler:
        raise click.UsageError("--parquet and --work-dir need --scheduler")
    from framescope.events import DEFAULT_WINDOW_DAYS, list_events, needs_regroup, regroup as run
    from framescope.store import Store

    with Store(db) as store:
        settings = {"threshold": threshold}
        if attach_orphans is not None:  # (else the library default, and any stored run's setting is fine)
            settings["attach_orphans"] = attach_orphans
        if regroup or (regroup is None and needs_regroup(store, window_days=window, **settings)):
            if scheduler:
                from framescope.distributed import run_events

                run_events(store, scheduler=scheduler, parquet=parquet, work_dir=work_dir, window_days=window,
                           **settings)
            else:
                run(store, window_days=window or DEFAULT_WINDOW_DAYS, **settings)
        frame = list_events(store)
    echo_output(_render_events(frame, fmt), out)


@events_command.command("merge")
@db_option
@click.argument("event_a")
@click.argument("event_b")
@format_option("table", "json", "csv")
@clean_errors
def merge_command(db, event_a, event_b, fmt):
    """Merge event B into event A (A keeps its id and label).

    \b
    Example:
      framescope events merge ev-1a2b3c4d5e ev-9f8e7d6c5b
    """
    from framescope.events import correct

    click.echo(_render_events(correct(db, "merge", event_a, event_b), fmt))


@events_command.command("split")
@db_option
@click.argument("event")
@click.argument("articles", nargs=-1, required=True)
@format_option("table", "json", "csv")
@clean_errors
def split_command(db, event, articles, fmt):
    """Move ARTICLES out of EVENT into a new event of their own.

    \b
    Example:
      framescope events split ev-1a2b3c4d5e 3f2a9c1d 77b0e4aa
    """
    from framescope.events import correct

    click.echo(_render_events(correct(db, "split", event, *articles), fmt))


@events_command.command("assign")
@db_option
@click.argument("article")
@click.argument("event")
@format_option("table", "json", "csv")
@clean_errors
def assign_command(db, article, event, fmt):
    """Put ARTICLE into EVENT (an existing id, a new id, or 'none' for no event).

    \b
    Example:
      framescope events assign 3f2a9c1d ev-1a2b3c4d5e
    """
    from framescope.events import correct

    click.echo(_render_events(correct(db, "assign", article, event), fmt))


@events_command.command("rename")
@db_option
@click.argument("event")
@click.argument("label")
@format_option("table", "json", "csv")
@clean_errors
def rename_command(db, event, label, fmt):
    """Give EVENT a label of your own.

    \b
    Example:
      framescope events rename ev-1a2b3c4d5e "Dock strike"
    """
    from framescope.events import correct

    click.echo(_render_events(correct(db, "rename", event, label), fmt))


@events_command.command("define")
@db_option
@click.option("--query", required=True, help="Full-text query (plain words are ANDed).")
@click.option("--since", help="Published on or after (YYYY-MM-DD or ISO date-time).")
@click.option("--until", help="Published on or before.")
@click.option("--label", help="Label of the event [default: the query].")
@format_option("table", "json", "csv")
@clean_errors
def define_command(db, query, since, until, label, fmt):
    """Define an event as the articles matching a query (kept across regrouping).

    \b
    Example:
      framescope events define --query "Kessa trainers" --since 2024-03-04 --until 2024-03-06
    """
    from framescope.events import correct

    click.echo(_render_events(correct(db, "define", query=query, since=since, until=until, label=label), fmt))


@main.command("evaluate-events")
@db_option
@click.option("--gold", required=True,
              help="A meta field with gold event ids (e.g. gold_event) or a CSV of article id,event.")
@format_option("table", "json", "csv")
@clean_errors
def evaluate_events_command(db, gold, fmt):
    """Score the stored events against gold labels: B-cubed precision/recall/F1 and ARI.

    \b
    Example:
      framescope evaluate-events --gold gold_event
      framescope evaluate-events --gold gold.csv --format json
    """
    import pandas as pd

    from framescope.events import evaluate_store
    from framescope.report.tables import render_frame

    scores = evaluate_store(db, gold)
    if fmt == "json":
        click.echo(json.dumps({k: (int(v) if k.startswith("n_") else float(v)) for k, v in scores.items()}))
        return
    frame = pd.DataFrame({"metric": scores.index, "value": [f"{v:.4f}" if not k.startswith("n_") else str(int(v))
                                                              for k, v in scores.items()]})
    click.echo(render_frame(frame, fmt))
