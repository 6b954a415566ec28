"""What every API domain shares: the request's unit of work, pagination, base response models."""
