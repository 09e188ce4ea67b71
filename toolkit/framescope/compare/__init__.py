"""Compare how outlets framed one event (or the corpus): distinctive terms, coverage, similarity, separability."""

from __future__ import annotations

from framescope.compare.coverage import Coverage, align_coverage, extract_units, sentence_table
from framescope.compare.distinctive import DistinctiveTerms, distinctive_terms, log_odds_dirichlet, term_counts
from framescope.compare.similarity import Separability, outlet_similarity, separability

__all__ = ["Coverage", "DistinctiveTerms", "Separability", "align_coverage", "distinctive_terms",
           "extract_units", "log_odds_dirichlet", "outlet_similarity", "sentence_table", "separability",
           "term_counts"]
