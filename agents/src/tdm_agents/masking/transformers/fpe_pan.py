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
from tdm_agents.masking.ff1 import FF1, MAX_FAST_DIGITS, decrypt_decimal, encrypt_decimal
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
    """Plain digit strings go through the batched path, grouped by length; the others (separators,
    very short numbers) value by value."""
    lengths = set(map(len, values))
    if len(lengths) == 1:
        joined = "".join(values)
        if joined.isascii() and joined.isdigit():  # the common case: one format, digits only
            length = lengths.pop()
            kept = min(keep_first, max(0, length - 1 - MIN_ENCRYPTED))
            if MIN_ENCRYPTED <= length - 1 - kept <= MAX_FAST_DIGITS:
                return _batch_digits(values, length, kept, length - 1 - kept, key, decrypt=decrypt)
    out = list(values)
    by_length: dict[int, list[int]] = defaultdict(list)
    others: list[int] = []
    for index, value in enumerate(values):
        if value.isascii() and value.isdigit():
            by_length[len(value)].append(index)
        else:
            others.append(index)
    for length, members in by_length.items():
        body = length - 1
        kept = min(keep_first, max(0, body - MIN_ENCRYPTED))
        count = body - kept
        if not MIN_ENCRYPTED <= count <= MAX_FAST_DIGITS:
            others.extend(members)
            continue
        texts = _batch_digits([values[i] for i in members], length, kept, count, key, decrypt=decrypt)
        for index, text in zip(members, texts, strict=True):
            out[index] = text
    for index, text in zip(
        others, _crypt_each(key, [values[i] for i in others], keep_first, decrypt=decrypt), strict=True
    ):
        out[index] = text
    return out


def _batch_digits(
    values: list[str], length: int, kept: int, count: int, key: bytes, *, decrypt: bool
) -> list[str]:
    rows = len(values)
    ascii_digits = np.frombuffer("".join(values).encode("ascii"), dtype=np.uint8).reshape(rows, length)
    digits = ascii_digits - np.uint8(48)
    powers = np.uint64(10) ** np.arange(count - 1, -1, -1, dtype=np.uint64)
    middle = (digits[:, kept : kept + count].astype(np.uint64) * powers).sum(axis=1, dtype=np.uint64)
    tweaks = np.ascontiguousarray(ascii_digits[:, :kept])
    crypt = decrypt_decimal if decrypt else encrypt_decimal
    result = crypt(key, middle, count, tweaks)
    new_middle = _decimal_digits(result, count)
    body = np.concatenate([digits[:, :kept], new_middle], axis=1)
    # Luhn: from the right of the body, every other digit doubled (9 subtracted above 9).
    doubled = (np.arange(body.shape[1])[::-1] % 2) == 0
    weighted = np.where(doubled, body * np.uint8(2), body)
    weighted = np.where(weighted > 9, weighted - np.uint8(9), weighted)
    check = ((10 - weighted.sum(axis=1, dtype=np.int64) % 10) % 10).astype(np.uint8)
    full = np.ascontiguousarray(np.concatenate([body, check[:, None]], axis=1) + np.uint8(48))
    texts: list[str] = full.view(f"S{length}").ravel().astype(f"U{length}").tolist()
    return texts


def _decimal_digits(numbers: np.ndarray, count: int) -> np.ndarray:
    """The `count` decimal digits of each number, one row per number. One division by the scalar 10
    per digit (numpy divides by a scalar fast, by an array slowly), in 32 bits when the numbers fit."""
    rest = numbers.astype(np.uint32) if count <= 9 else numbers.astype(np.uint64)
    ten = rest.dtype.type(10)
    digits = np.empty((len(numbers), count), dtype=np.uint8)
    for position in range(count - 1, -1, -1):
        quotient = rest // ten
        digits[:, position] = rest - quotient * ten
        rest = quotient
    return digits


def _crypt_each(key: bytes, values: list[str], keep_first: int, *, decrypt: bool) -> list[str]:
    groups: dict[int, list[int]] = defaultdict(list)
    split = [_split(v, keep_first) for v in values]
    out: list[str] = list(values)
    for index, (_digits, _kept, count) in enumerate(split):
        groups[count].append(index)
    for count, members in groups.items():
        if count < 2:
            continue  # nothing to encrypt (too short to be a card number): left to the leak check
        cipher = FF1(key, 10)
        cipher.min_length = 2
        crypt = cipher.decrypt if decrypt else cipher.encrypt
        for i in members:
            digits, kept, _ = split[i]
            tweak = "".join(map(str, digits[:kept])).encode()
            middle = crypt(digits[kept : kept + count], tweak)
            body = digits[:kept] + middle
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
    # Encrypted card numbers share the originals' space (same BIN, same length): some will equal
    # another row's original number by chance; no row keeps its own.
    leak_check = "row"

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
