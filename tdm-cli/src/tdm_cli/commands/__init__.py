"""Command groups of the `tdm` CLI."""
