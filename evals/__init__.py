"""Offline eval suites: datasets, metrics, runner."""
