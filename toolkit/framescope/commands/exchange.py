"""Exchange commands: export the store to Parquet partitions and import them back."""

from __future__ import annotations

import click

from framescope.cli import clean_errors, db_option, main


@main.command("export")
@click.option("--parquet", "directory", required=True, type=click.Path(file_okay=False),
              help="Folder to write articles/part-NNNNN.parquet into.")
@click.option("--partition-rows", default=20_000, show_default=True, help="Articles per partition.")
@db_option
@clean_errors
def export_command(directory, partition_rows, db):
    """Export the stored articles to Parquet partitions.

    \b
    Example:
      framescope export --parquet corpus-parquet/
    """
    from framescope.parquet import export_parquet
    from framescope.store import Store

    with Store(db) as store:
        parts = export_parquet(store, directory, partition_rows=partition_rows)
    click.echo(f"wrote {len(parts)} partition(s) to {directory}/articles", err=True)


@main.command("import")
@click.option("--parquet", "directory", required=True, type=click.Path(exists=True, file_okay=False),
              help="Folder written by `framescope export --parquet`.")
@db_option
@clean_errors
def import_command(directory, db):
    """Import articles from Parquet partitions into the store.

    \b
    Example:
      framescope import --parquet corpus-parquet/ --db copy.db
    """
    from framescope.parquet import import_parquet
    from framescope.store import Store

    with Store(db) as store:
        result = import_parquet(directory, store)
    click.echo(f"added {len(result.added)}, duplicates {len(result.duplicates)}", err=True)
