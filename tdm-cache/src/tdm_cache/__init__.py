"""TDM package."""
