"""Benchmarks (``make bench``; bench/README.md). Never part of ``make test``."""
