"""Discovered schemas: versions, drift, relationships (discovered and user-declared)."""
