"""API keys (admin only)."""
