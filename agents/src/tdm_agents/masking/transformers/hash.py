"""mask.hash: a keyed HMAC-SHA256 of the value, as text of a chosen alphabet and length.

On an integer column (a key) the output stays an integer of the same type: a keyed permutation of the
values moved out of the range the originals use (see `encoding.permute_integers`), so keys stay
distinct and foreign keys follow. On a uuid column the output is a uuid.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
    digest,
)
from tdm_agents.masking.transformers.encoding import (
    ALPHABETS,
    INT_DIGITS,
    Alphabet,
    keyed_text,
    permute_integers,
)

DEFAULT_LENGTH = 32
# Fewer bits than this in a hash of a unique column: collisions become likely on a large table.
MIN_UNIQUE_BITS = 40
# Fewer bits than this: a masked value equal to some original is likely on a large column (birthday
# bound), so the engine redraws those (Transformer.small_output_space).
SMALL_SPACE_BITS = 64


class HashParams(TransformerParams):
    length: int | None = Field(
        default=None, ge=4, le=128, description="Characters of output (default: 32, or the column's length)."
    )
    alphabet: Alphabet | None = Field(
        default=None,
        description="hex, base32, alnum, digits or letters (default: hex, or alnum when a short unique "
        "column needs the density).",
    )
    prefix: str = Field(default="", max_length=20, description="Text put before the hash, e.g. 'cust_'.")


class Hash(Transformer):
    name = "mask.hash"
    summary = (
        "Keyed hash (HMAC-SHA256): text of a chosen alphabet and length; integers and uuids keep their type."
    )
    Params = HashParams
    kinds = frozenset({"text", "integer", "uuid", "other"})
    unique_safe = True

    @staticmethod
    def alphabet(params: HashParams, column: ColumnSpec, length: int) -> str:
        if params.alphabet is not None:
            return params.alphabet
        hex_bits = length * math.log2(16)
        return "alnum" if column.unique and hex_bits < MIN_UNIQUE_BITS else "hex"

    def length(self, params: HashParams, column: ColumnSpec) -> int:
        room = None if column.max_length is None else column.max_length - len(params.prefix)
        wanted = params.length or (DEFAULT_LENGTH if room is None else min(DEFAULT_LENGTH, room))
        return wanted

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        super().check(params, column)
        assert isinstance(params, HashParams)
        if column.kind == "integer":
            if column.integer_bits not in INT_DIGITS:
                raise RuleError(f"{column.label}: mask.hash keeps integers of 16, 32 or 64 bits only")
            return
        if column.kind == "uuid":
            return
        length = self.length(params, column)
        total = len(params.prefix) + length
        if column.max_length is not None and total > column.max_length:
            raise RuleError(
                f"mask.hash makes {total} characters ({len(params.prefix)} of prefix + {length}); "
                f"{column.label} holds at most {column.max_length}: lower its length"
            )
        alphabet = self.alphabet(params, column, length)
        bits = length * math.log2(len(ALPHABETS[alphabet]))
        if length < 1 or (column.unique and bits < MIN_UNIQUE_BITS):
            raise RuleError(
                f"{column.label} is unique: a hash of {length} {alphabet} characters "
                f"({bits:.0f} bits) "
                f"would collide; it needs at least {MIN_UNIQUE_BITS} bits (use mask.tokenize for short keys)"
            )

    def small_output_space(self, params: TransformerParams, column: ColumnSpec) -> bool:
        assert isinstance(params, HashParams)
        if column.kind != "text":
            return False  # integers go to a range disjoint from the originals; uuids have 122 bits
        length = self.length(params, column)
        return length * math.log2(len(ALPHABETS[self.alphabet(params, column, length)])) < SMALL_SPACE_BITS

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, HashParams)
        key = ctx.keyed(self.name)
        if column.kind == "integer":
            return permute_integers(key, [int(v) for v in values], column.integer_bits or 64)
        if column.kind == "uuid":
            return [str(uuid.UUID(bytes=digest(key, str(v))[:16], version=4)) for v in values]
        length = self.length(params, column)
        alphabet = ALPHABETS[self.alphabet(params, column, length)]
        return keyed_text(key, values, alphabet, length, prefix=params.prefix)


TRANSFORMER = Hash()
