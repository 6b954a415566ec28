"""Provisioning targets (spec 9.2)."""
