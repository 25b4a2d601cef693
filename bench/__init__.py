"""Measuring the product: retrieval quality (`eval`) and speed (`bench`).

These tools sit above ingest and search: they build a temporary index with the
real pipeline and query it through the public search facade.
"""
from bench.evaluate import evaluate, format_tables, load_dataset

__all__ = ["evaluate", "format_tables", "load_dataset"]
