"""mask.fpe_pan: card numbers encrypted with FF1, keeping the issuer (first six digits), the length,
the separators, and a valid Luhn check digit.

The digits between the kept prefix and the check digit are FF1-encrypted (radix 10, the prefix as the
tweak), in batches of equal length (`ff1.encrypt_decimal`); the check digit is then recomputed so the
output passes Luhn. `unmask_pan` decrypts it back: for any input that passed Luhn (every real card
number), unmask(mask(x)) == x. An input that did not pass Luhn still gives a Luhn-valid output, but its
own check digit cannot be recovered.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from pydantic import Field
from tdm_agents.masking.ff1 import FF1, decrypt_decimal, encrypt_decimal
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    Transformer,
    TransformerParams,
)

MIN_ENCRYPTED = 6  # FF1's minimum domain for radix 10 (10**6)


class PanParams(TransformerParams):
    keep_first: int = Field(default=6, ge=0, le=8, description="Leading digits kept (the issuer, BIN).")


def luhn_digit(digits: list[int]) -> int:
    """The check digit that makes `digits` + [it] pass Luhn."""
    total = 0
    for index, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return (10 - total % 10) % 10


def passes_luhn(digits: list[int]) -> bool:
    return len(digits) >= 2 and luhn_digit(digits[:-1]) == digits[-1]


def _split(value: str, keep_first: int) -> tuple[list[int], int, int]:
    """(digits, kept, encrypted count): the prefix shrinks when too few digits would be encrypted."""
    digits = [int(c) for c in value if c.isdigit()]
    body = len(digits) - 1  # all but the check digit
    kept = min(keep_first, max(0, body - MIN_ENCRYPTED))
    return digits, kept, body - kept


def _rebuild(template: str, digits: list[int]) -> str:
    it = iter(digits)
    return "".join(str(next(it)) if c.isdigit() else c for c in template)


def _crypt(key: bytes, values: list[str], keep_first: int, *, decrypt: bool) -> list[str]:
    groups: dict[int, list[int]] = defaultdict(list)
    split = [_split(v, keep_first) for v in values]
    out: list[str] = list(values)
    for index, (_digits, _kept, count) in enumerate(split):
        groups[count].append(index)
    for count, members in groups.items():
        if count < 2:
            continue  # nothing to encrypt (too short to be a card number): left to the leak check
        middles = [int("".join(map(str, split[i][0][split[i][1] : split[i][1] + count]))) for i in members]
        tweaks = ["".join(map(str, split[i][0][: split[i][1]])).encode() for i in members]
        if count >= MIN_ENCRYPTED and all(len(t) == len(tweaks[0]) for t in tweaks):
            width = len(tweaks[0])
            array = np.frombuffer(b"".join(tweaks), dtype=np.uint8).reshape(len(members), width)
            numbers = np.array(middles, dtype=np.uint64)
            crypt = decrypt_decimal if decrypt else encrypt_decimal
            results = [int(x) for x in crypt(key, numbers, count, array)]
        else:
            cipher = FF1(key, 10)
            cipher.min_length = 2
            fn = cipher.decrypt if decrypt else cipher.encrypt
            results = [
                int("".join(map(str, fn([int(c) for c in str(m).zfill(count)], t))))
                for m, t in zip(middles, tweaks, strict=True)
            ]
        for i, number in zip(members, results, strict=True):
            digits, kept, _ = split[i]
            body = digits[:kept] + [int(c) for c in str(number).zfill(count)]
            out[i] = _rebuild(values[i], [*body, luhn_digit(body)])
    return out


class FpePan(Transformer):
    name = "mask.fpe_pan"
    summary = (
        "FF1 format-preserving encryption of card numbers: keeps the BIN, the length and Luhn; reversible."
    )
    Params = PanParams
    kinds = frozenset({"text"})
    unique_safe = True

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        super().check(params, column)

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, PanParams)
        return _crypt(ctx.keyed(self.name), [str(v) for v in values], params.keep_first, decrypt=False)


def unmask_pan(ctx: MaskContext, values: list[str], keep_first: int = 6) -> list[str]:
    """The original card numbers of masked ones (same key)."""
    return _crypt(ctx.keyed(FpePan.name), values, keep_first, decrypt=True)


TRANSFORMER = FpePan()
