"""Synthetic data agent (spec section 8): multi-table, FK-consistent data from DB, API and UI schemas.

Readers turn each schema source into the normalized schema (`schema.py`): `crawler/` (web forms, with
Playwright), `api_schema.py` (OpenAPI / Swagger), `domain_packs/` (YAML), the metadata store (DB);
`schema_merger.py` merges them DB > API > UI > pack. Engines generate from it: `generator.py` (the
default, any size and shape; learns from a source with `profile.py`) and `sdv_runner.py` (SDV,
optional). `output.py` writes and verifies the dataset, `quality.py` scores it with SDMetrics.
"""
