"""Where the API lives: every router is mounted under this prefix."""

API_PREFIX = "/api/v1"
