"""Subsetting agent (spec section 6): a referentially intact slice of a source database.

Only the contract exists in this build (`contract.py`); the agent is not registered yet, so a subset
job is refused at submission."""
