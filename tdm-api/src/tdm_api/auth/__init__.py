"""Who is calling: API-key authentication and the roles of spec 13.2."""
