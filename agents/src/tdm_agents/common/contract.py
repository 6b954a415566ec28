"""What an agent contract is made of: the base models, the shared field types, and `AgentContract`.

Each agent declares in `tdm_agents/<agent>/contract.py`:
  * `<X>Request` -- its input when it runs alone; the body of its POST route (spec 4.3 ... 9.3);
  * `<X>Step`    -- the same input inside a multi-step job, where the fields an earlier step produces
    (`chained_inputs`, e.g. the dataset version a mask takes from the subset) may be left out.
    `<X>Request` subclasses it and makes those fields required, so every other rule is written once;
  * `<X>Result`  -- its public output: what the job result shows under `steps.<step>`;
  * `CONTRACT`   -- the `AgentContract` tying them to the agent's name, step key and route.
These models are the one source for the API body and its OpenAPI schema, the orchestrator's validation
of a job request, the stored job result and the CLI.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

# Inputs that may be chained from an earlier step: "connection" stands for connection_string/_id.
CONNECTION = "connection"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=255)]
# Counts fit a signed 64-bit integer (PostgreSQL bigint) with room to spare.
MAX_COUNT = 10**15
PositiveCount = Annotated[int, Field(ge=1, le=MAX_COUNT)]
# The most entries a per-table or per-column map of a request may hold (a large schema has thousands).
MAX_MAP_ENTRIES = 10_000
MAX_CONNECTION_STRING = 4096


class ContractModel(BaseModel):
    """Inputs: unknown fields are refused, so a misspelt option fails loudly instead of being ignored."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ResultModel(BaseModel):
    """Outputs: what a step reports; extra keys are refused so the documented shape stays the real one."""

    model_config = ConfigDict(extra="forbid")


def _connection_string(value: SecretStr) -> SecretStr:
    text = value.get_secret_value().strip()
    if not text:
        raise ValueError("must not be empty")
    if len(text) > MAX_CONNECTION_STRING:
        raise ValueError(f"must be at most {MAX_CONNECTION_STRING} characters")
    if "://" not in text:
        raise ValueError("must be a URL such as postgresql://user:password@host:5432/dbname")
    return SecretStr(text)


# A database URL with credentials: SecretStr keeps it out of reprs, logs and error bodies.
ConnectionString = Annotated[
    SecretStr,
    AfterValidator(_connection_string),
    Field(
        json_schema_extra={
            "format": "uri",
            "pattern": "^[A-Za-z][A-Za-z0-9+.-]*://",
            "maxLength": MAX_CONNECTION_STRING,
            "examples": ["postgresql://user:password@host:5432/dbname"],
        }
    ),
]


class SourceConnection(ContractModel):
    """A source database named inline (`connection_string`, stored encrypted) or by `connection_id`.

    The pair is checked in a validator of `connection_id` (declared last), so errors point at it.
    A standalone request, whose connection cannot come from an earlier step, overrides
    `_requires_connection`."""

    connection_string: ConnectionString | None = Field(
        default=None, description="Source database URL; stored encrypted, never returned."
    )
    connection_id: uuid.UUID | None = Field(
        default=None, validate_default=True, description="A saved connection (see /connections)."
    )

    @field_validator("connection_id")
    @classmethod
    def _one_connection(cls, value: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        has_string = info.data.get("connection_string") is not None
        if value is not None and has_string:
            raise ValueError("give connection_id or connection_string, not both")
        # "connection_string" is absent from info.data when it failed its own validation: one error
        # about it is enough.
        if (
            cls._requires_connection()
            and value is None
            and not has_string
            and "connection_string" in info.data
        ):
            raise ValueError("connection_string or connection_id is required")
        return value

    @classmethod
    def _requires_connection(cls) -> bool:
        return False

    @property
    def has_connection(self) -> bool:
        return self.connection_string is not None or self.connection_id is not None


@dataclass(frozen=True)
class AgentContract:
    """An agent's identity and models (see the module docstring)."""

    agent: str  # the subgraph's name (spec 15.5), e.g. "subsetting"
    step: str  # its key in a job request, e.g. "subset"
    request: type[ContractModel]  # standalone input = body of `route`
    step_input: type[ContractModel]  # input inside a multi-step job
    result: type[ResultModel]
    route: str  # the POST path that submits it alone (spec 13.1), under /api/v1
    summary: str  # one line for the route's documentation
    # Inputs an earlier step can provide; required when the agent runs alone.
    chained_inputs: tuple[str, ...] = ()

    def missing_inputs(self, model: BaseModel) -> list[str]:
        """The chained inputs `model` (a `step_input`) leaves out, as field names or "connection"."""
        missing = []
        for name in self.chained_inputs:
            present = (
                getattr(model, "has_connection", False)
                if name == CONNECTION
                else getattr(model, name) is not None
            )
            if not present:
                missing.append(name)
        return missing


def describe_input(name: str) -> str:
    """How an input is named in messages ("connection" is either of two fields)."""
    return "connection_string or connection_id" if name == CONNECTION else name


# The kinds of values a column holds, as masking sees them (`column_kinds.value_kind`): what a
# transformer declares it masks, and what a preview's column may be.
ValueKind = Literal[
    "text",
    "integer",
    "number",
    "boolean",
    "date",
    "timestamp",
    "timestamptz",
    "time",
    "uuid",
    "json",
    "other",
]
VALUE_KINDS: frozenset[str] = frozenset(get_args(ValueKind))
