"""Dataset versions, their files, downloads and lineage (spec 10, 12.1)."""
