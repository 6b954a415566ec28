"""Synthetic data agent (spec section 8): multi-table, FK-consistent data from DB, API and UI schemas.

Only the contract exists in this build (`contract.py`); the agent is not registered yet, so a
synthetic job is refused at submission."""
