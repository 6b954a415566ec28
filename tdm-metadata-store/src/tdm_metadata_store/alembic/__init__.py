"""Alembic scripts of the metadata store (env.py, versions/); run through `tdm_metadata_store.migrations`."""
