"""`python -m tdm_api`: same as the `tdm-api` console script."""

from tdm_api.main import run

run()
