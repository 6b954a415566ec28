"""Shared pieces of the transformers: alphabets, keyed digests to text, integer permutations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import tdm_native
from tdm_agents.masking.ff1 import FF1, encrypt_decimal
from tdm_agents.masking.transformers.base import python_digests

Alphabet = Literal["hex", "base32", "alnum", "digits", "letters"]
ALPHABETS: dict[str, str] = {
    "hex": "0123456789abcdef",
    "base32": "abcdefghijklmnopqrstuvwxyz234567",
    "alnum": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
    "digits": "0123456789",
    "letters": "abcdefghijklmnopqrstuvwxyz",
}


_TABLES: dict[str, bytes] = {}


def _table(alphabet: str) -> bytes:
    """A byte -> character table (byte mod the alphabet's size: a bias below 4% for 62 letters)."""
    table = _TABLES.get(alphabet)
    if table is None:
        table = bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))
        _TABLES[alphabet] = table
    return table


def encode(raw: bytes, alphabet: str, length: int) -> str:
    """`length` characters of `alphabet` from the digest bytes (one byte per character; hex takes two
    characters per byte)."""
    if alphabet == ALPHABETS["hex"]:
        return raw.hex()[:length]
    return raw.translate(_table(alphabet))[:length].decode("ascii")


def keyed_text(
    key: bytes,
    values: Sequence[object],
    alphabet: str,
    length: int,
    *,
    prefix: str = "",
    suffix: str = "",
    normalise: bool = False,
) -> list[str]:
    """prefix + deterministic text of `length` characters + suffix per value, keyed on str(value)
    (stripped and lower-cased first when `normalise`): HMAC-SHA256, a second one when long.

    One native call for the whole list when tdm-native is built; the same text in Python otherwise."""
    if tdm_native.AVAILABLE:
        table = None if alphabet == ALPHABETS["hex"] else _table(alphabet)
        return tdm_native.hmac_texts(key, values, table, length, prefix, suffix, normalise)
    return python_keyed_text(key, values, alphabet, length, prefix=prefix, suffix=suffix, normalise=normalise)


def python_keyed_text(
    key: bytes,
    values: Sequence[object],
    alphabet: str,
    length: int,
    *,
    prefix: str = "",
    suffix: str = "",
    normalise: bool = False,
) -> list[str]:
    """`keyed_text` in pure Python (machines without a C compiler; the tests compare the two)."""
    texts = [str(v).strip().lower() if normalise else str(v) for v in values]
    per_digest = 64 if alphabet == ALPHABETS["hex"] else 32
    raws = python_digests(key, texts)
    if length > per_digest:
        extra = python_digests(key, ["\x01" + v for v in texts])
        raws = [a + b for a, b in zip(raws, extra, strict=True)]
    if alphabet == ALPHABETS["hex"]:
        out = [raw.hex()[:length] for raw in raws]
    else:
        table = _table(alphabet)
        out = [raw.translate(table)[:length].decode("ascii") for raw in raws]
    return [prefix + text + suffix for text in out] if prefix or suffix else out


# Integer keys: a keyed permutation (FF1 over the decimal digits) moved into a range the originals do
# not use, so the masked column stays an integer column of the same type, distinct values stay
# distinct (a permutation cannot collide), and no masked value equals an original one.
INT_DIGITS = {16: 4, 32: 9, 64: 18}


def permute_integers(key: bytes, values: Sequence[int], bits: int) -> list[int]:
    """v in [0, 10**k) -> 10**k + FF1(v), inside the type's range for k = INT_DIGITS[bits]; negative
    values mirror it. The rare original at or above 10**k is permuted within [10**k, max] by cycle
    walking; it may then meet a masked small value, which the engine's unique check reports."""
    digits = INT_DIGITS[bits]
    bound = 10**digits
    top = 2 ** (bits - 1) - 1
    small = sorted({abs(v) for v in values if abs(v) < bound})
    mapped: dict[int, int] = {}
    if small and digits >= 6:
        array = np.array(small, dtype=np.uint64)
        encrypted = encrypt_decimal(key[:32], array, digits, np.zeros((len(small), 0), dtype=np.uint8))
        mapped = {int(a): bound + int(b) for a, b in zip(array, encrypted, strict=True)}
    elif small:
        cipher = FF1(key[:32], 10)
        cipher.min_length = 2  # a smallint domain is below NIST's minimum: still a permutation
        for v in small:
            mapped[v] = bound + _num(cipher.encrypt(_digits(v, digits)))
    out = []
    for v in values:
        magnitude = abs(v)
        result = mapped[magnitude] if magnitude in mapped else _walk(key, magnitude, bound, top)
        out.append(-result if v < 0 else result)
    return out


def _digits(value: int, width: int) -> list[int]:
    return [int(c) for c in str(value).zfill(width)]


def _num(digits: Sequence[int]) -> int:
    return int("".join(map(str, digits)))


def _walk(key: bytes, value: int, low: int, high: int) -> int:
    """The image of `value` under a permutation of [low, high]: FF1 over the digits of `high`, applied
    again until the result falls in the range (cycle walking)."""
    width = len(str(high))
    cipher = FF1(key[:32], 10)
    current = value
    while True:
        current = _num(cipher.encrypt(_digits(current, width)))
        if low <= current <= high:
            return current
