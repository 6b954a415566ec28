"""PII maps of schema versions and their review by people."""
