"""Crossroads: a terminal diplomacy strategy game (engine, tools and app)."""

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)
