"""Kizuna's benchmarks: ``.venv/bin/python tests/benchmarks/run.py`` (see run.py)."""
