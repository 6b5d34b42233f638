"""Synthetic demo families and their casework, for the demo store, tests and
benchmarks."""
