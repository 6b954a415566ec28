"""mask.tokenize: a token per value, the original kept encrypted in the vault (reversible by an admin).

Tokens are derived from the masking key (the same value gets the same token in every table, run and
environment using that key), and the vault (`token_vault`, namespace per key) keeps the original
Fernet-encrypted so `POST /masking/detokenize` (admin only, audited) can give it back. Distinct values
always get distinct tokens: the vault refuses a token already taken and the next candidate is tried.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field
from tdm_agents.masking.transformers.base import (
    ColumnSpec,
    MaskContext,
    RuleError,
    Transformer,
    TransformerParams,
)
from tdm_agents.masking.transformers.encoding import ALPHABETS, keyed_text


class TokenizeParams(TransformerParams):
    prefix: str = Field(default="tok_", max_length=20, description="Text before every token.")
    length: int = Field(default=16, ge=8, le=64, description="Characters after the prefix (base62).")


def vault_namespace(ctx: MaskContext) -> str:
    return f"mask.tokenize:{ctx.key.key_id}"


class Tokenize(Transformer):
    name = "mask.tokenize"
    summary = "Replace with a token; the original is kept encrypted in the vault (detokenize: admins)."
    Params = TokenizeParams
    kinds = frozenset({"text", "other"})
    unique_safe = True

    def width(self, params: TokenizeParams, column: ColumnSpec) -> int:
        if column.max_length is None:
            return params.length
        return min(params.length, column.max_length - len(params.prefix))

    def check(self, params: TransformerParams, column: ColumnSpec) -> None:
        super().check(params, column)
        assert isinstance(params, TokenizeParams)
        if self.width(params, column) < 8:
            raise RuleError(
                f"{column.label} holds at most {column.max_length} characters: a token needs "
                f"{len(params.prefix) + 8} (shorten the prefix)"
            )

    def candidates(self, ctx: MaskContext, params: TokenizeParams, column: ColumnSpec) -> Any:
        """The token factory the vault calls: a keyed token first, then keyed alternatives."""
        key = ctx.keyed(self.name)
        width = self.width(params, column)
        attempts: dict[str, int] = {}

        def factory(value: str) -> str:
            attempt = attempts.get(value, 0)
            attempts[value] = attempt + 1
            seed = value if attempt == 0 else f"{value}\x00{attempt}"
            return params.prefix + keyed_text(key, [seed], ALPHABETS["alnum"], width)[0]

        return factory

    def mask(
        self, values: list[Any], params: TransformerParams, column: ColumnSpec, ctx: MaskContext
    ) -> list[Any]:
        assert isinstance(params, TokenizeParams)
        if ctx.tokenize is None:
            raise RuntimeError("mask.tokenize needs the token vault (the engine provides it)")
        texts = [str(v) for v in values]
        tokens = ctx.tokenize(vault_namespace(ctx), texts, self.candidates(ctx, params, column))
        return [tokens[t] for t in texts]


TRANSFORMER = Tokenize()
