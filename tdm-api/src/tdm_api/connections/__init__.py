"""Saved source-database connections."""
