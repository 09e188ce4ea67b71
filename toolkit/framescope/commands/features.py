"""Feature commands: compute the framing families for stored articles."""

from __future__ import annotations

import click

from framescope.cli import clean_errors, dask_options, db_option, main, quiet_option, show_progress


@main.command("features")
@db_option
@click.option("--families", help="Comma-separated families [default: all] "
              "(issue_frames, generic_frames, tone, persuasion, structure, sourcing, labeling).")
@click.option("--event", help="Only the articles of this event.")
@click.option("--out", type=click.Path(dir_okay=False),
              help="Write values to FILE.csv, FILE.parquet or FILE.jsonl [default: CSV on stdout].")
@click.option("--spans", type=click.Path(dir_okay=False), help="Write the evidence spans to FILE.jsonl.")
@click.option("--no-cache", is_flag=True, help="Recompute everything; do not read or write the store's cache.")
@click.option("--jobs", "-j", type=int, default=1, show_default=True, help="Worker processes (-1: all cores).")
@dask_options
@quiet_option
@clean_errors
def features_command(db, families, event, out, spans, no_cache, jobs, scheduler, parquet, work_dir, quiet):
    """Compute framing features: one row per article, an `id` column then `<family>__<feature>` columns.

    Values and evidence are cached in the corpus database and recomputed only when an
    article's text or a family's code version changes.

    \b
    Example:
      framescope features --families tone,persuasion --event e01 --out e01.csv --spans e01-spans.jsonl
      framescope features --out features.parquet
      framescope features --scheduler tcp://host:8786 --parquet /shared/corpus --out features.parquet
    """
    if scheduler:
        from framescope.distributed import run_features

        result = run_features(db, scheduler=scheduler, parquet=parquet, work_dir=work_dir, families=families,
                              event=event, use_cache=not no_cache, out=out, spans=spans,
                              progress=show_progress(quiet))
    else:
        if parquet or work_dir:
            raise click.UsageError("--parquet and --work-dir need --scheduler")
        from framescope.framing.extract import store_features

        result = store_features(db, families=families, event=event, use_cache=not no_cache,
                                progress=show_progress(quiet), out=out, spans=spans, n_jobs=jobs,
                                keep_evidence=False)
    if out is None:
        click.echo(result.values.reset_index().to_csv(index=False), nl=False)
    elif not quiet:
        click.echo(f"wrote {out} ({len(result.values)} articles, {result.values.shape[1]} features)", err=True)
    if spans is not None and not quiet:
        click.echo(f"wrote {spans} ({result.evidence.attrs.get('n_spans', len(result.evidence))} spans)", err=True)
