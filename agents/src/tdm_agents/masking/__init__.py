"""Masking agent (spec section 7): deterministic, format-preserving masking of a dataset version.

Only the contract exists in this build (`contract.py`); the agent is not registered yet, so a mask job
is refused at submission."""
