"""essaylint: a linter for generated prose."""

__version__ = "0.1.0"
