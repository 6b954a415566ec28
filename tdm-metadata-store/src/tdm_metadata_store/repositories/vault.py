"""Token vault for reversible tokenization (mask type `tokenize`).

A value is found by its keyed hash (HMAC of namespace + value), never stored in clear: the original is
kept Fernet-encrypted for `detokenize`. The same value in the same namespace always gets the same token,
also when two workers tokenize it at the same moment (INSERT ... ON CONFLICT DO NOTHING, then re-read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session
from tdm_core.errors import ConflictError, InvalidInputError, NotFoundError

from tdm_metadata_store.crypto import SecretBox
from tdm_metadata_store.models import VaultToken

# A token factory gets the original value (so it may keep its shape) and returns a new random token.
TokenFactory = Callable[[str], str]
# Fresh tokens tried when a factory's token is already taken by another value.
_MAX_ATTEMPTS = 5
_CHUNK = 1000


class VaultRepository:
    def __init__(self, session: Session, box: SecretBox | None = None) -> None:
        self.session = session
        self._box = box

    @property
    def box(self) -> SecretBox:
        if self._box is None:
            self._box = SecretBox.from_settings()
        return self._box

    def _hash(self, namespace: str, value: str) -> str:
        # The namespace is part of the MAC input: equal values in two namespaces are not linkable.
        return self.box.keyed_hash(f"{namespace}\x00{value}")

    @staticmethod
    def _check_namespace(namespace: str) -> None:
        if not namespace or len(namespace) > 255:
            raise InvalidInputError("vault namespace must be 1 to 255 characters")

    def tokenize(self, namespace: str, value: str, token_factory: TokenFactory) -> str:
        """The token of `value` in `namespace`, created with `token_factory` the first time."""
        return self.tokenize_many(namespace, [value], token_factory)[value]

    def tokenize_many(
        self, namespace: str, values: Iterable[str], token_factory: TokenFactory
    ) -> dict[str, str]:
        """Tokens for many values with a few round trips per thousand (masking works per column)."""
        self._check_namespace(namespace)
        distinct = list(dict.fromkeys(values))
        result: dict[str, str] = {}
        for start in range(0, len(distinct), _CHUNK):
            result.update(self._tokenize_chunk(namespace, distinct[start : start + _CHUNK], token_factory))
        return result

    def _lookup(self, namespace: str, hashes: list[str]) -> dict[str, str]:
        rows = self.session.execute(
            select(VaultToken.value_hmac, VaultToken.token).where(
                VaultToken.namespace == namespace, VaultToken.value_hmac.in_(hashes)
            )
        )
        return {value_hmac: token for value_hmac, token in rows}

    def _tokenize_chunk(
        self, namespace: str, values: list[str], token_factory: TokenFactory
    ) -> dict[str, str]:
        hashes = {value: self._hash(namespace, value) for value in values}
        found = self._lookup(namespace, list(hashes.values()))
        pending = [value for value in values if hashes[value] not in found]
        for _attempt in range(_MAX_ATTEMPTS):
            if not pending:
                break
            rows: list[dict[str, Any]] = []
            for value in pending:
                token = token_factory(value)
                if not isinstance(token, str) or not token or len(token) > 255:
                    raise InvalidInputError(
                        "token factory must return a non-empty string of at most 255 characters"
                    )
                rows.append(
                    {
                        "namespace": namespace,
                        "token": token,
                        "value_hmac": hashes[value],
                        "value_encrypted": self.box.encrypt(value),
                    }
                )
            # DO NOTHING on either unique key: the value was tokenized meanwhile (keep theirs) or the
            # token is taken by another value (try a fresh token in the next round).
            self.session.execute(insert(VaultToken).on_conflict_do_nothing(), rows)
            found.update(self._lookup(namespace, [hashes[value] for value in pending]))
            pending = [value for value in pending if hashes[value] not in found]
        if pending:
            raise ConflictError(
                f"vault namespace {namespace!r}: the token factory kept producing tokens already in use "
                f"({len(pending)} values left without a token); use a factory with more randomness"
            )
        return {value: found[hashes[value]] for value in values}

    def detokenize(self, namespace: str, token: str) -> str:
        """The original value of a token; NotFoundError when the namespace has no such token."""
        encrypted = self.session.execute(
            select(VaultToken.value_encrypted).where(
                VaultToken.namespace == namespace, VaultToken.token == token
            )
        ).scalar_one_or_none()
        if encrypted is None:
            # The token is not secret, but echoing input back is pointless; the namespace helps debugging.
            raise NotFoundError(f"vault namespace {namespace!r} has no such token")
        return self.box.decrypt(encrypted)

    def detokenize_many(self, namespace: str, tokens: Iterable[str]) -> dict[str, str]:
        """Originals of the known tokens; unknown tokens are left out of the result."""
        wanted = list(dict.fromkeys(tokens))
        result: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            rows = self.session.execute(
                select(VaultToken.token, VaultToken.value_encrypted).where(
                    VaultToken.namespace == namespace, VaultToken.token.in_(wanted[start : start + _CHUNK])
                )
            )
            result.update({token: self.box.decrypt(encrypted) for token, encrypted in rows})
        return result
