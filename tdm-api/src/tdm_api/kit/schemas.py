"""Base models of request and response bodies.

No response model has a field that could carry a secret: connections and environments expose
`display_url` (host and database, no credentials), API keys their prefix only (the clear key appears
once, in `ApiKeyCreated`)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]


class Body(BaseModel):
    """A request body: unknown fields are refused, so a misspelt option fails loudly."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    """A response body read from ORM rows or repository dicts."""

    model_config = ConfigDict(from_attributes=True)
