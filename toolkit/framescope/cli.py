"""The ``framescope`` command line: a click group; each command calls one library function.

Commands live in ``framescope/commands/``, one module per stage (corpus, events,
features, compare, ...), each registering its commands on :data:`main`. Keeping them
apart keeps this file small and lets each stage's commands sit beside each other.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys

import click

from framescope import __version__
from framescope.errors import FramescopeError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="framescope")
def main():
    """framescope: compare how news outlets frame the same event.

    \b
    Example:
      framescope demo
      framescope ingest articles/ --outlet example.com && framescope articles
    """


def db_option(func):
    """``--db PATH`` (default ``$FRAMESCOPE_DB`` or ``./framescope.db``)."""
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None, envvar="FRAMESCOPE_DB",
                        help="Corpus database [default: $FRAMESCOPE_DB or ./framescope.db].")(func)


def quiet_option(func):
    return click.option("--quiet", "-q", is_flag=True, help="No progress bar.")(func)


def dask_options(func):
    """``--scheduler``, ``--parquet`` and ``--work-dir``: run a stage on Dask (see framescope.distributed)."""
    func = click.option("--work-dir", type=click.Path(file_okay=False),
                        help="With --scheduler: folder for the export and per-partition results "
                             "[default: DB.dask].")(func)
    func = click.option("--parquet", "parquet", type=click.Path(file_okay=False),
                        help="With --scheduler: Parquet export to read (framescope export --parquet) "
                             "[default: export the store].")(func)
    return click.option("--scheduler", metavar="ADDRESS|local",
                        help="Run on Dask: a scheduler address (tcp://host:8786) or 'local' "
                             "(needs framescope[distributed]).")(func)


def format_option(*choices: str, default: str = "table"):
    """``--format`` with the given choices."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default,
                        show_default=True, help="Output format.")


def clean_errors(func):
    """Turn FramescopeError into a one-line ClickException (exit status 1)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except FramescopeError as exc:
            raise click.ClickException(str(exc)) from exc
    return wrapper


def show_progress(quiet: bool) -> bool:
    """Progress bars only on a terminal and without ``--quiet``."""
    return not quiet and sys.stderr.isatty()


def echo_output(text: str, out: str | None = None) -> None:
    """Write ``text`` to ``out`` (a file path) or stdout."""
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(text)


def _register_commands():
    import framescope.commands as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"framescope.commands.{info.name}")


_register_commands()
