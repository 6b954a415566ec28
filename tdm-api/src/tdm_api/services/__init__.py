"""Use cases behind the routers. Services flush but never commit: the request owns the unit of work."""
