"""Compare how outlets framed one event (or the corpus): distinctive terms, coverage, similarity, separability."""

from __future__ import annotations

from framescope.compare.corpus import CorpusComparison, compare_corpus, read_outlets_csv
from framescope.compare.coverage import Coverage, align_coverage, extract_units, sentence_table
from framescope.compare.distinctive import DistinctiveTerms, distinctive_terms, log_odds_dirichlet, term_counts
from framescope.compare.event import MIN_ARTICLES, Comparison, compare_event, select_articles
from framescope.compare.similarity import Separability, outlet_similarity, separability
from framescope.errors import invalid_choice

OUTPUT_FORMATS = ("table", "json", "csv", "markdown", "html")


def render_comparison(result, fmt: str = "table") -> str:
    """Render a :class:`Comparison` or :class:`CorpusComparison` as table, json, csv, markdown or html text.

    ``html`` (a self-contained report page, see :mod:`framescope.report.html`) is for event comparisons.
    """
    if fmt == "html":
        if not isinstance(result, Comparison):
            from framescope.errors import InvalidValueError

            raise InvalidValueError("--format html renders one event's comparison; for --by use table, json, "
                                    "csv or markdown")
        from framescope.report.html import render_html

        return render_html(result)
    if fmt == "table":
        return result.to_text()
    if fmt == "json":
        return result.to_json()
    if fmt == "csv":
        return result.to_csv()
    if fmt == "markdown":
        return result.to_markdown()
    raise invalid_choice("format", fmt, OUTPUT_FORMATS)


__all__ = ["MIN_ARTICLES", "OUTPUT_FORMATS", "Comparison", "CorpusComparison", "Coverage", "DistinctiveTerms",
           "Separability", "align_coverage", "compare_corpus", "compare_event", "distinctive_terms",
           "extract_units", "log_odds_dirichlet", "outlet_similarity", "read_outlets_csv", "render_comparison",
           "select_articles", "sentence_table", "separability", "term_counts"]
