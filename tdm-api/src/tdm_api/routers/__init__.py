"""One router per area of spec 13.1; `main.create_app` mounts them all under /api/v1."""
