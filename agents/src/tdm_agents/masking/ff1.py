"""FF1 format-preserving encryption (NIST SP 800-38G, with AES), checked against NIST's sample vectors.

Two implementations of the same algorithm:
* `FF1` -- any radix 2..65536, any length, any tweak; one value at a time with Python integers. It is
  the reference (tests run NIST's nine samples through it) and handles what the fast path does not.
* `encrypt_decimal` / `decrypt_decimal` -- radix 10, many values of the same length at once, with the
  ten Feistel rounds done on numpy arrays and each round's AES calls batched into one ECB call over all
  values. It applies when the numeral strings are at most 19 digits and the tweak is at most 8 bytes,
  so that every round's Q is one AES block and every half fits a 64-bit integer; tests check it against
  `FF1` on random inputs.

Why batching works: the round function is PRF(P || Q) = CIPH(CIPH(P) xor Q) when Q is one block, and P
depends only on the lengths, so a round over N values is one XOR and one N-block AES-ECB call.
FF3 is not offered: NIST withdrew it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

ROUNDS = 10
BLOCK = 16
MIN_DOMAIN = 1_000_000  # SP 800-38G Rev. 1: radix ** minlen >= 1e6
MAX_FAST_DIGITS = 19
MAX_FAST_TWEAK = 8


def _aes_ecb(key: bytes, data: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - FF1's own PRF blocks
    return encryptor.update(data) + encryptor.finalize()


def _p_block(radix: int, u: int, n: int, t: int) -> bytes:
    return (
        bytes([1, 2, 1])
        + radix.to_bytes(3, "big")
        + bytes([10, u % 256])
        + n.to_bytes(4, "big")
        + t.to_bytes(4, "big")
    )


def _b_bytes(radix: int, v: int) -> int:
    return math.ceil(math.ceil(v * math.log2(radix)) / 8)


def check_key(key: bytes) -> bytes:
    if len(key) not in (16, 24, 32):
        raise ValueError("an FF1 key is 16, 24 or 32 bytes (AES-128, -192 or -256)")
    return key


class FF1:
    """FF1 over numeral strings (lists of ints in [0, radix))."""

    def __init__(self, key: bytes, radix: int = 10) -> None:
        if not 2 <= radix <= 65536:
            raise ValueError("radix must be in 2..65536")
        self.key = check_key(key)
        self.radix = radix
        self.min_length = max(2, math.ceil(math.log(MIN_DOMAIN) / math.log(radix)))

    def _prf(self, data: bytes) -> bytes:
        # CBC-MAC with a zero IV: the last block of the CBC encryption.
        encryptor = Cipher(algorithms.AES(self.key), modes.CBC(bytes(BLOCK))).encryptor()
        return (encryptor.update(data) + encryptor.finalize())[-BLOCK:]

    def _num(self, numerals: Sequence[int]) -> int:
        value = 0
        for digit in numerals:
            value = value * self.radix + digit
        return value

    def _str(self, value: int, length: int) -> list[int]:
        out = [0] * length
        for index in range(length - 1, -1, -1):
            value, out[index] = divmod(value, self.radix)
        return out

    def _round_y(self, p: bytes, tweak: bytes, i: int, half: Sequence[int], sizes: tuple[int, int]) -> int:
        b, d = sizes
        t = len(tweak)
        q = tweak + bytes((-t - b - 1) % BLOCK) + bytes([i]) + self._num(half).to_bytes(b, "big")
        r = self._prf(p + q)
        s = r
        block = 1
        while len(s) < d:  # only for very long halves: more blocks, CIPH(R xor [j])
            s += _aes_ecb(
                self.key, bytes(x ^ y for x, y in zip(r, block.to_bytes(BLOCK, "big"), strict=True))
            )
            block += 1
        return int.from_bytes(s[:d], "big")

    def _setup(self, numerals: Sequence[int], tweak: bytes) -> tuple[int, int, int, int, bytes]:
        n = len(numerals)
        if n < self.min_length:
            raise ValueError(f"FF1 needs at least {self.min_length} numerals in radix {self.radix}")
        if any(not 0 <= x < self.radix for x in numerals):
            raise ValueError("numeral out of range for the radix")
        u, v = n // 2, n - n // 2
        b = _b_bytes(self.radix, v)
        d = 4 * math.ceil(b / 4) + 4
        return u, v, b, d, _p_block(self.radix, u, n, len(tweak))

    def encrypt(self, numerals: Sequence[int], tweak: bytes = b"") -> list[int]:
        u, v, b, d, p = self._setup(numerals, tweak)
        a, c = list(numerals[:u]), list(numerals[u:])
        for i in range(ROUNDS):
            m = u if i % 2 == 0 else v
            y = self._round_y(p, tweak, i, c, (b, d))
            a, c = c, self._str((self._num(a) + y) % self.radix**m, m)
        return a + c

    def decrypt(self, numerals: Sequence[int], tweak: bytes = b"") -> list[int]:
        u, v, b, d, p = self._setup(numerals, tweak)
        a, c = list(numerals[:u]), list(numerals[u:])
        for i in range(ROUNDS - 1, -1, -1):
            m = u if i % 2 == 0 else v
            y = self._round_y(p, tweak, i, a, (b, d))
            c, a = a, self._str((self._num(c) - y) % self.radix**m, m)
        return a + c


# --- the batched radix-10 path ------------------------------------------------------------------------


def _mod_of_bytes(blocks: np.ndarray, width: int, modulus: int) -> np.ndarray:
    """int.from_bytes(row[:width], "big") % modulus for every row, with 16-bit limbs (no overflow:
    the accumulator stays below 2**34 * 2**16). Eight bytes (every length up to 18 digits) are one
    big-endian uint64: read as such, in one step."""
    if width == 8:
        words = np.ascontiguousarray(blocks[:, :8]).view(">u8").ravel()
        found: np.ndarray = words.astype(np.uint64) % np.uint64(modulus)
        return found
    acc = np.zeros(blocks.shape[0], dtype=np.uint64)
    mod = np.uint64(modulus)
    for offset in range(0, width, 2):
        limb = blocks[:, offset].astype(np.uint64) << np.uint64(8)
        if offset + 1 < width:
            limb |= blocks[:, offset + 1].astype(np.uint64)
            acc = (acc * np.uint64(65536) + limb) % mod
        else:  # an odd width ends with one byte
            acc = (acc * np.uint64(256) + (limb >> np.uint64(8))) % mod
    return acc


def _be_bytes(values: np.ndarray, width: int) -> np.ndarray:
    """Big-endian bytes of each uint64, `width` (at most 8) of them per value: the low bytes of its
    big-endian form."""
    big_endian = values.astype(">u8").view(np.uint8).reshape(-1, 8)
    found: np.ndarray = big_endian[:, 8 - width :]
    return found


def _fast_rounds(
    key: bytes, values: np.ndarray, length: int, tweaks: np.ndarray, *, decrypt: bool
) -> np.ndarray:
    check_key(key)
    if not 6 <= length <= MAX_FAST_DIGITS:
        raise ValueError(f"the batched FF1 path takes 6 to {MAX_FAST_DIGITS} digits, not {length}")
    count, t = tweaks.shape
    if t > MAX_FAST_TWEAK:
        raise ValueError(f"the batched FF1 path takes tweaks of at most {MAX_FAST_TWEAK} bytes")
    u, v = length // 2, length - length // 2
    b = _b_bytes(10, v)
    d = 4 * math.ceil(b / 4) + 4
    pad = (-t - b - 1) % BLOCK
    assert t + pad + 1 + b == BLOCK and d <= BLOCK
    base = np.frombuffer(_aes_ecb(key, _p_block(10, u, length, t)), dtype=np.uint8)
    split = np.uint64(10**v)
    a, c = values // split, values % split  # the first u digits, the last v
    q = np.zeros((count, BLOCK), dtype=np.uint8)
    q[:, :t] = tweaks
    order = range(ROUNDS - 1, -1, -1) if decrypt else range(ROUNDS)
    for i in order:
        m = u if i % 2 == 0 else v
        modulus = 10**m
        q[:, t + pad] = i
        q[:, BLOCK - b :] = _be_bytes(a if decrypt else c, b)
        r = np.frombuffer(_aes_ecb(key, (q ^ base).tobytes()), dtype=np.uint8).reshape(count, BLOCK)
        y = _mod_of_bytes(r, d, modulus)
        if decrypt:
            a, c = (c + np.uint64(modulus) - y) % np.uint64(modulus), a
        else:
            a, c = c, (a + y) % np.uint64(modulus)
    return a * split + c


def encrypt_decimal(key: bytes, values: np.ndarray, length: int, tweaks: np.ndarray) -> np.ndarray:
    """FF1 (radix 10) of each value read as a `length`-digit numeral string (leading zeros count);
    `tweaks` is an (N, t) uint8 array, one tweak per value. Returns the numbers of the ciphertexts."""
    return _fast_rounds(key, values.astype(np.uint64), length, tweaks, decrypt=False)


def decrypt_decimal(key: bytes, values: np.ndarray, length: int, tweaks: np.ndarray) -> np.ndarray:
    return _fast_rounds(key, values.astype(np.uint64), length, tweaks, decrypt=True)
