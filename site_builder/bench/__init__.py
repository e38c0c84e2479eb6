"""Benchmarks: synthetic corpora and timed builds. Outside the build: it never imports this package.

Takes corpus sizes; gives timings.
"""
