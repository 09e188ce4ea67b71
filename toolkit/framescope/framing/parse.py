"""Per-text caches shared by the framing families within a run, and one call that clears them all."""

from __future__ import annotations


def clear_caches() -> None:
    """Forget every per-text cache of the framing families (sentences, parses, scans, gates).

    The caches are bounded LRUs keyed on the text, so a text analysed by several
    families (or by one family on several views of an article) is split, tokenised
    and scanned once; benchmarks clear them before each timed run so nothing is
    carried over between runs.

    Examples
    --------
    >>> from framescope.framing.lexicon import cached_sentence_spans
    >>> _ = cached_sentence_spans("One. Two.")
    >>> clear_caches()
    >>> cached_sentence_spans.cache_info().currsize
    0
    """
    from framescope.framing import lexicon, tone

    for cached in (tone.parse_text, tone.parse_title, lexicon.cached_sentence_spans,
                   lexicon.cached_looks_english, lexicon.cached_paragraph_spans):
        cached.cache_clear()
    lexicon.clear_scan_memos()


__all__ = ["clear_caches"]
