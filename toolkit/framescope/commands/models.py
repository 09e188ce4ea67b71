"""Model commands: train, evaluate, predict, explain."""

from __future__ import annotations

import json
from pathlib import Path

import click

from framescope.cli import clean_errors, db_option, echo_output, format_option, main


def _data_options(func):
    func = click.option("--delimiter", help="CSV delimiter (sniffed when omitted).")(func)
    func = click.option("--title-col", help="Column holding a title/headline (optional).")(func)
    func = click.option("--id-col", help="Column holding a row id (default: row number).")(func)
    func = click.option("--text-col", default="text", show_default=True, help="Column holding the text.")(func)
    return func


def _load_frame(data, db, *, text_col, label_col, id_col, title_col, delimiter, event=None):
    from framescope import models

    if data:
        return models.read_labelled(data, text_col=text_col, label_col=label_col, id_col=id_col,
                                    title_col=title_col, delimiter=delimiter)
    from framescope.store import Store

    with Store(db) as store:
        return models.store_frame(store, event=event, label_col=label_col)


def _metrics_text(metrics, fmt: str) -> str:
    from framescope.report import render_frame

    if fmt == "json":
        return json.dumps(metrics.to_dict(), default=str)
    summary = ", ".join(f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in metrics.summary.items())
    parts = [f"cross-validated: {summary}" if "n_folds" in metrics.summary else summary,
             render_frame(metrics.per_class, fmt if fmt != "json" else "table", index=True)]
    if metrics.confusion is not None:
        parts.append("confusion matrix (rows: true, columns: predicted)\n"
                     + render_frame(metrics.confusion, fmt, index=True))
    return "\n\n".join(parts)


@main.command("train")
@click.argument("data", required=False, type=click.Path(dir_okay=False))
@_data_options
@click.option("--label-col", required=True, help="Column (or, without DATA, article field/meta key) with labels.")
@click.option("--multi-label", is_flag=True, help="Several labels per row, separated by | or ;.")
@click.option("--unit", type=click.Choice(["article", "sentence"]), default="article", show_default=True)
@click.option("--features", default="default", show_default=True,
              help="Framing families to add to TF-IDF, comma-separated; 'none' for TF-IDF only.")
@click.option("--folds", default=5, show_default=True, help="Cross-validation folds.")
@click.option("--random-state", default=0, show_default=True)
@click.option("--model", "model_path", required=True, type=click.Path(dir_okay=False), help="Where to save the model.")
@db_option
@format_option("table", "markdown", "json")
@clean_errors
def train_command(data, text_col, id_col, title_col, delimiter, label_col, multi_label, unit, features, folds,
                  random_state, model_path, db, fmt):
    """Train a classifier: cross-validated metrics first, then the final model.

    Without DATA, trains on the stored articles (LABEL_COL may be ``outlet``).

    \b
    Example:
      framescope train sentences.csv --text-col sentence --label-col biased --unit sentence --model bias.skops
      framescope train --label-col outlet --model outlets.skops
    """
    from framescope import models

    frame = _load_frame(data, db, text_col=text_col, label_col=label_col, id_col=id_col, title_col=title_col,
                        delimiter=delimiter)
    families = None if features == "default" else () if features == "none" else \
        tuple(f.strip() for f in features.split(",") if f.strip())
    model = models.train(frame, multi_label=multi_label, unit=unit, families=families, folds=folds,
                         random_state=random_state)
    models.save_model(model, model_path)
    echo_output(_metrics_text(model.metrics, fmt))
    click.echo(f"model saved to {model_path} ({len(frame)} examples, classes: {', '.join(model.classes)})", err=True)


@main.command("evaluate")
@click.argument("model_path", type=click.Path(dir_okay=False))
@click.argument("data", type=click.Path(dir_okay=False))
@_data_options
@click.option("--label-col", default="label", show_default=True)
@format_option("table", "markdown", "json")
@clean_errors
def evaluate_command(model_path, data, text_col, id_col, title_col, delimiter, label_col, fmt):
    """Score a saved model on labelled data.

    \b
    Example:
      framescope evaluate bias.skops test.csv --text-col sentence --label-col biased
    """
    from framescope import models

    model = models.load_model(model_path)
    frame = models.read_labelled(data, text_col=text_col, label_col=label_col, id_col=id_col,
                                 title_col=title_col, delimiter=delimiter)
    echo_output(_metrics_text(models.evaluate(model, frame), fmt))


@main.command("predict")
@click.argument("model_path", type=click.Path(dir_okay=False))
@click.argument("data", required=False, type=click.Path(dir_okay=False))
@_data_options
@click.option("--event", help="Predict for the stored articles of this event (default: all stored articles).")
@click.option("--out", type=click.Path(dir_okay=False), help="Write predictions to this CSV instead of the store.")
@db_option
@clean_errors
def predict_command(model_path, data, text_col, id_col, title_col, delimiter, event, out, db):
    """Predict labels; write them to the store, or with --out to a CSV.

    \b
    Example:
      framescope predict bias.skops new.csv --text-col sentence --id-col sid --out predictions.csv
      framescope predict outlets.skops --event ev-1a2b3c
    """
    from framescope import models

    model = models.load_model(model_path)
    if data:
        frame = models.read_labelled(data, text_col=text_col, label_col=None, id_col=id_col,
                                     title_col=title_col, delimiter=delimiter)
        predictions = models.predict(model, frame)
        if not out:
            raise click.UsageError("predictions for a DATA file need --out FILE.csv")
    else:
        from framescope.store import Store

        with Store(db) as store:
            frame = models.store_frame(store, event=event)
            predictions = models.predict(model, frame)
            if not out:
                count = models.write_predictions(store, predictions, Path(model_path).name)
                click.echo(f"wrote {count} predictions to {store.path} (table predictions)", err=True)
                return
    predictions.to_csv(out, index=False)
    click.echo(f"wrote {len(predictions)} predictions to {out}", err=True)


@main.command("explain")
@click.argument("model_path", type=click.Path(dir_okay=False))
@click.option("--top", default=15, show_default=True, help="Features per class.")
@format_option("table", "json", "csv", "markdown")
@clean_errors
def explain_command(model_path, top, fmt):
    """The features that weigh most for each class of a saved model.

    \b
    Example:
      framescope explain outlets.skops --top 10
    """
    from framescope import models
    from framescope.report import render_frame

    echo_output(render_frame(models.explain(models.load_model(model_path), top=top), fmt))
