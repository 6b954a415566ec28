"""Provisioning agent (spec section 9): load a dataset version into a target environment.

Only the contract exists in this build (`contract.py`); the agent is not registered yet, so a
provision job is refused at submission."""
