"""Benchmarks: synthetic registries at three sizes and one run that measures every step."""
