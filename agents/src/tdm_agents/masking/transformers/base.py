"""What a masking transformer is: a name, a pydantic model of its parameters, the kinds of column it
masks, a check that its output fits a given column, and the function that masks values.

Values are masked per *distinct* value: the engine dictionary-encodes each record batch's column, hands
the transformer the distinct non-null values once, and takes the results back into place (NULL stays
NULL). A transformer that needs other columns of the row (a date shifted per customer) says which in
`row_columns` and gets them through `apply_rows`.

Adding a transformer = one module in this package defining `TRANSFORMER` (see `registry.py`) and one
table-driven test in tests/unit/masking/.
"""

from __future__ import annotations

import functools
import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pyarrow as pa
import tdm_native
from pydantic import BaseModel, ConfigDict
from tdm_agents.masking.keys import MaskingKey


class RuleError(ValueError):
    """A rule that cannot work on its column (the message names the column and the limit)."""


class TransformerParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NoParams(TransformerParams):
    pass


@dataclass(frozen=True)
class ColumnSpec:
    """What a rule knows about the column it masks (from the schema version)."""

    table: str
    column: str
    kind: str  # text, integer, number, boolean, date, timestamp, timestamptz, time, uuid, json, other
    data_type: str = ""
    max_length: int | None = None  # varchar(n), char(n)
    fixed_length: bool = False  # char(n): values are blank-padded to n
    precision: int | None = None  # numeric(p, s)
    scale: int | None = None
    integer_bits: int | None = None  # 16, 32, 64
    nullable: bool = True
    unique: bool = False  # primary key or unique constraint (alone or as part of one)
    primary_key: bool = False

    @property
    def label(self) -> str:
        return f"{self.table}.{self.column} ({self.data_type or self.kind})"


@dataclass
class MaskContext:
    """What a job gives every transformer: the key, and the token vault for `mask.tokenize`."""

    key: MaskingKey
    tokenize: Any = None  # callable(values: list[str]) -> dict[str, str], set by the engine
    extras: dict[str, Any] = field(default_factory=dict)
    # A redraw round (> 0) derives other keys: the engine redraws the few outputs of a small output space
    # that hit an original value of the column (see `Transformer.small_output_space`).
    redraw: int = 0

    def keyed(self, purpose: str) -> bytes:
        return self.key.subkey(purpose if not self.redraw else f"{purpose}\x00redraw {self.redraw}")


def digest(key: bytes, value: str) -> bytes:
    """HMAC-SHA256 of the value's UTF-8 text: the one keyed function every deterministic mask builds on."""
    return digests(key, [value])[0]


@functools.lru_cache(maxsize=64)
def _hmac_states(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """SHA-256 states after HMAC's keyed first block (RFC 2104), computed once per key."""
    block = key if len(key) <= 64 else hashlib.sha256(key).digest()
    block = block.ljust(64, b"\0")
    return hashlib.sha256(bytes(b ^ 0x36 for b in block)), hashlib.sha256(bytes(b ^ 0x5C for b in block))


def digests(key: bytes, values: Iterable[str]) -> list[bytes]:
    """HMAC-SHA256 of many values: the inner loop of masking. In one native call when tdm-native's
    extension is built (about 3x faster); else from the two keyed states (instead of `hmac.digest`,
    which sets the key up again for every value, 2.5x faster than that)."""
    if tdm_native.AVAILABLE:
        return tdm_native.hmac_digests(key, values)
    return python_digests(key, values)


def python_digests(key: bytes, values: Iterable[str]) -> list[bytes]:
    """`digests` in pure Python (machines without a C compiler; the tests compare the two)."""
    inner, outer = _hmac_states(key)

    def one(value: str) -> bytes:
        first = inner.copy()
        first.update(value.encode("utf-8", "surrogatepass"))
        second = outer.copy()
        second.update(first.digest())
        result: bytes = second.digest()
        return result

    return list(map(one, values))


class Transformer(ABC):
    name: ClassVar[str]
    summary: ClassVar[str]
    Params: ClassVar[type[TransformerParams]] = NoParams
    kinds: ClassVar[frozenset[str]] = frozenset({"text"})
    # Distinct inputs give distinct outputs (by construction, or with negligible collision odds that the
    # engine still checks): may run on a primary key or unique column, and on keys FKs reference.
    unique_safe: ClassVar[bool] = False
    # What the leak check asks of the output: "global" -- no masked value equals any original value of
    # the column (the default, for transformers that replace values with keyed ones); "row" -- no row
    # keeps its own value (made-up names or dates may equal another row's original); "none" -- values
    # are coarsened, not replaced (generalize, noise), or emptied (null).
    leak_check: ClassVar[str] = "global"

    def params(self, raw: dict[str, Any] | None) -> TransformerParams:
        return self.Params.model_validate(raw or {})

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        """Raise RuleError when the output cannot fit `column` (its type, length, precision)."""
        if column.kind not in self.kinds:
            accepted = ", ".join(sorted(self.kinds))
            raise RuleError(f"{self.name} masks {accepted} columns, not {column.label}")
        if column.unique and not self.unique_safe:
            raise RuleError(
                f"{column.label} is unique (or a key): {self.name} would give equal values to different rows"
            )

    def small_output_space(self, params: TransformerParams, column: ColumnSpec) -> bool:
        """True when outputs can hit original values by chance (five-digit hashes of postal codes, names
        drawn from a list): the engine then redraws, with another derived key, each output equal to an
        original value of the column or of the columns joined to it, so no masked value is an original
        one (up to MAX_REDRAWS rounds: a list that the originals cover entirely cannot avoid them)."""
        return False

    def row_columns(self, params: TransformerParams) -> Sequence[str]:
        """Other columns of the same row the transformer reads (none by default)."""
        return ()

    @abstractmethod
    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        """The masked value of each distinct, non-null input value (same order)."""

    def apply_rows(
        self,
        array: pa.Array,
        others: dict[str, pa.Array],
        params: TransformerParams,
        column: ColumnSpec,
        ctx: MaskContext,
    ) -> pa.Array:
        raise NotImplementedError(f"{self.name} does not read other columns")


class MadeUpValues(Transformer):
    """A transformer that makes values up from lists (names, phones, addresses): a made-up value may
    equal another row's original, so only a row keeping its own value fails the leak check, and the
    engine redraws the outputs that equal an original of the column (`small_output_space`)."""

    leak_check: ClassVar[str] = "row"

    def small_output_space(self, params: TransformerParams, column: ColumnSpec) -> bool:
        return True


def fit_text(value: str, column: ColumnSpec) -> str:
    """A text cut to the column's length (the checks make sure a cut never matters for uniqueness)."""
    return value if column.max_length is None else value[: column.max_length]
