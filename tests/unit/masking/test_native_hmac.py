"""tdm-native's batched HMAC-SHA256 against Python's hmac, on both of its compressions (the CPU's SHA
extensions and portable C), and its text encodings against the pure-Python `keyed_text`."""

from __future__ import annotations

import hmac
import os
import random
from collections.abc import Iterator

import pytest
import tdm_native
from tdm_agents.masking.transformers.base import python_digests
from tdm_agents.masking.transformers.encoding import ALPHABETS, _table, python_keyed_text

pytestmark = pytest.mark.skipif(not tdm_native.AVAILABLE, reason="tdm-native's extension is not built")

KEYS = [b"", b"k", bytes(range(32)), b"x" * 64, b"y" * 65, os.urandom(200)]


def _values() -> list[object]:
    rnd = random.Random(7)
    ranges = [(0x20, 0x7E), (0xA0, 0x7FF), (0x800, 0xD7FF), (0x1F300, 0x1F64F)]

    def text(size: int) -> str:
        return "".join(chr(rnd.randint(*rnd.choice(ranges))) for _ in range(size))

    # Every length around the one- and two-block padding edges (55/56/63/64 bytes), then random ones.
    edges: list[object] = ["a" * n for n in range(0, 200)]
    return [*edges, *(text(rnd.randint(0, 300)) for _ in range(2000)), "\ud800 lone", 12345, 1.5]


@pytest.fixture(params=["sha-extensions", "portable"])
def compression(request: pytest.FixtureRequest) -> Iterator[str]:
    tdm_native.use_portable(request.param == "portable")
    if tdm_native.implementation() != request.param:
        tdm_native.use_portable(False)
        pytest.skip("this CPU has no SHA extensions")
    yield request.param
    tdm_native.use_portable(False)


def test_the_extension_is_built_where_ci_requires_it() -> None:
    if os.environ.get("TDM_NATIVE_REQUIRED") == "1":
        assert tdm_native.AVAILABLE


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"key{len(k)}")
def test_digests_are_hmac_sha256(compression: str, key: bytes) -> None:
    values = _values()
    expected = [hmac.digest(key, str(v).encode("utf-8", "surrogatepass"), "sha256") for v in values]
    assert tdm_native.hmac_digests(key, values) == expected
    assert python_digests(key, [str(v) for v in values]) == expected


@pytest.mark.parametrize(
    ("alphabet", "length", "prefix", "suffix", "normalise"),
    [
        ("hex", 32, "", "", False),
        ("hex", 1, "", "", False),
        ("hex", 64, "cust_", "", False),
        ("hex", 65, "", "", False),  # a second digest
        ("hex", 128, "", "", False),
        ("base32", 16, "", "@example.com", True),
        ("base32", 8, "", "@bücher.de", True),  # a non-ASCII suffix
        ("alnum", 32, "ü-", "", False),
        ("alnum", 64, "", "", False),
        ("digits", 9, "", "", False),
        ("letters", 40, "", "", True),
    ],
)
def test_texts_match_the_python_encoding(
    compression: str, alphabet: str, length: int, prefix: str, suffix: str, normalise: bool
) -> None:
    values = [*_values(), "  Alice@Example.COM \t", "\x1cBOB\x1f", "\xa0Ünï\u2003", "ẞ", "İ"]
    table = None if alphabet == "hex" else _table(ALPHABETS[alphabet])
    key = bytes(range(32))
    got = tdm_native.hmac_texts(key, values, table, length, prefix, suffix, normalise)
    expected = python_keyed_text(
        key, values, ALPHABETS[alphabet], length, prefix=prefix, suffix=suffix, normalise=normalise
    )
    assert got == expected
    assert all(len(text) == len(prefix) + length + len(suffix) for text in got)


@pytest.mark.parametrize(
    ("table", "length", "message"),
    [
        (b"ab", 8, "256 bytes"),
        (None, 129, "between 0 and 128"),
        (bytes(256), 65, "between 0 and 64"),
        (None, -1, "between 0 and 128"),
    ],
)
def test_bad_arguments_are_refused(table: bytes | None, length: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tdm_native.hmac_texts(b"k", ["a"], table, length)


def test_a_value_whose_str_fails_raises_and_leaks_nothing() -> None:
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("no text")

    with pytest.raises(RuntimeError, match="no text"):
        tdm_native.hmac_texts(b"k", ["a", Broken()], None, 8)
    with pytest.raises(RuntimeError, match="no text"):
        tdm_native.hmac_digests(b"k", [Broken()])
