"""Benchmark of the pipeline against peers on the same embedded model (see run_bench.py)."""
