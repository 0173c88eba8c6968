"""Benchmarks: `bench/run` (see README, "Benchmark")."""
