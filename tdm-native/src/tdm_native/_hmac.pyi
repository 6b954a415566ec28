from collections.abc import Iterable, Sequence

def hmac_digests(key: bytes, values: Iterable[object], /) -> list[bytes]: ...
def hmac_texts(
    key: bytes,
    values: Sequence[object],
    table: bytes | None,
    length: int,
    prefix: str = "",
    suffix: str = "",
    normalise: bool = False,
) -> list[str]: ...
def implementation() -> str: ...
def use_portable(flag: bool, /) -> None: ...
