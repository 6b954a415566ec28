"""FF1 against NIST SP 800-38G's nine sample vectors, and the batched path against the reference."""

from __future__ import annotations

import random

import numpy as np
import pytest
from tdm_agents.masking.ff1 import FF1, decrypt_decimal, encrypt_decimal

K128 = "2B7E151628AED2A6ABF7158809CF4F3C"
K192 = K128 + "EF4359D8D580AA4F"
K256 = K192 + "7F036D6F04FC6A94"
T1, T2 = "", "39383736353433323130"
T3 = "3737373770717273373737"
DIGITS, ALNUM = "0123456789", "0123456789abcdefghi"
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
NIST = [  # sample, key, radix, tweak, plaintext, ciphertext
    (1, K128, 10, T1, DIGITS, "2433477484"),
    (2, K128, 10, T2, DIGITS, "6124200773"),
    (3, K128, 36, T3, ALNUM, "a9tv40mll9kdu509eum"),
    (4, K192, 10, T1, DIGITS, "2830668132"),
    (5, K192, 10, T2, DIGITS, "2496655549"),
    (6, K192, 36, T3, ALNUM, "xbj3kv35jrawxv32ysr"),
    (7, K256, 10, T1, DIGITS, "6657667009"),
    (8, K256, 10, T2, DIGITS, "1001623463"),
    (9, K256, 36, T3, ALNUM, "xs8a0azh2avyalyzuwd"),
]


@pytest.mark.parametrize(
    ("sample", "key", "radix", "tweak", "plain", "cipher"), NIST, ids=[f"sample{n[0]}" for n in NIST]
)
def test_nist_samples(sample: int, key: str, radix: int, tweak: str, plain: str, cipher: str) -> None:
    ff1 = FF1(bytes.fromhex(key), radix)
    numerals = [ALPHABET.index(c) for c in plain]
    encrypted = ff1.encrypt(numerals, bytes.fromhex(tweak))
    assert "".join(ALPHABET[i] for i in encrypted) == cipher
    assert ff1.decrypt(encrypted, bytes.fromhex(tweak)) == numerals


@pytest.mark.parametrize("length", [6, 9, 10, 13, 16, 19])
@pytest.mark.parametrize("tweak_length", [0, 6, 8])
def test_batched_path_equals_the_reference(length: int, tweak_length: int) -> None:
    rng = random.Random(length * 100 + tweak_length)
    key = bytes(rng.randrange(256) for _ in range(16))
    values = np.array([rng.randrange(10**length) for _ in range(40)], dtype=np.uint64)
    tweaks = np.array(
        [[rng.randrange(256) for _ in range(tweak_length)] for _ in range(40)], dtype=np.uint8
    ).reshape(40, tweak_length)
    encrypted = encrypt_decimal(key, values, length, tweaks)
    reference = FF1(key, 10)
    for value, tweak, got in zip(values, tweaks, encrypted, strict=True):
        digits = [int(c) for c in str(int(value)).zfill(length)]
        assert int(got) == int("".join(map(str, reference.encrypt(digits, tweak.tobytes()))))
    assert (decrypt_decimal(key, encrypted, length, tweaks) == values).all()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="16, 24 or 32 bytes"):
        FF1(b"short", 10)
    with pytest.raises(ValueError, match="at least 6 numerals"):
        FF1(bytes(16), 10).encrypt([1, 2, 3])
