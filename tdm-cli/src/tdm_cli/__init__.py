"""The `tdm` command line."""
