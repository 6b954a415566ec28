"""Repository classes: all SQL of the metadata store lives here. None of them commits."""
