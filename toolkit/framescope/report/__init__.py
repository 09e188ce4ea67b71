"""Renderers for results: terminal table, JSON/JSONL, CSV, Markdown (HTML and plots in submodules)."""

from framescope.report.tables import render_frame, render_records

__all__ = ["render_frame", "render_records"]
