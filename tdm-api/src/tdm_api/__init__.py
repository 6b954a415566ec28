"""REST API of the TDM platform (FastAPI, /api/v1): `tdm_api.main.create_app()`, `tdm-api` to serve."""
