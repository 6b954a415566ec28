"""Masking rule sets (spec 7.3), versioned per name."""
