"""A labelled corpus of generated schemas for measuring PII classification (see `generate` for the
schemas, the labelling rules and the TUNING / HELD-OUT split, and `load` to create them in PostgreSQL)."""
