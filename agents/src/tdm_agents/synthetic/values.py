"""Value providers of the default engine: what a column of a given meaning holds, drawn vectorised.

Faker is slow per value (tens of microseconds) but its values are realistic; numpy is fast but knows no
names. So each semantic type gets a *pool*: a few thousand values drawn once from Faker (seeded, in the
request's locale), and rows pick from the pool by index with numpy -- millions of rows per second, the
same rows for the same seed. A unique column cannot repeat a pool value: it gets the row's own number
as a suffix (`unique_text`), which no other row shares, and the value is cut to fit the column's length
before the suffix, never after (a cut suffix could collide).

Numbers and dates come from `sample_numeric`: the learned quantiles of a source (inverse-CDF sampling
between them) when there are some, else uniform within the column's bounds.
"""

from __future__ import annotations

import hashlib
import string
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from faker import Faker

POOL_SIZE = 4000
_ALPHABET36 = np.frombuffer((string.digits + string.ascii_uppercase).encode(), dtype=np.uint8)

Provider = Callable[[Faker], Any]

# Semantic type -> a Faker call giving one value (text). Numeric meanings (amount, quantity ...) are
# bounds in `NUMERIC_BOUNDS`, not providers.
PROVIDERS: dict[str, Provider] = {
    "email": lambda f: f.email(),
    "phone": lambda f: f.phone_number(),
    "person_name": lambda f: f.name(),
    "first_name": lambda f: f.first_name(),
    "last_name": lambda f: f.last_name(),
    "address": lambda f: f.street_address(),
    "city": lambda f: f.city(),
    "postal_code": lambda f: f.postcode(),
    "country": lambda f: f.country(),
    "country_code": lambda f: f.country_code(),
    "state": lambda f: f.state() if hasattr(f, "state") else f.city(),
    "ssn": lambda f: f.ssn(),
    "credit_card": lambda f: f.credit_card_number(),
    "iban": lambda f: f.iban(),
    "ip_address": lambda f: f.ipv4_public(),
    "username": lambda f: f.user_name(),
    "password": lambda f: f.sha256(),
    "company": lambda f: f.company(),
    "job_title": lambda f: f.job(),
    "url": lambda f: f.url(),
    "product_name": lambda f: f"{f.word().title()} {f.word()}",
    "description": lambda f: f.sentence(nb_words=8),
    "word": lambda f: f.word(),
    "status": lambda f: f.random_element(("active", "inactive", "pending", "closed", "suspended")),
    "currency_code": lambda f: f.currency_code(),
    "account_number": lambda f: f.bban(),
    "sku": lambda f: f.bothify("SKU-####-??").upper(),
    "msisdn": lambda f: f.numerify("4479########"),
    "imsi": lambda f: f.numerify("23415##########"),
    "iccid": lambda f: f.numerify("89441#############"),
    "color": lambda f: f.color_name(),
    "gender": lambda f: f.random_element(("F", "M", "X")),
}
# (low, high) of numeric meanings, used when nothing was learned and the column declares no bounds.
NUMERIC_BOUNDS: dict[str, tuple[float, float]] = {
    "amount": (1.0, 2000.0),
    "quantity": (1.0, 10.0),
    "percentage": (0.0, 100.0),
    "latitude": (-90.0, 90.0),
    "longitude": (-180.0, 180.0),
}
TEXT_FALLBACK = "word"


def stable_seed(*parts: object) -> int:
    """A 64-bit seed from any parts: the same parts give the same stream in every process."""
    digest = hashlib.blake2b("\x1f".join(str(p) for p in parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@lru_cache(maxsize=256)
def pool(semantic: str, locale: str, seed: int) -> pa.Array:
    """POOL_SIZE values of a semantic type (Arrow strings), the same for the same locale and seed."""
    provider = PROVIDERS.get(semantic) or PROVIDERS[TEXT_FALLBACK]
    fake = Faker(locale)
    fake.seed_instance(stable_seed("pool", semantic, locale, seed))
    return pa.array([str(provider(fake)) for _ in range(POOL_SIZE)], type=pa.string())


@lru_cache(maxsize=64)
def sentence_pool(locale: str, seed: int, words: int) -> pa.Array:
    fake = Faker(locale)
    fake.seed_instance(stable_seed("sentences", locale, seed, words))
    return pa.array([fake.sentence(nb_words=words) for _ in range(POOL_SIZE)], type=pa.string())


def pick(
    values: pa.Array, rng: np.random.Generator, size: int, weights: np.ndarray | None = None
) -> pa.Array:
    """`size` values drawn from `values` (uniform, or by weights)."""
    if len(values) == 0:
        raise ValueError("no values to pick from")
    if weights is None:
        index = rng.integers(0, len(values), size=size)
    else:
        index = np.searchsorted(np.cumsum(weights), rng.random(size) * float(np.sum(weights)), side="right")
        index = np.minimum(index, len(values) - 1)
    return values.take(pa.array(index))


def fit_length(values: pa.Array, max_length: int | None) -> pa.Array:
    """Cut strings to the column's length (characters)."""
    if max_length is None:
        return values
    return pc.utf8_slice_codeunits(values, 0, max_length)


def base36(index: np.ndarray, width: int) -> pa.Array:
    """Fixed-width base-36 codes of non-negative integers (distinct integers, distinct codes)."""
    digits = np.empty((len(index), width), dtype=np.uint8)
    rest = index.astype(np.uint64)
    for position in range(width - 1, -1, -1):
        digits[:, position] = _ALPHABET36[(rest % 36).astype(np.intp)]
        rest //= 36
    buffer = pa.py_buffer(digits.tobytes())
    offsets = pa.py_buffer((np.arange(len(index) + 1, dtype=np.int32) * width).tobytes())
    return pa.Array.from_buffers(pa.string(), len(index), [None, offsets, buffer])


def base36_width(count: int) -> int:
    width = 1
    while 36**width < count:
        width += 1
    return width


def unique_text(
    base: pa.Array, index: np.ndarray, *, total: int, max_length: int | None, separator: str = "-"
) -> pa.Array:
    """`base` values made distinct by the row number: "<base cut to fit><sep><code>"; e-mails keep
    their domain ("<local><sep><code>@domain"). Raises ValueError when the column is too short for a
    distinct code per row."""
    width = base36_width(max(total, 1))
    code = base36(index, width)
    suffix_length = width + len(separator)
    if max_length is not None and max_length < width:
        raise ValueError(f"{total} distinct values need {width} characters; the column holds {max_length}")
    if max_length is not None and max_length < suffix_length:
        return code
    # An e-mail keeps its domain after the code; other text is "<base><sep><code>".
    domain = pc.replace_substring_regex(base, pattern=r"^[^@]*", replacement="")
    local = pc.replace_substring_regex(base, pattern=r"@.*$", replacement="")
    if max_length is not None:
        room = max_length - suffix_length
        longest_domain = pc.max(pc.utf8_length(domain)).as_py() or 0
        if longest_domain + 1 > room:  # no room for a domain and one character before it
            domain = pc.utf8_slice_codeunits(domain, 0, 0)
            longest_domain = 0
        local = pc.utf8_slice_codeunits(local, 0, room - longest_domain)
    return pc.binary_join_element_wise(local, pa.scalar(separator), code, domain, "")


def inverse_cdf(u: np.ndarray, quantiles: list[float] | None, low: float, high: float) -> np.ndarray:
    """Uniform draws `u` in [0, 1) through the learned quantiles (piecewise-linear inverse CDF), else
    across [low, high]; always clipped to [low, high]."""
    if quantiles and len(quantiles) >= 2:
        points = np.asarray(quantiles, dtype=np.float64)
        position = u * (len(points) - 1)
        lower = np.floor(position).astype(np.intp)
        upper = np.minimum(lower + 1, len(points) - 1)
        values = points[lower] + (points[upper] - points[lower]) * (position - lower)
    else:
        values = low + u * (high - low)
    clipped: np.ndarray = np.clip(values, low, high)
    return clipped


def sample_numeric(
    rng: np.random.Generator,
    size: int,
    *,
    quantiles: list[float] | None,
    low: float,
    high: float,
) -> np.ndarray:
    """`size` random floats through `inverse_cdf`."""
    return inverse_cdf(rng.random(size), quantiles, low, high)
